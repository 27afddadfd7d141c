//! The public keys of bound devices, kept in memory so that a request's signature is checked
//! before the database is asked anything: the device's row is then read in the same round
//! trip that records the request (`Store::admit`). A key is kept as it is read from its row;
//! a bound key never changes (`bind_client` sets it only where there is none), and each
//! request compares the key it was checked with against the row it was admitted with, so a
//! key kept here decides nothing on its own.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// How many keys a replica keeps (about 170 bytes each); past it, it starts again empty.
const MAX_KEYS: usize = 100_000;

#[derive(Default)]
pub struct DeviceKeys {
    keys: Mutex<HashMap<String, Arc<[u8]>>>,
}

impl DeviceKeys {
    pub fn get(&self, device_id: &str) -> Option<Arc<[u8]>> {
        self.lock().get(device_id).cloned()
    }

    pub fn remember(&self, device_id: &str, public_key: &Arc<[u8]>) {
        let mut keys = self.lock();
        if keys.contains_key(device_id) {
            return;
        }
        if keys.len() >= MAX_KEYS {
            keys.clear();
        }
        keys.insert(device_id.to_string(), Arc::clone(public_key));
    }

    pub fn forget(&self, device_id: &str) {
        self.lock().remove(device_id);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<[u8]>>> {
        self.keys.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_kept_until_forgotten_and_never_past_the_limit() {
        let keys = DeviceKeys::default();
        let key: Arc<[u8]> = Arc::from(&[4u8; 65][..]);
        keys.remember("d1", &key);
        assert_eq!(keys.get("d1").as_deref(), Some(&[4u8; 65][..]));
        keys.remember("d1", &Arc::from(&[5u8; 65][..]));
        assert_eq!(keys.get("d1").as_deref(), Some(&[4u8; 65][..]), "a kept key is not replaced");
        keys.forget("d1");
        assert!(keys.get("d1").is_none());
        for i in 0..=MAX_KEYS {
            keys.remember(&i.to_string(), &key);
        }
        assert_eq!(keys.lock().len(), 1, "full: started again empty");
        assert!(keys.get(&MAX_KEYS.to_string()).is_some());
    }
}
