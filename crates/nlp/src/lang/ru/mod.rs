//! Russian: every stage's rules for this language, one file per stage.

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

/// The Russian rules.
pub struct Russian;

pub static RUSSIAN: Language = Language {
    code: "ru",
    name: "Russian",
    segmentation: &Russian,
    tokens: &Russian,
    entities: &Russian,
    quantities: &Russian,
    times: &Russian,
    quotes: &Russian,
    framing: &Russian,
    search: &Russian,
    display: &Russian,
    cleaning: &Russian,
    story: &Russian,
    sample: &SAMPLE,
};

/// The Russian conformance sample.
pub static SAMPLE: Sample = Sample {
    text: "Путин в Казахстане\n\nПрезидент России Владимир Путин 27 ноября 2024 года прибыл с государственным визитом в Астану. Товарооборот в 2023 году вырос на 7,1% и достиг почти 28 млрд долларов. «Казахстан — наш ближайший союзник», — заявил Путин.",
    sentences: 4,
    quantity: ("28 млрд долларов", 28e9),
    date: ("27 ноября 2024", "2024-11-27"),
    quote: ("Казахстан — наш ближайший союзник", "person:putin"),
};
