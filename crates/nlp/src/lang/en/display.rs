//! English display rules: how times and amounts are written for a reader, from
//! `data/lang/en/display.toml`.

use std::sync::OnceLock;

use super::English;
use crate::display::{DisplayLexicon, DisplayRules};

static DISPLAY: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/lang/en/display.toml"
));

impl DisplayRules for English {
    fn display(&self) -> &DisplayLexicon {
        static LEX: OnceLock<DisplayLexicon> = OnceLock::new();
        LEX.get_or_init(|| DisplayLexicon::parse(DISPLAY))
    }
}
