//! Random passwords with per-class character counts, with the Python SDK's semantics
//! (PROTOCOL.md §12.3). Every character is drawn independently from the OS CSPRNG and the
//! result is shuffled with it, so no class lands in a predictable position or order.

use rand::rngs::OsRng;
use rand::seq::SliceRandom;

pub const DEFAULT_PASSWORD_LENGTH: usize = 32;
/// The Python SDK's special characters: 21 of them, including one `"`.
pub const DEFAULT_SPECIAL_CHARACTERS: &str = "\"!@#$%()+;<>=?[]{}^.,";
/// A guard against absurd lengths exhausting memory; far above any real password.
pub const MAX_PASSWORD_LENGTH: usize = 100_000;

const LOWERCASE: &str = "abcdefghijklmnopqrstuvwxyz";
const UPPERCASE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &str = "0123456789";

/// What to generate. For each class count: `Some(n)` with `n > 0` is a minimum, `Some(n)` with
/// `n <= 0` is an exact count of `|n|`, and `None` leaves the class unspecified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordSpec {
    pub length: usize,
    pub lowercase: Option<i32>,
    pub uppercase: Option<i32>,
    pub digits: Option<i32>,
    pub special: Option<i32>,
    /// Replaces [`DEFAULT_SPECIAL_CHARACTERS`].
    pub special_set: Option<String>,
}

impl Default for PasswordSpec {
    fn default() -> Self {
        PasswordSpec {
            length: DEFAULT_PASSWORD_LENGTH,
            lowercase: None,
            uppercase: None,
            digits: None,
            special: None,
            special_set: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("password length must be between 1 and {MAX_PASSWORD_LENGTH}, not {0}")]
    InvalidLength(usize),
    #[error("the character counts add up to {required}, more than the password length {length}")]
    CountsExceedLength { required: u64, length: usize },
    #[error("special characters were requested but the special character set is empty")]
    EmptySpecialSet,
}

struct CharacterClass {
    count: Option<i32>,
    characters: Vec<char>,
}

impl CharacterClass {
    fn new(count: Option<i32>, characters: &str) -> Self {
        CharacterClass { count, characters: characters.chars().collect() }
    }

    fn required(&self) -> u64 {
        self.count.map_or(0, |count| u64::from(count.unsigned_abs()))
    }

    fn is_exact(&self) -> bool {
        matches!(self.count, Some(count) if count <= 0)
    }

