//! Input validation that answers like Dokploy's zod (v4) schemas: the same `issues` and
//! `fieldErrors`, driven by the generated request contract in `spec.rs`.

use serde_json::{json, Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Str,
    Num,
    Int,
    Bool,
    Arr,
    Obj,
    Any,
}

/// One top-level input field of a procedure.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
    /// zod `.required()` on an optional column: reports "expected nonoptional".
    pub nonoptional: bool,
    pub nullable: bool,
    pub min_len: Option<usize>,
    pub max_len: Option<usize>,
    pub pattern: Option<&'static str>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub enumeration: &'static [&'static str],
}

#[derive(Debug)]
pub struct Procedure {
    pub name: &'static str,
    pub method: Method,
    pub fields: &'static [Field],
}

pub fn find(name: &str) -> Option<&'static Procedure> {
    crate::spec::PROCEDURES.iter().find(|p| p.name == name)
}

pub(crate) fn received(v: Option<&Value>) -> &'static str {
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

fn expected(ty: Ty) -> &'static str {
    match ty {
        Ty::Str => "string",
        Ty::Num => "number",
        Ty::Int => "number",
        Ty::Bool => "boolean",
        Ty::Arr => "array",
        Ty::Obj => "object",
        Ty::Any => "any",
    }
}

/// Query strings carry only strings: coerce them the way Dokploy's OpenAPI adapter does. An
/// empty value is no value (`search=` is reported "received undefined",
/// backup.listBackupFiles.empty-search-400).
pub fn coerce_query(proc_: &Procedure, params: &[(String, String)]) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in params.iter().filter(|(_, v)| !v.is_empty()) {
        let field = proc_.fields.iter().find(|f| f.name == k);
        let value = match field.map(|f| f.ty) {
            Some(Ty::Num) | Some(Ty::Int) => match v.parse::<f64>() {
                Ok(n) => serde_json::Number::from_f64(n)
                    .map(|n| {
                        if n.as_f64()
                            .is_some_and(|f| f.fract() == 0.0 && f.abs() < 1e15)
                        {
                            json!(n.as_f64().unwrap_or(0.0) as i64)
                        } else {
                            Value::Number(n)
                        }
                    })
                    .unwrap_or(Value::String(v.clone())),
                Err(_) => Value::String(v.clone()),
            },
            Some(Ty::Bool) => match v.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::String(v.clone()),
            },
            _ => Value::String(v.clone()),
        };
        out.insert(k.clone(), value);
    }
    out
}

fn type_issue(f: &Field, got: Option<&Value>) -> Value {
    if got.is_none() && f.nonoptional {
        return json!({
            "code": "invalid_type",
            "expected": "nonoptional",
            "path": [f.name],
            "message": "Invalid input: expected nonoptional, received undefined",
        });
    }
    let exp = expected(f.ty);
    json!({
        "expected": exp,
        "code": "invalid_type",
        "path": [f.name],
        "message": format!("Invalid input: expected {exp}, received {}", received(got)),
    })
}

/// The refinements' own messages (`.regex(RE, MESSAGE)` in Dokploy's schemas).
fn custom_message(pattern: &str) -> Option<&'static str> {
    if pattern.starts_with("^[a-zA-Z0-9@#%") {
        return Some("Password contains invalid characters. Please avoid: $ ! ' \" \\ / and space characters for database compatibility");
    }
    match pattern {
        FLAG_PATTERN => Some(
            "Invalid flag format. Must start with -- (e.g. --s3-sign-accept-encoding=false)",
        ),
        VOLUME_PATTERN => Some("Volume name must start with a letter or number and contain only letters, numbers, dots, underscores and hyphens"),
        _ => None,
    }
}

/// A destination's additional rclone flag (`ADDITIONAL_FLAG_REGEX`).
const FLAG_PATTERN: &str = "^--[a-zA-Z0-9-]+(=[a-zA-Z0-9._:/@-]+)?$";
/// A volume name (`VOLUME_NAME_REGEX`).
const VOLUME_PATTERN: &str = "^[a-zA-Z0-9][a-zA-Z0-9_.-]*$";
/// zod's `.email()` (`organization.inviteMember`, v0.18.4's `admin.createUserInvitation`).
pub const EMAIL_PATTERN: &str = r"^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$";

