//! Cron expressions as Dokploy runs them: checked with messages a user can act on, said in
//! words, and walked forward (the next run, the longest gap between runs).
//!
//! Dokploy runs backups (`schedule`), schedules and volume backups (`cronExpression`) with
//! node-schedule, whose parser is cron-parser; this module reads what it reads. Five fields,
//! `minute hour day month weekday`, or six with seconds first. Each field takes `*`, numbers,
//! ranges `a-b`, lists `a,b`, steps `*/n`, `a-b/n` and `a/n` (from `a` to the end); months
//! also `JAN`-`DEC`, weekdays `SUN`-`SAT` (any case) and 7 for Sunday; `?` is `*` in the two
//! day fields. Macros: `@hourly`, `@daily`/`@midnight`, `@weekly`, `@monthly`,
//! `@yearly`/`@annually`. `L`, `W` and `#` are refused.
//!
//! When both day fields leave some day out, a day runs if either matches (Vixie cron's rule).
//! Whether a field "leaves some day out" is decided on its values, as cron-parser does, so
//! `*/2` in the day field counts as restricted (Vixie cron would treat it as `*`).
//!
//! All times are the cron's own clock: Unix seconds read as UTC. The caller states the zone
//! next to the words ([`describe_in_zone`]). No chrono: six bit sets and H. Hinnant's civil
//! date algorithms keep this small in the wasm build.

use std::fmt;

/// A checked cron expression: for each field, bit `n` is set when value `n` runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cron {
    seconds: u64,
    minutes: u64,
    hours: u64,
    /// Bits 1-31.
    days: u64,
    /// Bits 1-12.
    months: u64,
    /// Bits 0-6, Sunday = 0.
    weekdays: u64,
}

/// Why a cron expression was refused, in words for the person who typed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CronError(String);

impl fmt::Display for CronError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CronError {}

/// The form's ready-made schedules. Values are not checked here: the form offers valid ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// Every hour at `minute` (0-59).
    Hourly { minute: u8 },
    /// Every day at `hour`:`minute`.
    Daily { hour: u8, minute: u8 },
    /// Every week on `weekday` (0 = Sunday to 6 = Saturday) at `hour`:`minute`.
    Weekly { weekday: u8, hour: u8, minute: u8 },
    /// Every month on `day` (1-31; months without that day are skipped) at `hour`:`minute`.
    Monthly { day: u8, hour: u8, minute: u8 },
}

/// Weekday names, Sunday first as cron numbers them (the weekly preset's picker can use them).
pub const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
/// Month names: month `n` is `MONTHS[n - 1]`.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The macros and what they stand for.
const MACROS: [(&str, &str); 7] = [
    ("@hourly", "0 * * * *"),
    ("@daily", "0 0 * * *"),
    ("@midnight", "0 0 * * *"),
    ("@weekly", "0 0 * * 0"),
    ("@monthly", "0 0 1 * *"),
    ("@yearly", "0 0 1 1 *"),
    ("@annually", "0 0 1 1 *"),
];

const DAY: i64 = 86_400;
/// How far [`Cron::next_after`] looks: a Feb 29 schedule waits 8 years around 2100.
const HORIZON_DAYS: i64 = 8 * 366 + 31;
/// 2001-01-01 and 28 years of days: from 1901 to 2099 the calendar (leap years and weekdays)
/// repeats with this period.
const CYCLE_START: i64 = 11_323;
const CYCLE_DAYS: i64 = 10_227;

/// All of 0-59: every second, every minute.
const ALL_60: u64 = bits(0, 59, 1);
const ALL_HOURS: u64 = bits(0, 23, 1);
const ALL_DAYS: u64 = bits(1, 31, 1);
const ALL_MONTHS: u64 = bits(1, 12, 1);
const ALL_WEEKDAYS: u64 = bits(0, 6, 1);

/// One field's name, bounds and how its values are spelled in messages.
struct Field {
    name: &'static str,
    lo: u32,
    hi: u32,
    range: &'static str,
}

const FIELDS: [Field; 6] = [
    Field {
        name: "second",
        lo: 0,
        hi: 59,
        range: "seconds go from 0 to 59",
    },
    Field {
        name: "minute",
        lo: 0,
        hi: 59,
        range: "minutes go from 0 to 59",
    },
    Field {
        name: "hour",
        lo: 0,
        hi: 23,
        range: "hours go from 0 to 23",
    },
    Field {
        name: "day",
        lo: 1,
        hi: 31,
        range: "days go from 1 to 31",
    },
    Field {
        name: "month",
        lo: 1,
        hi: 12,
        range: "months go from 1 to 12 or JAN to DEC",
    },
    Field {
        name: "weekday",
        lo: 0,
        hi: 7,
        range: "weekdays go from 0 to 7 (0 and 7 are Sunday) or SUN to SAT",
    },
];

