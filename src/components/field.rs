//! Form fields of the backup, schedule and destination dialogs: a label, the input bound to a
//! form signal, a hint, and the field's error (Skiff's check before sending, else Dokploy's).

use leptos::prelude::*;

use crate::api::ApiError;
use crate::service_view::backups::FieldError;

/// Where a dialog's field errors come from: Skiff's own checks (`local`, by field id) and the
/// last failed save's (by Dokploy's field name).
#[derive(Clone, Copy)]
pub struct Errors {
    pub local: RwSignal<Vec<FieldError>>,
    pub server: Signal<Option<ApiError>>,
}

impl Errors {
    pub fn new(server: Signal<Option<ApiError>>) -> Self {
        Errors {
            local: RwSignal::new(Vec::new()),
            server,
        }
    }

    /// The error of field `id` (Dokploy calls it `wire`).
    pub fn of(&self, id: &str, wire: &str) -> Option<String> {
        self.local
            .with(|l| l.iter().find(|(f, _)| *f == id).map(|(_, m)| m.clone()))
            .or_else(|| self.server.get().and_then(|e| e.field_error(wire)))
    }

    /// The failed save's error when it names none of `wires` (shown under the form).
    pub fn other(&self, wires: &'static [&'static str]) -> Option<ApiError> {
        self.server
            .get()
            .filter(|e| wires.iter().all(|w| e.field_error(w).is_none()))
    }
}

/// A text input: `id` is also its `data-test`; `wire` is Dokploy's name for the field.
#[allow(clippy::too_many_arguments)]
pub fn text_field(
    id: &'static str,
    wire: &'static str,
    label: &'static str,
    placeholder: &'static str,
    hint: Option<&'static str>,
    errors: Errors,
    get: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + Send + Sync + 'static,
) -> AnyView {
    text_input(
        id,
        wire,
        label,
        placeholder,
        hint,
        errors,
        Signal::derive(get),
        Callback::new(set),
    )
}

/// [`text_field`] without its type parameters: one copy of the view for every field.
#[allow(clippy::too_many_arguments)]
fn text_input(
    id: &'static str,
    wire: &'static str,
    label: &'static str,
    placeholder: &'static str,
    hint: Option<&'static str>,
    errors: Errors,
    get: Signal<String>,
    set: Callback<String>,
) -> AnyView {
    let err = move || errors.of(id, wire);
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id class="input" data-test=id placeholder=placeholder autocomplete="off" spellcheck="false"
                aria-invalid=move || err().is_some().to_string()
                prop:value=get on:input=move |ev| set.run(event_target_value(&ev)) />
            {hint.map(|h| view! { <span class="field__hint">{h}</span> })}
            {move || err().map(|e| view! { <span class="field__error" data-test=format!("error-{id}")>{e}</span> })}
        </div>
    }
    .into_any()
}

/// A secret input (an S3 secret key): masked, with a Show button; never echoed in the page.
pub fn secret_field(
    id: &'static str,
    wire: &'static str,
    label: &'static str,
    errors: Errors,
    get: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + 'static,
) -> AnyView {
    let shown = RwSignal::new(false);
    let err = move || errors.of(id, wire);
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <div class="row row--nowrap">
                <input id=id class="input" data-test=id autocomplete="off" spellcheck="false"
                    type=move || if shown.get() { "text" } else { "password" }
                    aria-invalid=move || err().is_some().to_string()
                    prop:value=get on:input=move |ev| set(event_target_value(&ev)) />
                <button type="button" class="btn btn--small" aria-pressed=move || shown.get().to_string()
                    on:click=move |_| shown.update(|s| *s = !*s)>{move || if shown.get() { "Hide" } else { "Show" }}</button>
            </div>
            {move || err().map(|e| view! { <span class="field__error" data-test=format!("error-{id}")>{e}</span> })}
        </div>
    }
    .into_any()
}

/// A checkbox.
pub fn check_field(
    id: &'static str,
    label: &'static str,
    get: impl Fn() -> bool + Send + Sync + 'static,
    set: impl Fn(bool) + Send + Sync + 'static,
) -> AnyView {
    checkbox(id, label, Signal::derive(get), Callback::new(set))
}

fn checkbox(
    id: &'static str,
    label: &'static str,
    get: Signal<bool>,
    set: Callback<bool>,
) -> AnyView {
    view! {
        <label class="check">
            <input type="checkbox" data-test=id prop:checked=get
                on:change=move |ev| set.run(event_target_checked(&ev)) />
            {label}
        </label>
    }
    .into_any()
}

/// A select of (value, label) options.
#[allow(clippy::too_many_arguments)]
pub fn select_field(
    id: &'static str,
    wire: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    errors: Errors,
    get: impl Fn() -> String + Send + Sync + Copy + 'static,
    set: impl Fn(String) + Send + Sync + 'static,
) -> AnyView {
    select_input(
        id,
        wire,
        label,
        options,
        errors,
        Signal::derive(get),
        Callback::new(set),
    )
}

