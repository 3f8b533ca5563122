//! French date lexicon: month and weekday names, relative words, calendar units.

use std::sync::OnceLock;

use super::French;
use crate::time::{DateLexicon, TimeRules};

static DATES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/lang/fr/dates.tsv"
));

impl TimeRules for French {
    fn lexicon(&self) -> &DateLexicon {
        static LEX: OnceLock<DateLexicon> = OnceLock::new();
        LEX.get_or_init(|| DateLexicon::parse(DATES))
    }
}
