//! German cleaning patterns and source cues, from `data/lang/de/cleaning.toml` and
//! `source-cues.toml`.

use std::sync::OnceLock;

use super::German;
use crate::cleaning::{CleaningPatterns, CleaningRules};

pub(crate) const CLEANING_TOML: &str = include_str!("../../../../../data/lang/de/cleaning.toml");
pub(crate) const SOURCE_CUES_TOML: &str =
    include_str!("../../../../../data/lang/de/source-cues.toml");

static PATTERNS: OnceLock<CleaningPatterns> = OnceLock::new();

impl CleaningRules for German {
    fn patterns(&self) -> &CleaningPatterns {
        PATTERNS.get_or_init(|| CleaningPatterns::load(CLEANING_TOML, SOURCE_CUES_TOML))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn shipped_cleaning_data_parses() {
        let p =
            crate::cleaning::CleaningPatterns::parse(super::CLEANING_TOML, super::SOURCE_CUES_TOML)
                .expect("cleaning data parses");
        assert!(p.families.len() >= 10 && !p.cues.byline_prefixes.is_empty());
    }
}