#[allow(clippy::too_many_arguments)]
fn select_input(
    id: &'static str,
    wire: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    errors: Errors,
    get: Signal<String>,
    set: Callback<String>,
) -> AnyView {
    let err = move || errors.of(id, wire);
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id class="input" data-test=id aria-invalid=move || err().is_some().to_string()
                on:change=move |ev| set.run(event_target_value(&ev))>
                {options.into_iter().map(|(v, l)| {
                    let sel = v.clone();
                    view! { <option value=v selected=move || get.with(|g| *g == sel)>{l}</option> }
                }).collect_view()}
            </select>
            {move || err().map(|e| view! { <span class="field__error" data-test=format!("error-{id}")>{e}</span> })}
        </div>
    }
    .into_any()
}

/// A filter's select, its label beside it: `options` (value, label); the chosen value is `get`,
/// a choice calls `set`. One function for every such select (one instantiation of its view).
pub fn inline_select(
    id: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    get: Signal<String>,
    set: Callback<String>,
) -> AnyView {
    view! {
        <label class="field field--inline" for=id>
            <span>{label}</span>
            <select id=id class="input" data-test=id prop:value=get on:change=move |ev| set.run(event_target_value(&ev))>
                {options.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
            </select>
        </label>
    }
    .into_any()
}

/// When something runs: presets (every hour, every day at, every week on) that write the cron
/// expression, the expression itself as free text, and what it means in words as you type,
/// with the zone it runs in.
#[allow(clippy::too_many_arguments)]
pub fn cron_field(
    id: &'static str,
    wire: &'static str,
    label: &'static str,
    zone: Signal<Option<String>>,
    errors: Errors,
    get: impl Fn() -> String + Send + Sync + Copy + 'static,
    set: impl Fn(String) + Send + Sync + Copy + 'static,
) -> AnyView {
    cron_input(
        id,
        wire,
        label,
        zone,
        errors,
        Signal::derive(get),
        Callback::new(set),
    )
}

#[allow(clippy::too_many_arguments)]
fn cron_input(
    id: &'static str,
    wire: &'static str,
    label: &'static str,
    zone: Signal<Option<String>>,
    errors: Errors,
    get: Signal<String>,
    set: Callback<String>,
) -> AnyView {
    use crate::service_view::backups::{cron_words, preset_expr, preset_of, Every, WEEKDAYS};
    let get = move || get.get();
    let set = move |v: String| set.run(v);
    let preset = Memo::new(move |_| preset_of(&get()));
    // What the text is; picking "Custom (cron)" keeps a preset's text to edit by hand.
    let every = RwSignal::new(preset.get_untracked().0);
    let apply = move |e: Every, time: String, day: u8| {
        every.set(e);
        if let Some(expr) = preset_expr(e, &time, day) {
            set(expr);
        }
    };
    let words = move || cron_words(&get(), zone.get().as_deref());
    let err = move || errors.of(id, wire);
    let shown_error = move || {
        err().or_else(|| {
            let t = get();
            (!t.trim().is_empty()).then(|| words().err()).flatten()
        })
    };
    view! {
        <div class="field cron">
            <span class="field__label">{label}</span>
            <div class="row cron__presets">
                <select class="input" aria-label="How often" data-test=format!("{id}-every") on:change=move |ev| {
                    let (_, time, day) = preset.get_untracked();
                    let e = match event_target_value(&ev).as_str() { "hour" => Every::Hour, "day" => Every::Day, "week" => Every::Week, _ => Every::Custom };
                    if e == Every::Custom { every.set(e) } else { apply(e, time, day) }
                }>
                    <option value="hour" selected=move || every.get() == Every::Hour>"Every hour"</option>
                    <option value="day" selected=move || every.get() == Every::Day>"Every day at"</option>
                    <option value="week" selected=move || every.get() == Every::Week>"Every week on"</option>
                    <option value="custom" selected=move || every.get() == Every::Custom>"Custom (cron)"</option>
                </select>
                {move || (every.get() == Every::Week).then(|| view! {
                    <select class="input" aria-label="Weekday" data-test=format!("{id}-day") on:change=move |ev| {
                        let (_, time, _) = preset.get_untracked();
                        apply(Every::Week, time, event_target_value(&ev).parse().unwrap_or(0));
                    }>
                        {WEEKDAYS.iter().enumerate().map(|(i, d)| view! {
                            <option value=i.to_string() selected=move || preset.get().2 as usize == i>{*d}</option>
                        }).collect_view()}
                    </select>
                })}
                {move || matches!(every.get(), Every::Day | Every::Week).then(|| view! {
                    <input type="time" class="input cron__time" aria-label="Time" data-test=format!("{id}-time")
                        prop:value=move || preset.get().1
                        on:change=move |ev| { let (_, _, day) = preset.get_untracked(); apply(every.get_untracked(), event_target_value(&ev), day); } />
                })}
            </div>
            <input id=id class="input input--mono" data-test=id placeholder="0 3 * * *" autocomplete="off" spellcheck="false"
                aria-label=format!("{label} (cron expression)")
                aria-invalid=move || shown_error().is_some().to_string()
                prop:value=get on:input=move |ev| {
                    let v = event_target_value(&ev);
                    every.set(preset_of(&v).0);
                    set(v);
                } />
            {move || match (shown_error(), words()) {
                (Some(e), _) => view! { <span class="field__error" data-test=format!("error-{id}")>{e}</span> }.into_any(),
                (None, Ok(w)) => view! { <span class="field__hint" data-test=format!("{id}-words")>{w}</span> }.into_any(),
                (None, Err(_)) => ().into_any(),
            }}
        </div>
    }
    .into_any()
}
