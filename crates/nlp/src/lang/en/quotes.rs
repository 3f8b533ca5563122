//! English quote rules: the lexicon in `data/lang/en/quotes.tsv`.

use std::sync::OnceLock;

use super::English;
use crate::quote::{lexicon_from, QuoteLexicon, QuoteRules};

static QUOTES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/lang/en/quotes.tsv"
));

impl QuoteRules for English {
    fn lexicon(&self) -> &QuoteLexicon {
        static LEX: OnceLock<QuoteLexicon> = OnceLock::new();
        lexicon_from(QUOTES, &LEX)
    }
}
