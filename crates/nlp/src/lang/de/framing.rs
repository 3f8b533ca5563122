//! German framing lexicon: loaded-language cues, style markers and polarity.

use std::sync::OnceLock;

use super::German;
use crate::framing::{FramingLexicon, FramingRules};

pub(crate) const FRAMING_TOML: &str = include_str!("../../../../../data/lang/de/framing.toml");
pub(crate) const POLARITY_TXT: &str =
    include_str!("../../../../../data/lang/de/framing_polarity.txt");

static LEXICON: OnceLock<FramingLexicon> = OnceLock::new();

impl FramingRules for German {
    fn lexicon(&self) -> &FramingLexicon {
        LEXICON.get_or_init(|| FramingLexicon::load("de", FRAMING_TOML, POLARITY_TXT))
    }

    fn formal_address_capitalized(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn shipped_lexicon_parses() {
        let lex = crate::framing::FramingLexicon::try_load(
            "de",
            super::FRAMING_TOML,
            super::POLARITY_TXT,
        )
        .expect("German framing data parses");
        assert!(lex.cues.len() > 100 && lex.polarity.len() > 100 && lex.wording.len() > 30);
    }
}
