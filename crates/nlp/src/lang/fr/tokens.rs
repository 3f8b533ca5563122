//! French token stems.

use rust_stemmers::Algorithm;

use super::French;
use crate::token::{snowball, TokenRules};

/// Snowball's French stem.
impl TokenRules for French {
    fn stem(&self, norm: &str) -> String {
        snowball(Algorithm::French, norm)
    }
}
