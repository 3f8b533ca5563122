//! Russian search folding: which spellings of a word meet.

use super::Russian;
use crate::search::SearchRules;

/// Russian: case and diacritics only (the default).
impl SearchRules for Russian {}
