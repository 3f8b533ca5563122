//! What the analyze stage produces: copies, stories, events and the comparison of sources.

use serde::{Deserialize, Serialize};

use crate::{AnnotatedArticle, Qualifier, SourceKind, Span};

/// A group of near-identical texts: the origin and its copies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateGroup {
    /// Article id of the earliest/fullest text.
    pub origin: String,
    pub copies: Vec<String>,
    /// Similarity of each copy to the origin (same order as `copies`), 0..1.
    #[serde(default)]
    pub similarity: Vec<f64>,
    /// An origin named by the text itself (`Quelle: URL`, `(dpa)`), if any.
    #[serde(default)]
    pub credited_origin: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    /// ISO 8601 date, month or range the event happened.
    pub when: Option<String>,
    pub articles: Vec<String>,
    #[serde(default)]
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: String,
    pub title: String,
    pub articles: Vec<String>,
    pub events: Vec<Event>,
    /// Canonical entity ids, most salient first.
    #[serde(default)]
    pub key_entities: Vec<String>,
    /// First and last date the story covers (ISO 8601).
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
    /// Number of independent origins among its articles.
    #[serde(default)]
    pub origins: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactStatus {
    Agree,
    Conflict,
    DifferentScope,
    Single,
}

/// What kind of fact a cell states: an achieved value, a target or forecast, a change,
/// the date of an event, or a statement (a quote).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    #[default]
    Value,
    Target,
    Change,
    Date,
    Statement,
}

/// How two value groups of one row (indices into the cells' `group`) compare: a group
/// compared with itself tells whether its cells of different articles agree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactPair {
    pub a: usize,
    pub b: usize,
    pub status: FactStatus,
}

/// One source's value for a fact, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactCell {
    pub article: String,
    /// Numeric value, or a textual value for statements and dates.
    pub value: FactValue,
    pub unit: Option<String>,
    /// Time scope of the value (ISO 8601), e.g. `2023` or `2023-01/2023-10`.
    pub scope: Option<String>,
    #[serde(default)]
    pub qualifier: Option<Qualifier>,
    /// The cell's value group: cells of one group state the same value (kind, unit, scope,
    /// qualifier) in the same event, so a row stores how its groups compare, not every pair
    /// of cells (a story of thousands of articles would store millions of pairs).
    #[serde(default)]
    pub group: usize,
    /// Span of the value in the article's text.
    pub start: usize,
    pub end: usize,
    /// The sentence holding the evidence.
    #[serde(default)]
    pub sentence: Option<Span>,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub kind: FactKind,
    /// The words the scope came from (`in den ersten zehn Monaten des Jahres 2023`).
    #[serde(default)]
    pub scope_text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactRow {
    /// What is measured (stem or canonical measure key), e.g. `handelsumsatz`.
    pub measure: String,
    /// What is measured, for a reader: `trade turnover`, `date of the visit`, `Tokajew said`.
    #[serde(default)]
    pub label: String,
    /// Entities the fact is about.
    #[serde(default)]
    pub subjects: Vec<String>,
    pub status: FactStatus,
    pub cells: Vec<FactCell>,
    /// Unit shared by the row's cells (`USD`, `%`, `count`), if numeric.
    #[serde(default)]
    pub unit: Option<String>,
    /// How the row's value groups compare (`a <= b`, group indices); what two cells of
    /// different articles compare to is [`FactRowIndex::status`].
    #[serde(default)]
    pub group_pairs: Vec<FactPair>,
    /// A one-line human-readable account of the row.
    #[serde(default)]
    pub note: String,
}

impl FactRow {
    /// An index for comparing the row's cells pair by pair.
    pub fn index(&self) -> FactRowIndex<'_> {
        FactRowIndex::new(self)
    }
}

/// A fact row's cells compared pair by pair, from its group comparisons: built in one pass
/// over the cells, each [`FactRowIndex::status`] then costs a few lookups.
#[derive(Debug)]
pub struct FactRowIndex<'a> {
    row: &'a FactRow,
    by_groups: std::collections::HashMap<(usize, usize), FactStatus>,
    groups_of_article: std::collections::HashMap<&'a str, Vec<usize>>,
}

