//! Sentence segmentation.
use parallax_model::Span;

use crate::lang::Language;

/// What segmentation needs from a language (abbreviations, …).
pub trait SegmentationRules: Sync {}

/// Sentence spans of `text`, in order, covering every non-blank stretch.
pub fn sentences(_language: &Language, text: &str) -> Vec<Span> {
    // Placeholder until the segmenter lands: one sentence per non-empty line.
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if !trimmed.trim().is_empty() {
            let lead = trimmed.len() - trimmed.trim_start().len();
            out.push(Span::new(start + lead, start + trimmed.len()));
        }
        start += line.len();
    }
    out
}
