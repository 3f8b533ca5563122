//! Russian token stems.

use rust_stemmers::Algorithm;

use super::Russian;
use crate::token::{snowball, TokenRules};

/// Snowball's Russian stem.
impl TokenRules for Russian {
    fn stem(&self, norm: &str) -> String {
        snowball(Algorithm::Russian, norm)
    }
}
