//! localStorage and sessionStorage, never panicking: a browser that refuses storage
//! (private mode, quota, disabled) makes reads empty and writes report an error.

use web_sys::Storage;

/// Which of the browser's stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    Local,
    Session,
}

fn area(a: Area) -> Option<Storage> {
    let window = web_sys::window()?;
    match a {
        Area::Local => window.local_storage().ok().flatten(),
        Area::Session => window.session_storage().ok().flatten(),
    }
}

pub fn get(a: Area, key: &str) -> Option<String> {
    area(a)?.get_item(key).ok().flatten()
}

pub fn set(a: Area, key: &str, value: &str) -> Result<(), String> {
    area(a)
        .ok_or_else(|| "This browser does not allow Skiff to store anything.".to_string())?
        .set_item(key, value)
        .map_err(|_| "The browser refused to store this (storage full or disabled).".to_string())
}

pub fn remove(a: Area, key: &str) {
    if let Some(s) = area(a) {
        let _ = s.remove_item(key);
    }
}
