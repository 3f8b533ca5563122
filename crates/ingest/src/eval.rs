//! `parallax eval extraction DIR`.
use std::path::Path;

pub type EvalError = Box<dyn std::error::Error + Send + Sync>;

pub fn extraction(_dir: &Path) -> Result<String, EvalError> {
    Err("the extraction evaluation is not built yet".into())
}
