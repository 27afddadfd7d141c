//! `ksm exec`: run a command with the secrets its environment (and, with `--inline`, its
//! arguments) names by `keeper://` notation. All notations resolve in one request before the
//! command starts; if any fails, the command is not started (docs/exec.md).

use super::Context;
use crate::cli::ExecArgs;
use crate::format::dotenv::read_env_file;
use crate::output::is_secret_field_type;
use crate::process::{self, Child, Mode, ProcessError};
use ksm_client::error::{fail, ErrorKind};
use ksm_client::resolve::{is_notation, resolve_all, Resolution};
use std::ffi::{OsStr, OsString};

/// Credentials `ksm` itself reads: never handed to the command.
const CREDENTIAL_VARIABLES: [&str; 4] = ["KSM_CONFIG", "KSM_TOKEN", "KSM_CLI_TOKEN", "KSM_PROFILE_KEY"];

/// Turns masking on for every `ksm exec` (a CI job sets it once): `secrets`, `all` or `off`.
const MASK_VARIABLE: &str = "KSM_EXEC_MASK";

/// Which substituted values `ksm exec` replaces by `****` in the command's output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Masking {
    Off,
    Secrets,
    All,
}

/// A value put into the command's environment or arguments.
struct Substituted {
    value: String,
    /// From a field of a secret type (password, keyPair, …) or a file.
    secret: bool,
}

pub fn run(context: &Context, args: ExecArgs) -> anyhow::Result<u8> {
    let masking = masking(&args, std::env::var(MASK_VARIABLE).ok().as_deref())?;
    let (child, substituted) = prepare(context, &args).map_err(|e| fail(ErrorKind::ExecFailed, format!("{e:#}")))?;
    let any_substituted = !substituted.is_empty();
    let secrets: Vec<String> = substituted
        .into_iter()
        .filter(|s| masking == Masking::All || (masking == Masking::Secrets && s.secret))
        .map(|s| s.value)
        .collect();
    // Said only when there is something to mask: a command without notations gets no notice.
    if masking != Masking::Off && any_substituted {
        let what = if masking == Masking::All { "substituted" } else { "secret" };
        eprintln!("ksm: masking {} {what} value(s) in the command's output", distinct(&secrets));
    }
    let mode = if masking == Masking::Off && !args.capture_output {
        Mode::InPlace
    } else {
        Mode::Supervised { secrets, hold_stdout: args.capture_output }
    };
    process::run(child, mode).map_err(|error| match error {
        ProcessError::NotFound(_) => fail(ErrorKind::CommandNotFound, error.to_string()),
        ProcessError::NotExecutable(..) => fail(ErrorKind::CommandNotExecutable, error.to_string()),
        ProcessError::Spawn(_) => fail(ErrorKind::ExecFailed, error.to_string()),
    })
}

/// `--mask`, `--mask-all` and `--no-mask` win over `KSM_EXEC_MASK`; without either, the
/// command's output is left alone.
fn masking(args: &ExecArgs, variable: Option<&str>) -> anyhow::Result<Masking> {
    if args.mask_all {
        return Ok(Masking::All);
    }
    if args.mask {
        return Ok(Masking::Secrets);
    }
    if args.no_mask {
        return Ok(Masking::Off);
    }
    match variable.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        None | Some("" | "0" | "off" | "false" | "no") => Ok(Masking::Off),
        Some("1" | "on" | "true" | "yes" | "secrets") => Ok(Masking::Secrets),
        Some("all") => Ok(Masking::All),
        Some(other) => Err(fail(
            ErrorKind::Usage,
            format!("{MASK_VARIABLE}={other} is not a masking choice: set it to secrets, all or off"),
        )),
    }
}

fn distinct(values: &[String]) -> usize {
    values.iter().collect::<std::collections::HashSet<_>>().len()
}

/// Where a notation was found, for error messages (never the value).
struct Use {
    place: String,
    notation: String,
}

/// The command with every notation replaced, and the values substituted (for masking).
fn prepare(context: &Context, args: &ExecArgs) -> anyhow::Result<(Child, Vec<Substituted>)> {
    let mut env: Vec<(OsString, OsString)> = std::env::vars_os()
        .filter(|(name, _)| !CREDENTIAL_VARIABLES.iter().any(|credential| name == OsStr::new(credential)))
        .collect();
    for path in &args.env_files {
        for (name, value) in read_env_file(path)? {
            set(&mut env, OsString::from(name), OsString::from(value));
        }
    }
    let mut uses: Vec<Use> = env
        .iter()
        .filter_map(|(name, value)| {
            let value = value.to_str()?;
            is_notation(value).then(|| Use {
                place: format!("environment variable {}", name.to_string_lossy()),
                notation: value.to_string(),
            })
        })
        .collect();
    let (program, rest) =
        args.command.split_first().ok_or_else(|| fail(ErrorKind::Usage, "name the command to run"))?;
    let mut argv: Vec<OsString> = std::iter::once(program).chain(rest).cloned().collect();
    if args.inline {
        for (index, arg) in argv.iter().enumerate() {
            let Some(text) = arg.to_str() else { continue };
            for notation in inline_notations(text) {
                uses.push(Use { place: format!("argument {index}"), notation });
            }
        }
    }

    let resolution = resolve(context, &uses)?;
    let failures: Vec<String> = uses
        .iter()
        .filter_map(|u| {
            resolution.get(&u.notation).err().map(|reason| format!("{} ({}) {reason}", u.place, u.notation))
        })
        .collect();
    if !failures.is_empty() {
        return Err(fail(ErrorKind::NotFound, format!("not starting the command: {}", failures.join("; "))));
    }
    let value = |notation: &str| resolution.get(notation).unwrap_or_default().to_string();
    for (_, env_value) in env.iter_mut() {
        if let Some(text) = env_value.to_str().filter(|t| is_notation(t)) {
            *env_value = OsString::from(value(text));
        }
    }
    if args.inline {
        for arg in argv.iter_mut() {
            if let Some(text) = arg.to_str() {
                *arg = OsString::from(replace_inline(text, &value));
            }
        }
    }
    let substituted = uses
        .iter()
        .map(|u| Substituted { value: value(&u.notation), secret: is_secret(&resolution, &u.notation) })
        .filter(|s| !s.value.is_empty())
        .collect();
    let program = argv.remove(0);
    Ok((Child { program, args: argv, env }, substituted))
}

