//! English words for story features and comparisons: stopwords, stems, number words, measure words.

use std::sync::OnceLock;

use rust_stemmers::Algorithm;

use super::English;
use crate::story::{StoryLexicon, StoryRules};
use crate::token::snowball;

pub(crate) const STOPWORDS: &str = include_str!("../../../../../data/lang/en/stopwords.txt");
pub(crate) const STORY_TOML: &str = include_str!("../../../../../data/lang/en/story.toml");
const MEASURES_TOML: &str = include_str!("../../../../../data/lang/en/measures.toml");

impl StoryRules for English {
    fn lexicon(&self) -> &StoryLexicon {
        static LEX: OnceLock<StoryLexicon> = OnceLock::new();
        LEX.get_or_init(|| StoryLexicon::parse(STOPWORDS, STORY_TOML))
    }
    fn measures_toml(&self) -> &'static str {
        MEASURES_TOML
    }
    fn stem(&self, lower: &str) -> String {
        snowball(Algorithm::English, lower)
    }
}
