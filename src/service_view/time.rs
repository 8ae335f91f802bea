//! ISO 8601 timestamps as Dokploy sends them, durations and "3 h ago" labels.

/// Milliseconds since the Unix epoch of `2026-11-26T14:41:28.499Z` (also without fraction, with
/// a `+hh:mm` offset, or a space instead of `T`); `None` when it is not such a timestamp.
pub fn parse_iso(s: &str) -> Option<i64> {
    // Read byte by byte, with no allocation (the first view reads every deployment's time).
    let b = s.trim().as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b' ') {
        return None;
    }
    let digit = |c: &u8| c.is_ascii_digit().then(|| i64::from(c - b'0'));
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        b[r].iter().try_fold(0, |n, c| Some(n * 10 + digit(c)?))
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut rest = &b[19..];
    let mut millis = 0i64;
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        // The first three digits, padded with zeros.
        for i in 0..3 {
            millis = millis * 10 + frac[..n].get(i).and_then(digit).unwrap_or(0);
        }
        rest = &frac[n..];
    }
    let offset_min = match rest {
        b"" | b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), o @ ..] => {
            // `+01:00` or `+0100`: four digits.
            let (count, hhmm) = o
                .iter()
                .filter_map(digit)
                .fold((0, 0), |(k, v), x| (k + 1, v * 10 + x));
            if count != 4 {
                return None;
            }
            let m = hhmm / 100 * 60 + hhmm % 100;
            if *sign == b'-' {
                -m
            } else {
                m
            }
        }
        _ => return None,
    };
    let days = days_from_civil(y, mo, d);
    let secs = days * 86_400 + h * 3600 + mi * 60 + se - offset_min * 60;
    Some(secs * 1000 + millis)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `850ms`, `42s`, `1m 34s`, `2h 5m`.
pub fn duration_label(ms: i64) -> String {
    let ms = ms.max(0);
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let s = ms / 1000;
    if s < 60 {
        return format!("{s}s");
    }
    if s < 3600 {
        return format!("{}m {}s", s / 60, s % 60);
    }
    format!("{}h {}m", s / 3600, (s % 3600) / 60)
}

/// `just now`, `5 min ago`, `3 h ago`, `2 days ago`, then the date.
pub fn ago_label(now_ms: i64, then_ms: i64) -> String {
    if now_ms - then_ms < 30 * 86_400_000 {
        ago_short(now_ms, then_ms)
    } else {
        date_of(then_ms)
    }
}

/// `just now`, `5 min ago`, `3 h ago`, `yesterday`, `45 days ago`: [`ago_label`] without the
/// calendar (what the first view carries).
pub fn ago_short(now_ms: i64, then_ms: i64) -> String {
    let s = (now_ms - then_ms) / 1000;
    if s < 45 {
        "just now".to_string()
    } else if s < 3600 {
        format!("{} min ago", ((s + 30) / 60).max(1))
    } else if s < 86_400 {
        format!("{} h ago", s / 3600)
    } else if s < 2 * 86_400 {
        "yesterday".to_string()
    } else {
        format!("{} days ago", s / 86_400)
    }
}

/// `2026-11-26` (UTC) of a timestamp.
pub fn date_of(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// "3 h ago" of an ISO timestamp, or the raw text when it cannot be read.
pub fn ago_of(now_ms: i64, iso: &str) -> String {
    match parse_iso(iso) {
        Some(t) => ago_label(now_ms, t),
        None => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dokploy_timestamps() {
        assert_eq!(parse_iso("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_iso("1970-01-01T00:00:01.5Z"), Some(1500));
        assert_eq!(
            parse_iso("2026-11-26T14:41:28.499Z"),
            Some(1_795_704_088_499)
        );
        assert_eq!(
            parse_iso("2026-11-26T15:41:28.499+01:00"),
            parse_iso("2026-11-26T14:41:28.499Z")
        );
        assert_eq!(parse_iso("2026-11-26 14:41:28"), Some(1_795_704_088_000));
        assert_eq!(parse_iso("2000-02-29T00:00:00.000Z"), Some(951_782_400_000));
        for bad in [
            "",
            "yesterday",
            "2026-13-01T00:00:00Z",
            "2026-11-26T14:41:28.Z",
            "2026-11-26T14:41:28Q",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn durations() {
        assert_eq!(duration_label(83), "83ms");
        assert_eq!(duration_label(-5), "0ms");
        assert_eq!(duration_label(42_000), "42s");
        assert_eq!(duration_label(94_000), "1m 34s");
        assert_eq!(duration_label(7_500_000), "2h 5m");
    }

    #[test]
    fn ago() {
        let now = 1_795_704_088_499;
        assert_eq!(ago_label(now, now - 10_000), "just now");
        assert_eq!(ago_label(now, now - 5 * 60_000), "5 min ago");
        assert_eq!(ago_label(now, now - 3 * 3_600_000), "3 h ago");
        assert_eq!(ago_label(now, now - 86_400_000), "yesterday");
        assert_eq!(ago_label(now, now - 5 * 86_400_000), "5 days ago");
        assert_eq!(ago_label(now, now - 60 * 86_400_000), "2026-09-27");
        assert_eq!(ago_short(now, now - 60 * 86_400_000), "60 days ago");
        assert_eq!(ago_of(now, "soon"), "soon");
        assert_eq!(date_of(0), "1970-01-01");
    }
}
