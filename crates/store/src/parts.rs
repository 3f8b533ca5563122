//! A story's comparison as stored: cut into parts of [`PAGE`] articles each, in the order a
//! story page lists them, plus the part every page reads; so a page of a story of thousands
//! of articles reads what it shows, not the whole comparison. Merging every part gives the
//! comparison back exactly.
//!
//! Each piece of a part remembers where it stood in the whole comparison (`at`) and which of
//! its cells (sources, per-article entries) it keeps, so parts merge back in order.

use std::collections::{BTreeMap, HashMap, HashSet};

use parallax_model::{
    ArticleFraming, Claim, ClaimCell, ClaimDispute, ClaimStatus, Comparison, FactCell, FactRow,
    Omission, StanceRow, WordingRow,
};
use serde::{Deserialize, Serialize};

/// Articles per part: the story page's page size, so a page reads one or two parts.
pub(crate) const PAGE: usize = 50;

/// The part every page reads: the shared and disputed claims (their status and origin counts
/// are the whole story's) with the cells of their disputes, so a page shows both sides.
const STORY_PART: &str = "story";
/// The part of cells whose article is not among the story's (none in an analysis' output;
/// read with every page, so nothing is lost if one appears).
const OTHER_PART: &str = "page-unlisted";

fn page_part(n: usize) -> String {
    format!("page-{n:06}")
}

/// The parts a page of `len` articles from `offset` (in the story page's order) reads.
pub(crate) fn parts_for_page(offset: usize, len: usize) -> Vec<String> {
    parts_for_page_of(offset, len, PAGE)
}

fn parts_for_page_of(offset: usize, len: usize, size: usize) -> Vec<String> {
    let mut keys = vec![STORY_PART.to_string(), OTHER_PART.to_string()];
    if len > 0 {
        keys.extend((offset / size..=(offset + len - 1) / size).map(page_part));
    }
    keys
}

/// Whether the parts hold every article of the page (false if the stored order was not the
/// order the page was read in).
pub(crate) fn cover(parts: &[Part], page: &[&str]) -> bool {
    let held: HashSet<&str> = parts
        .iter()
        .flat_map(|p| p.articles.iter().map(String::as_str))
        .collect();
    page.iter().all(|a| held.contains(a))
}

/// One part: pieces of the comparison's lists.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Part {
    /// The articles whose cells the part holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    articles: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    claims: Vec<Piece<Claim>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    facts: Vec<Piece<FactRow>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    omissions: Vec<Piece<Omission>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    wording: Vec<Piece<WordingRow>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    framing: Vec<Piece<ArticleFraming>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    stance: Vec<Piece<StanceRow>>,
}

impl Part {
    fn is_empty(&self) -> bool {
        self.articles.is_empty()
            && self.claims.is_empty()
            && self.facts.is_empty()
            && self.omissions.is_empty()
            && self.wording.is_empty()
            && self.framing.is_empty()
            && self.stance.is_empty()
    }
}

/// An item of the comparison with some of its cells.
#[derive(Debug, Serialize, Deserialize)]
struct Piece<T> {
    /// The item's index in its list of the whole comparison.
    at: usize,
    /// Indexes, in the whole item, of the cells (or per-article entries) this piece holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    cells: Vec<usize>,
    /// For a claim: indexes of the sources this piece holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    sources: Vec<usize>,
    item: T,
}

/// An item whose cells belong to articles and can be cut into parts.
trait Divisible: Clone {
    type Cell: Clone;
    fn cells(&self) -> &[Self::Cell];
    fn cell_article(cell: &Self::Cell) -> &str;
    fn with_cells(&self, cells: Vec<Self::Cell>) -> Self;
}

impl Divisible for FactRow {
    type Cell = FactCell;
    fn cells(&self) -> &[FactCell] {
        &self.cells
    }
    fn cell_article(cell: &FactCell) -> &str {
        &cell.article
    }
    fn with_cells(&self, cells: Vec<FactCell>) -> Self {
        FactRow {
            cells,
            measure: self.measure.clone(),
            label: self.label.clone(),
            subjects: self.subjects.clone(),
            status: self.status,
            unit: self.unit.clone(),
            group_pairs: self.group_pairs.clone(),
            note: self.note.clone(),
        }
    }
}

