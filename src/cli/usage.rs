//! clap's usage errors in ksm's one-line style: what is wrong, clap's tip, and the usage line.

/// `error: …` over several lines (a list, a tip, possible values, usage) as one line, without
/// the `error: ` prefix.
pub fn one_line(error: &clap::Error) -> String {
    let text = error.to_string();
    let mut lines = text.lines().map(str::trim).filter(|line| !line.is_empty());
    let mut message = lines.next().unwrap_or_default().trim_start_matches("error: ").to_string();
    let mut listed: Vec<&str> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut usage = None;
    for line in lines {
        if let Some(rest) = line.strip_prefix("Usage: ") {
            usage = Some(rest);
        } else if let Some(tip) = line.strip_prefix("tip: ") {
            notes.push(tip.to_string());
        } else if let Some(values) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            notes.push(values.to_string());
        } else if !line.starts_with("For more information") {
            listed.push(line);
        }
    }
    if !listed.is_empty() {
        message = format!("{} {}", message, listed.join(", "));
    }
    if !notes.is_empty() {
        message = format!("{message} ({})", notes.join("; "));
    }
    match usage {
        Some(usage) => format!("{message}; usage: {usage}"),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::Parser;

    fn error_of(args: &[&str]) -> String {
        one_line(&Cli::try_parse_from(args).err().expect("a usage error"))
    }

    #[test]
    fn usage_errors_become_one_line() {
        let missing = error_of(&["ksm", "secret", "add", "field"]);
        assert!(!missing.contains('\n'), "{missing}");
        assert!(missing.starts_with("the following required arguments were not provided: --storage-folder-uid <UID>, "));
        assert!(missing.contains("; usage: ksm secret add field "), "{missing}");
        let typo = error_of(&["ksm", "secret", "gett"]);
        assert!(typo.contains("unrecognized subcommand 'gett' (a similar subcommand exists: 'get')"), "{typo}");
        let value = error_of(&["ksm", "secret", "template", "field", "-o", "xml"]);
        assert!(value.contains("(possible values: json, yaml;"), "{value}");
    }
}
