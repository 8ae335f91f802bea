//! Arbitrary JSON values, bytes and strings fed to every decoder, to `classify`, to
//! `network_error`, to URL normalisation and to the model helpers: nothing panics.

use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;
use skiff::api::{classify, decode_body, network_error, normalize_base_url, LogQuery};
use skiff::model::*;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        // Field names and values Dokploy uses, so objects often hit real fields.
        prop_oneof![
            "[a-zA-Z0-9 _.-]{0,12}",
            Just("idle".to_string()),
            Just("done".to_string()),
            Just("v0.30.2".to_string()),
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(field_name(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("projectId"),
        Just("environmentId"),
        Just("applicationId"),
        Just("composeId"),
        Just("postgresId"),
        Just("libsqlId"),
        Just("name"),
        Just("appName"),
        Just("environments"),
        Just("applications"),
        Just("compose"),
        Just("postgres"),
        Just("applicationStatus"),
        Just("composeStatus"),
        Just("project"),
        Just("environment"),
        Just("domains"),
        Just("deployments"),
        Just("memoryLimit"),
        Just("user"),
        Just("apiKeys"),
        Just("role"),
        Just("key"),
        Just("id"),
        Just("token"),
        Just("message"),
        Just("data"),
        Just("zodError"),
        Just("fieldErrors"),
        Just("formErrors"),
        Just("issues"),
        Just("path"),
        Just("error"),
        Just("json"),
        Just("status"),
    ]
    .prop_map(str::to_string)
}

fn try_all(endpoint: &str, body: &str) {
    fn one<T: DeserializeOwned + std::fmt::Debug>(endpoint: &str, body: &str) {
        let _ = format!("{:?}", decode_body::<T>(endpoint, body));
    }
    one::<Vec<Project>>(endpoint, body);
    one::<Project>(endpoint, body);
    one::<CreatedProject>(endpoint, body);
    one::<Environment>(endpoint, body);
    one::<Vec<Environment>>(endpoint, body);
    one::<Application>(endpoint, body);
    one::<Compose>(endpoint, body);
    one::<Database>(endpoint, body);
    one::<CreatedDatabase>(endpoint, body);
    one::<Vec<Deployment>>(endpoint, body);
    one::<Vec<Domain>>(endpoint, body);
    one::<Vec<Mount>>(endpoint, body);
    one::<Member>(endpoint, body);
    one::<Vec<Member>>(endpoint, body);
    one::<CreatedApiKey>(endpoint, body);
    one::<Organization>(endpoint, body);
    one::<Permissions>(endpoint, body);
    one::<DokployVersion>(endpoint, body);
    one::<Health>(endpoint, body);
    one::<AuthToken>(endpoint, body);
    one::<String>(endpoint, body);
    one::<Vec<String>>(endpoint, body);
    one::<()>(endpoint, body);
    // And the helpers on whatever decoded.
    if let Ok(p) = decode_body::<Project>(endpoint, body) {
        let _ = (
            p.all_environments(),
            p.summaries(),
            p.default_environment(),
            p.service_count(),
        );
    }
    if let Ok(db) = decode_body::<Database>(endpoint, body) {
        let _ = (db.kind(), db.summary(), db.project_ref());
    }
    if let Ok(v) = decode_body::<DokployVersion>(endpoint, body) {
        let _ = (v.parts(), v.has_environments());
    }
    if let Ok(m) = decode_body::<Member>(endpoint, body) {
        let _ = m.user.display_name();
    }
}

/// `CreatedProject::from_json` and `CreatedDatabase::from_json` (each shape straight from the
/// text) answer what the untagged serde enums answer: the same value, or the same error.
fn same_as_untagged(body: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        CreatedProject::from_json(body).map_err(|e| e.to_string()),
        serde_json::from_str::<CreatedProject>(body).map_err(|e| e.to_string())
    );
    prop_assert_eq!(
        CreatedDatabase::from_json(body).map_err(|e| e.to_string()),
        serde_json::from_str::<CreatedDatabase>(body).map_err(|e| e.to_string())
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn created_decoders_match_the_untagged_enums(
        v in json_value(),
        p in json_value(),
        e in json_value(),
        tail in prop_oneof![Just(String::new()), Just(" ".to_string()), ".{0,4}"],
    ) {
        // Any value; a project and an environment of any shape, in an object or an array; text
        // after each, or each cut short.
        let both = serde_json::json!({ "project": p, "environment": e, "name": "x" });
        let pair = serde_json::json!([p, e]);
        for body in [v.to_string(), both.to_string(), pair.to_string(), p.to_string()] {
            same_as_untagged(&body)?;
            same_as_untagged(&format!("{body}{tail}"))?;
            same_as_untagged(&body[..body.len() / 2])?;
        }
        for body in ["true", "false", "null", "", "1e400", "[]", "{\"project\":{}}"] {
            same_as_untagged(body)?;
        }
    }

    #[test]
    fn decoders_never_panic_on_json(v in json_value()) {
        try_all("fuzz.json", &v.to_string());
    }

    #[test]
    fn decoders_never_panic_on_text(s in ".{0,200}") {
        try_all("fuzz.text", &s);
    }

    #[test]
    fn decoders_never_panic_on_bytes(b in prop::collection::vec(any::<u8>(), 0..200)) {
        try_all("fuzz.bytes", &String::from_utf8_lossy(&b));
    }

    #[test]
    fn classify_never_panics(
        status in 0u16..1000,
        ct in prop::option::of(prop_oneof![
            Just("application/json".to_string()),
            Just("text/html; charset=utf-8".to_string()),
            ".{0,20}",
        ]),
        v in json_value(),
        s in ".{0,300}",
        endpoint in ".{0,30}",
    ) {
        for body in [v.to_string(), s.clone()] {
            let e = classify(status, ct.as_deref(), &body, &endpoint);
            let _ = (e.title(), e.advice(), e.to_string(), e.field_error("name"), e.is_auth(), e.is_retryable(), e.status());
        }
    }

    #[test]
    fn urls_never_panic(a in ".{0,80}", b in ".{0,80}") {
        let _ = normalize_base_url(&a);
        let _ = network_error(&a, &b).to_string();
        if let Ok(base) = normalize_base_url(&a) {
            // Normalising twice changes nothing.
            prop_assert_eq!(normalize_base_url(&base), Ok(base.clone()));
            prop_assert!(base.ends_with("/api"));
        }
    }

    #[test]
    fn log_query_never_panics(since in ".{0,12}", search in ".{0,40}", tail in any::<u32>()) {
        let _ = LogQuery { tail: Some(tail), since: Some(since), search: Some(search) }.validate();
    }
}
