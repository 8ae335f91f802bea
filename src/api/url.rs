//! Turning whatever the user pasted into the API base URL (`https://host/api`), and
//! building query strings.

/// Dashboard paths people paste from the address bar; everything from here on is dropped.
const FRONTEND_SEGMENTS: [&str; 7] = [
    "dashboard",
    "swagger",
    "register",
    "invitation",
    "reset-password",
    "send-reset-password",
    "settings",
];

/// Normalises an instance address to the API base, `scheme://host[:port][/prefix]/api`.
///
/// * trims whitespace, drops `?query` / `#fragment` and trailing slashes;
/// * adds a scheme when missing: `http://` for `localhost`, IP addresses and explicit
///   non-443 ports (Dokploy's own port 3000 speaks plain http), `https://` otherwise;
/// * lowercases the host and drops default ports (`:443` for https, `:80` for http);
/// * strips a pasted dashboard path (`/dashboard/project/...`) or API path
///   (`/api/project.all`);
/// * ends in `/api`.
pub fn normalize_base_url(input: &str) -> Result<String, String> {
    let input = input.trim();
    if input.is_empty() {
        return Err("Enter the address of your Dokploy instance.".to_string());
    }
    if input.chars().any(char::is_whitespace) {
        return Err("The address cannot contain spaces.".to_string());
    }
    let (scheme, rest) = match input.split_once("://") {
        Some((s, r)) => {
            let s = s.to_ascii_lowercase();
            if s != "http" && s != "https" {
                return Err(format!("Use an http:// or https:// address (not {s}://)."));
            }
            (Some(s), r)
        }
        None => (None, input.trim_start_matches('/')),
    };
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if authority.contains('@') {
        return Err("Leave out any user name or password from the address.".to_string());
    }
    let authority = authority.to_ascii_lowercase();
    let (host, port) = split_host_port(&authority)?;
    if host.is_empty() {
        return Err("The address has no host name.".to_string());
    }
    let valid_host = host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | ':' | '[' | ']'));
    if !valid_host {
        return Err(format!("\"{host}\" is not a valid host name."));
    }
    let scheme = scheme.unwrap_or_else(|| {
        let plain = is_local_or_ip(host) || port.is_some_and(|p| p != 443);
        if plain { "http" } else { "https" }.to_string()
    });
    let port = port.filter(|p| !matches!((scheme.as_str(), *p), ("https", 443) | ("http", 80)));

    let mut kept: Vec<&str> = Vec::new();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        if seg.eq_ignore_ascii_case("api") {
            break;
        }
        if FRONTEND_SEGMENTS
            .iter()
            .any(|f| seg.eq_ignore_ascii_case(f))
        {
            break;
        }
        kept.push(seg);
    }
    let mut out = format!("{scheme}://{host}");
    if let Some(p) = port {
        out.push(':');
        out.push_str(&p.to_string());
    }
    for seg in kept {
        out.push('/');
        out.push_str(seg);
    }
    out.push_str("/api");
    Ok(out)
}

fn split_host_port(authority: &str) -> Result<(&str, Option<u16>), String> {
    let (host, port) = if authority.starts_with('[') {
        match authority.find(']') {
            Some(i) => (&authority[..=i], authority[i + 1..].strip_prefix(':')),
            None => return Err("The IPv6 address is missing a \"]\".".to_string()),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    let port = match port {
        None | Some("") => None,
        Some(p) => Some(
            p.parse::<u16>()
                .ok()
                .filter(|p| *p != 0)
                .ok_or_else(|| format!("\"{p}\" is not a valid port."))?,
        ),
    };
    Ok((host, port))
}

fn is_local_or_ip(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with('[')
        || (host.split('.').count() == 4 && host.split('.').all(|p| p.parse::<u8>().is_ok()))
}

/// `host[:port]` of a URL (what stands between the scheme and the path, query or fragment;
/// the whole text up to those without a scheme).
pub fn url_authority(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// `scheme://host[:port]` of a URL (no path).
pub fn origin_of(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
            format!("{scheme}://{authority}")
        }
        None => url.split(['/', '?', '#']).next().unwrap_or("").to_string(),
    }
}

/// Percent-encodes a query-string component (RFC 3986 unreserved characters stay).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
    out
}

/// `a=1&b=x%20y` from pairs, in order.
pub fn query_string(params: &[(&str, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}
