//! Training the NER tagger (averaged perceptron) and reading GermEval files.
use std::collections::HashMap;
use std::fmt::Write as _;

use parallax_nlp::ner::kit::{
    label_index, spans, tagger_word, to_tags, transition_feature, viterbi, FeatureMap, FeatureSink,
    Gazetteer, Model, SentenceFeatures, CLASSES, N_PREV, N_TAGS, START_TAG,
};

/// A sentence of words with gold BIO label indices.
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    pub words: Vec<String>,
    pub labels: Vec<usize>,
}

/// Read GermEval data: either `token TAB tag` (2 columns) or the original 4-column format
/// (`idx token outer inner`, `#` comment lines). Blank lines separate sentences.
pub fn read_germeval(content: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for line in content.lines() {
        if line.starts_with('#') && line.contains('\t') && !line.starts_with("#\t#") {
            // source line of the 4-column format
            if line.split('\t').next() == Some("#") {
                continue;
            }
        }
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (word, tag) = match cols.len() {
            2 => (cols[0], cols[1]),
            n if n >= 4 => (cols[1], cols[2]),
            _ => continue,
        };
        cur.words.push(tagger_word(word).into_owned());
        cur.labels.push(label_index(tag.trim()));
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    out
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct Settings {
    pub epochs: usize,
    pub seed: u64,
    /// Weights with a smaller magnitude are dropped from the saved model.
    pub prune: f32,
    /// Features (of words, not label bigrams) seen fewer times in the training data are
    /// not learned: a smaller, faster model.
    pub min_count: u32,
    /// Words seen at most this often (lower case) in the training data are "rare".
    pub rare: u32,
    /// Probability that a rare word's identity features are left out of one training step.
    pub word_dropout: f32,
    /// Independent runs (different shuffling seeds) whose averaged weights are averaged.
    pub ensemble: usize,
    /// Cost-augmented decoding while training: every wrong label of a word gets this bonus
    /// (a larger margin between the gold sequence and the others); 0 is the plain perceptron.
    pub margin: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            epochs: 20,
            seed: 20140,
            prune: 0.02,
            min_count: 1,
            rare: 2,
            word_dropout: 0.0,
            ensemble: 1,
            margin: 0.0,
        }
    }
}

/// Precomputed static features of one training sentence.
struct Cached {
    /// The gold BIOES tags.
    gold: Vec<usize>,
    hashes: Vec<u64>,
    /// Per word: (start of its features, end of its word-identity features); one more entry
    /// at the end (the end of the last word's features).
    offsets: Vec<(usize, usize)>,
    /// Per word: rare in the training data (a candidate for word dropout).
    rare: Vec<bool>,
}

struct Trainer {
    /// Features seen fewer than `min_count` times in the training data are never learned
    /// (`None`: all are).
    allowed: Option<FeatureMap<u32>>,
    min_count: u32,
    feats: FeatureMap<u32>,
    w: Vec<f32>,
    acc: Vec<f64>,
    stamp: u64,
}

impl Trainer {
    fn row(&mut self, h: u64) -> usize {
        let n = self.feats.len() as u32;
        let r = *self.feats.entry(h).or_insert(n);
        if r == n {
            self.w.extend(std::iter::repeat_n(0.0, N_TAGS));
            self.acc.extend(std::iter::repeat_n(0.0, N_TAGS));
        }
        r as usize
    }

    fn scores(&self, feats: &[u64], out: &mut [f32]) {
        for h in feats {
            if let Some(&r) = self.feats.get(h) {
                let base = r as usize * N_TAGS;
                for (o, w) in out.iter_mut().zip(&self.w[base..base + N_TAGS]) {
                    *o += w;
                }
            }
        }
    }

    fn update(&mut self, feats: &[u64], label: usize, delta: f32) {
        let t = self.stamp as f64 * f64::from(delta);
        for &h in feats {
            if let Some(a) = &self.allowed {
                if a.get(&h).copied().unwrap_or(0) < self.min_count {
                    continue;
                }
            }
            let base = self.row(h) * N_TAGS;
            self.w[base + label] += delta;
            self.acc[base + label] += t;
        }
    }

