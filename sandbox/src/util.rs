//! Ids and timestamps the way Dokploy writes them.

use rand::Rng;
use std::time::{SystemTime, UNIX_EPOCH};

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// A nanoid-like id of `len` characters (Dokploy uses 21 for rows, 32 for users and keys).
pub fn id_from<R: Rng + ?Sized>(rng: &mut R, len: usize) -> String {
    (0..len)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

pub fn alnum_from<R: Rng + ?Sized>(rng: &mut R, len: usize) -> String {
    (0..len)
        .map(|_| ALNUM[rng.random_range(0..ALNUM.len())] as char)
        .collect()
}

/// The 6-character suffix of an `appName` (`shop-web-x1k2p9`).
pub fn app_suffix<R: Rng + ?Sized>(rng: &mut R) -> String {
    (0..6)
        .map(|_| LOWER[rng.random_range(0..LOWER.len())] as char)
        .collect()
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// `2026-11-26T14:40:13.527Z` for a Unix time in milliseconds.
pub fn iso(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let millis = ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        sod / 3600,
        (sod / 60) % 60,
        sod % 60
    )
}

/// `2026-11-26:14:41:09`, the stamp in a deployment's log file name.
pub fn log_stamp(ms: i64) -> String {
    let full = iso(ms);
    let date = &full[..10];
    let time = &full[11..19];
    format!("{date}:{time}")
}

pub fn now_iso() -> String {
    iso(now_ms())
}

/// `Wed Dec  2 17:37:23 UTC 2026`: `$(date)` in a backup's log.
pub fn date_c(ms: i64) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = ms.div_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let full = iso(ms);
    format!(
        "{} {} {d:>2} {} UTC {y}",
        DAYS[(days + 4).rem_euclid(7) as usize],
        MONTHS[(m - 1) as usize],
        &full[11..19]
    )
}

/// `2026/12/02 17:37:24`: the stamp of rclone's log lines.
pub fn rclone_stamp(ms: i64) -> String {
    let full = iso(ms);
    format!("{} {}", full[..10].replace('-', "/"), &full[11..19])
}

/// `2026-12-02T17-37-23-399Z`: Dokploy's `getBackupTimestamp()`, the name of a backup file.
pub fn backup_stamp(ms: i64) -> String {
    iso(ms).replace([':', '.'], "-")
}

/// `n` random lowercase hex digits (container ids).
pub fn hex_from<R: Rng + ?Sized>(rng: &mut R, n: usize) -> String {
    const HEX: &[u8] = b"0123456789abcdef";
    (0..n)
        .map(|_| HEX[rng.random_range(0..HEX.len())] as char)
        .collect()
}

/// `n` lowercase hex digits drawn from `seed` (digests in a log: the same for the same name).
pub fn hex_of(seed: &str, n: usize) -> String {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for b in seed.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    let mut out = String::new();
    while out.len() < n {
        h = (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h ^= h >> 32;
        out.push_str(&format!("{h:016x}"));
    }
    out.truncate(n);
    out
}

const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (PEM bodies, OpenSSH key blobs).
pub fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.len();
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= n {
                out.push(B64[((v >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64 (whitespace and padding ignored); None on another character.
pub fn unbase64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
    {
        let v = B64.iter().position(|&x| x == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_format() {
        assert_eq!(iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso(1_795_704_013_527), "2026-11-26T14:40:13.527Z");
        assert_eq!(log_stamp(1_795_704_013_527), "2026-11-26:14:40:13");
        assert_eq!(date_c(1_795_704_013_527), "Thu Nov 26 14:40:13 UTC 2026");
        assert_eq!(date_c(0), "Thu Jan  1 00:00:00 UTC 1970");
        assert_eq!(rclone_stamp(1_795_704_013_527), "2026/11/26 14:40:13");
        assert_eq!(backup_stamp(1_795_704_013_527), "2026-11-26T14-40-13-527Z");
    }

    #[test]
    fn base64_round_trips() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"\0\0\0\x0bssh-ed25519"), "AAAAC3NzaC1lZDI1NTE5");
        for text in ["", "f", "fo", "foo", "foob", "fooba", "foobar"] {
            assert_eq!(
                unbase64(&base64(text.as_bytes())).as_deref(),
                Some(text.as_bytes())
            );
        }
        assert_eq!(unbase64("Zm9v\nYmFy"), Some(b"foobar".to_vec()));
        assert_eq!(unbase64("Zm9v!"), None);
    }
}
