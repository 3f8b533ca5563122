//! `parallax eval claims DIR`: the claims of a labelled corpus (`DIR/claims.tsv`, columns
//! `claim input quote dispute note`) against what Parallax aligns.
//!
//! Each gold row is a cell: the sentence of article `input` holding the verbatim `quote`.
//! Scored over pairs of gold cells of different articles: a pair is *predicted* when both
//! cells fall in one predicted claim, *gold* when both belong to one gold claim (pair
//! precision and recall); a *dispute* pair is one of a gold claim whose cells carry different
//! `dispute` letters, predicted when Parallax marks a dispute between the two cells.
//! Gold cells no predicted claim holds count as unaligned (every pair with them is missed).
//! Figures are printed per story, for all stories, and for the tuning and held-out halves
//! (stories sorted by name, every second one held out), with and without the encoder.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use parallax_model::{Analysis, Claim};

use super::stories::{relative, Prf};
use super::EvalError;

/// One gold cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldCell {
    pub claim: String,
    pub input: String,
    pub quote: String,
    pub dispute: Option<String>,
}

/// Parse `claims.tsv` (header, `#` comments, tab-separated).
pub fn parse_gold(text: &str) -> Result<Vec<GoldCell>, EvalError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("claim\t") {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 || cols[2].trim().is_empty() {
            return Err(format!(
                "claims.tsv line {}: expected `claim input quote [dispute] [note]`",
                n + 1
            )
            .into());
        }
        out.push(GoldCell {
            claim: cols[0].trim().to_string(),
            input: cols[1].trim().to_string(),
            quote: cols[2].trim().to_string(),
            dispute: cols
                .get(3)
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        });
    }
    Ok(out)
}

/// A gold cell found in the analysis.
struct Located<'a> {
    gold: &'a GoldCell,
    article: String,
    start: usize,
    end: usize,
}

/// Counts of one scoring run.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub pairs_tp: usize,
    pub pairs_predicted: usize,
    pub pairs_gold: usize,
    pub disputes_tp: usize,
    pub disputes_predicted: usize,
    pub disputes_gold: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.pairs_tp += o.pairs_tp;
        self.pairs_predicted += o.pairs_predicted;
        self.pairs_gold += o.pairs_gold;
        self.disputes_tp += o.disputes_tp;
        self.disputes_predicted += o.disputes_predicted;
        self.disputes_gold += o.disputes_gold;
    }
    pub fn pairs(&self) -> Prf {
        Prf::from_counts(self.pairs_tp, self.pairs_predicted, self.pairs_gold)
    }
    pub fn disputes(&self) -> Prf {
        Prf::from_counts(
            self.disputes_tp,
            self.disputes_predicted,
            self.disputes_gold,
        )
    }
}

/// Where each gold cell sits: its article and the byte range of its quote; misses are
/// reported, not fatal.
fn locate<'a>(
    analysis: &Analysis,
    gold: &'a [GoldCell],
    dir: &Path,
) -> (Vec<Located<'a>>, Vec<String>) {
    let inputs: BTreeSet<&str> = gold.iter().map(|g| g.input.as_str()).collect();
    let by_input: BTreeMap<String, &parallax_model::AnnotatedArticle> = analysis
        .articles
        .iter()
        .filter_map(|a| Some((relative(&a.article.path, dir, &inputs)?, a)))
        .collect();
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for g in gold {
        let Some(a) = by_input.get(&g.input) else {
            missing.push(format!("{}: no article {}", g.claim, g.input));
            continue;
        };
        let Some(start) = a.article.text.find(&g.quote) else {
            missing.push(format!("{}: `{}` not in {}", g.claim, g.quote, g.input));
            continue;
        };
        found.push(Located {
            gold: g,
            article: a.article.id.clone(),
            start,
            end: start + g.quote.len(),
        });
    }
    (found, missing)
}

/// The predicted claim and cell index holding a located gold cell.
fn predicted_cell<'a>(claims: &'a [&'a Claim], l: &Located<'_>) -> Option<(usize, usize)> {
    claims.iter().enumerate().find_map(|(k, c)| {
        c.cells
            .iter()
            .position(|cell| cell.article == l.article && cell.start < l.end && l.start < cell.end)
            .map(|i| (k, i))
    })
}

