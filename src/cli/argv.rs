//! The official CLI's spellings that clap cannot declare: one-dash options of two letters
//! (`-lc 8`), which clap would read as `-l c`. They are rewritten to their long names before
//! parsing; which words are options is read from the command tree itself.

use super::Cli;
use clap::CommandFactory;
use std::ffi::OsString;

/// Where an official spelling is valid (after these subcommands; none: among the options before
/// the command), the spelling, and what clap knows it as.
const OFFICIAL_SPELLINGS: [(&[&str], &str, &str); 4] = [
    (&[], "-nc", "--no-color"),
    (&["secret", "password"], "-lc", "--lc"),
    (&["secret", "password"], "-uc", "--uc"),
    (&["secret", "password"], "-sc", "--sc"),
];

/// The official CLI's commands that have no place in ksm, and what to use instead.
const NOT_APPLICABLE: [(&[&str], &str); 4] = [
    (
        &["sync"],
        "ksm has no `sync` (copying secrets into cloud secret stores): hand secrets to other tools with `ksm export` or `ksm exec`",
    ),
    (&["shell"], "ksm has no interactive `shell`: run each `ksm` command directly (a profile keeps the device's login)"),
    (
        &["profile", "setup"],
        "`profile setup` (a configuration kept in AWS) is not supported: bring a configuration in with `ksm profile import`",
    ),
    (
        &["secret", "add", "editor"],
        "`secret add editor` is not supported: write a record with `ksm secret template record TYPE -f rec.json`, edit it, then `ksm secret add file -f rec.json --sf FOLDER`",
    ),
];

/// One line saying what to use instead, when the arguments name an official command ksm does
/// not have (clap would only say "unrecognized subcommand").
pub fn not_applicable(args: &[OsString]) -> Option<&'static str> {
    // Building the command tree costs as much as parsing: only when every word of a path is there.
    let present = |word: &&str| args.iter().any(|arg| arg.to_str() == Some(*word));
    if !NOT_APPLICABLE.iter().any(|(path, _)| path.iter().all(present)) {
        return None;
    }
    let mut tree = Cli::command();
    tree.build();
    NOT_APPLICABLE.iter().find(|(path, _)| arguments_start(&tree, args, path).is_some()).map(|(_, message)| *message)
}

/// Rewrites the official spellings (also `-lc=N`) where their command takes them; every other
/// argument, and everything after `--`, is returned unchanged.
pub fn official_spellings(args: Vec<OsString>) -> Vec<OsString> {
    if !args.iter().any(|arg| arg.to_str().is_some_and(|arg| OFFICIAL_SPELLINGS.iter().any(|s| spelled(arg, s.1)))) {
        return args;
    }
    let mut tree = Cli::command();
    // Built, every subcommand lists the global options it inherits.
    tree.build();
    let mut rewritten = args;
    for (path, official, long) in OFFICIAL_SPELLINGS {
        if path.is_empty() {
            rewrite_before_the_command(&tree, &mut rewritten, official, long);
            continue;
        }
        let Some(start) = arguments_start(&tree, &rewritten, path) else {
            continue;
        };
        for arg in rewritten.iter_mut().skip(start) {
            if arg == "--" {
                break;
            }
            if let Some(rest) = arg.to_str().filter(|arg| spelled(arg, official)).map(|arg| &arg[official.len()..]) {
                *arg = OsString::from(format!("{long}{rest}"));
            }
        }
    }
    rewritten
}

/// Rewrites `official` among the top-level options, which end at the command's name.
fn rewrite_before_the_command(tree: &clap::Command, args: &mut [OsString], official: &str, long: &str) {
    let mut index = 1;
    loop {
        index = skip_options(tree, args, index);
        let Some(rest) = args
            .get(index)
            .and_then(|arg| arg.to_str())
            .filter(|arg| spelled(arg, official))
            .map(|arg| arg[official.len()..].to_string())
        else {
            return;
        };
        args[index] = OsString::from(format!("{long}{rest}"));
        index += 1;
    }
}

fn spelled(arg: &str, official: &str) -> bool {
    arg.strip_prefix(official).is_some_and(|rest| rest.is_empty() || rest.starts_with('='))
}

/// The index of the first argument after the subcommands of `path`, when those are the
/// command (options of each level may come before and between them).
fn arguments_start(tree: &clap::Command, args: &[OsString], path: &[&str]) -> Option<usize> {
    let mut index = 1;
    let mut node = tree;
    for word in path {
        index = skip_options(node, args, index);
        if args.get(index)? != word {
            return None;
        }
        // A command ksm does not have (see NOT_APPLICABLE) keeps its parent's options.
        node = node.find_subcommand(word).unwrap_or(node);
        index += 1;
    }
    Some(index)
}

