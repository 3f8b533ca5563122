//! Claims: what each source of a story says, aligned across sources and languages.
//!
//! A claim is a statement an article makes about its story. The nlp stage picks each
//! article's claim candidates (sentences or clauses that state something); here the
//! candidates of a story's articles are aligned ([`align`]): the same proposition in other
//! words or another language is one claim. Numbers, dates and the people involved decide
//! between sentences that read alike but state different facts, using the fact matrix of
//! [`crate::compare`] for figures (with their subjects) and event dates. Claims of different events of a story
//! are never merged. Each claim is `shared` (≥ 2 independent origins; copies of one article
//! count once), `single`, or `disputed` (its sources contradict each other, with the reason).

pub mod align;
pub mod evidence;
pub mod features;

use std::collections::{BTreeSet, HashMap};

use parallax_model::{
    AnnotatedArticle, Claim, ClaimCell, ClaimDispute, ClaimKind, ClaimStatus, FactKind, FactRow,
    FactStatus, Span,
};

use align::Thresholds;
use evidence::FactEvidence;
use features::Candidate;

/// Everything the claims of one story are computed from.
pub struct StoryInput<'a> {
    pub articles: &'a [&'a AnnotatedArticle],
    /// The story event of each article (by id), when the story has events.
    pub event_of: &'a HashMap<&'a str, &'a str>,
    /// The origin of each copy (by id); an article missing here is its own origin.
    pub origin_of: &'a HashMap<&'a str, &'a str>,
    /// The story's fact matrix.
    pub rows: &'a [FactRow],
}

/// The claims of one story: disputed first, then shared, then single.
pub fn of_story(input: &StoryInput<'_>) -> Vec<Claim> {
    of_story_with(input, Thresholds::default())
}

/// [`of_story`] with explicit thresholds (evaluation).
pub fn of_story_with(input: &StoryInput<'_>, thresholds: Thresholds) -> Vec<Claim> {
    let encoder = common_encoder(input.articles);
    let cands = features::candidates(input.articles, input.event_of, encoder);
    let facts = FactLinks::new(input, &cands);
    let pairs = align::scored_pairs(&cands, &facts.evidence, thresholds);
    let clusters = align::cluster(&cands, &pairs, &facts.evidence);
    let mut claims: Vec<(Claim, (usize, usize))> = clusters
        .iter()
        .map(|members| {
            let first = &cands[members[0]];
            (
                build_claim(input, &cands, &facts, members),
                (first.article, first.span.start),
            )
        })
        .collect();
    claims.sort_by(|(a, pa), (b, pb)| {
        rank(a.status)
            .cmp(&rank(b.status))
            .then(b.origins.cmp(&a.origins))
            .then(pa.cmp(pb))
    });
    claims.into_iter().map(|(c, _)| c).collect()
}

fn rank(s: ClaimStatus) -> u8 {
    match s {
        ClaimStatus::Disputed => 0,
        ClaimStatus::Shared => 1,
        ClaimStatus::Single => 2,
    }
}

/// The encoder whose vectors every article of the story carries, if any: vectors of different
/// models (or a story partly embedded) fall back to words for all, so scores stay comparable.
fn common_encoder<'a>(articles: &[&'a AnnotatedArticle]) -> Option<&'a str> {
    let mut models = articles
        .iter()
        .map(|a| a.vectors.as_ref().map(|v| v.model.as_str()));
    let first = models.next()??;
    models.all(|m| m == Some(first)).then_some(first)
}

/// How the fact matrix links candidates: which pairs its figures and dates match or
/// contradict (and why), and which candidates state a figure, a date or a quote.
struct FactLinks<'a> {
    evidence: FactEvidence<'a>,
    kind: HashMap<usize, ClaimKind>,
    family: HashMap<usize, usize>,
    family_labels: Vec<String>,
}

