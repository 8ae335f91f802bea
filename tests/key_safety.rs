//! The API key goes only into its own request header: never into a URL, a body, a Debug line or
//! an error message, even when the server echoes it back in an error body (a proxy's debug page,
//! an error handler that prints the request). Host tests over the real `Client` and `classify`.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use proptest::prelude::*;
use skiff::api::host::{respond_with, take_requests, Reply};
use skiff::api::*;

fn run<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    match f.as_mut().poll(&mut cx) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("host future did not complete"),
    }
}

const KEY: &str = "dkp_SeCrEt+key/with=odd&chars-0123456789";

/// Every text a user or a log could see of an error.
fn visible(e: &ApiError) -> String {
    let mut out = vec![e.title(), e.advice(), e.to_string(), format!("{e:?}")];
    if let ApiError::Invalid { field_errors, .. } = e {
        for field in field_errors.keys() {
            out.push(field.clone());
            out.extend(e.field_error(field));
        }
    }
    out.join("\n")
}

fn assert_no_key(e: &ApiError, key: &str, what: &str) {
    let text = visible(e);
    let head: String = key.chars().take(8).collect();
    assert!(
        !text.contains(&head),
        "{what}: a piece of the key leaked:\n{text}"
    );
    let encoded = encode_component(key);
    assert!(
        !text.contains(key) && !text.contains(&encoded),
        "{what}: the key leaked into the error:\n{text}"
    );
}

