//! French number words, units and qualifiers, and how the language writes numbers.

use std::sync::OnceLock;

use rust_stemmers::Algorithm;

use super::French;
use crate::quantity::{NumberLexicon, QuantityRules};
use crate::token::snowball;

static NUMBERS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/lang/fr/numbers.tsv"
));
static QUALIFIERS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/lang/fr/numbers_qualifiers.tsv"
));
static UNITS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/lang/fr/units.tsv"
));

impl QuantityRules for French {
    fn lexicon(&self) -> &NumberLexicon {
        static LEX: OnceLock<NumberLexicon> = OnceLock::new();
        LEX.get_or_init(|| NumberLexicon::parse(NUMBERS, QUALIFIERS, UNITS))
    }
    fn decimal_comma(&self) -> bool {
        true
    }
    fn stem(&self, lower: &str) -> String {
        snowball(Algorithm::French, lower)
    }
    fn capitalised_nouns(&self) -> bool {
        false
    }
}
