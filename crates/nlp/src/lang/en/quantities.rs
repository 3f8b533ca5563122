//! English number words, units and qualifiers, and how the language writes numbers.

use rust_stemmers::Algorithm;

use super::English;
use crate::quantity::{NumberLexicon, QuantityRules};
use crate::token::snowball;

impl QuantityRules for English {
    fn lexicon(&self) -> &NumberLexicon {
        crate::quantity::number_lexicon_from_data!("en")
    }
    fn decimal_comma(&self) -> bool {
        false
    }
    fn stem(&self, lower: &str) -> String {
        snowball(Algorithm::English, lower)
    }
    fn capitalised_nouns(&self) -> bool {
        false
    }
}
