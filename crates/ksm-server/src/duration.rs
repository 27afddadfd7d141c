//! Durations on the command line: `90s`, `30m`, `24h`, `7d`, or `never`.

use anyhow::{bail, Context};

/// Milliseconds, or `None` for `never`.
pub fn parse_duration_ms(text: &str) -> anyhow::Result<Option<i64>> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("never") {
        return Ok(None);
    }
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: i64 = number.parse().with_context(|| format!("'{text}' is not a duration like 30m, 24h or 7d"))?;
    let unit_ms = match unit {
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => bail!("'{text}' is not a duration like 90s, 30m, 24h or 7d"),
    };
    if number <= 0 {
        bail!("the duration '{text}' must be positive (or `never`)");
    }
    number.checked_mul(unit_ms).map(Some).context("the duration is too long")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units_and_never() {
        assert_eq!(parse_duration_ms("90s").unwrap(), Some(90_000));
        assert_eq!(parse_duration_ms("24h").unwrap(), Some(86_400_000));
        assert_eq!(parse_duration_ms("7d").unwrap(), Some(604_800_000));
        assert_eq!(parse_duration_ms("never").unwrap(), None);
        for bad in ["", "h", "10", "10y", "-5m", "0s"] {
            assert!(parse_duration_ms(bad).is_err(), "{bad}");
        }
    }
}
