//! `ksm export --format …`: environment variables written for a shell to `eval`, or for a
//! `.env`, JSON or YAML file. Every format quotes so that any value reads back byte for byte;
//! nothing in a value is ever expanded or run.

use crate::format::dotenv::{is_env_name, quote_value};
use crate::format::shell::{fish_quote, pwsh_quote, sh_quote};
use crate::format::yaml;
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// `NAME="…"`, read back by `--env-file`.
    Dotenv,
    Json,
    Yaml,
    /// POSIX sh, bash, zsh: `export NAME='…'`.
    Sh,
    /// `set -gx NAME '…'`.
    Fish,
    /// PowerShell: `$env:NAME = '…'`.
    Pwsh,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Dotenv,
        ExportFormat::Json,
        ExportFormat::Yaml,
        ExportFormat::Sh,
        ExportFormat::Fish,
        ExportFormat::Pwsh,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Dotenv => "dotenv",
            ExportFormat::Json => "json",
            ExportFormat::Yaml => "yaml",
            ExportFormat::Sh => "sh",
            ExportFormat::Fish => "fish",
            ExportFormat::Pwsh => "pwsh",
        }
    }

    /// Environment variables cannot hold NUL, so the formats that set them refuse it.
    fn refuses_nul(self) -> bool {
        !matches!(self, ExportFormat::Json | ExportFormat::Yaml)
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ExportFormat {
    type Err = ExportError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        ExportFormat::ALL
            .into_iter()
            .find(|format| format.name() == name)
            .ok_or_else(|| ExportError::UnknownFormat { name: name.to_string() })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error("unknown export format {name:?} (use dotenv, json, yaml, sh, fish or pwsh)")]
    UnknownFormat { name: String },
    #[error("invalid variable name {name:?} (must match [A-Za-z_][A-Za-z0-9_]*)")]
    InvalidName { name: String },
    #[error("variable {name} is given more than once")]
    DuplicateName { name: String },
    #[error("the value of {name} holds a NUL character, which {format} output cannot carry")]
    Nul { name: String, format: ExportFormat },
}

/// `vars` in `format`, one variable per line (JSON: one object), in the given order.
pub fn render(format: ExportFormat, vars: &[(String, String)]) -> Result<String, ExportError> {
    for (index, (name, value)) in vars.iter().enumerate() {
        if !is_env_name(name) {
            return Err(ExportError::InvalidName { name: name.clone() });
        }
        if vars[..index].iter().any(|(earlier, _)| earlier == name) {
            return Err(ExportError::DuplicateName { name: name.clone() });
        }
        if format.refuses_nul() && value.contains('\0') {
            return Err(ExportError::Nul { name: name.clone(), format });
        }
    }
    Ok(match format {
        ExportFormat::Json => json(vars),
        ExportFormat::Yaml if vars.is_empty() => "{}\n".to_string(),
        ExportFormat::Yaml => {
            lines(vars, |name, value| format!("{}: {}\n", yaml::key(name), yaml::double_quoted(value)))
        }
        ExportFormat::Dotenv => lines(vars, |name, value| format!("{name}={}\n", quote_value(value))),
        ExportFormat::Sh => lines(vars, |name, value| format!("export {name}={}\n", sh_quote(value))),
        ExportFormat::Fish => lines(vars, |name, value| format!("set -gx {name} {}\n", fish_quote(value))),
        ExportFormat::Pwsh => lines(vars, |name, value| format!("$env:{name} = {}\n", pwsh_quote(value))),
    })
}

fn lines(vars: &[(String, String)], line: impl Fn(&str, &str) -> String) -> String {
    vars.iter().map(|(name, value)| line(name, value)).collect()
}

