//! Russian quote rules: the lexicon in `data/lang/ru/quotes.tsv`.

use std::sync::OnceLock;

use super::Russian;
use crate::quote::{lexicon_from, QuoteLexicon, QuoteRules};

static QUOTES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/lang/ru/quotes.tsv"
));

impl QuoteRules for Russian {
    fn lexicon(&self) -> &QuoteLexicon {
        static LEX: OnceLock<QuoteLexicon> = OnceLock::new();
        lexicon_from(QUOTES, &LEX)
    }
}
