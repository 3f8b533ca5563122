//! English: every stage's rules for this language, one file per stage.

mod display;
mod entities;
mod framing;
mod quantities;
mod quotes;
mod search;
mod segmentation;
mod times;

use super::Language;

/// The English rules.
pub struct English;

pub static ENGLISH: Language = Language {
    code: "en",
    segmentation: &English,
    entities: &English,
    quantities: &English,
    times: &English,
    quotes: &English,
    framing: &English,
    search: &English,
    display: &English,
};
