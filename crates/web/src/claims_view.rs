//! The claims of a story as a reader meets them: what the sources agree on, where they
//! differ (both sentences side by side, with the reason), what only one source says, and
//! what each source leaves out that others of its event state.

use std::collections::{BTreeMap, HashMap};

use parallax_model::{AnnotatedArticle, Claim, ClaimStatus, Comparison, Story};
use serde::Serialize;

use crate::links::Links;
use crate::views::{self, ArticleRef};

/// Most claims a section shows before it says how many more there are.
pub const SECTION_LIMIT: usize = 60;
/// Most single-source claims shown per source.
pub const ONLY_IN_LIMIT: usize = 25;

/// One source's sentence of a claim.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimCellView {
    pub source: ArticleRef,
    /// Link to the sentence, highlighted in its article.
    pub href: String,
    pub sentence: String,
    /// The article's language (for `lang=` on the sentence).
    pub language: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClaimView {
    pub id: String,
    pub anchor: String,
    pub label: String,
    pub kind: &'static str,
    pub event: Option<String>,
    pub family: Option<String>,
    pub origins: usize,
    pub cells: Vec<ClaimCellView>,
}

/// A contradiction inside a disputed claim: two sentences and why they disagree.
#[derive(Debug, Clone, Serialize)]
pub struct DisputeView {
    pub why: String,
    pub left: ClaimCellView,
    pub right: ClaimCellView,
}

