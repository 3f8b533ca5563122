//! Story clustering and event splitting.
use parallax_model::{AnnotatedArticle, DuplicateGroup, Story};

pub fn cluster(_articles: &[AnnotatedArticle], _duplicates: &[DuplicateGroup]) -> Vec<Story> {
    Vec::new()
}
