#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ksm_fuzz::cache_entry(data));
