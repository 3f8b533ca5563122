//! The quote stage's view of an article: its tokens as words (lower case, capitalisation,
//! whether they lie inside quote marks, their sentence and clause), the quote-mark pairs, and
//! an index from words to entity mentions. Everything here is built in one pass each, so that
//! every later question (`which entity covers this word`, `which person was named last`) is
//! answered in constant or logarithmic time — the stage stays linear in the text.
use parallax_model::{EntityKind, EntityMention, Span, Token};

use super::lexicon::QuoteLexicon;
use super::marks::{marks, Mark};
use crate::lang::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Num,
    Punct,
}

#[derive(Debug, Clone)]
pub(crate) struct Word {
    pub start: usize,
    pub end: usize,
    pub lower: String,
    pub kind: Kind,
    pub cap: bool,
    /// Inside the content of a quote-mark pair.
    pub quoted: bool,
    pub newline_before: bool,
    /// A blank line before: a new paragraph.
    pub paragraph_before: bool,
    pub sentence: usize,
    /// A clause break (`,`, `;`, `:`, a dash, a bracket, a quote mark, a full stop).
    pub is_break: bool,
    /// First word of the clause (after `,`, `;`, `:`, a dash, a bracket or a quote mark).
    pub clause: usize,
    /// The next clause break after this word, or the sentence end.
    pub clause_end: usize,
}

const NO_ENTITY: u32 = u32::MAX;

/// An article prepared for the quote stage.
pub(crate) struct Doc<'a> {
    pub language: &'a Language,
    pub lx: &'a QuoteLexicon,
    pub text: &'a str,
    pub words: Vec<Word>,
    /// Sentences as word ranges (`start..end`), in text order.
    pub sentences: Vec<(usize, usize)>,
    pub marks: Vec<Mark>,
    pub entities: &'a [EntityMention],
    /// Word → the entity mention covering it (persons first, then the longest).
    word_entity: Vec<u32>,
    /// Person mentions outside quote marks, by end: for pronouns and role nouns.
    persons: Vec<(usize, u32)>,
}

/// The raw tokens of the text when the article has none (callers passing `&[]`).
fn own_tokens(language: &Language, text: &str, sentences: &[Span]) -> Vec<Span> {
    let raw = crate::segment::raw_tokens(language.segmentation, text);
    let mut s = 0;
    raw.into_iter()
        .filter(|t| {
            while s < sentences.len() && sentences[s].end <= t.start {
                s += 1;
            }
            sentences.is_empty() || (s < sentences.len() && sentences[s].start <= t.start)
        })
        .map(|t| Span::new(t.start, t.end))
        .collect()
}

fn kind_of(surface: &str) -> Kind {
    let mut chars = surface.chars();
    match chars.next() {
        Some(c) if c.is_alphabetic() => Kind::Word,
        // a hyphenated clitic (`-t-il`) is a word
        Some('-') if chars.next().is_some_and(char::is_alphabetic) => Kind::Word,
        Some(c) if c.is_ascii_digit() => Kind::Num,
        _ => Kind::Punct,
    }
}

fn lower(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.to_lowercase()
    }
}

/// Punctuation that ends a clause.
pub(crate) fn clause_break(s: &str) -> bool {
    matches!(
        s,
        "," | ";"
            | ":"
            | "("
            | ")"
            | "–"
            | "—"
            | "„"
            | "“"
            | "”"
            | "\""
            | "»"
            | "«"
            | "."
            | "!"
            | "?"
    )
}

impl<'a> Doc<'a> {
    pub fn new(
        language: &'a Language,
        lx: &'a QuoteLexicon,
        text: &'a str,
        sentences: &[Span],
        tokens: &[Token],
        entities: &'a [EntityMention],
    ) -> Self {
        let spans: Vec<Span> = if tokens.is_empty() {
            own_tokens(language, text, sentences)
        } else {
            tokens.iter().map(|t| t.span).collect()
        };
        let marks = marks(text);
        let mut words = build_words(text, &spans, sentences, &marks);
        let sentences = sentence_ranges(&mut words);
        mark_clause_ends(&mut words, &sentences);
        let mut doc = Doc {
            language,
            lx,
            text,
            words,
            sentences,
            marks,
            entities,
            word_entity: Vec::new(),
            persons: Vec::new(),
        };
        doc.index_entities();
        doc
    }