impl<'a> FactLinks<'a> {
    fn new(input: &StoryInput<'a>, cands: &[Candidate<'_>]) -> Self {
        let article_index: HashMap<&str, usize> = input
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.article.id.as_str(), i))
            .collect();
        let mut by_article: Vec<Vec<usize>> = vec![Vec::new(); input.articles.len()];
        for (i, c) in cands.iter().enumerate() {
            by_article[c.article].push(i);
        }
        // Candidates of an article are in text order and do not overlap.
        let locate = |article: &str, span: Span| -> Option<usize> {
            let list = &by_article[*article_index.get(article)?];
            let k = list.partition_point(|&i| cands[i].span.end <= span.start);
            list.get(k)
                .copied()
                .filter(|&i| cands[i].span.contains(span))
        };
        let mut links = FactLinks {
            evidence: FactEvidence::new(input.rows),
            kind: HashMap::new(),
            family: HashMap::new(),
            family_labels: Vec::new(),
        };
        for row in input.rows {
            let cells: Vec<Option<usize>> = row
                .cells
                .iter()
                .map(|c| locate(&c.article, Span::new(c.start, c.end)))
                .collect();
            let family = links.family_labels.len();
            links
                .family_labels
                .push(family_label(input, row).unwrap_or_default());
            for (cell, cand) in row.cells.iter().zip(&cells) {
                let Some(i) = *cand else { continue };
                let kind = match cell.kind {
                    FactKind::Date => ClaimKind::Date,
                    FactKind::Statement => ClaimKind::Quote,
                    _ => ClaimKind::Number,
                };
                links.kind.entry(i).or_insert(kind);
                if kind == ClaimKind::Number {
                    links.family.entry(i).or_insert(family);
                }
            }
            links.evidence.add_row(&cells);
        }
        links
    }
}

/// The measured noun as the first source writes it (`Handelsumsatz`), for a family of
/// figure claims.
fn family_label(input: &StoryInput<'_>, row: &FactRow) -> Option<String> {
    let cell = row.cells.first()?;
    let a = input
        .articles
        .iter()
        .find(|a| a.article.id == cell.article)?;
    let q = a
        .quantities
        .iter()
        .find(|q| q.span.start == cell.start && q.span.end == cell.end)?;
    q.measure.clone().filter(|m| !m.is_empty())
}

