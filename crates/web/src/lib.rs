//! Parallax web: the HTML views (served by `parallax serve` and written as a static
//! report), the JSON API and CSV export.
//!
//! One rendering path: [`views`] turns model types into view models, [`render`] fills the
//! embedded templates. The server ([`server`]) and the report ([`report`]) differ only in
//! where links point ([`links::Links`]).

pub mod claims_view;
pub mod csv_export;
pub mod links;
pub mod page;
pub mod render;
pub mod report;
pub mod server;
pub mod views;
