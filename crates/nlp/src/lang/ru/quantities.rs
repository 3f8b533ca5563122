//! Russian number words, units and qualifiers, and how the language writes numbers.

use rust_stemmers::Algorithm;

use super::Russian;
use crate::quantity::{NumberLexicon, QuantityRules};
use crate::token::snowball;

impl QuantityRules for Russian {
    fn lexicon(&self) -> &NumberLexicon {
        crate::quantity::number_lexicon_from_data!("ru")
    }
    fn decimal_comma(&self) -> bool {
        true
    }
    fn stem(&self, lower: &str) -> String {
        snowball(Algorithm::Russian, lower)
    }
    fn capitalised_nouns(&self) -> bool {
        false
    }
}
