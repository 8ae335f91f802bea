//! Custom TLS certificates (`certificates.*`), like Dokploy v0.30.2 (checked against the
//! recordings) and, for the older eras, like its source at v0.24.12 and v0.18.4. A certificate
//! is `{certificateId, name, certificateData, privateKey, certificatePath, autoRenew,
//! organizationId, serverId}` (v0.18.4: `adminId` in place of `organizationId`);
//! `certificatePath` is a generated name (`certificate-digital-feed-parse-lr6wyj`), the folder
//! Dokploy writes `chain.crt`, `privkey.key` and Traefik's `certificate.yml` into.
//!
//! - `certificates.all` lists them; v0.30.2 nests each one's `server` (null on the instance
//!   itself). `certificates.one` answers one without it (404 `Certificate not found`).
//! - `certificates.create {name, certificateData, privateKey, organizationId, autoRenew?,
//!   serverId?, ...}` answers the new row. Like Dokploy, nothing but the fields' presence (and
//!   non-empty `name`, `certificateData`, `privateKey`) is checked: the PEM blocks are not parsed.
//!   The organization is the caller's whatever `organizationId` says; a `certificateId` given is
//!   used (one that exists, or a `serverId` that names no server, fails the insert: 500 with
//!   drizzle's `Failed query: insert into "certificate" ...`).
//! - `certificates.remove {certificateId}` answers `true` (404 `Certificate not found`).
//!
//! Access: v0.30.2's `withPermission("certificate", ...)` (an enterprise resource the member
//! role has no action of: 401 `unauthorized to access resource "certificate"`); v0.24.12's and
//! v0.18.4's `adminProcedure` (a bare 401 `UNAUTHORIZED`): the owner's only.

use std::sync::Arc;

use rand::rngs::StdRng;
use rand::SeedableRng;
use serde_json::{json, Value};

use crate::advanced::failed_insert;
use crate::api::{input_str, ApiError, Caller, Reply};
use crate::era::Era;
use crate::shapes::{obj, s, Row};
use crate::store::Store;
use crate::util::{base64, id_from, iso, now_ms, unbase64};
use crate::Shared;

/// The routers this module answers.
pub fn handles(router: &str) -> bool {
    router == "certificates"
}

/// The `certificate` table's columns in v0.30.2's order.
const COLUMNS: &[&str] = &[
    "certificateId",
    "name",
    "certificateData",
    "privateKey",
    "certificatePath",
    "autoRenew",
    "organizationId",
    "serverId",
];

/// A self-signed certificate for `internal.example.com` (ECDSA P-256, SHA-256, subjectAltName
/// `DNS:internal.example.com`) made with `openssl req -x509`; its validity is rewritten when
/// seeded (see `seed`), so its signature no longer verifies: the sandbox signs nothing.
const TEMPLATE: &str = "MIIBtDCCAVqgAwIBAgIUOD/FyL0/WjonnaWZBsiUEh1AMwMwCgYIKoZIzj0EAwIwHzEdMBsGA1UEAwwUaW50ZXJuYWwuZXhhbXBsZS5jb20wHhcNMjYxMjA0MTAwMjIzWhcNMjcwMzA0MTAwMjIzWjAfMR0wGwYDVQQDDBRpbnRlcm5hbC5leGFtcGxlLmNvbTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABDGdb87Y6nlNvQPw3xqLNN0Q2NntPSnzuE4yhRfdAUCm4bHEa9TIy5ZMngG/+6JQS2ATIc3DbvYeDiDJYB9DiVKjdDByMB0GA1UdDgQWBBQdNsoTSIJCuLeU2MWYtBE/wCdnnzAfBgNVHSMEGDAWgBQdNsoTSIJCuLeU2MWYtBE/wCdnnzAPBgNVHRMBAf8EBTADAQH/MB8GA1UdEQQYMBaCFGludGVybmFsLmV4YW1wbGUuY29tMAoGCCqGSM49BAMCA0gAMEUCIFZPtfuwYASBhlaKmEmFNwATsZNyaGiKYYM/mFMaOfUGAiEA8hauilVPTcEM7pvvM7/h4IcvlqIX6aJyqHG2vRTY9qk=";

/// The template's private key (PKCS#8).
const TEMPLATE_KEY: &str = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgUCKM71c2djnbtkap\nqnOWddnhGyogmv8GYYK9VLcwQeChRANCAAQxnW/O2Op5Tb0D8N8aizTdENjZ7T0p\n87hOMoUX3QFApuGxxGvUyMuWTJ4Bv/uiUEtgEyHNw272Hg4gyWAfQ4lS\n-----END PRIVATE KEY-----\n";

/// The seeded certificate: name, days it has been valid, days it has left.
pub const SEEDED: (&str, i64, i64) = ("internal.example.com", 69, 21);

const DAY: i64 = 86_400_000;

/// `YYMMDDHHMMSSZ`, an X.509 UTCTime.
fn utc_time(ms: i64) -> String {
    let full = iso(ms);
    format!(
        "{}{}{}{}{}{}Z",
        &full[2..4],
        &full[5..7],
        &full[8..10],
        &full[11..13],
        &full[14..16],
        &full[17..19]
    )
}

/// The template certificate as PEM, valid from `not_before` to `not_after` (Unix ms): the two
/// UTCTimes of its validity (the first two `0x17 0x0d` elements) rewritten in place.
pub fn certificate_pem(not_before: i64, not_after: i64) -> String {
    let mut der = unbase64(TEMPLATE).unwrap_or_default();
    let mut times = [utc_time(not_before), utc_time(not_after)].into_iter();
    let mut i = 0;
    while i + 15 <= der.len() {
        if der[i] == 0x17 && der[i + 1] == 0x0d {
            let Some(t) = times.next() else { break };
            der[i + 2..i + 15].copy_from_slice(t.as_bytes());
            i += 15;
        } else {
            i += 1;
        }
    }
    let text = base64(&der);
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for line in text.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}

