//! A service's advanced settings as plain data: mounts (every kind), published ports,
//! redirects and basic-auth users (applications). Each form is checked before sending: paths
//! absolute, volume names by Dokploy's rule, ports 1-65535 and not published twice, a
//! redirect's expression present (its syntax and an example are checked in the browser, by the
//! page), user names without a colon and not taken; memory and CPUs in a person's units
//! (`512 MB`, `0.5 CPU`) to Dokploy's bytes and nano-CPUs. Host-tested.

use super::backups::{valid_volume_name, FieldError};
use crate::api::{MountInput, PortInput, RedirectInput, SecurityInput};
use crate::model::{Mount, MountType, Port, Redirect, Security, ServiceKind};

fn required(errors: &mut Vec<FieldError>, field: &'static str, value: &str, what: &str) {
    if value.trim().is_empty() {
        errors.push((field, format!("Enter {what}.")));
    }
}

/// An absolute path inside a container or on the host: `/` then at least a name, no `..`.
fn absolute(errors: &mut Vec<FieldError>, field: &'static str, value: &str, what: &str) {
    let v = value.trim();
    if v.is_empty() {
        errors.push((field, format!("Enter {what}.")));
    } else if !v.starts_with('/') || v == "/" || v.split('/').any(|p| p == "..") {
        errors.push((
            field,
            format!("{what} is an absolute path, such as /app/data (no “..”)."),
        ));
    }
}

fn some(v: &str) -> Option<String> {
    Some(v.trim().to_string())
}

// ---------------------------------------------------------------- mounts

/// What the mount dialog edits.
#[derive(Clone, Debug, PartialEq)]
pub struct MountForm {
    pub kind: MountType,
    pub host_path: String,
    pub volume_name: String,
    pub file_path: String,
    pub content: String,
    pub mount_path: String,
}

impl Default for MountForm {
    fn default() -> Self {
        MountForm {
            kind: MountType::Volume,
            host_path: String::new(),
            volume_name: String::new(),
            file_path: String::new(),
            content: String::new(),
            mount_path: String::new(),
        }
    }
}

impl MountForm {
    pub fn of(m: &Mount) -> Self {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        MountForm {
            kind: m.mount_type.clone().unwrap_or(MountType::Volume),
            host_path: text(&m.host_path),
            volume_name: text(&m.volume_name),
            file_path: text(&m.file_path),
            content: text(&m.content),
            mount_path: text(&m.mount_path),
        }
    }

    /// The body of `mounts.create` for service `service_id` of `kind`, or of `mounts.update`
    /// of `existing`; `others` are the service's mounts (a path mounted twice is refused).
    pub fn input(
        &self,
        kind: ServiceKind,
        service_id: &str,
        existing: Option<&str>,
        others: &[Mount],
    ) -> Result<MountInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        absolute(
            &mut errors,
            "mount-path",
            &self.mount_path,
            "the path in the container",
        );
        let path = self.mount_path.trim();
        if others
            .iter()
            .any(|m| m.mount_path.as_deref() == Some(path) && Some(m.mount_id.as_str()) != existing)
        {
            errors.push((
                "mount-path",
                format!("Another mount of this service already uses {path}."),
            ));
        }
        let mut input = MountInput {
            mount_id: existing.map(str::to_string),
            mount_type: "volume",
            mount_path: path.to_string(),
            service_type: kind.service_type(),
            service_id: existing.is_none().then(|| service_id.to_string()),
            ..MountInput::default()
        };
        match self.kind {
            MountType::Bind => {
                absolute(&mut errors, "mount-host", &self.host_path, "the host path");
                input.mount_type = "bind";
                input.host_path = some(&self.host_path);
            }
            MountType::File => {
                let f = self.file_path.trim();
                if f.is_empty() {
                    errors.push((
                        "mount-file",
                        "Enter the file's name, such as app.env.".into(),
                    ));
                } else if f.starts_with('/') || f.split('/').any(|p| p == "..") {
                    errors.push((
                        "mount-file",
                        "The file's name is relative (Dokploy keeps it in the service's folder): app.env, config/site.conf.".into(),
                    ));
                }
                input.mount_type = "file";
                input.file_path = some(f);
                input.content = Some(self.content.clone());
            }
            _ => {
                let v = self.volume_name.trim();
                if v.is_empty() {
                    errors.push(("mount-volume", "Enter the Docker volume's name.".into()));
                } else if !valid_volume_name(v) {
                    errors.push((
                        "mount-volume",
                        "A volume name starts with a letter or digit and holds only letters, digits, dots, underscores and hyphens.".into(),
                    ));
                }
                input.volume_name = some(v);
            }
        }
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors)
        }
    }
}

