//! The statistical named-entity tagger: a structured averaged perceptron with exact first-order
//! Viterbi decoding over BIOES tags (callers get BIO labels) and hashed features (word,
//! affixes, shape, context window, gazetteers, word classes, Brown word clusters), trained on
//! GermEval 2014.
//!
//! The trained weights are a compact binary table (`data/ner/de.bin`, sorted feature hashes
//! with quantised per-tag weights) embedded in the binary and loaded into a flat
//! open-addressing table (one cache line per lookup). Training is deterministic.
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

mod features;

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

/// Number of the tagger's internal tags: `O` plus `B-`/`I-`/`E-`/`S-` per class (BIOES:
/// the last word and single-word entities get their own tags, which sharpens span
/// boundaries). Tag `1 + 4c + k` is class `c` with `k` = 0 `B`, 1 `I`, 2 `E`, 3 `S`.
pub const N_TAGS: usize = 1 + 4 * CLASSES.len();

/// The "previous tag" of the first word.
pub const START_TAG: usize = N_TAGS;
/// Previous-tag states: the tags and the sentence start.
pub const N_PREV: usize = N_TAGS + 1;

/// BIO labels → BIOES tags (a stray `I-X` counts as a beginning, as in [`spans`]).
pub fn to_tags(labels: &[usize]) -> Vec<usize> {
    let mut tags = vec![0; labels.len()];
    for (start, end, c) in spans(labels) {
        if end - start == 1 {
            tags[start] = 4 + 4 * c;
        } else {
            tags[start] = 1 + 4 * c;
            for t in &mut tags[start + 1..end - 1] {
                *t = 2 + 4 * c;
            }
            tags[end - 1] = 3 + 4 * c;
        }
    }
    tags
}

/// BIOES tags → BIO labels.
pub fn to_labels(tags: &[usize]) -> Vec<usize> {
    tags.iter()
        .map(|&t| {
            if t == 0 || t >= N_TAGS {
                return 0;
            }
            let (c, k) = ((t - 1) / 4, (t - 1) % 4);
            if k == 0 || k == 3 {
                1 + 2 * c
            } else {
                2 + 2 * c
            }
        })
        .collect()
}

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

/// BIOES order: after `B-X` or `I-X` only `I-X` or `E-X`; elsewhere (also at the start)
/// only `O`, `B-*` or `S-*`.
pub fn allowed(prev: usize, t: usize) -> bool {
    let open = prev != 0 && prev < N_TAGS && (prev - 1) % 4 < 2;
    let inside = t != 0 && (t - 1) % 4 >= 1 && (t - 1) % 4 <= 2;
    if open {
        inside && (t - 1) / 4 == (prev - 1) / 4
    } else {
        !inside
    }
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
    /// Label bigram weights, `N_PREV × N_TAGS` (cached from the table).
    trans: Vec<f32>,
}

const MAGIC: &[u8; 8] = b"PXNER02\n";

/// Home slot of a feature hash in a table of `2^(64 - shift)` slots (Fibonacci hashing).
#[inline]
fn slot_of(h: u64, shift: u32) -> usize {
    (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> shift) as usize
}

