//! Russian framing lexicon: loaded-language cues, style markers and polarity.

use std::sync::OnceLock;

use super::Russian;
use crate::framing::{FramingLexicon, FramingRules};

pub(crate) const FRAMING_TOML: &str = include_str!("../../../../../data/lang/ru/framing.toml");
pub(crate) const POLARITY_TXT: &str =
    include_str!("../../../../../data/lang/ru/framing_polarity.txt");

static LEXICON: OnceLock<FramingLexicon> = OnceLock::new();

impl FramingRules for Russian {
    fn lexicon(&self) -> &FramingLexicon {
        LEXICON.get_or_init(|| FramingLexicon::load("ru", FRAMING_TOML, POLARITY_TXT))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn shipped_lexicon_parses() {
        let lex = crate::framing::FramingLexicon::try_load(
            "ru",
            super::FRAMING_TOML,
            super::POLARITY_TXT,
        )
        .expect("Russian framing data parses");
        assert!(lex.cues.len() > 50 && lex.polarity.len() > 20);
    }
}
