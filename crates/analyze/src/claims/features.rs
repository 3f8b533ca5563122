//! What the aligner knows of each claim candidate: its words (weighted by how rare they are in
//! the story), its entities, figures, days and speaker, and its encoder vector when there is one.

use std::collections::HashMap;

use parallax_model::{AnnotatedArticle, EntityKind, QuantizedVector, QuoteKind, Span, TimeExpr};

/// One claim candidate of one article of the story.
#[derive(Debug)]
pub struct Candidate<'a> {
    /// Index of the article in the story's member list.
    pub article: usize,
    pub span: Span,
    pub text: &'a str,
    /// The story event of its article, if the story has events.
    pub event: Option<&'a str>,
    /// Sparse weighted terms, sorted by term id, L2-normalised.
    pub terms: Vec<(u32, f32)>,
    pub persons: Vec<&'a str>,
    /// Days (and ranges of days) the candidate names, as ISO strings.
    pub days: Vec<String>,
    /// The speaker a quote in this candidate is attributed to.
    pub speaker: Option<&'a str>,
    pub is_quote: bool,
    /// The speaker of a direct quote in the candidate (its words in quote marks).
    pub direct_speaker: Option<&'a str>,
    pub vector: Option<&'a QuantizedVector>,
}

/// Term ids, shared by every candidate of one story.
#[derive(Default)]
struct Terms {
    ids: HashMap<String, u32>,
}

impl Terms {
    fn id(&mut self, term: String) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(term).or_insert(next)
    }
}

/// Entities, figures and dates weigh more than a word: they carry across languages and
/// tell apart sentences that read alike.
const EVIDENCE_WEIGHT: f32 = 2.0;

/// The candidates of a story's articles, with their features.
pub fn candidates<'a>(
    articles: &[&'a AnnotatedArticle],
    event_of: &HashMap<&str, &'a str>,
    encoder: Option<&str>,
) -> Vec<Candidate<'a>> {
    let mut terms = Terms::default();
    let mut raw: Vec<(Candidate<'a>, Vec<(u32, f32)>)> = Vec::new();
    for (index, a) in articles.iter().enumerate() {
        let vectors = a
            .vectors
            .as_ref()
            .filter(|v| Some(v.model.as_str()) == encoder)
            .filter(|v| v.candidates.len() == a.claim_candidates.len());
        for (k, &span) in a.claim_candidates.iter().enumerate() {
            let text = span.slice(&a.article.text);
            if text.is_empty() {
                continue;
            }
            let counts = term_counts(a, span, &mut terms);
            raw.push((
                Candidate {
                    article: index,
                    span,
                    text,
                    event: event_of.get(a.article.id.as_str()).copied(),
                    terms: Vec::new(),
                    persons: entities_in(a, span, EntityKind::Person),
                    days: days_in(&a.times, span),
                    speaker: speaker_in(a, span),
                    direct_speaker: direct_speaker_in(a, span),
                    is_quote: a
                        .quotes
                        .iter()
                        .any(|q| q.kind != QuoteKind::Term && span.overlaps(q.span)),
                    vector: vectors.and_then(|v| v.candidates.get(k)),
                },
                counts,
            ));
        }
    }
    let idf = inverse_document_frequency(raw.iter().map(|(_, c)| c.as_slice()), terms.ids.len());
    raw.into_iter()
        .map(|(mut c, counts)| {
            c.terms = weigh(&counts, &idf);
            c
        })
        .collect()
}

