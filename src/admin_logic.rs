//! The pure rules behind the API access page (`#/i/{inst}/admin`): the new-key form and the
//! body it sends, key lists and dates, which key Skiff itself uses, members and their
//! permission toggles. Plain functions with host tests; the page only wires them to signals.

use serde::{Deserialize, Serialize};

use crate::api::{AssignPermissions, NewApiKey};
use crate::model::{ApiKey, Member, MemberRole};
use crate::overview::lower;

/// Longest key name Dokploy accepts (`z.string().min(1).max(32)`, counted in UTF-16 units).
pub const MAX_KEY_NAME: usize = 32;

const DAY_SECS: u64 = 86_400;

/// How long a new key lives. Dokploy takes `expiresIn` in seconds; none = never expires.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Expiry {
    #[default]
    Never,
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Expiry {
    pub const ALL: [Expiry; 6] = [
        Expiry::Never,
        Expiry::Day,
        Expiry::Week,
        Expiry::Month,
        Expiry::Quarter,
        Expiry::Year,
    ];

    /// `expiresIn` in seconds; `None` = never.
    pub fn seconds(self) -> Option<u64> {
        match self {
            Expiry::Never => None,
            Expiry::Day => Some(DAY_SECS),
            Expiry::Week => Some(7 * DAY_SECS),
            Expiry::Month => Some(30 * DAY_SECS),
            Expiry::Quarter => Some(90 * DAY_SECS),
            Expiry::Year => Some(365 * DAY_SECS),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Expiry::Never => "Never",
            Expiry::Day => "1 day",
            Expiry::Week => "7 days",
            Expiry::Month => "30 days",
            Expiry::Quarter => "90 days",
            Expiry::Year => "1 year",
        }
    }

    /// The `<option>` value.
    pub fn value(self) -> &'static str {
        match self {
            Expiry::Never => "never",
            Expiry::Day => "1d",
            Expiry::Week => "7d",
            Expiry::Month => "30d",
            Expiry::Quarter => "90d",
            Expiry::Year => "1y",
        }
    }

    pub fn parse(value: &str) -> Expiry {
        Expiry::ALL
            .into_iter()
            .find(|e| e.value() == value)
            .unwrap_or_default()
    }
}

/// The window of a rate limit. Dokploy takes `rateLimitTimeWindow` in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Window {
    Minute,
    Hour,
    #[default]
    Day,
    Week,
}

impl Window {
    pub const ALL: [Window; 4] = [Window::Minute, Window::Hour, Window::Day, Window::Week];

    pub fn millis(self) -> u64 {
        match self {
            Window::Minute => 60_000,
            Window::Hour => 3_600_000,
            Window::Day => 86_400_000,
            Window::Week => 604_800_000,
        }
    }

    /// "per minute", "per day", ...
    pub fn label(self) -> &'static str {
        match self {
            Window::Minute => "per minute",
            Window::Hour => "per hour",
            Window::Day => "per day",
            Window::Week => "per week",
        }
    }

    pub fn value(self) -> &'static str {
        match self {
            Window::Minute => "minute",
            Window::Hour => "hour",
            Window::Day => "day",
            Window::Week => "week",
        }
    }

    pub fn parse(value: &str) -> Window {
        Window::ALL
            .into_iter()
            .find(|w| w.value() == value)
            .unwrap_or_default()
    }
}

/// A window in milliseconds in words: "per day", "per 2 hours", "per 90 seconds".
pub fn window_words(ms: u64) -> String {
    if let Some(w) = Window::ALL.into_iter().find(|w| w.millis() == ms) {
        return w.label().to_string();
    }
    let units = [
        (604_800_000, "week"),
        (86_400_000, "day"),
        (3_600_000, "hour"),
        (60_000, "minute"),
        (1_000, "second"),
    ];
    for (size, unit) in units {
        if ms >= size && ms.is_multiple_of(size) {
            return format!("per {} {unit}s", ms / size);
        }
    }
    format!("per {ms} ms")
}

/// Largest `rateLimitMax` the form accepts.
pub const MAX_RATE: u64 = 1_000_000;

