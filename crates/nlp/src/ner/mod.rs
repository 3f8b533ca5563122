//! The statistical named-entity tagger: a structured averaged perceptron with exact Viterbi
//! decoding over hashed features (word, affixes, shape, context window, gazetteers, word
//! classes, label bigrams and label × word), trained on GermEval 2014.
//!
//! The trained weights are a compact binary table (`data/ner/de.bin`, sorted feature hashes
//! with quantised per-label weights) embedded in the binary and loaded into a flat
//! open-addressing table (one cache line per lookup). Training is deterministic.
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

mod features;
pub mod train;

pub use features::Gazetteer;
pub use features::GAZ_FIRST as GAZ_FIRST_NAME;
use features::{transition_feature, FeatureSink, SentenceFeatures};

/// The outer-layer GermEval classes, as BIO labels. Index 0 is `O`.
pub const CLASSES: [&str; 12] = [
    "PER", "PERderiv", "PERpart", "ORG", "ORGderiv", "ORGpart", "LOC", "LOCderiv", "LOCpart",
    "OTH", "OTHderiv", "OTHpart",
];

/// Number of labels: `O` plus `B-`/`I-` per class.
pub const N_LABELS: usize = 1 + 2 * CLASSES.len();

/// The "previous label" of the first word.
pub(crate) const START_LABEL: usize = N_LABELS;
/// Previous-label states: the labels and the sentence start.
pub(crate) const N_PREV: usize = N_LABELS + 1;

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

/// One slot of the model's open-addressing table: a feature with up to two label weights
/// inline (most features have one or two), more in `Model::extra`. 16 bytes, so a lookup
/// usually touches one cache line.
#[derive(Clone, Copy, Default)]
struct Slot {
    /// Low 32 bits of the feature hash (the slot comes from a remix of all 64).
    fp: u32,
    /// Number of weights; 0 marks an empty slot.
    n: u8,
    labels: [u8; 2],
    weights: [i16; 2],
    /// Start in `Model::extra` when `n > 2`.
    start: u32,
}

/// A trained model: feature hash → per-label weights (quantised to `i16` × `scale`).
pub struct Model {
    slots: Vec<Slot>,
    mask: usize,
    shift: u32,
    extra: Vec<(u8, i16)>,
    scale: f32,
    features: usize,
    /// The serialised form ([`Model::to_bytes`]).
    bytes: Vec<u8>,
    /// Label bigram weights, `N_PREV × N_LABELS` (cached from the table).
    trans: Vec<f32>,
}

const MAGIC: &[u8; 8] = b"PXNER01\n";

/// Home slot of a feature hash in a table of `2^(64 - shift)` slots (Fibonacci hashing).
#[inline]
fn slot_of(h: u64, shift: u32) -> usize {
    (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> shift) as usize
}

impl Model {
    /// A model from dense training rows (`avg[row × N_LABELS + label]`), dropping weights
    /// with a magnitude at most `threshold`; quantised exactly as when saved and loaded.
    pub(crate) fn from_dense(feats: &FeatureMap<u32>, avg: &[f32], threshold: f32) -> Model {
        let mut keys: Vec<(u64, u32)> = feats.iter().map(|(&h, &r)| (h, r)).collect();
        keys.sort_unstable();
        let max = avg.iter().fold(0f32, |m, &w| m.max(w.abs())).max(1e-9);
        let scale = max / 32767.0;
        let mut body = Vec::with_capacity(keys.len() * 15);
        let mut count = 0u32;
        let mut row_out: Vec<(u8, i16)> = Vec::with_capacity(N_LABELS);
        for (h, row) in keys {
            let base = row as usize * N_LABELS;
            row_out.clear();
            for l in 0..N_LABELS {
                let w = avg.get(base + l).copied().unwrap_or(0.0);
                let q = (w / scale).round().clamp(-32767.0, 32767.0) as i16;
                if w.abs() > threshold && q != 0 {
                    row_out.push((l as u8, q));
                }
            }
            if row_out.is_empty() {
                continue;
            }
            count += 1;
            body.extend_from_slice(&h.to_le_bytes());
            body.push(row_out.len() as u8);
            for &(l, q) in &row_out {
                body.push(l);
                body.extend_from_slice(&q.to_le_bytes());
            }
        }
        let mut out = Vec::with_capacity(16 + body.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&scale.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&body);
        Model::from_bytes(&out).unwrap_or_else(|| Model::build(Vec::new(), 1.0, &[]))
    }

