//! The multilingual sentence encoder as the pipeline uses it: loaded from where
//! `parallax model install` puts it, behind [`SentenceEncoder`].

use parallax_nlp::embed::SentenceEncoder;

/// multilingual-e5-small (4-bit) through `parallax-encoder`.
pub struct E5 {
    encoder: parallax_encoder::Encoder,
}

impl SentenceEncoder for E5 {
    fn model(&self) -> &str {
        "multilingual-e5-small-q4"
    }

    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        self.encoder.embed(texts)
    }
}

/// What looking for the encoder found.
pub enum Found {
    Loaded(Box<E5>),
    /// No model file where Parallax looks (the path it looked at, if it could tell).
    NotInstalled(Option<std::path::PathBuf>),
    /// A model file that could not be loaded, and why.
    Unreadable(String),
}

/// Load the installed encoder, if there is one.
pub fn load_installed() -> Found {
    let Some(path) = parallax_encoder::find_model() else {
        return Found::NotInstalled(parallax_encoder::default_model_path().ok());
    };
    match parallax_encoder::Encoder::load(&path) {
        Ok(encoder) => Found::Loaded(Box::new(E5 { encoder })),
        Err(e) => Found::Unreadable(e.to_string()),
    }
}
