//! The BERT encoder of multilingual-e5-small over a packed batch: the tokens
//! of several texts are concatenated into one `[tokens, hidden]` matrix so
//! that every weight matrix is streamed once per batch, while attention,
//! positions and pooling stay within each text. No padding.
//!
//! Per layer, as in `e5.c`: Q, K, V (one fused matrix) → softmax attention
//! per head → output projection → `LayerNorm(x + ·)` → feed-forward with
//! exact GELU → `LayerNorm(x + ·)`. Matrix inputs are quantised to int8 per
//! block of 32; attention, norms and GELU run in f32.

use std::ops::Range;

use rayon::prelude::*;

use crate::format::{f16_to_f32, Config, DType, ModelFile, BLOCK, Q4_BLOCK_BYTES};
use crate::kernels::{matmul, unpack_nibbles, Isa, PackedMatrix, QuantActs};
use crate::math::{add_layer_norm, attention_head, gelu_in_place, HeadJob};

/// Rows per parallel job of the element-wise steps.
const ROWS_PER_JOB: usize = 16;

/// Activation buffers, kept across the batches of one call so that large
/// allocations are not zeroed and faulted in again for every batch.
#[derive(Default)]
pub(crate) struct Workspace {
    x: Vec<f32>,
    qkv: Vec<f32>,
    ctx: Vec<f32>,
    tmp: Vec<f32>,
    mid: Vec<f32>,
    acts: QuantActs,
}

struct Layer {
    qkv: PackedMatrix,
    qkv_bias: Vec<f32>,
    attn_out: PackedMatrix,
    attn_out_bias: Vec<f32>,
    attn_norm: (Vec<f32>, Vec<f32>),
    ffn_in: PackedMatrix,
    ffn_in_bias: Vec<f32>,
    ffn_out: PackedMatrix,
    ffn_out_bias: Vec<f32>,
    out_norm: (Vec<f32>, Vec<f32>),
}

/// The network's weights, unpacked for the kernels (the word embeddings stay
/// 4-bit in the mapped file).
pub(crate) struct Network {
    pub config: Config,
    /// Byte offset of the Q4_0 word embeddings in the file.
    word_offset: usize,
    positions: Vec<f32>,
    /// Token type 0 (the only one used).
    token_type: Vec<f32>,
    emb_norm: (Vec<f32>, Vec<f32>),
    layers: Vec<Layer>,
}