#[derive(Debug, Clone, Serialize)]
pub struct DisputedView {
    pub claim: ClaimView,
    pub disputes: Vec<DisputeView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceClaims {
    pub source: ArticleRef,
    pub claims: Vec<ClaimView>,
    /// Claims of this source not shown (over the limit).
    pub more: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct LeftOutView {
    pub source: ArticleRef,
    /// Shared claims of the source's own event it does not make.
    pub claims: Vec<ClaimRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClaimRef {
    pub label: String,
    pub href: String,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct ClaimsView {
    pub shared: Vec<ClaimView>,
    pub shared_more: usize,
    pub disputed: Vec<DisputedView>,
    pub disputed_more: usize,
    pub only_in: Vec<SourceClaims>,
    pub left_out: Vec<LeftOutView>,
    pub counts: ClaimCounts,
}

#[derive(Debug, Clone, Copy, Serialize, Default)]
pub struct ClaimCounts {
    pub shared: usize,
    pub disputed: usize,
    pub single: usize,
}

/// Claim counts of a comparison (for the story list).
pub fn counts(c: &Comparison) -> ClaimCounts {
    let n = |s: ClaimStatus| c.claims.iter().filter(|x| x.status == s).count();
    ClaimCounts {
        shared: n(ClaimStatus::Shared),
        disputed: n(ClaimStatus::Disputed),
        single: n(ClaimStatus::Single),
    }
}

/// The claims view of a story; `ordered` are its articles in the page's order.
pub fn claims_view(
    story: &Story,
    comparison: Option<&Comparison>,
    ordered: &[&AnnotatedArticle],
    links: Links,
) -> ClaimsView {
    let Some(cmp) = comparison else {
        return ClaimsView::default();
    };
    let by_id: HashMap<&str, &AnnotatedArticle> = ordered
        .iter()
        .map(|a| (a.article.id.as_str(), *a))
        .collect();
    let events: HashMap<&str, String> = story
        .events
        .iter()
        .map(|e| (e.id.as_str(), event_when(e)))
        .collect();
    let view = |c: &Claim| claim_view(c, &by_id, &events, links);

    let shared: Vec<&Claim> = by_status(cmp, ClaimStatus::Shared);
    let disputed: Vec<&Claim> = by_status(cmp, ClaimStatus::Disputed);
    ClaimsView {
        shared: shared.iter().take(SECTION_LIMIT).map(|c| view(c)).collect(),
        shared_more: shared.len().saturating_sub(SECTION_LIMIT),
        disputed: disputed
            .iter()
            .take(SECTION_LIMIT)
            .map(|c| disputed_view(c, view(c), &by_id, links))
            .collect(),
        disputed_more: disputed.len().saturating_sub(SECTION_LIMIT),
        only_in: only_in(cmp, ordered, &view, links),
        left_out: left_out(story, cmp, ordered, links),
        counts: counts(cmp),
    }
}

fn by_status(cmp: &Comparison, status: ClaimStatus) -> Vec<&Claim> {
    cmp.claims.iter().filter(|c| c.status == status).collect()
}

fn claim_view(
    c: &Claim,
    by_id: &HashMap<&str, &AnnotatedArticle>,
    events: &HashMap<&str, String>,
    links: Links,
) -> ClaimView {
    ClaimView {
        id: c.id.clone(),
        anchor: format!("claim-{}", crate::links::anchor(&c.id)),
        label: c.label.clone(),
        kind: views::claim_kind_label(c.kind),
        event: c.event.as_deref().and_then(|e| events.get(e)).cloned(),
        family: c.family.clone(),
        origins: c.origins,
        cells: c
            .cells
            .iter()
            .filter_map(|cell| cell_view(cell, by_id, links))
            .collect(),
    }
}

fn cell_view(
    cell: &parallax_model::ClaimCell,
    by_id: &HashMap<&str, &AnnotatedArticle>,
    links: Links,
) -> Option<ClaimCellView> {
    let a = by_id.get(cell.article.as_str())?;
    Some(ClaimCellView {
        source: views::article_ref(a, links),
        href: links.sentence(&cell.article, sentence_start(a, cell.start)),
        sentence: cell.sentence.clone(),
        language: a.article.language.clone(),
    })
}

/// Start of the sentence holding byte `at` (the anchor the article page gives it).
fn sentence_start(a: &AnnotatedArticle, at: usize) -> usize {
    let i = a.sentences.partition_point(|s| s.end <= at);
    a.sentences
        .get(i)
        .filter(|s| s.start <= at)
        .map_or(at, |s| s.start)
}

fn disputed_view(
    c: &Claim,
    claim: ClaimView,
    by_id: &HashMap<&str, &AnnotatedArticle>,
    links: Links,
) -> DisputedView {
    let disputes = c
        .disputes
        .iter()
        .filter_map(|d| {
            Some(DisputeView {
                why: d.why.clone(),
                left: cell_view(c.cells.get(d.a)?, by_id, links)?,
                right: cell_view(c.cells.get(d.b)?, by_id, links)?,
            })
        })
        .collect();
    DisputedView { claim, disputes }
}

/// Single-source claims, grouped by their source in page order.
fn only_in(
    cmp: &Comparison,
    ordered: &[&AnnotatedArticle],
    view: &dyn Fn(&Claim) -> ClaimView,
    links: Links,
) -> Vec<SourceClaims> {
    let mut by_source: BTreeMap<usize, Vec<&Claim>> = BTreeMap::new();
    let position: HashMap<&str, usize> = ordered
        .iter()
        .enumerate()
        .map(|(i, a)| (a.article.id.as_str(), i))
        .collect();
    for c in by_status(cmp, ClaimStatus::Single) {
        if let Some(&i) = c.sources.first().and_then(|s| position.get(s.as_str())) {
            by_source.entry(i).or_default().push(c);
        }
    }
    by_source
        .into_iter()
        .map(|(i, claims)| SourceClaims {
            source: views::article_ref(ordered[i], links),
            more: claims.len().saturating_sub(ONLY_IN_LIMIT),
            claims: claims.into_iter().take(ONLY_IN_LIMIT).map(view).collect(),
        })
        .collect()
}

/// The language the pages are written in (their labels, and the dates they format).
pub(crate) const UI_LANGUAGE: &str = "en";

/// An event as a claim's chip names it: its date written out (`27 November 2024`), else its
/// name.
fn event_when(e: &parallax_model::Event) -> String {
    let ui = parallax_nlp::lang::for_code(Some(UI_LANGUAGE));
    e.when
        .as_deref()
        .and_then(|w| parallax_nlp::display::format_time(ui, w))
        .unwrap_or_else(|| views::event_name(e))
}

/// For each source, the shared claims of its own event (or of the whole story when the
/// story has no events) that it does not make.
fn left_out(
    story: &Story,
    cmp: &Comparison,
    ordered: &[&AnnotatedArticle],
    links: Links,
) -> Vec<LeftOutView> {
    let event_of: HashMap<&str, &str> = story
        .events
        .iter()
        .flat_map(|e| e.articles.iter().map(move |a| (a.as_str(), e.id.as_str())))
        .collect();
    let mut out = Vec::new();
    for a in ordered {
        let id = a.article.id.as_str();
        let own = event_of.get(id).copied();
        let missing: Vec<ClaimRef> = cmp
            .claims
            .iter()
            .filter(|c| c.status != ClaimStatus::Single)
            .filter(|c| match (own, c.event.as_deref()) {
                (Some(e), Some(ce)) => e == ce,
                (Some(_), None) => false,
                (None, _) => true,
            })
            .filter(|c| !c.sources.iter().any(|s| s == id))
            .take(SECTION_LIMIT)
            .map(|c| ClaimRef {
                label: c.label.clone(),
                href: format!("#claim-{}", crate::links::anchor(&c.id)),
            })
            .collect();
        if !missing.is_empty() {
            out.push(LeftOutView {
                source: views::article_ref(a, links),
                claims: missing,
            });
        }
    }
    out
}
