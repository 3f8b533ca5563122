use std::sync::OnceLock;

use super::English;
use crate::quantity::{NumberLexicon, QuantityRules};

static NUMBERS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/lang/en/numbers.tsv"
));
static QUALIFIERS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/lang/en/numbers_qualifiers.tsv"
));
static UNITS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/lang/en/units.tsv"
));

impl QuantityRules for English {
    fn lexicon(&self) -> &NumberLexicon {
        static LEX: OnceLock<NumberLexicon> = OnceLock::new();
        LEX.get_or_init(|| NumberLexicon::parse(NUMBERS, QUALIFIERS, UNITS))
    }
    fn decimal_comma(&self) -> bool {
        false
    }
    fn stem(&self, lower: &str) -> String {
        rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English)
            .stem(lower)
            .into_owned()
    }
    fn capitalised_nouns(&self) -> bool {
        false
    }
}
