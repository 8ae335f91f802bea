//! Floating-point numbers as text, as Rust's `Display` writes them, without linking Rust's float
//! formatting (`<f64 as Display>` with Grisu, Dragon and their tables: ~13 KB of wasm): a memory
//! or CPU limit Dokploy sent as a JSON float is kept as text. Host tests compare with `format!`.

/// `f.to_string()`: the shortest decimal that reads back as `f` (where two of 17 digits do, maybe
/// the other one than Rust's), never with an exponent
/// (`0.00000015`, `1000000000000000000000`, `-0`). The digits are serde_json's (zmij, already
/// in both builds for JSON numbers); only their layout is Rust's. `f` is finite (a decoded JSON
/// number always is).
pub fn shortest(f: f64) -> String {
    let json = serde_json::Number::from_f64(f).map_or_else(String::new, |n| n.to_string());
    plain(&json)
}

/// A decimal number `[-]digits[.digits][e[+|-]exp]` in plain notation without trailing zeros
/// or a trailing point.
fn plain(s: &str) -> String {
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (mantissa, exp) = match s.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.trim_start_matches('+').parse::<i32>().unwrap_or(0)),
        None => (s, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all = format!("{int}{frac}");
    // The value is 0.DIGITS x 10^point.
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all[lead..].trim_end_matches('0');
    let point = int.len() as i32 + exp - lead as i32;
    let mut out = String::with_capacity(digits.len() + 8);
    if neg {
        out.push('-');
    }
    if digits.is_empty() {
        out.push('0');
    } else if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(digits);
    } else if point as usize >= digits.len() {
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
    } else {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shortest_as_display() {
        for f in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.5,
            1.5,
            100.0,
            1024.0,
            123.456,
            1e15,
            1e16,
            1e17,
            1e21,
            1e22,
            1.5e-7,
            1e-5,
            1e-6,
            1e-7,
            5e-324,
            2.2250738585072014e-308,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            9007199254740993.0,
            0.30000000000000004,
            4.35,
            2.5,
            -2.5e-300,
        ] {
            assert_eq!(shortest(f), f.to_string(), "{f:e}");
        }
    }

    #[test]
    fn plain_layouts() {
        assert_eq!(plain("1e21"), "1000000000000000000000");
        assert_eq!(plain("1.5e+3"), "1500");
        assert_eq!(plain("-1.5E-3"), "-0.0015");
        assert_eq!(plain("-0.0"), "-0");
        assert_eq!(plain("120.50"), "120.5");
        assert_eq!(plain("0.0012"), "0.0012");
    }

    proptest! {
        /// As short as `Display`'s and reading back as `f`. Where two decimals of 17 digits
        /// both read back as `f`, serde_json's digits and Rust's may pick different ones
        /// (`260077110471676.62` and `.63`): either is the number.
        #[test]
        fn shortest_reads_back_and_is_as_short_as_display(bits in any::<u64>()) {
            let f = f64::from_bits(bits);
            prop_assume!(f.is_finite());
            let ours = shortest(f);
            let rust = f.to_string();
            prop_assert_eq!(ours.parse::<f64>().map(f64::to_bits), Ok(f.to_bits()));
            prop_assert_eq!(ours.len(), rust.len(), "{} vs {}", ours, rust);
        }
    }
}
