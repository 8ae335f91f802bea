//! SSH keys (`#/i/{inst}/ssh-keys`): the organization's keys for private git repositories and
//! remote servers; generate a pair on the server or paste one, copy a public key, delete. A
//! private key is in the form only until it is saved: the list never holds it
//! ([`crate::registries`] has the rules and the markup).

use leptos::prelude::*;

use crate::api::{Client, SshKeyInput};
use crate::components::field::{text_field, Errors};
use crate::components::{ErrorToast, ErrorView};
use crate::model::KeyPair;
use crate::pages::live::{failure, on_success, run_once, use_client, use_list, use_write};
use crate::pages::service::backups::Removal;
use crate::pages::settings::{bind, delete_dialog, pem_field, settings_head, SettingsNav};
use crate::registries::{key_rows_html, SshKeyForm};
use crate::state::dom::clicked;
use crate::state::era::use_version;

#[component]
pub fn SshKeysPage(inst: String) -> impl IntoView {
    let client = use_client(&inst);
    let kick = RwSignal::new(0u32);
    let listed = use_list(client, kick, |c| async move { c.ssh_key_all().await });
    let form = RwSignal::new(SshKeyForm::default());
    let version = use_version(client);
    let save = use_write(
        client,
        |c: Client, (k, active): (SshKeyInput, bool)| async move {
            let organization_id = c.organization_id(active).await;
            c.ssh_key_create(&SshKeyInput {
                organization_id,
                ..k
            })
            .await
        },
    );
    let generate = use_write(client, |c: Client, kind: &'static str| async move {
        c.ssh_key_generate(kind).await
    });
    // A generated pair fills the form (the name and description stay as typed).
    Effect::new(move |_| {
        if let Some(Ok(KeyPair {
            private_key,
            public_key,
        })) = generate.value().get()
        {
            form.update(|f| {
                f.private_key = private_key;
                f.public_key = public_key;
            });
        }
    });
    let errors = Errors::new(Signal::derive(move || failure(save)));
    on_success(
        save,
        Callback::new(move |_| {
            form.set(SshKeyForm::default());
            kick.update(|k| *k += 1);
        }),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match form.get_untracked().input() {
            Err(errs) => errors.local.set(errs),
            Ok(k) => {
                errors.local.set(Vec::new());
                let active = version
                    .with_untracked(|v| v.as_ref().is_none_or(|v| v.has_active_organization()));
                run_once(save, (k, active));
            }
        }
    };
    let busy = Signal::derive(move || save.pending().get() || generate.pending().get());
    let copied = RwSignal::new(None::<(String, bool)>);
    let removing = RwSignal::new(None::<String>);
    let on_list = move |ev: leptos::ev::MouseEvent| {
        let Some((action, id)) = clicked(&ev) else {
            return;
        };
        match action.as_str() {
            "retry" => kick.update(|k| *k += 1),
            "copy" => {
                let key = listed.with_untracked(|l| match l {
                    Some(Ok(list)) => list
                        .iter()
                        .find(|k| k.ssh_key_id == id)
                        .map(|k| (k.name.clone(), k.public_key.clone())),
                    _ => None,
                });
                if let Some((name, key)) = key {
                    leptos::task::spawn_local(async move {
                        let ok = crate::components::copy_text(&key).await;
                        copied.try_set(Some((name, ok)));
                    });
                }
            }
            _ => removing.set(Some(id)),
        }
    };
    let rows = move || listed.with(|l| key_rows_html(l.as_ref(), js_sys::Date::now() as i64));
    let (name_get, name_set) = bind(form, |f| &mut f.name);
    let (desc_get, desc_set) = bind(form, |f| &mut f.description);
    view! {
        {settings_head(&inst, "SSH keys", "Keys the server uses to clone private git repositories and to reach remote servers.")}
        <SettingsNav inst=inst.clone() current="ssh-keys" />
        <section class="card" data-test="ssh-keys">
            <form class="settings-form" novalidate=true data-test="ssh-key-form" on:submit=submit>
                <h2>"Add an SSH key"</h2>
                <div class="form-grid">
                    {text_field("key-name", "name", "Name", "deploy-key", None, errors, name_get, name_set)}
                    {text_field("key-description", "description", "Description (optional)", "GitHub deploy key for shop", None, errors, desc_get, desc_set)}
                </div>
                <div class="row">
                    <span class="small muted">"Generate a pair on the server:"</span>
                    <button type="button" class="btn btn--small" data-test="generate-ed25519" disabled=move || busy.get()
                        on:click=move |_| run_once(generate, "ed25519")>"Ed25519"</button>
                    <button type="button" class="btn btn--small" data-test="generate-rsa" disabled=move || busy.get()
                        on:click=move |_| run_once(generate, "rsa")>"RSA"</button>
                </div>
                {pem_field("key-public", "publicKey", "Public key", "One line: add it to your git host or to the server's authorized_keys.", errors, form, |f| &mut f.public_key)}
                {pem_field("key-private", "privateKey", "Private key", "Stays on the server: Skiff never shows it again once saved.", errors, form, |f| &mut f.private_key)}
                {move || errors.other(&["name", "description", "publicKey", "privateKey"]).map(|e| view! { <ErrorView error=e /> })}
                <div class="row">
                    <button type="submit" class="btn btn--primary" data-test="save-ssh-key" disabled=move || busy.get()
                        aria-busy=move || save.pending().get().to_string()>"Add SSH key"</button>
                </div>
            </form>
            {move || copied.get().map(|(name, ok)| view! {
                <p class="small" role="status" data-test="copied">{if ok { format!("The public key of {name} is copied.") } else { format!("The browser did not allow copying the public key of {name}.") }}</p>
            })}
            <div class="u-mt-16" data-test="ssh-key-list" on:click=on_list inner_html=rows></div>
        </section>
        <ErrorToast error=Signal::derive(move || failure(generate)) />
        {delete_dialog(client, removing, move |id| {
            let k = listed.with_untracked(|l| match l {
                Some(Ok(list)) => list.iter().find(|k| k.ssh_key_id == id).cloned(),
                _ => None,
            })?;
            Some(Removal {
                title: format!("Delete the SSH key {}?", k.name),
                message: "Applications and servers that use it can no longer clone or connect with it.".to_string(),
                label: "Delete SSH key",
                word: k.name,
            })
        }, |c: Client, id: String| async move { c.ssh_key_remove(&id).await }, Callback::new(move |_| kick.update(|k| *k += 1)))}
    }
}
