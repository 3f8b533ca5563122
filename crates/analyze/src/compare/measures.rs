//! The measure lexicon (`data/measures.toml`): which words name the same measure, which nouns
//! only stand in for a number (`die 30-Milliarden-Marke`), which words make a number a target
//! or a change, and which words name an event whose date is a fact.

use std::sync::OnceLock;

use parallax_nlp::framing::{norm_term, Word};
use serde::Deserialize;

const MEASURES_TOML: &str = include_str!("../../../../data/measures.toml");

/// Inflection endings a term may carry (`handelsvolumens`, `verträgen`).
const ENDINGS: &[&str] = &["", "s", "es", "e", "en", "n", "er", "ern", "ens"];

#[derive(Debug, Deserialize)]
struct File {
    #[serde(default)]
    measure: Vec<FamilyDef>,
    #[serde(default)]
    placeholders: TermList,
    #[serde(default)]
    target: TermList,
    #[serde(default)]
    change: TermList,
    #[serde(default)]
    generic: TermList,
    #[serde(default)]
    event: Vec<FamilyDef>,
}

#[derive(Debug, Deserialize)]
struct FamilyDef {
    key: String,
    #[serde(default)]
    label: String,
    terms: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
struct TermList {
    #[serde(default)]
    terms: Vec<String>,
}

/// A family of terms naming one measure or event.
#[derive(Debug, Clone)]
pub struct Family {
    pub key: String,
    pub label: String,
    /// Normalised terms; multi-word terms are word lists.
    terms: Vec<Vec<String>>,
}

/// The parsed measure lexicon.
#[derive(Debug, Default)]
pub struct MeasureLexicon {
    pub measures: Vec<Family>,
    pub events: Vec<Family>,
    placeholders: Vec<String>,
    target: Vec<String>,
    change: Vec<String>,
    generic: Vec<String>,
}

fn norm_list(terms: &[String]) -> Vec<String> {
    terms
        .iter()
        .map(|t| norm_term(t.trim()))
        .filter(|t| !t.is_empty())
        .collect()
}

fn family(d: &FamilyDef) -> Family {
    Family {
        key: d.key.clone(),
        label: d.label.clone(),
        terms: d
            .terms
            .iter()
            .map(|t| {
                t.split_whitespace()
                    .map(norm_term)
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
            })
            .filter(|t| !t.is_empty())
            .collect(),
    }
}

/// How well a word matches a one-word term: 2 = the term plus an inflection ending,
/// 1 = the tail of a compound (terms of 5+ letters), 0 = no match.
fn word_match(term: &str, word: &str) -> u8 {
    let exact = word
        .strip_prefix(term)
        .map(|rest| ENDINGS.contains(&rest))
        .unwrap_or(false);
    if exact {
        return 2;
    }
    if term.chars().count() >= 5
        && ENDINGS.iter().any(|e| {
            word.strip_suffix(e)
                .map(|b| b.len() > term.len() && b.ends_with(term))
                .unwrap_or(false)
        })
    {
        return 1;
    }
    0
}

impl Family {
    /// Match quality of this family at `words[i..]`: (quality, number of words), best first.
    fn match_at(&self, words: &[Word], i: usize) -> Option<(u8, usize)> {
        let mut best: Option<(u8, usize)> = None;
        for t in &self.terms {
            if i + t.len() > words.len() {
                continue;
            }
            let q = if t.len() == 1 {
                word_match(&t[0], &words[i].norm)
            } else if t
                .iter()
                .zip(&words[i..])
                .all(|(a, w)| word_match(a, &w.norm) == 2)
            {
                3
            } else {
                0
            };
            if q > 0 && best.map(|b| (q, t.len()) > b).unwrap_or(true) {
                best = Some((q, t.len()));
            }
        }
        best
    }
}

fn contains_term(list: &[String], word: &str) -> bool {
    list.iter().any(|t| word_match(t, word) > 0)
}

impl MeasureLexicon {
    pub fn get() -> &'static MeasureLexicon {
        static LEX: OnceLock<MeasureLexicon> = OnceLock::new();
        LEX.get_or_init(|| Self::parse(MEASURES_TOML).unwrap_or_default())
    }

    pub fn parse(s: &str) -> Result<MeasureLexicon, String> {
        let f: File = toml::from_str(s).map_err(|e| format!("measures.toml: {e}"))?;
        Ok(MeasureLexicon {
            measures: f.measure.iter().map(family).collect(),
            events: f.event.iter().map(family).collect(),
            placeholders: norm_list(&f.placeholders.terms),
            target: norm_list(&f.target.terms),
            change: norm_list(&f.change.terms),
            generic: norm_list(&f.generic.terms),
        })
    }