impl Cron {
    /// Reads a 5- or 6-field expression or a macro; refuses anything cron-parser would refuse
    /// or that can never run (`0 0 30 2 *`).
    pub fn parse(text: &str) -> Result<Cron, CronError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(CronError("The cron expression is empty.".into()));
        }
        if text.starts_with('@') {
            let known = MACROS
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(text));
            let Some((_, expr)) = known else {
                return Err(CronError(format!(
                    "\"{text}\" is not one of @hourly, @daily, @midnight, @weekly, @monthly, \
                     @yearly, @annually."
                )));
            };
            return Cron::parse(expr);
        }
        let parts: Vec<&str> = text.split_ascii_whitespace().collect();
        let skip = match parts.len() {
            5 => 1,
            6 => 0,
            n => {
                return Err(CronError(format!(
                    "A cron expression has 5 fields (minute hour day month weekday), or 6 with \
                     seconds first; this has {n}."
                )))
            }
        };
        let mut masks = [1u64; 6]; // second 0 when there is no seconds field
        for (i, part) in parts.iter().enumerate() {
            masks[i + skip] = parse_field(part, &FIELDS[i + skip])?;
        }
        let [seconds, minutes, hours, days, months, weekdays] = masks;
        let cron = Cron {
            seconds,
            minutes,
            hours,
            days,
            months,
            weekdays,
        };
        let fits = (1..=12).any(|m| months >> m & 1 == 1 && days & bits(1, month_len(m), 1) != 0);
        if weekdays == ALL_WEEKDAYS && !fits {
            return Err(CronError(format!(
                "This never runs: no month in \"{}\" has a day in \"{}\".",
                parts[4 - skip],
                parts[3 - skip]
            )));
        }
        Ok(cron)
    }

    /// The schedule in words, 24-hour times, no time zone: "every day at 03:00", "every 15
    /// minutes between 09:00 and 17:59 on weekdays", "on day 1 of every month at 00:00".
    pub fn describe(&self) -> String {
        let one_second = single(self.seconds);
        let seconds_tail = match one_second {
            Some(_) => String::new(),
            None => format!(
                ", {} within the minute",
                every_or_at(self.seconds, 59, "second")
            ),
        };
        // A few runs a day: list their times after the days.
        if self.minutes.count_ones() * self.hours.count_ones() <= 4 {
            let mut times = Vec::new();
            for h in ones(self.hours) {
                for m in ones(self.minutes) {
                    times.push(clock(h, m, one_second.unwrap_or(0)));
                }
            }
            return format!(
                "{} at {}{seconds_tail}",
                self.days_phrase(true),
                join(&times)
            );
        }
        let by_second = every(self.seconds, 59, "second");
        let (every_min, tail) = match one_second {
            None if self.minutes == ALL_60 && by_second.is_some() => (by_second, String::new()),
            Some(s) if s > 0 => (
                every(self.minutes, 59, "minute"),
                format!(", at second {s}"),
            ),
            _ => (every(self.minutes, 59, "minute"), seconds_tail),
        };
        let runs = runs(self.hours);
        let time = match (every_min, single(self.minutes)) {
            (Some(e), _) if self.hours == ALL_HOURS => e,
            (Some(e), _) if runs.len() <= 3 => {
                let between: Vec<String> = runs
                    .iter()
                    .map(|&(a, b)| format!("between {} and {}", clock(a, 0, 0), clock(b, 59, 0)))
                    .collect();
                format!("{e} {}", join(&between))
            }
            (Some(e), _) => format!("{e} during {}", at(self.hours, "hour")),
            (None, Some(m)) if self.hours == ALL_HOURS => format!("every hour at minute {m}"),
            (None, Some(m)) => match (every(self.hours, 23, "hour"), runs.as_slice()) {
                (Some(e), _) => format!("{e} at minute {m}"),
                (None, &[(a, b)]) => {
                    format!("every hour from {} to {}", clock(a, m, 0), clock(b, m, 0))
                }
                _ => format!("at minute {m} past {}", at(self.hours, "hour")),
            },
            (None, None) if self.hours == ALL_HOURS => {
                format!("every hour {}", at_(self.minutes, "minute"))
            }
            (None, None) => format!(
                "{} past {}",
                at_(self.minutes, "minute"),
                at(self.hours, "hour")
            ),
        };
        let days = self.days_phrase(false);
        let gap = if days.is_empty() { "" } else { " " };
        format!("{time}{tail}{gap}{days}")
    }

    /// The first run strictly after Unix time `t` (seconds, UTC). It looks 8 years ahead, within
    /// which every expression [`Cron::parse`] accepts runs (Feb 29 skips 2100), so `None` only
    /// comes for times near the ends of `i64`.
    pub fn next_after(&self, t: i64) -> Option<i64> {
        let t = t.checked_add(1)?;
        let (mut day, mut time) = (t.div_euclid(DAY), t.rem_euclid(DAY));
        let end = day + HORIZON_DAYS;
        while day <= end {
            let (y, m, d) = civil_from_days(day);
            if self.months >> m & 1 == 0 {
                day = if m == 12 {
                    days_from_civil(y + 1, 1, 1)
                } else {
                    days_from_civil(y, m + 1, 1)
                };
                time = 0;
                continue;
            }
            if self.runs_on(d, weekday(day)) {
                if let Some(s) = self.time_from(time) {
                    return day.checked_mul(DAY)?.checked_add(s);
                }
            }
            day += 1;
            time = 0;
        }
        None
    }

    /// The longest time between two consecutive runs, in seconds: a backup with nothing newer
    /// than this is overdue. Exact for runs between 1901 and 2099: within a day it comes from
    /// the fields; between days it walks one 28-year calendar cycle (10,227 days, some tens of
    /// microseconds), so cache it rather than call it per frame. `None` only if no day in the
    /// cycle runs, which [`Cron::parse`] rules out.
    pub fn period_secs(&self) -> Option<i64> {
        let (s0, s1, s_gap) = spread(self.seconds);
        let (m0, m1, m_gap) = spread(self.minutes);
        let (h0, h1, h_gap) = spread(self.hours);
        let first = h0 * 3600 + m0 * 60 + s0;
        let last = h1 * 3600 + m1 * 60 + s1;
        let within_day = s_gap
            .max(m_gap * 60 - (s1 - s0))
            .max(h_gap * 3600 - (m1 * 60 + s1 - m0 * 60 - s0));
        let (mut first_day, mut prev, mut day_gap) = (None, 0, 0);
        for day in CYCLE_START..CYCLE_START + CYCLE_DAYS {
            let (_, m, d) = civil_from_days(day);
            if self.months >> m & 1 == 1 && self.runs_on(d, weekday(day)) {
                match first_day {
                    None => first_day = Some(day),
                    Some(_) => day_gap = day_gap.max(day - prev),
                }
                prev = day;
            }
        }
        let day_gap = day_gap.max(first_day? + CYCLE_DAYS - prev);
        Some(within_day.max(day_gap * DAY - (last - first)))
    }

    /// Whether day `d` of a month in the schedule, a `weekday`, runs (the either-day rule).
    fn runs_on(&self, d: u32, weekday: u32) -> bool {
        let by_day = self.days >> d & 1 == 1;
        let by_weekday = self.weekdays >> weekday & 1 == 1;
        match (self.days == ALL_DAYS, self.weekdays == ALL_WEEKDAYS) {
            (true, _) => by_weekday,
            (false, true) => by_day,
            (false, false) => by_day || by_weekday,
        }
    }

    /// The first second of the day at or after `from` (seconds since midnight) that runs.
    fn time_from(&self, from: i64) -> Option<i64> {
        let (mut h, mut m, mut s) = (
            (from / 3600) as u32,
            (from / 60 % 60) as u32,
            (from % 60) as u32,
        );
        loop {
            let nh = next_one(self.hours, h)?;
            if nh > h {
                (h, m, s) = (nh, 0, 0);
            }
            let Some(nm) = next_one(self.minutes, m) else {
                (h, m, s) = (h + 1, 0, 0);
                continue;
            };
            if nm > m {
                (m, s) = (nm, 0);
            }
            match next_one(self.seconds, s) {
                Some(ns) => return Some(i64::from(h * 3600 + m * 60 + ns)),
                None => (m, s) = (m + 1, 0),
            }
        }
    }

    /// The days in words. Leading ("every Monday", before "at 09:00") or trailing ("on
    /// Mondays", after "every 15 minutes"; empty when every day runs).
    fn days_phrase(&self, lead: bool) -> String {
        let months = (self.months != ALL_MONTHS)
            .then(|| list(self.months, &|m| MONTHS[m as usize - 1].into(), " to "));
        let in_months = months
            .as_ref()
            .map(|m| format!(" in {m}"))
            .unwrap_or_default();
        let by_day = (self.days != ALL_DAYS).then(|| {
            let which = if self.days.count_ones() == 1 {
                "day"
            } else {
                "days"
            };
            let of = months.as_deref().unwrap_or("every month");
            format!(
                "on {which} {} of {of}",
                list(self.days, &|d| d.to_string(), "-")
            )
        });
        // Monday first: bit i is weekday (i + 1) % 7.
        let monday_first = self.weekdays >> 1 | (self.weekdays & 1) << 6;
        let by_weekday = (self.weekdays != ALL_WEEKDAYS).then(|| {
            let names = match (monday_first == bits(0, 4, 1), lead) {
                (true, true) => "every weekday".into(),
                (true, false) => "on weekdays".into(),
                (false, true) => format!(
                    "every {}",
                    list(
                        monday_first,
                        &|i| WEEKDAYS[(i as usize + 1) % 7].into(),
                        " to "
                    )
                ),
                (false, false) => format!(
                    "on {}",
                    list(
                        monday_first,
                        &|i| format!("{}s", WEEKDAYS[(i as usize + 1) % 7]),
                        " to "
                    )
                ),
            };
            format!("{names}{in_months}")
        });
        match (by_day, by_weekday) {
            (Some(d), Some(w)) => format!("{d} and {w}"),
            (Some(d), None) => d,
            (None, Some(w)) => w,
            (None, None) if lead => format!("every day{in_months}"),
            (None, None) => in_months.trim_start().into(),
        }
    }
}

