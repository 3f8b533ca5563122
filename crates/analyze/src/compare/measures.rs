//! The measure lexicon: which words name the same measure, which nouns only stand in for a
//! number (`die 30-Milliarden-Marke`), which words make a number a target or a change, and
//! which words name an event whose date is a fact.
//!
//! The families (key and label) are `data/measures.toml`; their words come from each
//! language ([`parallax_nlp::story::StoryRules::measures_toml`], `data/lang/<code>/measures.toml`)
//! with the endings and compound rule of that language, so this module holds no word of any.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use parallax_nlp::framing::{norm_term, Word};
use serde::Deserialize;

const MEASURES_TOML: &str = include_str!("../../../../data/measures.toml");

/// The shared file: the families.
#[derive(Debug, Deserialize)]
struct File {
    #[serde(default)]
    measure: Vec<FamilyDef>,
    #[serde(default)]
    event: Vec<FamilyDef>,
}

#[derive(Debug, Deserialize)]
struct FamilyDef {
    key: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    whole_event: bool,
}

/// One language's words (`data/lang/<code>/measures.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageFile {
    endings: Vec<String>,
    #[serde(default)]
    compounds: bool,
    #[serde(default)]
    target_heads: Vec<String>,
    #[serde(default)]
    placeholders: Vec<String>,
    #[serde(default)]
    generic: Vec<String>,
    #[serde(default)]
    target: Vec<String>,
    #[serde(default)]
    change: Vec<String>,
    #[serde(default)]
    price_basis_before: Vec<String>,
    #[serde(default)]
    price_basis_after: Vec<String>,
    #[serde(default)]
    measure: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    event: BTreeMap<String, Vec<String>>,
}

/// How the words of one language match: the endings a term may carry, and whether a word
/// ending in a term is that term's compound.
#[derive(Debug, Clone, Default)]
struct Morphology {
    endings: Vec<String>,
    compounds: bool,
}

/// A normalised word of a term with the morphology of its language.
#[derive(Debug, Clone)]
struct TermWord {
    word: String,
    morphology: usize,
}

/// A family of terms naming one measure or event.
#[derive(Debug, Clone)]
pub struct Family {
    pub key: String,
    pub label: String,
    /// An event family naming the whole of a story's event (a visit of several days): two
    /// of its days inside the event's dates are parts of it, not a contradiction. Other
    /// families (talks, a signing) name one moment of it.
    pub whole_event: bool,
    /// Normalised terms; multi-word terms are word lists.
    terms: Vec<Vec<TermWord>>,
}

/// The parsed measure lexicon.
#[derive(Debug, Default)]
pub struct MeasureLexicon {
    pub measures: Vec<Family>,
    pub events: Vec<Family>,
    morphologies: Vec<Morphology>,
    placeholders: Vec<TermWord>,
    target: Vec<TermWord>,
    target_heads: Vec<TermWord>,
    change: Vec<TermWord>,
    generic: Vec<TermWord>,
    price_basis_before: Vec<TermWord>,
    price_basis_after: Vec<TermWord>,
}

/// Every registered language's measure words: `(code, toml)`.
fn shipped_languages() -> Vec<(&'static str, &'static str)> {
    parallax_nlp::lang::all()
        .map(|l| (l.code, l.story.measures_toml()))
        .collect()
}

fn term_words(morphology: usize, terms: &[String]) -> Vec<TermWord> {
    terms
        .iter()
        .map(|t| norm_term(t.trim()))
        .filter(|t| !t.is_empty())
        .map(|word| TermWord { word, morphology })
        .collect()
}

fn multi_word_terms(morphology: usize, terms: &[String]) -> Vec<Vec<TermWord>> {
    terms
        .iter()
        .map(|t| {
            t.split_whitespace()
                .map(norm_term)
                .filter(|w| !w.is_empty())
                .map(|word| TermWord { word, morphology })
                .collect::<Vec<_>>()
        })
        .filter(|t| !t.is_empty())
        .collect()
}

