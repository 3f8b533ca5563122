//! Dates and times, resolved against the article's date.
use parallax_model::{Span, TimeExpr};

use crate::lang::Language;

pub trait TimeRules: Sync {}

pub fn extract(_language: &Language, _text: &str, _sentences: &[Span], _published: Option<&str>) -> Vec<TimeExpr> {
    Vec::new()
}
