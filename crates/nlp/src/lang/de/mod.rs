//! German: every stage's rules for this language, one file per stage.

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

/// The German rules.
pub struct German;

pub static GERMAN: Language = Language {
    code: "de",
    name: "German",
    segmentation: &German,
    tokens: &German,
    entities: &German,
    quantities: &German,
    times: &German,
    quotes: &German,
    framing: &German,
    search: &German,
    display: &German,
    cleaning: &German,
    story: &German,
    sample: &SAMPLE,
};

/// The German conformance sample.
pub static SAMPLE: Sample = Sample {
    text: "Putin in Kasachstan\n\nDer russische Präsident Wladimir Putin ist am 27. November 2024 zu einem Staatsbesuch in Astana eingetroffen. Der Handel stieg 2023 um 7,1 Prozent auf rund 28 Milliarden US-Dollar. „Kasachstan ist unser engster Verbündeter“, sagte Putin.",
    sentences: 4,
    quantity: ("rund 28 Milliarden US-Dollar", 28e9),
    date: ("27. November 2024", "2024-11-27"),
    quote: ("Kasachstan ist unser engster Verbündeter", "person:putin"),
};
