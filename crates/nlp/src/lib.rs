//! The language layer of Parallax: from a clean [`Article`] to an [`AnnotatedArticle`].
//!
//! Each stage lives in its own module and defines a trait for the rules it needs from a
//! language; each language (`lang/<code>/`) implements those traits in one folder, so adding
//! a language adds a module and one registry line, not `if lang ==` branches.

pub mod claims;
pub mod cleaning;
pub mod display;
pub mod embed;
pub mod entities;
pub mod framing;
pub mod lang;
pub mod ner;
pub mod quantity;
pub mod quote;
pub mod search;
pub mod segment;
pub mod story;
pub mod time;
pub mod token;

use parallax_model::{AnnotatedArticle, Article};

/// Annotate one article: sentences, tokens, entities, quantities, times, quotes, framing.
/// Pure and deterministic; never panics on any UTF-8 text.
pub fn annotate(article: Article) -> AnnotatedArticle {
    let language = lang::for_code(article.language.as_deref());
    let text = article.text.as_str();
    let scan = segment::scan(language, text);
    let tokens = token::from_scan(language, text, &scan);
    let sentences = scan.sentences;
    let (entities, entity_table) = entities::recognize(language, text, &sentences, &tokens);
    let quantities = quantity::extract(language, text, &sentences, &tokens);
    let times = time::extract(language, text, &sentences, article.published.as_deref());
    let quotes = quote::extract(language, text, &sentences, &tokens, &entities);
    let context = framing::GenreContext {
        title: article.title.as_deref(),
        outlet_kind: article.outlet.as_ref().map(|o| o.kind),
    };
    let framing = framing::analyze_in(
        language, text, &sentences, &tokens, &entities, &quotes, context,
    );
    let claim_candidates = claims::candidates(text, article.title.as_deref(), &sentences, &tokens);
    AnnotatedArticle {
        claim_candidates,
        vectors: None,
        genre: Some(framing.genre),
        framing: Some(framing),
        sentences,
        tokens,
        entities,
        entity_table,
        quantities,
        times,
        quotes,
        article,
    }
}
