use leptos::prelude::*;

/// A confirmation for a destructive action. With `type_to_confirm`, the button stays disabled
/// until that exact text is typed (the name of what will be deleted; empty: nothing to type).
#[component]
pub fn ConfirmDialog(
    #[prop(into)] title: String,
    /// What will happen, in plain words.
    #[prop(into)]
    message: String,
    /// Label of the destructive button, e.g. "Delete project".
    #[prop(into)]
    confirm_label: String,
    /// Text the user must type to enable the button.
    #[prop(optional, into)]
    type_to_confirm: Option<String>,
    /// Shows the button busy and disabled while the action runs.
    #[prop(into)]
    pending: Signal<bool>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
    /// Not destructive (a bulk deploy): the button is the primary one.
    #[prop(optional)]
    safe: bool,
    /// Shown under the message (the services a bulk action goes to).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    // Empty: nothing to type.
    let type_to_confirm = type_to_confirm.filter(|w| !w.is_empty());
    let expected = type_to_confirm.clone();
    let ready = move || match &expected {
        Some(want) => typed.with(|t| t.trim() == want),
        None => true,
    };
    view! {
        <div class="dialog-backdrop" on:click=move |_| on_cancel.run(())>
            <div class="dialog" role="dialog" aria-modal="true" on:click=|ev| ev.stop_propagation()>
                <h2>{title}</h2>
                <p>{message}</p>
                {children.map(|c| c())}
                {type_to_confirm.clone().map(|want| view! {
                    <div class="field">
                        <label for="confirm-input">"Type " <code>{want.clone()}</code> " to confirm"</label>
                        <input id="confirm-input" class="input" autocomplete="off" data-test="confirm-input"
                            prop:value=move || typed.get()
                            on:input=move |ev| typed.set(event_target_value(&ev)) />
                    </div>
                })}
                <div class="dialog__actions">
                    <button data-free class="btn" on:click=move |_| on_cancel.run(())>"Cancel"</button>
                    <button class=if safe { "btn btn--primary" } else { "btn btn--danger-solid" } data-test="confirm-button"
                        disabled=move || !ready() || pending.get()
                        aria-busy=move || pending.get().to_string()
                        on:click=move |_| on_confirm.run(())>{confirm_label}</button>
                </div>
            </div>
        </div>
    }
}
