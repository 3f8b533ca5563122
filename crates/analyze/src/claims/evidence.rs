//! What the fact matrix says about a pair of claim candidates: whether their figures and
//! dates agree, contradict each other or differ in scope. Asked pair by pair from the cells
//! each candidate holds, never tabulated for all pairs: a story of thousands of articles has
//! millions of them.

use std::collections::HashMap;

use parallax_model::{FactKind, FactRow, FactStatus};

use crate::compare::FactRowIndex;

/// The fact evidence between the candidates of one story.
pub struct FactEvidence<'a> {
    rows: &'a [FactRow],
    indexes: Vec<FactRowIndex<'a>>,
    /// The cells `(row, cell)` each candidate holds, in row order.
    cells_of: HashMap<usize, Vec<(usize, usize)>>,
}

impl<'a> FactEvidence<'a> {
    pub fn new(rows: &'a [FactRow]) -> Self {
        FactEvidence {
            rows,
            indexes: Vec::with_capacity(rows.len()),
            cells_of: HashMap::new(),
        }
    }

    /// Adds the next row: the candidate holding each of its cells, if any.
    pub fn add_row(&mut self, candidate_of_cell: &[Option<usize>]) {
        let r = self.indexes.len();
        let Some(row) = self.rows.get(r) else { return };
        self.indexes.push(FactRowIndex::new(row));
        for (cell, cand) in candidate_of_cell.iter().enumerate() {
            if let Some(c) = cand {
                self.cells_of.entry(*c).or_default().push((r, cell));
            }
        }
    }

    /// Cell pairs of candidates `x` and `y` in one row, with how they compare.
    fn pairs(&self, x: usize, y: usize) -> impl Iterator<Item = (usize, usize, usize, FactStatus)> {
        let mut out = Vec::new();
        if let (Some(xs), Some(ys), true) = (self.cells_of.get(&x), self.cells_of.get(&y), x != y) {
            for &(r, i) in xs {
                for &(s, j) in ys {
                    if r == s {
                        if let Some(status) = self.indexes[r].status(i, j) {
                            out.push((r, i, j, status));
                        }
                    }
                }
            }
        }
        out.into_iter()
    }

    /// The strongest evidence between two candidates: a contradiction between any of their
    /// figures is what a reader must see, then an agreement (they speak of the same figure);
    /// only when all their figures differ in scope do they state different facts.
    pub fn get(&self, x: usize, y: usize) -> Option<FactStatus> {
        self.pairs(x, y)
            .map(|(_, _, _, status)| status)
            .max_by_key(|s| strength(*s))
    }

    /// Why two candidates contradict each other: the first pair of their values that does.
    pub fn conflict_reason(&self, x: usize, y: usize) -> Option<String> {
        self.pairs(x, y)
            .find(|p| p.3 == FactStatus::Conflict)
            .map(|(r, i, j, _)| {
                let (a, b) = (&self.rows[r].cells[i], &self.rows[r].cells[j]);
                let (a, b) = if x < y { (a, b) } else { (b, a) };
                match a.kind {
                    FactKind::Date => {
                        format!("another date for the same event: {} vs {}", a.text, b.text)
                    }
                    // "and period" only when the figures name one (a conflict needs the
                    // same scope on both sides, or none on either)
                    _ if a.scope.is_some() => format!(
                        "another figure for the same measure and period: {} vs {}",
                        a.text, b.text
                    ),
                    _ => format!(
                        "another figure for the same measure: {} vs {}",
                        a.text, b.text
                    ),
                }
            })
    }
}

fn strength(s: FactStatus) -> u8 {
    match s {
        FactStatus::Conflict => 3,
        FactStatus::Agree => 2,
        FactStatus::DifferentScope => 1,
        FactStatus::Single => 0,
    }
}