    /// One pass over the training sentences in `order`: Viterbi decoding with the current
    /// weights, then a perceptron update towards the gold sequence. Returns (correct, total)
    /// words.
    fn epoch(
        &mut self,
        cached: &[Cached],
        order: &[usize],
        settings: &Settings,
        rng: &mut u64,
    ) -> (usize, usize) {
        let margin = settings.margin;
        let drop = (f64::from(settings.word_dropout) * u32::MAX as f64) as u64;
        let mut correct = 0usize;
        let mut total = 0usize;
        let mut trans = self.transitions();
        let mut feats: Vec<u64> = Vec::with_capacity(2);
        for &si in order {
            let c = &cached[si];
            let gold = &c.gold;
            let n = gold.len();
            if n == 0 || c.offsets.len() != n + 1 {
                continue;
            }
            // Word dropout: a rare word sometimes loses the features naming it.
            let from: Vec<usize> = (0..n)
                .map(|i| {
                    let (start, id_end) = c.offsets[i];
                    if c.rare[i] && drop > 0 && (xorshift(rng) & 0xffff_ffff) < drop {
                        id_end
                    } else {
                        start
                    }
                })
                .collect();
            let stat = |i: usize| &c.hashes[from[i]..c.offsets[i + 1].0];
            let mut emit = vec![0f32; n * N_TAGS];
            for i in 0..n {
                self.scores(stat(i), &mut emit[i * N_TAGS..(i + 1) * N_TAGS]);
            }
            if margin != 0.0 {
                for (i, &g) in gold.iter().enumerate() {
                    for (l, e) in emit[i * N_TAGS..(i + 1) * N_TAGS].iter_mut().enumerate() {
                        if l != g {
                            *e += margin;
                        }
                    }
                }
            }
            let pred = viterbi(n, &emit, &trans);
            let mut changed = false;
            for i in 0..n {
                if pred[i] == gold[i] {
                    correct += 1;
                }
                total += 1;
                let gp = if i == 0 { START_TAG } else { gold[i - 1] };
                let pp = if i == 0 { START_TAG } else { pred[i - 1] };
                if gp == pp && gold[i] == pred[i] {
                    continue;
                }
                if gold[i] != pred[i] {
                    self.update(stat(i), gold[i], 1.0);
                    self.update(stat(i), pred[i], -1.0);
                }
                changed = true;
                feats.clear();
                transition_feature(gp, &mut FeatureSink(&mut feats));
                self.update(&feats, gold[i], 1.0);
                feats.clear();
                transition_feature(pp, &mut FeatureSink(&mut feats));
                self.update(&feats, pred[i], -1.0);
            }
            if changed {
                trans = self.transitions();
            }
            self.stamp += 1;
        }
        (correct, total)
    }

    /// The current label bigram weights, `N_PREV × N_TAGS`.
    fn transitions(&self) -> Vec<f32> {
        let mut out = vec![0f32; N_PREV * N_TAGS];
        let mut h = Vec::with_capacity(1);
        for p in 0..N_PREV {
            h.clear();
            transition_feature(p, &mut FeatureSink(&mut h));
            self.scores(&h, &mut out[p * N_TAGS..(p + 1) * N_TAGS]);
        }
        out
    }

    fn averaged(&self) -> Vec<f32> {
        let t = self.stamp.max(1) as f64;
        self.w
            .iter()
            .zip(&self.acc)
            .map(|(&w, &a)| (f64::from(w) - a / t) as f32)
            .collect()
    }
}

fn xorshift(state: &mut u64) -> u64 {
    let mut x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    x
}

