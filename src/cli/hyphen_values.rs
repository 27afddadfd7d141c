//! Values that start with `-`. File UIDs and share request ids are random base64url, so one in
//! 64 starts with `-`, and so may a password, a title or a note. The official CLI takes the word
//! after an option as its value whatever it looks like; clap would read `-Xfh…` as flags. So
//! every option and positional argument that takes one value takes the next word as it is.
//! Arguments that take a list of words (`secret get UID…`, `folder delete UID…`) keep clap's
//! reading, or `UID --json` would swallow `--json`: such a UID goes after `--`, as clap's tip
//! says.

use super::Cli;
use clap::{CommandFactory, FromArgMatches};
use std::ffi::OsString;

/// Parses the command line with the rule above.
///
/// Every subcommand enum is `defer`red: a command's arguments are only made when parsing
/// reaches it, so a run pays for its own command, not for the whole tree. The rule can only
/// reach arguments that exist, so a first parse builds the commands these arguments name (its
/// result is dropped: their arguments did not have the rule yet), and the second parse, after
/// the rule, is the one that counts. The root's options have the rule from the start, so the
/// first parse reaches the named command.
pub fn parse(args: Vec<OsString>) -> Result<Cli, clap::Error> {
    let mut command = with_hyphen_values(Cli::command());
    let _unruled = command.try_get_matches_from_mut(args.iter());
    let mut command = with_hyphen_values(command);
    let mut matches = command.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches_mut(&mut matches).map_err(|error| error.format(&mut command))
}

fn with_hyphen_values(command: clap::Command) -> clap::Command {
    command
        .mut_args(|arg| if takes_one_value(&arg) { arg.allow_hyphen_values(true) } else { arg })
        .mut_subcommands(with_hyphen_values)
}

fn takes_one_value(arg: &clap::Arg) -> bool {
    let one = arg.get_num_args().is_none_or(|range| range.min_values() == 1 && range.max_values() == 1);
    let repeated_positional = arg.is_positional() && matches!(arg.get_action(), clap::ArgAction::Append);
    arg.get_action().takes_values() && one && !repeated_positional
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Command, SecretCommand, ShareCommand};

    fn parsed(args: &[&str]) -> Cli {
        parse(args.iter().map(OsString::from).collect()).unwrap_or_else(|e| panic!("{args:?}: {e}"))
    }

    #[test]
    fn option_values_may_start_with_a_hyphen() {
        let cli = parsed(&[
            "ksm",
            "-p",
            "-odd",
            "secret",
            "download",
            "-u",
            "-Xa",
            "--file-uid",
            "-Xb",
            "--file-output",
            "-",
        ]);
        assert_eq!(cli.profile_name.as_deref(), Some("-odd"));
        let Command::Secret(SecretCommand::Download(download)) = cli.command else { panic!("not a download") };
        assert_eq!((download.uid.as_str(), download.file_uid.as_deref()), ("-Xa", Some("-Xb")));
        assert_eq!(download.file_output, "-");
    }

    #[test]
    fn a_flag_after_a_value_is_still_a_flag() {
        let Command::Secret(SecretCommand::Get(get)) = parsed(&["ksm", "secret", "get", "-u", "-Xa", "--json"]).command
        else {
            panic!("not a get")
        };
        assert_eq!(get.uid, ["-Xa"]);
        assert!(get.json);
        let Command::Secret(SecretCommand::Get(get)) = parsed(&["ksm", "secret", "get", "Ab", "--json"]).command else {
            panic!("not a get")
        };
        assert_eq!(get.extra_uid, ["Ab"]);
        assert!(get.json, "a list of positional UIDs does not swallow the flag after it");
    }

    #[test]
    fn a_request_id_that_starts_with_a_hyphen_is_an_id() {
        let Command::Share(ShareCommand::Receive(receive)) =
            parsed(&["ksm", "share", "receive", "-Xid", "--wait"]).command
        else {
            panic!("not a receive")
        };
        assert_eq!(receive.id.as_deref(), Some("-Xid"));
        assert!(receive.wait);
    }
}
