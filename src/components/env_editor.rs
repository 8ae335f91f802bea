use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;

use crate::pages::live::effect;

use crate::pages::live::use_act;

use super::ErrorView;
use crate::api::ApiError;
use crate::service_view::env::{duplicates, looks_secret, parse, serialize, EnvLine};

/// Saves an env text; the editor keeps the draft when it fails.
pub type SaveEnv = Rc<dyn Fn(String) -> Pin<Box<dyn Future<Output = Result<(), ApiError>>>>>;

/// One line of the editor. Its signals are reference-counted (`ArcRwSignal`), not owned by
/// whichever effect or handler created them: rows are made when data loads, and must outlive
/// that effect's next run.
#[derive(Clone)]
struct Row {
    id: u64,
    key: ArcRwSignal<String>,
    value: ArcRwSignal<String>,
    revealed: ArcRwSignal<bool>,
    /// A comment or other non-variable line, kept as it was.
    other: Option<String>,
}

impl Row {
    fn line(&self) -> Option<EnvLine> {
        match &self.other {
            Some(o) => Some(EnvLine::Other(o.clone())),
            None => {
                let key = self.key.get();
                let value = self.value.get();
                if key.trim().is_empty() && value.is_empty() {
                    None
                } else {
                    Some(EnvLine::Var { key, value })
                }
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Rows,
    Text,
}

/// Edits `KEY=value` variables as rows (values of secret-looking names masked until revealed)
/// or as text. Edits survive refreshes of `value`; saving reports success or keeps the draft.
#[component]
pub fn EnvEditor(
    /// The saved text on the server; `None` while loading.
    #[prop(into)]
    value: Signal<Option<String>>,
    save: SaveEnv,
    /// Called after a successful save (e.g. to refresh).
    #[prop(optional)]
    on_saved: Option<Callback<()>>,
    /// What these variables are for, under the heading.
    #[prop(optional, into)]
    hint: Option<String>,
    #[prop(into)] title: String,
    /// Prefix of the data-test attributes.
    #[prop(optional, into)]
    test: Option<String>,
) -> impl IntoView {
    let test = test.unwrap_or_else(|| "env".into());
    let rows = RwSignal::new(Vec::<Row>::new());
    let next_id = StoredValue::new(0u64);
    let base = RwSignal::new(None::<String>);
    let mode = RwSignal::new(Mode::Rows);
    let text = RwSignal::new(String::new());
    let reveal_all = RwSignal::new(false);
    let local_error = RwSignal::new(None::<String>);
    let saved_note = RwSignal::new(false);

    let make_row = move |line: EnvLine| {
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        match line {
            EnvLine::Var { key, value } => Row {
                id,
                key: ArcRwSignal::new(key),
                value: ArcRwSignal::new(value),
                revealed: ArcRwSignal::new(false),
                other: None,
            },
            EnvLine::Other(o) => Row {
                id,
                key: ArcRwSignal::new(String::new()),
                value: ArcRwSignal::new(String::new()),
                revealed: ArcRwSignal::new(false),
                other: Some(o),
            },
        }
    };
    let set_rows_from = move |t: &str| {
        rows.set(parse(t).into_iter().map(make_row).collect());
    };
    let current = move || -> String {
        match mode.get() {
            Mode::Text => text.get(),
            Mode::Rows => {
                let lines: Vec<EnvLine> = rows.with(|r| r.iter().filter_map(Row::line).collect());
                serialize(&lines)
            }
        }
    };
    let dirty = Memo::new(move |_| match base.get() {
        Some(b) => current() != b,
        None => false,
    });
    let load = move |t: String| {
        set_rows_from(&t);
        text.set(t.clone());
        base.set(Some(t));
        local_error.set(None);
    };
    effect(move || {
        if let Some(v) = value.get() {
            let same = base.with_untracked(|b| b.as_deref() == Some(v.as_str()));
            if !same && !dirty.get_untracked() {
                load(v);
            }
        }
    });
    let stale = Memo::new(move |_| dirty.get() && value.with(|v| v.is_some() && *v != base.get()));

    let action = use_act(move |t: &String| (save)(t.clone()));
    let pending = action.pending();
    // What the last save sent: it becomes the base once the server confirms.
    let sent = StoredValue::new(None::<String>);
    effect(move || {
        if let Some(Ok(())) = action.value().get() {
            if let Some(t) = sent.get_value() {
                base.set(Some(t));
            }
            saved_note.set(true);
            if let Some(cb) = on_saved {
                cb.run(());
            }
        }
    });
    let submit = move |_| {
        if pending.get_untracked() {
            return;
        }
        saved_note.set(false);
        if mode.get_untracked() == Mode::Rows {
            let problem = rows.with_untracked(|r| {
                r.iter().filter(|r| r.other.is_none()).find_map(|r| {
                    let k = r.key.get_untracked();
                    let k = k.trim();
                    let k = k.strip_prefix("export ").unwrap_or(k);
                    if k.is_empty() && !r.value.get_untracked().is_empty() {
                        Some("A variable has a value but no name.".to_string())
                    } else if k.contains(char::is_whitespace) {
                        Some(format!("\"{k}\" has a space in its name."))
                    } else {
                        None
                    }
                })
            });
            if let Some(p) = problem {
                local_error.set(Some(p));
                return;
            }
        }
        local_error.set(None);
        let t = current();
        sent.set_value(Some(t.clone()));
        action.dispatch(t);
    };

    let to_text = move |_| {
        text.set(current());
        mode.set(Mode::Text);
    };
    let to_rows = move |_| {
        let t = text.get_untracked();
        set_rows_from(&t);
        mode.set(Mode::Rows);
    };
    let add_row = move |_| {
        let row = make_row(EnvLine::Var {
            key: String::new(),
            value: String::new(),
        });
        rows.update(|r| r.push(row));
    };
    let discard = move |_| {
        if let Some(v) = value.get_untracked() {
            base.set(None);
            load(v);
        }
        saved_note.set(false);
    };
    let dups = Memo::new(move |_| {
        let lines: Vec<EnvLine> = match mode.get() {
            Mode::Text => parse(&text.get()),
            Mode::Rows => rows.with(|r| r.iter().filter_map(Row::line).collect()),
        };
        duplicates(&lines)
    });
    let var_count = Memo::new(move |_| {
        rows.with(|r| {
            r.iter()
                .filter(|r| r.other.is_none() && !r.key.get().trim().is_empty())
                .count()
        })
    });
    let t1 = test.clone();
    let t2 = test.clone();
    let t0 = test.clone();

    view! {
        <section class="card env-editor" data-test=t0>
            <div class="row row--between">
                <div>
                    <h2 class="card__heading">{title}</h2>
                    {hint.map(|h| view! { <p class="small muted">{h}</p> })}
                </div>
                <div class="row">
                    {move || (mode.get() == Mode::Rows).then(|| view! {
                        <button data-free class="btn btn--small btn--ghost" aria-pressed=move || reveal_all.get().to_string()
                            data-test=format!("{t1}-reveal-all")
                            on:click=move |_| reveal_all.update(|r| *r = !*r)>
                            {move || if reveal_all.get() { "Hide secrets" } else { "Reveal all" }}
                        </button>
                    })}
                    {move || match mode.get() {
                        Mode::Rows => view! { <button data-free class="btn btn--small" data-test=format!("{t2}-text-mode") on:click=to_text>"Edit as text"</button> }.into_any(),
                        Mode::Text => view! { <button data-free class="btn btn--small" on:click=to_rows>"Edit as rows"</button> }.into_any(),
                    }}
                </div>
            </div>
            {move || stale.get().then(|| view! {
                <div class="alert alert--warn" role="status">
                    <div class="alert__title">"Changed on the server while you were editing"</div>
                    <div>"Saving replaces the server's variables with yours. "
                        <button data-free class="btn btn--small" on:click=discard>"Discard my changes"</button></div>
                </div>
            })}
            {move || match (value.with(Option::is_none), mode.get()) {
                (true, _) => view! { <div class="spinner-line">"Loading variables…"</div> }.into_any(),
                (false, Mode::Text) => view! {
                    <p class="small muted">"Text mode shows every value, secrets included. One KEY=value per line; lines starting with # are comments."</p>
                    <label class="sr-only" for=format!("{}-text", test.clone())>"Variables as text"</label>
                    <textarea class="input env-editor__text" id=format!("{}-text", test.clone()) spellcheck="false" autocomplete="off"
                        data-test=format!("{}-text", test.clone())
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                }.into_any(),
                (false, Mode::Rows) => {
                    let test = test.clone();
                    view! {
                        <div class="env-rows" role="list">
                            <For each=move || rows.get() key=|r| r.id children=move |r: Row| {
                                let test = test.clone();
                                match r.other.clone() {
                                    Some(o) => view! { <div class="env-row env-row--other" role="listitem"><code>{o}</code></div> }.into_any(),
                                    None => {
                                        let Row { key, value, revealed, id, .. } = r;
                                        // Arena handles for this row's view (disposed with it).
                                        let key = RwSignal::from(key);
                                        let value = RwSignal::from(value);
                                        let revealed = RwSignal::from(revealed);
                                        let secret = move || looks_secret(&key.get(), &value.get());
                                        let masked = move || secret() && !revealed.get() && !reveal_all.get();
                                        let key_id = format!("env-key-{id}");
                                        view! {
                                            <div class="env-row" role="listitem" data-test=format!("{test}-row")>
                                                <label class="sr-only" for=key_id.clone()>"Name"</label>
                                                <input id=key_id class="input env-row__key" placeholder="NAME" spellcheck="false" autocomplete="off"
                                                    data-test=format!("{test}-key")
                                                    prop:value=move || key.get() on:input=move |ev| key.set(event_target_value(&ev)) />
                                                <input class="input env-row__value" placeholder="value" spellcheck="false"
                                                    autocomplete="new-password" aria-label=move || format!("Value of {}", key.get().trim())
                                                    data-test=format!("{test}-value")
                                                    data-masked=move || masked().to_string()
                                                    type=move || if masked() { "password" } else { "text" }
                                                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
                                                <div class="env-row__actions">
                                                    {move || secret().then(|| view! {
                                                        <button data-free class="btn btn--small btn--ghost" aria-pressed=move || revealed.get().to_string()
                                                            data-test="env-reveal" title="Show or hide this value"
                                                            on:click=move |_| revealed.update(|v| *v = !*v)>
                                                            {move || if masked() { "Show" } else { "Hide" }}
                                                        </button>
                                                    })}
                                                    <button data-free class="btn btn--small btn--ghost btn--danger" title="Remove this variable"
                                                        aria-label=move || format!("Remove {}", key.get().trim())
                                                        on:click=move |_| rows.update(|rs| rs.retain(|x| x.id != id))>"Remove"</button>
                                                </div>
                                            </div>
                                        }.into_any()
                                    }
                                }
                            } />
                        </div>
                        {move || (var_count.get() == 0).then(|| view! { <p class="small muted env-editor__empty">"No variables yet."</p> })}
                    }.into_any()
                }
            }}
            {move || (!dups.get().is_empty()).then(|| view! {
                <div class="alert alert--warn small">{format!("Defined more than once (the last one wins): {}", dups.get().join(", "))}</div>
            })}
            {move || local_error.get().map(|e| view! { <div class="alert alert--error small" role="alert">{e}</div> })}
            {move || action.value().get().and_then(Result::err).map(|e| view! { <ErrorView error=e /> })}
            <div class="row env-editor__actions">
                {move || (mode.get() == Mode::Rows).then(|| view! {
                    <button data-free class="btn btn--small" data-test="env-add" on:click=add_row>"+ Add variable"</button>
                })}
                <span class="spacer"></span>
                {move || (saved_note.get() && !dirty.get()).then(|| view! {
                    <span class="small env-editor__saved" role="status" data-test="env-saved">"Saved. Redeploy to apply."</span>
                })}
                {move || dirty.get().then(|| view! {
                    <button data-free class="btn btn--small btn--ghost" on:click=discard>"Discard"</button>
                })}
                <button class="btn btn--primary" data-test="env-save" disabled=move || pending.get() || !dirty.get()
                    aria-busy=move || pending.get().to_string() on:click=submit>"Save"</button>
            </div>
        </section>
    }
}
