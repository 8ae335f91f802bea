//! The swarm settings of applications and databases (`healthCheckSwarm`, `restartPolicySwarm`,
//! `placementSwarm`, `updateConfigSwarm`, `rollbackConfigSwarm`, `modeSwarm`, `labelsSwarm`,
//! `networkSwarm`, and in v0.30.2 `endpointSpecSwarm` and `ulimitsSwarm`) checked below the top
//! level, like Dokploy's zod schemas (`packages/server/src/db/schema/shared.ts`; in v0.18.4
//! `schema/application.ts`): strict objects refuse an unknown key, `UpdateConfigSwarm` requires
//! `Parallelism` and `Order`, a ulimit's `Soft` and `Hard` are integers from -1. Non-strict objects
//! (a placement preference's `Spread`, a mode's `Global` and `GlobalJob`, in the older eras a network's
//! `DriverOpts`) drop unknown keys instead, so [`output`] is what Dokploy stores.
//!
//! The generated contract (`spec.rs`) knows only each field's top-level type; `validate.rs` (zod
//! v4, v0.30.2) and `legacy.rs` (zod v3, the older eras) hand the value of such a field to
//! [`check`], which reports zod's issues with their full paths.

use serde_json::{json, Map, Value};

use crate::era::Era;

/// A zod schema, as far as the swarm settings use them.
pub enum Z {
    /// `z.string()`, `.min(n)` when `min` > 0.
    Str {
        min: usize,
    },
    Num,
    /// `z.number().int().min(min)`.
    Int {
        min: i64,
    },
    Arr(&'static Z),
    /// `z.object({...})`: `(key, schema, required)`; `.strict()` when `strict`.
    Obj {
        fields: &'static [(&'static str, &'static Z, bool)],
        strict: bool,
    },
    /// `z.record(z.string(), VALUE)`.
    Record(&'static Z),
}

static STR: Z = Z::Str { min: 0 };
static NUM: Z = Z::Num;
static STRINGS: Z = Z::Arr(&STR);
static EMPTY: Z = Z::Obj {
    fields: &[],
    strict: false,
};

static HEALTH_CHECK: Z = Z::Obj {
    fields: &[
        ("Test", &STRINGS, false),
        ("Interval", &NUM, false),
        ("Timeout", &NUM, false),
        ("StartPeriod", &NUM, false),
        ("Retries", &NUM, false),
    ],
    strict: true,
};

static RESTART_POLICY: Z = Z::Obj {
    fields: &[
        ("Condition", &STR, false),
        ("Delay", &NUM, false),
        ("MaxAttempts", &NUM, false),
        ("Window", &NUM, false),
    ],
    strict: true,
};

static SPREAD: Z = Z::Obj {
    fields: &[("SpreadDescriptor", &STR, true)],
    strict: false,
};
static PREFERENCE: Z = Z::Obj {
    fields: &[("Spread", &SPREAD, true)],
    strict: true,
};
static PREFERENCES: Z = Z::Arr(&PREFERENCE);
static PLATFORM: Z = Z::Obj {
    fields: &[("Architecture", &STR, true), ("OS", &STR, true)],
    strict: true,
};
static PLATFORMS: Z = Z::Arr(&PLATFORM);
static PLACEMENT: Z = Z::Obj {
    fields: &[
        ("Constraints", &STRINGS, false),
        ("Preferences", &PREFERENCES, false),
        ("MaxReplicas", &NUM, false),
        ("Platforms", &PLATFORMS, false),
    ],
    strict: true,
};

static UPDATE_CONFIG: Z = Z::Obj {
    fields: &[
        ("Parallelism", &NUM, true),
        ("Delay", &NUM, false),
        ("FailureAction", &STR, false),
        ("Monitor", &NUM, false),
        ("MaxFailureRatio", &NUM, false),
        ("Order", &STR, true),
    ],
    strict: true,
};

static REPLICATED: Z = Z::Obj {
    fields: &[("Replicas", &NUM, false)],
    strict: true,
};
static REPLICATED_JOB: Z = Z::Obj {
    fields: &[
        ("MaxConcurrent", &NUM, false),
        ("TotalCompletions", &NUM, false),
    ],
    strict: true,
};
static MODE: Z = Z::Obj {
    fields: &[
        ("Replicated", &REPLICATED, false),
        ("Global", &EMPTY, false),
        ("ReplicatedJob", &REPLICATED_JOB, false),
        ("GlobalJob", &EMPTY, false),
    ],
    strict: true,
};

static LABELS: Z = Z::Record(&STR);

/// v0.30.2: `DriverOpts: z.record(z.string(), z.string())`.
static NETWORK: Z = Z::Obj {
    fields: &[
        ("Target", &STR, false),
        ("Aliases", &STRINGS, false),
        ("DriverOpts", &LABELS, false),
    ],
    strict: true,
};
static NETWORKS: Z = Z::Arr(&NETWORK);
/// v0.24.12 and v0.18.4: `DriverOpts: z.object({})`, which keeps none of what it is given.
static NETWORK_OLD: Z = Z::Obj {
    fields: &[
        ("Target", &STR, false),
        ("Aliases", &STRINGS, false),
        ("DriverOpts", &EMPTY, false),
    ],
    strict: true,
};
static NETWORKS_OLD: Z = Z::Arr(&NETWORK_OLD);

static ENDPOINT_PORT: Z = Z::Obj {
    fields: &[
        ("Protocol", &STR, false),
        ("TargetPort", &NUM, false),
        ("PublishedPort", &NUM, false),
        ("PublishMode", &STR, false),
    ],
    strict: true,
};
static ENDPOINT_PORTS: Z = Z::Arr(&ENDPOINT_PORT);
static ENDPOINT_SPEC: Z = Z::Obj {
    fields: &[("Mode", &STR, false), ("Ports", &ENDPOINT_PORTS, false)],
    strict: true,
};

static ULIMIT_NAME: Z = Z::Str { min: 1 };
static ULIMIT_VALUE: Z = Z::Int { min: -1 };
static ULIMIT: Z = Z::Obj {
    fields: &[
        ("Name", &ULIMIT_NAME, true),
        ("Soft", &ULIMIT_VALUE, true),
        ("Hard", &ULIMIT_VALUE, true),
    ],
    strict: true,
};
static ULIMITS: Z = Z::Arr(&ULIMIT);

/// The schema below the top level of the input field `name` in `era`, for the fields whose
/// values have one (the era's contract says which procedures have the field at all). An
/// application's `previewLabels` (v0.30.2) is a list of strings.
pub fn nested(era: Era, name: &str) -> Option<&'static Z> {
    let modern = era == Era::V0_30_2;
    Some(match name {
        "healthCheckSwarm" => &HEALTH_CHECK,
        "restartPolicySwarm" => &RESTART_POLICY,
        "placementSwarm" => &PLACEMENT,
        "updateConfigSwarm" | "rollbackConfigSwarm" => &UPDATE_CONFIG,
        "modeSwarm" => &MODE,
        "labelsSwarm" => &LABELS,
        "networkSwarm" if modern => &NETWORKS,
        "networkSwarm" => &NETWORKS_OLD,
        "endpointSpecSwarm" => &ENDPOINT_SPEC,
        "ulimitsSwarm" => &ULIMITS,
        "previewLabels" => &STRINGS,
        _ => return None,
    })
}

/// zod v4 (v0.30.2) or zod v3 (the older eras): how an issue reads.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Zod {
    V4,
    V3,
}

