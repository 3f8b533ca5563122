use std::sync::OnceLock;

use super::German;
use crate::entities::{EntityRules, Knowledge};
use crate::ner::{self, Gazetteer, Model};

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
