//! Near-duplicates and lineage.
use parallax_model::{AnnotatedArticle, DuplicateGroup};

pub fn find(_articles: &[AnnotatedArticle]) -> Vec<DuplicateGroup> {
    Vec::new()
}
