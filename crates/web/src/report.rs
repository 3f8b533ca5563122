//! The self-contained static HTML report.
use parallax_model::Analysis;

pub fn html(_analysis: &Analysis) -> String {
    String::from("<!doctype html><title>Parallax</title><p>The report is not built yet.")
}
