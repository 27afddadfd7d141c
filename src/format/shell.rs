//! Quoting a value for a shell to read back byte for byte: POSIX sh, fish and PowerShell.

/// Inside `'…'` nothing is special to sh; a `'` ends the quote, so it becomes `'\''`.
pub fn sh_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// Inside fish's `'…'` only `\\` and `\'` are escapes.
pub fn fish_quote(value: &str) -> String {
    format!("'{}'", value.replace('\\', r"\\").replace('\'', r"\'"))
}

/// Inside PowerShell's `'…'` a quote is doubled. PowerShell also takes the typographic quotes
/// U+2018..U+201B for `'`, so those are doubled too, or a value could end the string.
pub fn pwsh_quote(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('\'');
    for c in value.chars() {
        if matches!(c, '\'' | '\u{2018}'..='\u{201B}') {
            quoted.push(c);
        }
        quoted.push(c);
    }
    quoted.push('\'');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pwsh_doubles_every_kind_of_single_quote() {
        assert_eq!(pwsh_quote("a'b‘c’d‚e‛f\"g"), "'a''b‘‘c’’d‚‚e‛‛f\"g'");
    }
}
