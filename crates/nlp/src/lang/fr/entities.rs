//! French entity rules: no trained tagger (capitalised names, typed by the name tables),
//! French name tables; names and place adjectives are not inflected.

use std::sync::OnceLock;

use super::French;
use crate::entities::knowledge::as_written;
use crate::entities::{EntityRules, Knowledge, NameMorphology};
use crate::ner::{self, Gazetteer};

/// Every form of a French place adjective is listed in `demonyms.txt`; names take no
/// endings (the elided article stays apart: `l'Ukraine` is read as `Ukraine`).
static MORPHOLOGY: NameMorphology = NameMorphology {
    adjective_endings: &[],
    adjective_stem_ends: &[],
    demonym_suffix: None,
    name_endings: &[],
    compound_endings: &[""],
    transliterate: as_written,
};

/// French has no trained tagger: capitalised sequences typed by the alias tables (the shared
/// id tables and the French names) and the first-name gazetteer.
impl EntityRules for French {
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
                    include_str!("../../../../../data/lang/fr/entity-aliases.txt"),
                ],
                include_str!("../../../../../data/lang/fr/demonyms.txt"),
                include_str!("../../../../../data/lang/fr/roles.txt"),
                include_str!("../../../../../data/lang/fr/entity-stopwords.txt"),
            )
        })
    }
}
