//! Named entities and who is who (canonical ids).
use parallax_model::{EntityInfo, EntityMention, Span, Token};

use crate::lang::Language;

pub trait EntityRules: Sync {}

pub fn recognize(
    _language: &Language,
    _text: &str,
    _sentences: &[Span],
    _tokens: &[Token],
) -> (Vec<EntityMention>, Vec<EntityInfo>) {
    (Vec::new(), Vec::new())
}