/// What the new-key form holds, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyForm {
    pub name: String,
    pub expiry: Expiry,
    /// Off unless the admin turns it on.
    pub rate_limited: bool,
    /// Requests per window, as typed.
    pub max: String,
    pub window: Window,
}

/// Problems found before sending, per field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyFormErrors {
    pub name: Option<String>,
    pub max: Option<String>,
}

impl KeyFormErrors {
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.max.is_none()
    }
}

/// The trimmed name, or why it cannot be sent.
pub fn validate_key_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("A key needs a name, e.g. the device or script that will use it.".into());
    }
    let len = name.encode_utf16().count();
    if len > MAX_KEY_NAME {
        return Err(format!(
            "At most {MAX_KEY_NAME} characters (this one has {len})."
        ));
    }
    Ok(name.to_string())
}

/// The requests per window, or why not.
pub fn validate_rate(max: &str) -> Result<u64, String> {
    let max = max.trim();
    if max.is_empty() {
        return Err("How many requests per window?".into());
    }
    match max.parse::<u64>() {
        Ok(0) => Err("At least 1 request, or turn the rate limit off.".into()),
        Ok(n) if n > MAX_RATE => Err(format!("At most {MAX_RATE}.")),
        Ok(n) => Ok(n),
        Err(_) => Err("A whole number of requests, e.g. 1000.".into()),
    }
}

/// The body of `user.createApiKey` for `form` in `organization_id`, or the field errors.
/// `rateLimitEnabled` is always sent (false unless the limit is on): Dokploy's default
/// otherwise is 10 requests a day.
pub fn build_new_key(form: &KeyForm, organization_id: &str) -> Result<NewApiKey, KeyFormErrors> {
    let mut errors = KeyFormErrors::default();
    let name = validate_key_name(&form.name)
        .map_err(|e| errors.name = Some(e))
        .ok();
    let rate = if form.rate_limited {
        validate_rate(&form.max)
            .map_err(|e| errors.max = Some(e))
            .ok()
    } else {
        None
    };
    match name {
        Some(name) if errors.is_empty() => {
            let mut body = NewApiKey::new(&name, organization_id);
            body.expires_in = form.expiry.seconds();
            if let Some(max) = rate {
                body = body.rate_limited(max, form.window.millis());
            }
            Ok(body)
        }
        _ => Err(errors),
    }
}