    /// The measure family named by the words of a measure phrase (its last words first).
    pub fn family_of_phrase(&self, words: &[Word]) -> Option<&Family> {
        let mut best: Option<(&Family, (u8, usize), usize)> = None;
        for (i, _) in words.iter().enumerate() {
            for f in &self.measures {
                if let Some(m) = f.match_at(words, i) {
                    let better = match best {
                        None => true,
                        Some((_, bm, bi)) => m > bm || (m == bm && i > bi),
                    };
                    if better {
                        best = Some((f, m, i));
                    }
                }
            }
        }
        best.map(|b| b.0)
    }

    /// The measure family whose term is nearest to byte `pos` among `words`.
    pub fn nearest_family(&self, words: &[Word], pos: usize) -> Option<&Family> {
        let mut best: Option<(&Family, usize)> = None;
        for (i, w) in words.iter().enumerate() {
            for f in &self.measures {
                if f.match_at(words, i).is_some() {
                    let d = if w.end <= pos {
                        pos - w.end
                    } else {
                        w.start.saturating_sub(pos)
                    };
                    if best.map(|b| d < b.1).unwrap_or(true) {
                        best = Some((f, d));
                    }
                }
            }
        }
        best.map(|b| b.0)
    }

    /// The event family named nearest to `pos` among `words`.
    pub fn nearest_event(&self, words: &[Word], pos: usize) -> Option<&Family> {
        let mut best: Option<(&Family, usize)> = None;
        for (i, w) in words.iter().enumerate() {
            for f in &self.events {
                if f.match_at(words, i).is_some_and(|m| m.0 >= 2) {
                    let d = if w.end <= pos {
                        pos - w.end
                    } else {
                        w.start.saturating_sub(pos)
                    };
                    if best.map(|b| d < b.1).unwrap_or(true) {
                        best = Some((f, d));
                    }
                }
            }
        }
        best.map(|b| b.0)
    }

    /// Whether a word only stands in for a number (`Marke`, `Wert`, `Höhe`).
    pub fn is_placeholder(&self, word: &str) -> bool {
        contains_term(&self.placeholders, word)
    }

    pub fn is_target_word(&self, word: &str) -> bool {
        self.target.iter().any(|t| word_match(t, word) == 2) || self.is_target_compound(word)
    }

    /// `30milliardendollarmarke`, `zielmarke`: a compound ending in a target noun.
    fn is_target_compound(&self, word: &str) -> bool {
        ["marke", "ziel", "zielwert"]
            .iter()
            .any(|t| word_match(t, word) == 1)
    }

    /// A noun that counts many different things (`Menschen`): never a conflict.
    pub fn is_generic(&self, word: &str) -> bool {
        self.generic.iter().any(|t| word_match(t, word) == 2)
    }

    pub fn is_change_word(&self, word: &str) -> bool {
        self.change.iter().any(|t| word_match(t, word) == 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::Span;
    use parallax_nlp::framing::words;

    fn ws(t: &str) -> Vec<Word> {
        words(t, Span::new(0, t.len()))
    }

    #[test]
    fn shipped_file_parses() {
        let lex = MeasureLexicon::parse(MEASURES_TOML).expect("data/measures.toml parses");
        assert!(lex.measures.len() > 10 && lex.events.len() > 3);
    }

    #[test]
    fn synonyms_and_compounds_share_a_family() {
        let lex = MeasureLexicon::get();
        for m in [
            "Handelsumsatz",
            "des Handelsvolumens",
            "Warenumsatz",
            "der Handel",
            "Außenhandelsumsatzes",
            "bilateral trade",
        ] {
            assert_eq!(
                lex.family_of_phrase(&ws(m)).map(|f| f.key.as_str()),
                Some("handelsumsatz"),
                "{m}"
            );
        }
        assert_eq!(
            lex.family_of_phrase(&ws("Verträge und Vereinbarungen"))
                .map(|f| f.key.as_str()),
            Some("vertrag")
        );
        assert!(lex.family_of_phrase(&ws("Handelspartner")).is_none());
    }

    #[test]
    fn placeholders_targets_and_changes() {
        let lex = MeasureLexicon::get();
        assert!(lex.is_placeholder("marke") && lex.is_placeholder("30milliardendollarmarke"));
        assert!(
            lex.is_target_word("anstreben")
                && lex.is_target_word("streben")
                && lex.is_target_word("30milliardenusdollarmarke")
        );
        assert!(!lex.is_target_word("erreichte"));
        assert!(lex.is_change_word("gestiegen") && !lex.is_change_word("lag"));
    }
}