    fn index_entities(&mut self) {
        let mut best = vec![NO_ENTITY; self.words.len()];
        let rank = |e: &EntityMention| (e.kind == EntityKind::Person, e.span.len());
        for (k, e) in self.entities.iter().enumerate() {
            let mut i = self.words.partition_point(|w| w.end <= e.span.start);
            while i < self.words.len() && self.words[i].start < e.span.end {
                let better = match best[i] {
                    NO_ENTITY => true,
                    b => rank(e) > rank(&self.entities[b as usize]),
                };
                if better {
                    best[i] = k as u32;
                }
                i += 1;
            }
        }
        self.word_entity = best;
        let mut persons: Vec<(usize, u32)> = self
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EntityKind::Person && !self.in_quote(e.span.start))
            .map(|(k, e)| (e.span.end, k as u32))
            .collect();
        persons.sort_unstable();
        self.persons = persons;
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }
    pub fn w(&self, i: usize) -> &str {
        self.words.get(i).map(|w| w.lower.as_str()).unwrap_or("")
    }
    pub fn surface(&self, i: usize) -> &'a str {
        self.words
            .get(i)
            .and_then(|w| self.text.get(w.start..w.end))
            .unwrap_or("")
    }
    pub fn is_word(&self, i: usize) -> bool {
        self.words.get(i).is_some_and(|w| w.kind == Kind::Word)
    }
    pub fn cap(&self, i: usize) -> bool {
        self.words.get(i).is_some_and(|w| w.cap)
    }
    pub fn quoted(&self, i: usize) -> bool {
        self.words.get(i).is_some_and(|w| w.quoted)
    }
    pub fn span(&self, from: usize, to: usize) -> Span {
        let to = to.max(from + 1).min(self.words.len());
        Span::new(self.words[from].start, self.words[to - 1].end)
    }
    /// The sentence (word range) of word `i`.
    pub fn sentence_of(&self, i: usize) -> (usize, usize) {
        self.words
            .get(i)
            .and_then(|w| self.sentences.get(w.sentence).copied())
            .unwrap_or((0, self.words.len()))
    }
    /// First word at or after byte `pos`.
    pub fn word_at(&self, pos: usize) -> usize {
        self.words.partition_point(|w| w.start < pos)
    }
    pub fn in_quote(&self, pos: usize) -> bool {
        let i = self.words.partition_point(|w| w.end <= pos);
        self.words
            .get(i)
            .is_some_and(|w| w.quoted && w.start <= pos)
    }
    /// The entity mention covering word `i`, if any.
    pub fn entity(&self, i: usize) -> Option<&'a EntityMention> {
        match self.word_entity.get(i).copied() {
            None | Some(NO_ENTITY) => None,
            Some(k) => self.entities.get(k as usize),
        }
    }
    /// The best entity among words `from..to` (a person first, then the longest).
    pub fn entity_in(&self, from: usize, to: usize) -> Option<&'a EntityMention> {
        (from..to.min(self.len()))
            .filter_map(|i| self.entity(i))
            .max_by_key(|e| (e.kind == EntityKind::Person, e.span.len()))
    }
    /// The last person mention outside quote marks ending at or before `pos`.
    pub fn person_before(&self, pos: usize) -> Option<&'a EntityMention> {
        let k = self.persons.partition_point(|(end, _)| *end <= pos);
        k.checked_sub(1)
            .map(|k| &self.entities[self.persons[k].1 as usize])
    }
    /// Up to `n` person mentions before `pos`, the nearest first.
    pub fn persons_before(
        &self,
        pos: usize,
        n: usize,
    ) -> impl Iterator<Item = &'a EntityMention> + '_ {
        let k = self.persons.partition_point(|(end, _)| *end <= pos);
        self.persons[..k]
            .iter()
            .rev()
            .take(n)
            .map(|(_, e)| &self.entities[*e as usize])
    }
    /// The end of the clause of word `i` (the next clause break, or the sentence end).
    pub fn clause_end(&self, i: usize) -> usize {
        self.words
            .get(i)
            .map(|w| w.clause_end)
            .unwrap_or(self.len())
    }
    /// The first word of the clause of word `i`.
    pub fn clause_start(&self, i: usize) -> usize {
        self.words.get(i).map(|w| w.clause).unwrap_or(0)
    }
}

fn build_words(text: &str, spans: &[Span], sentences: &[Span], marks: &[Mark]) -> Vec<Word> {
    let mut words = Vec::with_capacity(spans.len());
    let (mut s, mut m) = (0usize, 0usize);
    let mut prev_end = 0usize;
    let mut clause = 0usize;
    let mut sentence_started = usize::MAX;
    for sp in spans {
        let surface = text.get(sp.start..sp.end).unwrap_or("");
        while s + 1 < sentences.len() && sentences[s].end <= sp.start {
            s += 1;
        }
        while m < marks.len() && marks[m].content_end <= sp.start {
            m += 1;
        }
        let quoted =
            m < marks.len() && marks[m].content_start <= sp.start && sp.end <= marks[m].content_end;
        let gap = text.get(prev_end.min(sp.start)..sp.start).unwrap_or("");
        let i = words.len();
        if sentence_started != s || i == 0 {
            sentence_started = s;
            clause = i;
        }
        let kind = kind_of(surface);
        let is_break = kind == Kind::Punct && clause_break(surface);
        words.push(Word {
            is_break,
            start: sp.start,
            end: sp.end,
            lower: lower(surface),
            kind,
            cap: surface.chars().next().is_some_and(char::is_uppercase),
            quoted,
            newline_before: gap.contains('\n'),
            paragraph_before: gap.matches('\n').count() >= 2,
            sentence: s,
            clause,
            clause_end: 0,
        });
        if is_break {
            clause = i + 1;
        }
        prev_end = sp.end;
    }
    words
}

/// Word ranges of the sentences (consecutive words with the same sentence index); each
/// word's `sentence` becomes the index of its range.
fn sentence_ranges(words: &mut [Word]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for i in 1..=words.len() {
        if i == words.len() || words[i].sentence != words[start].sentence {
            let k = out.len();
            for w in &mut words[start..i] {
                w.sentence = k;
            }
            out.push((start, i));
            start = i;
        }
    }
    out
}

/// Each word's next clause break, in one backward pass per sentence.
fn mark_clause_ends(words: &mut [Word], sentences: &[(usize, usize)]) {
    for &(start, end) in sentences {
        let mut next = end;
        for j in (start..end).rev() {
            words[j].clause_end = next;
            if words[j].is_break {
                next = j;
            }
        }
    }
}
