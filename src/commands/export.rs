//! `ksm export`: secrets as dotenv, JSON, YAML or shell assignments, quoted so that any byte in
//! a value survives (`eval "$(ksm export --format sh …)"` is safe).

use super::Context;
use crate::cli::ExportArgs;
use crate::format::dotenv::read_env_file;
use crate::interpolation::{find_placeholders, render, Placeholder, RenderOptions, ShellCheck};
use ksm_client::error::{fail, ErrorKind};
use ksm_client::resolve::{is_notation, render_values, resolve_with};
use ksm_client::vault::Record;
use std::collections::HashSet;

/// What gives a variable its value.
enum Source {
    /// The whole value is one notation (its title or label may hold spaces).
    Notation(String),
    /// Placeholders inside the value, with the defaults and transforms of `interpolate`.
    Template(String, Vec<Placeholder>),
    Literal(String),
}

impl Source {
    fn of(name: &str, value: String) -> anyhow::Result<Source> {
        let placeholders = find_placeholders(&value).map_err(|e| {
            fail(ErrorKind::Usage, format!("the value of {name}: {}", e.to_string().replacen("line 1: ", "", 1)))
        })?;
        let whole = |p: &[Placeholder]| matches!(p, [one] if one.span == (0..value.len()));
        Ok(if is_notation(&value) && !whole(&placeholders) {
            Source::Notation(value)
        } else if placeholders.is_empty() {
            Source::Literal(value)
        } else {
            Source::Template(value, placeholders)
        })
    }

    fn notations(&self) -> Vec<String> {
        match self {
            Source::Notation(notation) => vec![notation.clone()],
            Source::Template(_, placeholders) => placeholders.iter().map(|p| p.notation.clone()).collect(),
            Source::Literal(_) => Vec::new(),
        }
    }
}

pub fn run(context: &Context, args: ExportArgs) -> anyhow::Result<()> {
    let mut wanted: Vec<(String, Source)> = Vec::new();
    for map in &args.maps {
        let (name, notation) = map
            .split_once('=')
            .ok_or_else(|| fail(ErrorKind::Usage, format!("--map '{map}' must look like NAME=keeper://…")))?;
        wanted.push((name.to_string(), Source::of(name, notation.to_string())?));
    }
    for path in &args.env_files {
        for (name, value) in read_env_file(path)? {
            let source = Source::of(&name, value)?;
            wanted.push((name, source));
        }
    }
    if wanted.is_empty() && args.uids.is_empty() {
        return Err(fail(ErrorKind::Usage, "name what to export with --map, --env-file or --uid"));
    }
    if let Some((name, _)) = wanted.iter().find(|(name, _)| !crate::format::dotenv::is_env_name(name)) {
        return Err(fail(
            ErrorKind::Usage,
            format!("'{name}' is not a valid variable name (letters, digits, _; not starting with a digit)"),
        ));
    }

    let mut notations: Vec<String> = wanted.iter().flat_map(|(_, source)| source.notations()).collect();
    notations.sort();
    notations.dedup();
    let (vault, resolution) = context.with_session(|session| resolve_with(session, &notations, &args.uids))?;

    let mut variables = Vec::new();
    let mut failures = Vec::new();
    for (name, source) in wanted {
        match source {
            Source::Literal(value) => variables.push((name, value)),
            Source::Notation(notation) => match resolution.get(&notation) {
                Ok(value) => variables.push((name, value.to_string())),
                Err(reason) => failures.push(format!("{name} ({notation}) {reason}")),
            },
            Source::Template(text, placeholders) => {
                let value_of = |p: &Placeholder| resolution.get(&p.notation).map(str::to_owned).map_err(str::to_owned);
                // The formats quote every value themselves: no shell check.
                let options = RenderOptions { shell_check: ShellCheck::Skip, keep_going: false };
                match render(&text, &placeholders, value_of, options) {
                    Ok(rendered) => variables.push((name, rendered.text)),
                    Err(errors) => {
                        failures.extend(errors.iter().map(|e| format!("{name} ({}) {}", e.notation, e.reason)))
                    }
                }
            }
        }
    }
    if !failures.is_empty() {
        return Err(fail(ErrorKind::NotFound, format!("nothing exported: {}", failures.join("; "))));
    }
    let mut taken: HashSet<String> = variables.iter().map(|(name, _)| name.clone()).collect();
    for uid in &args.uids {
        let record = vault
            .record(uid)
            .ok_or_else(|| fail(ErrorKind::NotFound, format!("no record with UID {uid} is shared with this device")))?;
        variables.extend(record_variables(record, &mut taken)?);
    }
    let text =
        crate::format::export::render(args.format, &variables).map_err(|e| fail(ErrorKind::Usage, e.to_string()))?;
    crate::commands::write_output(args.output_file.as_deref(), &text)
}

/// A variable for each field with a value, named after its label or type (`Cardholder Name`
/// → `CARDHOLDER_NAME`); a name already taken gets `_2`, `_3`, ….
fn record_variables(record: &Record, taken: &mut HashSet<String>) -> anyhow::Result<Vec<(String, String)>> {
    let mut variables = Vec::new();
    for field in record.data.fields.iter().chain(&record.data.custom) {
        if field.value.is_empty() {
            continue;
        }
        let base = env_name(field.label.as_deref().unwrap_or(&field.field_type));
        let name = (1..)
            .map(|n| if n == 1 { base.clone() } else { format!("{base}_{n}") })
            .find(|n| !taken.contains(n))
            .expect("some suffix is free");
        taken.insert(name.clone());
        variables.push((name, render_values(&field.value)?));
    }
    Ok(variables)
}

fn env_name(label: &str) -> String {
    let mut name: String =
        label.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_labels_become_environment_names() {
        assert_eq!(env_name("Cardholder Name"), "CARDHOLDER_NAME");
        assert_eq!(env_name("password"), "PASSWORD");
        assert_eq!(env_name("2fa"), "_2FA");
        assert_eq!(env_name("Пароль"), "______");
    }
}
