//! `parallax eval stories DIR`: runs the pipeline over a labelled corpus (`DIR/gold.tsv`,
//! columns `input story event origin`) and scores stories, events and copies.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use parallax_model::Analysis;

pub type EvalError = Box<dyn std::error::Error + Send + Sync>;

/// One gold line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldRow {
    pub input: String,
    pub story: String,
    pub event: String,
    pub origin: Option<String>,
}

/// Parse `gold.tsv` (header line, `#` comments, tab-separated).
pub fn parse_gold(text: &str) -> Result<Vec<GoldRow>, EvalError> {
    let mut rows = Vec::new();
    let mut header_seen = false;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !header_seen {
            header_seen = true;
            if line.starts_with("input") {
                continue;
            }
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            return Err(
                format!("gold.tsv line {}: expected 4 tab-separated columns", n + 1).into(),
            );
        }
        rows.push(GoldRow {
            input: cols[0].trim().to_string(),
            story: cols[1].trim().to_string(),
            event: cols[2].trim().to_string(),
            origin: cols
                .get(3)
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        });
    }
    Ok(rows)
}

/// Precision, recall, F1.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prf {
    pub p: f64,
    pub r: f64,
    pub f1: f64,
}

impl Prf {
    /// From true positives, predicted and gold counts (an empty side scores 1).
    pub fn from_counts(tp: usize, predicted: usize, gold: usize) -> Prf {
        let ratio = |n: usize, d: usize| if d == 0 { 1.0 } else { n as f64 / d as f64 };
        Prf::new(ratio(tp, predicted), ratio(tp, gold))
    }

    fn new(p: f64, r: f64) -> Prf {
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf { p, r, f1 }
    }
}

impl std::fmt::Display for Prf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "P {:.3}  R {:.3}  F1 {:.3}", self.p, self.r, self.f1)
    }
}

/// BCubed precision/recall of a predicted labelling against a gold one (same items).
pub fn bcubed(pred: &[usize], gold: &[usize]) -> Prf {
    let n = pred.len().min(gold.len());
    if n == 0 {
        return Prf::default();
    }
    let (mut p, mut r) = (0.0, 0.0);
    for i in 0..n {
        let (mut both, mut same_pred, mut same_gold) = (0usize, 0usize, 0usize);
        for j in 0..n {
            let sp = pred[i] == pred[j];
            let sg = gold[i] == gold[j];
            same_pred += sp as usize;
            same_gold += sg as usize;
            both += (sp && sg) as usize;
        }
        p += both as f64 / same_pred as f64;
        r += both as f64 / same_gold as f64;
    }
    Prf::new(p / n as f64, r / n as f64)
}

/// Pairwise precision/recall: pairs put together by the prediction vs by the gold.
pub fn pairwise(pred: &[usize], gold: &[usize]) -> Prf {
    let n = pred.len().min(gold.len());
    let (mut tp, mut pp, mut gp) = (0usize, 0usize, 0usize);
    for i in 0..n {
        for j in i + 1..n {
            let sp = pred[i] == pred[j];
            let sg = gold[i] == gold[j];
            pp += sp as usize;
            gp += sg as usize;
            tp += (sp && sg) as usize;
        }
    }
    let p = if pp == 0 { 1.0 } else { tp as f64 / pp as f64 };
    let r = if gp == 0 { 1.0 } else { tp as f64 / gp as f64 };
    Prf::new(p, r)
}

fn labels(names: &[&str]) -> Vec<usize> {
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    names
        .iter()
        .map(|n| {
            let k = ids.len();
            *ids.entry(n).or_insert(k)
        })
        .collect()
}