impl Divisible for WordingRow {
    type Cell = (String, Vec<String>);
    fn cells(&self) -> &[Self::Cell] {
        &self.by_article
    }
    fn cell_article(cell: &Self::Cell) -> &str {
        &cell.0
    }
    fn with_cells(&self, by_article: Vec<Self::Cell>) -> Self {
        WordingRow {
            family: self.family.clone(),
            by_article,
        }
    }
}

impl Divisible for StanceRow {
    type Cell = (
        String,
        parallax_model::Polarity,
        f64,
        Vec<parallax_model::Span>,
    );
    fn cells(&self) -> &[Self::Cell] {
        &self.by_article
    }
    fn cell_article(cell: &Self::Cell) -> &str {
        &cell.0
    }
    fn with_cells(&self, by_article: Vec<Self::Cell>) -> Self {
        StanceRow {
            entity: self.entity.clone(),
            by_article,
        }
    }
}

/// Cut `cmp` into its parts, keyed by part name; `order`: the story's articles as its page
/// lists them. One pass over the comparison: every cell goes to the part of its article.
pub(crate) fn split(cmp: &Comparison, order: &[&str]) -> BTreeMap<String, Part> {
    split_in(cmp, order, PAGE)
}

/// [`split`] into parts of `size` articles.
fn split_in(cmp: &Comparison, order: &[&str], size: usize) -> BTreeMap<String, Part> {
    // Parts by number: the story part, the pages in order, then the part of other articles.
    let pages = order.len().div_ceil(size);
    let (story_part, other_part) = (0, pages + 1);
    let mut parts: Vec<Part> = (0..=other_part).map(|_| Part::default()).collect();
    let mut of: HashMap<&str, usize> = HashMap::with_capacity(order.len());
    for (i, a) in order.iter().enumerate() {
        of.entry(a).or_insert(1 + i / size);
        parts[1 + i / size].articles.push(a.to_string());
    }
    let part_of = |article: &str| of.get(article).copied().unwrap_or(other_part);
    for (at, claim) in cmp.claims.iter().enumerate() {
        split_claim(at, claim, &part_of, story_part, &mut parts);
    }
    for (at, row) in cmp.facts.iter().enumerate() {
        for (part, piece) in divide(at, row, &part_of) {
            parts[part].facts.push(piece);
        }
    }
    for (at, row) in cmp.wording.iter().enumerate() {
        for (part, piece) in divide(at, row, &part_of) {
            parts[part].wording.push(piece);
        }
    }
    for (at, row) in cmp.stance.iter().enumerate() {
        for (part, piece) in divide(at, row, &part_of) {
            parts[part].stance.push(piece);
        }
    }
    for (at, o) in cmp.omissions.iter().enumerate() {
        parts[part_of(&o.article)].omissions.push(whole(at, o));
    }
    for (at, f) in cmp.framing.iter().enumerate() {
        parts[part_of(&f.article)].framing.push(whole(at, f));
    }
    let other = parts.pop().filter(|p| !p.is_empty());
    let mut named: BTreeMap<String, Part> = BTreeMap::new();
    for (n, part) in parts.into_iter().enumerate() {
        let name = if n == story_part {
            STORY_PART.to_string()
        } else {
            page_part(n - 1)
        };
        named.insert(name, part);
    }
    if let Some(other) = other {
        named.insert(OTHER_PART.to_string(), other);
    }
    named
}

fn whole<T: Clone>(at: usize, item: &T) -> Piece<T> {
    Piece {
        at,
        cells: Vec::new(),
        sources: Vec::new(),
        item: item.clone(),
    }
}

