//! The readers never panic on any bytes, whatever format the name suggests.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in [
        "input",
        "input.html",
        "input.jsonl",
        "input.xml",
        "input.warc",
    ] {
        parallax_ingest::readers::read_bytes(name, data, &mut |r| {
            if let Ok(a) = r {
                assert_eq!(a.id.len(), 32);
            }
        });
    }
});
