//! German sentence and token rules: abbreviations, ordinals, hyphens.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::German;
use crate::segment::{word_set, SegmentationRules};

fn abbreviations() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        word_set(include_str!(
            "../../../../../data/lang/de/abbreviations.txt"
        ))
    })
}

fn ordinal_followers() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        word_set(include_str!(
            "../../../../../data/lang/de/ordinal-followers.txt"
        ))
    })
}

impl SegmentationRules for German {
    fn is_abbreviation(&self, word: &str) -> bool {
        abbreviations().contains(word) || (word.len() > 4 && word.ends_with("str"))
    }
    fn is_ordinal_follower(&self, word: &str) -> bool {
        ordinal_followers().contains(word)
    }
    fn is_ordinal_preceder(&self, word: &str) -> bool {
        matches!(
            word,
            "am" | "Am"
                | "im"
                | "Im"
                | "zum"
                | "Zum"
                | "vom"
                | "Vom"
                | "bis"
                | "Bis"
                | "seit"
                | "Seit"
                | "ab"
                | "Ab"
                | "den"
                | "dem"
                | "der"
                | "des"
                | "die"
                | "das"
                | "Den"
                | "Der"
                | "Die"
                | "Das"
                | "beim"
                | "Beim"
                | "zur"
                | "Zur"
                | "und"
                | "oder"
                | "–"
                | "-"
        )
    }
    fn ordinal_full_stop(&self) -> bool {
        true
    }
    fn abbreviation_may_end(&self, abbrev: &str) -> bool {
        matches!(
            abbrev,
            "etc." | "usw." | "usf." | "u.a.m." | "u.v.m." | "v.Chr." | "n.Chr."
        )
    }
    fn is_hyphen_conjunction(&self, word: &str) -> bool {
        matches!(
            word,
            "und" | "oder" | "bis" | "sowie" | "bzw" | "als" | "wie" | "noch"
        )
    }
}