impl Zod {
    pub fn of(era: Era) -> Zod {
        if era.zod3() {
            Zod::V3
        } else {
            Zod::V4
        }
    }
}

fn received(v: Option<&Value>) -> &'static str {
    match v {
        None => "undefined",
        Some(Value::Null) => "null",
        Some(Value::Bool(_)) => "boolean",
        Some(Value::Number(_)) => "number",
        Some(Value::String(_)) => "string",
        Some(Value::Array(_)) => "array",
        Some(Value::Object(_)) => "object",
    }
}

fn type_issue(zod: Zod, expected: &str, got: Option<&Value>, path: &[Value]) -> Value {
    let got = received(got);
    match zod {
        Zod::V4 => json!({
            "expected": expected, "code": "invalid_type", "path": path,
            "message": format!("Invalid input: expected {expected}, received {got}"),
        }),
        Zod::V3 => json!({
            "code": "invalid_type", "expected": expected, "received": got, "path": path,
            "message": if got == "undefined" {
                "Required".to_string()
            } else {
                format!("Expected {expected}, received {got}")
            },
        }),
    }
}

fn unrecognized(zod: Zod, keys: &[&String], path: &[Value]) -> Value {
    let message = match zod {
        Zod::V4 => {
            let quoted: Vec<String> = keys.iter().map(|k| format!("\"{k}\"")).collect();
            let plural = if keys.len() > 1 { "s" } else { "" };
            format!("Unrecognized key{plural}: {}", quoted.join(", "))
        }
        Zod::V3 => {
            let quoted: Vec<String> = keys.iter().map(|k| format!("'{k}'")).collect();
            format!("Unrecognized key(s) in object: {}", quoted.join(", "))
        }
    };
    json!({"code": "unrecognized_keys", "keys": keys, "path": path, "message": message})
}

