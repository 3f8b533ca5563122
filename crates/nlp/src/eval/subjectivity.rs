use std::path::Path;

use super::EvalError;

pub fn run(_path: &Path) -> Result<String, EvalError> {
    Err("the subjectivity evaluation is not built yet".into())
}
