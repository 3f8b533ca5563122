//! The language registry: the one place that knows a language.
//!
//! A [`Language`] bundles one language's rules for every stage; each stage defines the
//! trait its rules implement (`segment::SegmentationRules`, `token::TokenRules`, …), and
//! each language implements them in its own folder (`lang/<code>/`, one file per stage) from
//! its own data (`data/lang/<code>/`). Shared stage code asks the article's `Language` and
//! never names a language. `lang/xx/` is an annotated template for adding one.

use std::fmt;

pub mod de;
pub mod en;
pub mod es;
pub mod fr;
pub mod ru;

/// One language's rules for every stage.
pub struct Language {
    /// ISO 639-1 code.
    pub code: &'static str,
    /// The language's name in English, for messages.
    pub name: &'static str,
    pub segmentation: &'static dyn crate::segment::SegmentationRules,
    pub tokens: &'static dyn crate::token::TokenRules,
    pub entities: &'static dyn crate::entities::EntityRules,
    pub quantities: &'static dyn crate::quantity::QuantityRules,
    pub times: &'static dyn crate::time::TimeRules,
    pub quotes: &'static dyn crate::quote::QuoteRules,
    pub framing: &'static dyn crate::framing::FramingRules,
    pub search: &'static dyn crate::search::SearchRules,
    pub display: &'static dyn crate::display::DisplayRules,
    pub cleaning: &'static dyn crate::cleaning::CleaningRules,
    pub story: &'static dyn crate::story::StoryRules,
    /// A short news passage with what every stage must find in it, for the conformance
    /// tests every language passes (`crates/nlp/tests/conformance.rs`).
    pub sample: &'static Sample,
}

/// A language's conformance sample: a few sentences of news and what they contain.
pub struct Sample {
    /// Plain text, several sentences, with a number, a date and a direct quote with its
    /// speaker.
    pub text: &'static str,
    /// How many sentences the text has.
    pub sentences: usize,
    /// The text of a quantity the quantity stage must find, and its value.
    pub quantity: (&'static str, f64),
    /// The text of a date the time stage must find, and its value (`2024-11-27`).
    pub date: (&'static str, &'static str),
    /// The words of a direct quote (without its marks), and its speaker's canonical id.
    pub quote: (&'static str, &'static str),
}

impl fmt::Debug for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

/// Languages are the same when their codes are.
impl PartialEq for Language {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for Language {}

impl std::hash::Hash for Language {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.code.hash(state);
    }
}

/// Every language with rules of its own, in registry order.
static LANGUAGES: &[&Language] = &[&de::GERMAN, &en::ENGLISH, &ru::RUSSIAN, &fr::FRENCH];

/// The rules for `code`. Text whose language could not be detected (`None`, typically a short
/// snippet) gets German rules, the project's first language; a detected language without a
/// module of its own gets English's rules, the most generic (Latin script, straight quotes).
pub fn for_code(code: Option<&str>) -> &'static Language {
    match code {
        None => &de::GERMAN,
        Some(c) => registered(c).unwrap_or(&en::ENGLISH),
    }
}

/// Languages with cleaning patterns but no module for the other stages yet: their texts are
/// cleaned with their own patterns, everything else uses [`for_code`]'s fallback.
static CLEANING_ONLY: &[(&str, &dyn crate::cleaning::CleaningRules)] = &[("es", &es::Spanish)];

/// The cleaning patterns for text of language `code` and the code they belong to: the
/// language's own, else those of a cleaning-only language, else those of the language
/// [`for_code`] falls back to.
pub fn cleaning_for(
    code: Option<&str>,
) -> (&'static str, &'static dyn crate::cleaning::CleaningRules) {
    let full = for_code(code);
    if full.code == code.unwrap_or(full.code) {
        return (full.code, full.cleaning);
    }
    CLEANING_ONLY
        .iter()
        .find(|(c, _)| Some(*c) == code)
        .map(|(c, r)| (*c, *r))
        .unwrap_or((full.code, full.cleaning))
}

/// Every language's cleaning patterns (full and cleaning-only languages) with its code.
pub fn all_cleaning(
) -> impl Iterator<Item = (&'static str, &'static dyn crate::cleaning::CleaningRules)> {
    all()
        .map(|l| (l.code, l.cleaning))
        .chain(CLEANING_ONLY.iter().copied())
}

/// The language with rules of its own for `code` (`de`, or a tag such as `de-AT`), if any.
pub fn registered(code: &str) -> Option<&'static Language> {
    let primary = code.split(['-', '_']).next().unwrap_or(code);
    LANGUAGES
        .iter()
        .find(|l| l.code.eq_ignore_ascii_case(primary))
        .copied()
}

/// The language of a text: its declared code when a language module has it, else the
/// language whose stopwords its first words use most (ties go to the earlier language in the
/// registry, German first).
pub fn of_text(code: Option<&str>, text: &str) -> &'static Language {
    code.and_then(registered).unwrap_or_else(|| guess(text))
}

/// The registered language whose stopwords the first 400 words of `text` use most.
pub fn guess(text: &str) -> &'static Language {
    let mut counts = vec![0usize; LANGUAGES.len()];
    let words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(400);
    for word in words {
        let lower = word.to_lowercase();
        for (n, l) in LANGUAGES.iter().enumerate() {
            counts[n] += l.story.lexicon().is_stopword(&lower) as usize;
        }
    }
    let mut best = 0;
    for (n, &c) in counts.iter().enumerate() {
        if c > counts[best] {
            best = n;
        }
    }
    LANGUAGES[best]
}

/// Every language with rules of its own.
pub fn all() -> impl Iterator<Item = &'static Language> {
    LANGUAGES.iter().copied()
}

/// Codes of the languages with rules of their own.
pub fn supported() -> impl Iterator<Item = &'static str> {
    LANGUAGES.iter().map(|l| l.code)
}
