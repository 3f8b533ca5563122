//! English token stems.

use rust_stemmers::Algorithm;

use super::English;
use crate::token::{snowball, TokenRules};

/// Snowball's English (Porter 2) stem.
impl TokenRules for English {
    fn stem(&self, norm: &str) -> String {
        snowball(Algorithm::English, norm)
    }
}