/// Where an article's path points in the gold: its path relative to `dir`.
pub fn relative(path: &str, dir: &Path, gold_inputs: &BTreeSet<&str>) -> Option<String> {
    let p = Path::new(path.split('#').next().unwrap_or(path));
    let suffix = path.find('#').map(|i| &path[i..]).unwrap_or("");
    let candidates: Vec<PathBuf> = [
        dir.to_path_buf(),
        dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()),
    ]
    .into();
    for d in &candidates {
        if let Ok(rel) = p.strip_prefix(d) {
            let r = format!("{}{}", rel.to_string_lossy().replace('\\', "/"), suffix);
            return Some(r);
        }
    }
    // Fall back to the longest gold input the path ends with.
    let norm = path.replace('\\', "/");
    gold_inputs
        .iter()
        .filter(|g| norm.ends_with(&format!("/{g}")) || norm == **g)
        .max_by_key(|g| g.len())
        .map(|g| g.to_string())
}

/// Scores of an analysis against gold rows.
pub struct Scores {
    pub articles: usize,
    pub unmatched_gold: Vec<String>,
    pub unlabelled: Vec<String>,
    pub story_pairwise: Prf,
    pub story_bcubed: Prf,
    pub event_pairwise: Prf,
    pub event_bcubed: Prf,
    pub dup_pairs: Prf,
    pub dup_counts: (usize, usize, usize),
    pub origin_correct: (usize, usize),
    /// Gold stories merged into one predicted story, with that story's title.
    pub merged: Vec<(Vec<String>, String)>,
    /// Gold stories split over several predicted stories.
    pub split: Vec<(String, usize)>,
    pub stories_predicted: usize,
    pub stories_gold: usize,
}

