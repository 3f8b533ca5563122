//! Evaluation against the public suites in `../shared/bench/` (read, never copied) and the
//! project's own labelled sample corpus. Each function reads a suite and returns a printable
//! report.

pub mod claims;
pub mod cleaning;
pub mod dates_timeml;
pub mod extraction;
pub mod genre;
pub mod names;
pub mod ner;
pub mod numbers_dates;
pub mod quotes;
pub mod quotes_news;
pub mod segmentation;
pub mod stories;
pub mod subjectivity;

/// Error type of the evaluations: a readable message.
pub type EvalError = Box<dyn std::error::Error + Send + Sync>;