/// What `EMAIL_PATTERN` accepts: no leading dot nor two dots in a row; a local part of letters,
/// digits and `_'+-.` ending in one of `_+-` or a letter or digit; then labels of letters,
/// digits and `-` (none starting with `-`) each followed by a dot, and a top level of two
/// letters or more.
fn email_matches(s: &str) -> bool {
    if s.starts_with('.') || s.contains("..") {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = local
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_'+-.".contains(c))
        && local
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric() || "_+-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let Some((tld, rest)) = labels.split_last() else {
        return false;
    };
    local_ok
        && !rest.is_empty()
        && rest.iter().all(|l| {
            l.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic())
}

/// A container id or an app name handed to a docker command (`containerIdRegex`).
pub const CONTAINER_PATTERN: &str = r"^[a-zA-Z0-9.\-_]+$";

/// The message of a failed `containerIdRegex`, by the field it checks.
pub fn container_message(field: &str) -> &'static str {
    if field == "appName" {
        "Invalid app name."
    } else {
        "Invalid container id."
    }
}

fn pattern_issue(f: &Field, p: &str, path: Value) -> Value {
    if p == EMAIL_PATTERN {
        return json!({
            "origin": "string", "code": "invalid_format", "format": "email",
            "pattern": format!("/{p}/"), "path": path, "message": "Invalid email address",
        });
    }
    let message = if f.name == "since" {
        "Invalid since format".to_string()
    } else if p == CONTAINER_PATTERN {
        container_message(f.name).to_string()
    } else if let Some(m) = custom_message(p) {
        m.to_string()
    } else {
        format!("Invalid string: must match pattern /{p}/")
    };
    json!({
        "origin": "string", "code": "invalid_format", "format": "regex",
        "pattern": format!("/{p}/"), "path": path, "message": message,
    })
}

fn enum_issue(f: &Field) -> Value {
    let opts: Vec<String> = f.enumeration.iter().map(|e| format!("\"{e}\"")).collect();
    // An enum of one value words it as a literal (registry.create.missing-fields-400).
    let message = match opts.as_slice() {
        [only] => format!("Invalid input: expected {only}"),
        _ => format!("Invalid option: expected one of {}", opts.join("|")),
    };
    json!({
        "code": "invalid_value",
        "values": f.enumeration,
        "path": [f.name],
        "message": message,
    })
}

