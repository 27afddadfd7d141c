//! The notation parser (PROTOCOL.md §11.1). It works on Unicode characters so that titles
//! and labels in any script parse correctly.

use super::{FieldKind, Notation, NotationError, Selector};

const PREFIX: &str = "keeper://";

impl Notation {
    /// Parses `[keeper://]<record>/<selector>`, or URL-safe base64 of it when the text holds
    /// no `/` at all (the form used where slashes are awkward, e.g. Windows command lines).
    pub fn parse(text: &str) -> Result<Notation, NotationError> {
        if text.is_empty() {
            return Err(NotationError::Empty);
        }
        if text.contains('/') {
            parse_plain(text)
        } else {
            parse_plain(&decode_base64_notation(text)?)
        }
    }
}

fn decode_base64_notation(text: &str) -> Result<String, NotationError> {
    let bytes = crate::b64::decode(text).map_err(|_| NotationError::InvalidBase64)?;
    let decoded = String::from_utf8(bytes).map_err(|_| NotationError::InvalidBase64)?;
    if decoded.contains('/') {
        Ok(decoded)
    } else {
        Err(NotationError::InvalidBase64)
    }
}

fn parse_plain(text: &str) -> Result<Notation, NotationError> {
    let mut cursor = Cursor::new(text);
    cursor.skip_prefix_ignoring_ascii_case(PREFIX);
    let record = cursor.read_escaped_until(&['/'])?;
    if !cursor.eat('/') {
        return Err(NotationError::MissingSelector);
    }
    let selector_name = cursor.read_raw_until('/');
    let selector = parse_selector(&selector_name, &mut cursor)?;
    Ok(Notation { record, selector })
}

fn parse_selector(name: &str, cursor: &mut Cursor) -> Result<Selector, NotationError> {
    let lowercase = name.to_ascii_lowercase();
    let short = match lowercase.as_str() {
        "type" => Some(Selector::Type),
        "title" => Some(Selector::Title),
        "notes" => Some(Selector::Notes),
        _ => None,
    };
    if let Some(selector) = short {
        cursor.expect_end()?;
        return Ok(selector);
    }
    match lowercase.as_str() {
        "field" => parse_field_selector(name, FieldKind::Standard, cursor),
        "custom_field" => parse_field_selector(name, FieldKind::Custom, cursor),
        "file" => parse_file_selector(name, cursor),
        _ => Err(NotationError::UnknownSelector(name.to_string())),
    }
}

fn parse_field_selector(selector: &str, kind: FieldKind, cursor: &mut Cursor) -> Result<Selector, NotationError> {
    let name = parse_parameter(selector, cursor)?;
    let first = cursor.read_index_section()?;
    let second = cursor.read_index_section()?;
    cursor.expect_end()?;
    let as_list = first.as_deref() == Some("") && second.as_deref().is_none_or(str::is_empty);
    let (index, property) = match (first, second) {
        // The official CLI's spelling `host[hostName]` (the SDK's legacy mode): the property of
        // the first value, as `host[0][hostName]`.
        (Some(first), None) if !is_value_index(&first) => (Some(0), Some(first)),
        (first, second) => {
            (first.map(parse_value_index).transpose()?.flatten(), second.filter(|text| !text.is_empty()))
        }
    };
    Ok(Selector::Field { kind, name, index, property, as_list })
}

fn parse_file_selector(selector: &str, cursor: &mut Cursor) -> Result<Selector, NotationError> {
    let name = parse_parameter(selector, cursor)?;
    if cursor.peek() == Some('[') {
        return Err(NotationError::FileIndex);
    }
    cursor.expect_end()?;
    Ok(Selector::File { name })
}

fn parse_parameter(selector: &str, cursor: &mut Cursor) -> Result<String, NotationError> {
    let missing = || NotationError::MissingParameter(selector.to_string());
    if !cursor.eat('/') {
        return Err(missing());
    }
    let parameter = cursor.read_escaped_until(&['['])?;
    if parameter.is_empty() {
        return Err(missing());
    }
    Ok(parameter)
}

/// `""` (from `[]`) selects all values; ASCII digits select one value.
fn parse_value_index(text: String) -> Result<Option<usize>, NotationError> {
    if text.is_empty() {
        return Ok(None);
    }
    if !is_value_index(&text) {
        return Err(NotationError::InvalidIndex(text));
    }
    // Only overflow can fail here; a huge index is simply out of bounds.
    Ok(Some(text.parse().unwrap_or(usize::MAX)))
}

fn is_value_index(text: &str) -> bool {
    text.chars().all(|c| c.is_ascii_digit())
}

struct Cursor {
    chars: Vec<char>,
    position: usize,
}

impl Cursor {
    fn new(text: &str) -> Self {
        Cursor { chars: text.chars().collect(), position: 0 }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.position).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let next = self.peek()?;
        self.position += 1;
        Some(next)
    }

    fn eat(&mut self, expected: char) -> bool {
        let matched = self.peek() == Some(expected);
        if matched {
            self.position += 1;
        }
        matched
    }

    fn rest(&self) -> String {
        self.chars.get(self.position..).unwrap_or_default().iter().collect()
    }

    fn expect_end(&self) -> Result<(), NotationError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(NotationError::ExtraCharacters(self.rest())),
        }
    }

    fn skip_prefix_ignoring_ascii_case(&mut self, prefix: &str) {
        let prefix_len = prefix.chars().count();
        let Some(candidate) = self.chars.get(self.position..self.position + prefix_len) else {
            return;
        };
        if candidate.iter().zip(prefix.chars()).all(|(have, want)| have.eq_ignore_ascii_case(&want)) {
            self.position += prefix_len;
        }
    }

    /// Text without escapes, up to (not including) the next `stop` character.
    fn read_raw_until(&mut self, stop: char) -> String {
        let mut text = String::new();
        while let Some(c) = self.peek().filter(|&c| c != stop) {
            text.push(c);
            self.position += 1;
        }
        text
    }

    /// Unescaped text up to (not including) the next unescaped character of `stops`.
    fn read_escaped_until(&mut self, stops: &[char]) -> Result<String, NotationError> {
        let mut text = String::new();
        while let Some(c) = self.peek().filter(|c| !stops.contains(c)) {
            self.position += 1;
            text.push(if c == '\\' { self.read_escaped_char()? } else { c });
        }
        Ok(text)
    }

    fn read_escaped_char(&mut self) -> Result<char, NotationError> {
        match self.bump() {
            Some(c @ ('/' | '[' | ']' | '\\')) => Ok(c),
            Some(other) => Err(NotationError::InvalidEscape(other)),
            None => Err(NotationError::TrailingBackslash),
        }
    }

    /// Reads an unescaped `[...]` section if one starts here; `None` when none does.
    fn read_index_section(&mut self) -> Result<Option<String>, NotationError> {
        if !self.eat('[') {
            return Ok(None);
        }
        let content = self.read_escaped_until(&['[', ']'])?;
        match self.bump() {
            Some(']') => Ok(Some(content)),
            Some(_) => Err(NotationError::NestedBracket),
            None => Err(NotationError::UnterminatedIndex),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_is_case_insensitive_and_optional() {
        for text in ["keeper://R/type", "KEEPER://R/type", "KeEpEr://R/type", "R/type"] {
            assert_eq!(Notation::parse(text).unwrap().record, "R", "{text}");
        }
    }

    #[test]
    fn a_partial_prefix_is_part_of_the_record() {
        assert_eq!(Notation::parse("keeper:/type").unwrap().record, "keeper:");
    }
}
