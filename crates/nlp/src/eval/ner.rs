use std::path::Path;

use super::EvalError;

pub fn run(_path: &Path) -> Result<String, EvalError> {
    Err("the ner evaluation is not built yet".into())
}
