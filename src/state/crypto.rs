//! Keys locked with a passphrase: AES-256-GCM through the browser's WebCrypto, the AES key
//! derived from the passphrase with PBKDF2-SHA-256 ([`ITERATIONS`] rounds), a random salt and IV
//! per lock (`crypto.getRandomValues`).
//!
//! What is stored (localStorage, under `session::locked_slot(id)`) is the JSON [`Sealed`]
//! `{v, iter, salt, iv, data}` with base64 fields. The instance id is bound as AES-GCM
//! additional data, so a sealed key copied to another instance's slot does not open.
//! The envelope and base64 are pure and host-tested; encryption is wasm-only.

use serde::{Deserialize, Serialize};

/// PBKDF2 rounds for new locks (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).
pub const ITERATIONS: u32 = 600_000;
/// Fewer rounds than this are refused when opening (a tampered envelope).
pub const MIN_ITERATIONS: u32 = 600_000;
const _: () = assert!(ITERATIONS >= MIN_ITERATIONS);
/// Shortest passphrase accepted when locking.
pub const MIN_PASSPHRASE: usize = 8;

/// The stored form of a locked key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    /// Format version (1).
    pub v: u32,
    /// PBKDF2 iterations.
    pub iter: u32,
    pub salt: String,
    pub iv: String,
    /// Ciphertext with the GCM tag.
    pub data: String,
}

impl Sealed {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a stored envelope, checking what can be checked without the passphrase.
    pub fn parse(text: &str) -> Result<Sealed, String> {
        let s: Sealed = serde_json::from_str(text)
            .map_err(|_| "The locked key stored in this browser is damaged.".to_string())?;
        if s.v != 1 {
            return Err(format!(
                "The locked key was stored by a newer Skiff (format {}).",
                s.v
            ));
        }
        if s.iter < MIN_ITERATIONS {
            return Err("The locked key stored in this browser is damaged.".into());
        }
        let ok = |f: &str, len: Option<usize>| {
            b64_decode(f).is_some_and(|b| len.is_none_or(|l| b.len() == l) && !b.is_empty())
        };
        if !ok(&s.salt, Some(16)) || !ok(&s.iv, Some(12)) || !ok(&s.data, None) {
            return Err("The locked key stored in this browser is damaged.".into());
        }
        Ok(s)
    }
}

/// Checks a new passphrase and its confirmation; the message says what to fix.
pub fn check_new_passphrase(pass: &str, confirm: &str) -> Result<(), String> {
    if pass.chars().count() < MIN_PASSPHRASE {
        return Err(format!(
            "Use at least {MIN_PASSPHRASE} characters; a few words are easier to remember."
        ));
    }
    if pass != confirm {
        return Err("The two passphrases differ.".into());
    }
    Ok(())
}