fn check_field(f: &Field, v: Option<&Value>, issues: &mut Vec<Value>) {
    let v = match v {
        // zod's enum reports a missing value as an invalid option (backup.update.missing-fields-400).
        None if f.required && !f.nonoptional && !f.enumeration.is_empty() => {
            issues.push(enum_issue(f));
            return;
        }
        None if f.required || f.nonoptional => {
            issues.push(type_issue(f, None));
            return;
        }
        None => return,
        Some(Value::Null) if f.nullable => return,
        Some(v) => v,
    };
    // A swarm setting (or another structured value) is checked below the top level too.
    if let Some(z) = crate::swarm::nested(crate::Era::V0_30_2, f.name) {
        crate::swarm::check(crate::swarm::Zod::V4, z, v, &[json!(f.name)], issues);
        return;
    }
    let type_ok = match f.ty {
        Ty::Str => v.is_string(),
        Ty::Num => v.is_number(),
        Ty::Int => v.as_f64().is_some_and(|n| n.fract() == 0.0),
        Ty::Bool => v.is_boolean(),
        Ty::Arr => v.is_array(),
        Ty::Obj => v.is_object(),
        Ty::Any => true,
    };
    if !type_ok {
        issues.push(type_issue(f, Some(v)));
        return;
    }
    // An array of strings whose items have a pattern or a minimum length (`spec.rs` gives an
    // array's item constraints as its own).
    let itemized = f.pattern.is_some() || f.min_len.is_some();
    if let Some(items) = v.as_array().filter(|_| itemized) {
        for (i, item) in items.iter().enumerate() {
            let Some(s) = item.as_str() else {
                issues.push(json!({
                    "expected": "string", "code": "invalid_type", "path": [f.name, i],
                    "message": format!("Invalid input: expected string, received {}", received(Some(item))),
                }));
                continue;
            };
            if let Some(min) = f.min_len.filter(|&min| s.chars().count() < min) {
                issues.push(json!({
                    "origin": "string", "code": "too_small", "minimum": min, "inclusive": true,
                    "path": [f.name, i],
                    "message": format!("Too small: expected string to have >={min} characters"),
                }));
            }
            if let Some(p) = f.pattern.filter(|p| !pattern_matches(p, s)) {
                issues.push(pattern_issue(f, p, json!([f.name, i])));
            }
        }
        return;
    }
    if let Some(s) = v.as_str() {
        if !f.enumeration.is_empty() {
            if !f.enumeration.contains(&s) {
                issues.push(enum_issue(f));
            }
            return;
        }
        let len = s.chars().count();
        if let Some(min) = f.min_len {
            if len < min {
                issues.push(json!({
                    "origin": "string", "code": "too_small", "minimum": min, "inclusive": true,
                    "path": [f.name],
                    "message": format!("Too small: expected string to have >={min} characters"),
                }));
            }
        }
        if let Some(max) = f.max_len {
            if len > max {
                issues.push(json!({
                    "origin": "string", "code": "too_big", "maximum": max, "inclusive": true,
                    "path": [f.name],
                    "message": format!("Too big: expected string to have <={max} characters"),
                }));
            }
        }
        if let Some(p) = f.pattern {
            if !pattern_matches(p, s) {
                issues.push(pattern_issue(f, p, json!([f.name])));
            }
        }
    }
    if let Some(n) = v.as_f64() {
        if let Some(min) = f.minimum {
            if n < min {
                issues.push(json!({
                    "origin": "number", "code": "too_small", "minimum": min as i64, "inclusive": true,
                    "path": [f.name], "message": format!("Too small: expected number to be >={}", min as i64),
                }));
            }
        }
        if let Some(max) = f.maximum {
            if n > max {
                issues.push(json!({
                    "origin": "number", "code": "too_big", "maximum": max as i64, "inclusive": true,
                    "path": [f.name], "message": format!("Too big: expected number to be <={}", max as i64),
                }));
            }
        }
    }
}

/// Checks `input` against the procedure's contract; returns zod-style issues (empty when valid).
pub fn validate(proc_: &Procedure, input: &Value) -> Vec<Value> {
    let mut issues = Vec::new();
    let obj = match input {
        Value::Object(o) => o,
        Value::Null if proc_.fields.iter().all(|f| !f.required && !f.nonoptional) => return issues,
        other => {
            if proc_.fields.is_empty() {
                return issues;
            }
            issues.push(json!({
                "expected": "object", "code": "invalid_type", "path": [],
                "message": format!("Invalid input: expected object, received {}", received(Some(other))),
            }));
            return issues;
        }
    };
    for f in proc_.fields {
        check_field(f, obj.get(f.name), &mut issues);
    }
    issues
}

/// `zodError` of Dokploy's error body: `{formErrors, fieldErrors}` from the issues.
pub fn flatten_issues(issues: &[Value]) -> Value {
    let mut form = Vec::new();
    let mut fields: Map<String, Value> = Map::new();
    for i in issues {
        let msg = i.get("message").cloned().unwrap_or(Value::Null);
        match i
            .get("path")
            .and_then(|p| p.get(0))
            .and_then(|p| p.as_str())
        {
            Some(key) => {
                if let Some(Value::Array(list)) = fields.get_mut(key) {
                    list.push(msg);
                } else {
                    fields.insert(key.to_string(), json!([msg]));
                }
            }
            None => form.push(msg),
        }
    }
    json!({"formErrors": form, "fieldErrors": fields})
}

// ---- a tiny matcher for the few patterns Dokploy's schemas use ----

