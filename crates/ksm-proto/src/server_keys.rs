//! Keeper's built-in server public keys (PROTOCOL.md §6.2), by key id.

use crate::crypto::EcPublicKey;

/// The key id clients start with.
pub const DEFAULT_KEY_ID: &str = "10";

const KEEPER_KEY_1_TO_7: &str =
    "BK9w6TZFxE6nFNbMfIpULCup2a8xc6w2tUTABjxny7yFmxW0dAEojwC6j6zb5nTlmb1dAx8nwo3qF7RPYGmloRM";

const BUILT_IN: [(&str, &str); 11] = [
    ("8", "BKnhy0obglZJK-igwthNLdknoSXRrGB-mvFRzyb_L-DKKefWjYdFD2888qN1ROczz4n3keYSfKz9Koj90Z6w_tQ"),
    ("9", "BAsPQdCpLIGXdWNLdAwx-3J5lNqUtKbaOMV56hUj8VzxE2USLHuHHuKDeno0ymJt-acxWV1xPlBfNUShhRTR77g"),
    ("10", "BNYIh_Sv03nRZUUJveE8d2mxKLIDXv654UbshaItHrCJhd6cT7pdZ_XwbdyxAOCWMkBb9AZ4t1XRCsM8-wkEBRg"),
    ("11", "BA6uNfeYSvqagwu4TOY6wFK4JyU5C200vJna0lH4PJ-SzGVXej8l9dElyQ58_ljfPs5Rq6zVVXpdDe8A7Y3WRhk"),
    ("12", "BMjTIlXfohI8TDymsHxo0DqYysCy7yZGJ80WhgOBR4QUd6LBDA6-_318a-jCGW96zxXKMm8clDTKpE8w75KG-FY"),
    ("13", "BJBDU1P1H21IwIdT2brKkPqbQR0Zl0TIHf7Bz_OO9jaNgIwydMkxt4GpBmkYoprZ_DHUGOrno2faB7pmTR7HhuI"),
    ("14", "BJFF8j-dH7pDEw_U347w2CBM6xYM8Dk5fPPAktjib-opOqzvvbsER-WDHM4ONCSBf9O_obAHzCyygxmtpktDuiE"),
    ("15", "BDKyWBvLbyZ-jMueORl3JwJnnEpCiZdN7yUvT0vOyjwpPBCDf6zfL4RWzvSkhAAFnwOni_1tQSl8dfXHbXqXsQ8"),
    ("16", "BDXyZZnrl0tc2jdC5I61JjwkjK2kr7uet9tZjt8StTiJTAQQmnVOYBgbtP08PWDbecxnHghx3kJ8QXq1XE68y8c"),
    ("17", "BFX68cb97m9_sweGdOVavFM3j5ot6gveg6xT4BtGahfGhKib-zdZyO9pwvv1cBda9ahkSzo1BQ4NVXp9qRyqVGU"),
    ("18", "BNhngQqTT1bPKxGuB6FhbPTAeNVFl8PKGGSGo5W06xWIReutm6ix6JPivqnbvkydY-1uDQTr-5e6t70G01Bb5JA"),
];

/// The B64U text of a built-in key, if `id` is one of Keeper's.
pub fn builtin_key_text(id: &str) -> Option<&'static str> {
    match id {
        "1" | "2" | "3" | "4" | "5" | "6" | "7" => Some(KEEPER_KEY_1_TO_7),
        _ => BUILT_IN.iter().find(|(known, _)| *known == id).map(|(_, key)| *key),
    }
}

pub fn builtin_key(id: &str) -> Option<EcPublicKey> {
    let bytes = crate::b64::decode(builtin_key_text(id)?).ok()?;
    EcPublicKey::from_bytes(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_eighteen_ids_are_valid_points() {
        for id in 1..=18 {
            let key = builtin_key(&id.to_string()).unwrap_or_else(|| panic!("key {id}"));
            assert_eq!(key.to_uncompressed()[0], 4);
        }
        assert!(builtin_key("19").is_none());
        assert_eq!(builtin_key("1"), builtin_key("7"));
        assert_ne!(builtin_key("10"), builtin_key("11"));
    }
}