/// The additional authenticated data binding a sealed key to its instance.
pub fn aad(instance_id: &str) -> Vec<u8> {
    format!("skiff-key:{instance_id}").into_bytes()
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn b64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64 (padding optional); `None` on any invalid character.
pub fn b64_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim().trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let v = B64.iter().position(|&x| x == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if text.len() % 4 == 1 {
        return None;
    }
    Some(out)
}

#[cfg(target_arch = "wasm32")]
pub use web::{open, seal};

#[cfg(target_arch = "wasm32")]
mod web {
    use js_sys::{Array, Object, Reflect, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{CryptoKey, SubtleCrypto};

    use super::*;

    fn subtle() -> Result<(web_sys::Crypto, SubtleCrypto), String> {
        let crypto = web_sys::window()
            .and_then(|w| w.crypto().ok())
            .ok_or("This browser offers no WebCrypto.")?;
        let subtle = crypto.subtle();
        // `crypto.subtle` is undefined outside secure contexts (http on a non-local address).
        if JsValue::from(subtle.clone()).is_undefined() {
            return Err("This browser allows encryption only on https pages (or localhost): open Skiff over https to lock a key.".into());
        }
        Ok((crypto, subtle))
    }

    fn set(o: &Object, k: &str, v: &JsValue) {
        let _ = Reflect::set(o, &JsValue::from_str(k), v);
    }

    fn bytes(v: &[u8]) -> JsValue {
        Uint8Array::from(v).into()
    }

    fn random(crypto: &web_sys::Crypto, n: usize) -> Result<Vec<u8>, String> {
        let mut buf = vec![0u8; n];
        crypto
            .get_random_values_with_u8_array(&mut buf)
            .map_err(|_| "The browser could not produce random bytes.".to_string())?;
        Ok(buf)
    }

    async fn derive(
        subtle: &SubtleCrypto,
        pass: &str,
        salt: &[u8],
        iter: u32,
    ) -> Result<CryptoKey, String> {
        let fail = |_| "The browser could not derive a key from the passphrase.".to_string();
        let raw = Uint8Array::from(pass.as_bytes());
        let usages = Array::of1(&JsValue::from_str("deriveKey"));
        let base = subtle
            .import_key_with_str("raw", &raw, "PBKDF2", false, &usages)
            .map_err(fail)?;
        let base: CryptoKey = JsFuture::from(base).await.map_err(fail)?.unchecked_into();
        let algo = Object::new();
        set(&algo, "name", &"PBKDF2".into());
        set(&algo, "hash", &"SHA-256".into());
        set(&algo, "salt", &bytes(salt));
        set(&algo, "iterations", &JsValue::from(iter));
        let target = Object::new();
        set(&target, "name", &"AES-GCM".into());
        set(&target, "length", &JsValue::from(256));
        let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
        let key = subtle
            .derive_key_with_object_and_object(&algo, &base, &target, false, &usages)
            .map_err(fail)?;
        Ok(JsFuture::from(key).await.map_err(fail)?.unchecked_into())
    }

    fn gcm(iv: &[u8], aad: &[u8]) -> Object {
        let o = Object::new();
        set(&o, "name", &"AES-GCM".into());
        set(&o, "iv", &bytes(iv));
        set(&o, "additionalData", &bytes(aad));
        o
    }

    /// Encrypts `secret` for instance `id` under `pass`.
    pub async fn seal(id: &str, secret: &str, pass: &str) -> Result<Sealed, String> {
        let (crypto, subtle) = subtle()?;
        let salt = random(&crypto, 16)?;
        let iv = random(&crypto, 12)?;
        let key = derive(&subtle, pass, &salt, ITERATIONS).await?;
        let fail = |_| "The browser could not encrypt the key.".to_string();
        let p = subtle
            .encrypt_with_object_and_u8_array(&gcm(&iv, &aad(id)), &key, secret.as_bytes())
            .map_err(fail)?;
        let out = JsFuture::from(p).await.map_err(fail)?;
        let data = Uint8Array::new(&out).to_vec();
        Ok(Sealed {
            v: 1,
            iter: ITERATIONS,
            salt: b64_encode(&salt),
            iv: b64_encode(&iv),
            data: b64_encode(&data),
        })
    }

    /// Decrypts a sealed key; a wrong passphrase (or a damaged envelope) is an error.
    pub async fn open(id: &str, sealed: &Sealed, pass: &str) -> Result<String, String> {
        let (_, subtle) = subtle()?;
        let damaged = || "The locked key stored in this browser is damaged.".to_string();
        let salt = b64_decode(&sealed.salt).ok_or_else(damaged)?;
        let iv = b64_decode(&sealed.iv).ok_or_else(damaged)?;
        let data = b64_decode(&sealed.data).ok_or_else(damaged)?;
        let key = derive(&subtle, pass, &salt, sealed.iter).await?;
        let wrong =
            |_| "Wrong passphrase: the key did not unlock. Check it and try again.".to_string();
        let p = subtle
            .decrypt_with_object_and_u8_array(&gcm(&iv, &aad(id)), &key, &data)
            .map_err(wrong)?;
        let out = JsFuture::from(p).await.map_err(wrong)?;
        String::from_utf8(Uint8Array::new(&out).to_vec()).map_err(|_| damaged())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_and_matches_rfc4648() {
        for (plain, enc) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(b64_encode(plain.as_bytes()), enc);
            assert_eq!(b64_decode(enc).unwrap(), plain.as_bytes());
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(b64_decode(&b64_encode(&all)).unwrap(), all);
        assert!(b64_decode("Zm9v!").is_none());
        assert!(b64_decode("Z").is_none());
    }

    #[test]
    fn envelope_checks() {
        let good = Sealed {
            v: 1,
            iter: ITERATIONS,
            salt: b64_encode(&[1; 16]),
            iv: b64_encode(&[2; 12]),
            data: b64_encode(&[3; 40]),
        };
        let text = good.to_json();
        assert!(text.contains("\"salt\"") && text.contains("\"iv\"") && text.contains("\"data\""));
        assert_eq!(Sealed::parse(&text).unwrap(), good);
        let weak = Sealed {
            iter: 1000,
            ..good.clone()
        };
        assert!(Sealed::parse(&weak.to_json()).is_err());
        let short_iv = Sealed {
            iv: b64_encode(&[2; 8]),
            ..good.clone()
        };
        assert!(Sealed::parse(&short_iv.to_json()).is_err());
        let future = Sealed { v: 2, ..good };
        assert!(Sealed::parse(&future.to_json())
            .unwrap_err()
            .contains("newer"));
        assert!(Sealed::parse("not json").is_err());
    }

    #[test]
    fn passphrase_rules() {
        assert!(check_new_passphrase("short", "short").is_err());
        assert!(check_new_passphrase("long enough", "long enougH").is_err());
        assert!(check_new_passphrase("long enough", "long enough").is_ok());
        assert_ne!(aad("a"), aad("b"));
    }
}