/// Train a model; `log` receives one line per epoch (with dev scores when `dev` is given).
/// Keeps the averaged weights of the epoch with the best dev F1 (the last epoch without dev).
pub fn train(
    gaz: &Gazetteer,
    train: &[Sentence],
    dev: Option<&[Sentence]>,
    settings: &Settings,
    log: &mut dyn FnMut(&str),
) -> Model {
    // Static features of every training word, computed once: hashes, and per word its
    // (start, end of the word-identity features) with the end of the last word last.
    let mut freq: HashMap<String, u32> = HashMap::new();
    for s in train {
        for w in &s.words {
            *freq.entry(w.to_lowercase()).or_default() += 1;
        }
    }
    let cached: Vec<Cached> = train
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            let sf = SentenceFeatures::new(gaz, &words);
            let mut c = Cached {
                gold: to_tags(&s.labels),
                hashes: Vec::with_capacity(words.len() * 100),
                offsets: Vec::with_capacity(words.len() + 1),
                rare: Vec::with_capacity(words.len()),
            };
            for (i, w) in words.iter().enumerate() {
                let start = c.hashes.len();
                let k = sf.static_features(i, &mut FeatureSink(&mut c.hashes));
                c.offsets.push((start, start + k));
                let count = freq.get(&w.to_lowercase()).copied().unwrap_or(0);
                c.rare.push(count <= settings.rare);
            }
            c.offsets.push((c.hashes.len(), c.hashes.len()));
            c
        })
        .collect();
    let allowed = (settings.min_count > 1).then(|| {
        let mut counts: FeatureMap<u32> = FeatureMap::default();
        for c in &cached {
            for &h in &c.hashes {
                *counts.entry(h).or_default() += 1;
            }
        }
        let mut feats = Vec::new();
        for p in 0..N_PREV {
            transition_feature(p, &mut FeatureSink(&mut feats));
        }
        for h in feats {
            counts.insert(h, u32::MAX);
        }
        counts
    });
    let runs = settings.ensemble.max(1);
    let mut trainers: Vec<(Trainer, Vec<usize>, u64)> = (0..runs)
        .map(|k| {
            let t = Trainer {
                allowed: allowed.clone(),
                min_count: settings.min_count,
                feats: FeatureMap::default(),
                w: Vec::new(),
                acc: Vec::new(),
                stamp: 1,
            };
            let rng = settings.seed.wrapping_add(7919 * k as u64).max(1);
            (t, (0..train.len()).collect(), rng)
        })
        .collect();
    let mut best_model: Option<(f64, Model)> = None;
    for epoch in 0..settings.epochs {
        let mut correct = 0usize;
        let mut total = 0usize;
        for (t, order, rng) in &mut trainers {
            // Fisher–Yates with a fixed seed: deterministic.
            for i in (1..order.len()).rev() {
                let j = (xorshift(rng) % (i as u64 + 1)) as usize;
                order.swap(i, j);
            }
            let (c, n) = t.epoch(&cached, order, settings, rng);
            correct += c;
            total += n;
        }
        // The runs' averaged weights, averaged (rows of the union of their features).
        let (feats, avg) = if trainers.len() == 1 {
            (trainers[0].0.feats.clone(), trainers[0].0.averaged())
        } else {
            let mut keys: Vec<u64> = trainers
                .iter()
                .flat_map(|(t, _, _)| t.feats.keys().copied())
                .collect();
            keys.sort_unstable();
            keys.dedup();
            let mut feats = FeatureMap::default();
            for (r, &h) in keys.iter().enumerate() {
                feats.insert(h, r as u32);
            }
            let mut avg = vec![0f32; keys.len() * N_TAGS];
            let k = trainers.len() as f32;
            for (t, _, _) in &trainers {
                let a = t.averaged();
                for (h, &r) in &t.feats {
                    let to = feats[h] as usize * N_TAGS;
                    let from = r as usize * N_TAGS;
                    for l in 0..N_TAGS {
                        avg[to + l] += a[from + l] / k;
                    }
                }
            }
            (feats, avg)
        };
        let model = Model::from_dense(&feats, &avg, settings.prune);
        let mut line = format!(
            "epoch {}: train token accuracy {:.4}, {} features ({} kept)",
            epoch + 1,
            correct as f64 / total.max(1) as f64,
            feats.len(),
            model.features()
        );
        let f1 = match dev {
            Some(d) => {
                let r = evaluate(&model, gaz, d);
                let _ = write!(line, ", dev F1 {:.4}", r.overall().2);
                r.overall().2
            }
            None => epoch as f64,
        };
        log(&line);
        if best_model.as_ref().is_none_or(|(b, _)| f1 > *b) {
            best_model = Some((f1, model));
        }
    }
    best_model
        .map(|(_, m)| m)
        .unwrap_or_else(|| Model::from_dense(&FeatureMap::default(), &[], 0.0))
}

/// Strict span counts per class.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// (true positives, predicted, gold) per class index.
    pub per_class: Vec<(usize, usize, usize)>,
}