/// A mount in one line: `uploads-data → /app/uploads` (volume), `/srv/data → /data` (bind),
/// `app.env → /etc/app.env` (file).
pub fn mount_line(m: &Mount) -> String {
    let source = match m.mount_type {
        Some(MountType::Bind) => m.host_path.clone(),
        Some(MountType::File) => m.file_path.clone(),
        _ => m.volume_name.clone(),
    };
    format!(
        "{} → {}",
        source.unwrap_or_default(),
        m.mount_path.clone().unwrap_or_default()
    )
}

// ---------------------------------------------------------------- ports

/// What the port dialog edits (text, as typed).
#[derive(Clone, Debug, PartialEq)]
pub struct PortForm {
    pub published: String,
    pub target: String,
    /// `tcp` or `udp`.
    pub protocol: &'static str,
    /// `ingress` or `host`.
    pub mode: &'static str,
}

impl Default for PortForm {
    fn default() -> Self {
        PortForm {
            published: String::new(),
            target: String::new(),
            protocol: "tcp",
            mode: "ingress",
        }
    }
}

fn port_number(errors: &mut Vec<FieldError>, field: &'static str, text: &str) -> u32 {
    match text.trim().parse::<u32>() {
        Ok(n) if (1..=65535).contains(&n) => n,
        _ => {
            errors.push((field, "A port is a whole number from 1 to 65535.".into()));
            0
        }
    }
}

impl PortForm {
    pub fn of(p: &Port) -> Self {
        PortForm {
            published: p.published_port.map(|n| n.to_string()).unwrap_or_default(),
            target: p.target_port.map(|n| n.to_string()).unwrap_or_default(),
            protocol: if p.protocol.as_deref() == Some("udp") {
                "udp"
            } else {
                "tcp"
            },
            mode: if p.publish_mode.as_deref() == Some("host") {
                "host"
            } else {
                "ingress"
            },
        }
    }

    /// The body of `port.create` for application `app_id`, or `port.update` of `existing`;
    /// `others` are its ports (a published port and protocol used twice is refused).
    pub fn input(
        &self,
        app_id: &str,
        existing: Option<&str>,
        others: &[Port],
    ) -> Result<PortInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let published = port_number(&mut errors, "port-published", &self.published);
        let target = port_number(&mut errors, "port-target", &self.target);
        if others.iter().any(|p| {
            p.published_port == Some(published)
                && p.protocol.as_deref().unwrap_or("tcp") == self.protocol
                && Some(p.port_id.as_str()) != existing
        }) {
            errors.push((
                "port-published",
                format!(
                    "Port {published}/{} is already published by this application.",
                    self.protocol
                ),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(PortInput {
            port_id: existing.map(str::to_string),
            published_port: published,
            target_port: target,
            protocol: self.protocol,
            publish_mode: self.mode,
            application_id: existing.is_none().then(|| app_id.to_string()),
        })
    }
}

// ---------------------------------------------------------------- redirects

/// What the redirect dialog edits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RedirectForm {
    pub regex: String,
    pub replacement: String,
    pub permanent: bool,
    /// An address to try the expression on (never sent).
    pub example: String,
}

impl RedirectForm {
    pub fn of(r: &Redirect) -> Self {
        RedirectForm {
            regex: r.regex.clone(),
            replacement: r.replacement.clone(),
            permanent: r.permanent,
            example: String::new(),
        }
    }

