//! The swarm settings Dokploy keeps as JSON on applications and databases
//! (`healthCheckSwarm`, `placementSwarm`, …): what each is, the shape Dokploy accepts (its zod
//! schemas, `packages/server/src/db/schema/shared.ts`), and the check of a typed value before
//! it is sent, so a mistake is named with its path instead of coming back as Dokploy's 400.

use serde_json::Value;

use crate::model::Present;

/// The type of a value in a setting's shape.
#[derive(Clone, Copy, Debug)]
pub enum Ty {
    Num,
    /// A whole number, at least -1 (ulimits).
    Int,
    Str,
    /// An array of `Ty`.
    List(&'static Ty),
    /// An object with exactly these keys (`(name, type, required)`): Dokploy's `.strict()`.
    Obj(&'static [(&'static str, Ty, bool)]),
    /// An object of strings (labels, driver options).
    Strings,
}

const STRS: Ty = Ty::List(&Ty::Str);
const EMPTY: Ty = Ty::Obj(&[]);
const UPDATE: Ty = Ty::Obj(&[
    ("Parallelism", Ty::Num, true),
    ("Delay", Ty::Num, false),
    ("FailureAction", Ty::Str, false),
    ("Monitor", Ty::Num, false),
    ("MaxFailureRatio", Ty::Num, false),
    ("Order", Ty::Str, true),
]);

/// One setting: its wire name, label, what it does, an example of its documented shape.
#[derive(Debug)]
pub struct Setting {
    pub wire: &'static str,
    pub label: &'static str,
    pub what: &'static str,
    pub example: &'static str,
    pub ty: Ty,
}