impl MeasureLexicon {
    /// How well a word matches a one-word term: 2 = the term plus an ending of its language,
    /// 1 = the head of a compound (languages that compound, terms of 5+ letters), 0 = none.
    fn word_match(&self, term: &TermWord, word: &str) -> u8 {
        let m = &self.morphologies[term.morphology];
        let t = term.word.as_str();
        let ending = |rest: &str| m.endings.iter().any(|e| e == rest);
        if word.strip_prefix(t).is_some_and(ending) {
            return 2;
        }
        if m.compounds
            && t.chars().count() >= 5
            && m.endings.iter().any(|e| {
                word.strip_suffix(e.as_str())
                    .is_some_and(|b| b.len() > t.len() && b.ends_with(t))
            })
        {
            return 1;
        }
        0
    }

    /// Match quality of a family at `words[i..]`: (quality, number of words), best first.
    fn match_at(&self, family: &Family, words: &[Word], i: usize) -> Option<(u8, usize)> {
        let mut best: Option<(u8, usize)> = None;
        for t in &family.terms {
            if i + t.len() > words.len() {
                continue;
            }
            let q = if t.len() == 1 {
                self.word_match(&t[0], &words[i].norm)
            } else if t
                .iter()
                .zip(&words[i..])
                .all(|(a, w)| self.word_match(a, &w.norm) == 2)
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

    fn contains_term(&self, list: &[TermWord], word: &str) -> bool {
        list.iter().any(|t| self.word_match(t, word) > 0)
    }

    fn inflects_term(&self, list: &[TermWord], word: &str) -> bool {
        list.iter().any(|t| self.word_match(t, word) == 2)
    }

    /// Whether a word among the two before a year (`в ценах 2024 года`) or the word right
    /// after it (`in 2024 prices`) says that the year is the basis of prices, not the time a
    /// figure is about.
    pub fn is_price_basis(&self, before: &[&str], after: Option<&str>) -> bool {
        before
            .iter()
            .any(|w| self.inflects_term(&self.price_basis_before, w))
            || after.is_some_and(|w| self.inflects_term(&self.price_basis_after, w))
    }

    pub fn get() -> &'static MeasureLexicon {
        static LEX: OnceLock<MeasureLexicon> = OnceLock::new();
        LEX.get_or_init(|| Self::parse(MEASURES_TOML, &shipped_languages()).unwrap_or_default())
    }

    /// The lexicon of the shared families and each language's words (`(code, toml)`; an
    /// empty toml adds nothing). A language naming a family the shared file lacks is an error.
    pub fn parse(shared: &str, languages: &[(&str, &str)]) -> Result<MeasureLexicon, String> {
        let f: File = toml::from_str(shared).map_err(|e| format!("measures.toml: {e}"))?;
        let family = |d: &FamilyDef| Family {
            key: d.key.clone(),
            label: d.label.clone(),
            whole_event: d.whole_event,
            terms: Vec::new(),
        };
        let mut lex = MeasureLexicon {
            measures: f.measure.iter().map(family).collect(),
            events: f.event.iter().map(family).collect(),
            ..MeasureLexicon::default()
        };
        for (code, toml_text) in languages {
            if toml_text.trim().is_empty() {
                continue;
            }
            let l: LanguageFile = toml::from_str(toml_text)
                .map_err(|e| format!("data/lang/{code}/measures.toml: {e}"))?;
            let m = lex.morphologies.len();
            lex.morphologies.push(Morphology {
                endings: l.endings.clone(),
                compounds: l.compounds,
            });
            for (families, words) in [(&mut lex.measures, &l.measure), (&mut lex.events, &l.event)]
            {
                for (key, terms) in words {
                    let fam = families.iter_mut().find(|f| f.key == *key).ok_or_else(|| {
                        format!(
                            "data/lang/{code}/measures.toml: `{key}` is no family of data/measures.toml"
                        )
                    })?;
                    fam.terms.extend(multi_word_terms(m, terms));
                }
            }
            lex.placeholders.extend(term_words(m, &l.placeholders));
            lex.generic.extend(term_words(m, &l.generic));
            lex.target.extend(term_words(m, &l.target));
            lex.target_heads.extend(term_words(m, &l.target_heads));
            lex.change.extend(term_words(m, &l.change));
            lex.price_basis_before
                .extend(term_words(m, &l.price_basis_before));
            lex.price_basis_after
                .extend(term_words(m, &l.price_basis_after));
        }
        Ok(lex)
    }

    /// The measure family named by the words of a measure phrase (its last words first).
    pub fn family_of_phrase(&self, words: &[Word]) -> Option<&Family> {
        let mut best: Option<(&Family, (u8, usize), usize)> = None;
        for (i, _) in words.iter().enumerate() {
            for f in &self.measures {
                if let Some(m) = self.match_at(f, words, i) {
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
        self.nearest(&self.measures, words, pos, 1)
    }

    /// Whether the date fact key (`date:besuch`) is of a family naming a whole event.
    pub fn names_whole_event(&self, fact_key: &str) -> bool {
        fact_key
            .strip_prefix("date:")
            .is_some_and(|k| self.events.iter().any(|f| f.key == k && f.whole_event))
    }

    /// The event family named nearest to `pos` among `words` (whole words, no compounds).
    pub fn nearest_event(&self, words: &[Word], pos: usize) -> Option<&Family> {
        self.nearest(&self.events, words, pos, 2)
    }

    fn nearest<'a>(
        &self,
        families: &'a [Family],
        words: &[Word],
        pos: usize,
        min_quality: u8,
    ) -> Option<&'a Family> {
        let mut best: Option<(&Family, usize)> = None;
        for (i, w) in words.iter().enumerate() {
            for f in families {
                if self
                    .match_at(f, words, i)
                    .is_some_and(|m| m.0 >= min_quality)
                {
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
        self.contains_term(&self.placeholders, word)
    }

    /// A word making a number a target: a listed word, or a compound ending in a target
    /// noun (`30milliardendollarmarke`, `zielmarke`).
    pub fn is_target_word(&self, word: &str) -> bool {
        self.inflects_term(&self.target, word)
            || self
                .target_heads
                .iter()
                .any(|t| self.word_match(t, word) == 1)
    }

    /// A noun that counts many different things (`Menschen`): never a conflict.
    pub fn is_generic(&self, word: &str) -> bool {
        self.inflects_term(&self.generic, word)
    }

    pub fn is_change_word(&self, word: &str) -> bool {
        self.inflects_term(&self.change, word)
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
        let lex = MeasureLexicon::parse(MEASURES_TOML, &shipped_languages())
            .expect("data/measures.toml and every data/lang/*/measures.toml parse");
        assert!(lex.measures.len() > 10 && lex.events.len() > 3);
        // Every family is named by some language's words.
        for f in lex.measures.iter().chain(&lex.events) {
            assert!(!f.terms.is_empty(), "family `{}` has no words", f.key);
        }
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
    fn a_language_naming_an_unknown_family_is_an_error() {
        let err = MeasureLexicon::parse(
            "[[measure]]\nkey = \"preis\"\n",
            &[("xx", "endings = [\"\"]\n[measure]\nprize = [\"prize\"]\n")],
        )
        .unwrap_err();
        assert!(err.contains("`prize` is no family"), "{err}");
    }

    #[test]
    fn endings_and_compounds_are_the_language_s() {
        let lex = MeasureLexicon::parse(
            "[[measure]]\nkey = \"preis\"\n",
            &[
                (
                    "de",
                    "endings = [\"\", \"es\"]\ncompounds = true\n[measure]\npreis = [\"preis\"]\n",
                ),
                (
                    "en",
                    "endings = [\"\", \"s\"]\n[measure]\npreis = [\"price\"]\n",
                ),
            ],
        )
        .unwrap();
        let key = |t: &str| lex.family_of_phrase(&ws(t)).map(|f| f.key.clone());
        assert_eq!(key("des Preises"), Some("preis".into()));
        assert_eq!(key("Listenpreis"), Some("preis".into()));
        assert_eq!(key("prices"), Some("preis".into()));
        // German endings and compounds are not English ones.
        assert_eq!(key("pricees"), None);
        assert_eq!(key("overprice"), None);
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