impl<'a> FactRowIndex<'a> {
    fn new(row: &'a FactRow) -> Self {
        let by_groups = row
            .group_pairs
            .iter()
            .map(|p| ((p.a.min(p.b), p.a.max(p.b)), p.status))
            .collect();
        let mut groups_of_article: std::collections::HashMap<&str, Vec<usize>> =
            std::collections::HashMap::new();
        for c in &row.cells {
            let groups = groups_of_article.entry(c.article.as_str()).or_default();
            if !groups.contains(&c.group) {
                groups.push(c.group);
            }
        }
        FactRowIndex {
            row,
            by_groups,
            groups_of_article,
        }
    }

    fn groups(&self, g: usize, h: usize) -> Option<FactStatus> {
        self.by_groups.get(&(g.min(h), g.max(h))).copied()
    }

    /// The article gives a value agreeing with group `g`.
    fn article_agrees(&self, article: &str, g: usize) -> bool {
        self.groups_of_article.get(article).is_some_and(|own| {
            own.iter()
                .any(|&o| o == g || self.groups(o, g) == Some(FactStatus::Agree))
        })
    }

    /// How cells `i` and `j` compare; `None` for cells of one article (or out of range).
    /// Contradicting values become a difference of scope when either article also gives the
    /// other's value (3 dead and 1,800 evacuated "people": two facts under one measure).
    pub fn status(&self, i: usize, j: usize) -> Option<FactStatus> {
        let (a, b) = (self.row.cells.get(i)?, self.row.cells.get(j)?);
        if a.article == b.article {
            return None;
        }
        let status = self.groups(a.group, b.group)?;
        if status == FactStatus::Conflict
            && (self.article_agrees(&a.article, b.group)
                || self.article_agrees(&b.article, a.group))
        {
            return Some(FactStatus::DifferentScope);
        }
        Some(status)
    }

    /// One pair of contradicting cells per pair of contradicting groups.
    pub fn conflicts(&self) -> Vec<(usize, usize)> {
        let mut cells_of: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for (i, c) in self.row.cells.iter().enumerate() {
            cells_of.entry(c.group).or_default().push(i);
        }
        let mut out = Vec::new();
        for p in &self.row.group_pairs {
            if p.status != FactStatus::Conflict {
                continue;
            }
            let (Some(xs), Some(ys)) = (cells_of.get(&p.a), cells_of.get(&p.b)) else {
                continue;
            };
            let found = xs.iter().find_map(|&i| {
                ys.iter()
                    .find(|&&j| self.status(i, j) == Some(FactStatus::Conflict))
                    .map(|&j| (i.min(j), i.max(j)))
            });
            out.extend(found);
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Omission {
    pub article: String,
    /// Measures of facts at least two other sources report.
    pub facts: Vec<String>,
}

/// A wording family and the variants each source uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WordingRow {
    pub family: String,
    /// (article id, variants used, sorted).
    pub by_article: Vec<(String, Vec<String>)>,
}

/// Whether a claim is made by several independent sources, one, or disputed between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    /// Stated by at least two independent origins (copies of one article count once).
    Shared,
    /// Stated by one origin.
    Single,
    /// Sources state it with contradicting content.
    Disputed,
}

/// What a claim is about, judged from its evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// A figure: an amount, a count, a share.
    Number,
    /// When something happened.
    Date,
    /// Words someone said.
    Quote,
    /// Anything else stated.
    Statement,
}

/// One source's statement of a claim: the sentence (or clause) it is made in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimCell {
    pub article: String,
    /// Byte offsets of the sentence or clause in the article's clean text.
    pub start: usize,
    pub end: usize,
    pub sentence: String,
    /// For a quote: the canonical id of the speaker the source names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
}

/// Why two cells of one claim contradict each other (`a`, `b`: indexes into `cells`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimDispute {
    pub a: usize,
    pub b: usize,
    pub why: String,
}

