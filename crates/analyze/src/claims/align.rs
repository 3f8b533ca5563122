//! Aligning candidates of different articles into claims: the encoder (or, without it, the
//! weighted words) proposes pairs that say the same thing; figures, dates and people
//! decide — they keep apart sentences that read alike but state different facts, and they
//! join sentences whose figures the fact matrix has already matched.

use std::collections::HashMap;

use parallax_model::FactStatus;

use super::evidence::FactEvidence;
use super::features::{lexical_cosine, Candidate};

/// How sure the aligner must be that two sentences say the same thing.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    /// Encoder cosine for a pair without figure evidence.
    pub vector: f32,
    /// Encoder cosine when the fact matrix matched the pair's figures or dates.
    pub vector_with_evidence: f32,
    /// Lexical cosine for a pair without figure evidence (no encoder).
    pub lexical: f32,
    pub lexical_with_evidence: f32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            vector: 0.91,
            vector_with_evidence: 0.84,
            lexical: 0.42,
            lexical_with_evidence: 0.15,
        }
    }
}

/// Candidates one story can compare all pairs of; above, only pairs sharing a rare term.
const ALL_PAIRS_UP_TO: usize = 2_500;
/// A term in more candidates than this proposes no pairs (it says nothing about sameness).
const MAX_POSTINGS: usize = 64;

