//! The table of figures folded behind a plot (activity, deployments, monitoring), for screen
//! readers and those who would rather read. One table of text for every plot: each plot
//! drawing its own typed rows linked a copy of the table's view code per plot.

use leptos::prelude::*;

/// "Figures": a folded table with the columns `heads` and the `rows` of text under them.
pub fn figures_table(heads: Vec<&'static str>, rows: Vec<Vec<String>>) -> impl IntoView {
    view! {
        <details>
            <summary class="small">"Figures"</summary>
            <table class="table small">
                <thead><tr>{heads.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {rows.into_iter().map(|row| view! {
                        <tr>{row.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    }
}
