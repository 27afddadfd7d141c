//! The whole `ksm` command tree. Names and flags follow the official Python `ksm` CLI 1.5.0 so
//! that scripts written for it keep working (docs/compatibility.md lists the differences).

mod argv;
mod folder;
mod hyphen_values;
mod inject;
mod profile;
mod secret;
mod secret_write;
mod share;
mod tools;
mod usage;

pub use argv::{not_applicable, official_spellings};
pub use folder::*;
pub use hyphen_values::parse;
pub use inject::*;
pub use profile::*;
pub use secret::*;
pub use secret_write::*;
pub use share::*;
pub use tools::*;
pub use usage::one_line;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// The help heading of the options every command takes.
const GLOBAL_OPTIONS: &str = "Global options";

/// The name the completion scripts complete; also the man pages' command name.
pub const BIN_NAME: &str = "ksm";

#[derive(Parser)]
#[command(
    name = "ksm",
    version,
    about = "Fast command-line client for Keeper Secrets Manager",
    args_override_self = true
)]
pub struct Cli {
    /// Profile to use [default: the active profile].
    #[arg(help_heading = GLOBAL_OPTIONS, long, short = 'p', global = true, env = "KSM_CLI_PROFILE", value_name = "NAME")]
    pub profile_name: Option<String>,
    /// Colour in tables [default: on a terminal, unless NO_COLOR is set].
    #[arg(help_heading = GLOBAL_OPTIONS, long, short = 'c', global = true, overrides_with = "no_color")]
    pub color: bool,
    /// No colour in tables (also `-nc`, the official spelling).
    #[arg(help_heading = GLOBAL_OPTIONS, long, global = true)]
    pub no_color: bool,
    /// Cache reads and answer from the cache when the server cannot be reached (also
    /// KSM_CACHE=1; KSM_CACHE=0 turns a profile's cache off).
    #[arg(help_heading = GLOBAL_OPTIONS, long, global = true, overrides_with = "no_cache")]
    pub cache: bool,
    /// Do not use the cache for this command, even if the profile or KSM_CACHE turns it on.
    #[arg(help_heading = GLOBAL_OPTIONS, long, global = true, conflicts_with = "offline")]
    pub no_cache: bool,
    /// Never contact the server: answer reads from the cache; writes fail.
    #[arg(help_heading = GLOBAL_OPTIONS, long, global = true)]
    pub offline: bool,
    /// Refuse cached data older than this, e.g. 30m, 12h, 7d.
    #[arg(help_heading = GLOBAL_OPTIONS, long, global = true, value_name = "DURATION", value_parser = ksm_client::cache::parse_duration)]
    pub max_stale: Option<std::time::Duration>,
    /// Where command output goes: stdout, stderr, or a file (0600, in place only once the
    /// command succeeded). Before the command, as in the official CLI.
    #[arg(help_heading = GLOBAL_OPTIONS, long, short = 'o', value_name = "stdout|stderr|FILE")]
    pub output: Option<PathBuf>,
    /// Accepted for the official CLI's scripts; ksm writes no log (errors go to stderr).
    #[arg(help_heading = GLOBAL_OPTIONS, long, value_name = "LEVEL", value_parser = ["DEBUG", "INFO", "WARNING", "ERROR"], ignore_case = true)]
    pub log_level: Option<String>,
    /// Use a profile of this official keeper.ini in place of the profile store (read only; -p
    /// picks the section [default: its active profile]).
    #[arg(help_heading = GLOBAL_OPTIONS, long, global = true, value_name = "FILE")]
    pub ini_file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Create and manage profiles (device credentials).
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Redeem a token into a configuration for an integration, printed (no profile is written).
    #[command(subcommand)]
    Init(InitCommand),
    /// Read and change records, their files and fields; passwords, codes and templates.
    #[command(subcommand)]
    Secret(SecretCommand),
    /// Run a command with keeper:// notations in its environment (and arguments) replaced.
    Exec(ExecArgs),
    /// Replace keeper:// notations in template files (or stdin).
    Interpolate(InterpolateArgs),
    /// Print secrets as dotenv, JSON, YAML or shell assignments.
    Export(ExportArgs),
    /// List, create, rename and delete folders.
    #[command(subcommand)]
    Folder(FolderCommand),
    /// One-time share: ask someone for a secret straight into the vault, or send a record as an
    /// expiring, device-locked link (needs a ksm-server).
    #[command(subcommand)]
    Share(ShareCommand),
    /// Settings of the current profile.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Show the client version, where profiles are kept and how they are protected.
    Version,
    /// Print a shell completion script to stdout.
    Completion(CompletionArgs),
    /// Write a man page for every command and subcommand into a directory.
    Man(ManArgs),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_tree_is_valid() {
        Cli::command().debug_assert();
    }