/// An item's cells grouped by the part of their article, each group as a piece.
fn divide<T: Divisible>(
    at: usize,
    item: &T,
    part_of: &dyn Fn(&str) -> usize,
) -> Vec<(usize, Piece<T>)> {
    let mut by_part: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, cell) in item.cells().iter().enumerate() {
        by_part
            .entry(part_of(T::cell_article(cell)))
            .or_default()
            .push(i);
    }
    by_part
        .into_iter()
        .map(|(part, cells)| {
            let kept = cells.iter().map(|&i| item.cells()[i].clone()).collect();
            let piece = Piece {
                at,
                sources: Vec::new(),
                item: item.with_cells(kept),
                cells,
            };
            (part, piece)
        })
        .collect()
}

/// A claim's cells and sources go to their articles' parts; a shared or disputed claim is
/// also in the story part, with its disputes and their cells.
fn split_claim(
    at: usize,
    claim: &Claim,
    part_of: &dyn Fn(&str) -> usize,
    story_part: usize,
    parts: &mut [Part],
) {
    let mut by_part: BTreeMap<usize, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (i, cell) in claim.cells.iter().enumerate() {
        by_part.entry(part_of(&cell.article)).or_default().0.push(i);
    }
    for (j, source) in claim.sources.iter().enumerate() {
        by_part.entry(part_of(source)).or_default().1.push(j);
    }
    if claim.status != ClaimStatus::Single {
        let mut cells: Vec<usize> = claim.disputes.iter().flat_map(|d| [d.a, d.b]).collect();
        cells.sort_unstable();
        cells.dedup();
        cells.retain(|&i| i < claim.cells.len());
        let piece = claim_piece(at, claim, cells, Vec::new(), claim.disputes.clone());
        parts[story_part].claims.push(piece);
    }
    for (part, (cells, sources)) in by_part {
        let piece = claim_piece(at, claim, cells, sources, Vec::new());
        parts[part].claims.push(piece);
    }
}

/// A piece of a claim; its disputes keep the whole claim's cell indexes.
fn claim_piece(
    at: usize,
    claim: &Claim,
    cells: Vec<usize>,
    sources: Vec<usize>,
    disputes: Vec<ClaimDispute>,
) -> Piece<Claim> {
    Piece {
        at,
        item: Claim {
            id: claim.id.clone(),
            label: claim.label.clone(),
            status: claim.status,
            kind: claim.kind,
            event: claim.event.clone(),
            family: claim.family.clone(),
            sources: sources.iter().map(|&j| claim.sources[j].clone()).collect(),
            origins: claim.origins,
            cells: cells.iter().map(|&i| claim.cells[i].clone()).collect(),
            disputes,
        },
        cells,
        sources,
    }
}

/// Put parts back together: every item once, in its place, with the cells the parts hold.
/// Merging every part of a comparison gives it back exactly; merging some gives what the
/// comparison says about those parts' articles (and every page's story part).
pub(crate) fn merge(story: &str, parts: impl IntoIterator<Item = Part>) -> Comparison {
    let mut claims: BTreeMap<usize, ClaimAcc> = BTreeMap::new();
    let mut facts: BTreeMap<usize, RowAcc<FactRow>> = BTreeMap::new();
    let mut wording: BTreeMap<usize, RowAcc<WordingRow>> = BTreeMap::new();
    let mut stance: BTreeMap<usize, RowAcc<StanceRow>> = BTreeMap::new();
    let mut omissions: BTreeMap<usize, Omission> = BTreeMap::new();
    let mut framing: BTreeMap<usize, ArticleFraming> = BTreeMap::new();
    for part in parts {
        for piece in part.claims {
            claims.entry(piece.at).or_default().add(piece);
        }
        for piece in part.facts {
            facts.entry(piece.at).or_default().add(piece);
        }
        for piece in part.wording {
            wording.entry(piece.at).or_default().add(piece);
        }
        for piece in part.stance {
            stance.entry(piece.at).or_default().add(piece);
        }
        omissions.extend(part.omissions.into_iter().map(|p| (p.at, p.item)));
        framing.extend(part.framing.into_iter().map(|p| (p.at, p.item)));
    }
    Comparison {
        story: story.to_string(),
        claims: claims.into_values().filter_map(ClaimAcc::finish).collect(),
        facts: facts.into_values().filter_map(RowAcc::finish).collect(),
        omissions: omissions.into_values().collect(),
        wording: wording.into_values().filter_map(RowAcc::finish).collect(),
        framing: framing.into_values().collect(),
        stance: stance.into_values().filter_map(RowAcc::finish).collect(),
    }
}

