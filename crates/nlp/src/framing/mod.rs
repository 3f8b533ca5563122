//! Framing cues: genre, loaded language, wording, stance.
use parallax_model::{EntityMention, Framing, Genre, Quote, Span, Token};

use crate::lang::Language;

pub trait FramingRules: Sync {}

pub fn analyze(
    _language: &Language,
    _text: &str,
    _sentences: &[Span],
    _tokens: &[Token],
    _entities: &[EntityMention],
    _quotes: &[Quote],
) -> Framing {
    Framing {
        genre: Genre::Report,
        genre_reasons: Vec::new(),
        cues: Vec::new(),
        wording: Vec::new(),
        stance: Vec::new(),
        subjectivity: 0.0,
    }
}
