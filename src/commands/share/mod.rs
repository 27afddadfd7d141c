//! `ksm share …`: one-time share with a ksm-server (docs/share.md).
//!
//! - `request` / `receive`: ask someone for a secret; their answer is encrypted in their
//!   browser to a key only this profile holds, then written here into the vault as a new record;
//! - `send`: a record's fields as an expiring, device-locked (or `--once`) link;
//! - `open` / `submit`: the recipient's side in the terminal, without a browser or a profile.

mod anonymous;
mod form;
mod keys;
mod request;
mod send;

use super::Context;
use crate::cli::ShareCommand;
use ksm_client::error::{fail, ErrorKind};
use ksm_client::session::Session;
use ksm_proto::config::ClientConfig;
use ksm_proto::token::REGIONS;
use serde_json::Value;

pub fn run(context: &Context, command: ShareCommand) -> anyhow::Result<()> {
    match command {
        ShareCommand::Request(args) => request::request(context, &args),
        ShareCommand::Receive(args) => request::receive(context, &args),
        ShareCommand::List { json } => request::list(context, json),
        ShareCommand::Revoke { id } => request::revoke(context, &id),
        ShareCommand::Send(args) => send::send(context, &args),
        ShareCommand::Open { link, json } => anonymous::open(&link, json),
        ShareCommand::Submit { link } => anonymous::submit(&link),
    }
}

/// One clear line instead of a confusing 404 from Keeper's cloud, which has no share API.
fn require_ksm_server(config: &ClientConfig) -> anyhow::Result<()> {
    let base = ksm_client::transport::base_url(config)?;
    let host = base.trim_start_matches("https://").split(':').next().unwrap_or_default().to_ascii_lowercase();
    if REGIONS.iter().any(|(_, keeper)| host == *keeper || host.ends_with(&format!(".{keeper}"))) {
        return Err(fail(
            ErrorKind::Usage,
            format!("`ksm share` needs a ksm-server; this profile talks to Keeper's cloud ({host}), which has no one-time share API"),
        ));
    }
    Ok(())
}

/// A signed share call, its JSON answer.
fn owner_call(session: &mut Session, op: &str, payload: Value) -> anyhow::Result<Value> {
    let body = session.share_call(op, payload)?;
    serde_json::from_slice(&body)
        .map_err(|_| fail(ErrorKind::Server, format!("the server's answer to {op} is not JSON")))
}

/// Seconds from a `--expires` value, within the server's 7-day limit.
fn expiry_seconds(text: &str) -> anyhow::Result<i64> {
    let duration =
        ksm_client::cache::parse_duration(text).map_err(|e| fail(ErrorKind::Usage, format!("--expires: {e}")))?;
    let seconds = duration.as_secs() as i64;
    if !(1..=7 * 24 * 3600).contains(&seconds) {
        return Err(fail(ErrorKind::Usage, format!("--expires must be between 1s and 7d, got '{text}'")));
    }
    Ok(seconds)
}

/// The base of the links: the server's `--public-url` if it announced one, else the profile's host.
fn link_base(config: &ClientConfig, answer: &Value) -> anyhow::Result<String> {
    match answer["publicUrl"].as_str().filter(|url| !url.is_empty()) {
        Some(url) => Ok(url.trim_end_matches('/').to_string()),
        None => ksm_client::transport::base_url(config),
    }
}

/// A link as a terminal QR code (two rows per character), with its quiet zone.
fn qr_text(link: &str) -> anyhow::Result<String> {
    let code = qrcode::QrCode::new(link.as_bytes())
        .map_err(|e| fail(ErrorKind::Usage, format!("cannot make a QR code of the link: {e}")))?;
    Ok(code
        .render::<qrcode::render::unicode::Dense1x2>()
        .dark_color(qrcode::render::unicode::Dense1x2::Light)
        .light_color(qrcode::render::unicode::Dense1x2::Dark)
        .build())
}

fn time_text(ms: i64) -> String {
    let seconds = ms / 1000;
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02} UTC", rest / 3600, rest % 3600 / 60)
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_print_as_utc_dates() {
        assert_eq!(time_text(0), "1970-01-01 00:00 UTC");
        assert_eq!(time_text(951_782_400_000 + 3_600_000 * 13 + 60_000 * 7), "2000-02-29 13:07 UTC");
    }

    #[test]
    fn keeper_cloud_profiles_are_refused() {
        let config = |host: &str| ClientConfig { hostname: Some(host.into()), ..Default::default() };
        assert!(require_ksm_server(&config("EU")).is_err());
        assert!(require_ksm_server(&config("keepersecurity.com")).is_err());
        assert!(require_ksm_server(&config("127.0.0.1:8443")).is_ok());
    }

    #[test]
    fn qr_codes_render_as_text_blocks() {
        let qr = qr_text("https://vault.example.com/share/s#1.AAAA").unwrap();
        let lines: Vec<&str> = qr.lines().collect();
        assert!(lines.len() > 10 && lines.iter().all(|l| l.chars().count() == lines[0].chars().count()), "{qr}");
        assert!(qr.chars().all(|c| " \n▀▄█".contains(c)), "{qr}");
    }

    #[test]
    fn expiry_is_bounded() {
        assert_eq!(expiry_seconds("24h").unwrap(), 86_400);
        assert!(expiry_seconds("8d").is_err());
        assert!(expiry_seconds("0s").is_err());
        assert!(expiry_seconds("soon").is_err());
    }
}
