//! Framing cues: genre, loaded language, wording, stance, subjectivity.
//!
//! Everything here is lexicon-driven and explainable: each language supplies a
//! [`FramingLexicon`] (from `data/lang/<code>/framing.toml`, `framing_polarity.txt` and the
//! shared `data/wording.toml`), and every decision carries its evidence — cue spans, the
//! sentences judged subjective, the reasons for the genre, the sentences behind a stance.

pub mod genre;
mod lexicon;
mod stance;
mod subjectivity;

use std::collections::BTreeMap;

use parallax_model::{
    EntityMention, Framing, FramingCue, Genre, Quote, QuoteKind, Span, Token, WordingHit,
};
use serde::Deserialize;

use crate::lang::Language;
pub use genre::{GenreContext, GenreFeatures, GenreModel};
pub use lexicon::{inside, norm_term, quoted_spans, words, Match, Matcher, Word};
pub use subjectivity::{judge_sentence, sentence_subjectivity, Features, SentenceJudgement};

/// What a language supplies to the framing stage.
pub trait FramingRules: Sync {
    /// The language's framing lexicon (parsed once).
    fn lexicon(&self) -> &FramingLexicon;
    /// Whether a capitalised `Sie`/`Ihnen`/`Ihr` inside a sentence is the formal "you"
    /// (German), so it counts as direct address.
    fn formal_address_capitalized(&self) -> bool {
        false
    }
}

/// Style markers counted by the genre and subjectivity judgements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    Evaluative,
    Intensifier,
    Particle,
    Opinion,
    FirstSingular,
    FirstPlural,
    Direct,
    Formal,
    CallToAction,
    Negation,
    Modal,
    Commerce,
}

/// One language's framing lexicon.
#[derive(Debug, Default)]
pub struct FramingLexicon {
    /// Loaded-language and persuasion terms → category.
    pub cues: Matcher<String>,
    pub style: Matcher<Style>,
    /// Polarity terms → score (-2..2).
    pub polarity: Matcher<f64>,
    /// Wording terms → (family, variant).
    pub wording: Matcher<(String, String)>,
    /// Labels that name a genre in a headline or at the start (`Kommentar`, `Anzeige`).
    pub genre_labels: Matcher<Genre>,
    /// The style list's negation words, normalised (`nicht`, `not`): a minimising cue right
    /// after one (`nicht nur ein …`) adds instead.
    pub negations: std::collections::HashSet<String>,
}

#[derive(Deserialize, Default)]
struct FramingFile {
    /// Inflection endings the language's one-word terms may carry in the text.
    #[serde(default)]
    endings: Vec<String>,
    #[serde(default)]
    cue: Vec<CueDef>,
    #[serde(default)]
    style: StyleDef,
    #[serde(default)]
    genre_labels: GenreLabelsDef,
}

#[derive(Deserialize, Default)]
struct GenreLabelsDef {
    #[serde(default)]
    opinion: Vec<String>,
    #[serde(default)]
    promotional: Vec<String>,
}

#[derive(Deserialize)]
struct CueDef {
    category: String,
    terms: Vec<String>,
}

#[derive(Deserialize, Default)]
struct StyleDef {
    #[serde(default)]
    evaluative: Vec<String>,
    #[serde(default)]
    intensifiers: Vec<String>,
    #[serde(default)]
    particles: Vec<String>,
    #[serde(default)]
    opinion: Vec<String>,
    #[serde(default)]
    first_person_singular: Vec<String>,
    #[serde(default)]
    first_person_plural: Vec<String>,
    #[serde(default)]
    direct_address: Vec<String>,
    #[serde(default)]
    formal_address: Vec<String>,
    #[serde(default)]
    call_to_action: Vec<String>,
    #[serde(default)]
    negations: Vec<String>,
    #[serde(default)]
    modal: Vec<String>,
    #[serde(default)]
    commerce: Vec<String>,
}

#[derive(Deserialize, Default)]
struct WordingFile {
    #[serde(default)]
    family: Vec<FamilyDef>,
    /// Plain names of the loaded-language categories.
    #[serde(default)]
    category: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct FamilyDef {
    id: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    variant: Vec<VariantDef>,
}

#[derive(Deserialize)]
struct VariantDef {
    id: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(flatten)]
    terms: BTreeMap<String, toml::Value>,
}

/// What a reader sees for wording families, variants and cue categories (from
/// `data/wording.toml`).
#[derive(Debug, Default)]
pub struct FramingLabels {
    families: BTreeMap<String, String>,
    variants: BTreeMap<(String, String), String>,
    categories: BTreeMap<String, String>,
}

