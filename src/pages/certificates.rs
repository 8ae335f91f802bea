//! Certificates (`#/i/{inst}/certificates`): the organization's own TLS certificates, each
//! with its domains and when it expires (flagged within 30 days); add (both PEMs checked
//! before sending) and delete. A private key is never shown again once saved
//! ([`crate::certificates`] has the rules and the markup).

use leptos::prelude::*;

use crate::api::{CertificateInput, Client};
use crate::certificates::{rows_html, CertificateForm};
use crate::components::field::{text_field, Errors};
use crate::components::ErrorView;
use crate::pages::live::{failure, on_success, run_once, use_client, use_list, use_write};
use crate::pages::service::backups::Removal;
use crate::pages::settings::{bind, delete_dialog, pem_field, settings_head, SettingsNav};
use crate::state::dom::clicked;
use crate::state::era::use_version;

#[component]
pub fn CertificatesPage(inst: String) -> impl IntoView {
    let client = use_client(&inst);
    let version = use_version(client);
    let kick = RwSignal::new(0u32);
    let listed = use_list(client, kick, |c| async move { c.certificate_all().await });
    let form = RwSignal::new(CertificateForm::default());
    let save = use_write(
        client,
        |c: Client, (k, active): (CertificateInput, bool)| async move {
            let organization_id = c.organization_id(active).await;
            c.certificate_create(&CertificateInput {
                organization_id,
                ..k
            })
            .await
        },
    );
    let errors = Errors::new(Signal::derive(move || failure(save)));
    on_success(
        save,
        Callback::new(move |_| {
            form.set(CertificateForm::default());
            kick.update(|k| *k += 1);
        }),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match form.get_untracked().input() {
            Err(errs) => errors.local.set(errs),
            Ok(c) => {
                errors.local.set(Vec::new());
                let active = version
                    .with_untracked(|v| v.as_ref().is_none_or(|v| v.has_active_organization()));
                run_once(save, (c, active));
            }
        }
    };
    let removing = RwSignal::new(None::<String>);
    let on_list = move |ev: leptos::ev::MouseEvent| match clicked(&ev) {
        Some((action, _)) if action == "retry" => kick.update(|k| *k += 1),
        Some((_, id)) => removing.set(Some(id)),
        None => {}
    };
    let rows = move || listed.with(|l| rows_html(l.as_ref(), js_sys::Date::now() as i64));
    let (name_get, name_set) = bind(form, |f| &mut f.name);
    view! {
        {settings_head(&inst, "Certificates", "Certificates of your own for Traefik to serve (domains get Let's Encrypt certificates by themselves).")}
        <SettingsNav inst=inst.clone() current="certificates" />
        <section class="card" data-test="certificates">
            <form class="settings-form" novalidate=true data-test="certificate-form" on:submit=submit>
                <h2>"Add a certificate"</h2>
                <div class="form-grid">
                    {text_field("cert-name", "name", "Name", "wildcard-example-com", None, errors, name_get, name_set)}
                </div>
                {pem_field("cert-data", "certificateData", "Certificate (PEM)", "The certificate, then its chain.", errors, form, |f| &mut f.certificate)}
                {pem_field("cert-key", "privateKey", "Private key (PEM)", "Stays on the server: Skiff never shows it again once saved.", errors, form, |f| &mut f.private_key)}
                {move || errors.other(&["name", "certificateData", "privateKey"]).map(|e| view! { <ErrorView error=e /> })}
                <div class="row">
                    <button type="submit" class="btn btn--primary" data-test="save-certificate" disabled=move || save.pending().get()
                        aria-busy=move || save.pending().get().to_string()>"Add certificate"</button>
                </div>
            </form>
            <div class="u-mt-16" data-test="certificate-list" on:click=on_list inner_html=rows></div>
        </section>
        {delete_dialog(client, removing, move |id| {
            let c = listed.with_untracked(|l| match l {
                Some(Ok(list)) => list.iter().find(|c| c.certificate_id == id).cloned(),
                _ => None,
            })?;
            Some(Removal {
                title: format!("Delete the certificate {}?", c.name),
                message: "Traefik stops serving it: its domains get Let's Encrypt certificates again, or none.".to_string(),
                label: "Delete certificate",
                word: c.name,
            })
        }, |c: Client, id: String| async move { c.certificate_remove(&id).await }, Callback::new(move |_| kick.update(|k| *k += 1)))}
    }
}
