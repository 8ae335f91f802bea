//! Bad input (issue 8): forms check what they can before sending (nothing reaches the server),
//! and when the server still disagrees its field errors show on the fields, with what was typed
//! kept. Uses the sandbox's `invalid=FIELD` fault (a 400 with a zod error on FIELD).

mod common;

use std::time::Duration;

use common::*;

/// How many times `procedure` reached the sandbox.
#[tokio::test]
async fn forms_check_before_sending_and_show_server_field_errors() {
    let sandbox = Sandbox::start().await;
    let b = Browser::start().await;
    let inst = b.connect(&sandbox).await;

    // A project without a name is not sent.
    b.click("[data-test=new-project]").await;
    b.type_text("#project-name", "   ").await;
    b.click("[data-test=create-project]").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        sandbox.calls("project.create").await,
        0,
        "a blank name is not sent"
    );
    // The server's field error lands on the name field; the name stays.
    sandbox.set_faults("project.create:invalid=name").await;
    b.type_text("#project-name", "  fresh-project  ").await;
    b.click("[data-test=create-project]").await;
    b.wait_for(".field__error").await;
    assert_eq!(sandbox.calls("project.create").await, 1);
    let near_name = b
        .js(
            "const f = document.querySelector('#project-name').closest('.field'); \
             return f && f.querySelector('.field__error') ? f.querySelector('.field__error').innerText : '';",
            vec![],
        )
        .await;
    assert!(
        near_name.as_str().is_some_and(|t| !t.is_empty()),
        "the server's error is on the name field: {near_name}"
    );
    assert_eq!(b.value("#project-name").await.trim(), "fresh-project");
    sandbox.set_faults("").await;
    b.click("[data-test=create-project]").await;
    b.wait_for_text("[data-test=project-card] .card__title", "fresh-project")
        .await;
    let created = sandbox.projects().await;
    assert!(
        created.iter().any(|p| p["name"] == "fresh-project"),
        "sent trimmed"
    );

    // A domain with a host that is not one is not sent; the server's host error shows on host.
    let web = sandbox.service("checkout-api").await;
    b.go(&format!("#/i/{inst}/application/{}/domains", web.id))
        .await;
    b.click("[data-test=add-domain]").await;
    b.type_text("[data-test=field-host]", "not a host!").await;
    b.click("[data-test=save-domain]").await;
    b.wait_for("[data-test=error-host]").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        sandbox.calls("domain.create").await,
        0,
        "a bad host is not sent"
    );
    b.type_text("[data-test=field-port]", "99999").await;
    b.type_text("[data-test=field-host]", "ok.example.com")
        .await;
    b.click("[data-test=save-domain]").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        sandbox.calls("domain.create").await,
        0,
        "a bad port is not sent"
    );
    b.type_text("[data-test=field-port]", "8080").await;
    sandbox.set_faults("domain.create:invalid=host").await;
    b.click("[data-test=save-domain]").await;
    b.wait_for("[data-test=error-host]").await;
    assert_eq!(sandbox.calls("domain.create").await, 1);
    assert_eq!(b.value("[data-test=field-host]").await, "ok.example.com");
    sandbox.set_faults("").await;

    // An env variable whose name has a space is not sent.
    b.go(&format!("#/i/{inst}/application/{}/environment", web.id))
        .await;
    b.wait_for("[data-test=env-row]").await;
    b.click("[data-test=env-add]").await;
    b.type_text(
        "[data-test=env-row]:last-of-type [data-test=env-key]",
        "BAD NAME",
    )
    .await;
    b.type_text(
        "[data-test=env-row]:last-of-type [data-test=env-value]",
        "x",
    )
    .await;
    b.click("[data-test=env-save]").await;
    b.wait_for_text(".alert--error", "space").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        sandbox.calls("application.saveEnvironment").await,
        0,
        "a bad name is not sent"
    );

    // Pasted keys and URLs are trimmed on the Connect page (a fresh browser).
    let b2 = Browser::start().await;
    submit_connect(
        &b2,
        &sandbox.url,
        &format!("  {}/  ", sandbox.url),
        &format!("  {}  ", sandbox.key),
    )
    .await;
    b2.wait_for_fragment("#/i/").await;
    b2.wait_for("[data-test=project-list]").await;
    let saved = b2
        .js(
            "return Object.keys(localStorage).filter(k => k.startsWith('skiff.key.')).map(k => localStorage.getItem(k));",
            vec![],
        )
        .await;
    assert_eq!(saved, json!([sandbox.key]), "the key is stored trimmed");
    b2.close().await;
    b.close().await;
}