/// Matches `^[CLASS]+$`, `^[CLASS]*$`, `^[CLASS]{m,n}$`, `^(all|\d+[smhd])$`, a volume name
/// and a destination's rclone flag.
pub fn pattern_matches(pattern: &str, s: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric();
    if pattern == EMAIL_PATTERN {
        return email_matches(s);
    }
    if pattern == VOLUME_PATTERN {
        let mut chars = s.chars();
        return chars.next().is_some_and(word)
            && chars.all(|c| word(c) || matches!(c, '_' | '.' | '-'));
    }
    if pattern == FLAG_PATTERN {
        let Some(rest) = s.strip_prefix("--") else {
            return false;
        };
        let (name, value) = match rest.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (rest, None),
        };
        return !name.is_empty()
            && name.chars().all(|c| word(c) || c == '-')
            && value.is_none_or(|v| {
                !v.is_empty()
                    && v.chars()
                        .all(|c| word(c) || matches!(c, '.' | '_' | ':' | '/' | '@' | '-'))
            });
    }
    if pattern == r"^(all|\d+[smhd])$" {
        if s == "all" {
            return true;
        }
        let (digits, unit) = s.split_at(s.len().saturating_sub(1));
        return !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && matches!(unit, "s" | "m" | "h" | "d");
    }
    let Some(body) = pattern.strip_prefix("^[") else {
        return true;
    };
    let chars: Vec<char> = body.chars().collect();
    let mut i = 0;
    let mut singles = Vec::new();
    let mut ranges = Vec::new();
    while i < chars.len() && chars[i] != ']' {
        let c = if chars[i] == '\\' && i + 1 < chars.len() {
            i += 1;
            chars[i]
        } else {
            chars[i]
        };
        if i + 2 < chars.len() && chars[i + 1] == '-' && chars[i + 2] != ']' {
            ranges.push((c, chars[i + 2]));
            i += 3;
        } else {
            singles.push(c);
            i += 1;
        }
    }
    let rest: String = chars.get(i + 1..).unwrap_or(&[]).iter().collect();
    let (min, max) = match rest.trim_end_matches('$') {
        "+" => (1, usize::MAX),
        "*" => (0, usize::MAX),
        q => {
            let inner = q.trim_start_matches('{').trim_end_matches('}');
            let mut parts = inner.split(',');
            let lo = parts.next().and_then(|x| x.parse().ok()).unwrap_or(0);
            let hi = parts
                .next()
                .and_then(|x| x.parse().ok())
                .unwrap_or(usize::MAX);
            (lo, hi)
        }
    };
    let n = s.chars().count();
    n >= min
        && n <= max
        && s.chars()
            .all(|c| singles.contains(&c) || ranges.iter().any(|&(a, b)| c >= a && c <= b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        let pw = r"^[a-zA-Z0-9@#%^&*()_+\-=[\]{}|;:,.<>?~`]*$";
        assert!(pattern_matches(pw, "apppass123"));
        assert!(pattern_matches(pw, "a-b_c[d]"));
        assert!(!pattern_matches(pw, "bad'quote"));
        assert!(!pattern_matches(pw, "has space"));
        assert!(pattern_matches(CONTAINER_PATTERN, "shop-db-7f3k2a.1.x_y"));
        assert!(!pattern_matches(CONTAINER_PATTERN, "abc;rm -rf /"));
        assert!(!pattern_matches(CONTAINER_PATTERN, "bad name;ls"));
        let app = "^[a-zA-Z0-9._-]+$";
        assert!(pattern_matches(app, "shop-web.1_x"));
        assert!(!pattern_matches(app, ""));
        assert!(!pattern_matches(app, "a/b"));
        assert!(pattern_matches(r"^(all|\d+[smhd])$", "15m"));
        assert!(!pattern_matches(r"^(all|\d+[smhd])$", "yesterday"));
        assert!(pattern_matches("^[a-zA-Z0-9 ._-]{0,500}$", ""));
        assert!(pattern_matches(VOLUME_PATTERN, "ghost-content"));
        assert!(pattern_matches(VOLUME_PATTERN, "a.b_c-1"));
        assert!(!pattern_matches(VOLUME_PATTERN, "-bad name"));
        assert!(!pattern_matches(VOLUME_PATTERN, ""));
        assert!(pattern_matches(FLAG_PATTERN, "--s3-acl=private"));
        assert!(pattern_matches(
            FLAG_PATTERN,
            "--s3-sign-accept-encoding=false"
        ));
        assert!(pattern_matches(FLAG_PATTERN, "--fast-list"));
        assert!(!pattern_matches(FLAG_PATTERN, "; rm -rf /"));
        assert!(!pattern_matches(FLAG_PATTERN, "--x="));
        assert!(!pattern_matches(FLAG_PATTERN, "--x=a b"));
    }
}
