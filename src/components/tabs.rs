use leptos::prelude::*;

/// One tab: its slug (as in the URL), label and link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tab {
    pub slug: &'static str,
    pub label: &'static str,
    /// A shorter label for phones (`None`: the label fits).
    pub short: Option<&'static str>,
    pub href: String,
}

/// A row of tabs whose selection lives in the URL (each tab is a link).
#[component]
pub fn TabBar(
    tabs: Vec<Tab>,
    /// The slug of the selected tab.
    #[prop(into)]
    current: Signal<String>,
) -> impl IntoView {
    view! {
        <nav class="tabs" role="tablist" aria-label="Sections">
            {tabs.into_iter().map(|t| {
                let slug = t.slug;
                view! {
                    <a role="tab" href=t.href data-test=format!("tab-{slug}")
                        aria-selected=move || (current.get() == slug).to_string()>
                        {match t.short {
                            Some(short) => view! { <span class="tab__long">{t.label}</span><span class="tab__short">{short}</span> }.into_any(),
                            None => t.label.into_any(),
                        }}
                    </a>
                }
            }).collect_view()}
        </nav>
    }
}