/// The demo's certificate (every era): `internal.example.com`, self-signed, issued 69 days
/// before the sandbox started and expiring 21 days after (a UI's "expires soon"). Its id and
/// path come from a generator of their own, so every other seeded id stays what it was.
pub fn seed(st: &mut Store) {
    let mut rng = StdRng::seed_from_u64(0x6365_7274);
    let (name, valid, left) = SEEDED;
    // Whole seconds, as a certificate has them.
    let now = now_ms() / 1000 * 1000;
    let org = st.org_id();
    let id = id_from(&mut rng, 21);
    let suffix = crate::util::app_suffix(&mut rng);
    st.certificates.push(obj(json!({
        "certificateId": id,
        "name": name,
        "certificateData": certificate_pem(now - valid * DAY, now + left * DAY),
        "privateKey": TEMPLATE_KEY,
        "certificatePath": format!("certificate-digital-parse-circuit-{suffix}"),
        "autoRenew": false,
        "organizationId": org,
        "serverId": null,
    })));
    st.touch();
}

/// A certificate row as `era` answers it: v0.18.4 names the admin instead of the organization.
fn era_row(st: &Store, era: Era, row: &Row) -> Row {
    let mut out = row.clone();
    if era == Era::V0_18_4 {
        out.remove("organizationId");
        out.insert("adminId".into(), json!(s(&st.owner().row, "id")));
    }
    out
}

fn position(st: &Store, id: &str) -> Option<usize> {
    st.certificates
        .iter()
        .position(|r| s(r, "certificateId") == id)
}

fn owner_only(caller: &Caller, era: Era) -> Result<(), ApiError> {
    match (caller.owner, era) {
        (true, _) => Ok(()),
        (false, Era::V0_30_2) => Err(ApiError::no_permission("certificate")),
        (false, _) => Err(ApiError::new(401, "UNAUTHORIZED", "UNAUTHORIZED")),
    }
}

pub fn call(
    shared: &Arc<Shared>,
    name: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    owner_only(caller, era)?;
    let mut st = shared.lock();
    let json = |v: Value| Ok(Reply::Json(v));
    let not_found = || ApiError::not_found("Certificate not found");
    match name {
        "certificates.all" => {
            let rows = st
                .certificates
                .iter()
                .map(|r| {
                    let mut row = era_row(&st, era, r);
                    // v0.30.2: `with: { server: true }`.
                    if era == Era::V0_30_2 {
                        let server = st
                            .servers
                            .iter()
                            .find(|x| s(x, "serverId") == s(r, "serverId"))
                            .map_or(Value::Null, |x| Value::Object(x.clone()));
                        row.insert("server".into(), server);
                    }
                    Value::Object(row)
                })
                .collect();
            json(Value::Array(rows))
        }
        "certificates.one" => {
            let pos = position(&st, &input_str(input, "certificateId")).ok_or_else(not_found)?;
            json(Value::Object(era_row(&st, era, &st.certificates[pos])))
        }
        "certificates.create" => {
            let id = match input_str(input, "certificateId") {
                given if !given.is_empty() => given,
                _ => st.new_id(),
            };
            let path = match input_str(input, "certificatePath") {
                given if !given.is_empty() => given,
                _ => st.generated_app_name("certificate"),
            };
            let org = st.org_id();
            let row = obj(json!({
                "certificateId": id,
                "name": input_str(input, "name"),
                "certificateData": input_str(input, "certificateData"),
                "privateKey": input_str(input, "privateKey"),
                "certificatePath": path,
                "autoRenew": input.get("autoRenew").cloned().unwrap_or(Value::Null),
                "organizationId": org,
                "serverId": input.get("serverId").cloned().unwrap_or(Value::Null),
            }));
            let server = s(&row, "serverId");
            let taken = position(&st, &id).is_some()
                || st
                    .certificates
                    .iter()
                    .any(|r| s(r, "certificatePath") == path);
            let no_server =
                !server.is_empty() && !st.servers.iter().any(|x| s(x, "serverId") == server);
            if taken || no_server {
                let mut values = row.clone();
                // What the insert sets: the columns given (the generated ones too).
                for k in ["autoRenew", "serverId"] {
                    if input.get(k).is_none() {
                        values.remove(k);
                    }
                }
                return Err(ApiError::internal(failed_insert(
                    "certificate",
                    COLUMNS,
                    &values,
                )));
            }
            st.certificates.push(row.clone());
            st.touch();
            json(Value::Object(era_row(&st, era, &row)))
        }
        "certificates.remove" => {
            let pos = position(&st, &input_str(input, "certificateId")).ok_or_else(not_found)?;
            st.certificates.remove(pos);
            st.touch();
            json(json!(true))
        }
        _ => Err(ApiError::no_procedure()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeded_certificate_carries_its_validity() {
        // 2026-12-04T10:02:23Z .. 2027-03-04T10:02:23Z: the template's own dates.
        let pem = certificate_pem(1_796_378_543_000, 1_804_154_543_000);
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        assert_eq!(body, TEMPLATE);
        assert!(pem.lines().all(|l| l.len() <= 64));
        let other = certificate_pem(0, 86_400_000);
        let body: String = other.lines().filter(|l| !l.starts_with("-----")).collect();
        let der = unbase64(&body).unwrap_or_default();
        let text = String::from_utf8_lossy(&der);
        assert!(text.contains("700101000000Z") && text.contains("700102000000Z"));
        assert_eq!(utc_time(1_796_378_543_000), "261204100223Z");
    }
}
