//! Training the tagger (averaged perceptron) and reading GermEval files.
use std::fmt::Write as _;

use super::features::{FeatureSink, Gazetteer, SentenceFeatures};
use super::{best, label_index, spans, FeatureMap, Model, CLASSES, N_LABELS};

/// A sentence of words with gold BIO label indices.
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    pub words: Vec<String>,
    pub labels: Vec<usize>,
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
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            epochs: 10,
            seed: 20140,
            prune: 0.02,
        }
    }
}

struct Trainer {
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
            self.w.extend(std::iter::repeat_n(0.0, N_LABELS));
            self.acc.extend(std::iter::repeat_n(0.0, N_LABELS));
        }
        r as usize
    }

    fn scores(&self, feats: &[u64], out: &mut [f32; N_LABELS]) {
        *out = [0.0; N_LABELS];
        for h in feats {
            if let Some(&r) = self.feats.get(h) {
                let base = r as usize * N_LABELS;
                for (o, w) in out.iter_mut().zip(&self.w[base..base + N_LABELS]) {
                    *o += w;
                }
            }
        }
    }

    fn update(&mut self, feats: &[u64], gold: usize, guess: usize) {
        let t = self.stamp as f64;
        for &h in feats {
            let base = self.row(h) * N_LABELS;
            self.w[base + gold] += 1.0;
            self.acc[base + gold] += t;
            self.w[base + guess] -= 1.0;
            self.acc[base + guess] -= t;
        }
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
    let mut t = Trainer {
        feats: FeatureMap::default(),
        w: Vec::new(),
        acc: Vec::new(),
        stamp: 1,
    };
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = settings.seed.max(1);
    let mut best_model: Option<(f64, Model)> = None;
    let mut feats: Vec<u64> = Vec::with_capacity(64);
    for epoch in 0..settings.epochs {
        // Fisher–Yates with a fixed seed: deterministic.
        for i in (1..order.len()).rev() {
            let j = (xorshift(&mut rng) % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut correct = 0usize;
        let mut total = 0usize;
        for &si in &order {
            let s = &train[si];
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            let sf = SentenceFeatures::new(gaz, &words);
            let mut prev = 0;
            let mut prev2 = 0;
            for i in 0..words.len() {
                feats.clear();
                sf.static_features(i, &mut FeatureSink(&mut feats));
                sf.dynamic_features(i, prev, prev2, &mut FeatureSink(&mut feats));
                let mut scores = [0f32; N_LABELS];
                t.scores(&feats, &mut scores);
                let guess = best(&scores, prev);
                let gold = s.labels[i];
                if guess != gold {
                    t.update(&feats, gold, guess);
                } else {
                    correct += 1;
                }
                total += 1;
                t.stamp += 1;
                prev2 = prev;
                // Train on the predicted history, as at test time.
                prev = gold;
            }
        }
        let avg = t.averaged();
        let model = Model::from_dense(&t.feats, &avg, settings.prune);
        let mut line = format!(
            "epoch {}: train token accuracy {:.4}, {} features ({} kept)",
            epoch + 1,
            correct as f64 / total.max(1) as f64,
            t.feats.len(),
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
        };
        let m1 = train(&gaz, &data, None, &s, &mut |_| {});
        let m2 = train(&gaz, &data, None, &s, &mut |_| {});
        assert_eq!(m1.to_bytes(), m2.to_bytes());
        let r = evaluate(&m1, &gaz, &data);
        assert!(r.overall().2 > 0.99, "{}", r.report());
    }
}
