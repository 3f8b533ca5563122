//! Sentence vectors: the small trait a multilingual sentence encoder implements, and what
//! the pipeline embeds with it (an article's title with its lead, and its claim candidates).
//!
//! The encoder is optional: without it Parallax aligns claims and stories by lexical and
//! entity evidence alone. With it, vectors propose which sentences of different articles (in
//! any language) say the same thing; numbers, dates, places and entities still decide.

use parallax_model::{AnnotatedArticle, QuantizedVector, SentenceVectors};

/// A sentence encoder: texts in, L2-normalised vectors out (one per text, same order).
pub trait SentenceEncoder: Send + Sync {
    /// A short, stable name of the model and its weights.
    fn model(&self) -> &str;
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>>;
}

/// Most bytes of an article's opening used with its title for the story vector.
const LEAD_BYTES: usize = 600;

/// Quantise a vector to 8 bits per dimension (symmetric, one scale per vector).
pub fn quantize(v: &[f32]) -> QuantizedVector {
    let max = v.iter().fold(0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
    QuantizedVector {
        scale,
        values: v
            .iter()
            .map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8)
            .collect(),
    }
}

/// Cosine of two quantised unit vectors (their dot product; 0 when the sizes differ).
pub fn cosine(a: &QuantizedVector, b: &QuantizedVector) -> f32 {
    if a.values.len() != b.values.len() {
        return 0.0;
    }
    let dot: i32 = a
        .values
        .iter()
        .zip(&b.values)
        .map(|(&x, &y)| i32::from(x) * i32::from(y))
        .sum();
    dot as f32 * a.scale * b.scale
}

/// The title followed by the start of the text, cut on a char boundary.
pub fn title_and_lead(a: &AnnotatedArticle) -> String {
    let text = &a.article.text;
    let mut end = text.len().min(LEAD_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match a.article.title.as_deref() {
        Some(t) if !text.starts_with(t) => format!("{t}. {}", &text[..end]),
        _ => text[..end].to_string(),
    }
}

/// Embed an article's title with its lead and each claim candidate, in one call.
pub fn embed_article(encoder: &dyn SentenceEncoder, a: &mut AnnotatedArticle) {
    let lead = title_and_lead(a);
    let mut texts: Vec<&str> = vec![lead.as_str()];
    texts.extend(a.claim_candidates.iter().map(|s| s.slice(&a.article.text)));
    let mut vectors = encoder.embed(&texts).into_iter().map(|v| quantize(&v));
    let title_lead = vectors.next();
    a.vectors = Some(SentenceVectors {
        model: encoder.model().to_string(),
        title_lead,
        candidates: vectors.collect(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantised_cosine_is_close_to_the_float_one() {
        let a = [0.6f32, 0.8, 0.0];
        let b = [0.8f32, 0.6, 0.0];
        let c = cosine(&quantize(&a), &quantize(&b));
        assert!((c - 0.96).abs() < 0.01, "{c}");
        assert!((cosine(&quantize(&a), &quantize(&a)) - 1.0).abs() < 0.01);
        assert_eq!(cosine(&quantize(&a), &quantize(&[1.0])), 0.0);
    }
}
