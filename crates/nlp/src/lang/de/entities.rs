//! German entity rules: the tagger (if any), name tables and name morphology.

use std::sync::OnceLock;

use super::German;
use crate::entities::knowledge::as_written;
use crate::entities::{EntityRules, Knowledge, NameMorphology};
use crate::ner::{self, Gazetteer, Model};

/// German inflects place adjectives (`russisch|en`) and forms regular ones with `-isch`
/// (`kasachisch`); names take a genitive `s` (`Putins`) or, after a sibilant, an apostrophe;
/// role compounds take case endings (`Kremlchefs`).
static MORPHOLOGY: NameMorphology = NameMorphology {
    adjective_endings: &["en", "em", "er", "es", "e"],
    adjective_stem_ends: &["isch", "sch", "er", "ch"],
    demonym_suffix: Some("isch"),
    name_endings: &["'s", "’s", "s", "'", "’"],
    compound_endings: &["", "s", "es", "en", "n"],
    transliterate: as_written,
};

impl EntityRules for German {
    fn tagger(&self) -> Option<(&'static Model, &'static Gazetteer)> {
        Some((ner::german_model()?, ner::german_gazetteer()))
    }
    fn gazetteer(&self) -> Option<&'static Gazetteer> {
        Some(ner::german_gazetteer())
    }
    fn knowledge(&self) -> &'static Knowledge {
        static K: OnceLock<Knowledge> = OnceLock::new();
        K.get_or_init(|| {
            Knowledge::parse(
                &MORPHOLOGY,
                &[
                    include_str!("../../../../../data/lang/de/entity-aliases-countries.tsv"),
                    include_str!("../../../../../data/lang/de/entity-aliases.txt"),
                ],
                include_str!("../../../../../data/lang/de/demonyms.txt"),
                include_str!("../../../../../data/lang/de/roles.txt"),
                include_str!("../../../../../data/lang/de/entity-stopwords.txt"),
            )
        })
    }
}