    fn build(bytes: Vec<u8>, scale: f32, entries: &[(u64, Vec<(u8, i16)>)]) -> Model {
        let size = (entries.len() * 8 / 5).max(16).next_power_of_two();
        let mask = size - 1;
        let shift = 64 - size.trailing_zeros();
        let mut slots = vec![Slot::default(); size];
        let mut extra = Vec::new();
        let mut features = 0;
        for (h, ws) in entries {
            let fp = *h as u32;
            let mut i = slot_of(*h, shift);
            // Linear probing; a (vanishingly rare) clash of slot chain and fingerprint keeps
            // the first feature.
            let mut clash = false;
            while slots[i].n != 0 {
                if slots[i].fp == fp {
                    clash = true;
                    break;
                }
                i = (i + 1) & mask;
            }
            if clash || ws.is_empty() {
                continue;
            }
            let mut s = Slot {
                fp,
                n: ws.len() as u8,
                ..Slot::default()
            };
            if ws.len() <= 2 {
                for (k, &(l, q)) in ws.iter().enumerate() {
                    s.labels[k] = l;
                    s.weights[k] = q;
                }
            } else {
                s.start = extra.len() as u32;
                extra.extend_from_slice(ws);
            }
            slots[i] = s;
            features += 1;
        }
        let mut m = Model {
            slots,
            mask,
            shift,
            extra,
            scale,
            features,
            bytes,
            trans: vec![0.0; N_PREV * N_LABELS],
        };
        let mut h = Vec::with_capacity(1);
        for p in 0..N_PREV {
            h.clear();
            transition_feature(p, &mut FeatureSink(&mut h));
            let mut row = [0f32; N_LABELS];
            for &x in &h {
                m.add(x, &mut row);
            }
            m.trans[p * N_LABELS..(p + 1) * N_LABELS].copy_from_slice(&row);
        }
        m
    }

    /// Number of features with weights.
    pub fn features(&self) -> usize {
        self.features
    }