/// Every swarm setting Dokploy has, in its own order; a service shows those its answer carries
/// (`stopGracePeriodSwarm` and `endpointSpecSwarm` are v0.26+, `ulimitsSwarm` v0.27+; databases
/// have them from a v0.24 release on; libsql has no ulimits).
pub static SETTINGS: [Setting; 11] = [
    Setting {
        wire: "healthCheckSwarm",
        label: "Health check",
        what: "A command Docker runs in the container; until it succeeds the task is not healthy. Times in nanoseconds (10000000000 = 10 s).",
        example: r#"{"Test": ["CMD-SHELL", "curl -f http://localhost:3000/health || exit 1"], "Interval": 10000000000, "Timeout": 5000000000, "StartPeriod": 30000000000, "Retries": 3}"#,
        ty: Ty::Obj(&[
            ("Test", STRS, false),
            ("Interval", Ty::Num, false),
            ("Timeout", Ty::Num, false),
            ("StartPeriod", Ty::Num, false),
            ("Retries", Ty::Num, false),
        ]),
    },
    Setting {
        wire: "restartPolicySwarm",
        label: "Restart policy",
        what: "When the swarm restarts a stopped task: Condition none, on-failure or any. Times in nanoseconds.",
        example: r#"{"Condition": "on-failure", "Delay": 5000000000, "MaxAttempts": 3, "Window": 60000000000}"#,
        ty: Ty::Obj(&[
            ("Condition", Ty::Str, false),
            ("Delay", Ty::Num, false),
            ("MaxAttempts", Ty::Num, false),
            ("Window", Ty::Num, false),
        ]),
    },
    Setting {
        wire: "placementSwarm",
        label: "Placement",
        what: "Which nodes may run the tasks: constraints on node labels or roles, spread preferences, at most so many per node.",
        example: r#"{"Constraints": ["node.role==manager"], "Preferences": [{"Spread": {"SpreadDescriptor": "node.labels.zone"}}], "MaxReplicas": 1}"#,
        ty: Ty::Obj(&[
            ("Constraints", STRS, false),
            (
                "Preferences",
                Ty::List(&Ty::Obj(&[(
                    "Spread",
                    Ty::Obj(&[("SpreadDescriptor", Ty::Str, true)]),
                    true,
                )])),
                false,
            ),
            ("MaxReplicas", Ty::Num, false),
            (
                "Platforms",
                Ty::List(&Ty::Obj(&[
                    ("Architecture", Ty::Str, true),
                    ("OS", Ty::Str, true),
                ])),
                false,
            ),
        ]),
    },
    Setting {
        wire: "updateConfigSwarm",
        label: "Update config",
        what: "How a deploy replaces the tasks: how many at once, the pause between, start-first or stop-first, what to do on failure (pause, continue, rollback).",
        example: r#"{"Parallelism": 1, "Delay": 10000000000, "FailureAction": "rollback", "Order": "start-first"}"#,
        ty: UPDATE,
    },
    Setting {
        wire: "rollbackConfigSwarm",
        label: "Rollback config",
        what: "How the swarm rolls tasks back after a failed update; the same fields as the update config.",
        example: r#"{"Parallelism": 1, "FailureAction": "pause", "Order": "stop-first"}"#,
        ty: UPDATE,
    },
    Setting {
        wire: "modeSwarm",
        label: "Mode",
        what: "Replicated (so many tasks) or Global (one task on every node); jobs run to completion.",
        example: r#"{"Replicated": {"Replicas": 2}}"#,
        ty: Ty::Obj(&[
            ("Replicated", Ty::Obj(&[("Replicas", Ty::Num, false)]), false),
            ("Global", EMPTY, false),
            (
                "ReplicatedJob",
                Ty::Obj(&[
                    ("MaxConcurrent", Ty::Num, false),
                    ("TotalCompletions", Ty::Num, false),
                ]),
                false,
            ),
            ("GlobalJob", EMPTY, false),
        ]),
    },
    Setting {
        wire: "labelsSwarm",
        label: "Labels",
        what: "Labels on the swarm service, names to string values.",
        example: r#"{"com.example.team": "web"}"#,
        ty: Ty::Strings,
    },
    Setting {
        wire: "networkSwarm",
        label: "Networks",
        what: "Overlay networks the tasks join besides Dokploy's own, with aliases.",
        example: r#"[{"Target": "my-overlay", "Aliases": ["api"]}]"#,
        ty: Ty::List(&Ty::Obj(&[
            ("Target", Ty::Str, false),
            ("Aliases", STRS, false),
            ("DriverOpts", Ty::Strings, false),
        ])),
    },
    Setting {
        wire: "stopGracePeriodSwarm",
        label: "Stop grace period",
        what: "How long a stopping task may take before it is killed, in nanoseconds (a plain number).",
        example: "30000000000",
        ty: Ty::Num,
    },
    Setting {
        wire: "endpointSpecSwarm",
        label: "Endpoint spec",
        what: "How the service is reached: Mode vip or dnsrr, and published ports (the Ports card above is the usual way).",
        example: r#"{"Mode": "dnsrr"}"#,
        ty: Ty::Obj(&[
            ("Mode", Ty::Str, false),
            (
                "Ports",
                Ty::List(&Ty::Obj(&[
                    ("Protocol", Ty::Str, false),
                    ("TargetPort", Ty::Num, false),
                    ("PublishedPort", Ty::Num, false),
                    ("PublishMode", Ty::Str, false),
                ])),
                false,
            ),
        ]),
    },
    Setting {
        wire: "ulimitsSwarm",
        label: "Ulimits",
        what: "Resource limits inside the container (open files, processes): Soft and Hard, -1 for unlimited.",
        example: r#"[{"Name": "nofile", "Soft": 65535, "Hard": 65535}]"#,
        ty: Ty::List(&Ty::Obj(&[
            ("Name", Ty::Str, true),
            ("Soft", Ty::Int, true),
            ("Hard", Ty::Int, true),
        ])),
    },
];

/// The setting sent as `wire`.
pub fn setting(wire: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.wire == wire)
}

/// A typed value checked against `ty`: `Ok(None)` for an empty text (the setting is cleared),
/// `Ok(Some(value))` when it has the shape, else what is wrong, with where.
pub fn check(ty: Ty, text: &str) -> Result<Option<Value>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| format!("Not JSON: {e}."))?;
    fits(ty, &value, "")?;
    Ok(Some(value))
}

fn fits(ty: Ty, v: &Value, at: &str) -> Result<(), String> {
    let place = if at.is_empty() {
        String::from("The value")
    } else {
        at.to_string()
    };
    let wrong = |what: &str| Err(format!("{place} must be {what}."));
    match ty {
        Ty::Num if v.is_number() => Ok(()),
        Ty::Num => wrong("a number"),
        Ty::Int if v.as_i64().is_some_and(|n| n >= -1) => Ok(()),
        Ty::Int => wrong("a whole number, -1 or more"),
        Ty::Str if v.is_string() => Ok(()),
        Ty::Str => wrong("a string in quotes"),
        Ty::List(item) => match v.as_array() {
            Some(a) => a
                .iter()
                .enumerate()
                .try_for_each(|(i, x)| fits(*item, x, &format!("{}[{i}]", at))),
            None => wrong("a list […]"),
        },
        Ty::Strings => match v.as_object() {
            Some(m) => m
                .iter()
                .try_for_each(|(k, x)| fits(Ty::Str, x, &join(at, k))),
            None => wrong("an object {…} of strings"),
        },
        Ty::Obj(fields) => {
            let Some(m) = v.as_object() else {
                return wrong("an object {…}");
            };
            if let Some(k) = m.keys().find(|k| !fields.iter().any(|f| f.0 == *k)) {
                let known: Vec<&str> = fields.iter().map(|f| f.0).collect();
                return Err(if known.is_empty() {
                    format!("{place} must be empty: {{}} (found {k}).")
                } else {
                    format!(
                        "{k} is not a field here; Docker knows {}.",
                        known.join(", ")
                    )
                });
            }
            fields
                .iter()
                .try_for_each(|&(name, t, required)| match m.get(name) {
                    Some(x) => fits(t, x, &join(at, name)),
                    None if required => Err(format!("{} is required.", join(at, name))),
                    None => Ok(()),
                })
        }
    }
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_string()
    } else {
        format!("{at}.{key}")
    }
}

