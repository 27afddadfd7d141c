//! Client id derivation (PROTOCOL.md §2): the server knows a device only by this value.

use hmac::{Hmac, Mac};
use sha2::Sha512;

const CLIENT_ID_MESSAGE: &[u8] = b"KEEPER_SECRETS_MANAGER_CLIENT_ID";

/// `B64(HMAC-SHA512(key = token bytes, "KEEPER_SECRETS_MANAGER_CLIENT_ID"))`, 88 characters.
pub fn client_id(token_bytes: &[u8]) -> String {
    let mut mac = Hmac::<Sha512>::new_from_slice(token_bytes).expect("HMAC accepts keys of any length");
    mac.update(CLIENT_ID_MESSAGE);
    crate::b64::encode(&mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_vector() {
        let token = crate::b64::decode("YyIhK5wXFHj36wGBAOmBsxI3v5rIruINrC8KXjyM58c").unwrap();
        let id = client_id(&token);
        assert_eq!(id, "6FSaAYix6NY+3gFbC4h3yVRgKDl1prYLTowsYcd2vWipj27jpjtaYgTz1N+XKOQgtt42RMa7GBg7sIZfnwlWVQ==");
        assert_eq!(id.len(), 88);
    }
}