/// Error bodies of every era and shape, with `{K}` where the server echoes the key.
fn hostile_bodies() -> Vec<(Option<&'static str>, String)> {
    let j = Some("application/json");
    let h = Some("text/html");
    let bodies: Vec<(Option<&'static str>, &str)> = vec![
        (j, r#"{"message":"bad key {K}","code":"UNAUTHORIZED"}"#),
        (j, r#"{"message":"Unauthorized: x-api-key={K}"}"#),
        (
            j,
            r#"{"message":"Input validation failed","code":"BAD_REQUEST","data":{"code":"BAD_REQUEST","httpStatus":400,"path":"project.create","zodError":{"formErrors":["form {K}"],"fieldErrors":{"name":["name {K} is bad"],"{K}":["field named after the key"]}}}}"#,
        ),
        (
            j,
            r#"{"message":"[{\"path\":[\"{K}\"]}]","code":"BAD_REQUEST","issues":[{"path":["apiKey"],"message":"got {K}"},{"path":[],"message":"{K}"}]}"#,
        ),
        (
            j,
            r#"{"error":{"json":{"message":"trpc says {K}","code":-32600}}}"#,
        ),
        (j, r#""plain json string with {K}""#),
        (None, "Invalid JSON near {K}"),
        (None, "headers: x-api-key: {K}\nauthorization: Bearer {K}"),
        (h, "<html><body><pre>x-api-key: {K}</pre></body></html>"),
        (None, "GET /api/project.all?key={KE} HTTP/1.1"),
        (
            j,
            r#"{"message":"Docker failed: {K}","code":"INTERNAL_SERVER_ERROR","data":{"code":"INTERNAL_SERVER_ERROR","httpStatus":500,"path":"{K}","zodError":null}}"#,
        ),
    ];
    let long = format!(
        r#"{{"message":"{}{{K}}","code":"INTERNAL_SERVER_ERROR"}}"#,
        "x".repeat(590)
    );
    let long: &'static str = Box::leak(long.into_boxed_str());
    let mut bodies = bodies;
    // The key straddles classify's 600-character clip: not even a piece of it may stay.
    bodies.push((j, long));
    bodies
        .into_iter()
        .map(|(ct, b)| {
            let text = b
                .replace("{KE}", &encode_component(KEY))
                .replace("{K}", &KEY.replace('\\', "\\\\").replace('"', "\\\""));
            (ct, text)
        })
        .collect()
}

const STATUSES: [u16; 14] = [
    301, 400, 401, 403, 404, 405, 409, 415, 422, 429, 500, 502, 503, 504,
];

#[test]
fn classify_inputs_that_echo_the_key_never_show_it() {
    let client = Client::new("https://dokploy.example.com", KEY, AuthMode::ApiKey);
    let mut cases = 0;
    for (ct, body) in hostile_bodies() {
        assert!(body.contains(KEY) || body.contains(&encode_component(KEY)));
        for status in STATUSES {
            let reply = Reply::new(status, ct, &body);
            respond_with(move |_| Ok(reply.clone()));
            let err = run(client.project_all()).expect_err("non-2xx is an error");
            assert_no_key(&err, KEY, &format!("{status} {body}"));
            // Unredacted, classify would have carried it: the test is not vacuous.
            let raw = classify(status, ct, &body, "project.all");
            if visible(&raw).contains(KEY) {
                cases += 1;
            }
        }
    }
    assert!(cases > 50, "only {cases} raw errors carried the key");
    let _ = take_requests();
}

#[test]
fn decode_errors_do_not_quote_the_key() {
    let client = Client::new("https://dokploy.example.com", KEY, AuthMode::Bearer);
    // serde quotes the offending string: `invalid type: string "...", expected a sequence`.
    let body = serde_json::to_string(KEY).unwrap_or_default();
    respond_with(move |_| Ok(Reply::json(&body)));
    let err = run(client.project_all()).expect_err("a string is not a project list");
    assert!(matches!(err, ApiError::Decode { .. }));
    assert_no_key(&err, KEY, "decode");
    let raw = decode_body::<Vec<u8>>(
        "project.all",
        &serde_json::to_string(KEY).unwrap_or_default(),
    )
    .expect_err("decode fails");
    assert!(
        visible(&raw).contains(KEY),
        "serde does quote it: the redaction matters"
    );
}

#[test]
fn transport_errors_and_debug_never_show_the_key() {
    let client = Client::new("https://dokploy.example.com/", KEY, AuthMode::ApiKey);
    for e in [
        network_error("https://skiff.example.com/", client.base()),
        ApiError::Timeout {
            seconds: REQUEST_TIMEOUT_SECS,
        },
        ApiError::Redirected {
            url: client.base().to_string(),
        },
        ApiError::Aborted,
    ] {
        let e2 = e.clone();
        respond_with(move |_| Err(e2.clone()));
        let got = run(client.project_all()).expect_err("fails");
        assert_eq!(got, e);
        assert_no_key(&got, KEY, "transport");
    }
    assert!(!format!("{client:?}").contains(KEY));
    let req = client.post_request("project.create", "{}".into());
    assert!(!format!("{req:?}").contains(KEY));
    // A redirect is explained, and says what to do.
    let r = ApiError::Redirected {
        url: "http://dokploy.example.com/api".into(),
    };
    assert!(r.title().contains("dokploy.example.com"));
    assert!(r.advice().contains("never follows redirects"));
    assert!(!r.is_retryable());
}

#[test]
fn the_key_travels_only_in_its_header_to_its_own_instance() {
    let a = Client::new("https://a.example.com", KEY, AuthMode::ApiKey);
    let b = Client::new(
        "http://10.0.0.9:3000/",
        "other-instance-key-999",
        AuthMode::Bearer,
    );
    respond_with(|_| Ok(Reply::json("[]")));
    let _ = run(a.project_all());
    let _ = run(a.project_one("p1"));
    let _ = run(a.project_remove("p1"));
    let _ = run(b.project_all());
    let sent = take_requests();
    assert_eq!(sent.len(), 4);
    for req in &sent[..3] {
        assert!(
            req.url.starts_with("https://a.example.com/api/"),
            "{}",
            req.url
        );
        assert!(!req.url.contains(KEY) && !req.url.contains(&encode_component(KEY)));
        assert!(!req.body.as_deref().unwrap_or("").contains(KEY));
        assert_eq!(req.header("x-api-key"), Some(KEY));
        assert_eq!(req.header("authorization"), None);
        let carrying: Vec<&str> = req
            .headers
            .iter()
            .filter(|(_, v)| v.contains(KEY))
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(carrying, vec!["x-api-key"]);
    }
    let other = &sent[3];
    assert!(other.url.starts_with("http://10.0.0.9:3000/api/"));
    assert!(
        other.headers.iter().all(|(_, v)| !v.contains(KEY)),
        "a's key never goes to b"
    );
    assert_eq!(
        other.header("authorization"),
        Some("Bearer other-instance-key-999")
    );
}

#[test]
fn short_secrets_are_not_searched_for() {
    let e = ApiError::Server {
        status: 500,
        message: "abc failed".into(),
    };
    assert_eq!(e.clone().redact("abc"), e);
    assert_eq!(
        e.redact("abc failed").title(),
        format!("Dokploy failed: {REDACTED}")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any key, echoed anywhere in any error body of any status, is hidden.
    #[test]
    fn no_error_ever_contains_the_key(
        key in "[A-Za-z0-9_\\-+/=.~!*]{8,64}",
        before in "[ -~]{0,40}",
        after in "[ -~]{0,40}",
        status in 300u16..600,
        shape in 0usize..4,
        html in any::<bool>(),
    ) {
        let k = serde_json::to_string(&key).unwrap_or_default();
        let k = k.trim_matches('"');
        let body = match shape {
            0 => format!("{before}{key}{after}"),
            1 => format!(r#"{{"message":"{}{k}{}","code":"X"}}"#, before.replace(['"', '\\'], ""), after.replace(['"', '\\'], "")),
            2 => format!(r#"{{"message":"m","data":{{"zodError":{{"fieldErrors":{{"{k}":["{k}"]}},"formErrors":["{k}"]}}}}}}"#),
            _ => format!("{before}{}{after}", encode_component(&key)),
        };
        let ct = if html { Some("text/html") } else { Some("application/json") };
        let client = Client::new("https://dokploy.example.com", &key, AuthMode::ApiKey);
        let reply = Reply::new(status, ct, &body);
        respond_with(move |_| Ok(reply.clone()));
        match run(client.project_all()) {
            Ok(_) => prop_assert!(false, "non-2xx must fail"),
            Err(e) => {
                let text = visible(&e);
                prop_assert!(!text.contains(&key), "leaked: {}", text);
                prop_assert!(!text.contains(&encode_component(&key)), "leaked encoded: {}", text);
            }
        }
    }
}