fn too_small(zod: Zod, origin: &str, minimum: i64, path: &[Value]) -> Value {
    match (zod, origin) {
        (Zod::V4, "string") => json!({
            "origin": "string", "code": "too_small", "minimum": minimum, "inclusive": true,
            "path": path,
            "message": format!("Too small: expected string to have >={minimum} characters"),
        }),
        (Zod::V4, _) => json!({
            "origin": "number", "code": "too_small", "minimum": minimum, "inclusive": true,
            "path": path, "message": format!("Too small: expected number to be >={minimum}"),
        }),
        (Zod::V3, "string") => json!({
            "code": "too_small", "minimum": minimum, "type": "string", "inclusive": true,
            "exact": false, "path": path,
            "message": format!("String must contain at least {minimum} character(s)"),
        }),
        (Zod::V3, _) => json!({
            "code": "too_small", "minimum": minimum, "type": "number", "inclusive": true,
            "exact": false, "path": path,
            "message": format!("Number must be greater than or equal to {minimum}"),
        }),
    }
}

fn not_an_int(zod: Zod, path: &[Value]) -> Value {
    match zod {
        Zod::V4 => json!({
            "expected": "int", "format": "safeint", "code": "invalid_type", "path": path,
            "message": "Invalid input: expected int, received number",
        }),
        Zod::V3 => json!({
            "code": "invalid_type", "expected": "integer", "received": "float", "path": path,
            "message": "Expected integer, received float",
        }),
    }
}

fn with(path: &[Value], key: Value) -> Vec<Value> {
    let mut p = path.to_vec();
    p.push(key);
    p
}

/// Checks `value` (present, not null) against `z`, pushing zod's issues with `path` in front
/// (the top-level field first), in zod's order: an object's keys in its schema's order, then its
/// unknown keys.
pub fn check(zod: Zod, z: &Z, value: &Value, path: &[Value], issues: &mut Vec<Value>) {
    match z {
        Z::Str { min } => match value.as_str() {
            None => issues.push(type_issue(zod, "string", Some(value), path)),
            Some(s) if s.chars().count() < *min => {
                issues.push(too_small(zod, "string", *min as i64, path))
            }
            Some(_) => {}
        },
        Z::Num => {
            if !value.is_number() {
                issues.push(type_issue(zod, "number", Some(value), path));
            }
        }
        Z::Int { min } => match value.as_f64() {
            None => issues.push(type_issue(zod, "number", Some(value), path)),
            Some(n) if n.fract() != 0.0 => issues.push(not_an_int(zod, path)),
            Some(n) if n < *min as f64 => issues.push(too_small(zod, "number", *min, path)),
            Some(_) => {}
        },
        Z::Arr(item) => match value.as_array() {
            None => issues.push(type_issue(zod, "array", Some(value), path)),
            Some(items) => {
                for (i, v) in items.iter().enumerate() {
                    check(zod, item, v, &with(path, json!(i)), issues);
                }
            }
        },
        Z::Record(item) => match value.as_object() {
            None => {
                let expected = if zod == Zod::V4 { "record" } else { "object" };
                issues.push(type_issue(zod, expected, Some(value), path));
            }
            Some(m) => {
                for (k, v) in m {
                    check(zod, item, v, &with(path, json!(k)), issues);
                }
            }
        },
        Z::Obj { fields, strict } => {
            let Some(m) = value.as_object() else {
                issues.push(type_issue(zod, "object", Some(value), path));
                return;
            };
            for (key, schema, required) in fields.iter() {
                match m.get(*key) {
                    Some(v) => check(zod, schema, v, &with(path, json!(key)), issues),
                    None if *required => {
                        let expected = match schema {
                            Z::Str { .. } => "string",
                            Z::Num | Z::Int { .. } => "number",
                            Z::Arr(_) => "array",
                            Z::Record(_) if zod == Zod::V4 => "record",
                            Z::Obj { .. } | Z::Record(_) => "object",
                        };
                        issues.push(type_issue(zod, expected, None, &with(path, json!(key))));
                    }
                    None => {}
                }
            }
            if *strict {
                let unknown: Vec<&String> = m
                    .keys()
                    .filter(|k| !fields.iter().any(|(f, ..)| f == k))
                    .collect();
                if !unknown.is_empty() {
                    issues.push(unrecognized(zod, &unknown, path));
                }
            }
        }
    }
}

