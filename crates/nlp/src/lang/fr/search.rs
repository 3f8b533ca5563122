//! French search folding: which spellings of a word meet.

use super::French;
use crate::search::SearchRules;

/// French: case and diacritics only (the default).
impl SearchRules for French {}
