//! The add/edit domain form: checks and the request bodies.

use std::collections::BTreeMap;

use crate::api::{DomainUpdate, NewDomain};
use crate::model::{CertificateType, Domain, ServiceKind};

/// What the domain dialog edits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DomainForm {
    pub host: String,
    pub path: String,
    pub port: String,
    pub https: bool,
    /// `none` or `letsencrypt` (a `custom` certificate is kept as it is).
    pub certificate: String,
    /// Compose: which service of the file receives the traffic.
    pub service_name: String,
}

impl DomainForm {
    /// A new domain: HTTPS with Let's Encrypt, on `default_port`.
    pub fn new(default_port: u16) -> Self {
        DomainForm {
            host: String::new(),
            path: "/".into(),
            port: default_port.to_string(),
            https: true,
            certificate: "letsencrypt".into(),
            service_name: String::new(),
        }
    }

    /// The form for an existing domain.
    pub fn from_domain(d: &Domain) -> Self {
        DomainForm {
            host: d.host.clone(),
            path: d.path.clone().unwrap_or_else(|| "/".into()),
            port: d.port.map(|p| p.to_string()).unwrap_or_default(),
            https: d.https,
            certificate: d
                .certificate_type
                .as_ref()
                .map(|c| c.as_str().to_string())
                .unwrap_or_else(|| "none".into()),
            service_name: d.service_name.clone().unwrap_or_default(),
        }
    }

    /// The host as typed, without a pasted scheme or trailing slash.
    pub fn clean_host(&self) -> String {
        let h = self.host.trim();
        let h = h
            .strip_prefix("https://")
            .or_else(|| h.strip_prefix("http://"))
            .unwrap_or(h);
        h.trim_end_matches('/').to_ascii_lowercase()
    }

    fn port(&self) -> Option<u16> {
        self.port.trim().parse().ok().filter(|p| *p > 0)
    }

    fn path(&self) -> Option<String> {
        let p = self.path.trim();
        (!p.is_empty()).then(|| p.to_string())
    }

    fn certificate(&self) -> Option<CertificateType> {
        if !self.https {
            return Some(CertificateType::None);
        }
        Some(CertificateType::parse(&self.certificate))
    }

    /// Problems per API field name (`host`, `path`, `port`, `serviceName`).
    pub fn validate(&self, kind: ServiceKind) -> BTreeMap<&'static str, String> {
        let mut e = BTreeMap::new();
        let host = self.clean_host();
        if host.is_empty() {
            e.insert(
                "host",
                "Enter the host name, e.g. app.example.com.".to_string(),
            );
        } else if host.contains(['/', ' ', '?', '#', '@']) || host.contains("..") {
            e.insert(
                "host",
                "Only the host name: no scheme, path or spaces (e.g. app.example.com).".to_string(),
            );
        }
        let p = self.path.trim();
        if !p.is_empty() && !p.starts_with('/') {
            e.insert("path", "A path starts with / (e.g. /api).".to_string());
        }
        let port = self.port.trim();
        if !port.is_empty() && self.port().is_none() {
            e.insert(
                "port",
                "The container port: a number from 1 to 65535.".to_string(),
            );
        }
        if kind == ServiceKind::Compose && self.service_name.trim().is_empty() {
            e.insert(
                "serviceName",
                "Choose the compose service that serves this domain.".to_string(),
            );
        }
        e
    }

    /// `domain.create` for an application or compose service.
    pub fn create(&self, kind: ServiceKind, service_id: &str) -> NewDomain {
        let compose = kind == ServiceKind::Compose;
        NewDomain {
            host: self.clean_host(),
            path: self.path(),
            port: self.port(),
            https: self.https,
            certificate_type: self.certificate(),
            application_id: (!compose).then(|| service_id.to_string()),
            compose_id: compose.then(|| service_id.to_string()),
            service_name: compose.then(|| self.service_name.trim().to_string()),
            domain_type: Some(if compose { "compose" } else { "application" }.to_string()),
        }
    }

    /// `domain.update` of `domain_id`.
    pub fn update(&self, kind: ServiceKind, domain_id: &str) -> DomainUpdate {
        let compose = kind == ServiceKind::Compose;
        DomainUpdate {
            domain_id: domain_id.to_string(),
            host: self.clean_host(),
            path: self.path(),
            port: self.port(),
            https: self.https,
            certificate_type: self.certificate(),
            service_name: compose.then(|| self.service_name.trim().to_string()),
            domain_type: Some(if compose { "compose" } else { "application" }.to_string()),
        }
    }
}

