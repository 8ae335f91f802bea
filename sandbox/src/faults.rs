//! Injected failures: `PROCEDURE:KIND:RATE`, e.g. `project.all:500:0.5`, `*:latency=800:1`.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum FaultKind {
    Latency(u64),
    Status500,
    Status502,
    Status503,
    Truncated,
    Malformed,
    Shape,
    Unauthorized,
    Refuse,
    Hang,
    /// 400 with a zod field error on this input field (server-side validation).
    Invalid(String),
    /// 307 to another origin, as a misconfigured proxy (or an attacker's) would answer.
    Redirect,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    /// `*`, `router.*` or an exact procedure.
    pub procedure: String,
    pub kind: FaultKind,
    pub rate: f64,
}

impl Fault {
    pub fn applies_to(&self, procedure: &str) -> bool {
        if self.procedure == "*" || self.procedure == procedure {
            return true;
        }
        match self.procedure.strip_suffix(".*") {
            Some(router) => procedure.split('.').next() == Some(router),
            None => false,
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.kind {
            FaultKind::Latency(ms) => format!("latency={ms}"),
            FaultKind::Status500 => "500".into(),
            FaultKind::Status502 => "502".into(),
            FaultKind::Status503 => "503".into(),
            FaultKind::Truncated => "truncated".into(),
            FaultKind::Malformed => "malformed".into(),
            FaultKind::Shape => "shape".into(),
            FaultKind::Unauthorized => "401".into(),
            FaultKind::Refuse => "refuse".into(),
            FaultKind::Hang => "hang".into(),
            FaultKind::Redirect => "redirect".into(),
            FaultKind::Invalid(field) => format!("invalid={field}"),
        };
        write!(f, "{}:{kind}:{}", self.procedure, self.rate)
    }
}

pub fn parse_kind(s: &str) -> Result<FaultKind, String> {
    Ok(match s {
        "500" => FaultKind::Status500,
        "502" => FaultKind::Status502,
        "503" => FaultKind::Status503,
        "truncated" => FaultKind::Truncated,
        "malformed" => FaultKind::Malformed,
        "shape" => FaultKind::Shape,
        "401" => FaultKind::Unauthorized,
        "refuse" => FaultKind::Refuse,
        "hang" => FaultKind::Hang,
        "redirect" => FaultKind::Redirect,
        other if other.starts_with("invalid=") => {
            let field = &other["invalid=".len()..];
            if field.is_empty() || !field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!("bad field in {other:?}"));
            }
            FaultKind::Invalid(field.to_string())
        }
        other => match other.strip_prefix("latency=") {
            Some(ms) => FaultKind::Latency(
                ms.parse::<u64>()
                    .map_err(|_| format!("bad latency in {other:?}"))?
                    .min(30_000),
            ),
            None => return Err(format!("unknown fault kind {other:?}")),
        },
    })
}

/// Parses `SPEC[,SPEC...]`; an empty string is no faults.
pub fn parse(spec: &str) -> Result<Vec<Fault>, String> {
    let mut out = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let mut it = part.splitn(3, ':');
        let procedure = it.next().unwrap_or_default().to_string();
        let kind = parse_kind(
            it.next()
                .ok_or_else(|| format!("missing kind in {part:?}"))?,
        )?;
        let rate = match it.next() {
            Some(r) => r
                .parse::<f64>()
                .map_err(|_| format!("bad rate in {part:?}"))?,
            None => 1.0,
        };
        if !(0.0..=1.0).contains(&rate) {
            return Err(format!("rate out of 0.0-1.0 in {part:?}"));
        }
        if procedure.is_empty() {
            return Err(format!("missing procedure in {part:?}"));
        }
        out.push(Fault {
            procedure,
            kind,
            rate,
        });
    }
    Ok(out)
}

pub fn render(faults: &[Fault]) -> String {
    faults
        .iter()
        .map(|f| f.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// What the faults decide for one request: added delay, and at most one failure.
#[derive(Debug, Default)]
pub struct Decision {
    pub delay_ms: u64,
    pub failure: Option<FaultKind>,
}

pub fn decide(faults: &[Fault], procedure: &str) -> Decision {
    let mut d = Decision::default();
    for f in faults.iter().filter(|f| f.applies_to(procedure)) {
        if f.rate < 1.0 && rand::random::<f64>() >= f.rate {
            continue;
        }
        match &f.kind {
            FaultKind::Latency(ms) => d.delay_ms = (d.delay_ms + ms).min(30_000),
            other if d.failure.is_none() => d.failure = Some(other.clone()),
            _ => {}
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_render() {
        let f = parse("project.all:500:0.5, *:latency=200:1,deployment.*:hang").unwrap();
        assert_eq!(f.len(), 3);
        assert_eq!(f[1].kind, FaultKind::Latency(200));
        assert!(f[2].applies_to("deployment.readLogs"));
        assert!(!f[0].applies_to("project.one"));
        assert_eq!(
            render(&f),
            "project.all:500:0.5,*:latency=200:1,deployment.*:hang:1"
        );
        assert!(parse("x:nope:1").is_err());
        let v = parse("postgres.create:invalid=databaseName").unwrap();
        assert_eq!(v[0].kind, FaultKind::Invalid("databaseName".into()));
        assert_eq!(render(&v), "postgres.create:invalid=databaseName:1");
        assert!(parse("x:invalid=:1").is_err());
        assert!(parse("x:500:2").is_err());
        assert!(parse("").unwrap().is_empty());
    }
}