impl FramingLabels {
    /// The family's label (`the spelling of Ukraine's capital`).
    pub fn family(&self, family: &str) -> String {
        self.families
            .get(family)
            .cloned()
            .unwrap_or_else(|| plain(family))
    }
    /// The variant's label within its family (`Kyiv (Ukrainian-derived spelling)`).
    pub fn variant(&self, family: &str, variant: &str) -> String {
        self.variants
            .get(&(family.to_string(), variant.to_string()))
            .cloned()
            .unwrap_or_else(|| plain(variant))
    }
    /// The loaded-language category's label (`us versus them`).
    pub fn category(&self, category: &str) -> String {
        self.categories
            .get(category)
            .cloned()
            .unwrap_or_else(|| plain(category))
    }
}

/// An id without a label, readable at least: hyphens become spaces.
fn plain(id: &str) -> String {
    id.replace('-', " ")
}

/// The labels of the shipped `data/wording.toml`.
pub fn labels() -> &'static FramingLabels {
    static LABELS: std::sync::OnceLock<FramingLabels> = std::sync::OnceLock::new();
    LABELS.get_or_init(|| {
        let Ok(file) = toml::from_str::<WordingFile>(WORDING_TOML) else {
            return FramingLabels::default();
        };
        let mut labels = FramingLabels {
            categories: file.category,
            ..FramingLabels::default()
        };
        for fam in file.family {
            for var in &fam.variant {
                if let Some(l) = &var.label {
                    labels
                        .variants
                        .insert((fam.id.clone(), var.id.clone()), l.clone());
                }
            }
            if let Some(l) = fam.label {
                labels.families.insert(fam.id, l);
            }
        }
        labels
    })
}

/// The shared wording lexicon (all languages).
pub const WORDING_TOML: &str = include_str!("../../../../data/wording.toml");

impl FramingLexicon {
    /// Build a lexicon from the language's files. Malformed data gives an empty part (the
    /// tests check that the shipped files parse).
    pub fn load(code: &str, framing_toml: &str, polarity_txt: &str) -> FramingLexicon {
        Self::try_load(code, framing_toml, polarity_txt).unwrap_or_default()
    }

    /// Like [`FramingLexicon::load`], reporting a parse error instead of hiding it.
    pub fn try_load(
        code: &str,
        framing_toml: &str,
        polarity_txt: &str,
    ) -> Result<FramingLexicon, String> {
        let file: FramingFile =
            toml::from_str(framing_toml).map_err(|e| format!("framing.toml: {e}"))?;
        let endings = &file.endings;
        let mut lex = FramingLexicon {
            cues: Matcher::with_endings(endings),
            style: Matcher::with_endings(endings),
            polarity: Matcher::with_endings(endings),
            wording: Matcher::with_endings(endings),
            genre_labels: Matcher::with_endings(endings),
            negations: Default::default(),
        };
        for cue in &file.cue {
            for t in &cue.terms {
                lex.cues.add(t, cue.category.clone());
            }
        }
        let s = &file.style;
        let groups: [(&Vec<String>, Style); 12] = [
            (&s.evaluative, Style::Evaluative),
            (&s.intensifiers, Style::Intensifier),
            (&s.particles, Style::Particle),
            (&s.opinion, Style::Opinion),
            (&s.first_person_singular, Style::FirstSingular),
            (&s.first_person_plural, Style::FirstPlural),
            (&s.direct_address, Style::Direct),
            (&s.formal_address, Style::Formal),
            (&s.call_to_action, Style::CallToAction),
            (&s.negations, Style::Negation),
            (&s.modal, Style::Modal),
            (&s.commerce, Style::Commerce),
        ];
        for (terms, style) in groups {
            for t in terms {
                lex.style.add(t, style);
            }
        }
        lex.negations = s
            .negations
            .iter()
            .map(String::as_str)
            .map(norm_term)
            .collect();
        for t in &file.genre_labels.opinion {
            lex.genre_labels.add(t, Genre::Opinion);
        }
        for t in &file.genre_labels.promotional {
            lex.genre_labels.add(t, Genre::Promotional);
        }
        for (n, line) in polarity_txt.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split('\t');
            let (Some(term), Some(score)) = (parts.next(), parts.next()) else {
                return Err(format!(
                    "framing_polarity.txt line {}: expected term TAB score",
                    n + 1
                ));
            };
            let score: f64 = score
                .trim()
                .parse()
                .map_err(|_| format!("framing_polarity.txt line {}: bad score", n + 1))?;
            lex.polarity.add(term.trim(), score);
        }
        let wording: WordingFile =
            toml::from_str(WORDING_TOML).map_err(|e| format!("wording.toml: {e}"))?;
        for fam in &wording.family {
            for var in &fam.variant {
                if let Some(toml::Value::Array(terms)) = var.terms.get(code) {
                    for t in terms.iter().filter_map(|t| t.as_str()) {
                        lex.wording.add(t, (fam.id.clone(), var.id.clone()));
                    }
                }
            }
        }
        Ok(lex)
    }
}

