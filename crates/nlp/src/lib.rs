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

use std::time::{Duration, Instant};

use parallax_model::{AnnotatedArticle, Article, Deadline, OverBudget};

/// The stages of [`annotate`], in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Sentences,
    Tokens,
    Entities,
    Quantities,
    Times,
    Quotes,
    Framing,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Sentences,
        Stage::Tokens,
        Stage::Entities,
        Stage::Quantities,
        Stage::Times,
        Stage::Quotes,
        Stage::Framing,
    ];

    /// What the stage does, in plain words (for messages and bench tables).
    pub fn doing(self) -> &'static str {
        match self {
            Stage::Sentences => "splitting sentences",
            Stage::Tokens => "splitting words",
            Stage::Entities => "finding names",
            Stage::Quantities => "finding numbers",
            Stage::Times => "finding dates",
            Stage::Quotes => "finding quotes",
            Stage::Framing => "reading framing cues",
        }
    }
}

/// Annotate one article: sentences, tokens, entities, quantities, times, quotes, framing.
/// Pure and deterministic; never panics on any UTF-8 text.
pub fn annotate(article: Article) -> AnnotatedArticle {
    match annotate_observed(article, &Deadline::none(), &mut |_, _| {}) {
        Ok(a) => a,
        Err(_) => unreachable!("no deadline, so never over budget"),
    }
}

/// [`annotate`] within a time budget: the deadline is checked before each stage, and the
/// work stops with [`OverBudget`] (naming the stage) once it has passed.
pub fn annotate_within(
    article: Article,
    deadline: &Deadline,
) -> Result<AnnotatedArticle, OverBudget> {
    annotate_observed(article, deadline, &mut |_, _| {})
}

/// [`annotate_within`], reporting how long each stage took to `on_stage` (for benches).
pub fn annotate_observed(
    article: Article,
    deadline: &Deadline,
    on_stage: &mut dyn FnMut(Stage, Duration),
) -> Result<AnnotatedArticle, OverBudget> {
    let language = lang::for_code(article.language.as_deref());
    let text = article.text.as_str();
    let step = |stage: Stage| -> Result<Instant, OverBudget> {
        deadline.check(stage.doing())?;
        Ok(Instant::now())
    };
    let mut t = step(Stage::Sentences)?;
    let mut done = |stage: Stage, t: Instant| on_stage(stage, t.elapsed());
    let scan = segment::scan(language, text);
    let sentences_done = t;
    t = step(Stage::Tokens)?;
    done(Stage::Sentences, sentences_done);
    let tokens = token::from_scan(language, text, &scan);
    let sentences = scan.sentences;
    done(Stage::Tokens, t);
    t = step(Stage::Entities)?;
    let (entities, entity_table) = entities::recognize(language, text, &sentences, &tokens);
    done(Stage::Entities, t);
    t = step(Stage::Quantities)?;
    let quantities = quantity::extract(language, text, &sentences, &tokens);
    done(Stage::Quantities, t);
    t = step(Stage::Times)?;
    let times = time::extract(language, text, &sentences, article.published.as_deref());
    done(Stage::Times, t);
    t = step(Stage::Quotes)?;
    let quotes = quote::extract(language, text, &sentences, &tokens, &entities);
    done(Stage::Quotes, t);
    t = step(Stage::Framing)?;
    let context = framing::GenreContext {
        title: article.title.as_deref(),
        outlet_kind: article.outlet.as_ref().map(|o| o.kind),
    };
    let framing = framing::analyze_in(
        language, text, &sentences, &tokens, &entities, &quotes, context,
    );
    let claim_candidates = claims::candidates(text, article.title.as_deref(), &sentences, &tokens);
    done(Stage::Framing, t);
    Ok(AnnotatedArticle {
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
    })
}