fn json(vars: &[(String, String)]) -> String {
    let object: serde_json::Map<String, serde_json::Value> =
        vars.iter().map(|(name, value)| (name.clone(), serde_json::Value::String(value.clone()))).collect();
    let mut text = serde_json::to_string_pretty(&object).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    const NASTY: [&str; 22] = [
        "",
        "plain",
        "new\nline",
        "\n\n",
        "trailing newline\n",
        "cr\r\nlf",
        "'",
        "it's 'quoted'",
        "\"",
        "$HOME",
        "${HOME:-x}",
        "`x`",
        "\\",
        "ends with backslash\\",
        "\\'",
        "$(rm -rf x)",
        "a; echo pwned; b",
        "日本語 é ‘’‚‛ \u{2028}",
        "trailing spaces   ",
        "  leading",
        "\t\u{1}\u{1b}[31m\u{7f}",
        "!#&|<>*?[]{}~%^()=",
    ];

    #[test]
    fn each_format_writes_the_documented_shape() {
        let input = vars(&[("A", "x'y"), ("B_2", "$v \"q\" \\ \n")]);
        let rendered = |format| render(format, &input).unwrap();
        assert_eq!(rendered(ExportFormat::Sh), "export A='x'\\''y'\nexport B_2='$v \"q\" \\ \n'\n");
        assert_eq!(rendered(ExportFormat::Fish), "set -gx A 'x\\'y'\nset -gx B_2 '$v \"q\" \\\\ \n'\n");
        assert_eq!(rendered(ExportFormat::Pwsh), "$env:A = 'x''y'\n$env:B_2 = '$v \"q\" \\ \n'\n");
        assert_eq!(rendered(ExportFormat::Dotenv), "A=\"x'y\"\nB_2=\"\\$v \\\"q\\\" \\\\ \\n\"\n");
        assert_eq!(rendered(ExportFormat::Yaml), "A: \"x'y\"\nB_2: \"$v \\\"q\\\" \\\\ \\n\"\n");
        assert_eq!(rendered(ExportFormat::Json), "{\n  \"A\": \"x'y\",\n  \"B_2\": \"$v \\\"q\\\" \\\\ \\n\"\n}\n");
    }

    #[test]
    fn empty_input() {
        for format in ExportFormat::ALL {
            let expected = match format {
                ExportFormat::Json | ExportFormat::Yaml => "{}\n",
                _ => "",
            };
            assert_eq!(render(format, &[]).unwrap(), expected, "{format}");
        }
    }

    #[test]
    fn json_keeps_the_given_order_and_reads_back() {
        let input: Vec<(String, String)> =
            NASTY.iter().enumerate().map(|(i, v)| (format!("Z{i}"), v.to_string())).collect();
        let mut input = input;
        input.push(("A_NUL".into(), "a\0b".into()));
        let rendered = render(ExportFormat::Json, &input).unwrap();
        let parsed: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&rendered).unwrap();
        let read_back: Vec<(String, String)> =
            parsed.into_iter().map(|(k, v)| (k, v.as_str().unwrap_or_default().to_string())).collect();
        assert_eq!(read_back, input);
    }

    #[test]
    fn yaml_keys_that_read_as_booleans_or_null_are_quoted() {
        assert_eq!(
            render(ExportFormat::Yaml, &vars(&[("NO", "x"), ("null", "y"), ("NOPE", "z")])).unwrap(),
            "\"NO\": \"x\"\n\"null\": \"y\"\nNOPE: \"z\"\n"
        );
    }

    #[test]
    fn names_are_validated_and_unique() {
        for name in ["", "1A", "A-B", "A B", "A=B", "$(x)", "a\nb"] {
            let error = render(ExportFormat::Sh, &vars(&[(name, "v")])).unwrap_err();
            assert_eq!(error, ExportError::InvalidName { name: name.into() });
            assert!(!error.to_string().contains('\n'));
        }
        let error = render(ExportFormat::Json, &vars(&[("A", "1"), ("B", "2"), ("A", "3")])).unwrap_err();
        assert_eq!(error.to_string(), "variable A is given more than once");
    }

    #[test]
    fn nul_is_refused_where_an_environment_variable_must_hold_it() {
        let input = vars(&[("OK", "x"), ("BAD", "se\0cret")]);
        for format in ExportFormat::ALL {
            match render(format, &input) {
                Ok(_) => assert!(matches!(format, ExportFormat::Json | ExportFormat::Yaml), "{format}"),
                Err(error) => {
                    assert_eq!(error, ExportError::Nul { name: "BAD".into(), format });
                    assert!(!error.to_string().contains("cret"));
                }
            }
        }
        assert_eq!(
            render(ExportFormat::Sh, &input).unwrap_err().to_string(),
            "the value of BAD holds a NUL character, which sh output cannot carry"
        );
    }

    #[test]
    fn format_names_parse() {
        for format in ExportFormat::ALL {
            assert_eq!(format.name().parse::<ExportFormat>(), Ok(format));
            let value = clap::ValueEnum::to_possible_value(&format).unwrap();
            assert_eq!(value.get_name(), format.name());
        }
        assert!("SH".parse::<ExportFormat>().is_err());
        assert!("bash".parse::<ExportFormat>().is_err());
    }

    /// Runs `script` (the rendered output, then `printf` of the variable) in `shell`, or `None`
    /// when that shell is not installed.
    fn run_in(shell: &str, args: &[&str]) -> Option<Vec<u8>> {
        let output = Command::new(shell).args(args).output().ok()?;
        assert!(output.status.success(), "{shell}: {}", String::from_utf8_lossy(&output.stderr));
        Some(output.stdout)
    }

    /// The POSIX shells present, each with the arguments that eval `$1` then print `$V`.
    fn posix_shells() -> Vec<&'static str> {
        ["sh", "bash", "dash", "zsh"]
            .into_iter()
            .filter(|shell| Command::new(shell).arg("-c").arg(":").output().is_ok())
            .collect()
    }

    #[test]
    fn sh_output_evals_to_the_exact_value_in_real_shells() {
        let shells = posix_shells();
        assert!(shells.contains(&"sh"), "no sh to test with");
        for shell in shells {
            for value in NASTY {
                let rendered = render(ExportFormat::Sh, &vars(&[("V", value)])).unwrap();
                let printed = run_in(shell, &["-c", r#"eval "$1"; printf %s "$V""#, "_", &rendered]).unwrap();
                assert_eq!(String::from_utf8(printed).unwrap(), value, "{shell}: {value:?}");
            }
            // All at once, as `eval "$(ksm export --format sh)"` would.
            let all: Vec<(String, String)> =
                NASTY.iter().enumerate().map(|(i, v)| (format!("V{i}"), v.to_string())).collect();
            let rendered = render(ExportFormat::Sh, &all).unwrap();
            let script = r#"eval "$1"; shift; for n in "$@"; do eval "printf '%s\0' \"\$$n\""; done"#;
            let mut args = vec!["-c", script, "_", &rendered];
            let names: Vec<&str> = all.iter().map(|(name, _)| name.as_str()).collect();
            args.extend(&names);
            let printed = run_in(shell, &args).unwrap();
            let values: Vec<&str> = std::str::from_utf8(&printed).unwrap().split_terminator('\0').collect();
            assert_eq!(values, NASTY, "{shell}");
        }
    }

    #[test]
    fn sh_output_is_exported_to_child_processes() {
        let rendered = render(ExportFormat::Sh, &vars(&[("KSM_EXPORT_TEST", "a'b\nc")])).unwrap();
        let printed =
            run_in("sh", &["-c", r#"eval "$1"; sh -c 'printf %s "$KSM_EXPORT_TEST"'"#, "_", &rendered]).unwrap();
        assert_eq!(printed, b"a'b\nc");
    }

    #[test]
    fn fish_output_evals_to_the_exact_value_if_fish_is_installed() {
        for value in NASTY {
            let rendered = render(ExportFormat::Fish, &vars(&[("V", value)])).unwrap();
            let Some(printed) = run_in("fish", &["-c", "eval $argv[1]; printf %s $V", &rendered]) else {
                return;
            };
            assert_eq!(String::from_utf8(printed).unwrap(), value, "{value:?}");
        }
    }

    #[test]
    fn pwsh_output_evals_to_the_exact_value_if_pwsh_is_installed() {
        for value in NASTY {
            let rendered = render(ExportFormat::Pwsh, &vars(&[("V", value)])).unwrap();
            let script = format!("{rendered}[Console]::Out.Write($env:V)");
            let Some(printed) = run_in("pwsh", &["-NoProfile", "-NonInteractive", "-Command", &script]) else {
                return;
            };
            assert_eq!(String::from_utf8(printed).unwrap(), value, "{value:?}");
        }
    }
}