    /// Whether the characters beyond the required counts may come from this class.
    fn takes_extras(&self, negatives_are_minimums: bool) -> bool {
        match self.count {
            None => true,
            Some(count) => count > 0 || (negatives_are_minimums && count < 0),
        }
    }
}

/// Generates a password for `spec`.
pub fn generate(spec: &PasswordSpec) -> Result<String, PasswordError> {
    if spec.length == 0 || spec.length > MAX_PASSWORD_LENGTH {
        return Err(PasswordError::InvalidLength(spec.length));
    }
    let classes = character_classes(spec);
    let required: u64 = classes.iter().map(CharacterClass::required).sum();
    let length = spec.length as u64;
    if required > length {
        return Err(PasswordError::CountsExceedLength { required, length: spec.length });
    }
    let negatives_are_minimums = classes.iter().all(CharacterClass::is_exact) && required < length;
    let mut password = Vec::new();
    for class in &classes {
        push_random(&mut password, &class.characters, class.required())?;
    }
    push_random(&mut password, &extras_pool(&classes, negatives_are_minimums), length - required)?;
    password.shuffle(&mut OsRng);
    Ok(password.into_iter().collect())
}

fn character_classes(spec: &PasswordSpec) -> [CharacterClass; 4] {
    let special_set = spec.special_set.as_deref().unwrap_or(DEFAULT_SPECIAL_CHARACTERS);
    [
        CharacterClass::new(spec.lowercase, LOWERCASE),
        CharacterClass::new(spec.uppercase, UPPERCASE),
        CharacterClass::new(spec.digits, DIGITS),
        CharacterClass::new(spec.special, special_set),
    ]
}

/// The union of the classes that take extras, or of all classes when none does.
fn extras_pool(classes: &[CharacterClass], negatives_are_minimums: bool) -> Vec<char> {
    let chosen: Vec<char> = classes
        .iter()
        .filter(|class| class.takes_extras(negatives_are_minimums))
        .flat_map(|class| class.characters.iter().copied())
        .collect();
    if chosen.is_empty() {
        classes.iter().flat_map(|class| class.characters.iter().copied()).collect()
    } else {
        chosen
    }
}

fn push_random(password: &mut Vec<char>, characters: &[char], count: u64) -> Result<(), PasswordError> {
    for _ in 0..count {
        // Only a caller-supplied special set can be empty.
        let character = characters.choose(&mut OsRng).ok_or(PasswordError::EmptySpecialSet)?;
        password.push(*character);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(length: usize, counts: [Option<i32>; 4]) -> PasswordSpec {
        let [lowercase, uppercase, digits, special] = counts;
        PasswordSpec { length, lowercase, uppercase, digits, special, special_set: None }
    }

    /// Counts of lowercase, uppercase, digits and special characters.
    fn class_counts(password: &str) -> [usize; 4] {
        let count = |set: &str| password.chars().filter(|c| set.contains(*c)).count();
        [count(LOWERCASE), count(UPPERCASE), count(DIGITS), count(DEFAULT_SPECIAL_CHARACTERS)]
    }

    #[test]
    fn default_is_32_characters_from_the_four_classes() {
        assert_eq!(DEFAULT_SPECIAL_CHARACTERS.chars().count(), 21);
        for _ in 0..50 {
            let password = generate(&PasswordSpec::default()).unwrap();
            assert_eq!(password.chars().count(), 32);
            assert_eq!(class_counts(&password).iter().sum::<usize>(), 32, "{password}");
        }
    }

    #[test]
    fn positive_counts_are_minimums() {
        for _ in 0..50 {
            let password = generate(&spec(20, [Some(3), Some(4), Some(5), Some(6)])).unwrap();
            let [lower, upper, digits, special] = class_counts(&password);
            assert_eq!(lower + upper + digits + special, 20);
            assert!(lower >= 3 && upper >= 4 && digits >= 5 && special >= 6, "{password}");
        }
    }

    #[test]
    fn non_positive_counts_are_exact_and_unspecified_classes_fill_the_rest() {
        for _ in 0..50 {
            let password = generate(&spec(16, [Some(-4), Some(0), None, Some(2)])).unwrap();
            let [lower, upper, digits, special] = class_counts(&password);
            assert_eq!((lower, upper), (4, 0), "{password}");
            assert!(digits + special == 12 && special >= 2, "{password}");
        }
    }

    #[test]
    fn exact_counts_summing_to_the_length_are_exact() {
        for _ in 0..50 {
            let password = generate(&spec(10, [Some(-3), Some(-3), Some(-4), Some(0)])).unwrap();
            assert_eq!(class_counts(&password), [3, 3, 4, 0], "{password}");
        }
    }

    #[test]
    fn all_exact_below_the_length_turns_negative_counts_into_minimums() {
        for _ in 0..50 {
            let password = generate(&spec(30, [Some(-5), Some(-5), Some(0), Some(0)])).unwrap();
            let [lower, upper, digits, special] = class_counts(&password);
            assert_eq!((digits, special), (0, 0), "{password}");
            assert!(lower >= 5 && upper >= 5 && lower + upper == 30, "{password}");
        }
    }

    #[test]
    fn all_zero_counts_fall_back_to_every_class() {
        let password = generate(&spec(40, [Some(0); 4])).unwrap();
        assert_eq!(class_counts(&password).iter().sum::<usize>(), 40);
    }

    #[test]
    fn custom_special_set_is_the_only_source_of_specials() {
        let mut custom = spec(24, [Some(0), Some(0), Some(0), Some(-24)]);
        custom.special_set = Some("*é".into());
        let password = generate(&custom).unwrap();
        assert_eq!(password.chars().count(), 24);
        assert!(password.chars().all(|c| c == '*' || c == 'é'), "{password}");
    }

    #[test]
    fn errors() {
        let too_many = generate(&spec(8, [Some(5), Some(-5), None, None])).unwrap_err();
        assert_eq!(too_many, PasswordError::CountsExceedLength { required: 10, length: 8 });
        assert_eq!(generate(&spec(0, [None; 4])).unwrap_err(), PasswordError::InvalidLength(0));
        let huge = generate(&spec(usize::MAX, [Some(i32::MIN); 4])).unwrap_err();
        assert_eq!(huge, PasswordError::InvalidLength(usize::MAX));
        let extreme = generate(&spec(MAX_PASSWORD_LENGTH, [Some(i32::MIN); 4])).unwrap_err();
        assert!(matches!(extreme, PasswordError::CountsExceedLength { .. }));
        let mut empty_set = spec(8, [None, None, None, Some(1)]);
        empty_set.special_set = Some(String::new());
        assert_eq!(generate(&empty_set).unwrap_err(), PasswordError::EmptySpecialSet);
    }

    #[test]
    fn class_characters_are_random_not_taken_in_alphabet_order() {
        // A generator that takes each class's characters in order (abc…) would always return
        // a permutation of a–z here; random draws do so with probability 26!/26^26 ≈ 6e-11.
        let exact_lowercase = spec(26, [Some(-26), Some(0), Some(0), Some(0)]);
        let is_alphabet_permutation = |password: &str| {
            let mut sorted: Vec<char> = password.chars().collect();
            sorted.sort_unstable();
            sorted.into_iter().collect::<String>() == LOWERCASE
        };
        let permutations = (0..3).filter(|_| is_alphabet_permutation(&generate(&exact_lowercase).unwrap())).count();
        assert!(permutations < 3);
    }

    #[test]
    fn classes_are_shuffled_into_random_positions() {
        // Unshuffled output would start with the lowercase block every time; with a shuffle the
        // chance that 64 passwords all start with a letter is 2^-64.
        let half_and_half = spec(10, [Some(-5), Some(0), Some(-5), Some(0)]);
        let starts_with_digit =
            (0..64).any(|_| generate(&half_and_half).unwrap().starts_with(|c: char| c.is_ascii_digit()));
        assert!(starts_with_digit);
    }
}