/// The settings an answer carries (by index in [`SETTINGS`]) with their values; empty where
/// the kind or era has none.
pub fn present(values: [&Present; 11]) -> Vec<(usize, Option<Value>)> {
    values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.get().map(|v| (i, v.cloned())))
        .collect()
}

/// A stored value in one line, for the row (`Not set` is the caller's).
pub fn one_line(v: &Value) -> String {
    v.to_string()
}

/// A stored value as the editor starts with it: indented, or empty when not set.
pub fn editable(v: Option<&Value>) -> String {
    v.map(|v| serde_json::to_string_pretty(v).unwrap_or_default())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(wire: &str) -> Ty {
        setting(wire).unwrap().ty
    }

    #[test]
    fn every_example_fits_its_shape() {
        for s in &SETTINGS {
            assert!(check(s.ty, s.example).unwrap().is_some(), "{}", s.wire);
        }
    }

    #[test]
    fn empty_clears() {
        assert_eq!(check(ty("labelsSwarm"), "  \n"), Ok(None));
    }

    #[test]
    fn mistakes_are_named_with_their_path() {
        let h = ty("healthCheckSwarm");
        assert!(check(h, "{").unwrap_err().starts_with("Not JSON"));
        assert_eq!(
            check(h, r#"{"Interval": "10s"}"#).unwrap_err(),
            "Interval must be a number."
        );
        assert_eq!(
            check(h, r#"{"interval": 1}"#).unwrap_err(),
            "interval is not a field here; Docker knows Test, Interval, Timeout, StartPeriod, Retries."
        );
        assert_eq!(
            check(h, r#"{"Test": ["CMD", 1]}"#).unwrap_err(),
            "Test[1] must be a string in quotes."
        );
        assert_eq!(
            check(h, "[]").unwrap_err(),
            "The value must be an object {…}."
        );
        assert_eq!(
            check(ty("updateConfigSwarm"), r#"{"Parallelism": 1}"#).unwrap_err(),
            "Order is required."
        );
        assert_eq!(
            check(ty("placementSwarm"), r#"{"Preferences": [{"Spread": {}}]}"#).unwrap_err(),
            "Preferences[0].Spread.SpreadDescriptor is required."
        );
        assert_eq!(
            check(ty("labelsSwarm"), r#"{"a": 1}"#).unwrap_err(),
            "a must be a string in quotes."
        );
        assert_eq!(
            check(ty("modeSwarm"), r#"{"Global": {"x": 1}}"#).unwrap_err(),
            "Global must be empty: {} (found x)."
        );
        assert_eq!(
            check(
                ty("ulimitsSwarm"),
                r#"[{"Name": "nofile", "Soft": -2, "Hard": 1}]"#
            )
            .unwrap_err(),
            "[0].Soft must be a whole number, -1 or more."
        );
        assert_eq!(
            check(ty("stopGracePeriodSwarm"), "\"30s\"").unwrap_err(),
            "The value must be a number."
        );
    }

    #[test]
    fn only_the_fields_an_answer_carries_are_shown() {
        let set = Present::Set(Value::from(30));
        let null = Present::Null;
        let mut values = [&Present::Absent; 11];
        values[0] = &null;
        values[8] = &set;
        assert_eq!(present(values), vec![(0, None), (8, Some(Value::from(30)))]);
    }

    #[test]
    fn values_round_trip_through_the_editor() {
        let v: Value = serde_json::from_str(r#"{"Replicated":{"Replicas":2}}"#).unwrap();
        assert_eq!(one_line(&v), r#"{"Replicated":{"Replicas":2}}"#);
        let text = editable(Some(&v));
        assert!(text.contains('\n'));
        assert_eq!(check(ty("modeSwarm"), &text), Ok(Some(v)));
        assert_eq!(editable(None), "");
    }
}