/// A value from a field of a secret type, or a file's content (keys and certificates).
fn is_secret(resolution: &Resolution, notation: &str) -> bool {
    resolution
        .source(notation)
        .is_some_and(|(field_type, is_file)| is_file || field_type.is_some_and(is_secret_field_type))
}

/// One request for every notation; none at all when there is nothing to resolve.
fn resolve(context: &Context, uses: &[Use]) -> anyhow::Result<Resolution> {
    let mut notations: Vec<String> = uses.iter().map(|u| u.notation.clone()).collect();
    notations.sort();
    notations.dedup();
    if notations.is_empty() {
        return Ok(Resolution::default());
    }
    context.with_session(|session| resolve_all(session, &notations))
}

fn set(env: &mut Vec<(OsString, OsString)>, name: OsString, value: OsString) {
    match env.iter_mut().find(|(existing, _)| *existing == name) {
        Some(entry) => entry.1 = value,
        None => env.push((name, value)),
    }
}

/// Notations inside an argument: each `${keeper://…}`, or else everything from `keeper://` to
/// the end of the argument (titles and labels may contain spaces, so nothing else ends one).
fn inline_notations(arg: &str) -> Vec<String> {
    let braced: Vec<String> =
        braced_spans(arg).into_iter().map(|(start, end)| arg[start + 2..end - 1].to_string()).collect();
    if !braced.is_empty() {
        return braced;
    }
    find_prefix(arg).map(|start| vec![arg[start..].to_string()]).unwrap_or_default()
}

fn replace_inline(arg: &str, value: &dyn Fn(&str) -> String) -> String {
    let spans = braced_spans(arg);
    if spans.is_empty() {
        return match find_prefix(arg) {
            Some(start) => format!("{}{}", &arg[..start], value(&arg[start..])),
            None => arg.to_string(),
        };
    }
    let mut out = String::with_capacity(arg.len());
    let mut last = 0;
    for (start, end) in spans {
        out.push_str(&arg[last..start]);
        out.push_str(&value(&arg[start + 2..end - 1]));
        last = end;
    }
    out.push_str(&arg[last..]);
    out
}

/// Byte ranges of `${keeper://…}` (including `${` and `}`).
fn braced_spans(arg: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(offset) = arg[from..].find("${") {
        let start = from + offset;
        let inner = &arg[start + 2..];
        match inner.find('}') {
            Some(close) if is_notation(inner) => {
                let end = start + 2 + close + 1;
                spans.push((start, end));
                from = end;
            }
            _ => from = start + 2,
        }
    }
    spans
}

fn find_prefix(arg: &str) -> Option<usize> {
    arg.char_indices().map(|(i, _)| i).find(|&i| is_notation(&arg[i..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn masking_of(flags: &[&str], variable: Option<&str>) -> anyhow::Result<Masking> {
        let argv = ["ksm", "exec"].iter().chain(flags).chain(&["--", "true"]).copied();
        let Command::Exec(args) = Cli::try_parse_from(argv).unwrap().command else { panic!("not exec") };
        masking(&args, variable)
    }

    #[test]
    fn output_is_untouched_unless_masking_is_asked_for() {
        assert_eq!(masking_of(&[], None).unwrap(), Masking::Off);
        assert_eq!(masking_of(&["--mask"], None).unwrap(), Masking::Secrets);
        assert_eq!(masking_of(&["--mask-all"], None).unwrap(), Masking::All);
        assert_eq!(masking_of(&[], Some("secrets")).unwrap(), Masking::Secrets);
        assert_eq!(masking_of(&[], Some("ALL")).unwrap(), Masking::All);
        assert_eq!(masking_of(&[], Some("0")).unwrap(), Masking::Off);
        assert_eq!(masking_of(&["--no-mask"], Some("all")).unwrap(), Masking::Off, "the flag wins");
        assert_eq!(masking_of(&["--mask", "--mask-all"], None).unwrap(), Masking::All, "the last flag wins");
        assert!(masking_of(&[], Some("maybe")).unwrap_err().to_string().contains("KSM_EXEC_MASK"));
    }

    #[test]
    fn finds_braced_and_trailing_notations() {
        assert_eq!(inline_notations("--password=keeper://U/field/password"), ["keeper://U/field/password"]);
        assert_eq!(
            inline_notations("postgres://${keeper://U/field/login}:${KEEPER://U/field/password}@db"),
            ["keeper://U/field/login", "KEEPER://U/field/password"]
        );
        assert_eq!(inline_notations("keeper://My Title/field/x"), ["keeper://My Title/field/x"]);
        assert!(inline_notations("${HOME} and plain text").is_empty());
    }

    #[test]
    fn replaces_only_the_notations() {
        let value = |n: &str| format!("<{n}>");
        assert_eq!(replace_inline("-p=keeper://U/f/p", &value), "-p=<keeper://U/f/p>");
        assert_eq!(
            replace_inline("${keeper://a/t}-${HOME}-${keeper://b/t}", &value),
            "<keeper://a/t>-${HOME}-<keeper://b/t>"
        );
        assert_eq!(replace_inline("nothing", &value), "nothing");
    }
}
