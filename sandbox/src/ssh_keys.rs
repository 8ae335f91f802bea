//! SSH keys (`sshKey.*`), like Dokploy v0.30.2 (checked against the recordings) and, for the
//! older eras, like its source at v0.24.12 and v0.18.4. A key is `{sshKeyId, privateKey,
//! publicKey, name, description, createdAt, lastUsedAt, organizationId}` (v0.18.4: `adminId` in
//! place of `organizationId`); the private key is kept and answered as given.
//!
//! - `sshKey.all` lists the keys newest first, private keys and all; `sshKey.allForApps`
//!   (v0.30.2) only `{sshKeyId, name}` of each; `sshKey.one` one key, private key and all (404
//!   `SSH Key not found`).
//! - `sshKey.create {name, description?, privateKey, publicKey, organizationId}` answers nothing
//!   (an empty 200); the organization is the caller's, whatever `organizationId` says. The keys
//!   are checked as Dokploy's zod refinements check them: `ssh-rsa` or `ssh-ed25519` then
//!   base64 (`Invalid public key format`), an `OPENSSH` or `RSA` PEM block (`Invalid private key
//!   format`).
//! - `sshKey.generate {type?}` answers a fresh `{privateKey, publicKey}` pair in OpenSSH's
//!   formats, commented `dokploy`: `ed25519`, or `rsa` (4096 bits, also without a type). The
//!   pair only looks real: its bytes are random, laid out as OpenSSH lays out a key (the
//!   sandbox has no key arithmetic).
//! - `sshKey.update {sshKeyId, name?, description?, lastUsedAt?}` answers the changed row; an
//!   unknown id, or nothing to set, answers 400 `Error updating this SSH key` (the lookup fails
//!   inside the `try` whose `catch` says so).
//! - `sshKey.remove {sshKeyId}` answers the removed row (404 `SSH Key not found`).
//!
//! Access (v0.30.2): `withPermission("sshKeys", ...)` but `allForApps`: a member needs
//! `canAccessToSSHKeys`, else 401 `unauthorized to access resource "sshKeys"`; `allForApps` is
//! any member's. v0.24.12 and v0.18.4: any member's.

use std::sync::Arc;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

use crate::api::{input_str, ApiError, Caller, Reply};
use crate::era::Era;
use crate::shapes::{obj, s, Row};
use crate::store::Store;
use crate::util::{base64, id_from, iso, now_ms};
use crate::validate::Procedure;
use crate::Shared;

/// The routers this module answers.
pub fn handles(router: &str) -> bool {
    router == "sshKey"
}

/// The seeded key: name, description, days since it was added, days since it was last used.
pub const SEEDED: (&str, &str, i64, i64) = (
    "deploy-key",
    "Read-only deploy key for the demo's Git repositories",
    20,
    2,
);

/// The demo's deploy key (every era), an ed25519 pair from a generator of its own (so the key
/// is the same from run to run, and every other seeded id stays what it was).
pub fn seed(st: &mut Store) {
    let mut rng = StdRng::seed_from_u64(0x7373_686b);
    let (name, description, days, used) = SEEDED;
    let id = id_from(&mut rng, 21);
    let (private_key, public_key) = ed25519(&mut rng, "dokploy");
    let now = now_ms();
    let org = st.org_id();
    st.ssh_keys.push(key_row(
        &id,
        &private_key,
        &public_key,
        name,
        json!(description),
        &iso(now - days * 86_400_000),
        json!(iso(now - used * 86_400_000)),
        &org,
    ));
    st.touch();
}

#[allow(clippy::too_many_arguments)]
fn key_row(
    id: &str,
    private_key: &str,
    public_key: &str,
    name: &str,
    description: Value,
    created_at: &str,
    last_used_at: Value,
    org: &str,
) -> Row {
    obj(json!({
        "sshKeyId": id,
        "privateKey": private_key,
        "publicKey": public_key,
        "name": name,
        "description": description,
        "createdAt": created_at,
        "lastUsedAt": last_used_at,
        "organizationId": org,
    }))
}

/// A key row as `era` answers it: v0.18.4 names the admin instead of the organization.
pub(crate) fn era_row(st: &Store, era: Era, row: &Row) -> Value {
    let mut out = row.clone();
    if era == Era::V0_18_4 {
        out.remove("organizationId");
        out.insert("adminId".into(), json!(s(&st.owner().row, "id")));
    }
    Value::Object(out)
}

// ------------------------------------------------------------------ OpenSSH formats

fn put_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    out.extend_from_slice(bytes);
}

