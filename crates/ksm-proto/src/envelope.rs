//! The encrypted, signed request envelope (PROTOCOL.md §6–§7) from both ends.
//!
//! A client seals a payload with a fresh transmission key (TK) encrypted to the server's key,
//! and signs `encryptedTK ‖ body` with its device key. The server opens the TK with its
//! private key, decrypts the body, and verifies the signature once it knows the device key.

use crate::crypto::{
    ecies_decrypt, ecies_encrypt, gcm_decrypt, gcm_encrypt, CryptoError, EcPrivateKey, EcPublicKey, SymmetricKey,
};

/// Everything one HTTP attempt carries. A retry must seal again: never reuse a TK.
pub struct SealedRequest {
    /// Decrypts the 200 response of this attempt.
    pub transmission_key: SymmetricKey,
    /// ECIES(server key, TK): 125 bytes, sent B64 in the `TransmissionKey` header.
    pub encrypted_transmission_key: Vec<u8>,
    /// GCM(TK, payload JSON): the request body.
    pub body: Vec<u8>,
    /// DER ECDSA over `encrypted_transmission_key ‖ body`: the `Authorization` header.
    pub signature: Vec<u8>,
}

impl SealedRequest {
    pub fn seal(server_key: &EcPublicKey, device_key: &EcPrivateKey, payload: &[u8]) -> Self {
        let transmission_key = SymmetricKey::random();
        let encrypted_transmission_key = ecies_encrypt(server_key, transmission_key.as_bytes());
        let body = gcm_encrypt(&transmission_key, payload);
        let signature = device_key.sign(&signed_bytes(&encrypted_transmission_key, &body));
        Self { transmission_key, encrypted_transmission_key, body, signature }
    }

    /// The `TransmissionKey` header value.
    pub fn transmission_key_header(&self) -> String {
        crate::b64::encode(&self.encrypted_transmission_key)
    }

    /// The `Authorization` header value.
    pub fn authorization_header(&self) -> String {
        format!("Signature {}", crate::b64::encode(&self.signature))
    }
}

/// The bytes a request signature covers.
pub fn signed_bytes(encrypted_transmission_key: &[u8], body: &[u8]) -> Vec<u8> {
    let mut signed = Vec::with_capacity(encrypted_transmission_key.len() + body.len());
    signed.extend_from_slice(encrypted_transmission_key);
    signed.extend_from_slice(body);
    signed
}

/// Server side: recovers the TK from the `TransmissionKey` header bytes.
pub fn open_transmission_key(server_key: &EcPrivateKey, encrypted: &[u8]) -> Result<SymmetricKey, CryptoError> {
    SymmetricKey::from_slice(&ecies_decrypt(server_key, encrypted)?)
}

/// Server side: parses `Signature <B64>` from the `Authorization` header.
pub fn parse_authorization(header: &str) -> Option<Vec<u8>> {
    let encoded = header.trim().strip_prefix("Signature ")?;
    crate::b64::decode(encoded).ok().filter(|sig| !sig.is_empty())
}

/// Either side: the body of a request or of a 200 response.
pub fn open_body(transmission_key: &SymmetricKey, body: &[u8]) -> Result<Vec<u8>, CryptoError> {
    gcm_decrypt(transmission_key, body)
}

/// Server side: encrypts a 200 response body.
pub fn seal_response(transmission_key: &SymmetricKey, json: &[u8]) -> Vec<u8> {
    gcm_encrypt(transmission_key, json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_request_opens_and_verifies_on_the_server() {
        let server = EcPrivateKey::generate();
        let device = EcPrivateKey::generate();
        let sealed = SealedRequest::seal(&server.public_key(), &device, b"{\"a\":1}");
        assert_eq!(sealed.encrypted_transmission_key.len(), 125);
        let header = crate::b64::decode(&sealed.transmission_key_header()).unwrap();
        let tk = open_transmission_key(&server, &header).unwrap();
        assert_eq!(open_body(&tk, &sealed.body).unwrap(), b"{\"a\":1}");
        let signature = parse_authorization(&sealed.authorization_header()).unwrap();
        let covered = signed_bytes(&header, &sealed.body);
        assert!(device.public_key().verify(&covered, &signature).is_ok());
        let mut tampered = sealed.body.clone();
        tampered[0] ^= 1;
        assert!(device.public_key().verify(&signed_bytes(&header, &tampered), &signature).is_err());
        assert_eq!(parse_authorization("Bearer x"), None);
    }
}
