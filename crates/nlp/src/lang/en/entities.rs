use std::sync::OnceLock;

use super::English;
use crate::entities::{EntityRules, Knowledge};
use crate::ner::{self, Gazetteer};

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
