//! The comparison of a story's sources: fact matrix, conflicts, omissions, wording.
use parallax_model::{AnnotatedArticle, Comparison, Story};

pub fn compare_all(_articles: &[AnnotatedArticle], _stories: &[Story]) -> Vec<Comparison> {
    Vec::new()
}