/// Score the located cells of one story.
fn score_story(cells: &[&Located<'_>], claims: &[&Claim]) -> Counts {
    let placed: Vec<Option<(usize, usize)>> =
        cells.iter().map(|l| predicted_cell(claims, l)).collect();
    let mut c = Counts::default();
    for i in 0..cells.len() {
        for j in i + 1..cells.len() {
            if cells[i].article == cells[j].article {
                continue;
            }
            let gold_same = cells[i].gold.claim == cells[j].gold.claim;
            let pred_same =
                matches!((placed[i], placed[j]), (Some((a, _)), Some((b, _))) if a == b);
            c.pairs_gold += usize::from(gold_same);
            c.pairs_predicted += usize::from(pred_same);
            c.pairs_tp += usize::from(gold_same && pred_same);
            let gold_dispute = gold_same
                && matches!((&cells[i].gold.dispute, &cells[j].gold.dispute), (Some(x), Some(y)) if x != y);
            let pred_dispute = match (placed[i], placed[j]) {
                (Some((a, x)), Some((b, y))) if a == b => claims[a]
                    .disputes
                    .iter()
                    .any(|d| (d.a, d.b) == (x.min(y), x.max(y))),
                _ => false,
            };
            c.disputes_gold += usize::from(gold_dispute);
            c.disputes_predicted += usize::from(pred_dispute);
            c.disputes_tp += usize::from(gold_dispute && pred_dispute);
        }
    }
    c
}

/// Scores of one analysis per gold story, with the gold cells that could not be found.
pub struct Scores {
    pub by_story: BTreeMap<String, Counts>,
    pub missing: Vec<String>,
}

pub fn score(
    analysis: &Analysis,
    gold: &[GoldCell],
    story_of_input: &BTreeMap<String, String>,
    dir: &Path,
) -> Scores {
    let (found, missing) = locate(analysis, gold, dir);
    // Cells are scored within their gold story (gold.tsv); a claim whose cells land in
    // different predicted stories simply has its pairs missed.
    let mut by_gold_story: BTreeMap<&str, Vec<&Located<'_>>> = BTreeMap::new();
    for l in &found {
        let story = story_of_input
            .get(&l.gold.input)
            .map_or("(no gold story)", String::as_str);
        by_gold_story.entry(story).or_default().push(l);
    }
    let all_claims: Vec<&Claim> = analysis
        .comparisons
        .iter()
        .flat_map(|c| c.claims.iter())
        .collect();
    let by_story = by_gold_story
        .into_iter()
        .map(|(story, cells)| (story.to_string(), score_story(&cells, &all_claims)))
        .collect();
    Scores { by_story, missing }
}

fn line(out: &mut String, name: &str, c: &Counts) {
    let (p, d) = (c.pairs(), c.disputes());
    let _ = writeln!(
        out,
        "  {name:<22} pairs P {:.3} R {:.3} F1 {:.3} ({} gold, {} predicted)   disputes P {:.3} R {:.3} F1 {:.3} ({} gold, {} predicted)",
        p.p, p.r, p.f1, c.pairs_gold, c.pairs_predicted, d.p, d.r, d.f1, c.disputes_gold, c.disputes_predicted
    );
}

/// A printable report of one run.
pub fn render(title: &str, s: &Scores) -> String {
    let mut out = format!("{title}\n");
    let mut all = Counts::default();
    let (mut tuning, mut held_out) = (Counts::default(), Counts::default());
    for (k, (story, c)) in s.by_story.iter().enumerate() {
        line(&mut out, story, c);
        all.add(*c);
        if k % 2 == 1 {
            held_out.add(*c);
        } else {
            tuning.add(*c);
        }
    }
    line(&mut out, "tuning half", &tuning);
    line(&mut out, "held-out half", &held_out);
    line(&mut out, "all", &all);
    for m in &s.missing {
        let _ = writeln!(out, "  gold cell not found: {m}");
    }
    out
}

/// Score `analysis` of `dir` against `dir/claims.tsv`.
pub fn evaluate(analysis: &Analysis, dir: &Path, title: &str) -> Result<String, EvalError> {
    let path = dir.join("claims.tsv");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let gold = parse_gold(&text)?;
    if gold.is_empty() {
        return Err(format!("{}: no gold cells", path.display()).into());
    }
    let stories_path = dir.join("gold.tsv");
    let stories = std::fs::read_to_string(&stories_path)
        .map_err(|e| format!("{}: {e}", stories_path.display()))?;
    let story_of_input: BTreeMap<String, String> = super::stories::parse_gold(&stories)?
        .into_iter()
        .map(|r| (r.input, r.story))
        .collect();
    Ok(render(title, &score(analysis, &gold, &story_of_input, dir)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_parsing() {
        let g = parse_gold(
            "claim\tinput\tquote\tdispute\tnote\n# c\nk-a\ta.txt\tFoo bar\t\tn\nk-a\tb.txt\tBaz\tB\t\n",
        )
        .unwrap_or_default();
        assert_eq!(g.len(), 2);
        assert_eq!(g[1].dispute.as_deref(), Some("B"));
        assert!(parse_gold("k\ta.txt\n").is_err());
    }
}
