//! When Skiff itself has a bug (a Rust panic), the wasm stops for good (release builds abort).
//! Instead of a page that silently stops answering, this hook logs the panic to the browser
//! console and puts a plain message on top of the page with a Reload button. Saved instances
//! and keys live in browser storage, so a reload loses nothing that was saved. The message shows
//! no panic details (they could quote data); those go to the console only.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(s: &str);
}

/// Installs the hook; call once, first thing.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error(&format!("Skiff panicked: {info}"));
        show_banner();
    }));
}

fn show_banner() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else {
        return;
    };
    if doc.get_element_by_id("skiff-crash").is_some() {
        return;
    }
    let (Ok(backdrop), Ok(dialog), Ok(banner)) = (
        doc.create_element("div"),
        doc.create_element("div"),
        doc.create_element("div"),
    ) else {
        return;
    };
    backdrop.set_id("skiff-crash");
    backdrop.set_class_name("dialog-backdrop");
    let _ = backdrop.set_attribute("data-test", "crash");
    dialog.set_class_name("dialog");
    let _ = dialog.set_attribute("role", "alertdialog");
    let _ = dialog.set_attribute("aria-modal", "true");
    banner.set_class_name("alert alert--error");
    if let Ok(title) = doc.create_element("div") {
        title.set_class_name("alert__title");
        title.set_text_content(Some("Skiff stopped because of an internal error."));
        let _ = banner.append_child(&title);
    }
    if let Ok(text) = doc.create_element("div") {
        text.set_text_content(Some(
            "Reload the page to continue: your saved instances and keys are kept. \
             Anything typed but not saved on this page is lost. Please report the bug \
             with the message from the browser console.",
        ));
        let _ = banner.append_child(&text);
    }
    if let Ok(button) = doc.create_element("button") {
        button.set_class_name("btn btn--primary");
        button.set_text_content(Some("Reload"));
        let reload = Closure::<dyn Fn()>::new(|| {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        let _ = button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
        reload.forget();
        let _ = banner.append_child(&button);
    }
    let _ = dialog.append_child(&banner);
    let _ = backdrop.append_child(&dialog);
    let _ = body.append_child(&backdrop);
}