/// Milliseconds since the Unix epoch of an ISO 8601 time (`2026-11-26T14:39:49.635Z`,
/// `+02:00` offsets, or a bare date).
pub fn parse_iso_ms(s: &str) -> Option<i64> {
    let s = s.trim();
    let num = |a: usize, b: usize| -> Option<i64> {
        let part = s.get(a..b)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (y, mo, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    if s.get(4..5) != Some("-") || s.get(7..8) != Some("-") || !(1..=12).contains(&mo) {
        return None;
    }
    if !(1..=31).contains(&d) {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    if s.len() == 10 {
        return Some(days * 86_400_000);
    }
    if !matches!(s.get(10..11), Some("T" | "t" | " ")) {
        return None;
    }
    let (h, mi, sec) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut rest = s.get(19..)?;
    let mut millis = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits: String = frac.chars().take_while(char::is_ascii_digit).collect();
        let scaled: String = digits.chars().chain("000".chars()).take(3).collect();
        millis = scaled.parse().ok()?;
        rest = &frac[digits.len()..];
    }
    let offset_min = match rest {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match rest.get(0..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            let digits: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
            if digits.len() != 4 {
                return None;
            }
            let oh: i64 = digits[0..2].parse().ok()?;
            let om: i64 = digits[2..4].parse().ok()?;
            sign * (oh * 60 + om)
        }
    };
    Some(((days * 24 + h) * 60 + mi - offset_min) * 60_000 + sec * 1000 + millis)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "26 Nov 2026" (UTC) for an ISO time; the text itself when it cannot be read.
pub fn format_date(iso: &str) -> String {
    match parse_iso_ms(iso) {
        Some(ms) => {
            let (y, m, d) = civil_from_days(ms.div_euclid(86_400_000));
            format!("{d} {} {y}", MONTHS[(m - 1) as usize])
        }
        None => iso.to_string(),
    }
}

/// When a key expires, in words, and whether it already has.
pub fn expiry_words(expires_at: Option<&str>, now_ms: i64) -> (String, bool) {
    let Some(at) = expires_at.filter(|s| !s.trim().is_empty()) else {
        return ("Never".into(), false);
    };
    let Some(ms) = parse_iso_ms(at) else {
        return (at.to_string(), false);
    };
    let diff = ms - now_ms;
    let days = diff.abs() / 86_400_000;
    let hours = diff.abs() / 3_600_000;
    if diff <= 0 {
        let ago = match (days, hours) {
            (0, 0) => "just now".to_string(),
            (0, h) => plural(h, "hour") + " ago",
            (d, _) => plural(d, "day") + " ago",
        };
        return (format!("Expired {ago}"), true);
    }
    let within = match (days, hours) {
        (0, 0) => "in less than an hour".to_string(),
        (0, h) => format!("in {}", plural(h, "hour")),
        (d, _) if d < 60 => format!("in {}", plural(d, "day")),
        _ => format!("on {}", format_date(at)),
    };
    (format!("Expires {within}"), false)
}

fn plural(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// Keys newest first (by `createdAt`; keys without a readable date last, by name).
pub fn sort_keys_newest_first(keys: &mut [ApiKey]) {
    crate::order::sort_by(keys, |a, b| {
        let ta = a.created_at.as_deref().and_then(parse_iso_ms);
        let tb = b.created_at.as_deref().and_then(parse_iso_ms);
        match (ta, tb) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.name.cmp(&b.name),
        }
    });
}

/// How many leading characters of a key Skiff remembers to recognise it (Dokploy's `start`
/// holds as many).
pub const START_LEN: usize = 6;

/// What Skiff remembers about a key it created and switched to ("Use this key in Skiff"),
/// stored per instance next to (never inside) the key. Never holds the key itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkiffKeyRecord {
    /// Dokploy's id of the key.
    pub key_id: String,
    pub name: String,
    /// The key's first [`START_LEN`] characters: the record only applies while the stored
    /// key still starts with them (connecting anew with another key voids it).
    pub start: String,
    /// Requests per window and the window in ms, when the key was created rate limited.
    #[serde(default)]
    pub rate_limit: Option<(u64, u64)>,
    #[serde(default)]
    pub expires_at: Option<String>,
}

impl SkiffKeyRecord {
    /// The record for a key Skiff just created and is about to use.
    pub fn new(
        key_id: &str,
        name: &str,
        key: &str,
        rate_limit: Option<(u64, u64)>,
        expires_at: Option<String>,
    ) -> Self {
        SkiffKeyRecord {
            key_id: key_id.to_string(),
            name: name.to_string(),
            start: key.chars().take(START_LEN).collect(),
            rate_limit,
            expires_at,
        }
    }

    /// Whether the record describes `stored_key` (the key Skiff holds now).
    pub fn applies_to(&self, stored_key: &str) -> bool {
        !self.start.is_empty() && stored_key.starts_with(&self.start)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }
}

/// Whether a listed key is the one Skiff is connected with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InUse {
    Yes,
    No,
    /// The API gives no way to tell (v0.30 lists keys without `start`) and Skiff did not
    /// create the key it holds.
    Unknown,
}

/// Tells whether `key` is the one Skiff holds (`stored_key`): by the record Skiff kept when it
/// switched to a key it created, else by Dokploy's `start` (v0.19 to v0.24 list it), else
/// unknown.
pub fn key_in_use(key: &ApiKey, stored_key: &str, record: Option<&SkiffKeyRecord>) -> InUse {
    if let Some(r) = record.filter(|r| r.applies_to(stored_key)) {
        return if r.key_id == key.id {
            InUse::Yes
        } else {
            InUse::No
        };
    }
    match key.start.as_deref().filter(|s| !s.is_empty()) {
        Some(start) if stored_key.starts_with(start) => InUse::Yes,
        Some(_) => InUse::No,
        None => InUse::Unknown,
    }
}

/// What the delete confirmation says about Skiff's own connection.
pub fn delete_warning(in_use: InUse, key_name: &str) -> String {
    match in_use {
        InUse::Yes => format!(
            "Skiff is connected with {key_name}. Deleting it disconnects Skiff from this instance at once: you will need another key to reconnect."
        ),
        InUse::No => format!("Anything still using {key_name} will be refused from now on."),
        InUse::Unknown => format!(
            "Anything still using {key_name} will be refused from now on. If this is the key Skiff uses, Skiff will be disconnected (Dokploy does not say which key that is)."
        ),
    }
}

/// Why a 401 happened, when Skiff knows its key was created rate limited.
pub fn rate_limit_explanation(record: &SkiffKeyRecord) -> Option<String> {
    let (max, window) = record.rate_limit?;
    Some(format!(
        "Skiff's key {} was created with a rate limit of {max} requests {}. Dokploy answers 401 once it is used up, exactly as for a wrong key. Wait for the window to pass, or connect with a key without a rate limit.",
        record.name,
        window_words(window)
    ))
}

// ---------------------------------------------------------------- members

/// One permission `user.assignPermissions` carries, in the order the page shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Perm {
    Api,
    CreateProjects,
    DeleteProjects,
    CreateEnvironments,
    DeleteEnvironments,
    CreateServices,
    DeleteServices,
    Docker,
    TraefikFiles,
    SshKeys,
    GitProviders,
}

