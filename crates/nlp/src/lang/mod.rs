//! The language registry. A [`Language`] bundles one language's rules for every stage;
//! each stage defines the trait its rules implement (see the stage modules).

pub mod de;
pub mod en;
pub mod es;
pub mod fr;

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
    pub cleaning: &'static dyn crate::cleaning::CleaningRules,
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

/// Languages with cleaning patterns but no module for the other stages yet: their texts are
/// cleaned with their own patterns, everything else uses [`for_code`]'s fallback.
static CLEANING_ONLY: &[(&str, &dyn crate::cleaning::CleaningRules)] =
    &[("es", &es::Spanish), ("fr", &fr::French)];

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

/// Every language with rules of its own.
pub fn all() -> impl Iterator<Item = &'static Language> {
    LANGUAGES.iter().copied()
}

/// Codes of the languages with rules of their own.
pub fn supported() -> impl Iterator<Item = &'static str> {
    LANGUAGES.iter().map(|l| l.code)
}