impl Network {
    pub fn new(file: &ModelFile) -> Result<Network, String> {
        let c = file.config;
        let (h, ff) = (c.hidden, c.ffn);
        let word = file.tensor("emb.word", DType::Q4, c.vocab * h)?;
        let layers = (0..c.layers)
            .into_par_iter()
            .map(|l| {
                let q4 = |name: &str, rows: usize, cols: usize| -> Result<(&[u8], usize), String> {
                    Ok((
                        file.tensor(&format!("l{l}.{name}"), DType::Q4, rows * cols)?
                            .bytes,
                        rows,
                    ))
                };
                let f32s = |name: &str, n: usize| file.f32s(&format!("l{l}.{name}"), n);
                let qkv_bias = [f32s("q.b", h)?, f32s("k.b", h)?, f32s("v.b", h)?].concat();
                Ok(Layer {
                    qkv: PackedMatrix::from_q4(
                        &[q4("q.w", h, h)?, q4("k.w", h, h)?, q4("v.w", h, h)?],
                        h,
                    ),
                    qkv_bias,
                    attn_out: PackedMatrix::from_q4(&[q4("ao.w", h, h)?], h),
                    attn_out_bias: f32s("ao.b", h)?,
                    attn_norm: (f32s("aln.w", h)?, f32s("aln.b", h)?),
                    ffn_in: PackedMatrix::from_q4(&[q4("fi.w", ff, h)?], h),
                    ffn_in_bias: f32s("fi.b", ff)?,
                    ffn_out: PackedMatrix::from_q4(&[q4("fo.w", h, ff)?], ff),
                    ffn_out_bias: f32s("fo.b", h)?,
                    out_norm: (f32s("oln.w", h)?, f32s("oln.b", h)?),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Network {
            config: c,
            word_offset: word.offset,
            positions: file.f32s("emb.pos", c.max_positions * h)?,
            token_type: file.f32s("emb.type", c.type_vocab * h)?[..h].to_vec(),
            emb_norm: (file.f32s("emb.ln.w", h)?, file.f32s("emb.ln.b", h)?),
            layers,
        })
    }

    /// Heap bytes held by the unpacked weights.
    pub fn heap_bytes(&self) -> usize {
        let floats = self.positions.len() + self.token_type.len();
        let layers: usize = self
            .layers
            .iter()
            .map(|l| {
                l.qkv.heap_bytes()
                    + l.attn_out.heap_bytes()
                    + l.ffn_in.heap_bytes()
                    + l.ffn_out.heap_bytes()
                    + 4 * (l.qkv_bias.len() + l.ffn_in_bias.len() + 6 * self.config.hidden)
            })
            .sum();
        floats * 4 + layers
    }

    /// Mean-pooled final hidden states of each segment of `ids` (`[segments, hidden]`).
    /// Each segment is `<s> … </s>` and at most `max_positions` long.
    pub fn forward(
        &self,
        isa: Isa,
        file: &[u8],
        ids: &[u32],
        segments: &[Range<usize>],
        ws: &mut Workspace,
    ) -> Vec<f32> {
        let c = &self.config;
        let (h, tokens) = (c.hidden, ids.len());
        let Workspace {
            x,
            qkv,
            ctx,
            tmp,
            mid,
            acts,
        } = ws;
        self.embed(file, ids, segments, x);
        layer_norm_rows(isa, x, &[], &self.emb_norm, c.eps);
        // Every element of these is written before it is read.
        let sized = |buf: &mut Vec<f32>, width: usize| {
            buf.resize(tokens * width, 0.0);
            buf.truncate(tokens * width);
        };
        sized(qkv, 3 * h);
        sized(ctx, h);
        sized(tmp, h);
        sized(mid, c.ffn);
        for layer in &self.layers {
            acts.quantize(isa, x, tokens, h);
            matmul(isa, &layer.qkv, &layer.qkv_bias, acts, qkv);
            self.attention(isa, qkv, segments, ctx);
            acts.quantize(isa, ctx, tokens, h);
            matmul(isa, &layer.attn_out, &layer.attn_out_bias, acts, tmp);
            layer_norm_rows(isa, x, tmp, &layer.attn_norm, c.eps);
            acts.quantize(isa, x, tokens, h);
            matmul(isa, &layer.ffn_in, &layer.ffn_in_bias, acts, mid);
            mid.par_chunks_mut(c.ffn * ROWS_PER_JOB)
                .for_each(|rows| gelu_in_place(isa, rows));
            acts.quantize(isa, mid, tokens, c.ffn);
            matmul(isa, &layer.ffn_out, &layer.ffn_out_bias, acts, tmp);
            layer_norm_rows(isa, x, tmp, &layer.out_norm, c.eps);
        }
        mean_pool(x, h, segments)
    }

    /// Word (dequantised) + position + token-type embeddings, into `x`.
    fn embed(&self, file: &[u8], ids: &[u32], segments: &[Range<usize>], x: &mut Vec<f32>) {
        let h = self.config.hidden;
        let mut positions = vec![0usize; ids.len()];
        for seg in segments {
            for (p, t) in seg.clone().enumerate() {
                positions[t] = p;
            }
        }
        let row_bytes = h / BLOCK * Q4_BLOCK_BYTES;
        x.resize(ids.len() * h, 0.0);
        x.truncate(ids.len() * h);
        x.par_chunks_mut(h).enumerate().for_each(|(t, row)| {
            let start = self.word_offset + ids[t] as usize * row_bytes;
            let word = &file[start..start + row_bytes];
            let pos = &self.positions[positions[t] * h..(positions[t] + 1) * h];
            for (b, block) in word.chunks_exact(Q4_BLOCK_BYTES).enumerate() {
                let d = f16_to_f32(u16::from_le_bytes([block[0], block[1]]));
                let values = unpack_nibbles(&block[2..]);
                for (j, &q) in values.iter().enumerate() {
                    let i = b * BLOCK + j;
                    row[i] = (i32::from(q) - 8) as f32 * d + (pos[i] + self.token_type[i]);
                }
            }
        });
    }

    /// Softmax attention of every head over each segment's own tokens.
    fn attention(&self, isa: Isa, qkv: &[f32], segments: &[Range<usize>], ctx: &mut [f32]) {
        let c = &self.config;
        let (h, heads) = (c.hidden, c.heads);
        let hd = h / heads;
        let jobs: Vec<(usize, usize)> = (0..segments.len())
            .flat_map(|s| (0..heads).map(move |hh| (s, hh)))
            .collect();
        let results: Vec<Vec<f32>> = jobs
            .par_iter()
            .map_init(Vec::new, |scratch, &(s, head)| {
                let seg = &segments[s];
                let job = HeadJob {
                    qkv: &qkv[seg.start * 3 * h..seg.end * 3 * h],
                    stride: 3 * h,
                    q_offset: head * hd,
                    k_offset: h + head * hd,
                    v_offset: 2 * h + head * hd,
                    head_dim: hd,
                    len: seg.len(),
                    scale: 1.0 / (hd as f32).sqrt(),
                };
                let mut out = vec![0f32; seg.len() * hd];
                attention_head(isa, &job, &mut out, scratch);
                out
            })
            .collect();
        for (&(s, head), out) in jobs.iter().zip(&results) {
            for (i, t) in segments[s].clone().enumerate() {
                ctx[t * h + head * hd..t * h + (head + 1) * hd]
                    .copy_from_slice(&out[i * hd..(i + 1) * hd]);
            }
        }
    }
}

/// `x = LayerNorm(x + y)` over all rows, in parallel.
fn layer_norm_rows(isa: Isa, x: &mut [f32], y: &[f32], norm: &(Vec<f32>, Vec<f32>), eps: f32) {
    let h = norm.0.len();
    x.par_chunks_mut(h * ROWS_PER_JOB)
        .enumerate()
        .for_each(|(i, rows)| {
            let y = if y.is_empty() {
                y
            } else {
                &y[i * h * ROWS_PER_JOB..][..rows.len()]
            };
            add_layer_norm(isa, rows, y, &norm.0, &norm.1, eps);
        });
}

/// The mean of each segment's rows, summed in token order.
fn mean_pool(x: &[f32], h: usize, segments: &[Range<usize>]) -> Vec<f32> {
    let mut out = vec![0f32; segments.len() * h];
    for (seg, o) in segments.iter().zip(out.chunks_exact_mut(h)) {
        for t in seg.clone() {
            for (a, v) in o.iter_mut().zip(&x[t * h..(t + 1) * h]) {
                *a += v;
            }
        }
        let inv = 1.0 / seg.len() as f32;
        o.iter_mut().for_each(|a| *a *= inv);
    }
    out
}
