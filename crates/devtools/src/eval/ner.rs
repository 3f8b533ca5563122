//! Named entities against GermEval 2014 (outer layer, strict spans per class).
use std::path::Path;
use std::time::Instant;

use super::EvalError;
use crate::train::ner as train;
use parallax_nlp::ner;

/// `path` is the GermEval folder (its `NER-de-dev.tsv` is scored) or a file in either format.
pub fn run(path: &Path) -> Result<String, EvalError> {
    let file = if path.is_dir() {
        path.join("NER-de-dev.tsv")
    } else {
        path.to_path_buf()
    };
    let content = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let data = train::read_germeval(&content);
    if data.is_empty() {
        return Err(format!("{}: no sentences", file.display()).into());
    }
    let model =
        ner::german_model().ok_or("this binary was built without NER weights (data/ner/de.bin)")?;
    let gaz = ner::german_gazetteer();
    // Warm up (gazetteer and model are loaded lazily), then time tagging alone.
    let _ = model.tag(gaz, &["Warm", "up"]);
    let started = Instant::now();
    let scores = train::evaluate(model, gaz, &data);
    let secs = started.elapsed().as_secs_f64();
    let tokens: usize = data.iter().map(|s| s.words.len()).sum();
    Ok(format!(
        "ner: {} ({} sentences, {} tokens), strict span match, outer layer\n{}\nspeed: {:.0} sentences/s, {:.0} tokens/s (tagging, one core)",
        file.display(),
        data.len(),
        tokens,
        scores.report(),
        data.len() as f64 / secs.max(1e-9),
        tokens as f64 / secs.max(1e-9),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_a_small_file() {
        if ner::german_model().is_none() {
            eprintln!("skipped: built without NER weights");
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("NER-de-dev.tsv");
        std::fs::write(
            &path,
            "#\thttp://example.org\t[2024]\n1\tWladimir\tB-PER\tO\n2\tPutin\tI-PER\tO\n3\treiste\tO\tO\n4\tnach\tO\tO\n5\tKasachstan\tB-LOC\tO\n6\t.\tO\tO\n\n",
        )
        .expect("write");
        let report = run(dir.path()).expect("runs");
        assert!(report.contains("overall"), "{report}");
        assert!(report.contains("sentences/s"), "{report}");
        assert!(run(&dir.path().join("missing.tsv")).is_err());
    }
}