fn build_claim(
    input: &StoryInput<'_>,
    cands: &[Candidate<'_>],
    facts: &FactLinks,
    members: &[usize],
) -> Claim {
    let cells: Vec<ClaimCell> = members
        .iter()
        .map(|&i| {
            let c = &cands[i];
            ClaimCell {
                article: input.articles[c.article].article.id.clone(),
                start: c.span.start,
                end: c.span.end,
                sentence: c.text.trim().to_string(),
                speaker: c.speaker.map(str::to_string),
            }
        })
        .collect();
    let disputes = disputes(input, cands, facts, members);
    let mut sources: Vec<(usize, String)> = members
        .iter()
        .map(|&i| (cands[i].article, cells_article(input, &cands[i])))
        .collect();
    sources.sort();
    sources.dedup();
    let origins: BTreeSet<&str> = sources
        .iter()
        .map(|(_, id)| {
            input
                .origin_of
                .get(id.as_str())
                .copied()
                .unwrap_or(id.as_str())
        })
        .collect();
    let origins = origins.len();
    let status = if !disputes.is_empty() {
        ClaimStatus::Disputed
    } else if origins >= 2 {
        ClaimStatus::Shared
    } else {
        ClaimStatus::Single
    };
    let kind = members
        .iter()
        .filter_map(|i| facts.kind.get(i).copied())
        .min()
        .unwrap_or(if members.iter().any(|&i| cands[i].is_quote) {
            ClaimKind::Quote
        } else {
            ClaimKind::Statement
        });
    let family = members
        .iter()
        .find_map(|i| facts.family.get(i))
        .map(|&f| facts.family_labels[f].clone())
        .filter(|f| !f.is_empty());
    let first = &cands[members[0]];
    let event = first
        .event
        .filter(|e| members.iter().all(|&i| cands[i].event == Some(*e)));
    Claim {
        id: format!(
            "{}:{}",
            input.articles[first.article].article.id, first.span.start
        ),
        label: label(cands, members),
        status,
        kind,
        event: event.map(str::to_string),
        family,
        sources: sources.into_iter().map(|(_, id)| id).collect(),
        origins,
        cells,
        disputes,
    }
}

fn cells_article(input: &StoryInput<'_>, c: &Candidate<'_>) -> String {
    input.articles[c.article].article.id.clone()
}

/// Where the claim's sources contradict each other: the fact matrix's conflicts between
/// their figures or dates, and the same words put in different speakers' mouths.
fn disputes(
    input: &StoryInput<'_>,
    cands: &[Candidate<'_>],
    facts: &FactLinks,
    members: &[usize],
) -> Vec<ClaimDispute> {
    // One dispute per reason: a figure repeated by a thousand sources against another is
    // one contradiction, shown by its first pair of cells, not a million pairs.
    let mut out: Vec<ClaimDispute> = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut push = |a: usize, b: usize, why: String| {
        if seen.insert(why.clone()) {
            out.push(ClaimDispute { a, b, why });
        }
    };
    for (a, &x) in members.iter().enumerate() {
        for (b, &y) in members.iter().enumerate().skip(a + 1) {
            let key = (x.min(y), x.max(y));
            if facts.evidence.get(key.0, key.1) == Some(FactStatus::Conflict) {
                let why = facts
                    .evidence
                    .conflict_reason(key.0, key.1)
                    .unwrap_or_default();
                push(a, b, why);
                continue;
            }
            // quoted words only (reported speech in the author's words says what, not who),
            // the pair itself alike (not only linked through other cells), two different people
            let (Some(s), Some(t)) = (cands[x].direct_speaker, cands[y].direct_speaker) else {
                continue;
            };
            // one person in two spellings (`person:vereshin`, `person:verechine`)
            if s == t || parallax_nlp::entities::same_name(s, t) {
                continue;
            }
            let (sn, tn) = (
                entity_name(input, &cands[x], s),
                entity_name(input, &cands[y], t),
            );
            if !same_person(&sn, &tn) && align::same_words(&cands[x], &cands[y]) {
                push(
                    a,
                    b,
                    format!("the same words attributed to {sn} and to {tn}"),
                );
            }
        }
    }
    out
}

/// Two names of one person: equal, or one's last word ends the other (`Daval`, `Étienne
/// Daval`).
fn same_person(a: &str, b: &str) -> bool {
    let last = |n: &str| n.split_whitespace().last().unwrap_or("").to_lowercase();
    a.eq_ignore_ascii_case(b) || (!last(a).is_empty() && last(a) == last(b))
}

/// An entity's name as its article writes it.
fn entity_name(input: &StoryInput<'_>, c: &Candidate<'_>, id: &str) -> String {
    input.articles[c.article]
        .entity_table
        .iter()
        .find(|e| e.id == id)
        .map(|e| e.name.clone())
        .unwrap_or_else(|| id.rsplit(':').next().unwrap_or(id).to_string())
}

/// Longest label shown before it is cut.
const LABEL_CHARS: usize = 200;

/// The claim in words: its most compact full sentence of a useful length.
fn label(cands: &[Candidate<'_>], members: &[usize]) -> String {
    let best = members
        .iter()
        .map(|&i| cands[i].text.trim())
        .min_by_key(|t| {
            let n = t.chars().count();
            (n < 40, n.abs_diff(120), *t)
        })
        .unwrap_or("");
    match best.char_indices().nth(LABEL_CHARS) {
        Some((cut, _)) => {
            let head = &best[..cut];
            let head = head.rsplit_once(' ').map_or(head, |(h, _)| h);
            format!("{head} …")
        }
        None => best.to_string(),
    }
}

#[cfg(test)]
mod speaker_tests {
    #[test]
    fn one_person_under_two_names_is_no_dispute() {
        assert!(super::same_person("Daval", "Étienne Daval"));
        assert!(super::same_person("Étienne Daval", "étienne daval"));
        assert!(!super::same_person("Anatoli Wereschin", "Nurlan Jessimow"));
        assert!(!super::same_person("", "Jessimow"));
    }
}