    /// Serialise: magic, scale (f32 LE), feature count (u32 LE), then per feature (sorted by
    /// hash): hash (u64 LE), label count (u8), (label u8, weight i16 LE) pairs.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.bytes.clone()
    }

    /// Parse [`Model::to_bytes`] output; `None` when the bytes are not a model.
    pub fn from_bytes(bytes: &[u8]) -> Option<Model> {
        if bytes.len() < 16 || &bytes[..8] != MAGIC {
            return None;
        }
        let scale = f32::from_le_bytes(bytes[8..12].try_into().ok()?);
        let n = u32::from_le_bytes(bytes[12..16].try_into().ok()?) as usize;
        let mut entries = Vec::with_capacity(n.min(bytes.len() / 9));
        let mut p = 16;
        for _ in 0..n {
            let h = u64::from_le_bytes(bytes.get(p..p + 8)?.try_into().ok()?);
            let k = *bytes.get(p + 8)?;
            p += 9;
            let mut ws = Vec::with_capacity(k as usize);
            for _ in 0..k {
                let l = *bytes.get(p)?;
                let q = i16::from_le_bytes(bytes.get(p + 1..p + 3)?.try_into().ok()?);
                if (l as usize) < N_LABELS {
                    ws.push((l, q));
                }
                p += 3;
            }
            entries.push((h, ws));
        }
        if p != bytes.len() {
            return None;
        }
        Some(Model::build(bytes.to_vec(), scale, &entries))
    }

    #[inline]
    fn add(&self, h: u64, scores: &mut [f32]) {
        let fp = h as u32;
        let mut i = slot_of(h, self.shift);
        loop {
            let s = &self.slots[i];
            if s.n == 0 {
                return;
            }
            if s.fp == fp {
                if s.n <= 2 {
                    for k in 0..s.n as usize {
                        if let Some(x) = scores.get_mut(s.labels[k] as usize) {
                            *x += f32::from(s.weights[k]) * self.scale;
                        }
                    }
                } else {
                    let a = s.start as usize;
                    for &(l, q) in self.extra.get(a..a + s.n as usize).unwrap_or(&[]) {
                        if let Some(x) = scores.get_mut(l as usize) {
                            *x += f32::from(q) * self.scale;
                        }
                    }
                }
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Tag one sentence of words: a BIO label index per word (the best-scoring label sequence).
    pub fn tag(&self, gaz: &Gazetteer, words: &[&str]) -> Vec<usize> {
        let n = words.len();
        if n == 0 {
            return Vec::new();
        }
        let sf = SentenceFeatures::new(gaz, words);
        let mut emit = vec![0f32; n * N_LABELS];
        let mut feats = Vec::with_capacity(128);
        for i in 0..n {
            feats.clear();
            sf.static_features(i, &mut FeatureSink(&mut feats));
            let e = &mut emit[i * N_LABELS..(i + 1) * N_LABELS];
            for &h in &feats {
                self.add(h, e);
            }
        }
        viterbi(n, &emit, &self.trans)
    }
}

/// Exact first-order Viterbi decoding. `emit[i × N_LABELS + l]` scores label `l` at word `i`;
/// `trans[p × N_LABELS + l]` adds the score of `l` after `p` ([`START_LABEL`] before the first
/// word). Disallowed transitions (`O` → `I-X`) are never taken; ties go to the lowest label
/// index (deterministic).
pub(crate) fn viterbi(n: usize, emit: &[f32], trans: &[f32]) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let mut delta = [f32::NEG_INFINITY; N_LABELS];
    let mut back = vec![0u8; n * N_LABELS];
    for (l, d) in delta.iter_mut().enumerate() {
        if allowed(START_LABEL, l) {
            *d = emit[l] + trans[START_LABEL * N_LABELS + l];
        }
    }
    for i in 1..n {
        let mut next = [f32::NEG_INFINITY; N_LABELS];
        let e = &emit[i * N_LABELS..(i + 1) * N_LABELS];
        for (l, nx) in next.iter_mut().enumerate() {
            let mut bs = f32::NEG_INFINITY;
            let mut bp = 0usize;
            for (p, &d) in delta.iter().enumerate() {
                if d == f32::NEG_INFINITY || !allowed(p, l) {
                    continue;
                }
                let s = d + trans[p * N_LABELS + l];
                if s > bs {
                    bs = s;
                    bp = p;
                }
            }
            *nx = bs + e[l];
            back[i * N_LABELS + l] = bp as u8;
        }
        delta = next;
    }
    let mut last = 0;
    let mut bs = f32::NEG_INFINITY;
    for (l, &d) in delta.iter().enumerate() {
        if d > bs {
            bs = d;
            last = l;
        }
    }
    let mut out = vec![0usize; n];
    out[n - 1] = last;
    for i in (1..n).rev() {
        out[i - 1] = back[i * N_LABELS + out[i]] as usize;
    }
    out
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

/// The German gazetteer (first names, surnames, places, organisations) and word-class lexicon
/// (frequency bands, common-noun and proper-name forms) from `data/ner/`.
pub fn german_gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        Gazetteer::parse(include_str!("../../../../data/ner/gazetteers.tsv"))
            .with_lexicon(include_str!("../../../../data/ner/lexicon.tsv"))
            .with_clusters(include_str!("../../../../data/ner/clusters.tsv"))
    })
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

    #[test]
    fn viterbi_respects_bio_and_finds_the_best_path() {
        let o = 0;
        let b_per = label_index("B-PER");
        let i_per = label_index("I-PER");
        let trans = vec![0f32; N_PREV * N_LABELS];
        // Word 0 prefers O, word 1 prefers I-PER (not allowed after O): the best legal
        // sequence starts the name at word 0 or labels word 1 otherwise.
        let mut emit = vec![0f32; 2 * N_LABELS];
        emit[o] = 1.0;
        emit[b_per] = 0.8;
        emit[N_LABELS + i_per] = 2.0;
        let path = viterbi(2, &emit, &trans);
        assert_eq!(path, vec![b_per, i_per]);
        // I-X is never first.
        let mut emit = vec![0f32; N_LABELS];
        emit[i_per] = 5.0;
        assert_ne!(viterbi(1, &emit, &trans)[0], i_per);
        assert!(viterbi(0, &[], &trans).is_empty());
    }

    #[test]
    fn table_holds_many_features() {
        let mut feats = FeatureMap::default();
        let n = 5000u32;
        let mut avg = vec![0f32; n as usize * N_LABELS];
        for r in 0..n {
            let h = u64::from(r).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0xabc;
            feats.insert(h, r);
            // 1, 2 or 4 labels per feature (inline and overflow slots).
            for k in 0..[1, 2, 4][r as usize % 3] {
                avg[r as usize * N_LABELS + k * 3] = (r % 7) as f32 + 1.0;
            }
        }
        let m = Model::from_dense(&feats, &avg, 0.0);
        assert_eq!(m.features(), n as usize);
        let m2 = Model::from_bytes(&m.to_bytes()).expect("parses");
        for (&h, &r) in feats.iter().take(300) {
            let mut s = [0f32; N_LABELS];
            m2.add(h, &mut s);
            let want = (r % 7) as f32 + 1.0;
            assert!((s[0] - want).abs() < 1e-2, "{r}: {} vs {want}", s[0]);
            let mut z = [0f32; N_LABELS];
            m2.add(h ^ 0x5555_0000_0000, &mut z);
            assert!(z.iter().all(|&x| x == 0.0));
        }
        // A tagger from an empty model still tags (all O).
        let empty = Model::from_dense(&FeatureMap::default(), &[], 0.0);
        let gaz = Gazetteer::parse("");
        assert_eq!(empty.tag(&gaz, &["Putin", "kam"]), vec![0, 0]);
    }
}
