//! What went wrong talking to Dokploy, in user terms.
//!
//! [`classify`] turns a non-2xx answer into an [`ApiError`]; [`network_error`] explains a
//! fetch that never got an HTTP status. Both are pure and host-tested against the recordings.
//! No message ever contains the API key: errors are built from status, body and URLs only.

use std::collections::BTreeMap;

use serde_json::Value;

/// How a 404 for a procedure the instance does not have begins ("… offer project.nope").
const MISSING_PROCEDURE: &str = "This Dokploy version does not offer";

/// Why a request got no HTTP answer at all, as far as the page can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetworkCause {
    /// An `https` page calling an `http` instance: the browser blocks it before sending.
    MixedContent,
    /// The instance is on another origin; Dokploy sends no CORS headers, so the browser
    /// hides the answer (or the server is simply down: the page cannot tell which).
    CrossOrigin,
    /// Same origin and still no answer: the server or the network is down.
    Down,
}

/// Every way a call to Dokploy can fail. `Clone` so views can keep it in signals.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The fetch was rejected without an HTTP status.
    Unreachable { cause: NetworkCause, url: String },
    /// No answer within the limit ([`crate::api::REQUEST_TIMEOUT_SECS`]).
    Timeout { seconds: u32 },
    /// 401: the key is wrong, expired, revoked or rate-limited (Dokploy answers 401 for all four).
    Unauthorized { message: String },
    /// 403: the key's user lacks the permission.
    Forbidden { message: String },
    /// 404: unknown id, unknown procedure, or wrong method (tRPC answers 404 for all three).
    NotFound { message: String },
    /// 400: input validation failed (with the server's field errors) or malformed JSON.
    Invalid {
        message: String,
        field_errors: BTreeMap<String, Vec<String>>,
        form_errors: Vec<String>,
    },
    /// 415: wrong content type.
    UnsupportedMedia { message: String },
    /// 5xx: Dokploy failed (e.g. a Docker error), or the proxy in front of it answered.
    Server { status: u16, message: String },
    /// Any other unexpected status (3xx, 405, 409, 429, ...).
    Http { status: u16, message: String },
    /// 2xx, but the body is not what this endpoint returns.
    Decode { endpoint: String, detail: String },
    /// The request was cancelled (its view went away).
    Aborted,
    /// The server answered with a redirect. Skiff never follows one: the key goes only to the
    /// address the user saved, not to wherever a redirect points.
    Redirected { url: String },
}

impl ApiError {
    /// One line: what happened.
    pub fn title(&self) -> String {
        match self {
            ApiError::Unreachable { cause, url } => match cause {
                NetworkCause::MixedContent => format!(
                    "The browser blocked the request to {} (insecure http from an https page)",
                    super::url::url_authority(url)
                ),
                NetworkCause::CrossOrigin => format!(
                    "No answer from {} that the browser would let Skiff read",
                    super::url::url_authority(url)
                ),
                NetworkCause::Down => format!("Cannot reach {}", super::url::url_authority(url)),
            },
            ApiError::Timeout { seconds } => {
                format!("Dokploy did not answer within {seconds} seconds")
            }
            ApiError::Unauthorized { .. } => "Dokploy refused the API key".to_string(),
            ApiError::Forbidden { message } => {
                with_detail("You do not have permission for this", message)
            }
            ApiError::NotFound { message } => {
                if message.is_empty() || message.eq_ignore_ascii_case("not found") {
                    "Not found".to_string()
                } else {
                    message.clone()
                }
            }
            ApiError::Invalid {
                message,
                field_errors,
                form_errors,
            } => {
                let first = field_errors
                    .iter()
                    .next()
                    .and_then(|(field, errs)| Some(format!("{field}: {}", errs.first()?)))
                    .or_else(|| form_errors.first().cloned());
                match first {
                    Some(detail) => format!("Dokploy rejected the input ({detail})"),
                    None => with_detail("Dokploy rejected the request", message),
                }
            }
            ApiError::UnsupportedMedia { message } => {
                with_detail("Dokploy rejected the request format", message)
            }
            ApiError::Server { status, message } => {
                if message.is_empty() {
                    format!("Dokploy failed (HTTP {status})")
                } else {
                    format!("Dokploy failed: {message}")
                }
            }
            ApiError::Http { status, message } => {
                with_detail(&format!("Unexpected answer (HTTP {status})"), message)
            }
            ApiError::Decode { endpoint, .. } => {
                format!("Skiff could not read Dokploy's answer to {endpoint}")
            }
            ApiError::Aborted => "The request was cancelled".to_string(),
            ApiError::Redirected { url } => {
                format!(
                    "{} answered with a redirect to another address",
                    super::url::url_authority(url)
                )
            }
        }
    }