/// Whether a URL is safe and sensible to open from a link: `http` or `https`, and a host that
/// is a real host name or IP address (letters, digits, `-`, `.`, an optional `:port`, or an
/// `[IPv6]`). A host the server sent with markup, spaces, quotes or a wildcard is shown as text
/// instead of becoming a link to nowhere.
pub fn openable(url: &str) -> bool {
    let rest = match url.split_once("://") {
        Some((scheme, rest)) if scheme == "https" || scheme == "http" => rest,
        _ => return false,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        match v6.split_once(']') {
            Some((h, after))
                if !h.is_empty()
                    && h.chars()
                        .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.') =>
            {
                (
                    None,
                    after
                        .strip_prefix(':')
                        .or(if after.is_empty() { None } else { Some("x") }),
                )
            }
            _ => return false,
        }
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (Some(h), Some(p)),
            None => (Some(authority), None),
        }
    };
    if let Some(p) = port {
        if p.parse::<u16>().map_or(true, |p| p == 0) {
            return false;
        }
    }
    let Some(host) = host else {
        return true;
    };
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_hosts_are_openable() {
        for ok in [
            "https://app.example.com",
            "http://app.example.com/api/v1?x=<b>",
            "https://my_host.internal:8443/",
            "http://10.0.0.5:3000",
            "http://[::1]:8080/x",
            "https://xn--bcher-kva.example",
        ] {
            assert!(openable(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "ftp://example.com",
            "https://",
            "https://<script>window.__xss=1</script>/x",
            "http://\"><img src=x onerror=1>",
            "https://javascript:window.__xss=4//",
            "https://a b.example.com",
            "https://*.example.com",
            "https://example..com",
            "https://-bad.example.com",
            "https://example.com:0",
            "https://example.com:99999",
            "https://example.com:port",
            "http://[::1",
            "http://[zz]/",
        ] {
            assert!(!openable(bad), "{bad}");
        }
    }

    #[test]
    fn checks_hosts_paths_ports() {
        let mut f = DomainForm::new(3000);
        assert!(f.validate(ServiceKind::Application).contains_key("host"));
        f.host = "https://App.Example.com/".into();
        assert!(f.validate(ServiceKind::Application).is_empty());
        assert_eq!(f.clean_host(), "app.example.com");
        f.host = "app.example.com/x".into();
        assert!(f.validate(ServiceKind::Application).contains_key("host"));
        f.host = "a.test".into();
        f.path = "api".into();
        f.port = "99999".into();
        let e = f.validate(ServiceKind::Application);
        assert!(e.contains_key("path") && e.contains_key("port"));
        f.path = String::new();
        f.port = String::new();
        assert!(f.validate(ServiceKind::Application).is_empty());
        assert!(f.validate(ServiceKind::Compose).contains_key("serviceName"));
    }

    #[test]
    fn builds_requests() {
        let mut f = DomainForm::new(8080);
        f.host = "grafana.acme.test".into();
        f.service_name = "grafana".into();
        let c = f.create(ServiceKind::Compose, "c1");
        assert_eq!(c.compose_id.as_deref(), Some("c1"));
        assert_eq!(c.application_id, None);
        assert_eq!(c.service_name.as_deref(), Some("grafana"));
        assert_eq!(c.port, Some(8080));
        assert_eq!(c.certificate_type, Some(CertificateType::LetsEncrypt));
        f.https = false;
        let a = f.create(ServiceKind::Application, "a1");
        assert_eq!(a.application_id.as_deref(), Some("a1"));
        assert_eq!(a.service_name, None);
        assert_eq!(a.certificate_type, Some(CertificateType::None));
        let u = f.update(ServiceKind::Application, "d1");
        assert_eq!(u.domain_id, "d1");
        assert_eq!(u.path.as_deref(), Some("/"));
    }

    #[test]
    fn round_trips_a_domain() {
        let d = Domain {
            domain_id: "d".into(),
            host: "shop.acme.test".into(),
            path: Some("/".into()),
            port: Some(3000),
            https: true,
            certificate_type: Some(CertificateType::LetsEncrypt),
            ..Default::default()
        };
        let f = DomainForm::from_domain(&d);
        assert_eq!(f.port, "3000");
        assert!(f.validate(ServiceKind::Application).is_empty());
        assert!(openable(&d.url()));
        assert!(!openable("javascript:alert(1)"));
    }
}