/// What zod answers for a valid `value`: the keys a non-strict object does not know dropped.
pub fn output(z: &Z, value: &Value) -> Value {
    match (z, value) {
        (Z::Arr(item), Value::Array(items)) => {
            Value::Array(items.iter().map(|v| output(item, v)).collect())
        }
        (Z::Record(item), Value::Object(m)) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), output(item, v)))
                .collect(),
        ),
        (Z::Obj { fields, .. }, Value::Object(m)) => {
            let mut out = Map::new();
            for (key, schema, _) in fields.iter() {
                if let Some(v) = m.get(*key) {
                    out.insert(key.to_string(), output(schema, v));
                }
            }
            Value::Object(out)
        }
        _ => value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issues(era: Era, field: &str, value: Value) -> Vec<Value> {
        let mut out = Vec::new();
        let z = nested(era, field).expect("a nested schema");
        check(Zod::of(era), z, &value, &[json!(field)], &mut out);
        out
    }

    #[test]
    fn strict_objects_refuse_unknown_keys() {
        assert_eq!(
            issues(
                Era::V0_30_2,
                "healthCheckSwarm",
                json!({"Interval": 5, "Foo": 1})
            ),
            [
                json!({"code": "unrecognized_keys", "keys": ["Foo"], "path": ["healthCheckSwarm"],
                "message": "Unrecognized key: \"Foo\""})
            ]
        );
        assert_eq!(
            issues(
                Era::V0_24_12,
                "healthCheckSwarm",
                json!({"Bar": 1, "Foo": 1})
            )[0]["message"],
            "Unrecognized key(s) in object: 'Bar', 'Foo'"
        );
    }

    #[test]
    fn required_keys_and_types_with_paths() {
        assert_eq!(
            issues(Era::V0_30_2, "updateConfigSwarm", json!({"Delay": "x"})),
            [
                json!({"expected": "number", "code": "invalid_type", "path": ["updateConfigSwarm", "Parallelism"],
                    "message": "Invalid input: expected number, received undefined"}),
                json!({"expected": "number", "code": "invalid_type", "path": ["updateConfigSwarm", "Delay"],
                    "message": "Invalid input: expected number, received string"}),
                json!({"expected": "string", "code": "invalid_type", "path": ["updateConfigSwarm", "Order"],
                    "message": "Invalid input: expected string, received undefined"}),
            ]
        );
        assert_eq!(
            issues(
                Era::V0_18_4,
                "updateConfigSwarm",
                json!({"Order": "start-first"})
            )[0],
            json!({"code": "invalid_type", "expected": "number", "received": "undefined",
                "path": ["updateConfigSwarm", "Parallelism"], "message": "Required"})
        );
        assert_eq!(
            issues(
                Era::V0_30_2,
                "ulimitsSwarm",
                json!([{"Name": "", "Soft": 1.5, "Hard": -2}])
            ),
            [
                json!({"origin": "string", "code": "too_small", "minimum": 1, "inclusive": true,
                    "path": ["ulimitsSwarm", 0, "Name"], "message": "Too small: expected string to have >=1 characters"}),
                json!({"expected": "int", "format": "safeint", "code": "invalid_type",
                    "path": ["ulimitsSwarm", 0, "Soft"], "message": "Invalid input: expected int, received number"}),
                json!({"origin": "number", "code": "too_small", "minimum": -1, "inclusive": true,
                    "path": ["ulimitsSwarm", 0, "Hard"], "message": "Too small: expected number to be >=-1"}),
            ]
        );
        assert_eq!(
            issues(Era::V0_30_2, "labelsSwarm", json!(["a"]))[0]["message"],
            "Invalid input: expected record, received array"
        );
        assert_eq!(
            issues(Era::V0_30_2, "labelsSwarm", json!({"a": 1}))[0]["path"],
            json!(["labelsSwarm", "a"])
        );
        assert!(issues(
            Era::V0_30_2,
            "placementSwarm",
            json!({"Constraints": ["node.role==worker"], "Preferences": [{"Spread": {"SpreadDescriptor": "node.labels.zone"}}]})
        )
        .is_empty());
    }

    #[test]
    fn non_strict_objects_drop_unknown_keys() {
        let z = nested(Era::V0_30_2, "modeSwarm").expect("schema");
        let mut none = Vec::new();
        let v = json!({"Global": {"x": 1}});
        check(Zod::V4, z, &v, &[json!("modeSwarm")], &mut none);
        assert!(none.is_empty());
        assert_eq!(output(z, &v), json!({"Global": {}}));
        // In v0.24.12 a network's driver options were an empty object schema.
        let net = json!([{"Target": "x", "DriverOpts": {"a": "b"}}]);
        assert_eq!(
            output(nested(Era::V0_24_12, "networkSwarm").expect("schema"), &net),
            json!([{"Target": "x", "DriverOpts": {}}])
        );
        assert_eq!(
            output(nested(Era::V0_30_2, "networkSwarm").expect("schema"), &net),
            net
        );
    }
}
