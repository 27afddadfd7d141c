//! Python's idea of whitespace (`str.isspace`, and `\s` in a `str` regex), which the official
//! CLI uses to find comment lines, end bare notations and `trim` values. It differs from Rust's
//! `char::is_whitespace`: it includes the separators U+001C..U+001F.

/// The same set as a regex character-class body, for building patterns.
pub const PY_SPACE_CLASS: &str =
    r"\t\n\x0B\x0C\r\x1C-\x20\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}";

pub fn is_py_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | '\u{1C}'..='\u{20}'
            | '\u{85}'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // `[hex(c) for c in range(0x110000) if chr(c).isspace()]` on Python 3.11.
    const PYTHON_SPACES: [u32; 29] = [
        0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
        0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
    ];

    #[test]
    fn matches_python_isspace_exactly() {
        let class = regex::Regex::new(&format!("^[{PY_SPACE_CLASS}]$")).unwrap();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let expected = PYTHON_SPACES.contains(&(c as u32));
            assert_eq!(is_py_space(c), expected, "{:#x}", c as u32);
            assert_eq!(class.is_match(c.encode_utf8(&mut [0; 4])), expected, "{:#x}", c as u32);
        }
    }
}
