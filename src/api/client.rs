//! The client: base URL, key, auth mode, request building (pure), and the one `send` that
//! talks HTTP (gloo-net in the browser; a scripted responder on the host for tests).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::error::{classify, ApiError};
use super::url::{normalize_base_url, origin_of, query_string};

/// How long a request may take before it is aborted with [`ApiError::Timeout`].
pub const REQUEST_TIMEOUT_SECS: u32 = 20;

/// How the key is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum AuthMode {
    /// `x-api-key: KEY` (v0.19+; API keys from Settings > Profile).
    ApiKey,
    /// `Authorization: Bearer TOKEN` (before v0.19; the token of `auth.generateToken`).
    Bearer,
}

impl<'de> Deserialize<'de> for AuthMode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use AuthMode::*;
        crate::model::de::unit_variant(d, &[("ApiKey", ApiKey), ("Bearer", Bearer)])
    }
}

impl AuthMode {
    /// Human label for settings screens.
    pub fn label(self) -> &'static str {
        match self {
            AuthMode::ApiKey => "API key (x-api-key, Dokploy v0.19+)",
            AuthMode::Bearer => "Bearer token (Dokploy before v0.19)",
        }
    }
}

/// HTTP method of a procedure: queries are GET, mutations POST.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// A fully built request, before it is sent. Pure data, host-tested.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl Request {
    /// The value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The procedure name (`project.one`) from the URL.
    pub fn procedure(&self) -> &str {
        let path = self.url.split('?').next().unwrap_or("");
        path.rsplit('/').next().unwrap_or("")
    }

    /// The query parameters, decoded.
    pub fn query(&self) -> Vec<(String, String)> {
        let Some((_, q)) = self.url.split_once('?') else {
            return Vec::new();
        };
        q.split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (percent_decode(k), percent_decode(v))
            })
            .collect()
    }

    /// The JSON body, parsed (for tests and logs).
    pub fn json(&self) -> Option<serde_json::Value> {
        self.body
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok())
    }
}

/// Debug hides the key.
impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let secret =
                    k.eq_ignore_ascii_case("x-api-key") || k.eq_ignore_ascii_case("authorization");
                (k.as_str(), if secret { "<redacted>" } else { v.as_str() })
            })
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body)
            .finish()
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(if b == b'+' { b' ' } else { b });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A Dokploy instance plus the credential to call it.
#[derive(Clone, PartialEq)]
pub struct Client {
    base: String,
    key: String,
    auth: AuthMode,
}

/// Debug hides the key.
impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .field("key", &"<redacted>")
            .field("auth", &self.auth)
            .finish()
    }
}

impl Client {
    /// A client for `base_url` (normalised with [`normalize_base_url`]; kept as given, minus
    /// trailing slashes, if it cannot be).
    pub fn new(base_url: &str, key: &str, auth: AuthMode) -> Self {
        let base = normalize_base_url(base_url)
            .unwrap_or_else(|_| base_url.trim().trim_end_matches('/').to_string());
        Client {
            base,
            key: key.trim().to_string(),
            auth,
        }
    }

    /// The API base, `https://host/api`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// `https://host[:port]`, e.g. to link to Dokploy's own dashboard.
    pub fn origin(&self) -> String {
        origin_of(&self.base)
    }

    /// How the key is sent.
    pub fn auth(&self) -> AuthMode {
        self.auth
    }

    /// The same client with another auth mode (e.g. after detecting a legacy server).
    pub fn with_auth(&self, auth: AuthMode) -> Self {
        Client {
            auth,
            ..self.clone()
        }
    }

    /// True when a key was given.
    pub fn has_key(&self) -> bool {
        !self.key.is_empty()
    }

    /// `https://host/api/<procedure>`.
    pub fn url(&self, procedure: &str) -> String {
        format!("{}/{}", self.base, procedure)
    }

    fn auth_header(&self) -> (String, String) {
        match self.auth {
            AuthMode::ApiKey => ("x-api-key".to_string(), self.key.clone()),
            AuthMode::Bearer => ("Authorization".to_string(), format!("Bearer {}", self.key)),
        }
    }

    /// A GET of a query procedure; `params` become the query string, in order.
    pub fn get_request(&self, procedure: &str, params: &[(&str, String)]) -> Request {
        let mut url = self.url(procedure);
        if !params.is_empty() {
            url.push('?');
            url.push_str(&query_string(params));
        }
        Request {
            method: Method::Get,
            url,
            headers: vec![
                self.auth_header(),
                ("Accept".to_string(), "application/json".to_string()),
            ],
            body: None,
        }
    }

    /// A POST of a mutation procedure with a JSON body.
    pub fn post_request(&self, procedure: &str, body_json: String) -> Request {
        Request {
            method: Method::Post,
            url: self.url(procedure),
            headers: vec![
                self.auth_header(),
                ("Accept".to_string(), "application/json".to_string()),
                ("Content-Type".to_string(), "application/json".to_string()),
            ],
            body: Some(body_json),
        }
    }

