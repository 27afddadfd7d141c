//! Passphrases for the owner keystore: from an environment variable (for scripts and
//! services), else typed on the terminal without echo. Never from argv, where other users of
//! the machine could read it.

use anyhow::bail;
use std::io::IsTerminal;
use std::path::Path;
use zeroize::Zeroizing;

/// Opens the keystore.
pub const PASSPHRASE_VAR: &str = "KSM_SERVER_KEYSTORE_PASSPHRASE";
/// The replacement passphrase for `keystore passwd` and `keystore export`.
pub const NEW_PASSPHRASE_VAR: &str = "KSM_SERVER_KEYSTORE_NEW_PASSPHRASE";
/// Shorter new passphrases are refused: Argon2 slows guessing, it cannot save a short one.
const MIN_LEN: usize = 12;

pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl From<String> for Passphrase {
    fn from(text: String) -> Self {
        Self(Zeroizing::new(text))
    }
}

/// The passphrase of an existing keystore.
pub fn existing(keystore: &Path) -> anyhow::Result<Passphrase> {
    if let Some(passphrase) = from_env(PASSPHRASE_VAR)? {
        return Ok(passphrase);
    }
    prompt(&format!("Passphrase of the owner keystore {}: ", keystore.display()), PASSPHRASE_VAR)
}

/// A new passphrase, from `var` or typed twice.
pub fn new(var: &str) -> anyhow::Result<Passphrase> {
    let passphrase = match from_env(var)? {
        Some(passphrase) => passphrase,
        None => {
            let first = prompt("New owner keystore passphrase: ", var)?;
            let second = prompt("Repeat the passphrase: ", var)?;
            if first.0 != second.0 {
                bail!("the two passphrases differ; nothing was changed");
            }
            first
        }
    };
    if passphrase.0.chars().count() < MIN_LEN {
        bail!("the new keystore passphrase is too short (at least {MIN_LEN} characters); nothing was changed");
    }
    Ok(passphrase)
}

fn from_env(var: &str) -> anyhow::Result<Option<Passphrase>> {
    match std::env::var(var) {
        Ok(value) => Ok(Some(Passphrase::from(value))),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => bail!("{var} is not valid UTF-8"),
    }
}

fn prompt(question: &str, var: &str) -> anyhow::Result<Passphrase> {
    if !std::io::stdin().is_terminal() {
        bail!("the owner keystore needs a passphrase: set {var}, or run the command on a terminal");
    }
    let typed = rpassword::prompt_password(question)
        .map_err(|e| anyhow::anyhow!("cannot read the passphrase from the terminal: {e}"))?;
    Ok(Passphrase::from(typed))
}
