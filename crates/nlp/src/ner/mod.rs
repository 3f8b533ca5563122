//! The statistical named-entity tagger: a greedy averaged perceptron over hashed features
//! (word, affixes, shape, context window, gazetteers, previous tags), trained on GermEval 2014.
//!
//! The trained weights are a compact binary table (`data/ner/de.bin`, sorted feature hashes
//! with quantised per-label weights) embedded in the binary. Training is deterministic.
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

mod features;
pub mod train;

pub use features::Gazetteer;
pub use features::GAZ_FIRST as GAZ_FIRST_NAME;
use features::{FeatureSink, SentenceFeatures};

/// The outer-layer GermEval classes, as BIO labels. Index 0 is `O`.
pub const CLASSES: [&str; 12] = [
    "PER", "PERderiv", "PERpart", "ORG", "ORGderiv", "ORGpart", "LOC", "LOCderiv", "LOCpart",
    "OTH", "OTHderiv", "OTHpart",
];

/// Number of labels: `O` plus `B-`/`I-` per class.
pub const N_LABELS: usize = 1 + 2 * CLASSES.len();

/// Label name for an index (`O`, `B-PER`, `I-PER`, …).
pub fn label_name(l: usize) -> String {
    if l == 0 || l >= N_LABELS {
        "O".to_string()
    } else {
        let c = CLASSES[(l - 1) / 2];
        if (l - 1).is_multiple_of(2) {
            format!("B-{c}")
        } else {
            format!("I-{c}")
        }
    }
}

/// Label index for a name; unknown names are `O`.
pub fn label_index(name: &str) -> usize {
    let (bi, class) = match name.split_once('-') {
        Some(x) => x,
        None => return 0,
    };
    let Some(c) = CLASSES.iter().position(|&x| x == class) else {
        return 0;
    };
    match bi {
        "B" => 1 + 2 * c,
        "I" => 2 + 2 * c,
        _ => 0,
    }
}

/// `I-X` may only follow `B-X` or `I-X`.
pub(crate) fn allowed(prev: usize, l: usize) -> bool {
    if l == 0 || l % 2 == 1 {
        return true;
    }
    prev == l || prev == l - 1
}

/// Hasher for keys that are already well-mixed 64-bit hashes (feature hashes).
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by feature hashes.
pub type FeatureMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// A trained model: feature hash → per-label weights.
pub struct Model {
    index: FeatureMap<(u32, u8)>,
    weights: Vec<(u8, f32)>,
}

const MAGIC: &[u8; 8] = b"PXNER01\n";

impl Model {
    pub(crate) fn from_dense(feats: &FeatureMap<u32>, avg: &[f32], threshold: f32) -> Model {
        let mut keys: Vec<(&u64, &u32)> = feats.iter().collect();
        keys.sort();
        let mut index = FeatureMap::default();
        let mut weights = Vec::new();
        for (h, &row) in keys {
            let base = row as usize * N_LABELS;
            let start = weights.len();
            for l in 0..N_LABELS {
                let w = avg[base + l];
                if w.abs() > threshold {
                    weights.push((l as u8, w));
                }
            }
            let n = weights.len() - start;
            if n > 0 {
                index.insert(*h, (start as u32, n as u8));
            }
        }
        Model { index, weights }
    }

    /// Number of features with weights.
    pub fn features(&self) -> usize {
        self.index.len()
    }

