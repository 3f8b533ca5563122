//! French display rules: how times and amounts are written for a reader, from
//! `data/lang/fr/display.toml`.

use std::sync::OnceLock;

use super::French;
use crate::display::{DisplayLexicon, DisplayRules};

static DISPLAY: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/lang/fr/display.toml"
));

impl DisplayRules for French {
    fn display(&self) -> &DisplayLexicon {
        static LEX: OnceLock<DisplayLexicon> = OnceLock::new();
        LEX.get_or_init(|| DisplayLexicon::parse(DISPLAY))
    }
}
