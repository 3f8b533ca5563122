//! Shared by the nlp benchmarks: the text they measure on.

/// The seeds in ../shared/corpus/seeds joined by blank lines, or `fallback` repeated `times`
/// when they are absent (a fresh clone).
pub fn seeds_or(fallback: &str, times: usize) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/seeds");
    let mut text = String::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if let Ok(t) = std::fs::read_to_string(&p) {
                text.push_str(&t);
                text.push_str("\n\n");
            }
        }
    }
    if text.is_empty() {
        eprintln!("seeds not found: using the built-in text");
        text = fallback.repeat(times);
    }
    text
}
