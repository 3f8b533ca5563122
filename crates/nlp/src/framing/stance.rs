//! Stance toward an article's main actors: the polarity of the sentences that mention each
//! actor, from the language's polarity lexicon (negation flips a term; quoted words count
//! half, and so does a whole sentence that reports speech, since the words are someone
//! else's).

use std::collections::BTreeMap;

use parallax_model::{EntityKind, EntityMention, Polarity, Span, Stance};

use super::lexicon::{inside, Word};
use super::{FramingLexicon, Style};

/// How many actors per article get a stance.
const MAX_ACTORS: usize = 6;
/// Mean sentence score beyond which the stance is positive/negative.
const THRESHOLD: f64 = 0.3;

/// Polarity score of one sentence's words, clamped to -3..3.
fn sentence_score(lex: &FramingLexicon, words: &[Word], quoted: &[Span]) -> f64 {
    let negations: Vec<usize> = lex
        .style
        .find(words, true)
        .into_iter()
        .filter(|m| *m.payload == Style::Negation)
        .map(|m| m.first)
        .collect();
    let mut score = 0.0;
    for m in lex.polarity.find(words, false) {
        let mut s = *m.payload;
        if negations.iter().any(|&n| n < m.first && m.first - n <= 3) {
            s = -s;
        }
        if inside(quoted, words[m.first].start) {
            s *= 0.5;
        }
        score += s;
    }
    score.clamp(-3.0, 3.0)
}

/// "Does any of these spans overlap this one?" in O(log n) per question (a scan per
/// sentence over every quote made long texts quadratic): spans sorted by start, each with
/// the largest end up to it.
struct AnyOverlap {
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl AnyOverlap {
    fn new(spans: &[Span]) -> Self {
        let mut sorted = spans.to_vec();
        sorted.sort_unstable_by_key(|s| s.start);
        let mut max_end = Vec::with_capacity(sorted.len());
        let mut end = 0;
        for s in &sorted {
            end = end.max(s.end);
            max_end.push(end);
        }
        AnyOverlap {
            starts: sorted.iter().map(|s| s.start).collect(),
            max_end,
        }
    }

    /// Does a span overlap `s` (`q.start < s.end && s.start < q.end`)?
    fn any(&self, s: Span) -> bool {
        let n = self.starts.partition_point(|&start| start < s.end);
        n > 0 && self.max_end[n - 1] > s.start
    }
}

pub(super) fn stances(
    lex: &FramingLexicon,
    sentences: &[Span],
    ranges: &[std::ops::Range<usize>],
    all: &[Word],
    entities: &[EntityMention],
    quoted: &[Span],
    speech: &[Span],
) -> Vec<Stance> {
    // Main actors: the most mentioned people, organisations and places.
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for e in entities
        .iter()
        .filter(|e| e.kind != EntityKind::Misc && !e.entity.is_empty())
    {
        *counts.entry(e.entity.as_str()).or_default() += 1;
    }
    let mut actors: Vec<(&str, usize)> = counts.into_iter().collect();
    actors.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let min = if actors.iter().filter(|a| a.1 >= 2).count() >= 2 {
        2
    } else {
        1
    };
    actors.retain(|a| a.1 >= min);
    actors.truncate(MAX_ACTORS);

    let speech = AnyOverlap::new(speech);
    let scores: Vec<f64> = ranges
        .iter()
        .zip(sentences)
        .map(|(r, s)| {
            let score = sentence_score(lex, &all[r.clone()], quoted);
            if speech.any(*s) {
                score * 0.5
            } else {
                score
            }
        })
        .collect();
    let sentence_of = |pos: usize| -> Option<usize> {
        let i = sentences.partition_point(|s| s.end <= pos);
        sentences.get(i).filter(|s| s.start <= pos).map(|_| i)
    };
    let mut out = Vec::new();
    for (actor, _) in actors {
        let mut idx: Vec<usize> = entities
            .iter()
            .filter(|e| e.entity == actor)
            .filter_map(|e| sentence_of(e.span.start))
            .collect();
        idx.sort_unstable();
        idx.dedup();
        if idx.is_empty() {
            continue;
        }
        let mean = idx.iter().map(|&i| scores[i]).sum::<f64>() / idx.len() as f64;
        let polarity = if mean >= THRESHOLD {
            Polarity::Positive
        } else if mean <= -THRESHOLD {
            Polarity::Negative
        } else {
            Polarity::Neutral
        };
        let mut evidence: Vec<(f64, Span)> = idx
            .iter()
            .filter(|&&i| match polarity {
                Polarity::Positive => scores[i] > 0.0,
                Polarity::Negative => scores[i] < 0.0,
                Polarity::Neutral => scores[i] != 0.0,
            })
            .map(|&i| (scores[i].abs(), sentences[i]))
            .collect();
        evidence.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        evidence.truncate(5);
        let mut evidence: Vec<Span> = evidence.into_iter().map(|e| e.1).collect();
        evidence.sort();
        out.push(Stance {
            entity: actor.to_string(),
            polarity,
            score: (mean * 1000.0).round() / 1000.0,
            evidence,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_overlap_answers_as_a_scan_over_every_span_does() {
        let spans = [
            Span::new(50, 60),
            Span::new(0, 3),
            Span::new(10, 40),
            Span::new(12, 14),
            Span::new(70, 70),
        ];
        let index = AnyOverlap::new(&spans);
        for start in 0..80 {
            for end in start..82 {
                let s = Span::new(start, end);
                let scan = spans.iter().any(|q| q.overlaps(s));
                assert_eq!(index.any(s), scan, "{s:?}");
            }
        }
        assert!(!AnyOverlap::new(&[]).any(Span::new(0, 10)));
    }
}