    /// What to do about it, in user terms.
    pub fn advice(&self) -> String {
        match self {
            ApiError::Unreachable { cause, .. } => match cause {
                NetworkCause::MixedContent => "Use the https address of your Dokploy instance, or open Skiff over http.".to_string(),
                NetworkCause::CrossOrigin => "Dokploy does not allow calls from other sites (no CORS headers). Serve Skiff from the same address as Dokploy (for example behind the same reverse proxy), and check that the instance is up.".to_string(),
                NetworkCause::Down => "Check the address, that the server is running, and your network connection.".to_string(),
            },
            ApiError::Timeout { .. } => "The server may be busy or unreachable. Try again in a moment.".to_string(),
            ApiError::Unauthorized { .. } => "Check the API key: it may be wrong, expired or revoked, or it hit its rate limit (then wait a minute). Create a new key in Dokploy under Settings > Profile > API/CLI if needed.".to_string(),
            ApiError::Forbidden { .. } => "Ask an owner or admin of the organization to grant the permission.".to_string(),
            ApiError::NotFound { message } if message.starts_with(MISSING_PROCEDURE) => "Skiff asked for something this Dokploy version does not have: do it in Dokploy's own dashboard, or update Dokploy. Please tell Skiff's maintainers which version answered this.".to_string(),
            ApiError::NotFound { .. } => "It may have been deleted. Go back and reload the list. If this keeps happening, this Dokploy version may not support the action.".to_string(),
            ApiError::Invalid { .. } => "Correct the highlighted fields and try again.".to_string(),
            ApiError::UnsupportedMedia { .. } => "This is a bug in Skiff; please report it.".to_string(),
            ApiError::Server { status, .. } if *status >= 502 => "The proxy or Dokploy itself is not ready. Try again in a moment.".to_string(),
            ApiError::Server { .. } => "Check the server's logs in Dokploy (Docker may not be running).".to_string(),
            ApiError::Http { .. } => "Try again; if it persists, check the proxy in front of Dokploy.".to_string(),
            ApiError::Decode { .. } => "This Dokploy version answers in a shape Skiff does not know yet. Please report it with your Dokploy version.".to_string(),
            ApiError::Aborted => String::new(),
            ApiError::Redirected { .. } => "Skiff sends your key only to the address you saved and never follows redirects. Save the address the server redirects to instead (often the https:// one, or without a path prefix).".to_string(),
        }
    }

    /// The server's message(s) for one input field (e.g. `"name"`), joined.
    pub fn field_error(&self, field: &str) -> Option<String> {
        match self {
            ApiError::Invalid { field_errors, .. } => field_errors
                .get(field)
                .filter(|e| !e.is_empty())
                .map(|e| e.join("; ")),
            _ => None,
        }
    }

    /// True when the key itself is the problem: the user should sign in again.
    pub fn is_auth(&self) -> bool {
        matches!(self, ApiError::Unauthorized { .. })
    }

    /// True when trying again later can help.
    pub fn is_retryable(&self) -> bool {
        match self {
            ApiError::Unreachable { cause, .. } => *cause != NetworkCause::MixedContent,
            ApiError::Timeout { .. } => true,
            ApiError::Server { status, .. } => matches!(status, 502..=504),
            ApiError::Http { status, .. } => matches!(status, 408 | 425 | 429),
            _ => false,
        }
    }

    /// The HTTP status, when there was one.
    pub fn status(&self) -> Option<u16> {
        Some(match self {
            ApiError::Unauthorized { .. } => 401,
            ApiError::Forbidden { .. } => 403,
            ApiError::NotFound { .. } => 404,
            ApiError::Invalid { .. } => 400,
            ApiError::UnsupportedMedia { .. } => 415,
            ApiError::Server { status, .. } | ApiError::Http { status, .. } => *status,
            _ => return None,
        })
    }
}

impl ApiError {
    /// The same error with every occurrence of `secret` (the API key) in its texts replaced by
    /// `[key hidden]`, also percent-encoded. Messages come from the server's answer, which could
    /// echo the key back (a proxy's debug page, a misconfigured error handler): they are shown on
    /// screen and may be copied into bug reports, so the key must never be in them. Secrets under
    /// 4 characters are not searched for (they would mangle every message and protect nothing).
    pub fn redact(self, secret: &str) -> ApiError {
        let secret = secret.trim();
        if secret.chars().count() < 4 {
            return self;
        }
        self.map_texts(|text| redact_text(text, secret))
    }