impl Model {
    /// A model from dense training rows (`avg[row × N_TAGS + label]`), dropping weights
    /// with a magnitude at most `threshold`; quantised exactly as when saved and loaded.
    pub fn from_dense(feats: &FeatureMap<u32>, avg: &[f32], threshold: f32) -> Model {
        let mut keys: Vec<(u64, u32)> = feats.iter().map(|(&h, &r)| (h, r)).collect();
        keys.sort_unstable();
        let max = avg.iter().fold(0f32, |m, &w| m.max(w.abs())).max(1e-9);
        let scale = max / 32767.0;
        let mut body = Vec::with_capacity(keys.len() * 15);
        let mut count = 0u32;
        let mut row_out: Vec<(u8, i16)> = Vec::with_capacity(N_TAGS);
        for (h, row) in keys {
            let base = row as usize * N_TAGS;
            row_out.clear();
            for l in 0..N_TAGS {
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
            trans: vec![0.0; N_PREV * N_TAGS],
        };
        let mut h = Vec::with_capacity(1);
        for p in 0..N_PREV {
            h.clear();
            transition_feature(p, &mut FeatureSink(&mut h));
            let mut row = [0f32; N_TAGS];
            for &x in &h {
                m.add(x, &mut row);
            }
            m.trans[p * N_TAGS..(p + 1) * N_TAGS].copy_from_slice(&row);
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
                if (l as usize) < N_TAGS {
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

    /// Tag one sentence of words: a BIO label index per word (from the best-scoring tag
    /// sequence).
    pub fn tag(&self, gaz: &Gazetteer, words: &[&str]) -> Vec<usize> {
        let n = words.len();
        if n == 0 {
            return Vec::new();
        }
        let sf = SentenceFeatures::new(gaz, words);
        let mut emit = vec![0f32; n * N_TAGS];
        let mut feats = Vec::with_capacity(128 * n);
        let mut ends = Vec::with_capacity(n);
        for i in 0..n {
            sf.static_features(i, &mut FeatureSink(&mut feats));
            ends.push(feats.len());
        }
        // The table is larger than the caches and lookups are latency-bound: first touch
        // every home slot of the sentence with independent loads (the processor overlaps
        // them), then sum the weights from warm cache lines.
        let mut touched = 0u32;
        for &h in &feats {
            touched ^= self.slots[slot_of(h, self.shift)].fp;
        }
        std::hint::black_box(touched);
        let mut start = 0;
        for (i, &end) in ends.iter().enumerate() {
            let e = &mut emit[i * N_TAGS..(i + 1) * N_TAGS];
            for &h in &feats[start..end] {
                self.add(h, e);
            }
            start = end;
        }
        to_labels(&viterbi(n, &emit, &self.trans))
    }
}

/// Exact first-order Viterbi decoding. `emit[i × N_TAGS + l]` scores label `l` at word `i`;
/// `trans[p × N_TAGS + l]` adds the score of `l` after `p` ([`START_TAG`] before the first
/// word). Disallowed transitions (`O` → `I-X`) are never taken; ties go to the lowest label
/// index (deterministic).
pub fn viterbi(n: usize, emit: &[f32], trans: &[f32]) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    // The tags each tag may follow (a third of all pairs under BIOES), computed once.
    static PREDECESSORS: OnceLock<Vec<Vec<usize>>> = OnceLock::new();
    let preds = PREDECESSORS.get_or_init(|| {
        (0..N_TAGS)
            .map(|t| (0..N_TAGS).filter(|&p| allowed(p, t)).collect())
            .collect()
    });
    let mut delta = [f32::NEG_INFINITY; N_TAGS];
    let mut back = vec![0u8; n * N_TAGS];
    for (l, d) in delta.iter_mut().enumerate() {
        if allowed(START_TAG, l) {
            *d = emit[l] + trans[START_TAG * N_TAGS + l];
        }
    }
    for i in 1..n {
        let mut next = [f32::NEG_INFINITY; N_TAGS];
        let e = &emit[i * N_TAGS..(i + 1) * N_TAGS];
        for (l, nx) in next.iter_mut().enumerate() {
            let mut bs = f32::NEG_INFINITY;
            let mut bp = 0usize;
            for &p in &preds[l] {
                let d = delta[p];
                if d == f32::NEG_INFINITY {
                    continue;
                }
                let s = d + trans[p * N_TAGS + l];
                if s > bs {
                    bs = s;
                    bp = p;
                }
            }
            *nx = bs + e[l];
            back[i * N_TAGS + l] = bp as u8;
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
        out[i - 1] = back[i * N_TAGS + out[i]] as usize;
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

/// Normalise a word the way the tagger sees it (typographic quotes folded to `"`).
pub fn tagger_word(w: &str) -> std::borrow::Cow<'_, str> {
    if w.chars().any(|c| matches!(c, '„' | '“' | '”' | '»' | '«')) {
        std::borrow::Cow::Owned(
            w.chars()
                .map(|c| {
                    if matches!(c, '„' | '“' | '”' | '»' | '«') {
                        '"'
                    } else {
                        c
                    }
                })
                .collect(),
        )
    } else {
        std::borrow::Cow::Borrowed(w)
    }
}

/// The building blocks the trainer (`parallax-devtools`) assembles a model from.
pub mod kit {
    pub use super::features::{transition_feature, FeatureSink, Gazetteer, SentenceFeatures};
    pub use super::{
        label_index, spans, tagger_word, to_tags, viterbi, FeatureMap, Model, CLASSES, N_PREV,
        N_TAGS, START_TAG,
    };
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
        let mut avg = vec![0f32; 2 * N_TAGS];
        avg[3] = 1.5;
        avg[N_TAGS + 1] = -0.25;
        let m = Model::from_dense(&feats, &avg, 1e-6);
        let bytes = m.to_bytes();
        let m2 = Model::from_bytes(&bytes).expect("parses");
        assert_eq!(m2.features(), 2);
        let mut s = [0f32; N_TAGS];
        m2.add(42, &mut s);
        assert!((s[3] - 1.5).abs() < 1e-3);
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_none());
        assert!(Model::from_bytes(b"garbage").is_none());
    }

    #[test]
    fn viterbi_respects_bioes_and_finds_the_best_path() {
        let o = 0;
        let (b_per, i_per, e_per, s_per) = (1, 2, 3, 4);
        let trans = vec![0f32; N_PREV * N_TAGS];
        // Word 0 prefers O, word 1 prefers E-PER (not allowed after O): the best legal
        // sequence is B-PER E-PER.
        let mut emit = vec![0f32; 2 * N_TAGS];
        emit[o] = 1.0;
        emit[b_per] = 0.8;
        emit[N_TAGS + e_per] = 2.0;
        let path = viterbi(2, &emit, &trans);
        assert_eq!(path, vec![b_per, e_per]);
        assert_eq!(
            to_labels(&path),
            vec![label_index("B-PER"), label_index("I-PER")]
        );
        // Neither I-X nor E-X is ever first: S-PER wins.
        let mut emit = vec![0f32; N_TAGS];
        emit[i_per] = 5.0;
        emit[e_per] = 5.0;
        emit[s_per] = 1.0;
        assert_eq!(viterbi(1, &emit, &trans)[0], s_per);
        assert!(viterbi(0, &[], &trans).is_empty());
    }

    #[test]
    fn bio_and_bioes_round_trip() {
        let l = |n: &str| label_index(n);
        let bio = vec![
            l("B-PER"),
            l("I-PER"),
            l("I-PER"),
            0,
            l("B-LOC"),
            l("B-LOC"),
            l("I-ORG"),
        ];
        let tags = to_tags(&bio);
        assert_eq!(tags, vec![1, 2, 3, 0, 4 + 4 * 6, 4 + 4 * 6, 4 + 4 * 3]);
        // A stray I-ORG comes back as the beginning it was read as.
        let mut back = bio.clone();
        back[6] = l("B-ORG");
        assert_eq!(to_labels(&tags), back);
    }

    #[test]
    fn table_holds_many_features() {
        let mut feats = FeatureMap::default();
        let n = 5000u32;
        let mut avg = vec![0f32; n as usize * N_TAGS];
        for r in 0..n {
            let h = u64::from(r).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0xabc;
            feats.insert(h, r);
            // 1, 2 or 4 labels per feature (inline and overflow slots).
            for k in 0..[1, 2, 4][r as usize % 3] {
                avg[r as usize * N_TAGS + k * 3] = (r % 7) as f32 + 1.0;
            }
        }
        let m = Model::from_dense(&feats, &avg, 0.0);
        assert_eq!(m.features(), n as usize);
        let m2 = Model::from_bytes(&m.to_bytes()).expect("parses");
        for (&h, &r) in feats.iter().take(300) {
            let mut s = [0f32; N_TAGS];
            m2.add(h, &mut s);
            let want = (r % 7) as f32 + 1.0;
            assert!((s[0] - want).abs() < 1e-2, "{r}: {} vs {want}", s[0]);
            let mut z = [0f32; N_TAGS];
            m2.add(h ^ 0x5555_0000_0000, &mut z);
            assert!(z.iter().all(|&x| x == 0.0));
        }
        // A tagger from an empty model still tags (all O).
        let empty = Model::from_dense(&FeatureMap::default(), &[], 0.0);
        let gaz = Gazetteer::parse("");
        assert_eq!(empty.tag(&gaz, &["Putin", "kam"]), vec![0, 0]);
    }
}
