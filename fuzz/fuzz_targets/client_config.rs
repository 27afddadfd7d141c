#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ksm_fuzz::client_config(data));
