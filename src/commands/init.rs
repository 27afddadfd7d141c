//! `ksm init default|k8s TOKEN`: redeem a token into a configuration for an integration and
//! print it (base64 JSON for `KSM_CONFIG`, or a Kubernetes Secret); no profile is written.
//! The configuration carries the server key and TLS trust (docs/profiles.md).

use super::profile::{export_text, redeem, token_text, trust};
use crate::cli::{ConfigFormat, InitCommand, RedeemArgs};
use crate::profile::Profile;

pub fn run(command: InitCommand) -> anyhow::Result<()> {
    match command {
        InitCommand::Default(args) => {
            let profile = redeemed(args.redeem)?;
            println!("{}", export_text(&profile, ConfigFormat::Json, args.plain).as_str());
        }
        InitCommand::K8s(args) => {
            let profile = redeemed(args.redeem)?;
            // A Secret's `data` values are base64 of the value, so the Secret holds the JSON
            // configuration itself, as the official CLI's does; KSM_CONFIG takes it as it is.
            let data = export_text(&profile, ConfigFormat::Json, false);
            let immutable = if args.immutable { "immutable: true\n" } else { "" };
            print!(
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {}\n  namespace: {}\ntype: Opaque\n{immutable}data:\n  config: {}\n",
                yaml_scalar(&args.name),
                yaml_scalar(&args.namespace),
                data.as_str()
            );
        }
    }
    Ok(())
}

fn redeemed(args: RedeemArgs) -> anyhow::Result<Profile> {
    let token = token_text(args.token)?;
    let trust = trust(&args.trust)?;
    Ok(redeem(&token, args.hostname, &args.server_key, trust, "", None)?.0)
}

/// A name as a YAML scalar: plain when it is a Kubernetes name, else double-quoted JSON.
fn yaml_scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && text.starts_with(|c: char| c.is_ascii_alphanumeric());
    match plain {
        true => text.to_string(),
        false => serde_json::Value::from(text).to_string(),
    }
}