    /// The body of `redirects.create` for application `app_id`, or `redirects.update` of
    /// `existing`. `regex_error` is what the browser's parser said of the expression.
    pub fn input(
        &self,
        app_id: &str,
        existing: Option<&str>,
        regex_error: Option<String>,
    ) -> Result<RedirectInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        required(
            &mut errors,
            "redirect-regex",
            &self.regex,
            "the regular expression the address must match",
        );
        if let Some(e) = regex_error {
            errors.push(("redirect-regex", e));
        }
        required(
            &mut errors,
            "redirect-replacement",
            &self.replacement,
            "where to send it",
        );
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(RedirectInput {
            redirect_id: existing.map(str::to_string),
            regex: self.regex.trim().into(),
            replacement: self.replacement.trim().into(),
            permanent: self.permanent,
            application_id: existing.is_none().then(|| app_id.to_string()),
        })
    }
}

/// Traefik's replacement (Go: `${1}`, `$1`, `$$` for a dollar) as JavaScript's
/// `String.replace` reads it (`$1`, `$$`), for the example shown while typing.
pub fn js_replacement(go: &str) -> String {
    let mut out = String::with_capacity(go.len());
    let mut rest = go;
    while let Some(at) = rest.find("${") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        match after.find('}') {
            Some(end) if after[..end].chars().all(|c| c.is_ascii_digit()) && end > 0 => {
                out.push('$');
                out.push_str(&after[..end]);
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str("${");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What Traefik (Go's RE2) refuses that a browser's parser accepts: lookarounds and
/// backreferences. `None` when nothing such is seen.
pub fn go_regex_problem(regex: &str) -> Option<String> {
    if ["(?=", "(?!", "(?<=", "(?<!"]
        .iter()
        .any(|l| regex.contains(l))
    {
        return Some(
            "Traefik's regular expressions have no lookahead or lookbehind ((?=…), (?!…)).".into(),
        );
    }
    let b = regex.as_bytes();
    let backref = b.windows(2).enumerate().any(|(i, w)| {
        w[0] == b'\\' && w[1].is_ascii_digit() && w[1] != b'0' && (i == 0 || b[i - 1] != b'\\')
    });
    backref.then(|| "Traefik's regular expressions have no backreferences (\\1): use a group and ${1} in the replacement.".into())
}

/// The expression as a browser's parser reads it: Go's named groups `(?P<name>` become `(?<name>`.
pub fn js_pattern(regex: &str) -> String {
    regex.replace("(?P<", "(?<")
}

// ---------------------------------------------------------------- basic auth

/// What the basic-auth dialog edits. The password is typed again on every change: Dokploy
/// wants it, and Skiff never reads it back.
#[derive(Clone, Default, PartialEq)]
pub struct SecurityForm {
    pub username: String,
    pub password: String,
}

impl SecurityForm {
    pub fn of(s: &Security) -> Self {
        SecurityForm {
            username: s.username.clone(),
            password: String::new(),
        }
    }

    /// The body of `security.create` for application `app_id`, or `security.update` of
    /// `existing`; `others` are its users (a name used twice is refused).
    pub fn input(
        &self,
        app_id: &str,
        existing: Option<&str>,
        others: &[Security],
    ) -> Result<SecurityInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let user = self.username.trim();
        required(&mut errors, "auth-user", user, "a user name");
        if user.contains(':') || user.contains(char::is_whitespace) {
            errors.push((
                "auth-user",
                "A user name has no colon and no spaces (browsers send “name:password”).".into(),
            ));
        }
        if others
            .iter()
            .any(|s| s.username == user && Some(s.security_id.as_str()) != existing)
        {
            errors.push(("auth-user", format!("{user} already has access.")));
        }
        if self.password.is_empty() {
            errors.push((
                "auth-password",
                match existing {
                    Some(_) => {
                        "Type the password again, or a new one: Dokploy needs it with every change."
                            .into()
                    }
                    None => "Enter a password.".into(),
                },
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(SecurityInput {
            security_id: existing.map(str::to_string),
            username: user.into(),
            password: self.password.clone(),
            application_id: existing.is_none().then(|| app_id.to_string()),
        })
    }
}

// ---------------------------------------------------------------- resources

const MIB: u64 = 1024 * 1024;

/// A decimal number (`1.5`, `256`, `.25`) times `scale`, rounded down, in integers only: float
/// parsing and formatting would add 15 KB to the build.
pub(crate) fn scaled(num: &str, scale: u64) -> Option<u64> {
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    // Nine digits at most: their value times a scale up to 2^30 still fits in a u64.
    let frac = &frac[..frac.len().min(9)];
    let part = if frac.is_empty() {
        0
    } else {
        frac.parse::<u64>().ok()? * scale / 10u64.pow(frac.len() as u32)
    };
    whole.checked_mul(scale)?.checked_add(part)
}

/// `value / scale` with at most two decimals, trailing zeros dropped: `1.5`, `256`, `0.25`.
fn decimal(value: u64, scale: u64) -> String {
    let hundredths = (value * 100 + scale / 2) / scale;
    let (whole, frac) = (hundredths / 100, hundredths % 100);
    match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

/// Memory as a person types it (`512 MB`, `1.5G`, `256mib`, `268435456`): bytes, `None` for no
/// limit (empty). Units are binary, as Docker's (`MB` = 1024 × 1024 bytes); Docker refuses less
/// than 6 MB.
pub fn parse_memory(text: &str) -> Result<Option<u64>, String> {
    let t = text.trim().to_ascii_lowercase().replace(' ', "");
    if t.is_empty() {
        return Ok(None);
    }
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let factor = match unit {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => MIB,
        "g" | "gb" | "gib" => MIB * 1024,
        _ => return Err(format!("“{unit}” is not a unit of memory: use MB or GB.")),
    };
    let bytes = scaled(num, factor).ok_or_else(|| {
        format!(
            "“{}” is not an amount of memory: write 512 MB or 1.5 GB.",
            text.trim()
        )
    })?;
    if bytes < 6 * MIB {
        return Err("Docker needs at least 6 MB.".into());
    }
    Ok(Some(bytes))
}

/// Bytes as a person reads them: `256 MB`, `1.5 GB`.
pub fn memory_label(bytes: u64) -> String {
    if bytes >= 1024 * MIB {
        format!("{} GB", decimal(bytes, 1024 * MIB))
    } else {
        format!("{} MB", decimal(bytes, MIB))
    }
}

/// CPUs as a person types them (`0.5`, `2 CPU`, `1.25 cpus`): nano-CPUs as Dokploy stores them,
/// `None` for no limit (empty).
pub fn parse_cpus(text: &str) -> Result<Option<u64>, String> {
    let t = text.trim().to_ascii_lowercase();
    let t = t.trim_end_matches("cpus").trim_end_matches("cpu").trim();
    if t.is_empty() {
        return Ok(None);
    }
    match scaled(t, 1_000_000_000) {
        Some(n) if n > 0 && n <= 1024 * 1_000_000_000 => Ok(Some(n)),
        _ => Err(format!(
            "“{}” is not a number of CPUs: write 0.5 for half a CPU, 2 for two.",
            text.trim()
        )),
    }
}

/// Nano-CPUs as a person reads them: `0.25 CPU`, `2 CPUs`.
pub fn cpus_label(nano: u64) -> String {
    format!(
        "{} CPU{}",
        decimal(nano, 1_000_000_000),
        if nano > 1_000_000_000 { "s" } else { "" }
    )
}

/// What the resources form edits, in a person's units.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResourcesForm {
    pub memory_limit: String,
    pub memory_reservation: String,
    pub cpu_limit: String,
    pub cpu_reservation: String,
}

/// What Dokploy stores for a service's resources (strings of bytes and nano-CPUs; `""` is no
/// limit), in the order limit, reservation for memory then CPU.
pub type Resources = [String; 4];

impl ResourcesForm {
    /// From Dokploy's stored strings (`"268435456"`), shown as `256 MB`.
    pub fn of(stored: [Option<&str>; 4]) -> Self {
        let num = |v: Option<&str>| {
            v.and_then(|v| v.trim().parse::<u64>().ok())
                .filter(|n| *n > 0)
        };
        let mem = |v| num(v).map(memory_label).unwrap_or_default();
        let cpu = |v| num(v).map(cpus_label).unwrap_or_default();
        ResourcesForm {
            memory_limit: mem(stored[0]),
            memory_reservation: mem(stored[1]),
            cpu_limit: cpu(stored[2]),
            cpu_reservation: cpu(stored[3]),
        }
    }

    /// The strings to send, checked: units, and a reservation no larger than its limit.
    pub fn values(&self) -> Result<Resources, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut take = |field, r: Result<Option<u64>, String>| match r {
            Ok(v) => v,
            Err(e) => {
                errors.push((field, e));
                None
            }
        };
        let ml = take("res-memory-limit", parse_memory(&self.memory_limit));
        let mr = take(
            "res-memory-reservation",
            parse_memory(&self.memory_reservation),
        );
        let cl = take("res-cpu-limit", parse_cpus(&self.cpu_limit));
        let cr = take("res-cpu-reservation", parse_cpus(&self.cpu_reservation));
        if let (Some(l), Some(r)) = (ml, mr) {
            if r > l {
                errors.push((
                    "res-memory-reservation",
                    "The reservation is more than the limit: Docker could never grant it.".into(),
                ));
            }
        }
        if let (Some(l), Some(r)) = (cl, cr) {
            if r > l {
                errors.push((
                    "res-cpu-reservation",
                    "The reservation is more than the limit: Docker could never grant it.".into(),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let text = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_default();
        Ok([text(ml), text(mr), text(cl), text(cr)])
    }
}

/// What is certainly wrong with a Traefik file before it is sent: empty (Traefik would drop
/// every router of the application), or indented with tabs (YAML refuses them). `None` when
/// nothing such is seen; Traefik itself judges the rest.
pub fn traefik_problem(text: &str) -> Option<String> {
    if text.trim().is_empty() {
        return Some("The file is empty: Traefik would route nothing to this application.".into());
    }
    text.lines()
        .position(|l| l.trim_start_matches(' ').starts_with('\t'))
        .map(|n| {
            format!(
                "Line {} is indented with a tab; YAML takes spaces only.",
                n + 1
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_traefik_file_is_refused_when_empty_or_tab_indented() {
        assert!(traefik_problem(" \n").unwrap().contains("empty"));
        assert_eq!(
            traefik_problem("http:\n  routers:\n\t  web: {}\n"),
            Some("Line 3 is indented with a tab; YAML takes spaces only.".into())
        );
        assert_eq!(
            traefik_problem("http:\n  routers: {} # a\ttab in a comment\n"),
            None
        );
    }

    fn mount(id: &str, path: &str) -> Mount {
        Mount {
            mount_id: id.into(),
            mount_path: Some(path.into()),
            ..Mount::default()
        }
    }

    fn fields(r: Result<impl Sized, Vec<FieldError>>) -> Vec<&'static str> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|(f, _)| f)
            .collect()
    }

    #[test]
    fn mounts_are_checked_and_sent_by_kind() {
        let mut f = MountForm {
            volume_name: "uploads".into(),
            mount_path: "/app/uploads".into(),
            ..MountForm::default()
        };
        let body = f.input(ServiceKind::Postgres, "pg1", None, &[]).unwrap();
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"type": "volume", "volumeName": "uploads", "mountPath": "/app/uploads", "serviceType": "postgres", "serviceId": "pg1"})
        );
        // An update names the mount, not the service.
        let up = f
            .input(ServiceKind::Postgres, "pg1", Some("m1"), &[])
            .unwrap();
        assert_eq!(up.mount_id.as_deref(), Some("m1"));
        assert_eq!(up.service_id, None);
        // The same path twice, relative paths, bad volume names.
        let taken = [mount("m2", "/app/uploads")];
        assert_eq!(
            fields(f.input(ServiceKind::Postgres, "pg1", None, &taken)),
            ["mount-path"]
        );
        assert!(f
            .input(ServiceKind::Postgres, "pg1", Some("m2"), &taken)
            .is_ok());
        f.mount_path = "app/uploads".into();
        f.volume_name = "_bad".into();
        assert_eq!(
            fields(f.input(ServiceKind::Postgres, "pg1", None, &[])),
            ["mount-path", "mount-volume"]
        );
        // Bind: an absolute host path; file: a relative name and its content.
        let bind = MountForm {
            kind: MountType::Bind,
            host_path: "/srv/../etc".into(),
            mount_path: "/data".into(),
            ..MountForm::default()
        };
        assert_eq!(
            fields(bind.input(ServiceKind::Application, "a", None, &[])),
            ["mount-host"]
        );
        let file = MountForm {
            kind: MountType::File,
            file_path: "conf/app.env".into(),
            content: "A=1\n".into(),
            mount_path: "/etc/app.env".into(),
            ..MountForm::default()
        };
        let body = file.input(ServiceKind::Compose, "c", None, &[]).unwrap();
        assert_eq!(
            (body.mount_type, body.content.as_deref()),
            ("file", Some("A=1\n"))
        );
        let abs = MountForm {
            file_path: "/etc/x".into(),
            ..file.clone()
        };
        assert_eq!(
            fields(abs.input(ServiceKind::Compose, "c", None, &[])),
            ["mount-file"]
        );
        assert_eq!(
            mount_line(&Mount {
                mount_type: Some(MountType::File),
                file_path: Some("app.env".into()),
                mount_path: Some("/etc/app.env".into()),
                ..Mount::default()
            }),
            "app.env → /etc/app.env"
        );
    }

    #[test]
    fn ports_are_numbers_in_range_and_not_published_twice() {
        let f = PortForm {
            published: "8080".into(),
            target: " 80 ".into(),
            ..PortForm::default()
        };
        let body = f.input("a1", None, &[]).unwrap();
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"publishedPort": 8080, "targetPort": 80, "protocol": "tcp", "publishMode": "ingress", "applicationId": "a1"})
        );
        let taken = [Port {
            port_id: "p1".into(),
            published_port: Some(8080),
            protocol: Some("tcp".into()),
            ..Port::default()
        }];
        assert_eq!(fields(f.input("a1", None, &taken)), ["port-published"]);
        assert!(f.input("a1", Some("p1"), &taken).is_ok(), "itself");
        let udp = PortForm {
            protocol: "udp",
            ..f.clone()
        };
        assert!(udp.input("a1", None, &taken).is_ok(), "another protocol");
        let bad = PortForm {
            published: "0".into(),
            target: "70000".into(),
            ..PortForm::default()
        };
        assert_eq!(
            fields(bad.input("a1", None, &[])),
            ["port-published", "port-target"]
        );
    }

    #[test]
    fn redirects_need_both_sides_and_replacements_translate() {
        let f = RedirectForm {
            regex: "^https://www\\.(.*)".into(),
            replacement: "https://${1}".into(),
            permanent: true,
            example: String::new(),
        };
        let body = f.input("a1", None, None).unwrap();
        assert_eq!(body.application_id.as_deref(), Some("a1"));
        assert_eq!(
            fields(f.input("a1", None, Some("Unterminated group".into()))),
            ["redirect-regex"]
        );
        assert_eq!(
            fields(RedirectForm::default().input("a1", None, None)),
            ["redirect-regex", "redirect-replacement"]
        );
        assert_eq!(js_replacement("https://${1}/x/${22}"), "https://$1/x/$22");
        assert_eq!(js_replacement("a${name}b$$c${"), "a${name}b$$c${");
        assert!(go_regex_problem("^/old/(?!keep)(.*)").is_some());
        assert!(go_regex_problem("^/(a)\\1").is_some());
        assert!(
            go_regex_problem("^https?://www\\.(.*)\\\\1").is_none(),
            "an escaped backslash"
        );
        assert!(go_regex_problem("^https?://www\\.example\\.com/(.*)").is_none());
        assert_eq!(js_pattern("^/(?P<rest>.*)"), "^/(?<rest>.*)");
    }

    #[test]
    fn basic_auth_users_are_checked_and_the_password_asked_every_time() {
        let others = [Security {
            security_id: "s1".into(),
            username: "admin".into(),
        }];
        let f = SecurityForm {
            username: "admin".into(),
            password: String::new(),
        };
        assert_eq!(
            fields(f.input("a1", None, &others)),
            ["auth-user", "auth-password"]
        );
        let e = f.input("a1", Some("s1"), &others).err().unwrap();
        assert_eq!(e.len(), 1);
        assert!(e[0].1.contains("Type the password again"), "{e:?}");
        let ok = SecurityForm {
            username: "ops".into(),
            password: "p:w d".into(),
        };
        assert_eq!(ok.input("a1", None, &others).unwrap().password, "p:w d");
        let colon = SecurityForm {
            username: "a:b".into(),
            password: "x".into(),
        };
        assert_eq!(fields(colon.input("a1", None, &[])), ["auth-user"]);
    }

    #[test]
    fn resources_read_and_write_in_a_persons_units() {
        assert_eq!(parse_memory("512 MB"), Ok(Some(536_870_912)));
        assert_eq!(parse_memory("1.5g"), Ok(Some(1_610_612_736)));
        assert_eq!(parse_memory("268435456"), Ok(Some(268_435_456)));
        assert_eq!(parse_memory(" "), Ok(None));
        assert!(parse_memory("4 MB").unwrap_err().contains("6 MB"));
        assert!(parse_memory("12 TB").unwrap_err().contains("unit"));
        assert!(parse_memory("lots").is_err());
        assert_eq!(memory_label(268_435_456), "256 MB");
        assert_eq!(memory_label(1_610_612_736), "1.5 GB");
        assert_eq!(parse_cpus("0.5"), Ok(Some(500_000_000)));
        assert_eq!(parse_cpus("2 CPUs"), Ok(Some(2_000_000_000)));
        assert_eq!(parse_cpus(""), Ok(None));
        assert!(parse_cpus("0").is_err() && parse_cpus("half").is_err());
        assert_eq!(cpus_label(250_000_000), "0.25 CPU");
        assert_eq!(cpus_label(2_000_000_000), "2 CPUs");
        assert_eq!(parse_cpus(".25"), Ok(Some(250_000_000)));
        assert!(parse_cpus("1.2.3").is_err() && parse_memory(".").is_err());
        assert_eq!(memory_label(1_073_741_824 + 104_857_600), "1.1 GB");

        let f = ResourcesForm::of([
            Some("268435456"),
            Some("134217728"),
            Some("1000000000"),
            None,
        ]);
        assert_eq!(
            f,
            ResourcesForm {
                memory_limit: "256 MB".into(),
                memory_reservation: "128 MB".into(),
                cpu_limit: "1 CPU".into(),
                cpu_reservation: String::new(),
            }
        );
        assert_eq!(
            f.values().unwrap(),
            [
                "268435456".to_string(),
                "134217728".into(),
                "1000000000".into(),
                String::new()
            ]
        );
        let over = ResourcesForm {
            memory_reservation: "1 GB".into(),
            cpu_reservation: "2".into(),
            ..f
        };
        let fields: Vec<_> = over
            .values()
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, ["res-memory-reservation", "res-cpu-reservation"]);
    }
}
