//! Large answers sealed into buffers that are given back when their answer has been sent and
//! used again for the next one. A fresh buffer of several MiB comes from the kernel and is
//! faulted in page by page as it is written: at 10,000 records (a 6 MiB answer) that, with the
//! copy that sealing in place needs, was half of the server's CPU per request
//! (docs/performance.md, "Reused answer buffers"). A spare buffer only ever held a sealed
//! answer, ciphertext under a key that was used once.

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use bytes::Bytes;
use ksm_proto::crypto::{SymmetricKey, GCM_OVERHEAD};
use rand::RngCore;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// Spare buffers kept, in bytes of capacity; a buffer given back beyond this is freed. The
/// spares must cover how far the number of answers on their way out swings: with 64 MiB, 16
/// devices reading 6 MiB answers still took a fresh buffer for one answer in ten.
pub const KEPT_BYTES_MAX: usize = 128 << 20;

/// How often spare buffers are freed if no large answer was sealed since the last time: a
/// server that stops serving them gives their memory back within two periods.
pub const IDLE_RELEASE_EVERY: Duration = Duration::from_secs(30);

#[derive(Default)]
pub struct AnswerBuffers {
    /// The most recently given back last: its memory is the likeliest to be in a cache.
    spare: Mutex<Spare>,
}

#[derive(Default)]
struct Spare {
    buffers: Vec<Vec<u8>>,
    bytes: usize,
    /// Whether a buffer was asked for since the last `release_idle`.
    in_use: bool,
}

impl AnswerBuffers {
    /// `json` sealed for the device (PROTOCOL.md §7.4) in a spare buffer if there is one; the
    /// buffer comes back here when the returned bytes are dropped.
    pub fn seal(self: &Arc<Self>, transmission_key: &SymmetricKey, json: &[u8]) -> Bytes {
        let mut buffer = self.take();
        seal_into(transmission_key, json, &mut buffer);
        Bytes::from_owner(Lent { buffer, home: Arc::clone(self) })
    }

    fn take(&self) -> Vec<u8> {
        let mut spare = self.spare.lock().unwrap_or_else(PoisonError::into_inner);
        let buffer = spare.buffers.pop().unwrap_or_default();
        spare.bytes -= buffer.capacity();
        spare.in_use = true;
        buffer
    }

    /// Frees the spare buffers if none was asked for since the last call (every
    /// `IDLE_RELEASE_EVERY`).
    pub fn release_idle(&self) {
        let mut spare = self.spare.lock().unwrap_or_else(PoisonError::into_inner);
        if !std::mem::take(&mut spare.in_use) {
            *spare = Spare::default();
        }
    }

    fn give_back(&self, buffer: Vec<u8>) {
        let mut spare = self.spare.lock().unwrap_or_else(PoisonError::into_inner);
        if spare.bytes + buffer.capacity() <= KEPT_BYTES_MAX {
            spare.bytes += buffer.capacity();
            spare.buffers.push(buffer);
        }
    }

    #[cfg(test)]
    fn kept_bytes(&self) -> usize {
        self.spare.lock().unwrap_or_else(PoisonError::into_inner).bytes
    }
}

/// `nonce ‖ ciphertext ‖ tag`, as `ksm_proto::envelope::seal_response` seals an answer, but
/// encrypted straight from `json` into `buffer` (whose old bytes are overwritten, not cleared):
/// `ring` seals only in place, which would first copy the answer into the buffer.
fn seal_into(transmission_key: &SymmetricKey, json: &[u8], buffer: &mut Vec<u8>) {
    buffer.resize(GCM_OVERHEAD + json.len(), 0);
    let (nonce, sealed) = buffer.split_at_mut(NONCE_LEN);
    rand::rngs::OsRng.fill_bytes(nonce);
    let nonce = Nonce::try_assume_unique_for_key(nonce).expect("the nonce is NONCE_LEN bytes");
    let (ciphertext, tag) = sealed.split_at_mut(json.len());
    let key = UnboundKey::new(&AES_256_GCM, transmission_key.as_bytes()).expect("AES-256 keys are 32 bytes");
    LessSafeKey::new(key)
        .seal_out_of_place_scatter(nonce, Aad::empty(), json, ciphertext, &[], tag)
        .expect("the buffers are sized for AES-GCM");
}

/// A sealed answer on its way out; dropping it gives its buffer back.
struct Lent {
    buffer: Vec<u8>,
    home: Arc<AnswerBuffers>,
}

impl AsRef<[u8]> for Lent {
    fn as_ref(&self) -> &[u8] {
        &self.buffer
    }
}

impl Drop for Lent {
    fn drop(&mut self) {
        self.home.give_back(std::mem::take(&mut self.buffer));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ksm_proto::crypto::gcm_decrypt;

    #[test]
    fn a_buffer_comes_back_when_its_answer_is_dropped_and_seals_the_next_one() {
        let buffers = Arc::new(AnswerBuffers::default());
        let key = SymmetricKey::random();
        let first = buffers.seal(&key, &[1u8; 100_000]);
        assert_eq!(gcm_decrypt(&key, &first).unwrap(), vec![1u8; 100_000]);
        let memory = first.as_ptr();
        assert_eq!(buffers.kept_bytes(), 0, "a buffer in use is not spare");
        drop(first);
        assert!(buffers.kept_bytes() >= 100_000);

        let other_key = SymmetricKey::random();
        let second = buffers.seal(&other_key, b"{\"records\":[]}");
        assert_eq!(second.as_ptr(), memory, "the spare buffer is used again");
        assert_eq!(gcm_decrypt(&other_key, &second).unwrap(), b"{\"records\":[]}", "and holds only the new answer");
        assert_eq!(buffers.kept_bytes(), 0);
    }

    #[test]
    fn spares_are_freed_once_a_period_passes_without_a_large_answer() {
        let buffers = Arc::new(AnswerBuffers::default());
        let key = SymmetricKey::random();
        drop(buffers.seal(&key, &[0u8; 1000]));
        buffers.release_idle();
        assert!(buffers.kept_bytes() >= 1000, "a buffer asked for in this period is kept");
        buffers.release_idle();
        assert_eq!(buffers.kept_bytes(), 0, "a whole period without one frees it");
        drop(buffers.seal(&key, &[0u8; 1000]));
        assert!(buffers.kept_bytes() >= 1000, "and the next answer starts again");
    }

    #[test]
    fn buffers_beyond_the_limit_are_freed() {
        let buffers = Arc::new(AnswerBuffers::default());
        let key = SymmetricKey::random();
        let json = vec![b' '; KEPT_BYTES_MAX / 3];
        let answers: Vec<Bytes> = (0..4).map(|_| buffers.seal(&key, &json)).collect();
        drop(answers);
        let kept = buffers.kept_bytes();
        assert!(kept <= KEPT_BYTES_MAX, "{kept} bytes kept");
        assert!(kept >= 2 * json.len(), "two buffers fit under the limit: {kept}");
    }
}
