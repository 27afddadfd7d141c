//! `ksm secret password`: a random password, with the official CLI's options and defaults
//! (`secret_password_command`) and the SDK's generator (PROTOCOL.md §12.3). It needs no
//! profile, configuration or network.

use crate::cli::PasswordArgs;
use ksm_client::error::{fail, ErrorKind};
use ksm_proto::password::{generate, PasswordSpec};
use zeroize::Zeroizing;

/// The official CLI's length when neither a length nor any count is given.
const OFFICIAL_DEFAULT_LENGTH: u64 = 64;

pub fn run(args: &PasswordArgs) -> anyhow::Result<()> {
    let spec = password_spec(args)?;
    let password = Zeroizing::new(generate(&spec).map_err(|e| fail(ErrorKind::Usage, e.to_string()))?);
    print!("{}", password.as_str());
    Ok(())
}

/// The official semantics: counts that add up to more than 0 make the password exactly that
/// long (so each count is exact) and a different `--length` is an error; otherwise the length
/// (0 or none meaning 64) is drawn from all four classes.
fn password_spec(args: &PasswordArgs) -> anyhow::Result<PasswordSpec> {
    let counts = [args.lowercase, args.uppercase, args.digits, args.special].map(|count| count.unwrap_or(0));
    let counted: u64 = counts.iter().map(|count| u64::from(*count)).sum();
    let requested = args.length.map_or(0, u64::from);
    let length = match (counted, requested) {
        (0, 0) => OFFICIAL_DEFAULT_LENGTH,
        (0, length) => length,
        (counted, 0) => counted,
        (counted, length) if counted == length => length,
        (counted, length) => {
            return Err(fail(
                ErrorKind::Usage,
                format!(
                    "--length {length} differs from the character counts, which add up to {counted}: give the \
                     length or the counts (the counts set the length)"
                ),
            ))
        }
    };
    // Anything beyond i32 or usize is far over the generator's maximum length, which it reports.
    let [lowercase, uppercase, digits, special] = counts.map(|count| Some(i32::try_from(count).unwrap_or(i32::MAX)));
    Ok(PasswordSpec {
        length: usize::try_from(length).unwrap_or(usize::MAX),
        lowercase,
        uppercase,
        digits,
        special,
        special_set: args.special_chars.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{official_spellings, Cli, Command, SecretCommand};
    use clap::Parser;
    use ksm_client::error::exit_code;
    use ksm_proto::password::DEFAULT_SPECIAL_CHARACTERS;
    use std::ffi::OsString;

    fn parse(words: &[&str]) -> PasswordArgs {
        let argv: Vec<OsString> = ["ksm", "secret", "password"].iter().chain(words).map(OsString::from).collect();
        match Cli::try_parse_from(official_spellings(argv)).unwrap().command {
            Command::Secret(SecretCommand::Password(args)) => args,
            _ => panic!("not secret password"),
        }
    }

    fn generated(words: &[&str]) -> String {
        generate(&password_spec(&parse(words)).unwrap()).unwrap()
    }

    fn count(password: &str, class: fn(&char) -> bool) -> usize {
        password.chars().filter(class).count()
    }

    #[test]
    fn defaults_to_64_characters_from_every_class() {
        let spec = password_spec(&parse(&[])).unwrap();
        assert_eq!((spec.length, spec.lowercase, spec.special), (64, Some(0), Some(0)));
        assert_eq!(generated(&[]).chars().count(), 64);
        assert_eq!(generated(&["--length", "0"]).chars().count(), 64, "0 means the default, as in the official CLI");
        assert_eq!(generated(&["-l", "12"]).chars().count(), 12);
    }

    #[test]
    fn counts_set_the_length_and_are_exact() {
        for _ in 0..20 {
            let password = generated(&["--lc", "3", "--uc", "4", "-d", "5", "--sc", "6"]);
            assert_eq!(password.chars().count(), 18);
            assert_eq!(count(&password, char::is_ascii_lowercase), 3, "{password}");
            assert_eq!(count(&password, char::is_ascii_uppercase), 4, "{password}");
            assert_eq!(count(&password, char::is_ascii_digit), 5, "{password}");
            assert_eq!(count(&password, |c| DEFAULT_SPECIAL_CHARACTERS.contains(*c)), 6, "{password}");
            let digits_only = generated(&["--digits", "8", "-l", "8"]);
            assert!(digits_only.len() == 8 && digits_only.chars().all(|c| c.is_ascii_digit()), "{digits_only}");
        }
    }

    #[test]
    fn a_length_that_differs_from_the_counts_is_a_usage_error() {
        let error = password_spec(&parse(&["-l", "20", "--lc", "5"])).unwrap_err();
        assert_eq!(exit_code(&error), 2);
        assert!(error.to_string().contains("add up to 5"), "{error}");
    }

    #[test]
    fn custom_special_characters() {
        let password = generated(&["--sc", "10", "--special-chars", "-*"]);
        assert!(password.len() == 10 && password.chars().all(|c| c == '-' || c == '*'), "{password}");
    }

    #[test]
    fn generator_errors_are_usage_errors() {
        let empty_set = password_spec(&parse(&["--sc", "2", "--special-chars", ""])).unwrap();
        assert!(generate(&empty_set).is_err());
        let huge = parse(&["--lc", "4000000000", "--uc", "4000000000"]);
        let spec = password_spec(&huge).unwrap();
        assert!(generate(&spec).unwrap_err().to_string().contains("password length"));
        assert!(Cli::try_parse_from(["ksm", "secret", "password", "--lc", "-3"]).is_err(), "counts are not negative");
    }
}
