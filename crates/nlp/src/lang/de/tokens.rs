//! German token stems.

use rust_stemmers::Algorithm;

use super::German;
use crate::token::{snowball, TokenRules};

/// Snowball's German stem with the umlauts folded, so `Kasachstans` ~ `Kasachstan` and
/// `Verbündeten` ~ `Verbündeter`.
impl TokenRules for German {
    fn stem(&self, norm: &str) -> String {
        snowball(Algorithm::German, norm)
            .chars()
            .map(|c| match c {
                'ä' => 'a',
                'ö' => 'o',
                'ü' => 'u',
                c => c,
            })
            .collect()
    }
}