/// An SSH `mpint`: big-endian, no leading zeros, a zero byte before a set high bit.
fn put_mpint(out: &mut Vec<u8>, bytes: &[u8]) {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    let mut v = Vec::with_capacity(bytes.len() + 1);
    if bytes.get(start).is_some_and(|b| b & 0x80 != 0) {
        v.push(0);
    }
    v.extend_from_slice(&bytes[start..]);
    put_string(out, &v);
}

fn random_bytes<R: Rng + ?Sized>(rng: &mut R, n: usize) -> Vec<u8> {
    (0..n).map(|_| rng.random()).collect()
}

/// `openssh-key-v1`, unencrypted, one key: the public blob, then the private section (the
/// check integers twice, the key's own fields, the comment, padding to 8 bytes) in PEM lines of
/// 70 characters, as `ssh-keygen` writes it.
fn openssh_private<R: Rng + ?Sized>(rng: &mut R, public_blob: &[u8], fields: &[u8]) -> String {
    let mut private = Vec::new();
    let check: u32 = rng.random();
    private.extend_from_slice(&check.to_be_bytes());
    private.extend_from_slice(&check.to_be_bytes());
    private.extend_from_slice(fields);
    let mut pad = 1u8;
    while private.len() % 8 != 0 {
        private.push(pad);
        pad += 1;
    }
    let mut blob = b"openssh-key-v1\0".to_vec();
    put_string(&mut blob, b"none");
    put_string(&mut blob, b"none");
    put_string(&mut blob, b"");
    blob.extend_from_slice(&1u32.to_be_bytes());
    put_string(&mut blob, public_blob);
    put_string(&mut blob, &private);
    let text = base64(&blob);
    let mut out = String::from("-----BEGIN OPENSSH PRIVATE KEY-----\n");
    for line in text.as_bytes().chunks(70) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END OPENSSH PRIVATE KEY-----\n");
    out
}

/// An ed25519 pair: `(private key, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI... comment")`.
pub fn ed25519<R: Rng + ?Sized>(rng: &mut R, comment: &str) -> (String, String) {
    let seed = random_bytes(rng, 32);
    let public = random_bytes(rng, 32);
    let mut public_blob = Vec::new();
    put_string(&mut public_blob, b"ssh-ed25519");
    put_string(&mut public_blob, &public);
    let mut fields = Vec::new();
    put_string(&mut fields, b"ssh-ed25519");
    put_string(&mut fields, &public);
    put_string(&mut fields, &[seed.as_slice(), public.as_slice()].concat());
    put_string(&mut fields, comment.as_bytes());
    let private = openssh_private(rng, &public_blob, &fields);
    (
        private,
        format!("ssh-ed25519 {} {comment}", base64(&public_blob)),
    )
}

/// A 4096-bit RSA pair (`e` 65537): `(private key, "ssh-rsa AAAAB3NzaC1yc2E... comment")`.
pub fn rsa<R: Rng + ?Sized>(rng: &mut R, comment: &str) -> (String, String) {
    let mut odd = |n: usize| {
        let mut v = random_bytes(rng, n);
        v[0] |= 0xc0;
        v[n - 1] |= 1;
        v
    };
    let (n, d, iqmp, p, q) = (odd(512), odd(512), odd(256), odd(256), odd(256));
    let e = [0x01, 0x00, 0x01];
    let mut public_blob = Vec::new();
    put_string(&mut public_blob, b"ssh-rsa");
    put_mpint(&mut public_blob, &e);
    put_mpint(&mut public_blob, &n);
    let mut fields = Vec::new();
    put_string(&mut fields, b"ssh-rsa");
    for part in [&n[..], &e[..], &d[..], &iqmp[..], &p[..], &q[..]] {
        put_mpint(&mut fields, part);
    }
    put_string(&mut fields, comment.as_bytes());
    let private = openssh_private(rng, &public_blob, &fields);
    (
        private,
        format!("ssh-rsa {} {comment}", base64(&public_blob)),
    )
}

// ------------------------------------------------------------------ zod refinements

fn is_b64(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')
}

/// JavaScript's `\s`.
fn is_js_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// `/^ssh-(rsa|ed25519)\s+([A-Za-z0-9+/=]+)\s*(.*)?\s*$/`.
pub fn valid_public_key(key: &str) -> bool {
    let Some(rest) = key
        .strip_prefix("ssh-rsa")
        .or_else(|| key.strip_prefix("ssh-ed25519"))
    else {
        return false;
    };
    let after_space = rest.trim_start_matches(is_js_space);
    if after_space.len() == rest.len() {
        return false;
    }
    let body = after_space.trim_start_matches(is_b64);
    if body.len() == after_space.len() {
        return false;
    }
    // `\s*(.*)?\s*$`: spaces, one line (`.` stops at a line terminator), spaces.
    let line_end = |c: char| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
    let tail = body.trim_start_matches(is_js_space);
    let tail = tail.find(line_end).map_or("", |i| &tail[i..]);
    tail.chars().all(is_js_space)
}

