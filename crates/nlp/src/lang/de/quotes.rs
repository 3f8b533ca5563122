//! German quote lexicon: speech verbs, source phrases, pronouns.

use std::sync::OnceLock;

use super::German;
use crate::quantity::QuantityRules;
use crate::quote::{lexicon_from, QuoteLexicon, QuoteRules};

static QUOTES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/lang/de/quotes.tsv"
));

impl QuoteRules for German {
    fn lexicon(&self) -> &QuoteLexicon {
        static LEX: OnceLock<QuoteLexicon> = OnceLock::new();
        lexicon_from(QUOTES, &LEX)
    }
    fn is_determiner(&self, lower: &str) -> bool {
        QuantityRules::lexicon(self).det.iter().any(|d| d == lower)
    }
}
