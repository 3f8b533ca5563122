//! French quote rules: the lexicon in `data/lang/fr/quotes.tsv`.

use std::sync::OnceLock;

use super::French;
use crate::quote::{lexicon_from, QuoteLexicon, QuoteRules};

static QUOTES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/lang/fr/quotes.tsv"
));

impl QuoteRules for French {
    fn lexicon(&self) -> &QuoteLexicon {
        static LEX: OnceLock<QuoteLexicon> = OnceLock::new();
        lexicon_from(QUOTES, &LEX)
    }
}