/// `/^-----BEGIN (RSA|OPENSSH) PRIVATE KEY-----\n([A-Za-z0-9+/=\n]+)-----END ... KEY-----\s*$/`.
pub fn valid_private_key(key: &str) -> bool {
    ["RSA", "OPENSSH"].iter().any(|kind| {
        let begin = format!("-----BEGIN {kind} PRIVATE KEY-----\n");
        let end = format!("-----END {kind} PRIVATE KEY-----");
        let Some(rest) = key.strip_prefix(&begin) else {
            return false;
        };
        let Some(at) = rest.find(&end) else {
            return false;
        };
        let body = &rest[..at];
        !body.is_empty()
            && body.chars().all(|c| is_b64(c) || c == '\n')
            && rest[at + end.len()..].chars().all(is_js_space)
    })
}

/// `sshKey.create`'s refinements of `publicKey` and `privateKey` (not in the OpenAPI document):
/// their issues join the others in the order of the fields.
pub fn refine(proc_: &Procedure, input: &Value, zod3: bool, issues: &mut Vec<Value>) {
    if proc_.name != "sshKey.create" {
        return;
    }
    let custom = |field: &str, message: &str| {
        if zod3 {
            json!({"code": "custom", "message": message, "path": [field]})
        } else {
            json!({"code": "custom", "path": [field], "message": message})
        }
    };
    let mut found = false;
    if let Some(key) = input.get("privateKey").and_then(Value::as_str) {
        if !valid_private_key(key) {
            issues.push(custom("privateKey", "Invalid private key format"));
            found = true;
        }
    }
    if let Some(key) = input.get("publicKey").and_then(Value::as_str) {
        if !valid_public_key(key) {
            issues.push(custom("publicKey", "Invalid public key format"));
            found = true;
        }
    }
    if found {
        let rank = |i: &Value| {
            let field = i["path"][0].as_str().unwrap_or_default();
            proc_
                .fields
                .iter()
                .position(|f| f.name == field)
                .unwrap_or(usize::MAX)
        };
        issues.sort_by_key(rank);
    }
}

// ------------------------------------------------------------------ access

/// v0.30.2's `withPermission("sshKeys", ...)`: owners and admins, and members given
/// `canAccessToSSHKeys`.
fn may_use_keys(st: &Store, caller: &Caller) -> Result<(), ApiError> {
    let allowed = caller.owner
        || st.member_by_user(&caller.user_id).is_some_and(|m| {
            m.row.get("canAccessToSSHKeys").and_then(Value::as_bool) == Some(true)
        });
    if allowed {
        Ok(())
    } else {
        Err(ApiError::no_permission("sshKeys"))
    }
}

fn position(st: &Store, id: &str) -> Option<usize> {
    st.ssh_keys.iter().position(|r| s(r, "sshKeyId") == id)
}

/// The keys newest first (`orderBy: desc(createdAt)`).
fn newest_first(st: &Store) -> Vec<&Row> {
    let mut keys: Vec<&Row> = st.ssh_keys.iter().collect();
    keys.sort_by_key(|r| std::cmp::Reverse(s(r, "createdAt")));
    keys
}

// ------------------------------------------------------------------ procedures