impl Preset {
    /// The expression Dokploy stores: `Daily { hour: 3, minute: 0 }` is "0 3 * * *".
    pub fn to_expr(self) -> String {
        match self {
            Preset::Hourly { minute } => format!("{minute} * * * *"),
            Preset::Daily { hour, minute } => format!("{minute} {hour} * * *"),
            Preset::Weekly {
                weekday,
                hour,
                minute,
            } => format!("{minute} {hour} * * {weekday}"),
            Preset::Monthly { day, hour, minute } => format!("{minute} {hour} {day} * *"),
        }
    }

    /// The preset that runs exactly when `cron` does, so the form can open an existing
    /// schedule in the preset picker; `None` for anything else.
    pub fn of(cron: &Cron) -> Option<Preset> {
        if cron.seconds != 1 || cron.months != ALL_MONTHS {
            return None;
        }
        let minute = single(cron.minutes)? as u8;
        let every_day = (cron.days == ALL_DAYS, cron.weekdays == ALL_WEEKDAYS);
        if cron.hours == ALL_HOURS {
            return (every_day == (true, true)).then_some(Preset::Hourly { minute });
        }
        let hour = single(cron.hours)? as u8;
        Some(match every_day {
            (true, true) => Preset::Daily { hour, minute },
            (true, false) => Preset::Weekly {
                weekday: single(cron.weekdays)? as u8,
                hour,
                minute,
            },
            (false, true) => Preset::Monthly {
                day: single(cron.days)? as u8,
                hour,
                minute,
            },
            (false, false) => return None,
        })
    }
}

/// `text` in words with its time zone, for the form as one types: "every day at 03:00 (UTC)".
/// No zone (or an empty one) is shown as UTC.
pub fn describe_in_zone(text: &str, zone: Option<&str>) -> Result<String, CronError> {
    Ok(format!(
        "{} ({})",
        Cron::parse(text)?.describe(),
        zone_label(zone)
    ))
}

/// The zone a schedule runs in, as shown: Dokploy runs backups in the server's zone (UTC in its
/// image) and schedules in their `timezone`; none (or an empty one) is UTC.
pub fn zone_label(zone: Option<&str>) -> &str {
    zone.map(str::trim)
        .filter(|z| !z.is_empty())
        .unwrap_or("UTC")
}

