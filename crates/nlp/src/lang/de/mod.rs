//! German: every stage's rules for this language, one file per stage.

mod display;
mod entities;
mod framing;
mod quantities;
mod quotes;
mod search;
mod segmentation;
mod times;

use super::Language;

/// The German rules.
pub struct German;

pub static GERMAN: Language = Language {
    code: "de",
    segmentation: &German,
    entities: &German,
    quantities: &German,
    times: &German,
    quotes: &German,
    framing: &German,
    search: &German,
    display: &German,
};
