//! Shared by the tests that need the model file.

use std::path::PathBuf;

use parallax_encoder::Encoder;

/// The installed model, or `None` with a message on stderr. Under `CI=true`
/// a missing model fails the test: CI installs it.
pub fn model() -> Option<Encoder> {
    let path: Option<PathBuf> = parallax_encoder::find_model();
    match path {
        Some(p) => Some(Encoder::load(&p).unwrap_or_else(|e| panic!("{e}"))),
        None => {
            let looked = parallax_encoder::default_model_path().map(|p| p.display().to_string());
            let msg = format!(
                "encoder model not found ({}); install it with `parallax model install` or set PARALLAX_MODEL",
                looked.unwrap_or_else(|e| e.to_string())
            );
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{msg}");
            }
            let _ =
                std::io::Write::write_fmt(&mut std::io::stderr(), format_args!("skipped: {msg}\n")); // unlike eprintln!, shown when the test passes
            None
        }
    }
}

/// Lines of a JSON-lines fixture in `tests/data`.
#[allow(dead_code)] // not every test file reads fixtures
pub fn fixture(name: &str) -> Vec<serde_json::Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}
