//! Parallax web: the HTML views (served by `parallax serve` and written as a static
//! report), the JSON API and CSV export.

pub mod csv_export;
pub mod report;
