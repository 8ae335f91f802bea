//! Timing rules for refreshes, as plain functions.

use std::time::Duration;

/// The next delay after `failures` consecutive failed refreshes: doubling from `base`, at most
/// `max`.
pub fn backoff(base: Duration, failures: u32, max: Duration) -> Duration {
    let factor = 2u32.saturating_pow(failures.min(16));
    base.saturating_mul(factor).min(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backs_off_and_caps() {
        let s = Duration::from_secs;
        assert_eq!(backoff(s(5), 0, s(60)), s(5));
        assert_eq!(backoff(s(5), 1, s(60)), s(10));
        assert_eq!(backoff(s(5), 3, s(60)), s(40));
        assert_eq!(backoff(s(5), 4, s(60)), s(60));
        assert_eq!(backoff(s(5), u32::MAX, s(60)), s(60));
    }
}