impl Perm {
    /// API access first.
    pub const ALL: [Perm; 11] = [
        Perm::Api,
        Perm::CreateProjects,
        Perm::DeleteProjects,
        Perm::CreateEnvironments,
        Perm::DeleteEnvironments,
        Perm::CreateServices,
        Perm::DeleteServices,
        Perm::Docker,
        Perm::TraefikFiles,
        Perm::SshKeys,
        Perm::GitProviders,
    ];

    /// The wire name (also the `data-test` suffix).
    pub fn key(self) -> &'static str {
        match self {
            Perm::Api => "canAccessToAPI",
            Perm::CreateProjects => "canCreateProjects",
            Perm::DeleteProjects => "canDeleteProjects",
            Perm::CreateEnvironments => "canCreateEnvironments",
            Perm::DeleteEnvironments => "canDeleteEnvironments",
            Perm::CreateServices => "canCreateServices",
            Perm::DeleteServices => "canDeleteServices",
            Perm::Docker => "canAccessToDocker",
            Perm::TraefikFiles => "canAccessToTraefikFiles",
            Perm::SshKeys => "canAccessToSSHKeys",
            Perm::GitProviders => "canAccessToGitProviders",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Perm::Api => "API and CLI",
            Perm::CreateProjects => "Create projects",
            Perm::DeleteProjects => "Delete projects",
            Perm::CreateEnvironments => "Create environments",
            Perm::DeleteEnvironments => "Delete environments",
            Perm::CreateServices => "Create services",
            Perm::DeleteServices => "Delete services",
            Perm::Docker => "Docker",
            Perm::TraefikFiles => "Traefik files",
            Perm::SshKeys => "SSH keys",
            Perm::GitProviders => "Git providers",
        }
    }

    fn field(self, p: &mut AssignPermissions) -> &mut bool {
        match self {
            Perm::Api => &mut p.can_access_to_api,
            Perm::CreateProjects => &mut p.can_create_projects,
            Perm::DeleteProjects => &mut p.can_delete_projects,
            Perm::CreateEnvironments => &mut p.can_create_environments,
            Perm::DeleteEnvironments => &mut p.can_delete_environments,
            Perm::CreateServices => &mut p.can_create_services,
            Perm::DeleteServices => &mut p.can_delete_services,
            Perm::Docker => &mut p.can_access_to_docker,
            Perm::TraefikFiles => &mut p.can_access_to_traefik_files,
            Perm::SshKeys => &mut p.can_access_to_ssh_keys,
            Perm::GitProviders => &mut p.can_access_to_git_providers,
        }
    }

    /// The member's current value.
    pub fn of(self, m: &Member) -> bool {
        *self.field(&mut AssignPermissions::from_member(m))
    }
}

