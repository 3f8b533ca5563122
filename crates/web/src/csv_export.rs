//! CSV export of the fact matrix and the articles table.
use std::path::Path;

use parallax_model::Analysis;

pub fn write(_analysis: &Analysis, _dir: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("CSV export is not built yet"))
}
