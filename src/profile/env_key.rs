//! `KSM_PROFILE_KEY`: a passphrase in the environment, for machines without a keyring where a
//! key file is not wanted. Its UTF-8 bytes are the HKDF input, so it must be long and random
//! (e.g. `openssl rand -base64 32`); a short value is refused rather than weakly protecting.

use super::{ProfileError, ENV_KEY_VAR};
use zeroize::Zeroizing;

const MIN_LEN: usize = 16;

/// The variable's bytes. `profile` names the profile being opened, `None` at creation.
pub(crate) fn read(profile: Option<&str>) -> Result<Zeroizing<Vec<u8>>, ProfileError> {
    let value = match std::env::var(ENV_KEY_VAR) {
        Ok(value) => Zeroizing::new(value.into_bytes()),
        Err(std::env::VarError::NotPresent) => {
            return Err(match profile {
                Some(profile) => ProfileError::key_unavailable(
                    profile,
                    &format!("{ENV_KEY_VAR} is not set; set it to the value used when the profile was created"),
                ),
                None => ProfileError::KeyUnavailable(format!(
                    "{ENV_KEY_VAR} is not set; set it to a long random value, e.g. \
                     `export {ENV_KEY_VAR}=\"$(openssl rand -base64 32)\"`, and keep it safe"
                )),
            })
        }
        Err(std::env::VarError::NotUnicode(_)) => {
            return Err(ProfileError::KeyUnavailable(format!("{ENV_KEY_VAR} is not valid UTF-8")))
        }
    };
    if value.len() < MIN_LEN {
        return Err(ProfileError::KeyUnavailable(format!(
            "{ENV_KEY_VAR} is too short ({} bytes, at least {MIN_LEN} needed); use a long random value, e.g. \
             `openssl rand -base64 32`",
            value.len()
        )));
    }
    Ok(value)
}
