//! Sentence subjectivity (CheckThat! 2025 Task 1, German): `sentence_id TAB sentence TAB label`
//! with labels `SUBJ` / `OBJ`. Scored by macro-F1 over the two classes, with per-class
//! precision and recall. The data is licensed CC BY-NC-SA: it is read for evaluation only;
//! nothing in Parallax is trained or tuned on it.

use std::path::Path;

use super::EvalError;
use parallax_nlp::framing::sentence_subjectivity;
use parallax_nlp::lang;

/// Confusion counts and scores of a binary SUBJ/OBJ judgement.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    /// [gold][predicted], index 0 = SUBJ, 1 = OBJ.
    pub confusion: [[usize; 2]; 2],
}

impl Scores {
    pub fn add(&mut self, gold_subj: bool, pred_subj: bool) {
        self.confusion[usize::from(!gold_subj)][usize::from(!pred_subj)] += 1;
    }

    /// (precision, recall, F1) of class `c` (0 = SUBJ, 1 = OBJ).
    pub fn prf(&self, c: usize) -> (f64, f64, f64) {
        let tp = self.confusion[c][c] as f64;
        let pred = (self.confusion[0][c] + self.confusion[1][c]) as f64;
        let gold = (self.confusion[c][0] + self.confusion[c][1]) as f64;
        let p = if pred > 0.0 { tp / pred } else { 0.0 };
        let r = if gold > 0.0 { tp / gold } else { 0.0 };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }

    pub fn macro_f1(&self) -> f64 {
        (self.prf(0).2 + self.prf(1).2) / 2.0
    }

    pub fn total(&self) -> usize {
        self.confusion.iter().flatten().sum()
    }
}

/// Parse the TSV into (sentence, is_subjective) pairs; the header and malformed lines are
/// skipped (and counted).
pub fn read(tsv: &str) -> (Vec<(String, bool)>, usize) {
    let mut out = Vec::new();
    let mut bad = 0;
    for (i, line) in tsv.lines().enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        if i == 0 && cols.get(2).map(|c| c.trim() == "label").unwrap_or(false) {
            continue;
        }
        match (cols.get(1), cols.last().map(|l| l.trim())) {
            (Some(s), Some("SUBJ")) if cols.len() >= 3 => out.push((s.to_string(), true)),
            (Some(s), Some("OBJ")) if cols.len() >= 3 => out.push((s.to_string(), false)),
            _ if line.trim().is_empty() => {}
            _ => bad += 1,
        }
    }
    (out, bad)
}

/// Evaluate the German sentence-subjectivity judgement on `path`.
pub fn run(path: &Path) -> Result<String, EvalError> {
    let tsv = std::fs::read_to_string(path)?;
    let (items, bad) = read(&tsv);
    if items.is_empty() {
        return Err(
            "no labelled sentences found (expected sentence_id TAB sentence TAB SUBJ|OBJ)".into(),
        );
    }
    let de = lang::for_code(Some("de"));
    let mut scores = Scores::default();
    let mut baseline = Scores::default();
    let start = std::time::Instant::now();
    for (sentence, gold) in &items {
        let j = sentence_subjectivity(de, sentence);
        scores.add(*gold, j.subjective);
        baseline.add(*gold, false);
    }
    let secs = start.elapsed().as_secs_f64().max(1e-9);
    let (sp, sr, sf) = scores.prf(0);
    let (op, or, of) = scores.prf(1);
    let mut out = String::new();
    out.push_str(&format!(
        "subjectivity (CheckThat! 2025 German) on {}\n",
        path.display()
    ));
    out.push_str(&format!(
        "  sentences: {} ({} SUBJ, {} OBJ){}\n",
        scores.total(),
        scores.confusion[0][0] + scores.confusion[0][1],
        scores.confusion[1][0] + scores.confusion[1][1],
        if bad > 0 {
            format!(", {bad} malformed lines skipped")
        } else {
            String::new()
        }
    ));
    out.push_str(&format!("  SUBJ  P {sp:.3}  R {sr:.3}  F1 {sf:.3}\n"));
    out.push_str(&format!("  OBJ   P {op:.3}  R {or:.3}  F1 {of:.3}\n"));
    out.push_str(&format!(
        "  macro-F1 {:.3}   (all-OBJ baseline {:.3})\n",
        scores.macro_f1(),
        baseline.macro_f1()
    ));
    out.push_str(&format!(
        "  confusion [gold SUBJ, OBJ] x [pred SUBJ, OBJ]: {:?}\n",
        scores.confusion
    ));
    out.push_str(&format!(
        "  speed: {:.0} sentences/s",
        items.len() as f64 / secs
    ));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_and_parsing() {
        let (items, bad) = read(
            "sentence_id\tsentence\tlabel\na\tDas ist toll!\tSUBJ\nb\tEs regnet.\tOBJ\nbroken\n",
        );
        assert_eq!(items.len(), 2);
        assert_eq!(bad, 1);
        let mut s = Scores::default();
        s.add(true, true);
        s.add(false, false);
        s.add(false, true);
        assert_eq!(s.prf(0), (0.5, 1.0, 2.0 / 3.0));
        assert!((s.macro_f1() - (2.0 / 3.0 + 2.0 / 3.0) / 2.0).abs() < 1e-9);
    }

    #[test]
    fn runs_on_the_shared_dev_set_when_present() {
        let p = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/bench/subjectivity/checkthat2025-de/dev_de.tsv"
        ));
        if !p.exists() {
            eprintln!("skipped: {} not found", p.display());
            return;
        }
        let report = run(p).expect("evaluation runs");
        assert!(report.contains("macro-F1"));
    }
}
