//! Characters that make a value dangerous in `eval "$(ksm interpolate …)"` (official
//! `_check_shell_injection_risk`).

/// The official set, in the official order, each with how it is shown in messages.
const SHELL_METACHARACTERS: [(char, &str); 9] =
    [('\n', "\\n"), ('\r', "\\r"), ('`', "`"), ('$', "$"), (';', ";"), ('|', "|"), ('&', "&"), ('>', ">"), ('<', "<")];

/// The shell metacharacters `value` holds, in the official order, as printable names
/// (newline and carriage return as `\n` and `\r`, so a message stays on one line).
pub fn shell_metacharacters(value: &str) -> Vec<&'static str> {
    SHELL_METACHARACTERS.iter().filter(|(c, _)| value.contains(*c)).map(|&(_, shown)| shown).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_official_character_once_in_official_order() {
        assert!(shell_metacharacters("plain p@ss-w0rd!#%^*()'\"{}[]~\\ é").is_empty());
        assert_eq!(shell_metacharacters("<>&|;$`\r\n;;$"), ["\\n", "\\r", "`", "$", ";", "|", "&", ">", "<"]);
        assert_eq!(shell_metacharacters("a$(rm -rf x)"), ["$"]);
        assert_eq!(shell_metacharacters("x\ny"), ["\\n"]);
    }
}