/// A statement the articles of a story make, aligned across sources and languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub id: String,
    /// A readable account of the claim (one of its sentences).
    pub label: String,
    pub status: ClaimStatus,
    pub kind: ClaimKind,
    /// The event of the story the claim belongs to, when the story has events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Claims about one measure with different scopes (the yearly figure and a ten-month
    /// figure) share a family: kept apart, shown together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// Articles stating it, in story order.
    pub sources: Vec<String>,
    /// Independent origins among the sources.
    pub origins: usize,
    pub cells: Vec<ClaimCell>,
    #[serde(default)]
    pub disputes: Vec<ClaimDispute>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub story: String,
    /// The story's claims: disputed first, then shared, then single, each by sources.
    #[serde(default)]
    pub claims: Vec<Claim>,
    pub facts: Vec<FactRow>,
    pub omissions: Vec<Omission>,
    #[serde(default)]
    pub wording: Vec<WordingRow>,
    /// Genre and subjectivity of each article of the story.
    #[serde(default)]
    pub framing: Vec<ArticleFraming>,
    /// Stance of each source toward the story's main actors.
    #[serde(default)]
    pub stance: Vec<StanceRow>,
}

impl Comparison {
    /// What the comparison says about some of the story's articles (a page of its sources):
    /// their cells, framing, stance and omissions; the shared and disputed claims with the
    /// cells of those articles (a source leaves out what it does not state), and their single
    /// claims. Statuses and origin counts stay the whole story's; a dispute keeps both its
    /// cells, so the page shows both sides of it.
    pub fn for_articles(&self, keep: &dyn Fn(&str) -> bool) -> Comparison {
        let claims = self
            .claims
            .iter()
            .filter_map(|c| claim_for_articles(c, keep))
            .collect();
        let facts = self
            .facts
            .iter()
            .filter_map(|row| {
                let cells: Vec<FactCell> = row
                    .cells
                    .iter()
                    .filter(|c| keep(&c.article))
                    .cloned()
                    .collect();
                (!cells.is_empty()).then(|| FactRow {
                    cells,
                    ..row.clone()
                })
            })
            .collect();
        Comparison {
            story: self.story.clone(),
            claims,
            facts,
            omissions: self
                .omissions
                .iter()
                .filter(|o| keep(&o.article))
                .cloned()
                .collect(),
            wording: self
                .wording
                .iter()
                .map(|w| WordingRow {
                    family: w.family.clone(),
                    by_article: w
                        .by_article
                        .iter()
                        .filter(|(a, _)| keep(a))
                        .cloned()
                        .collect(),
                })
                .filter(|w| !w.by_article.is_empty())
                .collect(),
            framing: self
                .framing
                .iter()
                .filter(|f| keep(&f.article))
                .cloned()
                .collect(),
            stance: self
                .stance
                .iter()
                .map(|s| StanceRow {
                    entity: s.entity.clone(),
                    by_article: s
                        .by_article
                        .iter()
                        .filter(|(a, ..)| keep(a))
                        .cloned()
                        .collect(),
                })
                .filter(|s| !s.by_article.is_empty())
                .collect(),
        }
    }
}

/// The claim as [`Comparison::for_articles`] keeps it, if at all.
fn claim_for_articles(c: &Claim, keep: &dyn Fn(&str) -> bool) -> Option<Claim> {
    let in_dispute: std::collections::BTreeSet<usize> =
        c.disputes.iter().flat_map(|d| [d.a, d.b]).collect();
    let kept: Vec<usize> = (0..c.cells.len())
        .filter(|i| keep(&c.cells[*i].article) || in_dispute.contains(i))
        .collect();
    if c.status == ClaimStatus::Single && kept.is_empty() {
        return None;
    }
    let new_index: std::collections::HashMap<usize, usize> =
        kept.iter().enumerate().map(|(n, &i)| (i, n)).collect();
    Some(Claim {
        sources: c.sources.iter().filter(|s| keep(s)).cloned().collect(),
        cells: kept.iter().map(|&i| c.cells[i].clone()).collect(),
        disputes: c
            .disputes
            .iter()
            .filter_map(|d| {
                Some(ClaimDispute {
                    a: *new_index.get(&d.a)?,
                    b: *new_index.get(&d.b)?,
                    why: d.why.clone(),
                })
            })
            .collect(),
        ..c.clone()
    })
}

