//! The subset of Python's `configparser` that the official CLI's `keeper.ini` uses: `[section]`
//! headers, `key = value` or `key: value` (keys case-insensitive), bare keys without a value,
//! `#`/`;` comment lines, indented continuation lines, and the `[DEFAULT]` section whose keys
//! every other section inherits. Duplicates are errors, as in `configparser`'s strict mode.

const DEFAULT_SECTION: &str = "DEFAULT";

#[derive(Debug, Default)]
pub(crate) struct Ini {
    defaults: Vec<(String, Option<String>)>,
    sections: Vec<Section>,
}

#[derive(Debug)]
pub(crate) struct Section {
    pub name: String,
    entries: Vec<(String, Option<String>)>,
}

/// Why a text is not INI; says where, never what the value was.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct IniError(pub String);

impl Ini {
    pub(crate) fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// A section's value for `key` (any case), falling back to `[DEFAULT]`. An empty value and a
    /// bare key both count as absent.
    pub(crate) fn get<'a>(&'a self, section: &'a Section, key: &str) -> Option<&'a str> {
        let key = key.to_ascii_lowercase();
        let find = |entries: &'a [(String, Option<String>)]| entries.iter().find(|(k, _)| *k == key);
        find(&section.entries)
            .or_else(|| find(&self.defaults))
            .and_then(|(_, v)| v.as_deref())
            .filter(|v| !v.is_empty())
    }
}

pub(crate) fn parse(text: &str) -> Result<Ini, IniError> {
    let mut ini = Ini::default();
    let mut target = Target::Nothing;
    let mut continuing = false;
    for (index, raw) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim();
        if line.is_empty() {
            continuing = false;
            continue;
        }
        if line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if continuing && raw.starts_with(char::is_whitespace) {
            if let Some((_, value)) = entries_of(&mut ini, target).and_then(|entries| entries.last_mut()) {
                let value = value.get_or_insert_with(String::new);
                value.push('\n');
                value.push_str(line);
            }
            continue;
        }
        continuing = false;
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            if name == DEFAULT_SECTION {
                target = Target::Defaults;
                continue;
            }
            if ini.sections.iter().any(|s| s.name == name) {
                return Err(IniError(format!("line {line_no}: section [{name}] appears twice")));
            }
            ini.sections.push(Section { name: name.to_string(), entries: Vec::new() });
            target = Target::LastSection;
            continue;
        }
        let (key, value) = match line.find(['=', ':']) {
            Some(at) => (&line[..at], Some(line[at + 1..].trim().to_string())),
            None => (line, None),
        };
        let key = key.trim().to_ascii_lowercase();
        if key.is_empty() {
            return Err(IniError(format!("line {line_no}: a value without a key")));
        }
        let Some(entries) = entries_of(&mut ini, target) else {
            return Err(IniError(format!("line {line_no}: a key before any [section]")));
        };
        if entries.iter().any(|(k, _)| *k == key) {
            return Err(IniError(format!("line {line_no}: key '{key}' appears twice in its section")));
        }
        entries.push((key, value));
        continuing = true;
    }
    Ok(ini)
}

/// Where the next key goes: sections are only ever appended, so the open one is the last.
#[derive(Clone, Copy)]
enum Target {
    Nothing,
    Defaults,
    LastSection,
}

fn entries_of(ini: &mut Ini, target: Target) -> Option<&mut Vec<(String, Option<String>)>> {
    match target {
        Target::Nothing => None,
        Target::Defaults => Some(&mut ini.defaults),
        Target::LastSection => ini.sections.last_mut().map(|section| &mut section.entries),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_configparser_writes() {
        let text = "\u{feff}[_config]\nactive_profile = _default\nrecord_type_dir\n\n[_default]\nClientId = a=b==\n\
                    hostname: host:443\n; comment\n# comment\nempty =\nlong = one\n  two\n\n[other]\n";
        let ini = parse(text).unwrap();
        let names: Vec<&str> = ini.sections().iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["_config", "_default", "other"]);
        let (config, default) = (&ini.sections()[0], &ini.sections()[1]);
        assert_eq!(ini.get(config, "active_profile"), Some("_default"));
        assert_eq!(ini.get(config, "record_type_dir"), None);
        assert_eq!(ini.get(default, "clientid"), Some("a=b=="));
        assert_eq!(ini.get(default, "HOSTNAME"), Some("host:443"));
        assert_eq!(ini.get(default, "empty"), None);
        assert_eq!(ini.get(default, "long"), Some("one\ntwo"));
    }

    #[test]
    fn default_section_is_inherited() {
        let ini = parse("[DEFAULT]\nhostname = EU\n[a]\nappkey = k\n[b]\nhostname = US\n").unwrap();
        let (a, b) = (&ini.sections()[0], &ini.sections()[1]);
        assert_eq!((ini.get(a, "hostname"), ini.get(b, "hostname")), (Some("EU"), Some("US")));
        assert_eq!(ini.sections().len(), 2);
    }

    #[test]
    fn rejects_what_configparser_rejects() {
        assert_eq!(parse("key = v\n[a]\n").unwrap_err(), IniError("line 1: a key before any [section]".into()));
        assert!(parse("[a]\n[a]\n").unwrap_err().0.contains("appears twice"));
        assert!(parse("[a]\nk=1\nK=2\n").unwrap_err().0.contains("'k' appears twice"));
        assert!(parse("[a]\n= v\n").is_err());
    }
}
