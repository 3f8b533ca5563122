//! The text cleaner never panics, and every removal points at its text in the raw input.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    for detect_title in [true, false] {
        let opts = parallax_ingest::CleanOptions {
            detect_title,
            known_title: None,
        };
        let out = parallax_ingest::clean(&raw, &opts);
        for r in &out.removed {
            assert_eq!(r.span_in_raw.slice(&raw), r.text);
        }
    }
    let a = parallax_ingest::article_from_text("-", &raw, None);
    assert_eq!(a.id.len(), 32);
});