/// Quoted stretches: quote marks found in the text plus direct quotes found by the quote
/// stage, merged, sorted and non-overlapping.
fn quoted_regions(text: &str, quotes: &[Quote]) -> Vec<Span> {
    let mut spans = quoted_spans(text);
    spans.extend(
        quotes
            .iter()
            .filter(|q| q.kind == QuoteKind::Direct)
            .map(|q| q.span),
    );
    spans.sort();
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match merged.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => merged.push(s),
        }
    }
    merged
}

/// The words of each sentence (indices into `all`).
fn sentence_word_ranges(all: &[Word], sentences: &[Span]) -> Vec<std::ops::Range<usize>> {
    sentences
        .iter()
        .map(|s| {
            let a = all.partition_point(|w| w.start < s.start);
            let b = all.partition_point(|w| w.start < s.end);
            a..b.max(a)
        })
        .collect()
}

/// Framing of one article: genre with reasons, loaded-language cues, wording hits, stance
/// toward its main actors, and the share of subjective sentences.
pub fn analyze(
    language: &Language,
    text: &str,
    sentences: &[Span],
    tokens: &[Token],
    entities: &[EntityMention],
    quotes: &[Quote],
) -> Framing {
    analyze_in(
        language,
        text,
        sentences,
        tokens,
        entities,
        quotes,
        GenreContext::default(),
    )
}

/// The sentences to judge: the given ones that lie in the text, or the whole text.
fn usable_sentences(text: &str, sentences: &[Span]) -> Vec<Span> {
    let s: Vec<Span> = sentences
        .iter()
        .copied()
        .filter(|s| !s.is_empty() && text.get(s.start..s.end).is_some())
        .collect();
    if s.is_empty() && !text.is_empty() {
        vec![Span::new(0, text.len())]
    } else {
        s
    }
}

/// The genre features of an article (what [`analyze_in`] decides the genre from).
pub fn genre_features(
    language: &Language,
    text: &str,
    sentences: &[Span],
    quotes: &[Quote],
    context: GenreContext,
) -> GenreFeatures {
    let sentences = usable_sentences(text, sentences);
    let quoted = quoted_regions(text, quotes);
    let all = words(text, Span::new(0, text.len()));
    let ranges = sentence_word_ranges(&all, &sentences);
    let judgements: Vec<SentenceJudgement> = sentences
        .iter()
        .zip(&ranges)
        .map(|(s, r)| judge_sentence(language.framing, text, *s, &all[r.clone()], &quoted))
        .collect();
    features_of(language, text, &all, &judgements, &quoted, quotes, context)
}

fn features_of(
    language: &Language,
    text: &str,
    all: &[Word],
    judgements: &[SentenceJudgement],
    quoted: &[Span],
    quotes: &[Quote],
    context: GenreContext,
) -> GenreFeatures {
    let title = context.title.unwrap_or("");
    let title_words = words(title, Span::new(0, title.len()));
    genre::features(&genre::GenreInput {
        lexicon: language.framing.lexicon(),
        text,
        words: all,
        judgements,
        quoted,
        quotes,
        context,
        title_words: &title_words,
    })
}

