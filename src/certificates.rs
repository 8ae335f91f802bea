//! TLS certificates as plain data: what a PEM certificate says (its domain and when it
//! expires, read from the DER inside: no dependency), the add form and its checks, and the
//! list's markup. Dokploy sends no expiry of its own; the private key is never decoded
//! (src/model/certificate.rs).

use crate::api::{ApiError, CertificateInput};
use crate::html::{answered, Html};
use crate::model::Certificate;
use crate::service_view::backups::FieldError;
use crate::service_view::time::{date_of, parse_iso};

/// Days before its end from which a certificate is flagged.
pub const WARN_DAYS: i64 = 30;

/// What Skiff reads of a certificate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CertInfo {
    /// The subject's common name (usually the domain).
    pub common_name: Option<String>,
    /// Its DNS names (subject alternative names).
    pub dns_names: Vec<String>,
    /// When it stops being valid (ms since the epoch).
    pub not_after: i64,
}

impl CertInfo {
    /// The domains it is for: its DNS names, else its common name.
    pub fn domains(&self) -> String {
        if self.dns_names.is_empty() {
            self.common_name.clone().unwrap_or_default()
        } else {
            self.dns_names.join(", ")
        }
    }
}

/// The first certificate of a PEM chain, read; `None` when it is not a certificate.
pub fn read_pem(pem: &str) -> Option<CertInfo> {
    let start = pem.find("-----BEGIN CERTIFICATE-----")? + "-----BEGIN CERTIFICATE-----".len();
    let end = start + pem[start..].find("-----END CERTIFICATE-----")?;
    let der = base64(&pem[start..end])?;
    read_der(&der)
}

/// Standard base64 (whitespace ignored).
fn base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            c if c.is_ascii_whitespace() => continue,
            _ => return None,
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

