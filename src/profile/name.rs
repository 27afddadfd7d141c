//! Profile names double as file names and keyring labels, so they are kept to a safe alphabet.

use super::ProfileError;

const MAX_LEN: usize = 64;

/// Checks a profile name: 1-64 characters of `[A-Za-z0-9._-]`, not starting with `.` or `-`.
/// Call it before redeeming a one-time token, so a bad name cannot waste the token.
pub fn validate_profile_name(name: &str) -> Result<(), ProfileError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    let valid = !name.is_empty()
        && name.len() <= MAX_LEN
        && name.chars().all(allowed)
        && !name.starts_with('.')
        && !name.starts_with('-');
    if valid {
        Ok(())
    } else {
        Err(ProfileError::InvalidName(name.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_names() {
        for name in ["a", "prod", "_default", "App1", "eu-west.ci_2", "x.", &"n".repeat(64)] {
            assert!(validate_profile_name(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn rejects_unsafe_names() {
        for name in ["", ".hidden", "..", "-flag", "a/b", "a\\b", "a b", "é", "a\nb", "ksm:x", &"n".repeat(65)] {
            assert!(matches!(validate_profile_name(name), Err(ProfileError::InvalidName(_))), "{name:?}");
        }
    }

    #[test]
    fn message_quotes_the_name_and_says_what_is_allowed() {
        let message = validate_profile_name("a\nb").unwrap_err().to_string();
        assert!(message.contains(r#""a\nb""#) && message.contains("1-64") && !message.contains('\n'), "{message}");
    }
}
