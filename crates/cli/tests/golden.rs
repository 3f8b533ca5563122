//! The JSON document is a public interface: `parallax analyze --json` on a fixed set of inputs
//! must give exactly the golden file. After an intended change, regenerate it with
//! `UPDATE_GOLDEN=1 cargo test -p parallax --test golden` and review the diff.

use std::path::Path;
use std::process::Command;

#[test]
fn analyze_json_matches_the_golden_file() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let out = tempfile::tempdir().unwrap();
    let json = out.path().join("golden.json");
    let status = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .current_dir(&here)
        .args(["analyze", "input", "--quiet", "--no-encoder", "--json"])
        .arg(&json)
        .status()
        .unwrap();
    assert!(status.success());
    let actual = std::fs::read_to_string(&json).unwrap();
    let golden_path = here.join("expected.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden_path, &actual).unwrap();
        return;
    }
    let expected =
        std::fs::read_to_string(&golden_path).expect("tests/golden/expected.json exists");
    if actual != expected {
        let first_diff = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, e)| a != e);
        panic!(
            "analyze --json differs from tests/golden/expected.json (first differing line: {:?}).\n\
             If the change is intended and additive, regenerate with UPDATE_GOLDEN=1.",
            first_diff.map(|i| i + 1)
        );
    }
}

#[test]
fn analyze_json_is_deterministic() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let out = tempfile::tempdir().unwrap();
    let run = |name: &str, threads: &str| {
        let json = out.path().join(name);
        let status = Command::new(env!("CARGO_BIN_EXE_parallax"))
            .current_dir(&here)
            .env("RAYON_NUM_THREADS", threads)
            .args(["analyze", "input", "--quiet", "--no-encoder", "--json"])
            .arg(&json)
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::read(&json).unwrap()
    };
    assert_eq!(run("one.json", "1"), run("two.json", "2"));
}