    /// The same error with `hide` applied to every text in it (messages, field errors, URLs):
    /// for secrets other than the key that an answer may echo (a backup's S3 keys).
    #[inline(always)]
    pub fn map_texts(self, hide: impl Fn(String) -> String) -> ApiError {
        match self {
            ApiError::Unreachable { cause, url } => ApiError::Unreachable {
                cause,
                url: hide(url),
            },
            ApiError::Timeout { seconds } => ApiError::Timeout { seconds },
            ApiError::Unauthorized { message } => ApiError::Unauthorized {
                message: hide(message),
            },
            ApiError::Forbidden { message } => ApiError::Forbidden {
                message: hide(message),
            },
            ApiError::NotFound { message } => ApiError::NotFound {
                message: hide(message),
            },
            ApiError::Invalid {
                message,
                field_errors,
                form_errors,
            } => {
                // Inserted one by one rather than collected: `BTreeMap::from_iter` sorts, and
                // brings a sort of its own into the first view. The same map either way.
                let mut hidden = BTreeMap::new();
                for (k, v) in field_errors {
                    hidden.insert(hide(k), v.into_iter().map(&hide).collect());
                }
                ApiError::Invalid {
                    message: hide(message),
                    field_errors: hidden,
                    form_errors: form_errors.into_iter().map(&hide).collect(),
                }
            }
            ApiError::UnsupportedMedia { message } => ApiError::UnsupportedMedia {
                message: hide(message),
            },
            ApiError::Server { status, message } => ApiError::Server {
                status,
                message: hide(message),
            },
            ApiError::Http { status, message } => ApiError::Http {
                status,
                message: hide(message),
            },
            ApiError::Decode { endpoint, detail } => ApiError::Decode {
                endpoint: hide(endpoint),
                detail: hide(detail),
            },
            ApiError::Aborted => ApiError::Aborted,
            ApiError::Redirected { url } => ApiError::Redirected { url: hide(url) },
        }
    }
}

/// What stands for the key in a redacted message.
pub const REDACTED: &str = "[key hidden]";

/// `text` with `secret` (as is and percent-encoded) replaced by [`REDACTED`]; unchanged for
/// secrets under 4 characters.
pub fn redact_text(text: String, secret: &str) -> String {
    let secret = secret.trim();
    if secret.chars().count() < 4 {
        return text;
    }
    let encoded = super::url::encode_component(secret);
    if !text.contains(secret) && !text.contains(&encoded) {
        return text;
    }
    text.replace(secret, REDACTED).replace(&encoded, REDACTED)
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let advice = self.advice();
        if advice.is_empty() {
            f.write_str(&self.title())
        } else {
            write!(f, "{}. {}", self.title(), advice)
        }
    }
}

impl std::error::Error for ApiError {}

fn with_detail(head: &str, message: &str) -> String {
    if message.is_empty() {
        head.to_string()
    } else {
        format!("{head}: {message}")
    }
}

/// `https://host:port/api` → `host:port`, for messages.
/// Longest server message kept in an error (Docker errors can be long).
const MAX_MESSAGE: usize = 600;

