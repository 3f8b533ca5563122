//! Russian display rules: how times and amounts are written for a reader, from
//! `data/lang/ru/display.toml`.

use std::sync::OnceLock;

use super::Russian;
use crate::display::{DisplayLexicon, DisplayRules};

static DISPLAY: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/lang/ru/display.toml"
));

impl DisplayRules for Russian {
    fn display(&self) -> &DisplayLexicon {
        static LEX: OnceLock<DisplayLexicon> = OnceLock::new();
        LEX.get_or_init(|| DisplayLexicon::parse(DISPLAY))
    }
}
