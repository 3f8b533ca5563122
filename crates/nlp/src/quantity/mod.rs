//! Quantities: numbers with unit, qualifier and measure.
use parallax_model::{Quantity, Span, Token};

use crate::lang::Language;

pub trait QuantityRules: Sync {}

pub fn extract(_language: &Language, _text: &str, _sentences: &[Span], _tokens: &[Token]) -> Vec<Quantity> {
    Vec::new()
}
