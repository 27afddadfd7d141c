//! Expiry durations on the command line: the grammar of `ksm_proto::duration` (`90s`, `30m`,
//! `24h`, `7d`, `2w`, `1h30m`), positive, or `never`.

use anyhow::{anyhow, bail, Context};
use ksm_proto::duration::parse_duration;

/// Milliseconds, or `None` for `never`.
pub fn parse_duration_ms(text: &str) -> anyhow::Result<Option<i64>> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("never") {
        return Ok(None);
    }
    let duration = parse_duration(text).map_err(|e| anyhow!(e))?;
    if duration.is_zero() {
        bail!("the duration '{text}' must be positive (or `never`)");
    }
    i64::try_from(duration.as_millis()).map(Some).context("the duration is too long")
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
        assert_eq!(parse_duration_ms("1h30m").unwrap(), Some(5_400_000));
        for bad in ["", "h", "10", "10y", "-5m", "0s"] {
            assert!(parse_duration_ms(bad).is_err(), "{bad}");
        }
    }
}