/// One DER element: its tag, its content, and what follows it.
fn element(d: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = d.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |l, &b| (l << 8) | b as usize);
        (len, &rest[n..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// The elements of a constructed element's content.
fn children(mut d: &[u8]) -> Vec<(u8, &[u8])> {
    let mut out = Vec::new();
    while let Some((tag, content, rest)) = element(d) {
        out.push((tag, content));
        d = rest;
    }
    out
}

const SEQUENCE: u8 = 0x30;
const CN: &[u8] = &[0x55, 0x04, 0x03];
const SAN: &[u8] = &[0x55, 0x1d, 0x11];

fn read_der(der: &[u8]) -> Option<CertInfo> {
    let (tag, cert, _) = element(der)?;
    if tag != SEQUENCE {
        return None;
    }
    let (tag, tbs, _) = element(cert)?;
    if tag != SEQUENCE {
        return None;
    }
    let mut fields = children(tbs).into_iter().peekable();
    // [0] version, when present.
    if fields.peek().is_some_and(|(t, _)| *t == 0xa0) {
        fields.next();
    }
    let _serial = fields.next()?;
    let _algorithm = fields.next()?;
    let _issuer = fields.next()?;
    let (tag, validity) = fields.next()?;
    if tag != SEQUENCE {
        return None;
    }
    let times = children(validity);
    let not_after = time(times.get(1)?)?;
    let (_, subject) = fields.next()?;
    let mut info = CertInfo {
        not_after,
        ..CertInfo::default()
    };
    for (_, set) in children(subject) {
        for (_, pair) in children(set) {
            if let [(0x06, oid), (_, value)] = children(pair)[..] {
                if oid == CN {
                    info.common_name = String::from_utf8(value.to_vec()).ok();
                }
            }
        }
    }
    // [3] extensions: the subject alternative names' DNS names.
    for (tag, ext) in fields {
        if tag != 0xa3 {
            continue;
        }
        for (_, list) in children(ext) {
            for (_, e) in children(list) {
                let parts = children(e);
                if parts
                    .first()
                    .is_some_and(|(t, oid)| *t == 0x06 && *oid == SAN)
                {
                    let Some((_, octets)) = parts.last() else {
                        continue;
                    };
                    for (_, names) in children(octets) {
                        for (t, name) in children(names) {
                            if t == 0x82 {
                                if let Ok(n) = String::from_utf8(name.to_vec()) {
                                    info.dns_names.push(n);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    Some(info)
}

/// A UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime (`YYYYMMDDHHMMSSZ`), in ms.
fn time((tag, t): &(u8, &[u8])) -> Option<i64> {
    let t = std::str::from_utf8(t).ok()?;
    let full = match tag {
        0x17 => {
            let yy: i64 = t.get(0..2)?.parse().ok()?;
            format!("{}{t}", if yy < 50 { "20" } else { "19" })
        }
        0x18 => t.to_string(),
        _ => return None,
    };
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        full.get(0..4)?,
        full.get(4..6)?,
        full.get(6..8)?,
        full.get(8..10)?,
        full.get(10..12)?,
        full.get(12..14)?
    );
    parse_iso(&iso)
}

/// How a certificate stands at `now_ms`: its expiry date in words, and whether to flag it.
pub fn expiry(not_after: i64, now_ms: i64) -> (String, bool) {
    let days = (not_after - now_ms).div_euclid(86_400_000);
    let date = date_of(not_after);
    if not_after <= now_ms {
        (format!("Expired on {date}"), true)
    } else if days == 0 {
        (format!("Expires today ({date})"), true)
    } else if days == 1 {
        (format!("Expires tomorrow ({date})"), true)
    } else {
        (format!("Expires in {days} days ({date})"), days < WARN_DAYS)
    }
}

/// The add form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CertificateForm {
    pub name: String,
    pub certificate: String,
    pub private_key: String,
    pub auto_renew: bool,
}

impl CertificateForm {
    /// The body of `certificates.create` (checked: the certificate readable, the key a PEM
    /// private key), or the fields' errors.
    pub fn input(&self) -> Result<CertificateInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            errors.push(("cert-name", "Enter a name.".to_string()));
        }
        let certificate = self.certificate.trim();
        if read_pem(certificate).is_none() {
            errors.push((
                "cert-data",
                "Paste the certificate in PEM form (from -----BEGIN CERTIFICATE----- to its END line, the chain after it if any).".to_string(),
            ));
        }
        let key = self.private_key.trim();
        if !(key.starts_with("-----BEGIN")
            && key.contains("PRIVATE KEY-----")
            && key.contains("-----END"))
        {
            errors.push((
                "cert-key",
                "Paste its private key in PEM form (from -----BEGIN PRIVATE KEY----- to its END line).".to_string(),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CertificateInput {
            name: name.to_string(),
            certificate_data: format!("{certificate}\n"),
            private_key: format!("{key}\n"),
            auto_renew: self.auto_renew,
            organization_id: None,
        })
    }
}

/// The certificates page's list: name, domains, expiry (flagged within [`WARN_DAYS`] or past),
/// and Delete (the list's one click listener reads `data-action` and `data-id`).
pub fn rows_html(all: Option<&Result<Vec<Certificate>, ApiError>>, now_ms: i64) -> String {
    let mut h = Html::with_capacity(800);
    let Some(list) = answered(&mut h, all, "Loading certificates…", true) else {
        return h.finish();
    };
    if list.is_empty() {
        h.raw("<p class=\"empty\" data-test=\"no-certificates\">No certificates of your own. Domains get Let's Encrypt certificates by themselves; add one here only for a certificate you bought or made.</p>");
        return h.finish();
    }
    h.raw("<div class=\"table-wrap table-wrap--flush\"><table class=\"table table--stack\"><thead><tr><th>Name</th><th>Domains</th><th>Validity</th><th><span class=\"sr-only\">Actions</span></th></tr></thead><tbody>");
    for c in list {
        let info = read_pem(&c.certificate_data);
        h.raw("<tr data-test=\"certificate-row\"><td data-label=\"Name\"><strong>")
            .text(&c.name)
            .raw("</strong></td><td data-label=\"Domains\" class=\"mono\">");
        match &info {
            Some(i) => h.text(&i.domains()),
            None => h.raw("<span class=\"muted\">Unreadable</span>"),
        };
        h.raw("</td><td data-label=\"Validity\" data-test=\"certificate-expiry\">");
        match &info {
            Some(i) => {
                let (words, flagged) = expiry(i.not_after, now_ms);
                h.raw(match (flagged, i.not_after <= now_ms) {
                    (_, true) => "<span class=\"badge badge--error\" data-test=\"expiry-warning\">",
                    (true, false) => {
                        "<span class=\"badge badge--queued\" data-test=\"expiry-warning\">"
                    }
                    _ => "<span class=\"small\">",
                })
                .text(&words)
                .raw("</span>");
            }
            None => {
                h.raw("<span class=\"muted\">Unknown</span>");
            }
        }
        h.raw("</td><td class=\"actions\"><button type=\"button\" class=\"btn btn--small btn--danger\" data-test=\"delete-certificate\" data-action=\"delete\" data-id=\"")
            .text(&c.certificate_id)
            .raw("\">Delete</button></td></tr>");
    }
    h.raw("</tbody></table></div>");
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The self-signed certificate of the v0.30.2 recording (CN rec-wave2.localhost, valid
    /// 2026-12-02 17:41:52 to 2027-01-01 17:41:52 UTC).
    const RECORDED: &str = "-----BEGIN CERTIFICATE-----\nMIIDHTCCAgWgAwIBAgIUbCNAlEkiCVkhwPL4qwlV+Y7A06MwDQYJKoZIhvcNAQEL\nBQAwHjEcMBoGA1UEAwwTcmVjLXdhdmUyLmxvY2FsaG9zdDAeFw0yNjEyMDIxNzQx\nNTJaFw0yNzAxMDExNzQxNTJaMB4xHDAaBgNVBAMME3JlYy13YXZlMi5sb2NhbGhv\nc3QwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQC4ja3kuBoBvX3OVcPr\nHErqit2fecglhMs0Wi/wI1ucxlTp6IFzEa5DrH71+4vOehAwn5uLnsdzgqwNRYx0\ns5xJM1zSDzwChZY2i2zjgq6Tj5pnaW+TMuXw64G9fDtN8zh/ufXqhR6AKjOaJ8yN\nkrCq9LdfKmrJwy6MfKm1OWj5KG3SuyaXT8lzH+LWgFhf6LJwtuhVhRikdmPw6Cb1\n+fxzz/wFT9OwXEiNcjATzUlJnH8EEuTmWdKw1vIW2eIAEU2F9JLtWDeFy0MRfQA+\nlMCRUeSd7k/xYlHdo3pIiKVUmSFh7Dsn4YCE7Uy9w5Q/mT8DresAUhuRbSSonIk+\nZsATAgMBAAGjUzBRMB0GA1UdDgQWBBQwDlTm6yYwMTFKihCfEJjyzNwNcjAfBgNV\nHSMEGDAWgBQwDlTm6yYwMTFKihCfEJjyzNwNcjAPBgNVHRMBAf8EBTADAQH/MA0G\nCSqGSIb3DQEBCwUAA4IBAQA2a0weQRSH5weAQOpBa4cbSVVngvq2L/sccKR8ERLC\nfLxWwIWkWonL5wPMkPFEUGiiyp0Dx3xFwrTnIwWiaxBuyTxmn7pGlHtQpuoNoJk6\n3JgFqfuO3EoiGQiMgPkNYOTPcjkgsHhDQbJ60MGRhannjP5WgXULNhrpTcq/rjAb\nJg0prEJvnoT7TPdIS+tCuB6BuKrWxXVKg17PUIHzVXy7Aay1PjhD2Oos0KI1B4ci\nTryCHAjJPXT+aFTwAyNMOcMeA4PluIRFIlkLugl9AkOWTnUWQAfS4kmAw2Pb4RDJ\njGSnGhBKCwih00cqm1fO8czO/Kh2KmHHvx3C+OHfOU+6\n-----END CERTIFICATE-----\n";

    #[test]
    fn a_pem_certificate_says_its_domain_and_end() {
        let info = read_pem(RECORDED).unwrap();
        assert_eq!(info.common_name.as_deref(), Some("rec-wave2.localhost"));
        assert_eq!(info.domains(), "rec-wave2.localhost");
        assert_eq!(info.not_after, parse_iso("2027-01-01T17:41:52Z").unwrap());
        assert_eq!(
            read_pem("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----"),
            None
        );
        assert_eq!(read_pem("hello"), None);
    }

    #[test]
    fn expiry_is_flagged_within_thirty_days() {
        let end = parse_iso("2027-01-01T17:41:52Z").unwrap();
        let day = 86_400_000;
        assert_eq!(
            expiry(end, end - 40 * day),
            ("Expires in 40 days (2027-01-01)".to_string(), false)
        );
        assert!(expiry(end, end - 29 * day - 1).1);
        assert_eq!(expiry(end, end - day + 1).0, "Expires today (2027-01-01)");
        assert_eq!(
            expiry(end, end + 1),
            ("Expired on 2027-01-01".to_string(), true)
        );
    }

    #[test]
    fn the_form_checks_both_pems_before_sending() {
        let f = CertificateForm {
            name: "wildcard".into(),
            certificate: RECORDED.into(),
            private_key: "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----".into(),
            auto_renew: false,
        };
        let i = f.input().unwrap();
        assert!(i.private_key.ends_with("-----\n"));
        let bad = CertificateForm {
            certificate: "-----BEGIN CERTIFICATE-----\nxyz\n-----END CERTIFICATE-----".into(),
            private_key: "secret".into(),
            ..f
        };
        let fields: Vec<&str> = bad.input().unwrap_err().iter().map(|e| e.0).collect();
        assert_eq!(fields, ["cert-data", "cert-key"]);
    }

    #[test]
    fn the_list_flags_what_expires_and_never_shows_a_key() {
        let c = Certificate {
            certificate_id: "c1".into(),
            name: "<i>x</i>".into(),
            certificate_data: RECORDED.into(),
            auto_renew: Some(false),
            server_id: None,
        };
        let now = parse_iso("2026-12-20T00:00:00Z").unwrap();
        let html = rows_html(Some(&Ok(vec![c])), now);
        assert!(html.contains("&lt;i&gt;x"), "{html}");
        assert!(html.contains("rec-wave2.localhost"));
        assert!(html.contains("expiry-warning"));
        assert!(html.contains("Expires in 12 days (2027-01-01)"));
        assert!(!html.contains("PRIVATE"));
    }
}
