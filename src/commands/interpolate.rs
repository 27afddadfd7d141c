//! `ksm interpolate`: templates with `keeper://` notations rendered from files or stdin. Every
//! notation of every input resolves in one request; nothing is written unless every input
//! renders (docs/interpolate.md).

use super::Context;
use crate::cli::InterpolateArgs;
use crate::interpolation::{find_placeholders, render, Placeholder, RenderOptions, ShellCheck};
use ksm_client::error::{fail, ErrorKind};
use ksm_client::resolve::{resolve_all, Resolution};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Larger inputs are refused: templates are configuration files, not data.
const MAX_TEMPLATE_BYTES: u64 = 10 * 1024 * 1024;

struct Input {
    /// `None` for stdin.
    path: Option<PathBuf>,
    text: String,
    placeholders: Vec<Placeholder>,
}

impl Input {
    fn name(&self) -> String {
        self.path.as_ref().map_or_else(|| "stdin".to_string(), |p| p.display().to_string())
    }
}

pub fn run(context: &Context, args: InterpolateArgs) -> anyhow::Result<()> {
    if args.output_file.is_some() && args.files.len() > 1 {
        return Err(fail(ErrorKind::Usage, "--output-file takes one input; use --in-place for several files"));
    }
    let mut problems = Vec::new();
    let inputs = read_inputs(&args.files, args.keep_going, &mut problems)?;
    let notations: Vec<String> = {
        let mut all: Vec<String> =
            inputs.iter().flat_map(|i| i.placeholders.iter().map(|p| p.notation.clone())).collect();
        all.sort();
        all.dedup();
        all
    };
    let resolution = if notations.is_empty() {
        Resolution::default()
    } else {
        context.with_session(|session| resolve_all(session, &notations))?
    };

    if args.dry_run {
        for problem in &problems {
            eprintln!("{problem} (skipped)");
        }
        report_dry_run(&inputs, &resolution);
        return Ok(());
    }
    let mut outputs = Vec::with_capacity(inputs.len());
    let options = RenderOptions { shell_check: shell_check(&args), keep_going: args.keep_going };
    for input in &inputs {
        let value_of = |p: &Placeholder| resolution.get(&p.notation).map(str::to_owned).map_err(str::to_owned);
        match render(&input.text, &input.placeholders, value_of, options) {
            Ok(rendered) => {
                problems.extend(
                    rendered.kept.iter().map(|e| format!("{}:{}: {}: {}", input.name(), e.line, e.notation, e.reason)),
                );
                for risky in &rendered.unsafe_values {
                    let source = if risky.from_default { "the default of " } else { "" };
                    eprintln!(
                        "ksm: warning: {}:{}: {source}{} contains shell metacharacters ({}); do not eval this output",
                        input.name(),
                        risky.line,
                        risky.notation,
                        risky.characters.join(" ")
                    );
                }
                outputs.push(rendered.text);
            }
            Err(errors) => problems
                .extend(errors.iter().map(|e| format!("{}:{}: {}: {}", input.name(), e.line, e.notation, e.reason))),
        }
    }
    let hint = if problems.iter().any(|p| p.contains("metacharacter")) {
        " (output on stdout is often eval'ed: pass --allow-unsafe-for-eval if you accept that, or write a file with -o)"
    } else {
        ""
    };
    // --validate fails on any problem, --continue or not: it checks, it writes nothing.
    if !problems.is_empty() && (!args.keep_going || args.validate) {
        return Err(fail(ErrorKind::NotFound, format!("nothing written: {}{hint}", problems.join("; "))));
    }
    if args.verbose || args.validate {
        let count: usize = inputs.iter().map(|i| i.placeholders.len()).sum();
        eprintln!("ksm: {count} notations in {} inputs resolve", inputs.len());
    }
    if args.validate {
        return Ok(());
    }
    // With --continue an -o file is not replaced by nothing when its one input was unreadable.
    if !inputs.is_empty() {
        write_outputs(&args, &inputs, &outputs)?;
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(fail(ErrorKind::NotFound, format!("left as written (--continue): {}{hint}", problems.join("; "))))
}

/// Only output that a shell may evaluate is checked for shell metacharacters: stdout, as in
/// `eval "$(ksm interpolate …)"`. A file written with -o or -w is read by a program.
fn shell_check(args: &InterpolateArgs) -> ShellCheck {
    match (args.output_file.is_some() || args.in_place, args.allow_unsafe_for_eval) {
        (true, _) => ShellCheck::Skip,
        (false, true) => ShellCheck::Warn,
        (false, false) => ShellCheck::Refuse,
    }
}

/// The inputs; with `keep_going`, a file that cannot be read is noted in `problems` and left out.
fn read_inputs(files: &[PathBuf], keep_going: bool, problems: &mut Vec<String>) -> anyhow::Result<Vec<Input>> {
    if files.is_empty() {
        let mut text = String::new();
        std::io::stdin()
            .take(MAX_TEMPLATE_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|e| fail(ErrorKind::Usage, format!("cannot read the template from stdin: {e}")))?;
        return Ok(vec![parse(None, text)?]);
    }
    let mut inputs = Vec::with_capacity(files.len());
    for path in files {
        match read_template(path).and_then(|text| parse(Some(path.clone()), text)) {
            Ok(input) => inputs.push(input),
            Err(error) if keep_going => problems.push(format!("{error:#}")),
            Err(error) => return Err(error),
        }
    }
    Ok(inputs)
}

fn read_template(path: &Path) -> anyhow::Result<String> {
    let size = std::fs::metadata(path)
        .map_err(|e| fail(ErrorKind::Usage, format!("cannot read {}: {e}", path.display())))?
        .len();
    if size > MAX_TEMPLATE_BYTES {
        return Err(fail(
            ErrorKind::Usage,
            format!("{} is over the {MAX_TEMPLATE_BYTES}-byte template limit", path.display()),
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| fail(ErrorKind::Usage, format!("cannot read {}: {e}", path.display())))?;
    String::from_utf8(bytes).map_err(|_| fail(ErrorKind::Usage, format!("{} is not UTF-8 text", path.display())))
}

fn parse(path: Option<PathBuf>, text: String) -> anyhow::Result<Input> {
    if text.len() as u64 > MAX_TEMPLATE_BYTES {
        return Err(fail(ErrorKind::Usage, format!("the template is over the {MAX_TEMPLATE_BYTES}-byte limit")));
    }
    let placeholders = find_placeholders(&text).map_err(|e| {
        let name = path.as_ref().map_or_else(|| "stdin".to_string(), |p| p.display().to_string());
        fail(ErrorKind::Usage, format!("{name}: {e}"))
    })?;
    Ok(Input { path, text, placeholders })
}

/// Which notations would resolve, by line; never a value.
fn report_dry_run(inputs: &[Input], resolution: &Resolution) {
    let mut failing = 0;
    for input in inputs {
        for placeholder in &input.placeholders {
            let status = match (resolution.get(&placeholder.notation), &placeholder.default) {
                (Ok(_), _) => "resolves".to_string(),
                (Err(_), Some(_)) => "does not resolve; the default would be used".to_string(),
                (Err(reason), None) => {
                    failing += 1;
                    format!("ERROR: {reason}")
                }
            };
            eprintln!("{}:{}: {} {status}", input.name(), placeholder.line, placeholder.notation);
        }
    }
    let total: usize = inputs.iter().map(|i| i.placeholders.len()).sum();
    eprintln!("dry run: {total} notations, {failing} would fail; nothing written");
}

fn write_outputs(args: &InterpolateArgs, inputs: &[Input], outputs: &[String]) -> anyhow::Result<()> {
    let write = |path: &Path, bytes: &[u8]| {
        ksm_files::write_private(path, bytes)
            .map_err(|e| fail(ErrorKind::Usage, format!("cannot write {}: {e}", path.display())))
    };
    if args.in_place {
        for (input, output) in inputs.iter().zip(outputs) {
            let path = input.path.as_ref().expect("--in-place requires files");
            if !args.backup_suffix.is_empty() {
                let mut backup = path.clone().into_os_string();
                backup.push(&args.backup_suffix);
                write(Path::new(&backup), input.text.as_bytes())?;
            }
            write(path, output.as_bytes())?;
        }
        return Ok(());
    }
    if let Some(path) = &args.output_file {
        return write(path, outputs.concat().as_bytes());
    }
    let mut stdout = std::io::stdout().lock();
    for output in outputs {
        stdout.write_all(output.as_bytes())?;
    }
    stdout.flush()?;
    Ok(())
}