    /// Sends and returns the 2xx body text; non-2xx goes through [`classify`].
    /// Every error leaves here with the key redacted ([`ApiError::redact`]).
    ///
    /// Boxed: every request of every page awaits this one future type, so its code is linked
    /// once instead of into each caller's state machine.
    fn send(&self, req: Request, endpoint: &str) -> Sending<'_> {
        let endpoint = endpoint.to_string();
        Box::pin(async move {
            #[cfg(target_arch = "wasm32")]
            let answer = super::transport::send(req, &endpoint, &self.base, &self.key).await;
            #[cfg(not(target_arch = "wasm32"))]
            let answer = super::host::send(req, &endpoint, &self.key);
            answer.map_err(|e| e.redact(&self.key))
        })
    }

    /// GET `procedure?params` and decode the answer.
    pub(crate) fn get<'a, T: DeserializeOwned + 'a>(
        &'a self,
        procedure: &'a str,
        params: &[(&str, String)],
    ) -> impl std::future::Future<Output = Result<T, ApiError>> + use<'a, T> {
        self.decoded(procedure, self.get_text(procedure, params))
    }

    /// The answer of `sending`, decoded: one future type per type of answer, whether it was
    /// asked by GET or POST and whatever the body sent.
    async fn decoded<T: DeserializeOwned>(
        &self,
        procedure: &str,
        sending: Sending<'_>,
    ) -> Result<T, ApiError> {
        let body = sending.await?;
        self.decode(procedure, &body)
    }

    /// GET `procedure?params`: the 2xx answer's body, not decoded yet.
    pub(crate) fn get_text(&self, procedure: &str, params: &[(&str, String)]) -> Sending<'_> {
        self.send(self.get_request(procedure, params), procedure)
    }

    /// Decodes an answer of `procedure` (errors with the key redacted).
    pub(crate) fn decode<T: DeserializeOwned>(
        &self,
        procedure: &str,
        body: &str,
    ) -> Result<T, ApiError> {
        decode_body(procedure, body).map_err(|e| e.redact(&self.key))
    }

    /// [`Client::decode`] with a decoder of its own (answers whose shape changed across eras:
    /// `CreatedProject::from_json`).
    pub(crate) fn decode_with<T>(
        &self,
        procedure: &str,
        body: &str,
        parse: impl FnOnce(&str) -> serde_json::Result<T>,
    ) -> Result<T, ApiError> {
        decode_body_with(procedure, body, parse).map_err(|e| e.redact(&self.key))
    }

    /// POST `procedure` with a JSON body and decode the answer.
    pub(crate) fn post<'a, T: DeserializeOwned + 'a, B: Serialize + ?Sized>(
        &'a self,
        procedure: &'a str,
        body: &B,
    ) -> impl std::future::Future<Output = Result<T, ApiError>> + use<'a, T, B> {
        self.decoded(procedure, self.post_text(procedure, body))
    }

    /// POST and return the 2xx body text, not decoded yet (answers whose shape changed across
    /// eras). The body is encoded now; the future is [`Client::send`]'s own, so no type of
    /// body makes a future type of its own.
    pub(crate) fn post_text<B: Serialize + ?Sized>(
        &self,
        procedure: &str,
        body: &B,
    ) -> Sending<'_> {
        match encode_body(procedure, body) {
            Ok(json) => self.send(self.post_request(procedure, json), procedure),
            Err(e) => Box::pin(std::future::ready(Err(e))),
        }
    }

    /// POST a void mutation: any 2xx answer (Dokploy sends an empty body) is success.
    pub(crate) fn post_void<B: Serialize + ?Sized>(
        &self,
        procedure: &str,
        body: &B,
    ) -> impl std::future::Future<Output = Result<(), ApiError>> + '_ {
        done(self.post_text(procedure, body))
    }
}

/// A request on its way: its 2xx body text, or what went wrong.
pub(crate) type Sending<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<String, ApiError>> + 'a>>;

/// Success or failure of `sending`, its body dropped (one future type for every void write).
async fn done(sending: Sending<'_>) -> Result<(), ApiError> {
    sending.await.map(drop)
}

fn encode_body<B: Serialize + ?Sized>(procedure: &str, body: &B) -> Result<String, ApiError> {
    serde_json::to_string(body).map_err(|e| ApiError::Decode {
        endpoint: procedure.to_string(),
        detail: format!("could not encode the request: {e}"),
    })
}

/// Decodes a 2xx body. An empty body (void mutations) decodes as JSON `null`, so `()` and
/// `Option<T>` accept it.
pub fn decode_body<T: DeserializeOwned>(endpoint: &str, body: &str) -> Result<T, ApiError> {
    decode_body_with(endpoint, body, |text| crate::model::maps::from_str(text))
}

/// [`decode_body`] with the decoder `parse`.
pub fn decode_body_with<T>(
    endpoint: &str,
    body: &str,
    parse: impl FnOnce(&str) -> serde_json::Result<T>,
) -> Result<T, ApiError> {
    let text = if body.trim().is_empty() { "null" } else { body };
    parse(text).map_err(|e| ApiError::Decode {
        endpoint: endpoint.to_string(),
        detail: e.to_string(),
    })
}

/// [`finish`], with `secret` cut out of an error body before it is classified (so a long
/// message clipped by `classify` cannot keep a piece of the key either).
pub(crate) fn finish_secret(
    status: u16,
    content_type: Option<&str>,
    body: String,
    endpoint: &str,
    secret: &str,
) -> Result<String, ApiError> {
    if (200..300).contains(&status) {
        return Ok(body);
    }
    finish(
        status,
        content_type,
        super::error::redact_text(body, secret),
        endpoint,
    )
}

/// Turns a raw answer into the body text (2xx) or a classified error.
pub fn finish(
    status: u16,
    content_type: Option<&str>,
    body: String,
    endpoint: &str,
) -> Result<String, ApiError> {
    if (200..300).contains(&status) {
        Ok(body)
    } else {
        Err(classify(status, content_type, &body, endpoint))
    }
}
