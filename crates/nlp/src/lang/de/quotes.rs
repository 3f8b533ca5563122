//! German quote rules: the lexicon in `data/lang/de/quotes.tsv`.

use std::sync::OnceLock;

use super::German;
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
}
