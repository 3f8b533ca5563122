//! A page of a story's sources: what the comparison says about some of its articles, so a
//! story of thousands of articles is served a page at a time.

use std::collections::{BTreeSet, HashMap};

use parallax_model::{
    Claim, ClaimDispute, ClaimStatus, Comparison, FactCell, FactRow, StanceRow, WordingRow,
};

/// What the comparison says about some of the story's articles (a page of its sources):
/// their cells, framing, stance and omissions; the shared and disputed claims with the
/// cells of those articles (a source leaves out what it does not state), and their single
/// claims. Statuses and origin counts stay the whole story's; a dispute keeps both its
/// cells, so the page shows both sides of it.
pub fn for_articles(cmp: &Comparison, keep: &dyn Fn(&str) -> bool) -> Comparison {
    let claims = cmp
        .claims
        .iter()
        .filter_map(|c| claim_for_articles(c, keep))
        .collect();
    let facts = cmp
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
        story: cmp.story.clone(),
        claims,
        facts,
        omissions: cmp
            .omissions
            .iter()
            .filter(|o| keep(&o.article))
            .cloned()
            .collect(),
        wording: cmp
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
        framing: cmp
            .framing
            .iter()
            .filter(|f| keep(&f.article))
            .cloned()
            .collect(),
        stance: cmp
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

/// The claim as [`for_articles`] keeps it, if at all.
fn claim_for_articles(c: &Claim, keep: &dyn Fn(&str) -> bool) -> Option<Claim> {
    let in_dispute: BTreeSet<usize> = c.disputes.iter().flat_map(|d| [d.a, d.b]).collect();
    let kept: Vec<usize> = (0..c.cells.len())
        .filter(|i| keep(&c.cells[*i].article) || in_dispute.contains(i))
        .collect();
    if c.status == ClaimStatus::Single && kept.is_empty() {
        return None;
    }
    let new_index: HashMap<usize, usize> = kept.iter().enumerate().map(|(n, &i)| (i, n)).collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::{ClaimCell, ClaimKind};

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
        let page = for_articles(&cmp, &|a| a == "a" || a == "y");
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
