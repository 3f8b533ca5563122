//! The analysis stage of Parallax: copies and lineage, stories and events, and the
//! side-by-side comparison of sources (fact matrix, conflicts, omissions, wording), and the
//! summaries a story list shows.

pub mod claims;
pub mod compare;
pub mod duplicates;
pub mod stories;
pub mod summary;

use parallax_model::{Analysis, AnnotatedArticle, SCHEMA_VERSION};
use rayon::prelude::*;

/// Analyse annotated articles: copies, stories with events, comparisons. Pure and
/// deterministic: the same articles in any order give the same result.
pub fn analyze(mut articles: Vec<AnnotatedArticle>) -> Analysis {
    articles.sort_by(|a, b| {
        a.article
            .path
            .cmp(&b.article.path)
            .then_with(|| a.article.id.cmp(&b.article.id))
    });
    // Copies and stories share one feature extraction (stems, entities, numbers, dates).
    let features: Vec<_> = articles
        .par_iter()
        .map(stories::features::extract)
        .collect();
    let duplicates = duplicates::find_with_features(&articles, &features);
    let stories = stories::cluster_with_features(&articles, &features, &duplicates);
    let comparisons = compare::compare_all(&articles, &stories, &duplicates);
    Analysis {
        schema_version: SCHEMA_VERSION.to_string(),
        articles,
        duplicates,
        stories,
        comparisons,
    }
}