/// Skips the options of `command` (its own and the global ones) and their values.
fn skip_options(command: &clap::Command, args: &[OsString], mut index: usize) -> usize {
    while let Some(arg) = args.get(index).and_then(|arg| arg.to_str()) {
        let option = if let Some(long) = arg.strip_prefix("--") {
            let (name, inline_value) = long.split_once('=').map_or((long, false), |(name, _)| (name, true));
            command.get_arguments().find(|a| a.get_long() == Some(name)).map(|a| takes_value(a) && !inline_value)
        } else if let Some(short) = arg.strip_prefix('-').and_then(|s| s.chars().next()) {
            let attached = arg.len() > 1 + short.len_utf8();
            command.get_arguments().find(|a| a.get_short() == Some(short)).map(|a| takes_value(a) && !attached)
        } else {
            None
        };
        match option {
            Some(value_follows) => index += if value_follows { 2 } else { 1 },
            None => return index,
        }
    }
    index
}

fn takes_value(arg: &clap::Arg) -> bool {
    arg.get_action().takes_values()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    fn rewrite(list: &[&str]) -> Vec<OsString> {
        official_spellings(words(list))
    }

    #[test]
    fn official_spellings_are_rewritten_only_for_secret_password() {
        assert_eq!(
            rewrite(&["ksm", "secret", "password", "-lc", "2", "-uc=3", "-sc", "1", "-d", "4"]),
            words(&["ksm", "secret", "password", "--lc", "2", "--uc=3", "--sc", "1", "-d", "4"])
        );
        assert_eq!(
            rewrite(&["ksm", "-p", "x", "--no-color", "secret", "--profile-name=y", "password", "-lc", "2"]),
            words(&["ksm", "-p", "x", "--no-color", "secret", "--profile-name=y", "password", "--lc", "2"])
        );
        for unchanged in [
            &["ksm", "exec", "secret", "password", "-lc"][..],
            &["ksm", "secret", "get", "-lc"],
            &["ksm", "secret", "password", "--", "-lc"],
            &["ksm", "secret", "password", "-lcx"],
            &["ksm", "-p", "secret", "password", "-lc"],
            &["ksm"],
        ] {
            assert_eq!(rewrite(unchanged), words(unchanged));
        }
    }

    #[test]
    fn official_commands_without_a_place_in_ksm_get_one_line() {
        assert!(not_applicable(&words(&["ksm", "sync", "--type", "aws"])).unwrap().contains("ksm export"));
        assert!(not_applicable(&words(&["ksm", "-p", "x", "shell"])).unwrap().contains("shell"));
        assert!(not_applicable(&words(&["ksm", "profile", "setup", "-t", "aws"])).unwrap().contains("profile import"));
        assert!(not_applicable(&words(&["ksm", "secret", "add", "editor"])).unwrap().contains("add file"));
        for fine in [&["ksm", "secret", "list"][..], &["ksm", "exec", "--", "sync"], &["ksm", "secret", "get", "shell"]]
        {
            assert_eq!(not_applicable(&words(fine)), None, "{fine:?}");
        }
    }

    #[test]
    fn minus_nc_is_no_color_before_the_command_only() {
        assert_eq!(
            rewrite(&["ksm", "-p", "x", "-nc", "secret", "list"]),
            words(&["ksm", "-p", "x", "--no-color", "secret", "list"])
        );
        for unchanged in [&["ksm", "exec", "--", "ls", "-nc"][..], &["ksm", "exec", "grep", "-nc", "x"]] {
            assert_eq!(rewrite(unchanged), words(unchanged));
        }
    }

    /// Every global option is known, with or without a value: the list is the command tree's.
    #[test]
    fn every_global_option_may_come_first() {
        for globals in [
            &["--offline"][..],
            &["--cache", "--offline"],
            &["--max-stale", "1h"],
            &["--max-stale=1h", "-pname"],
            &["--color", "-p", "x", "--no-color"],
        ] {
            let argv: Vec<&str> =
                ["ksm"].iter().chain(globals).chain(&["secret", "password", "-lc", "8"]).copied().collect();
            let rewritten = rewrite(&argv);
            assert_eq!(rewritten.last(), Some(&OsString::from("8")), "{argv:?}");
            assert_eq!(rewritten[rewritten.len() - 2], OsString::from("--lc"), "{argv:?}");
        }
    }
}