/// Pairs `(i, j, score)` with `i < j`, different articles, worth aligning, best first.
pub fn scored_pairs(
    cands: &[Candidate<'_>],
    evidence: &FactEvidence<'_>,
    thresholds: Thresholds,
) -> Vec<(usize, usize, f32)> {
    let mut out = Vec::new();
    let mut consider = |i: usize, j: usize| {
        let (a, b) = (&cands[i], &cands[j]);
        if a.article == b.article || blocked(a, b, evidence.get(i, j)) {
            return;
        }
        let fact = evidence.get(i, j);
        let backed = matches!(fact, Some(FactStatus::Agree | FactStatus::Conflict));
        let (score, needed) = match (a.vector, b.vector) {
            (Some(x), Some(y)) => (
                parallax_nlp::embed::cosine(x, y),
                if backed {
                    thresholds.vector_with_evidence
                } else {
                    thresholds.vector
                },
            ),
            _ => (
                lexical_cosine(&a.terms, &b.terms),
                if backed {
                    thresholds.lexical_with_evidence
                } else {
                    thresholds.lexical
                },
            ),
        };
        if score >= needed {
            out.push((i, j, score));
        }
    };
    if cands.len() <= ALL_PAIRS_UP_TO {
        for i in 0..cands.len() {
            for j in i + 1..cands.len() {
                consider(i, j);
            }
        }
    } else {
        let mut pairs = pairs_sharing_rare_terms(cands);
        pairs.extend(neighbours_by_signature(cands));
        pairs.sort_unstable();
        pairs.dedup();
        for (i, j) in pairs {
            consider(i, j);
        }
    }
    out.sort_by(|x, y| {
        y.2.partial_cmp(&x.2)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then((x.0, x.1).cmp(&(y.0, y.1)))
    });
    out
}

/// Candidate pairs of a large story: those sharing a term held by few candidates.
fn pairs_sharing_rare_terms(cands: &[Candidate<'_>]) -> Vec<(usize, usize)> {
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, c) in cands.iter().enumerate() {
        for &(t, _) in &c.terms {
            postings.entry(t).or_default().push(i);
        }
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for list in postings.values().filter(|l| l.len() <= MAX_POSTINGS) {
        for (x, &i) in list.iter().enumerate() {
            for &j in &list[x + 1..] {
                pairs.push((i.min(j), i.max(j)));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Candidates next to each other in an order of their similarity signatures: the rare-term
/// pairs miss sentences made only of words every source uses (a story of many near-identical
/// reports), so each candidate is also paired with its nearest few in several orders of a
/// 64-bit signature (SimHash: of its encoder vector where it has one, else of its terms),
/// each order starting at another bit — close sentences share long runs of bits.
fn neighbours_by_signature(cands: &[Candidate<'_>]) -> Vec<(usize, usize)> {
    const WINDOW: usize = 4;
    let signatures: Vec<u64> = cands.iter().map(signature).collect();
    let mut order: Vec<usize> = (0..cands.len()).collect();
    let mut pairs = Vec::new();
    for rotation in [0, 16, 32, 48] {
        order.sort_by_key(|&i| (signatures[i].rotate_left(rotation), i));
        for (k, &i) in order.iter().enumerate() {
            for &j in order.iter().skip(k + 1).take(WINDOW) {
                pairs.push((i.min(j), i.max(j)));
            }
        }
    }
    pairs
}

/// A candidate's 64-bit SimHash: of its encoder vector (signs against fixed pseudo-random
/// hyperplanes), else of its weighted terms.
fn signature(c: &Candidate<'_>) -> u64 {
    let mut acc = [0f32; 64];
    match c.vector {
        Some(v) => {
            for (d, &x) in v.values.iter().enumerate() {
                let plane = mix(d as u64);
                for (b, slot) in acc.iter_mut().enumerate() {
                    let sign = if plane >> b & 1 == 1 { 1.0 } else { -1.0 };
                    *slot += sign * f32::from(x);
                }
            }
        }
        None => {
            for &(t, w) in &c.terms {
                let h = mix(u64::from(t) | 1 << 40);
                for (b, slot) in acc.iter_mut().enumerate() {
                    *slot += if h >> b & 1 == 1 { w } else { -w };
                }
            }
        }
    }
    acc.iter().enumerate().fold(
        0u64,
        |sig, (b, &x)| if x > 0.0 { sig | 1 << b } else { sig },
    )
}

/// SplitMix64's finaliser: a fixed, well-spread hash of a number.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Two candidates that cannot be one claim, whatever their wording: of different events
/// (unless both state a figure the fact matrix matched and neither names a day: background
/// facts such as a treaty count recur across events), of one measure in different scopes, or
/// about other people, or other days.
pub fn blocked(a: &Candidate<'_>, b: &Candidate<'_>, fact: Option<FactStatus>) -> bool {
    if matches!((a.event, b.event), (Some(x), Some(y)) if x != y) {
        let background = fact == Some(FactStatus::Agree) && a.days.is_empty() && b.days.is_empty();
        if !background {
            return true;
        }
    }
    match fact {
        Some(FactStatus::DifferentScope) => return true,
        Some(FactStatus::Agree | FactStatus::Conflict) => return false,
        _ => {}
    }
    // Places do not tell two claims apart: a city and its country (`Sarybel`, `Kandarien`)
    // name one place at two scales, and other events and days block the claims of another
    // trip already.
    // The same quoted words with other speakers are one claim in dispute, not two claims.
    let same_quote = a.direct_speaker.is_some() && b.direct_speaker.is_some() && same_words(a, b);
    (disjoint_names(&a.persons, &b.persons) && !same_quote)
        || (!a.days.is_empty() && !b.days.is_empty() && disjoint(&a.days, &b.days) && !a.is_quote)
}

/// Both lists name someone or somewhere and no name of one may be a name of the other in
/// another spelling (`location:kandarien`, `location:kandaria`).
fn disjoint_names(a: &[&str], b: &[&str]) -> bool {
    !a.is_empty()
        && !b.is_empty()
        && !a
            .iter()
            .any(|x| b.iter().any(|y| parallax_nlp::entities::same_name(x, y)))
}

/// Two candidates say the same words: close in meaning when both were embedded, else in
/// their words (the alignment's own thresholds without evidence).
pub fn same_words(a: &Candidate<'_>, b: &Candidate<'_>) -> bool {
    let t = Thresholds::default();
    match (a.vector, b.vector) {
        (Some(x), Some(y)) => parallax_nlp::embed::cosine(x, y) >= t.vector,
        _ => lexical_cosine(&a.terms, &b.terms) >= t.lexical,
    }
}

/// Both lists name something and share nothing.
fn disjoint<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    !a.is_empty() && !b.is_empty() && !a.iter().any(|x| b.contains(x))
}

/// Merge pairs into clusters, best pair first: a cluster never holds two candidates of one
/// article, and never two candidates that are blocked from each other.
pub fn cluster(
    cands: &[Candidate<'_>],
    pairs: &[(usize, usize, f32)],
    evidence: &FactEvidence<'_>,
) -> Vec<Vec<usize>> {
    let mut cluster_of: Vec<usize> = (0..cands.len()).collect();
    let mut members: Vec<Vec<usize>> = (0..cands.len()).map(|i| vec![i]).collect();
    for &(i, j, _) in pairs {
        let (ci, cj) = (cluster_of[i], cluster_of[j]);
        if ci == cj {
            continue;
        }
        let compatible = members[ci].iter().all(|&x| {
            members[cj].iter().all(|&y| {
                let (lo, hi) = (x.min(y), x.max(y));
                cands[x].article != cands[y].article
                    && !blocked(&cands[x], &cands[y], evidence.get(lo, hi))
            })
        });
        if !compatible {
            continue;
        }
        let moved = std::mem::take(&mut members[cj]);
        for &m in &moved {
            cluster_of[m] = ci;
        }
        members[ci].extend(moved);
    }
    let mut out: Vec<Vec<usize>> = members.into_iter().filter(|m| !m.is_empty()).collect();
    for m in &mut out {
        m.sort_unstable();
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::Span;

    fn candidate(article: usize, terms: &[u32]) -> Candidate<'static> {
        let w = 1.0 / (terms.len() as f32).sqrt();
        Candidate {
            article,
            span: Span::new(0, 1),
            text: "",
            event: None,
            terms: terms.iter().map(|&t| (t, w)).collect(),
            persons: Vec::new(),
            days: Vec::new(),
            speaker: None,
            is_quote: false,
            direct_speaker: None,
            vector: None,
        }
    }

    /// 1,000 reports of three sentences each, every word in every report: no term is rare,
    /// yet each sentence is one claim of a thousand sources.
    #[test]
    fn a_story_of_many_near_identical_reports_still_aligns_its_sentences() {
        let sentences: [&[u32]; 3] = [&[1, 2, 3, 4, 5], &[6, 7, 8, 9], &[10, 11, 12, 2]];
        let cands: Vec<Candidate<'static>> = (0..1000)
            .flat_map(|a| sentences.iter().map(move |s| candidate(a, s)))
            .collect();
        assert!(cands.len() > ALL_PAIRS_UP_TO);
        let evidence = FactEvidence::new(&[]);
        let pairs = scored_pairs(&cands, &evidence, Thresholds::default());
        let clusters = cluster(&cands, &pairs, &evidence);
        let mut sizes: Vec<usize> = clusters.iter().map(Vec::len).collect();
        sizes.sort_unstable();
        assert_eq!(sizes, [1000, 1000, 1000]);
        assert!(
            pairs.len() < 40 * cands.len(),
            "a few pairs per candidate, not all {} pairs",
            cands.len() * cands.len() / 2
        );
    }

    #[test]
    fn the_same_quoted_words_of_other_speakers_are_one_claim_other_words_are_not() {
        let said = |article: usize, person: &'static str, terms: &[u32]| {
            let mut c = candidate(article, terms);
            c.persons = vec![person];
            c.direct_speaker = Some(person);
            c.is_quote = true;
            c
        };
        let vereshin = said(0, "person:vereshin", &[1, 2, 3, 4]);
        let yessimov = said(1, "person:jesimov", &[1, 2, 3, 4]);
        assert!(!blocked(&vereshin, &yessimov, None));
        // other words by another person, or the same words outside quotation marks
        let other_words = said(1, "person:jesimov", &[5, 6, 7, 8]);
        assert!(blocked(&vereshin, &other_words, None));
        let mut reported = candidate(1, &[1, 2, 3, 4]);
        reported.persons = vec!["person:jesimov"];
        assert!(blocked(&vereshin, &reported, None));
    }
}