/// A row being merged: its first piece, and every piece's cells by their index.
struct RowAcc<T: Divisible> {
    item: Option<T>,
    cells: BTreeMap<usize, T::Cell>,
}

impl<T: Divisible> Default for RowAcc<T> {
    fn default() -> Self {
        RowAcc {
            item: None,
            cells: BTreeMap::new(),
        }
    }
}

impl<T: Divisible> RowAcc<T> {
    fn add(&mut self, piece: Piece<T>) {
        self.cells.extend(
            piece
                .cells
                .into_iter()
                .zip(piece.item.cells().iter().cloned()),
        );
        self.item.get_or_insert(piece.item);
    }

    fn finish(self) -> Option<T> {
        let item = self.item?;
        Some(item.with_cells(self.cells.into_values().collect()))
    }
}

/// A claim being merged; its disputes use the whole claim's cell indexes until finished.
#[derive(Default)]
struct ClaimAcc {
    claim: Option<Claim>,
    cells: BTreeMap<usize, ClaimCell>,
    sources: BTreeMap<usize, String>,
    disputes: Vec<ClaimDispute>,
}

impl ClaimAcc {
    fn add(&mut self, mut piece: Piece<Claim>) {
        let cells = std::mem::take(&mut piece.item.cells);
        self.cells.extend(piece.cells.into_iter().zip(cells));
        let sources = std::mem::take(&mut piece.item.sources);
        self.sources.extend(piece.sources.into_iter().zip(sources));
        self.disputes.append(&mut piece.item.disputes);
        self.claim.get_or_insert(piece.item);
    }