fn prf(tp: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = if pred == 0 {
        0.0
    } else {
        tp as f64 / pred as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        tp as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

impl Scores {
    pub fn add(&mut self, gold: &[usize], pred: &[usize]) {
        if self.per_class.is_empty() {
            self.per_class = vec![(0, 0, 0); CLASSES.len()];
        }
        let g = spans(gold);
        let p = spans(pred);
        for s in &g {
            self.per_class[s.2].2 += 1;
        }
        for s in &p {
            self.per_class[s.2].1 += 1;
            if g.contains(s) {
                self.per_class[s.2].0 += 1;
            }
        }
    }

    pub fn overall(&self) -> (f64, f64, f64) {
        let (tp, p, g) = self
            .per_class
            .iter()
            .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
        prf(tp, p, g)
    }

    pub fn class(&self, c: usize) -> (f64, f64, f64) {
        let (tp, p, g) = self.per_class.get(c).copied().unwrap_or_default();
        prf(tp, p, g)
    }

    /// Counts for a group of classes (e.g. PER with its deriv/part forms).
    pub fn group(&self, classes: &[usize]) -> (f64, f64, f64, usize) {
        let (tp, p, g) = classes
            .iter()
            .filter_map(|&c| self.per_class.get(c))
            .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
        let (pp, rr, ff) = prf(tp, p, g);
        (pp, rr, ff, g)
    }

    /// A printable table: per class, per main type, overall.
    pub fn report(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<10} {:>6} {:>6} {:>6} {:>6}",
            "class", "P", "R", "F1", "gold"
        );
        for (c, name) in CLASSES.iter().enumerate() {
            let (p, r, f) = self.class(c);
            let g = self.per_class.get(c).map_or(0, |x| x.2);
            let _ = writeln!(out, "{name:<10} {p:>6.3} {r:>6.3} {f:>6.3} {g:>6}");
        }
        for (k, name) in ["PER*", "ORG*", "LOC*", "OTH*"].iter().enumerate() {
            let (p, r, f, g) = self.group(&[3 * k, 3 * k + 1, 3 * k + 2]);
            let _ = writeln!(out, "{name:<10} {p:>6.3} {r:>6.3} {f:>6.3} {g:>6}");
        }
        let (p, r, f) = self.overall();
        let g: usize = self.per_class.iter().map(|c| c.2).sum();
        let _ = write!(out, "{:<10} {p:>6.3} {r:>6.3} {f:>6.3} {g:>6}", "overall");
        out
    }
}

/// Tag every sentence and score strict spans.
pub fn evaluate(model: &Model, gaz: &Gazetteer, data: &[Sentence]) -> Scores {
    let mut scores = Scores::default();
    for s in data {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let pred = model.tag(gaz, &words);
        scores.add(&s.labels, &pred);
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_formats() {
        let two = "Putin\tB-PER\nkam\tO\n\nNach\tO\nRussland\tB-LOC\n";
        let s = read_germeval(two);
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].labels, vec![0, label_index("B-LOC")]);
        let four = "#\thttp://x\t[2010]\n1\tDer\tO\tO\n2\t„russische\tB-LOCderiv\tO\n\n";
        let s = read_germeval(four);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].words, vec!["Der", "\"russische"]);
        assert_eq!(s[0].labels[1], label_index("B-LOCderiv"));
    }

    #[test]
    fn learns_a_toy_task_deterministically() {
        let gaz = Gazetteer::parse("first\tAnna\n");
        let data = read_germeval(
            "Anna\tB-PER\nMüller\tI-PER\nkam\tO\n\nIn\tO\nBerlin\tB-LOC\nregnet\tO\n\nAnna\tB-PER\nSchulz\tI-PER\nlacht\tO\n\nNach\tO\nBerlin\tB-LOC\n",
        );
        let s = Settings {
            epochs: 5,
            seed: 1,
            prune: 0.0,
            min_count: 1,
            rare: 1,
            word_dropout: 0.5,
            ensemble: 2,
            margin: 1.0,
        };
        let m1 = train(&gaz, &data, None, &s, &mut |_| {});
        let m2 = train(&gaz, &data, None, &s, &mut |_| {});
        assert_eq!(m1.to_bytes(), m2.to_bytes());
        let r = evaluate(&m1, &gaz, &data);
        assert!(r.overall().2 > 0.99, "{}", r.report());
    }
}