/// The id `user.assignPermissions` wants: Dokploy updates `member WHERE userId = id` (its own
/// dashboard sends the user id), so the membership row id would silently change nothing.
pub fn assign_id(m: &Member) -> String {
    [m.user_id.as_deref(), Some(m.user.id.as_str())]
        .into_iter()
        .flatten()
        .find(|s| !s.is_empty())
        .unwrap_or(&m.id)
        .to_string()
}

/// The body for toggling one permission: the member's full current set (every field is
/// required) with only `perm` set to `value`.
pub fn toggle_body(m: &Member, perm: Perm, value: bool) -> AssignPermissions {
    let mut body = AssignPermissions::from_member(m);
    body.id = assign_id(m);
    *perm.field(&mut body) = value;
    body
}

/// `m` as it is after `body` was accepted (to show the change before the list reloads).
pub fn apply_body(m: &Member, body: &AssignPermissions) -> Member {
    let mut out = m.clone();
    out.can_create_projects = body.can_create_projects;
    out.can_create_services = body.can_create_services;
    out.can_delete_projects = body.can_delete_projects;
    out.can_delete_services = body.can_delete_services;
    out.can_access_to_docker = body.can_access_to_docker;
    out.can_access_to_traefik_files = body.can_access_to_traefik_files;
    out.can_access_to_api = body.can_access_to_api;
    out.can_access_to_ssh_keys = body.can_access_to_ssh_keys;
    out.can_access_to_git_providers = body.can_access_to_git_providers;
    out.can_delete_environments = body.can_delete_environments;
    out.can_create_environments = body.can_create_environments;
    out
}

/// Whether a member may use the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiAccess {
    /// Owners and admins can always.
    Always,
    Granted,
    Denied,
}

pub fn api_access(m: &Member) -> ApiAccess {
    if m.is_admin() {
        ApiAccess::Always
    } else if m.can_access_to_api {
        ApiAccess::Granted
    } else {
        ApiAccess::Denied
    }
}

/// "Owner", "Admin", "Member", or a custom role's name.
pub fn role_label(m: &Member) -> String {
    crate::people::role_name(m.role.as_ref()).to_string()
}

/// Owners, then admins, then everyone else; by name within each.
pub fn sort_members(members: &mut [Member]) {
    let rank = |m: &Member| match m.role {
        Some(MemberRole::Owner) => 0,
        Some(MemberRole::Admin) => 1,
        _ => 2,
    };
    crate::order::sort_by(members, |a, b| {
        rank(a)
            .cmp(&rank(b))
            .then_with(|| lower(&a.user.display_name()).cmp(&lower(&b.user.display_name())))
    });
}

/// Whether the caller may manage members: owners and admins, and custom roles (their rights
/// are the server's to check). A plain member is not asked for `user.all` at all.
pub fn may_list_members(me: &Member) -> bool {
    !matches!(me.role, Some(MemberRole::Member) | None)
}

/// Whether a refusal of `user.all` means "not allowed" rather than "key refused": a 403, or a
/// 401 for a caller who is not owner or admin (Dokploy's admin-only procedures answer 401). For
/// owners and admins a 401 is about the key (revoked, expired, rate limit used up).
pub fn is_denial(status: Option<u16>, caller_is_admin: bool) -> bool {
    match status {
        Some(403) => true,
        Some(401) => !caller_is_admin,
        _ => false,
    }
}

// ---------------------------------------------------------------- 2024 tokens

/// Whether the token `auth.get` shows is the one Skiff sends.
pub fn token_is_skiffs(shown: Option<&str>, stored_key: &str) -> bool {
    shown.is_some_and(|t| !t.is_empty() && t.trim() == stored_key.trim())
}

