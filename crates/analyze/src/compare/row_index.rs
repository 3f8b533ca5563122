//! A fact row's cells compared pair by pair, from the comparisons of its value groups that
//! the row stores (a row of thousands of cells never stores every pair).

use std::collections::{BTreeMap, HashMap};

use parallax_model::{FactRow, FactStatus};

/// A fact row's cells compared pair by pair, from its group comparisons: built in one pass
/// over the cells, each [`FactRowIndex::status`] then costs a few lookups.
#[derive(Debug)]
pub struct FactRowIndex<'a> {
    row: &'a FactRow,
    by_groups: HashMap<(usize, usize), FactStatus>,
    groups_of_article: HashMap<&'a str, Vec<usize>>,
}

impl<'a> FactRowIndex<'a> {
    pub fn new(row: &'a FactRow) -> Self {
        let by_groups = row
            .group_pairs
            .iter()
            .map(|p| ((p.a.min(p.b), p.a.max(p.b)), p.status))
            .collect();
        let mut groups_of_article: HashMap<&str, Vec<usize>> = HashMap::new();
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

    /// One pair of cells comparing as `status` per pair of groups that has one.
    pub fn pairs_with(&self, status: FactStatus) -> Vec<(usize, usize)> {
        let mut cells_of: BTreeMap<usize, Vec<usize>> = Default::default();
        for (i, c) in self.row.cells.iter().enumerate() {
            cells_of.entry(c.group).or_default().push(i);
        }
        let mut out = Vec::new();
        for p in self.row.group_pairs.iter().filter(|p| p.status == status) {
            let (Some(xs), Some(ys)) = (cells_of.get(&p.a), cells_of.get(&p.b)) else {
                continue;
            };
            let found = xs.iter().find_map(|&i| {
                ys.iter()
                    .find(|&&j| self.status(i, j) == Some(status))
                    .map(|&j| (i.min(j), i.max(j)))
            });
            out.extend(found);
        }
        out
    }

    /// One pair of contradicting cells per pair of contradicting groups.
    pub fn conflicts(&self) -> Vec<(usize, usize)> {
        self.pairs_with(FactStatus::Conflict)
    }
}