    /// Calls `visit` with every command of the built tree but clap's `help`, and the names that
    /// lead to it from `ksm`.
    fn every_command(mut visit: impl FnMut(&[String], &clap::Command)) {
        fn walk(command: &clap::Command, path: &mut Vec<String>, visit: &mut dyn FnMut(&[String], &clap::Command)) {
            visit(path, command);
            for sub in subcommands(command) {
                path.push(sub.get_name().to_string());
                walk(sub, path, visit);
                path.pop();
            }
        }
        let mut tree = Cli::command();
        tree.build();
        walk(&tree, &mut Vec::new(), &mut visit);
    }

    fn subcommands(command: &clap::Command) -> impl Iterator<Item = &clap::Command> {
        command.get_subcommands().filter(|sub| sub.get_name() != "help")
    }

    /// Parsing builds only the commands it goes through: every subcommand enum is deferred, so a
    /// run does not pay for the whole tree. For each command with subcommands, parsing its first
    /// one leaves the others, and the commands under them, without arguments of their own.
    #[test]
    fn parsing_builds_only_the_named_commands() {
        /// Arguments of its own, or under it: what a deferred command gets when built.
        fn built(command: &clap::Command) -> bool {
            command.get_arguments().any(|arg| !arg.is_global_set()) || command.get_subcommands().any(built)
        }
        let mut eager = Vec::new();
        every_command(|path, command| {
            let mut others = subcommands(command);
            let Some(first) = others.next() else { return };
            let mut tree = Cli::command();
            let argv = std::iter::once("ksm").chain(path.iter().map(String::as_str)).chain([first.get_name()]);
            let _missing_arguments = tree.try_get_matches_from_mut(argv);
            let node = path.iter().fold(&tree, |node, name| node.find_subcommand(name).expect("on the path"));
            for other in others.filter(|other| built(other)) {
                if node.find_subcommand(other.get_name()).is_some_and(built) {
                    eager.push(format!("ksm {} {}", path.join(" "), other.get_name()));
                }
            }
        });
        assert!(eager.is_empty(), "built without being named:\n{}", eager.join("\n"));
    }

    /// A command reads the same in its parent's list as at the top of its own help. Deferred, a
    /// subcommand's `Args` struct is applied after its variant: a doc comment on the struct
    /// would replace the variant's on the command's own page only.
    #[test]
    fn a_command_is_described_alike_in_its_parents_list_and_on_its_own_page() {
        fn help(path: &[String]) -> String {
            let argv = ["ksm", "help"].into_iter().chain(path.iter().map(String::as_str));
            Cli::command().try_get_matches_from(argv).map(|_| String::new()).unwrap_or_else(|e| e.render().to_string())
        }
        let mut differ = Vec::new();
        every_command(|path, command| {
            let page = help(path);
            let list = page.split_once("Commands:\n").map(|(_, list)| list).unwrap_or_default();
            for sub in subcommands(command) {
                let listed = list
                    .lines()
                    .find_map(|line| {
                        line.trim_start().strip_prefix(sub.get_name()).filter(|rest| rest.starts_with(' '))
                    })
                    .map(|about| about.trim().trim_end_matches('.').to_string());
                let sub_path = [path, &[sub.get_name().to_string()]].concat();
                let own = help(&sub_path).lines().next().map(|about| about.trim_end_matches('.').to_string());
                if listed.is_none() || listed != own {
                    differ.push(format!("ksm {}: listed {listed:?}, own page {own:?}", sub_path.join(" ")));
                }
            }
        });
        assert!(differ.is_empty(), "described differently:\n{}", differ.join("\n"));
    }

    /// Every command and every flag it shows says in one line what it is for; help never
    /// sends the reader to docs/*.md, which an installed binary does not have.
    #[test]
    fn everything_in_help_is_described() {
        let mut missing = Vec::new();
        every_command(|path, command| {
            let path = std::iter::once("ksm").chain(path.iter().map(String::as_str)).collect::<Vec<_>>().join(" ");
            for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
                match arg.get_help().map(ToString::to_string) {
                    None => missing.push(format!("{path} {}", arg.get_id())),
                    Some(help) if help.contains("docs/") || help.contains('\n') => {
                        missing.push(format!("{path} {}: {help}", arg.get_id()))
                    }
                    Some(_) => {}
                }
            }
            for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
                let name = format!("{path} {}", sub.get_name());
                match sub.get_about().map(ToString::to_string) {
                    None => missing.push(name),
                    Some(about) if about.contains("docs/") => missing.push(format!("{name}: {about}")),
                    Some(_) => {}
                }
            }
        });
        assert!(missing.is_empty(), "without a description:\n{}", missing.join("\n"));
    }

    #[test]
    fn global_options_have_their_own_heading() {
        let mut command = Cli::command();
        command.build();
        let get = command.find_subcommand("secret").and_then(|s| s.find_subcommand("get")).unwrap();
        for arg in get.get_arguments().filter(|a| a.is_global_set()) {
            assert_eq!(arg.get_help_heading(), Some(GLOBAL_OPTIONS), "{}", arg.get_id());
        }
        let own = get.get_arguments().find(|a| a.get_id() == "field").unwrap();
        assert_eq!(own.get_help_heading(), None);
    }
}