pub fn call(
    shared: &Arc<Shared>,
    name: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    let mut st = shared.lock();
    if era == Era::V0_30_2 && name != "sshKey.allForApps" {
        may_use_keys(&st, caller)?;
    }
    let json = |v: Value| Ok(Reply::Json(v));
    let not_found = || ApiError::not_found("SSH Key not found");
    match name {
        "sshKey.all" => json(Value::Array(
            newest_first(&st)
                .into_iter()
                .map(|r| era_row(&st, era, r))
                .collect(),
        )),
        "sshKey.allForApps" => json(Value::Array(
            newest_first(&st)
                .into_iter()
                .map(|r| json!({"sshKeyId": r["sshKeyId"], "name": r["name"]}))
                .collect(),
        )),
        "sshKey.one" => {
            let pos = position(&st, &input_str(input, "sshKeyId")).ok_or_else(not_found)?;
            json(era_row(&st, era, &st.ssh_keys[pos]))
        }
        "sshKey.create" => {
            let id = st.new_id();
            let org = st.org_id();
            let row = key_row(
                &id,
                &input_str(input, "privateKey"),
                &input_str(input, "publicKey"),
                &input_str(input, "name"),
                input.get("description").cloned().unwrap_or(Value::Null),
                &iso(now_ms()),
                Value::Null,
                &org,
            );
            st.ssh_keys.push(row);
            st.touch();
            Ok(Reply::Void)
        }
        "sshKey.generate" => {
            let mut rng = rand::rng();
            let (private_key, public_key) = match input.get("type").and_then(Value::as_str) {
                Some("ed25519") => ed25519(&mut rng, "dokploy"),
                _ => rsa(&mut rng, "dokploy"),
            };
            json(json!({"privateKey": private_key, "publicKey": public_key}))
        }
        "sshKey.update" => {
            let failed = || ApiError::new(400, "BAD_REQUEST", "Error updating this SSH key");
            let pos = position(&st, &input_str(input, "sshKeyId")).ok_or_else(failed)?;
            let set: Row = ["name", "description", "lastUsedAt"]
                .iter()
                .filter_map(|k| input.get(*k).map(|v| (k.to_string(), v.clone())))
                .collect();
            if set.is_empty() {
                return Err(failed());
            }
            st.ssh_keys[pos].extend(set);
            st.touch();
            json(era_row(&st, era, &st.ssh_keys[pos]))
        }
        "sshKey.remove" => {
            let id = input_str(input, "sshKeyId");
            let pos = position(&st, &id).ok_or_else(not_found)?;
            let row = st.ssh_keys.remove(pos);
            // The services' and servers' foreign keys to it `set null`.
            for svc in st.services.values_mut() {
                if svc.row.get("customGitSSHKeyId").and_then(Value::as_str) == Some(id.as_str()) {
                    svc.row.insert("customGitSSHKeyId".into(), Value::Null);
                }
            }
            for server in st.servers.iter_mut() {
                if server.get("sshKeyId").and_then(Value::as_str) == Some(id.as_str()) {
                    server.insert("sshKeyId".into(), Value::Null);
                }
            }
            st.touch();
            json(era_row(&st, era, &row))
        }
        _ => Err(ApiError::no_procedure()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_look_like_openssh_keys() {
        let mut rng = StdRng::seed_from_u64(1);
        let (private, public) = ed25519(&mut rng, "dokploy");
        assert!(
            public.starts_with("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"),
            "{public}"
        );
        assert!(public.ends_with(" dokploy"));
        // 4 + 11 + 4 + 32 bytes: 68 base64 characters.
        assert_eq!(public.split(' ').nth(1).map(str::len), Some(68));
        assert!(private.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"), "{private}");
        assert!(private.ends_with("\n-----END OPENSSH PRIVATE KEY-----\n"));
        assert!(valid_private_key(&private) && valid_public_key(&public));
        let blob = crate::util::unbase64(
            &private
                .lines()
                .filter(|l| !l.starts_with("-----"))
                .collect::<String>(),
        )
        .expect("base64");
        assert!(blob.starts_with(b"openssh-key-v1\0"));
        let (private, public) = rsa(&mut rng, "dokploy");
        assert!(
            public.starts_with("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAACAQ"),
            "{public}"
        );
        assert!(valid_private_key(&private) && valid_public_key(&public));
    }

    #[test]
    fn keys_are_checked_like_dokploys_refinements() {
        let recorded = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPQplm6hLr0MNOmH0YmeOvX6/1uDYOEWsdWlnxzBb9En dokploy";
        assert!(valid_public_key(recorded));
        assert!(valid_public_key("ssh-rsa AAAA"));
        assert!(valid_public_key("ssh-rsa AAAA user@host \n"));
        assert!(!valid_public_key("ssh-dss AAAA"));
        assert!(!valid_public_key("ssh-rsaAAAA"));
        assert!(!valid_public_key("ssh-rsa !!"));
        assert!(!valid_public_key("ssh-rsa AAAA a\nb"));
        assert!(valid_private_key(
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbg==\n-----END OPENSSH PRIVATE KEY-----\n"
        ));
        assert!(valid_private_key(
            "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"
        ));
        // The recordings' redacted key has a character the pattern refuses.
        assert!(!valid_private_key(
            "-----BEGIN OPENSSH PRIVATE KEY-----\nsecret-11-redacted\n-----END OPENSSH PRIVATE KEY-----\n"
        ));
        assert!(!valid_private_key(
            "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"
        ));
    }
}