/// A masked token: first and last 4 characters.
pub fn mask(token: &str) -> String {
    let chars: Vec<char> = token.chars().collect();
    if chars.len() <= 12 {
        return "•".repeat(chars.len().max(8));
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::User;

    fn key(id: &str, created: Option<&str>, start: Option<&str>) -> ApiKey {
        ApiKey {
            id: id.into(),
            name: Some(id.into()),
            start: start.map(Into::into),
            created_at: created.map(Into::into),
            ..Default::default()
        }
    }

    fn member(id: &str, user_id: &str, role: MemberRole) -> Member {
        Member {
            id: id.into(),
            user_id: Some(user_id.into()),
            role: Some(role),
            user: User {
                id: user_id.into(),
                first_name: Some(id.into()),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn expiry_choices_are_seconds() {
        let secs: Vec<_> = Expiry::ALL.iter().map(|e| e.seconds()).collect();
        assert_eq!(
            secs,
            vec![
                None,
                Some(86_400),
                Some(604_800),
                Some(2_592_000),
                Some(7_776_000),
                Some(31_536_000)
            ]
        );
        for e in Expiry::ALL {
            assert_eq!(Expiry::parse(e.value()), e);
        }
        assert_eq!(Expiry::parse("bogus"), Expiry::Never);
        for w in Window::ALL {
            assert_eq!(Window::parse(w.value()), w);
        }
    }

    #[test]
    fn key_names_are_1_to_32_utf16_units() {
        assert!(validate_key_name("   ").is_err());
        assert_eq!(validate_key_name("  laptop ").as_deref(), Ok("laptop"));
        assert!(validate_key_name(&"a".repeat(32)).is_ok());
        let long = validate_key_name(&"a".repeat(33)).unwrap_err();
        assert!(long.contains("33"), "{long}");
        // 16 emoji = 32 UTF-16 units: allowed; 17 are not.
        assert!(validate_key_name(&"🔑".repeat(16)).is_ok());
        assert!(validate_key_name(&"🔑".repeat(17)).is_err());
    }

    #[test]
    fn new_key_body_always_says_whether_it_is_rate_limited() {
        let form = KeyForm {
            name: " ci ".into(),
            expiry: Expiry::Week,
            ..Default::default()
        };
        let body = build_new_key(&form, "org1").unwrap();
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "name": "ci", "expiresIn": 604800,
                "metadata": {"organizationId": "org1"}, "rateLimitEnabled": false,
            })
        );
        // Never: no expiresIn at all.
        let never = KeyForm {
            name: "x".into(),
            ..Default::default()
        };
        let json = serde_json::to_value(build_new_key(&never, "o").unwrap()).unwrap();
        assert!(json.get("expiresIn").is_none());
        assert_eq!(json["rateLimitEnabled"], false);
        // Rate limit values typed while off are not sent.
        let off = KeyForm {
            name: "x".into(),
            max: "garbage".into(),
            ..Default::default()
        };
        assert!(build_new_key(&off, "o").is_ok());

        let limited = KeyForm {
            name: "cron".into(),
            rate_limited: true,
            max: " 500 ".into(),
            window: Window::Hour,
            ..Default::default()
        };
        let json = serde_json::to_value(build_new_key(&limited, "o").unwrap()).unwrap();
        assert_eq!(json["rateLimitEnabled"], true);
        assert_eq!(json["rateLimitMax"], 500);
        assert_eq!(json["rateLimitTimeWindow"], 3_600_000);
    }

    #[test]
    fn form_errors_are_per_field() {
        let bad = KeyForm {
            name: String::new(),
            rate_limited: true,
            max: "0".into(),
            ..Default::default()
        };
        let e = build_new_key(&bad, "o").unwrap_err();
        assert!(e.name.is_some() && e.max.is_some());
        assert!(validate_rate("abc").is_err());
        assert!(validate_rate("").is_err());
        assert!(validate_rate("1000001").is_err());
        assert_eq!(validate_rate("1"), Ok(1));
    }

    #[test]
    fn iso_times_parse() {
        assert_eq!(parse_iso_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_iso_ms("1970-01-01T00:00:01.5Z"), Some(1500));
        assert_eq!(
            parse_iso_ms("2026-11-26T14:39:49.635Z"),
            Some(1_795_703_989_635)
        );
        assert_eq!(
            parse_iso_ms("2026-11-26T16:39:49.635+02:00"),
            parse_iso_ms("2026-11-26T14:39:49.635Z")
        );
        assert_eq!(parse_iso_ms("2000-03-01"), Some(951_868_800_000));
        for bad in [
            "",
            "yesterday",
            "2026-13-01T00:00:00Z",
            "2026-11-26X",
            "2026-11-26T1",
        ] {
            assert_eq!(parse_iso_ms(bad), None, "{bad}");
        }
        assert_eq!(format_date("2026-11-26T14:39:49.635Z"), "26 Nov 2026");
        assert_eq!(format_date("2024-02-29T23:59:59Z"), "29 Feb 2024");
        assert_eq!(format_date("soon"), "soon");
    }

    #[test]
    fn expiry_in_words() {
        let now = parse_iso_ms("2026-01-10T12:00:00Z").unwrap();
        assert_eq!(expiry_words(None, now), ("Never".into(), false));
        assert_eq!(expiry_words(Some(""), now), ("Never".into(), false));
        assert_eq!(
            expiry_words(Some("2026-01-17T12:00:00Z"), now),
            ("Expires in 7 days".into(), false)
        );
        assert_eq!(
            expiry_words(Some("2026-01-10T15:30:00Z"), now),
            ("Expires in 3 hours".into(), false)
        );
        assert_eq!(
            expiry_words(Some("2027-01-10T12:00:00Z"), now),
            ("Expires on 10 Jan 2027".into(), false)
        );
        assert_eq!(
            expiry_words(Some("2026-01-08T12:00:00Z"), now),
            ("Expired 2 days ago".into(), true)
        );
    }

    #[test]
    fn keys_sort_newest_first() {
        let mut keys = vec![
            key("old", Some("2025-01-01T00:00:00Z"), None),
            key("none", None, None),
            key("new", Some("2026-11-26T14:39:49.635Z"), None),
            key("mid", Some("2026-11-26T14:39:42.527Z"), None),
        ];
        sort_keys_newest_first(&mut keys);
        let order: Vec<_> = keys.iter().map(|k| k.id.as_str()).collect();
        assert_eq!(order, vec!["new", "mid", "old", "none"]);
    }

    #[test]
    fn which_key_skiff_uses() {
        let stored = "abcdefSECRETREST";
        let with_start = key("k1", None, Some("abcdef"));
        let other_start = key("k2", None, Some("tmp_LM"));
        let no_start = key("k3", None, None);
        assert_eq!(key_in_use(&with_start, stored, None), InUse::Yes);
        assert_eq!(key_in_use(&other_start, stored, None), InUse::No);
        assert_eq!(key_in_use(&no_start, stored, None), InUse::Unknown);
        // A record of the key Skiff switched to answers for every key.
        let rec = SkiffKeyRecord::new("k3", "laptop", stored, None, None);
        assert_eq!(rec.start, "abcdef");
        assert_eq!(key_in_use(&no_start, stored, Some(&rec)), InUse::Yes);
        assert_eq!(key_in_use(&with_start, stored, Some(&rec)), InUse::No);
        // ... but not once Skiff holds another key.
        assert_eq!(
            key_in_use(&no_start, "zzzzzzOTHER", Some(&rec)),
            InUse::Unknown
        );
        assert!(delete_warning(InUse::Yes, "laptop").contains("disconnects Skiff"));
        assert!(delete_warning(InUse::Unknown, "laptop").contains("If this is the key Skiff uses"));
        assert!(!delete_warning(InUse::No, "laptop").contains("Skiff"));
    }

    #[test]
    fn records_round_trip_without_the_key() {
        let rec = SkiffKeyRecord::new(
            "id1",
            "cron",
            "abcdefghijklmnopqrstuvwxyz",
            Some((3, 86_400_000)),
            None,
        );
        let text = rec.to_json();
        assert!(!text.contains("ghijkl"), "{text}");
        assert_eq!(SkiffKeyRecord::from_json(&text), Some(rec.clone()));
        assert_eq!(SkiffKeyRecord::from_json("not json"), None);
        let why = rate_limit_explanation(&rec).unwrap();
        assert!(
            why.contains("3 requests per day") && why.contains("401"),
            "{why}"
        );
        let free = SkiffKeyRecord::new("id", "n", "k", None, None);
        assert_eq!(rate_limit_explanation(&free), None);
        assert_eq!(window_words(7_200_000), "per 2 hours");
        assert_eq!(window_words(1_500), "per 1500 ms");
    }

    #[test]
    fn toggles_send_the_full_set_with_one_change() {
        let mut m = member("mem-row", "user-1", MemberRole::Member);
        m.can_create_projects = true;
        m.can_access_to_docker = true;
        m.accessed_projects = vec!["p1".into()];
        m.accessed_services = vec!["s1".into(), "s2".into()];
        m.accessed_environments = vec!["e1".into()];
        let body = toggle_body(&m, Perm::Api, true);
        assert_eq!(body.id, "user-1", "Dokploy matches member.userId");
        let json = serde_json::to_value(&body).unwrap();
        let obj = json.as_object().unwrap();
        assert_eq!(obj.len(), 17, "every field of the schema is sent");
        assert_eq!(json["canAccessToAPI"], true);
        assert_eq!(json["canCreateProjects"], true);
        assert_eq!(json["canAccessToDocker"], true);
        assert_eq!(json["canDeleteProjects"], false);
        assert_eq!(json["accessedProjects"], serde_json::json!(["p1"]));
        assert_eq!(json["accessedServices"], serde_json::json!(["s1", "s2"]));
        assert_eq!(json["accessedEnvironments"], serde_json::json!(["e1"]));
        // Exactly one flag differs from the current set.
        let current = serde_json::to_value(AssignPermissions {
            id: "user-1".into(),
            ..AssignPermissions::from_member(&m)
        })
        .unwrap();
        let diff: Vec<_> = obj
            .iter()
            .filter(|(k, v)| current.get(k.as_str()) != Some(v))
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(diff, vec!["canAccessToAPI"]);
        for p in Perm::ALL {
            let b = toggle_body(&m, p, !p.of(&m));
            let after = apply_body(&m, &b);
            assert_eq!(p.of(&after), !p.of(&m), "{}", p.key());
            let changed = Perm::ALL
                .iter()
                .filter(|q| q.of(&after) != q.of(&m))
                .count();
            assert_eq!(changed, 1);
        }
        assert_eq!(Perm::ALL[0], Perm::Api);
    }

    #[test]
    fn assign_id_falls_back() {
        let mut m = member("row", "", MemberRole::Member);
        m.user_id = None;
        m.user.id = String::new();
        assert_eq!(assign_id(&m), "row");
        m.user.id = "u".into();
        assert_eq!(assign_id(&m), "u");
    }

    #[test]
    fn members_roles_and_access() {
        let mut list = vec![
            member("zed", "u1", MemberRole::Member),
            member("amy", "u2", MemberRole::Member),
            member("boss", "u3", MemberRole::Owner),
            member("adm", "u4", MemberRole::Admin),
        ];
        list[0].can_access_to_api = true;
        sort_members(&mut list);
        let names: Vec<_> = list.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(names, vec!["boss", "adm", "amy", "zed"]);
        assert_eq!(api_access(&list[0]), ApiAccess::Always);
        assert_eq!(api_access(&list[1]), ApiAccess::Always);
        assert_eq!(api_access(&list[2]), ApiAccess::Denied);
        assert_eq!(api_access(&list[3]), ApiAccess::Granted);
        assert_eq!(role_label(&list[1]), "Admin");
        let custom = member("c", "u5", MemberRole::Other("deployer".into()));
        assert_eq!(role_label(&custom), "deployer");
        assert!(may_list_members(&list[0]) && may_list_members(&custom));
        assert!(!may_list_members(&list[2]));
        assert!(is_denial(Some(403), true));
        assert!(
            is_denial(Some(401), false),
            "custom role on an admin-only procedure"
        );
        assert!(
            !is_denial(Some(401), true),
            "an admin's 401 is about the key"
        );
        assert!(!is_denial(Some(500), false));
        assert!(!is_denial(None, false));
    }

    #[test]
    fn tokens_and_links() {
        assert!(token_is_skiffs(Some("tok"), " tok "));
        assert!(!token_is_skiffs(Some(""), ""));
        assert!(!token_is_skiffs(None, "tok"));
        assert_eq!(mask("abcdefghijklmnop"), "abcd…mnop");
        assert_eq!(mask("short"), "••••••••");
    }
}
