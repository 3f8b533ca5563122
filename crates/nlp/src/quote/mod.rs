//! Quotes and their speakers.
//!
//! Five kinds, after the schema of the German news quotation corpus (Petersen-Frey & Biemann
//! 2024): direct quotes in quote marks (mixed marks too: `„…“`, `„…"`, `»…«`, `‚…‘`);
//! indirect speech a cue frames (`sagte, dass …`, `betonte, die Lage sei …`, `laut X …`,
//! `nach Angaben X …`, `…, so X`); reported speech acts (`X forderte eine schnellere
//! Entscheidung`); subjunctive sentences continuing a speaker without a cue of their own; and
//! hearsay with a modal (`Der Täter soll …`). Names and terms in quote marks are terms.
//!
//! Each quote keeps `speaker_span`, the speaker as written (a name, a pronoun, `ein Sprecher des
//! Ministeriums`), and `speaker`, the entity it resolves to (a pronoun to the person before it,
//! a role phrase to the entity it names or the person last named in that role), or null.
//!
//! The stage reads the article's tokens and entity mentions once into an indexed view
//! ([`words`]), so it is linear in the text; it holds no word of any language — every word it
//! looks for comes from the language's [`QuoteLexicon`] (`data/lang/<code>/quotes.tsv`).

use parallax_model::{EntityMention, Quote, Span, Token};

use crate::lang::Language;

mod assemble;
mod cues;
mod lexicon;
mod marks;
mod phrase;
mod words;

pub use cues::{Attribution, CueKind};
pub use lexicon::QuoteLexicon;
pub use marks::{marks, quote_spans, Mark, MAX_QUOTE};

/// What the quote stage needs from a language.
pub trait QuoteRules: Sync {
    /// Cue verbs, source prepositions, pronouns, function words, subjunctive and modal forms.
    fn lexicon(&self) -> &QuoteLexicon;
}

/// Every speech cue in the text with its source (the attribution layer under quotes).
pub fn attributions(
    language: &Language,
    text: &str,
    sentences: &[Span],
    entities: &[EntityMention],
) -> Vec<Attribution> {
    let doc = words::Doc::new(
        language,
        language.quotes.lexicon(),
        text,
        sentences,
        &[],
        entities,
    );
    doc.attributions()
}

/// Extract quotes (all kinds, and terms) with their speakers. `tokens` are the article's
/// tokens; without them (`&[]`) the stage tokenises the text itself.
pub fn extract(
    language: &Language,
    text: &str,
    sentences: &[Span],
    tokens: &[Token],
    entities: &[EntityMention],
) -> Vec<Quote> {
    let doc = words::Doc::new(
        language,
        language.quotes.lexicon(),
        text,
        sentences,
        tokens,
        entities,
    );
    assemble::quotes(&doc)
}

/// Implements [`QuoteRules`] for a language type from its `data/lang/<code>/quotes.tsv`
/// (parsed once). Used from `lang/<code>/quotes.rs`.
macro_rules! quote_rules_from_data {
    ($language:ty, $code:literal) => {
        impl $crate::quote::QuoteRules for $language {
            fn lexicon(&self) -> &$crate::quote::QuoteLexicon {
                static LEX: std::sync::OnceLock<$crate::quote::QuoteLexicon> =
                    std::sync::OnceLock::new();
                LEX.get_or_init(|| {
                    $crate::quote::QuoteLexicon::parse(include_str!(concat!(
                        "../../../../../data/lang/",
                        $code,
                        "/quotes.tsv"
                    )))
                })
            }
        }
    };
}
pub(crate) use quote_rules_from_data;

#[cfg(test)]
mod tests;
