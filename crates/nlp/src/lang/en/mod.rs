//! English: every stage's rules for this language, one file per stage.

mod cleaning;
mod display;
mod entities;
mod framing;
mod quantities;
mod quotes;
mod search;
mod segmentation;
mod story;
mod times;
mod tokens;

use super::{Language, Sample};

/// The English rules.
pub struct English;

pub static ENGLISH: Language = Language {
    code: "en",
    name: "English",
    segmentation: &English,
    tokens: &English,
    entities: &English,
    quantities: &English,
    times: &English,
    quotes: &English,
    framing: &English,
    search: &English,
    display: &English,
    cleaning: &English,
    story: &English,
    sample: &SAMPLE,
};

/// The English conformance sample.
pub static SAMPLE: Sample = Sample {
    text: "Putin in Kazakhstan\n\nRussian President Vladimir Putin arrived in Astana on November 27, 2024 for a state visit. Trade rose by 7.1 percent in 2023 to about $28 billion. \"Kazakhstan is our closest ally,\" Putin said.",
    sentences: 4,
    quantity: ("about $28 billion", 28e9),
    date: ("November 27, 2024", "2024-11-27"),
    quote: ("Kazakhstan is our closest ally,", "person:putin"),
};
