//! Sentence subjectivity: does the sentence carry the author's own judgement, feeling or
//! appeal? A transparent additive score over lexicon features counted outside quote marks
//! (quoted words are someone else's). Weights and threshold were set by hand before any
//! evaluation and are not fitted to any data set.

use parallax_model::Span;

use super::lexicon::{inside, words, Word};
use super::{FramingRules, Style};
use crate::lang::Language;

/// Feature counts of one sentence (outside quotes).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    pub first_singular: usize,
    pub first_plural: usize,
    pub direct: usize,
    pub formal: usize,
    pub exclamations: usize,
    pub questions: usize,
    pub evaluative: usize,
    pub intensifiers: usize,
    pub particles: usize,
    pub opinion: usize,
    pub cues: usize,
    pub strong_polarity: usize,
    pub emoji: usize,
    pub call_to_action: usize,
    pub modal: usize,
    pub commerce: usize,
}

impl Features {
    pub fn add(&mut self, o: &Features) {
        self.first_singular += o.first_singular;
        self.first_plural += o.first_plural;
        self.direct += o.direct;
        self.formal += o.formal;
        self.exclamations += o.exclamations;
        self.questions += o.questions;
        self.evaluative += o.evaluative;
        self.intensifiers += o.intensifiers;
        self.particles += o.particles;
        self.opinion += o.opinion;
        self.cues += o.cues;
        self.strong_polarity += o.strong_polarity;
        self.emoji += o.emoji;
        self.call_to_action += o.call_to_action;
        self.modal += o.modal;
        self.commerce += o.commerce;
    }

    /// The additive subjectivity score (weights fixed a priori).
    pub fn score(&self) -> f64 {
        let capped = |n: usize, w: f64, cap: f64| (n as f64 * w).min(cap);
        let any = |n: usize, w: f64| if n > 0 { w } else { 0.0 };
        any(self.opinion, 2.0)
            + any(self.first_singular, 1.5)
            + any(self.first_plural, 0.75)
            + any(self.direct + self.formal, 1.5)
            + any(self.exclamations, 1.5)
            + any(self.questions, 1.0)
            + capped(self.evaluative, 1.0, 2.0)
            + capped(self.intensifiers, 0.5, 1.0)
            + capped(self.particles, 0.5, 1.0)
            + capped(self.cues, 1.0, 2.0)
            + capped(self.strong_polarity, 0.5, 1.0)
            + any(self.emoji, 1.0)
            + any(self.call_to_action, 1.0)
    }
}

/// Score at or above which a sentence counts as subjective.
pub const SUBJECTIVE_THRESHOLD: f64 = 1.5;

/// The judgement of one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceJudgement {
    pub span: Span,
    pub score: f64,
    pub subjective: bool,
    pub features: Features,
    /// Number of words in the sentence.
    pub words: usize,
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F300..=0x1FAFF | 0x2600..=0x27BF | 0x1F1E6..=0x1F1FF | 0x2B50 | 0x2B55)
}

/// Judge the sentence `span` of `text`, given its words and the quoted stretches of the text.
pub fn judge_sentence(
    rules: &dyn FramingRules,
    text: &str,
    span: Span,
    sentence_words: &[Word],
    quoted: &[Span],
) -> SentenceJudgement {
    let lex = rules.lexicon();
    let mut f = Features::default();
    let own: Vec<Word> = sentence_words
        .iter()
        .filter(|w| !inside(quoted, w.start))
        .cloned()
        .collect();
    let first_word_start = sentence_words.first().map(|w| w.start);
    for m in lex.style.find(&own, true) {
        let w = &own[m.first];
        match m.payload {
            Style::Evaluative => f.evaluative += 1,
            Style::Intensifier => f.intensifiers += 1,
            Style::Particle => f.particles += 1,
            Style::Opinion => f.opinion += 1,
            Style::FirstSingular => f.first_singular += 1,
            Style::FirstPlural => f.first_plural += 1,
            Style::Direct => f.direct += 1,
            Style::Formal => {
                // `Sie` with a capital inside a sentence (not its first word, not after a colon).
                let after_colon = text
                    .get(..w.start)
                    .map(|t| t.trim_end().ends_with([':', '„', '"', '“', '(', '-', '–']))
                    .unwrap_or(false);
                if rules.formal_address_capitalized()
                    && w.capitalized
                    && Some(w.start) != first_word_start
                    && !after_colon
                {
                    f.formal += 1;
                }
            }
            Style::CallToAction => f.call_to_action += 1,
            Style::Modal => f.modal += 1,
            Style::Commerce => f.commerce += 1,
            Style::Negation => {}
        }
    }
    f.cues = lex.cues.find(&own, false).len();
    f.strong_polarity = lex
        .polarity
        .find(&own, false)
        .iter()
        .filter(|m| m.payload.abs() >= 2.0)
        .count();
    let body = span.slice(text);
    for (i, c) in body.char_indices() {
        let pos = span.start + i;
        if inside(quoted, pos) {
            continue;
        }
        match c {
            '!' => f.exclamations += 1,
            c if is_emoji(c) => f.emoji += 1,
            _ => {}
        }
    }
    let trimmed = body.trim_end();
    if trimmed.ends_with('?') && !inside(quoted, span.start + trimmed.len() - 1) {
        f.questions += 1;
    }
    let score = f.score();
    SentenceJudgement {
        span,
        score,
        subjective: score >= SUBJECTIVE_THRESHOLD,
        features: f,
        words: sentence_words.len(),
    }
}

/// Judge one standalone sentence (used by the subjectivity evaluation).
pub fn sentence_subjectivity(language: &Language, sentence: &str) -> SentenceJudgement {
    let span = Span::new(0, sentence.len());
    let quoted = super::quoted_regions(sentence, &[]);
    let w = words(sentence, span);
    judge_sentence(language.framing, sentence, span, &w, &quoted)
}