    fn finish(self) -> Option<Claim> {
        let mut claim = self.claim?;
        let new_index: HashMap<usize, usize> = self
            .cells
            .keys()
            .enumerate()
            .map(|(n, &i)| (i, n))
            .collect();
        claim.disputes = self
            .disputes
            .into_iter()
            .filter_map(|d| {
                Some(ClaimDispute {
                    a: *new_index.get(&d.a)?,
                    b: *new_index.get(&d.b)?,
                    why: d.why,
                })
            })
            .collect();
        claim.cells = self.cells.into_values().collect();
        claim.sources = self.sources.into_values().collect();
        Some(claim)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::{ClaimKind, FactKind, FactStatus, FactValue};

    /// The story's articles in page order, two per part: (a, b), (c, d), (x).
    const ORDER: [&str; 5] = ["a", "b", "c", "d", "x"];

    fn cell(article: &str, start: usize) -> ClaimCell {
        ClaimCell {
            article: article.into(),
            start,
            end: start + 5,
            sentence: format!("{article} says {start}"),
            speaker: None,
        }
    }

    fn claim(
        id: &str,
        status: ClaimStatus,
        cells: &[(&str, usize)],
        disputes: &[(usize, usize)],
    ) -> Claim {
        let mut sources: Vec<String> = cells.iter().map(|(a, _)| a.to_string()).collect();
        sources.dedup();
        Claim {
            id: id.into(),
            label: id.into(),
            status,
            kind: ClaimKind::Number,
            event: None,
            family: None,
            origins: sources.len(),
            sources,
            cells: cells.iter().map(|&(a, s)| cell(a, s)).collect(),
            disputes: disputes
                .iter()
                .map(|&(a, b)| ClaimDispute {
                    a,
                    b,
                    why: format!("{a} against {b}"),
                })
                .collect(),
        }
    }

    fn fact(article: &str, value: f64) -> FactCell {
        FactCell {
            article: article.into(),
            value: FactValue::Number(value),
            unit: None,
            scope: None,
            qualifier: None,
            group: 0,
            start: 0,
            end: 1,
            sentence: None,
            text: value.to_string(),
            kind: FactKind::Value,
            scope_text: None,
        }
    }

    fn comparison() -> Comparison {
        Comparison {
            story: "s".into(),
            claims: vec![
                claim(
                    "disputed",
                    ClaimStatus::Disputed,
                    &[("a", 1), ("c", 2), ("d", 3), ("x", 4)],
                    &[(0, 2)],
                ),
                claim("shared", ClaimStatus::Shared, &[("c", 5), ("d", 6)], &[]),
                claim("single", ClaimStatus::Single, &[("b", 7), ("b", 9)], &[]),
            ],
            facts: vec![FactRow {
                measure: "m".into(),
                label: "m".into(),
                subjects: Vec::new(),
                status: FactStatus::Agree,
                cells: vec![fact("a", 1.0), fact("c", 1.0), fact("x", 2.0)],
                unit: None,
                group_pairs: Vec::new(),
                note: String::new(),
            }],
            omissions: vec![
                Omission {
                    article: "b".into(),
                    facts: vec!["m".into()],
                },
                Omission {
                    article: "d".into(),
                    facts: vec!["m".into()],
                },
            ],
            wording: vec![WordingRow {
                family: "f".into(),
                by_article: vec![
                    ("d".into(), vec!["v".into()]),
                    ("a".into(), vec!["w".into()]),
                ],
            }],
            framing: Vec::new(),
            stance: Vec::new(),
        }
    }

    fn round_trip(parts: BTreeMap<String, Part>) -> Vec<(String, Part)> {
        parts
            .into_iter()
            .map(|(k, p)| {
                let json = serde_json::to_string(&p).unwrap();
                (k, serde_json::from_str(&json).unwrap())
            })
            .collect()
    }

    #[test]
    fn every_part_merged_gives_the_comparison_back() {
        let cmp = comparison();
        let parts = round_trip(split_in(&cmp, &ORDER, 2));
        let keys: Vec<&str> = parts.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["page-000000", "page-000001", "page-000002", "story"]);
        assert_eq!(merge("s", parts.into_iter().map(|(_, p)| p)), cmp);
    }

    #[test]
    fn a_page_reads_its_articles_cells_and_both_sides_of_every_dispute() {
        let cmp = comparison();
        let keys = parts_for_page_of(2, 2, 2);
        assert_eq!(keys, ["story", "page-unlisted", "page-000001"]);
        let parts: Vec<Part> = round_trip(split_in(&cmp, &ORDER, 2))
            .into_iter()
            .filter(|(k, _)| keys.contains(k))
            .map(|(_, p)| p)
            .collect();
        assert!(cover(&parts, &["c", "d"]));
        assert!(!cover(&parts, &["c", "x"]), "x is on the next page");
        let page = merge("s", parts);
        let ids: Vec<&str> = page.claims.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            ["disputed", "shared"],
            "another page's single claim is not read"
        );
        let disputed = &page.claims[0];
        let at: Vec<(&str, usize)> = disputed
            .cells
            .iter()
            .map(|c| (c.article.as_str(), c.start))
            .collect();
        assert_eq!(at, [("a", 1), ("c", 2), ("d", 3)]);
        let d = &disputed.disputes[0];
        assert_eq!(
            (
                disputed.cells[d.a].start,
                disputed.cells[d.b].start,
                d.why.as_str()
            ),
            (1, 3, "0 against 2")
        );
        assert_eq!(disputed.origins, 4, "counts stay the whole story's");
        assert_eq!(disputed.sources, ["c", "d"]);
        let facts: Vec<&str> = page.facts[0]
            .cells
            .iter()
            .map(|c| c.article.as_str())
            .collect();
        assert_eq!(facts, ["c"]);
        let omitted: Vec<&str> = page.omissions.iter().map(|o| o.article.as_str()).collect();
        assert_eq!(omitted, ["d"]);
        assert_eq!(page.wording[0].by_article.len(), 1);
    }
}
