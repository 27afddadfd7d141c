//! Durations as people write them, the one grammar of the client and the server (`ksm
//! --max-stale 30m`, `ksm-server client add --token-expiry 24h`): a whole number and a unit,
//! `s`, `m`, `h`, `d` or `w` (either case), several written together like `1h30m`. No spaces,
//! fractions or signs. Also the age `ksm` prints in its cache notice.

use std::time::Duration;

const UNITS: [(char, u64); 5] = [('w', 7 * 86_400), ('d', 86_400), ('h', 3_600), ('m', 60), ('s', 1)];

/// `30s`, `15m`, `12h`, `7d`, `2w`, or several together like `1h30m`.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let invalid = || format!("'{text}' is not a duration; write it like 30s, 15m, 12h or 7d");
    let mut seconds: u64 = 0;
    let mut number = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = UNITS.iter().find(|(name, _)| *name == c.to_ascii_lowercase()).ok_or_else(invalid)?.1;
        let count: u64 = number.parse().map_err(|_| invalid())?;
        seconds = count.checked_mul(unit).and_then(|part| seconds.checked_add(part)).ok_or_else(invalid)?;
        number.clear();
    }
    if !number.is_empty() || text.trim().is_empty() {
        return Err(invalid());
    }
    Ok(Duration::from_secs(seconds))
}

/// The two largest units: `2h 5m`, `3d 1h`, `42s`; under 10 s to a tenth (`1.1s`), so that an
/// age just over a limit of a few seconds does not print as the limit itself.
pub fn format_age(age: Duration) -> String {
    let seconds = age.as_secs();
    if seconds < 10 {
        let tenth = age.subsec_millis() / 100;
        return if tenth == 0 { format!("{seconds}s") } else { format!("{seconds}.{tenth}s") };
    }
    let mut parts = Vec::new();
    let mut rest = seconds;
    for (name, unit) in UNITS {
        if rest >= unit || !parts.is_empty() {
            parts.push(format!("{}{name}", rest / unit));
            rest %= unit;
        }
        if parts.len() == 2 {
            break;
        }
    }
    match parts.as_slice() {
        [first, second] if second.starts_with('0') => first.clone(),
        _ => parts.join(" "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units_and_combinations() {
        let secs = |text: &str| parse_duration(text).map(|d| d.as_secs());
        assert_eq!(secs("30s"), Ok(30));
        assert_eq!(secs("30m"), Ok(1_800));
        assert_eq!(secs("12h"), Ok(43_200));
        assert_eq!(secs("7d"), Ok(604_800));
        assert_eq!(secs("2W"), Ok(1_209_600));
        assert_eq!(secs("1h30m"), Ok(5_400));
        assert_eq!(secs("0s"), Ok(0));
        for bad in ["", "10", "h", "1x", "1.5h", "-1h", "1h 30m", "99999999999999999999d"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert!(parse_duration("1x").unwrap_err().contains("30s, 15m, 12h or 7d"));
    }

    #[test]
    fn formats_the_two_largest_units() {
        let age = |secs: u64| format_age(Duration::from_secs(secs));
        assert_eq!(format_age(Duration::from_millis(300)), "0.3s");
        assert_eq!(format_age(Duration::from_millis(1_100)), "1.1s");
        assert_eq!(age(0), "0s");
        assert_eq!(age(1), "1s");
        assert_eq!(age(42), "42s");
        assert_eq!(age(65), "1m 5s");
        assert_eq!(age(120), "2m");
        assert_eq!(age(2 * 3_600 + 5 * 60 + 7), "2h 5m");
        assert_eq!(age(3 * 86_400 + 3_600), "3d 1h");
        assert_eq!(age(86_400 + 59), "1d");
        assert_eq!(age(15 * 86_400), "2w 1d");
    }
}