/// Raw term counts of a candidate: word stems, entity ids, figures with their unit, dates.
fn term_counts(a: &AnnotatedArticle, span: Span, terms: &mut Terms) -> Vec<(u32, f32)> {
    let mut counts: HashMap<u32, f32> = HashMap::new();
    let first = a.tokens.partition_point(|t| t.span.end <= span.start);
    for t in a.tokens[first..]
        .iter()
        .take_while(|t| t.span.start < span.end)
    {
        if t.stem.chars().filter(|c| c.is_alphanumeric()).count() >= 2 {
            *counts.entry(terms.id(format!("w:{}", t.stem))).or_default() += 1.0;
        }
    }
    for m in a.entities.iter().filter(|m| span.contains(m.span)) {
        *counts
            .entry(terms.id(format!(
                "e:{}",
                parallax_nlp::entities::name_skeleton(&m.entity)
            )))
            .or_default() += EVIDENCE_WEIGHT;
    }
    for q in a.quantities.iter().filter(|q| span.contains(q.span)) {
        let figure = format!("n:{}:{}", q.value, q.unit);
        *counts.entry(terms.id(figure)).or_default() += EVIDENCE_WEIGHT;
    }
    for t in a.times.iter().filter(|t| span.contains(t.span)) {
        if let Some(v) = &t.value {
            *counts.entry(terms.id(format!("d:{v}"))).or_default() += EVIDENCE_WEIGHT;
        }
    }
    let mut out: Vec<(u32, f32)> = counts.into_iter().collect();
    out.sort_by_key(|&(id, _)| id);
    out
}

/// Smoothed inverse document frequency of each term over the story's candidates: words every
/// sentence has (function words, in any language) weigh little, without a stopword list.
fn inverse_document_frequency<'a>(
    docs: impl Iterator<Item = &'a [(u32, f32)]> + Clone,
    n_terms: usize,
) -> Vec<f32> {
    let mut df = vec![0u32; n_terms];
    let mut n = 0f32;
    for d in docs {
        n += 1.0;
        for &(id, _) in d {
            df[id as usize] += 1;
        }
    }
    df.iter()
        .map(|&f| ((n + 1.0) / (f as f32 + 1.0)).ln() + 1.0)
        .collect()
}

fn weigh(counts: &[(u32, f32)], idf: &[f32]) -> Vec<(u32, f32)> {
    let mut out: Vec<(u32, f32)> = counts
        .iter()
        .map(|&(id, c)| (id, (1.0 + c.ln()) * idf[id as usize]))
        .collect();
    let norm = out.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        out.iter_mut().for_each(|(_, w)| *w /= norm);
    }
    out
}

/// Cosine of two weighted term vectors (both sorted by id, unit length).
pub fn lexical_cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0f32);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

fn entities_in(a: &AnnotatedArticle, span: Span, kind: EntityKind) -> Vec<&str> {
    let mut out: Vec<&str> = a
        .entities
        .iter()
        .filter(|m| m.kind == kind && span.contains(m.span))
        .map(|m| m.entity.as_str())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Day-precise dates (`2024-11-27`, `2024-11-27/2024-11-28`) resolved without guessing.
fn days_in(times: &[TimeExpr], span: Span) -> Vec<String> {
    let mut out: Vec<String> = times
        .iter()
        .filter(|t| span.contains(t.span) && t.anchored_to != parallax_model::Anchor::TextDate)
        .filter_map(|t| t.value.as_ref().map(|v| v.to_string()))
        .filter(|v| is_day(v))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// `YYYY-MM-DD`, optionally a range of two such days.
pub fn is_day(v: &str) -> bool {
    let day = |d: &str| {
        d.len() == 10
            && d.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            })
    };
    match v.split_once('/') {
        Some((a, b)) => day(a) && day(b),
        None => day(v),
    }
}

fn direct_speaker_in(a: &AnnotatedArticle, span: Span) -> Option<&str> {
    a.quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Direct && span.overlaps(q.span))
        .find_map(|q| q.speaker.as_deref())
}

fn speaker_in(a: &AnnotatedArticle, span: Span) -> Option<&str> {
    a.quotes
        .iter()
        .filter(|q| q.kind != QuoteKind::Term && span.overlaps(q.span))
        .find_map(|q| q.speaker.as_deref())
}
