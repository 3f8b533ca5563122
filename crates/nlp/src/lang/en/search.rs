//! English search folding: which spellings of a word meet.

use super::English;
use crate::search::SearchRules;

/// English: case and diacritics only (the default).
impl SearchRules for English {}