fn clip(s: &str) -> String {
    let s = s.trim();
    if s.len() <= MAX_MESSAGE {
        return s.to_string();
    }
    let mut end = MAX_MESSAGE;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

fn looks_like_html(content_type: Option<&str>, body: &str) -> bool {
    content_type.is_some_and(|ct| ct.to_ascii_lowercase().contains("text/html"))
        || body.trim_start().starts_with('<')
}

/// The message, field errors and form errors of an error body, any era:
/// `{message, code, data:{zodError:{formErrors, fieldErrors}}, issues}` (v0.25+),
/// `{message, code, issues}` (legacy), `{error:{json:{message,...}}}` (raw tRPC),
/// `{code, message}` (better-auth), or plain text (`Invalid JSON`).
fn parse_body(body: &Value) -> (String, BTreeMap<String, Vec<String>>, Vec<String>) {
    let root = body
        .get("error")
        .and_then(|e| e.get("json").or(Some(e)))
        .filter(|e| e.is_object())
        .unwrap_or(body);
    let message = root
        .get("message")
        .and_then(Value::as_str)
        .map(clip)
        .unwrap_or_default();
    let mut field_errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut form_errors = Vec::new();
    let zod = root.get("data").and_then(|d| d.get("zodError"));
    if let Some(zod) = zod.filter(|z| z.is_object()) {
        if let Some(fields) = zod.get("fieldErrors").and_then(Value::as_object) {
            for (field, errs) in fields {
                let msgs: Vec<String> = match errs {
                    Value::Array(a) => a.iter().filter_map(Value::as_str).map(clip).collect(),
                    Value::String(s) => vec![clip(s)],
                    _ => Vec::new(),
                };
                if !msgs.is_empty() {
                    field_errors.insert(field.clone(), msgs);
                }
            }
        }
        if let Some(forms) = zod.get("formErrors").and_then(Value::as_array) {
            form_errors.extend(forms.iter().filter_map(Value::as_str).map(clip));
        }
    } else if let Some(issues) = root.get("issues").and_then(Value::as_array) {
        for issue in issues {
            let Some(msg) = issue.get("message").and_then(Value::as_str) else {
                continue;
            };
            let path: Vec<String> = issue
                .get("path")
                .and_then(Value::as_array)
                .map(|p| {
                    p.iter()
                        .map(|seg| match seg {
                            Value::String(s) => s.clone(),
                            // An index (no float formatting or JSON writer in the wasm for it).
                            other => other.as_u64().map_or_else(|| "?".into(), |i| i.to_string()),
                        })
                        .collect()
                })
                .unwrap_or_default();
            if path.is_empty() {
                form_errors.push(clip(msg));
            } else {
                field_errors
                    .entry(path.join("."))
                    .or_default()
                    .push(clip(msg));
            }
        }
    }
    (message, field_errors, form_errors)
}

/// Classifies a non-2xx answer. `endpoint` is the procedure (`project.create`), used only
/// for messages.
pub fn classify(status: u16, content_type: Option<&str>, body: &str, endpoint: &str) -> ApiError {
    let html = looks_like_html(content_type, body);
    let (message, field_errors, form_errors) = if html {
        (String::new(), BTreeMap::new(), Vec::new())
    } else {
        match serde_json::from_str::<Value>(body) {
            Ok(v @ Value::Object(_)) => parse_body(&v),
            Ok(Value::String(s)) => (clip(&s), BTreeMap::new(), Vec::new()),
            _ => (clip(body), BTreeMap::new(), Vec::new()),
        }
    };
    match status {
        // Dokploy answers 401 for a role's missing permission too (v0.30: `checkPermission`,
        // "unauthorized to access resource \"tag\"", "Permission denied"): the key is fine.
        401 if message.starts_with("unauthorized to access resource")
            || message == "Permission denied"
            || message == "You don't have access to this project" =>
        {
            ApiError::Forbidden { message }
        }
        401 => ApiError::Unauthorized { message },
        403 => ApiError::Forbidden { message },
        404 => {
            // tRPC's bare "Not found" means the procedure itself (or its method) is unknown.
            let generic = message.is_empty() || message.eq_ignore_ascii_case("not found");
            let message = if generic && !endpoint.is_empty() && !html {
                format!("{MISSING_PROCEDURE} {endpoint}")
            } else {
                message
            };
            ApiError::NotFound { message }
        }
        400 | 422 => ApiError::Invalid {
            message,
            field_errors,
            form_errors,
        },
        415 => ApiError::UnsupportedMedia { message },
        500..=599 => {
            let message = if html {
                if status == 500 {
                    "Dokploy answered with an error page instead of data".to_string()
                } else {
                    format!("the proxy in front of Dokploy answered {status}")
                }
            } else {
                message
            };
            ApiError::Server { status, message }
        }
        _ => {
            let message = if html {
                format!("the server answered {status} with a web page instead of data")
            } else {
                message
            };
            ApiError::Http { status, message }
        }
    }
}

/// Splits `scheme://host[:port]/...` into lowercase `(scheme, host, port)`, with the
/// default port filled in.
fn origin_parts(url: &str) -> Option<(String, String, u16)> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (h, after) = v6.split_once(']')?;
        (format!("[{h}]"), after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (authority.to_string(), None),
        }
    };
    let default = match scheme.as_str() {
        "https" => 443,
        "http" => 80,
        _ => 0,
    };
    let port = match port {
        Some(p) if !p.is_empty() => p.parse().ok()?,
        _ => default,
    };
    Some((scheme, host.to_ascii_lowercase(), port))
}

/// True for hosts browsers treat as secure even over http (no mixed-content block).
fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "[::1]"
}

/// Explains a fetch that was rejected without an HTTP status, from the page's URL
/// (`window.location.href`) and the instance's base URL.
pub fn network_error(page_url: &str, instance_base: &str) -> ApiError {
    let url = instance_base.to_string();
    let cause = match (origin_parts(page_url), origin_parts(instance_base)) {
        (Some(page), Some(inst)) => {
            if page.0 == "https" && inst.0 == "http" && !is_loopback(&inst.1) {
                NetworkCause::MixedContent
            } else if page != inst {
                NetworkCause::CrossOrigin
            } else {
                NetworkCause::Down
            }
        }
        _ => NetworkCause::Down,
    };
    ApiError::Unreachable { cause, url }
}