/// How one article of a story frames it, in brief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleFraming {
    pub article: String,
    pub genre: Option<crate::Genre>,
    #[serde(default)]
    pub genre_reasons: Vec<String>,
    #[serde(default)]
    pub subjectivity: f64,
    /// Number of loaded-language cues per category, sorted by category.
    #[serde(default)]
    pub cues: Vec<(String, usize)>,
}

/// Stance toward one actor, per article that mentions it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StanceRow {
    pub entity: String,
    /// (article id, polarity, score, evidence sentences).
    pub by_article: Vec<(String, crate::Polarity, f64, Vec<Span>)>,
}

/// The whole result of `parallax analyze`: the public JSON document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub schema_version: String,
    pub articles: Vec<AnnotatedArticle>,
    pub duplicates: Vec<DuplicateGroup>,
    pub stories: Vec<Story>,
    pub comparisons: Vec<Comparison>,
}

/// A fact's value: a number or a text (dates, statements).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FactValue {
    Number(f64),
    Text(String),
}

/// An outlet as a story list shows it: name, kind and state affiliation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OutletBadge {
    pub name: String,
    pub kind: Option<SourceKind>,
    pub state_affiliation: Option<String>,
}

/// One line of the story list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StorySummary {
    pub id: String,
    pub title: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub articles: usize,
    /// Independent origins among the articles (copies counted once).
    pub origins: usize,
    pub events: usize,
    pub outlets: Vec<OutletBadge>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(article: &str) -> ClaimCell {
        ClaimCell {
            article: article.into(),
            start: 0,
            end: 1,
            sentence: format!("{article} says so"),
            speaker: None,
        }
    }

    fn claim(
        id: &str,
        status: ClaimStatus,
        articles: &[&str],
        disputes: &[(usize, usize)],
    ) -> Claim {
        Claim {
            id: id.into(),
            label: id.into(),
            status,
            kind: ClaimKind::Statement,
            event: None,
            family: None,
            sources: articles.iter().map(|a| a.to_string()).collect(),
            origins: articles.len(),
            cells: articles.iter().map(|a| cell(a)).collect(),
            disputes: disputes
                .iter()
                .map(|&(a, b)| ClaimDispute {
                    a,
                    b,
                    why: "another figure".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_page_of_the_comparison_keeps_its_articles_both_sides_of_a_dispute_and_the_shared_claims() {
        let cmp = Comparison {
            story: "s".into(),
            claims: vec![
                claim(
                    "disputed",
                    ClaimStatus::Disputed,
                    &["x", "a", "y"],
                    &[(0, 2)],
                ),
                claim("shared", ClaimStatus::Shared, &["x", "y"], &[]),
                claim("mine", ClaimStatus::Single, &["a"], &[]),
                claim("theirs", ClaimStatus::Single, &["x"], &[]),
            ],
            facts: Vec::new(),
            omissions: Vec::new(),
            wording: Vec::new(),
            framing: Vec::new(),
            stance: Vec::new(),
        };
        let page = cmp.for_articles(&|a| a == "a" || a == "y");
        let ids: Vec<&str> = page.claims.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["disputed", "shared", "mine"]);
        let disputed = &page.claims[0];
        let arts: Vec<&str> = disputed.cells.iter().map(|c| c.article.as_str()).collect();
        assert_eq!(arts, ["x", "a", "y"], "both sides of the dispute stay");
        assert_eq!(disputed.disputes.len(), 1);
        let d = &disputed.disputes[0];
        assert_eq!(
            (
                disputed.cells[d.a].article.as_str(),
                disputed.cells[d.b].article.as_str()
            ),
            ("x", "y")
        );
        assert_eq!(disputed.sources, ["a", "y"]);
        assert_eq!(disputed.origins, 3, "counts stay the whole story's");
        let shared = &page.claims[1];
        assert_eq!(shared.cells.len(), 1);
        assert_eq!(shared.status, ClaimStatus::Shared);
    }
}