    /// Serialise: magic, scale, feature count, then per feature (sorted by hash):
    /// hash (u64 LE), label count (u8), (label u8, weight i16 LE) pairs.
    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self
            .weights
            .iter()
            .fold(0f32, |m, &(_, w)| m.max(w.abs()))
            .max(1e-9);
        let scale = max / 32767.0;
        let mut keys: Vec<(&u64, &(u32, u8))> = self.index.iter().collect();
        keys.sort();
        let mut out = Vec::with_capacity(16 + keys.len() * 14);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&scale.to_le_bytes());
        out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        for (h, &(start, n)) in keys {
            out.extend_from_slice(&h.to_le_bytes());
            out.push(n);
            for &(l, w) in &self.weights[start as usize..start as usize + n as usize] {
                out.push(l);
                let q = (w / scale).round().clamp(-32767.0, 32767.0) as i16;
                out.extend_from_slice(&q.to_le_bytes());
            }
        }
        out
    }

    /// Parse [`Model::to_bytes`] output; `None` when the bytes are not a model.
    pub fn from_bytes(bytes: &[u8]) -> Option<Model> {
        if bytes.len() < 16 || &bytes[..8] != MAGIC {
            return None;
        }
        let scale = f32::from_le_bytes(bytes[8..12].try_into().ok()?);
        let n = u32::from_le_bytes(bytes[12..16].try_into().ok()?) as usize;
        let mut index = FeatureMap::with_capacity_and_hasher(n, Default::default());
        let mut weights = Vec::with_capacity(n * 3);
        let mut p = 16;
        for _ in 0..n {
            let h = u64::from_le_bytes(bytes.get(p..p + 8)?.try_into().ok()?);
            let k = *bytes.get(p + 8)?;
            p += 9;
            let start = weights.len() as u32;
            for _ in 0..k {
                let l = *bytes.get(p)?;
                let q = i16::from_le_bytes(bytes.get(p + 1..p + 3)?.try_into().ok()?);
                if (l as usize) < N_LABELS {
                    weights.push((l, f32::from(q) * scale));
                }
                p += 3;
            }
            index.insert(h, (start, (weights.len() as u32 - start) as u8));
        }
        Some(Model { index, weights })
    }

    #[inline]
    fn add(&self, h: u64, scores: &mut [f32; N_LABELS]) {
        if let Some(&(s, n)) = self.index.get(&h) {
            for &(l, w) in &self.weights[s as usize..s as usize + n as usize] {
                scores[l as usize] += w;
            }
        }
    }

    /// Tag one sentence of words: a BIO label index per word.
    pub fn tag(&self, gaz: &Gazetteer, words: &[&str]) -> Vec<usize> {
        let sf = SentenceFeatures::new(gaz, words);
        let mut labels: Vec<usize> = Vec::with_capacity(words.len());
        let mut feats = Vec::with_capacity(64);
        for i in 0..words.len() {
            feats.clear();
            sf.static_features(i, &mut FeatureSink(&mut feats));
            let prev = if i > 0 { labels[i - 1] } else { 0 };
            let prev2 = if i > 1 { labels[i - 2] } else { 0 };
            sf.dynamic_features(i, prev, prev2, &mut FeatureSink(&mut feats));
            let mut scores = [0f32; N_LABELS];
            for &h in &feats {
                self.add(h, &mut scores);
            }
            labels.push(best(&scores, prev));
        }
        labels
    }
}

/// The best label allowed after `prev` (ties: lowest index, for determinism).
pub(crate) fn best(scores: &[f32], prev: usize) -> usize {
    let mut b = 0;
    let mut bs = f32::NEG_INFINITY;
    for (l, &s) in scores.iter().enumerate() {
        if s > bs && allowed(prev, l) {
            b = l;
            bs = s;
        }
    }
    b
}

/// Entity spans `(start, end, class index)` from BIO labels (end exclusive, in words).
/// A stray `I-X` starts a new span.
pub fn spans(labels: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    for (i, &l) in labels.iter().enumerate() {
        let class = if l == 0 { None } else { Some((l - 1) / 2) };
        let begin = l != 0 && (l - 1) % 2 == 0;
        match (cur, class) {
            (Some((s, c)), Some(k)) if !begin && k == c => {
                let _ = s;
            }
            (Some((s, c)), _) => {
                out.push((s, i, c));
                cur = class.map(|k| (i, k));
            }
            (None, Some(k)) => cur = Some((i, k)),
            (None, None) => {}
        }
    }
    if let Some((s, c)) = cur {
        out.push((s, labels.len(), c));
    }
    out
}

/// The German gazetteer (first names, surnames, places, organisations) from `data/ner/`.
pub fn german_gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::parse(include_str!("../../../../data/ner/gazetteers.tsv")))
}

/// The embedded German model, or `None` when the binary was built without trained weights.
pub fn german_model() -> Option<&'static Model> {
    static M: OnceLock<Option<Model>> = OnceLock::new();
    M.get_or_init(|| Model::from_bytes(include_bytes!("../../../../data/ner/de.bin")))
        .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip() {
        for l in 0..N_LABELS {
            assert_eq!(label_index(&label_name(l)), l);
        }
        assert_eq!(label_index("B-LOCderiv"), 1 + 2 * 7);
        assert_eq!(label_index("X"), 0);
    }

    #[test]
    fn spans_from_bio() {
        let b_per = label_index("B-PER");
        let i_per = label_index("I-PER");
        let b_loc = label_index("B-LOC");
        assert_eq!(
            spans(&[b_per, i_per, 0, b_loc, b_loc, i_per]),
            vec![(0, 2, 0), (3, 4, 6), (4, 5, 6), (5, 6, 0)]
        );
    }

    #[test]
    fn model_serialises() {
        let mut feats = FeatureMap::default();
        feats.insert(42u64, 0u32);
        feats.insert(7u64, 1u32);
        let mut avg = vec![0f32; 2 * N_LABELS];
        avg[3] = 1.5;
        avg[N_LABELS + 1] = -0.25;
        let m = Model::from_dense(&feats, &avg, 1e-6);
        let bytes = m.to_bytes();
        let m2 = Model::from_bytes(&bytes).expect("parses");
        assert_eq!(m2.features(), 2);
        let mut s = [0f32; N_LABELS];
        m2.add(42, &mut s);
        assert!((s[3] - 1.5).abs() < 1e-3);
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_none());
        assert!(Model::from_bytes(b"garbage").is_none());
    }
}
