//! English entity rules: the tagger (if any), name tables and name morphology.

use std::sync::OnceLock;

use super::English;
use crate::entities::knowledge::as_written;
use crate::entities::{EntityRules, Knowledge, NameMorphology};
use crate::ner::{self, Gazetteer};

/// English place adjectives do not inflect (irregular ones are listed in `demonyms.txt`);
/// names take a possessive `'s`.
static MORPHOLOGY: NameMorphology = NameMorphology {
    adjective_endings: &[],
    adjective_stem_ends: &[],
    demonym_suffix: None,
    name_endings: &["'s", "’s", "'", "’"],
    compound_endings: &["", "s"],
    transliterate: as_written,
};

/// English has no trained tagger: capitalised sequences typed by the alias tables
/// (which list English spellings too) and the first-name gazetteer.
impl EntityRules for English {
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
                include_str!("../../../../../data/lang/en/demonyms.txt"),
                include_str!("../../../../../data/lang/en/roles.txt"),
                include_str!("../../../../../data/lang/en/entity-stopwords.txt"),
            )
        })
    }
}
