//! The language registry. A [`Language`] bundles one language's rules for every stage;
//! each stage defines the trait its rules implement (see the stage modules).

pub mod de;
pub mod en;

/// One language's rules for every stage.
pub struct Language {
    /// ISO 639-1 code.
    pub code: &'static str,
    pub segmentation: &'static dyn crate::segment::SegmentationRules,
    pub entities: &'static dyn crate::entities::EntityRules,
    pub quantities: &'static dyn crate::quantity::QuantityRules,
    pub times: &'static dyn crate::time::TimeRules,
    pub quotes: &'static dyn crate::quote::QuoteRules,
    pub framing: &'static dyn crate::framing::FramingRules,
    pub search: &'static dyn crate::search::SearchRules,
    pub display: &'static dyn crate::display::DisplayRules,
}

static LANGUAGES: &[&Language] = &[&de::GERMAN, &en::ENGLISH];

/// The rules for `code`. Text whose language could not be detected (`None`, typically a short
/// snippet) gets German rules, the project's first language; a detected language without a
/// module of its own gets English's rules, the most generic (Latin script, straight quotes).
pub fn for_code(code: Option<&str>) -> &'static Language {
    match code {
        None => &de::GERMAN,
        Some(c) => LANGUAGES
            .iter()
            .find(|l| l.code == c)
            .copied()
            .unwrap_or(&en::ENGLISH),
    }
}

/// Every language with rules of its own.
pub fn all() -> impl Iterator<Item = &'static Language> {
    LANGUAGES.iter().copied()
}

/// Codes of the languages with rules of their own.
pub fn supported() -> impl Iterator<Item = &'static str> {
    LANGUAGES.iter().map(|l| l.code)
}