/// One field's values as a bit set.
fn parse_field(text: &str, f: &Field) -> Result<u64, CronError> {
    let bad = |part: &str, why: &str| {
        let verb = if part == text { "is" } else { "has" };
        CronError(format!("The {} field {verb} \"{part}\"{why}", f.name))
    };
    let day_field = f.name.ends_with("day");
    let mut mask = 0;
    for item in text.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((r, s)) => match s.parse::<u32>() {
                // Past 64 every step lands once: capped so the walk cannot overflow.
                Ok(n) if n > 0 && s.bytes().all(|b| b.is_ascii_digit()) => (r, Some(n.min(64))),
                _ => return Err(bad(item, ": a step is a whole number from 1, like */15.")),
            },
            None => (item, None),
        };
        let value = |v: &str| -> Result<u32, CronError> {
            if v.is_empty() {
                return Err(bad(
                    if item.is_empty() { text } else { item },
                    ", which is incomplete.",
                ));
            }
            let named = match f.name {
                "month" => MONTHS
                    .iter()
                    .position(|m| abbreviates(m, v))
                    .map(|i| i as u32 + 1),
                "weekday" => WEEKDAYS
                    .iter()
                    .position(|d| abbreviates(d, v))
                    .map(|i| i as u32),
                _ => None,
            };
            let n = match named {
                Some(n) => n,
                None if v.bytes().all(|b| b.is_ascii_digit()) => v.parse().unwrap_or(u32::MAX),
                None => return Err(bad(v, &format!(", which is not a number ({}).", f.range))),
            };
            if n < f.lo || n > f.hi {
                return Err(bad(v, &format!(": {}.", f.range)));
            }
            Ok(n)
        };
        let (a, b) = if range == "*" || (range == "?" && day_field) {
            (f.lo, f.hi)
        } else if let Some((a, b)) = range.split_once('-') {
            (value(a)?, value(b)?)
        } else {
            let a = value(range)?;
            (a, if step.is_some() { f.hi } else { a })
        };
        if a > b {
            return Err(bad(item, ": a range goes from low to high, like 9-17."));
        }
        mask |= bits(a, b, step.unwrap_or(1));
    }
    if f.name == "weekday" && mask >> 7 & 1 == 1 {
        mask = (mask | 1) & ALL_WEEKDAYS;
    }
    Ok(mask)
}

/// The bit set `a`, `a + step`, ... up to `b`.
const fn bits(a: u32, b: u32, step: u32) -> u64 {
    let (mut mask, mut v) = (0, a);
    while v <= b {
        mask |= 1 << v;
        v += step;
    }
    mask
}

/// The lowest set bit at or above `from`.
fn next_one(mask: u64, from: u32) -> Option<u32> {
    let rest = mask.checked_shr(from)?;
    (rest != 0).then(|| from + rest.trailing_zeros())
}

/// The only value of a one-value set.
fn single(mask: u64) -> Option<u32> {
    (mask.count_ones() == 1).then(|| mask.trailing_zeros())
}

/// The values of a set, lowest first.
fn ones(mask: u64) -> impl Iterator<Item = u32> {
    (0..64).filter(move |i| mask >> i & 1 == 1)
}

/// The set as runs of consecutive values, `(first, last)`.
fn runs(mask: u64) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for v in ones(mask) {
        match out.last_mut() {
            Some(run) if run.1 + 1 == v => run.1 = v,
            _ => out.push((v, v)),
        }
    }
    out
}

/// Lowest value, highest value and widest step between neighbours (0 for one value).
fn spread(mask: u64) -> (i64, i64, i64) {
    let (mut lo, mut prev, mut gap) = (None, 0, 0);
    for v in ones(mask) {
        lo.get_or_insert(v);
        if lo != Some(v) {
            gap = gap.max(v - prev);
        }
        prev = v;
    }
    (i64::from(lo.unwrap_or(0)), i64::from(prev), i64::from(gap))
}

/// "every minute" or "every 15 minutes" when the set is all of `0..=hi` or an even `*/n` of
/// it (one whose gap around the clock is `n` too, unlike `*/7`).
fn every(mask: u64, hi: u32, unit: &str) -> Option<String> {
    if mask == bits(0, hi, 1) {
        return Some(format!("every {unit}"));
    }
    let n = (mask >> 1).trailing_zeros() + 1;
    ((hi + 1).is_multiple_of(n) && mask == bits(0, hi, n)).then(|| format!("every {n} {unit}s"))
}

/// "every second", "every 10 seconds" or "at seconds 0 and 30".
fn every_or_at(mask: u64, hi: u32, unit: &str) -> String {
    every(mask, hi, unit).unwrap_or_else(|| at_(mask, unit))
}

/// "at minute 5" or "at minutes 0, 20-30 and 45".
fn at_(mask: u64, unit: &str) -> String {
    format!("at {}", at(mask, unit))
}

/// "minute 5" or "minutes 0, 20-30 and 45".
fn at(mask: u64, unit: &str) -> String {
    let s = if mask.count_ones() == 1 { "" } else { "s" };
    format!("{unit}{s} {}", list(mask, &|v| v.to_string(), "-"))
}

/// The set's values named by `name`, three or more in a row as one range ("1-5", "Monday to
/// Friday"), joined as "a, b and c".
fn list(mask: u64, name: &dyn Fn(u32) -> String, to: &str) -> String {
    let mut items = Vec::new();
    for (a, b) in runs(mask) {
        if b >= a + 2 {
            items.push(format!("{}{to}{}", name(a), name(b)));
        } else {
            items.extend((a..=b).map(name));
        }
    }
    join(&items)
}

/// "a", "a and b", "a, b and c".
fn join(items: &[String]) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == items.len() { " and " } else { ", " });
        }
        out.push_str(item);
    }
    out
}

/// Whether `v` is the three-letter abbreviation of `name` ("mon" of "Monday"), in any case.
fn abbreviates(name: &str, v: &str) -> bool {
    v.len() == 3 && name.as_bytes()[..3].eq_ignore_ascii_case(v.as_bytes())
}