/// Score `analysis` against `gold` for the corpus in `dir`.
pub fn score(analysis: &Analysis, gold: &[GoldRow], dir: &Path) -> Scores {
    let gold_inputs: BTreeSet<&str> = gold.iter().map(|g| g.input.as_str()).collect();
    let by_input: BTreeMap<&str, &GoldRow> = gold.iter().map(|g| (g.input.as_str(), g)).collect();
    // article id → gold row
    let mut rows: Vec<(&str, &GoldRow)> = Vec::new();
    let mut input_of_id: BTreeMap<&str, &str> = BTreeMap::new();
    let mut unlabelled = Vec::new();
    let mut seen_inputs = BTreeSet::new();
    for a in &analysis.articles {
        match relative(&a.article.path, dir, &gold_inputs)
            .and_then(|r| by_input.get(r.as_str()).copied())
        {
            Some(g) => {
                rows.push((a.article.id.as_str(), g));
                input_of_id.insert(a.article.id.as_str(), g.input.as_str());
                seen_inputs.insert(g.input.as_str());
            }
            None => unlabelled.push(a.article.path.clone()),
        }
    }
    let unmatched_gold: Vec<String> = gold
        .iter()
        .filter(|g| !seen_inputs.contains(g.input.as_str()))
        .map(|g| g.input.clone())
        .collect();

    let mut story_of: BTreeMap<&str, usize> = BTreeMap::new();
    let mut event_of: BTreeMap<&str, usize> = BTreeMap::new();
    let mut n_events = 0;
    for (s, st) in analysis.stories.iter().enumerate() {
        for a in &st.articles {
            story_of.insert(a.as_str(), s);
        }
        for e in &st.events {
            for a in &e.articles {
                event_of.insert(a.as_str(), n_events);
            }
            n_events += 1;
        }
    }
    let singleton = |k: usize| usize::MAX - k;
    let pred_story: Vec<usize> = rows
        .iter()
        .enumerate()
        .map(|(k, (id, _))| story_of.get(id).copied().unwrap_or(singleton(k)))
        .collect();
    let pred_event: Vec<usize> = rows
        .iter()
        .enumerate()
        .map(|(k, (id, _))| event_of.get(id).copied().unwrap_or(singleton(k)))
        .collect();
    let gold_story = labels(
        &rows
            .iter()
            .map(|(_, g)| g.story.as_str())
            .collect::<Vec<_>>(),
    );
    let gold_event = labels(
        &rows
            .iter()
            .map(|(_, g)| g.event.as_str())
            .collect::<Vec<_>>(),
    );

    // Copies: pairs within groups (gold groups = origin links, closed transitively).
    let n = rows.len();
    let pos: BTreeMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(k, (_, g))| (g.input.as_str(), k))
        .collect();
    let mut gparent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            x = p[x];
        }
        x
    }
    for (k, (_, g)) in rows.iter().enumerate() {
        if let Some(o) = g.origin.as_deref().and_then(|o| pos.get(o)) {
            let (a, b) = (root(&mut gparent, k), root(&mut gparent, *o));
            if a != b {
                gparent[a] = b;
            }
        }
    }
    let gold_dup: Vec<usize> = (0..n).map(|k| root(&mut gparent, k)).collect();
    let id_pos: BTreeMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(k, (id, _))| (*id, k))
        .collect();
    let mut pred_dup: Vec<usize> = (0..n).map(|k| n + k).collect();
    let mut origin_correct = (0usize, 0usize);
    for (gi, g) in analysis.duplicates.iter().enumerate() {
        for id in std::iter::once(&g.origin).chain(&g.copies) {
            if let Some(&k) = id_pos.get(id.as_str()) {
                pred_dup[k] = gi;
            }
        }
    }
    for (_, g) in &rows {
        if let Some(o) = &g.origin {
            origin_correct.1 += 1;
            // The predicted group's origin is the gold origin (or the gold origin's own origin).
            let mut gold_root = o.as_str();
            while let Some(next) = by_input.get(gold_root).and_then(|r| r.origin.as_deref()) {
                if next == gold_root {
                    break;
                }
                gold_root = next;
            }
            let found = analysis.duplicates.iter().any(|d| {
                input_of_id.get(d.origin.as_str()) == Some(&gold_root)
                    && d.copies
                        .iter()
                        .any(|c| input_of_id.get(c.as_str()) == Some(&g.input.as_str()))
            });
            origin_correct.0 += found as usize;
        }
    }
    let (mut tp, mut pp, mut gp) = (0, 0, 0);
    for i in 0..n {
        for j in i + 1..n {
            let sp = pred_dup[i] == pred_dup[j];
            let sg = gold_dup[i] == gold_dup[j];
            pp += sp as usize;
            gp += sg as usize;
            tp += (sp && sg) as usize;
        }
    }
    let dup_pairs = Prf::new(
        if pp == 0 { 1.0 } else { tp as f64 / pp as f64 },
        if gp == 0 { 1.0 } else { tp as f64 / gp as f64 },
    );

    // Merged and split gold stories.
    let mut merged = Vec::new();
    for st in &analysis.stories {
        let gs: BTreeSet<String> = st
            .articles
            .iter()
            .filter_map(|a| input_of_id.get(a.as_str()))
            .filter_map(|i| by_input.get(i))
            .map(|g| g.story.clone())
            .collect();
        if gs.len() > 1 {
            merged.push((gs.into_iter().collect(), st.title.clone()));
        }
    }
    let mut spread: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for (k, (_, g)) in rows.iter().enumerate() {
        spread
            .entry(g.story.as_str())
            .or_default()
            .insert(pred_story[k]);
    }
    let split = spread
        .iter()
        .filter(|(_, s)| s.len() > 1)
        .map(|(g, s)| (g.to_string(), s.len()))
        .collect();
    let stories_gold = spread.len();
    let stories_predicted = pred_story.iter().collect::<BTreeSet<_>>().len();

    Scores {
        articles: n,
        unmatched_gold,
        unlabelled,
        story_pairwise: pairwise(&pred_story, &gold_story),
        story_bcubed: bcubed(&pred_story, &gold_story),
        event_pairwise: pairwise(&pred_event, &gold_event),
        event_bcubed: bcubed(&pred_event, &gold_event),
        dup_pairs,
        dup_counts: (tp, pp, gp),
        origin_correct,
        merged,
        split,
        stories_predicted,
        stories_gold,
    }
}

