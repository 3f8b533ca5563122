//! French: every stage's rules for this language, one file per stage.

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

/// The French rules.
pub struct French;

pub static FRENCH: Language = Language {
    code: "fr",
    name: "French",
    segmentation: &French,
    tokens: &French,
    entities: &French,
    quantities: &French,
    times: &French,
    quotes: &French,
    framing: &French,
    search: &French,
    display: &French,
    cleaning: &French,
    story: &French,
    sample: &SAMPLE,
};

/// The French conformance sample.
pub static SAMPLE: Sample = Sample {
    text: "Poutine au Kazakhstan\n\nLe président russe Vladimir Poutine est arrivé le 27 novembre 2024 à Astana pour une visite d'État. Les échanges ont progressé de 7,1 % en 2023 pour atteindre près de 28 milliards de dollars. « Le Kazakhstan est notre plus proche allié », a déclaré Vladimir Poutine.",
    sentences: 4,
    quantity: ("28 milliards de dollars", 28e9),
    date: ("27 novembre 2024", "2024-11-27"),
    quote: ("Le Kazakhstan est notre plus proche allié", "person:putin"),
};
