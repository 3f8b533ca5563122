//! Quotes and their speakers.
use parallax_model::{EntityMention, Quote, Span, Token};

use crate::lang::Language;

pub trait QuoteRules: Sync {}

pub fn extract(
    _language: &Language,
    _text: &str,
    _sentences: &[Span],
    _tokens: &[Token],
    _entities: &[EntityMention],
) -> Vec<Quote> {
    Vec::new()
}