/// Render scores as the report `parallax eval stories` prints.
pub fn render(s: &Scores, dir: &Path) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "stories, events and copies — {} ({} labelled articles)",
        dir.display(),
        s.articles
    );
    let _ = writeln!(
        out,
        "  stories   gold {}  predicted {}",
        s.stories_gold, s.stories_predicted
    );
    let _ = writeln!(out, "  stories   pairwise {}", s.story_pairwise);
    let _ = writeln!(out, "  stories   BCubed   {}", s.story_bcubed);
    let _ = writeln!(out, "  events    pairwise {}", s.event_pairwise);
    let _ = writeln!(out, "  events    BCubed   {}", s.event_bcubed);
    let _ = writeln!(
        out,
        "  copies    pairs    P {:.3}  R {:.3}  ({} right of {} predicted, {} gold pairs)",
        s.dup_pairs.p, s.dup_pairs.r, s.dup_counts.0, s.dup_counts.1, s.dup_counts.2
    );
    let _ = writeln!(
        out,
        "  lineage   origin named right for {} of {} copies",
        s.origin_correct.0, s.origin_correct.1
    );
    if s.merged.is_empty() {
        let _ = writeln!(out, "  merged gold stories (incl. hard negatives): none");
    } else {
        let _ = writeln!(
            out,
            "  merged gold stories (incl. hard negatives): {}",
            s.merged.len()
        );
        for (g, title) in &s.merged {
            let _ = writeln!(out, "    {}  ← \"{}\"", g.join(" + "), title);
        }
    }
    if !s.split.is_empty() {
        let _ = writeln!(out, "  gold stories split over several predicted stories:");
        for (g, n) in &s.split {
            let _ = writeln!(out, "    {g} ({n} parts)");
        }
    }
    if !s.unmatched_gold.is_empty() {
        let _ = writeln!(
            out,
            "  gold inputs not found among the articles: {}",
            s.unmatched_gold.join(", ")
        );
    }
    if !s.unlabelled.is_empty() {
        let _ = writeln!(
            out,
            "  articles without a gold label (ignored): {}",
            s.unlabelled.len()
        );
    }
    out
}

/// Run the pipeline over `dir` and score it against `dir/gold.tsv`.
pub fn stories(
    dir: &Path,
    encoder: Option<&dyn parallax_nlp::embed::SentenceEncoder>,
) -> Result<String, EvalError> {
    let gold_path = dir.join("gold.tsv");
    let text =
        std::fs::read_to_string(&gold_path).map_err(|e| format!("{}: {e}", gold_path.display()))?;
    let gold = parse_gold(&text)?;
    if gold.is_empty() {
        return Err(format!("{}: no gold rows", gold_path.display()).into());
    }
    let outcome = parallax_pipeline::run_with(
        &[dir.to_path_buf()],
        &parallax_pipeline::RunOptions {
            encoder,
            ..Default::default()
        },
        &|| {},
    );
    if outcome.analysis.articles.is_empty() {
        return Err(format!("{}: no articles could be read", dir.display()).into());
    }
    let scores = score(&outcome.analysis, &gold, dir);
    let with = match encoder {
        Some(e) => format!("with the sentence encoder ({})", e.model()),
        None => "without the sentence encoder".to_string(),
    };
    Ok(format!("{}  ({with})\n", render(&scores, dir).trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcubed_and_pairwise() {
        let gold = [0, 0, 0, 1, 1];
        assert_eq!(bcubed(&gold, &gold).f1, 1.0);
        assert_eq!(pairwise(&gold, &gold).f1, 1.0);
        let all_one = [0, 0, 0, 0, 0];
        let b = bcubed(&all_one, &gold);
        assert!((b.r - 1.0).abs() < 1e-9);
        assert!((b.p - (3.0 * 3.0 / 5.0 + 2.0 * 2.0 / 5.0) / 5.0).abs() < 1e-9);
        let p = pairwise(&all_one, &gold);
        assert!((p.p - 4.0 / 10.0).abs() < 1e-9);
    }

    #[test]
    fn gold_parsing() {
        let g =
            parse_gold("input\tstory\tevent\torigin\n# c\na.txt\ts\ts/e\t\nb.txt\ts\ts/e\ta.txt\n")
                .unwrap_or_default();
        assert_eq!(g.len(), 2);
        assert_eq!(g[1].origin.as_deref(), Some("a.txt"));
        assert_eq!(g[0].origin, None);
    }
}