/// [`analyze`] with what the genre judgement may know besides the text: the headline and
/// the outlet's kind.
pub fn analyze_in(
    language: &Language,
    text: &str,
    sentences: &[Span],
    _tokens: &[Token],
    entities: &[EntityMention],
    quotes: &[Quote],
    context: GenreContext,
) -> Framing {
    let rules = language.framing;
    let lex = rules.lexicon();
    let sentences = usable_sentences(text, sentences);
    let quoted = quoted_regions(text, quotes);
    let all = words(text, Span::new(0, text.len()));

    let cues: Vec<FramingCue> = lex
        .cues
        .find(&all, false)
        .into_iter()
        // `nicht nur ein …` / `not just a …` adds, it does not minimise.
        .filter(|m| {
            m.payload != "minimisation"
                || m.first == 0
                || !lex.negations.contains(&all[m.first - 1].norm)
        })
        .map(|m| {
            let span = Span::new(all[m.first].start, all[m.last].end);
            FramingCue {
                span,
                text: span.slice(text).to_string(),
                category: m.payload.clone(),
                quoted: inside(&quoted, span.start),
            }
        })
        .collect();
    let wording: Vec<WordingHit> = lex
        .wording
        .find(&all, false)
        .into_iter()
        .map(|m| {
            let span = Span::new(all[m.first].start, all[m.last].end);
            WordingHit {
                span,
                text: span.slice(text).to_string(),
                family: m.payload.0.clone(),
                variant: m.payload.1.clone(),
            }
        })
        .collect();

    let ranges = sentence_word_ranges(&all, &sentences);
    let judgements: Vec<SentenceJudgement> = sentences
        .iter()
        .zip(&ranges)
        .map(|(s, r)| judge_sentence(rules, text, *s, &all[r.clone()], &quoted))
        .collect();
    let features = features_of(language, text, &all, &judgements, &quoted, quotes, context);
    let (genre, genre_reasons) = decide_genre(&judgements, &features);
    let counted: Vec<&SentenceJudgement> = judgements.iter().filter(|j| j.words >= 3).collect();
    let subjective_sentences: Vec<Span> = counted
        .iter()
        .filter(|j| j.subjective)
        .map(|j| j.span)
        .collect();
    let subjectivity = if counted.is_empty() {
        0.0
    } else {
        round3(subjective_sentences.len() as f64 / counted.len() as f64)
    };
    let speech: Vec<Span> = quotes
        .iter()
        .filter(|q| q.kind != QuoteKind::Term)
        .map(|q| q.span)
        .collect();
    let stance = stance::stances(lex, &sentences, &ranges, &all, entities, &quoted, &speech);
    Framing {
        genre,
        genre_reasons,
        cues,
        wording,
        stance,
        subjectivity,
        subjective_sentences,
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Genre from the article's features (the shipped [`GenreModel`]), with reasons: the
/// decision and the features that weighed most, then what was counted.
fn decide_genre(
    judgements: &[SentenceJudgement],
    features: &GenreFeatures,
) -> (Genre, Vec<String>) {
    let mut reasons = counted_reasons(judgements);
    let Some(model) = GenreModel::shipped() else {
        reasons.insert(0, "report: the genre model is missing".to_string());
        return (Genre::Report, reasons);
    };
    let d = model.decide(features);
    let p = d
        .probabilities
        .iter()
        .find(|(g, _)| *g == d.genre)
        .map_or(0.0, |x| x.1);
    let why: Vec<&str> = d
        .contributions
        .iter()
        .take(3)
        .filter_map(|(i, _)| genre::FEATURES.get(*i).map(|f| f.1))
        .collect();
    let head = if why.is_empty() {
        format!("{} ({:.0}% likely)", genre::genre_name(d.genre), p * 100.0)
    } else {
        format!(
            "{} ({:.0}% likely): {}",
            genre::genre_name(d.genre),
            p * 100.0,
            why.join("; ")
        )
    };
    reasons.insert(0, head);
    (d.genre, reasons)
}

/// What the sentence judgements counted, as short reasons.
fn counted_reasons(judgements: &[SentenceJudgement]) -> Vec<String> {
    let counted: Vec<&SentenceJudgement> = judgements.iter().filter(|j| j.words >= 3).collect();
    let n = counted.len().max(1);
    let subjective = counted.iter().filter(|j| j.subjective).count();
    let mut total = Features::default();
    for j in judgements {
        total.add(&j.features);
    }
    let mut reasons = vec![format!(
        "{subjective} of {n} sentences subjective ({:.0}%)",
        subjective as f64 / n as f64 * 100.0
    )];
    let mut note = |count: usize, what: &str| {
        if count > 0 {
            reasons.push(format!("{what}: {count}"));
        }
    };
    note(total.first_singular, "first person singular outside quotes");
    note(total.first_plural, "first person plural outside quotes");
    note(total.direct + total.formal, "direct address of the reader");
    note(total.exclamations, "exclamations");
    note(total.emoji, "emoji");
    note(total.call_to_action, "calls to act (join, subscribe, buy)");
    note(total.evaluative, "evaluative words");
    note(total.opinion, "opinion phrases");
    note(total.cues, "loaded-language cues outside quotes");
    reasons
}

#[cfg(test)]
mod tests;
