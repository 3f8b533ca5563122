//! English framing lexicon: loaded-language cues, style markers and polarity.

use std::sync::OnceLock;

use super::English;
use crate::framing::{FramingLexicon, FramingRules};

pub(crate) const FRAMING_TOML: &str = include_str!("../../../../../data/lang/en/framing.toml");
pub(crate) const POLARITY_TXT: &str =
    include_str!("../../../../../data/lang/en/framing_polarity.txt");

static LEXICON: OnceLock<FramingLexicon> = OnceLock::new();

impl FramingRules for English {
    fn lexicon(&self) -> &FramingLexicon {
        LEXICON.get_or_init(|| FramingLexicon::load("en", FRAMING_TOML, POLARITY_TXT))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn shipped_lexicon_parses() {
        let lex = crate::framing::FramingLexicon::try_load(
            "en",
            super::FRAMING_TOML,
            super::POLARITY_TXT,
        )
        .expect("English framing data parses");
        assert!(lex.cues.len() > 50 && lex.polarity.len() > 50 && lex.wording.len() > 20);
    }
}