/// "09:30", or "09:30:15" when the second is not 0.
fn clock(h: u32, m: u32, s: u32) -> String {
    if s == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

/// Days in month `m`, Feb 29 counted (a day that fits some year).
fn month_len(m: u32) -> u32 {
    match m {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `(year, month, day)` of a day count since 1970-01-01 (`civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = ((mp + 2) % 12 + 1) as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// 0 = Sunday; 1970-01-01 was a Thursday.
fn weekday(days: i64) -> u32 {
    (days + 4).rem_euclid(7) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Unix time of a UTC date and time.
    fn utc(y: i64, mo: u32, d: u32, h: i64, mi: i64, s: i64) -> i64 {
        days_from_civil(y, mo, d) * DAY + h * 3600 + mi * 60 + s
    }

    fn cron(text: &str) -> Cron {
        Cron::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn words(text: &str) -> String {
        cron(text).describe()
    }

    fn error(text: &str) -> String {
        Cron::parse(text).unwrap_err().to_string()
    }

    /// Whether the schedule runs at `t`, straight from the fields (the oracle for the walk).
    fn runs_at(c: &Cron, t: i64) -> bool {
        let (day, time) = (t.div_euclid(DAY), t.rem_euclid(DAY));
        let (_, m, d) = civil_from_days(day);
        let has = |mask: u64, v: i64| mask >> v & 1 == 1;
        has(c.months, i64::from(m))
            && c.runs_on(d, weekday(day))
            && has(c.hours, time / 3600)
            && has(c.minutes, time / 60 % 60)
            && has(c.seconds, time % 60)
    }

    #[test]
    fn civil_dates_match_a_day_by_day_count() {
        let (mut y, mut m, mut d) = (1970, 1, 1);
        for day in 0..(days_from_civil(2401, 1, 1)) {
            assert_eq!(civil_from_days(day), (y, m, d), "day {day}");
            assert_eq!(days_from_civil(y, m, d), day);
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
            let len = if m == 2 && !leap { 28 } else { month_len(m) };
            d += 1;
            if d > len {
                (d, m) = (1, m + 1);
                if m > 12 {
                    (m, y) = (1, y + 1);
                }
            }
        }
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(weekday(0), 4, "1970-01-01 was a Thursday");
        assert_eq!(weekday(days_from_civil(2024, 2, 29)), 4);
        assert_eq!(days_from_civil(2001, 1, 1), CYCLE_START);
        assert_eq!(days_from_civil(2029, 1, 1) - CYCLE_START, CYCLE_DAYS);
    }

    #[test]
    fn fields_read_every_form() {
        let c = cron("*/15 9-17 1,15 JAN-mar mon-FRI");
        assert_eq!(c.seconds, 1);
        assert_eq!(c.minutes, bits(0, 45, 15));
        assert_eq!(c.hours, bits(9, 17, 1));
        assert_eq!(c.days, 1 << 1 | 1 << 15);
        assert_eq!(c.months, bits(1, 3, 1));
        assert_eq!(c.weekdays, bits(1, 5, 1));
        assert_eq!(
            cron("5/20 10-20/5 * * *").minutes,
            1 << 5 | 1 << 25 | 1 << 45
        );
        assert_eq!(
            cron("5/20 10-20/5 * * *").hours,
            1 << 10 | 1 << 15 | 1 << 20
        );
        assert_eq!(cron("0 0 * * 7").weekdays, 1, "7 is Sunday");
        assert_eq!(cron("0 0 * * 5-7").weekdays, 1 | 1 << 5 | 1 << 6);
        assert_eq!(cron("0 0 * * 0-7").weekdays, ALL_WEEKDAYS);
        assert_eq!(cron("0 0 ? * ?"), cron("0 0 * * *"));
        assert_eq!(cron("  0   3 * *\t*  "), cron("0 3 * * *"));
        assert_eq!(cron("0 0 */100 * *").days, 1 << 1);
    }

    #[test]
    fn macros_are_their_expressions() {
        for (mac, expr) in [
            ("@hourly", "0 * * * *"),
            ("@daily", "0 0 * * *"),
            ("@MIDNIGHT", "0 0 * * *"),
            ("@weekly", "0 0 * * 0"),
            ("@monthly", "0 0 1 * *"),
            ("@yearly", "0 0 1 1 *"),
            ("@annually", "0 0 1 1 *"),
        ] {
            assert_eq!(cron(mac), cron(expr), "{mac}");
        }
    }

    #[test]
    fn six_fields_put_seconds_first() {
        let c = cron("30 */5 * * * *");
        assert_eq!(c.seconds, 1 << 30);
        assert_eq!(
            c.next_after(utc(2025, 1, 1, 0, 0, 0)),
            Some(utc(2025, 1, 1, 0, 0, 30))
        );
        assert_eq!(
            c.next_after(utc(2025, 1, 1, 0, 0, 30)),
            Some(utc(2025, 1, 1, 0, 5, 30))
        );
        let every10 = cron("*/10 * * * * *");
        assert_eq!(
            every10.next_after(utc(2025, 1, 1, 0, 0, 55)),
            Some(utc(2025, 1, 1, 0, 1, 0))
        );
        assert_eq!(every10.period_secs(), Some(10));
        assert_eq!(words("*/10 * * * * *"), "every 10 seconds");
        assert_eq!(words("* * * * * *"), "every second");
        assert_eq!(words("30 */5 * * * *"), "every 5 minutes, at second 30");
        assert_eq!(words("15 30 4 * * *"), "every day at 04:30:15");
        assert_eq!(
            words("*/20 0 3 * * *"),
            "every day at 03:00, every 20 seconds within the minute"
        );
    }

    #[test]
    fn descriptions_read_naturally() {
        for (expr, said) in [
            ("0 * * * *", "every hour at minute 0"),
            ("* * * * *", "every minute"),
            ("*/15 * * * *", "every 15 minutes"),
            ("0 3 * * *", "every day at 03:00"),
            ("0 4 * * 0", "every Sunday at 04:00"),
            ("30 9 * * 1,4", "every Monday and Thursday at 09:30"),
            ("0 0 1 * *", "on day 1 of every month at 00:00"),
            ("0 0 1 1 *", "on day 1 of January at 00:00"),
            ("*/5 9-17 * * *", "every 5 minutes between 09:00 and 17:59"),
            (
                "*/5 9-17 * * 1-5",
                "every 5 minutes between 09:00 and 17:59 on weekdays",
            ),
            (
                "0,30 9-17 * * mon-fri",
                "every 30 minutes between 09:00 and 17:59 on weekdays",
            ),
            (
                "0,45 9-17 * * mon-fri",
                "at minutes 0 and 45 past hours 9-17 on weekdays",
            ),
            ("0 9 * * 1-5", "every weekday at 09:00"),
            ("0 0,12 * * *", "every day at 00:00 and 12:00"),
            ("0 */6 * * *", "every day at 00:00, 06:00, 12:00 and 18:00"),
            ("0 */2 * * *", "every 2 hours at minute 0"),
            ("30 9-17 * * *", "every hour from 09:30 to 17:30"),
            (
                "0 1,3,5,7,9 * * *",
                "at minute 0 past hours 1, 3, 5, 7 and 9",
            ),
            (
                "*/7 * * * *",
                "every hour at minutes 0, 7, 14, 21, 28, 35, 42, 49 and 56",
            ),
            ("0 2 1,15 * *", "on days 1 and 15 of every month at 02:00"),
            (
                "0 2 1-7 * 1",
                "on days 1-7 of every month and every Monday at 02:00",
            ),
            (
                "0 2 * 6-8 6,0",
                "every Saturday and Sunday in June to August at 02:00",
            ),
            ("* * * 12 *", "every minute in December"),
            ("*/30 * * * 5", "every 30 minutes on Fridays"),
            (
                "0 12 * * 1,3,5",
                "every Monday, Wednesday and Friday at 12:00",
            ),
            ("0 12 * * 5-7", "every Friday to Sunday at 12:00"),
            ("0-10 3 * * *", "at minutes 0-10 past hour 3"),
        ] {
            assert_eq!(words(expr), said, "{expr}");
        }
    }

    #[test]
    fn the_zone_is_said_after_the_words() {
        assert_eq!(
            describe_in_zone("0 3 * * *", None).unwrap(),
            "every day at 03:00 (UTC)"
        );
        assert_eq!(
            describe_in_zone("0 3 * * *", Some(" ")).unwrap(),
            "every day at 03:00 (UTC)"
        );
        assert_eq!(
            describe_in_zone("@weekly", Some("Europe/Berlin")).unwrap(),
            "every Sunday at 00:00 (Europe/Berlin)"
        );
        assert!(describe_in_zone("0 25 * * *", None).is_err());
    }

    #[test]
    fn errors_name_the_field_and_the_bad_part() {
        for (expr, said) in [
            ("", "The cron expression is empty."),
            ("0 3 *", "A cron expression has 5 fields (minute hour day month weekday), or 6 with seconds first; this has 3."),
            ("0 0 0 3 * * *", "A cron expression has 5 fields (minute hour day month weekday), or 6 with seconds first; this has 7."),
            ("0 25 * * *", "The hour field is \"25\": hours go from 0 to 23."),
            ("0 1,25 * * *", "The hour field has \"25\": hours go from 0 to 23."),
            ("60 * * * *", "The minute field is \"60\": minutes go from 0 to 59."),
            ("0 0 0 * *", "The day field is \"0\": days go from 1 to 31."),
            ("0 0 * 13 *", "The month field is \"13\": months go from 1 to 12 or JAN to DEC."),
            ("0 0 * * 8", "The weekday field is \"8\": weekdays go from 0 to 7 (0 and 7 are Sunday) or SUN to SAT."),
            ("0 0 * * MONDAY", "The weekday field is \"MONDAY\", which is not a number (weekdays go from 0 to 7 (0 and 7 are Sunday) or SUN to SAT)."),
            ("x * * * *", "The minute field is \"x\", which is not a number (minutes go from 0 to 59)."),
            ("0 0 L * *", "The day field is \"L\", which is not a number (days go from 1 to 31)."),
            ("0 17-9 * * *", "The hour field is \"17-9\": a range goes from low to high, like 9-17."),
            ("*/0 * * * *", "The minute field is \"*/0\": a step is a whole number from 1, like */15."),
            ("1,,2 * * * *", "The minute field is \"1,,2\", which is incomplete."),
            ("1- * * * *", "The minute field is \"1-\", which is incomplete."),
            ("0 ? * * *", "The hour field is \"?\", which is not a number (hours go from 0 to 23)."),
            ("99999999999 * * * *", "The minute field is \"99999999999\": minutes go from 0 to 59."),
            ("@reboot", "\"@reboot\" is not one of @hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually."),
            ("0 0 30 2 *", "This never runs: no month in \"2\" has a day in \"30\"."),
            ("0 0 31 APR,jun *", "This never runs: no month in \"APR,jun\" has a day in \"31\"."),
        ] {
            assert_eq!(error(expr), said, "{expr:?}");
        }
        // With a weekday too, the either-day rule makes it run.
        assert!(Cron::parse("0 0 30 2 1").is_ok());
        assert!(Cron::parse("0 0 29 2 *").is_ok());
    }

    #[test]
    fn next_run_walks_the_calendar() {
        let daily = cron("0 3 * * *");
        let t = utc(2025, 1, 1, 3, 0, 0);
        assert_eq!(daily.next_after(t - 1), Some(t));
        assert_eq!(
            daily.next_after(t),
            Some(utc(2025, 1, 2, 3, 0, 0)),
            "strictly after"
        );
        assert_eq!(
            daily.next_after(utc(2025, 12, 31, 4, 0, 0)),
            Some(utc(2026, 1, 1, 3, 0, 0))
        );
        // 2025-01-01 was a Wednesday.
        let sunday = cron("0 4 * * SUN");
        assert_eq!(
            sunday.next_after(utc(2025, 1, 1, 0, 0, 0)),
            Some(utc(2025, 1, 5, 4, 0, 0))
        );
        let hourly = cron("@hourly");
        assert_eq!(
            hourly.next_after(utc(2025, 1, 1, 23, 30, 0)),
            Some(utc(2025, 1, 2, 0, 0, 0))
        );
        assert_eq!(hourly.next_after(-1), Some(0));
    }

    #[test]
    fn leap_days_and_month_ends() {
        let leap = cron("0 0 29 2 *");
        assert_eq!(
            leap.next_after(utc(2025, 3, 1, 0, 0, 0)),
            Some(utc(2028, 2, 29, 0, 0, 0))
        );
        assert_eq!(
            leap.next_after(utc(2024, 2, 28, 12, 0, 0)),
            Some(utc(2024, 2, 29, 0, 0, 0))
        );
        // 2100 is not a leap year: eight years from 2096 to 2104.
        assert_eq!(
            leap.next_after(utc(2096, 3, 1, 0, 0, 0)),
            Some(utc(2104, 2, 29, 0, 0, 0))
        );
        assert_eq!(leap.period_secs(), Some(1461 * DAY));
        let last = cron("0 0 31 * *");
        assert_eq!(
            last.next_after(utc(2025, 1, 31, 0, 0, 0)),
            Some(utc(2025, 3, 31, 0, 0, 0))
        );
        assert_eq!(
            last.next_after(utc(2025, 3, 31, 0, 0, 0)),
            Some(utc(2025, 5, 31, 0, 0, 0))
        );
        assert_eq!(
            last.next_after(utc(2025, 12, 31, 0, 0, 0)),
            Some(utc(2026, 1, 31, 0, 0, 0))
        );
        assert_eq!(last.period_secs(), Some(61 * DAY), "March 31 to May 31");
        assert_eq!(
            cron("0 0 30 * *").next_after(utc(2024, 1, 30, 0, 0, 0)),
            Some(utc(2024, 3, 30, 0, 0, 0))
        );
    }

    #[test]
    fn either_day_rule() {
        // "on the 13th or a Friday": from Monday 2025-01-06, Friday the 10th comes first, then
        // Monday the 13th.
        let c = cron("0 0 13 * 5");
        let fri = utc(2025, 1, 10, 0, 0, 0);
        assert_eq!(c.next_after(utc(2025, 1, 6, 0, 0, 0)), Some(fri));
        assert_eq!(c.next_after(fri), Some(utc(2025, 1, 13, 0, 0, 0)));
        // A field that leaves days out is restricted, even when written with `*` (cron-parser).
        let odd_or_monday = cron("0 0 */2 * 1");
        assert_eq!(
            odd_or_monday.next_after(utc(2025, 1, 1, 0, 0, 0)),
            Some(utc(2025, 1, 3, 0, 0, 0))
        );
        assert_eq!(
            odd_or_monday.next_after(utc(2025, 1, 5, 0, 0, 0)),
            Some(utc(2025, 1, 6, 0, 0, 0))
        );
        // Only one restricted: it alone decides.
        assert_eq!(
            cron("0 0 * * 1").next_after(utc(2025, 1, 1, 0, 0, 0)),
            Some(utc(2025, 1, 6, 0, 0, 0))
        );
        assert_eq!(
            cron("0 0 13 * *").next_after(utc(2025, 1, 1, 0, 0, 0)),
            Some(utc(2025, 1, 13, 0, 0, 0))
        );
    }

    #[test]
    fn periods() {
        for (expr, secs) in [
            ("* * * * *", 60),
            ("*/15 * * * *", 900),
            ("0 * * * *", 3600),
            ("0 3 * * *", DAY),
            ("0 3,4 * * *", DAY - 3600),
            ("0,30 9-17 * * *", 15 * 3600 + 30 * 60),
            ("0 9-17 * * 1-5", 2 * DAY + 16 * 3600),
            ("0 4 * * 0", 7 * DAY),
            ("0 0 1 * *", 31 * DAY),
            ("0 0 1 1 *", 366 * DAY),
            ("*/10 0 3 * * *", DAY - 50),
            ("0 0 1 * 1", 7 * DAY),
        ] {
            assert_eq!(cron(expr).period_secs(), Some(secs), "{expr}");
        }
    }

    #[test]
    fn presets_are_recognised() {
        let of = |t: &str| Preset::of(&cron(t));
        assert_eq!(Preset::Daily { hour: 3, minute: 0 }.to_expr(), "0 3 * * *");
        assert_eq!(of("0 3 * * *"), Some(Preset::Daily { hour: 3, minute: 0 }));
        assert_eq!(of("@daily"), Some(Preset::Daily { hour: 0, minute: 0 }));
        assert_eq!(of("15 * * * *"), Some(Preset::Hourly { minute: 15 }));
        assert_eq!(
            of("30 4 * * 7"),
            Some(Preset::Weekly {
                weekday: 0,
                hour: 4,
                minute: 30
            })
        );
        assert_eq!(
            of("0 4 * * wed"),
            Some(Preset::Weekly {
                weekday: 3,
                hour: 4,
                minute: 0
            })
        );
        assert_eq!(
            of("0 0 31 * *"),
            Some(Preset::Monthly {
                day: 31,
                hour: 0,
                minute: 0
            })
        );
        for other in [
            "0 3 * * 1,2",
            "0 3 1 * 1",
            "0 3 * 1 *",
            "0,30 3 * * *",
            "0 3,4 * * *",
            "5 0 3 * * *",
            "0 * * * 1",
            "*/5 * * * *",
        ] {
            assert_eq!(of(other), None, "{other}");
        }
        assert_eq!(
            of("0 0 3 * * *"),
            Some(Preset::Daily { hour: 3, minute: 0 })
        );
    }

    /// One field of a random expression: `*`, a value, a range, steps, or a list of them.
    fn field(lo: u32, hi: u32) -> impl Strategy<Value = String> {
        let item = prop_oneof![
            Just("*".to_string()),
            (lo..=hi).prop_map(|v| v.to_string()),
            (lo..=hi, lo..=hi).prop_map(|(a, b)| format!("{}-{}", a.min(b), a.max(b))),
            (1..=hi).prop_map(|n| format!("*/{n}")),
            (lo..=hi, lo..=hi, 1..=hi).prop_map(|(a, b, n)| format!(
                "{}-{}/{n}",
                a.min(b),
                a.max(b)
            )),
            (lo..=hi, 1..=hi).prop_map(|(a, n)| format!("{a}/{n}")),
        ];
        prop::collection::vec(item, 1..4).prop_map(|v| v.join(","))
    }

    /// A 5-field expression; days stop at 28 so every one of them runs.
    fn expression() -> impl Strategy<Value = String> {
        (
            field(0, 59),
            field(0, 23),
            field(1, 28),
            field(1, 12),
            field(0, 7),
        )
            .prop_map(|(a, b, c, d, e)| format!("{a} {b} {c} {d} {e}"))
    }

    /// A 5-field expression that runs every day.
    fn daily_expression() -> impl Strategy<Value = String> {
        (field(0, 59), field(0, 23)).prop_map(|(a, b)| format!("{a} {b} * * *"))
    }

    /// Unix times from 1990 to 2090.
    fn time() -> impl Strategy<Value = i64> {
        631_152_000i64..3_786_912_000
    }

    /// The next run found the slow way: minute by minute, whole days skipped when they don't
    /// run (5-field expressions run at second 0).
    fn slow_next(c: &Cron, t: i64) -> i64 {
        let mut m = t.div_euclid(60) * 60 + 60;
        loop {
            let day = m.div_euclid(DAY);
            let (_, mo, d) = civil_from_days(day);
            if c.months >> mo & 1 == 0 || !c.runs_on(d, weekday(day)) {
                m = (day + 1) * DAY;
            } else if runs_at(c, m) {
                return m;
            } else {
                m += 60;
            }
        }
    }

    proptest! {
        #[test]
        fn next_run_is_the_first_match_after(text in expression(), t in time()) {
            let c = Cron::parse(&text).unwrap();
            let next = c.next_after(t).expect("runs within the horizon");
            prop_assert!(next > t);
            prop_assert!(runs_at(&c, next), "{} does not run at {}", text, next);
            prop_assert_eq!(next, slow_next(&c, t));
        }

        #[test]
        fn six_field_runs_match(sec in field(0, 59), text in daily_expression(), t in time()) {
            let c = Cron::parse(&format!("{sec} {text}")).unwrap();
            let next = c.next_after(t).unwrap();
            prop_assert!(next > t && runs_at(&c, next));
            // Nothing runs in between (second by second, within a day).
            for s in (t + 1..next).take(DAY as usize) {
                prop_assert!(!runs_at(&c, s), "{} runs at {} before {}", text, s, next);
            }
        }

        #[test]
        fn period_is_the_longest_gap(text in expression(), t in time()) {
            let c = Cron::parse(&text).unwrap();
            let period = c.period_secs().unwrap();
            let (mut prev, mut widest) = (c.next_after(t).unwrap(), 0);
            for _ in 0..2000 {
                let next = c.next_after(prev).unwrap();
                widest = widest.max(next - prev);
                prev = next;
            }
            prop_assert!(widest <= period, "{}: saw {} > {}", text, widest, period);
            // A schedule that runs every day shows all its gaps within two days.
            let daily = Cron { days: ALL_DAYS, months: ALL_MONTHS, weekdays: ALL_WEEKDAYS, ..c };
            let (mut prev, mut widest) = (daily.next_after(t).unwrap(), 0);
            while prev < t + 3 * DAY {
                let next = daily.next_after(prev).unwrap();
                widest = widest.max(next - prev);
                prev = next;
            }
            prop_assert_eq!(Some(widest), daily.period_secs());
        }

        #[test]
        fn presets_round_trip(kind in 0..4u8, minute in 0..60u8, hour in 0..24u8, weekday in 0..7u8, day in 1..32u8) {
            let preset = match kind {
                0 => Preset::Hourly { minute },
                1 => Preset::Daily { hour, minute },
                2 => Preset::Weekly { weekday, hour, minute },
                _ => Preset::Monthly { day, hour, minute },
            };
            let c = Cron::parse(&preset.to_expr()).unwrap();
            prop_assert_eq!(Preset::of(&c), Some(preset));
            prop_assert!(!c.describe().is_empty());
        }

        #[test]
        fn descriptions_never_fail(text in expression()) {
            let said = Cron::parse(&text).unwrap().describe();
            prop_assert!(!said.is_empty() && !said.contains("  "), "{:?}", said);
        }

        #[test]
        fn garbage_never_panics(text in "[0-9*/,? @a-zA-Z#-]{0,40}|\\PC{0,40}") {
            if let Ok(c) = Cron::parse(&text) {
                let _ = c.describe();
                let _ = c.next_after(0);
                let _ = c.next_after(i64::MAX);
                let _ = c.next_after(i64::MIN);
                let _ = c.period_secs();
            }
        }
    }
}
