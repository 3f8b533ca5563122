//! The hot loops: `Y = X · Wᵀ + b` with 4-bit weights and int8 activations,
//! exactly as `e5.c` defines it — per 32-value block, the integer dot product
//! of the weight nibbles (0…15) with the int8 activations, minus 8 × the
//! activations' sum, times the weight scale times the activation scale:
//!
//! `y[t,o] = b[o] + Σ_blocks dw[o,b] · da[t,b] · (Σ_k q[o,k]·a[t,k] − 8·Σ_k a[t,k])`
//!
//! The integer part is exact, so kernels differ from the C engine only in the
//! rounding of the float sum. Weights are unpacked once at load into panels of
//! 16 output rows whose 4-byte groups interleave, so one 512-bit load feeds a
//! `vpdpbusd` for 16 outputs × 4 inputs; each weight panel is reused across a
//! tile of tokens. Kernels: AVX-512 VNNI, AVX-VNNI, AVX2, and portable scalar,
//! chosen at run time. The result of an output element never depends on the
//! thread count or on which tile it fell in.

mod scalar;
#[cfg(target_arch = "x86_64")]
mod x86;

use rayon::prelude::*;

#[cfg(target_arch = "x86_64")]
pub(crate) use x86::{attend_head32_avx2, attend_head32_avx512};

use crate::format::{f16_to_f32, BLOCK, Q4_BLOCK_BYTES};

/// Output rows per weight panel.
pub(crate) const PANEL: usize = 16;
/// Steps of 4 inputs per block.
const STEPS: usize = BLOCK / 4;

/// The instruction set a kernel uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isa {
    /// AVX-512 with VNNI (`vpdpbusd` on 512-bit registers).
    Avx512Vnni,
    /// AVX2 with AVX-VNNI (`vpdpbusd` on 256-bit registers).
    AvxVnni,
    /// AVX2 and FMA (`vpmaddubsw` + `vpmaddwd`).
    Avx2,
    /// Plain Rust, any CPU.
    Scalar,
}

impl Isa {
    /// The best kernel this CPU runs. `PARALLAX_ENCODER_ISA` (`avx512-vnni`,
    /// `avx-vnni`, `avx2`, `scalar`) picks a lower one, for comparisons.
    pub fn detect() -> Isa {
        let best = Self::best_supported();
        match std::env::var("PARALLAX_ENCODER_ISA")
            .ok()
            .as_deref()
            .and_then(Isa::from_name)
        {
            Some(wanted) if Self::supported().contains(&wanted) => wanted,
            _ => best,
        }
    }

    /// Every kernel this CPU can run, best first.
    pub fn supported() -> Vec<Isa> {
        let mut out = Vec::new();
        #[cfg(target_arch = "x86_64")]
        {
            if is_x86_feature_detected!("avx512f")
                && is_x86_feature_detected!("avx512bw")
                && is_x86_feature_detected!("avx512vl")
                && is_x86_feature_detected!("avx512vnni")
                && is_x86_feature_detected!("fma")
            {
                out.push(Isa::Avx512Vnni);
            }
            let avx2 = is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma");
            if avx2 && is_x86_feature_detected!("avxvnni") {
                out.push(Isa::AvxVnni);
            }
            if avx2 {
                out.push(Isa::Avx2);
            }
        }
        out.push(Isa::Scalar);
        out
    }

    fn best_supported() -> Isa {
        Self::supported()[0]
    }

    /// The kernel's name, as `PARALLAX_ENCODER_ISA` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Isa::Avx512Vnni => "avx512-vnni",
            Isa::AvxVnni => "avx-vnni",
            Isa::Avx2 => "avx2",
            Isa::Scalar => "scalar",
        }
    }

    /// The kernel named `name`, if any.
    pub fn from_name(name: &str) -> Option<Isa> {
        [Isa::Avx512Vnni, Isa::AvxVnni, Isa::Avx2, Isa::Scalar]
            .into_iter()
            .find(|i| i.name() == name)
    }
}

/// 64 bytes on a cache line: 16 outputs × 4 consecutive inputs.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
pub(crate) struct Line(pub [u8; 64]);

/// A weight matrix `[rows, cols]` unpacked from Q4_0 into panels.
pub(crate) struct PackedMatrix {
    pub rows: usize,
    pub cols: usize,
    /// Blocks per row (`cols / 32`).
    pub blocks: usize,
    /// `[panel][block][step]` lines of unsigned nibble values 0…15.
    pub lines: Vec<Line>,
    /// `[panel][block][16]` weight scales.
    pub scales: Vec<f32>,
}

impl PackedMatrix {
    /// Stack the Q4_0 matrices `parts` (each `[rows_i, cols]`, row-major,
    /// 18-byte blocks) and unpack them. Every part's row count is a multiple of 16.
    pub fn from_q4(parts: &[(&[u8], usize)], cols: usize) -> PackedMatrix {
        let blocks = cols / BLOCK;
        let rows: usize = parts.iter().map(|p| p.1).sum();
        debug_assert!(rows.is_multiple_of(PANEL) && cols.is_multiple_of(BLOCK));
        let panels = rows / PANEL;
        let mut lines = vec![Line([0; 64]); panels * blocks * STEPS];
        let mut scales = vec![0f32; panels * blocks * PANEL];
        let row_bytes = blocks * Q4_BLOCK_BYTES;
        let mut row = 0;
        for &(bytes, n) in parts {
            for r in 0..n {
                let src = &bytes[r * row_bytes..(r + 1) * row_bytes];
                let (panel, lane) = (row / PANEL, row % PANEL);
                for b in 0..blocks {
                    let block = &src[b * Q4_BLOCK_BYTES..(b + 1) * Q4_BLOCK_BYTES];
                    scales[(panel * blocks + b) * PANEL + lane] =
                        f16_to_f32(u16::from_le_bytes([block[0], block[1]]));
                    let values = unpack_nibbles(&block[2..]);
                    for s in 0..STEPS {
                        let line = &mut lines[(panel * blocks + b) * STEPS + s].0;
                        line[lane * 4..lane * 4 + 4].copy_from_slice(&values[s * 4..s * 4 + 4]);
                    }
                }
                row += 1;
            }
        }
        PackedMatrix {
            rows,
            cols,
            blocks,
            lines,
            scales,
        }
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.lines.len() * 64 + self.scales.len() * 4
    }
}

/// Q4_0 nibble order: byte j holds value j (low nibble) and j + 16 (high).
pub(crate) fn unpack_nibbles(qs: &[u8]) -> [u8; BLOCK] {
    let mut out = [0u8; BLOCK];
    for j in 0..BLOCK / 2 {
        out[j] = qs[j] & 0x0f;
        out[j + BLOCK / 2] = qs[j] >> 4;
    }
    out
}

/// Activations quantised per 32-value block to int8, as `e5.c` does.
#[derive(Default)]
pub(crate) struct QuantActs {
    pub tokens: usize,
    pub cols: usize,
    pub blocks: usize,
    /// `[tokens][cols]`
    pub q: Vec<i8>,
    /// `[tokens][blocks]` scale of each block.
    pub scale: Vec<f32>,
    /// `[tokens][blocks]` −8 × the block's sum (the nibble offset, folded in).
    pub neg8_sum: Vec<i32>,
}

impl QuantActs {
    /// Quantise `x` (`[tokens][cols]`), reusing the buffers.
    pub fn quantize(&mut self, isa: Isa, x: &[f32], tokens: usize, cols: usize) {
        let blocks = cols / BLOCK;
        self.tokens = tokens;
        self.cols = cols;
        self.blocks = blocks;
        self.q.resize(tokens * cols, 0);
        self.scale.resize(tokens * blocks, 0.0);
        self.neg8_sum.resize(tokens * blocks, 0);
        let rows_per_job = (8192 / cols).max(1);
        x[..tokens * cols]
            .par_chunks(cols * rows_per_job)
            .zip(self.q.par_chunks_mut(cols * rows_per_job))
            .zip(self.scale.par_chunks_mut(blocks * rows_per_job))
            .zip(self.neg8_sum.par_chunks_mut(blocks * rows_per_job))
            .for_each(|(((x, q), d), s)| quantize_rows(isa, x, q, d, s));
    }
}

/// Quantise whole rows with the best code for `isa`.
pub(crate) fn quantize_rows(
    isa: Isa,
    x: &[f32],
    q: &mut [i8],
    scales: &mut [f32],
    neg8_sums: &mut [i32],
) {
    match isa {
        // SAFETY: `Isa` values are only made after checking the CPU.
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512Vnni => unsafe { x86::quantize_rows_avx512(x, q, scales, neg8_sums) },
        #[cfg(target_arch = "x86_64")]
        Isa::AvxVnni | Isa::Avx2 => unsafe { x86::quantize_rows_avx2(x, q, scales, neg8_sums) },
        _ => crate::math::quantize_rows(Isa::Scalar, x, q, scales, neg8_sums),
    }
}

/// `out[t][o] = bias[o] + Σ_k W[o][k] · X[t][k]` for all tokens of `acts`.
pub(crate) fn matmul(isa: Isa, w: &PackedMatrix, bias: &[f32], acts: &QuantActs, out: &mut [f32]) {
    debug_assert_eq!(acts.cols, w.cols);
    debug_assert_eq!(bias.len(), w.rows);
    let tokens = acts.tokens;
    if tokens == 0 {
        return;
    }
    let chunk = chunk_tokens(tokens);
    out[..tokens * w.rows]
        .par_chunks_mut(chunk * w.rows)
        .enumerate()
        .for_each(|(i, out)| {
            let t0 = i * chunk;
            let t1 = (t0 + chunk).min(tokens);
            gemm_range(isa, w, bias, acts, t0, t1, out);
        });
}

/// Tokens per parallel job: enough jobs for every thread, and few enough
/// tokens that a job's activations stay in the L2 cache.
fn chunk_tokens(tokens: usize) -> usize {
    let threads = rayon::current_num_threads().max(1);
    let per_thread = tokens.div_ceil(threads);
    let tile = 12;
    per_thread.div_ceil(tile).clamp(1, 8) * tile
}

/// Tokens `t0..t1` into `out` (their rows only).
fn gemm_range(
    isa: Isa,
    w: &PackedMatrix,
    bias: &[f32],
    acts: &QuantActs,
    t0: usize,
    t1: usize,
    out: &mut [f32],
) {
    match isa {
        // SAFETY: `Isa::detect`/`supported` only yield these after checking the CPU.
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512Vnni => unsafe { x86::gemm_avx512_vnni(w, bias, acts, t0, t1, out) },
        #[cfg(target_arch = "x86_64")]
        Isa::AvxVnni => unsafe { x86::gemm_avx_vnni(w, bias, acts, t0, t1, out) },
        #[cfg(target_arch = "x86_64")]
        Isa::Avx2 => unsafe { x86::gemm_avx2(w, bias, acts, t0, t1, out) },
        _ => scalar::gemm(w, bias, acts, t0, t1, out),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::needless_range_loop)]
    use super::*;

    /// A random Q4_0 matrix and random activations; every kernel this CPU
    /// runs must agree with a direct evaluation of the formula.
    #[test]
    fn quantisation_is_identical_on_every_kernel() {
        let mut rng = 0x9e37_79b9_7f4a_7c15u64;
        let x: Vec<f32> = (0..32 * 40)
            .map(|i| {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                // Mixed magnitudes, exact halves, a zero block.
                if i / 32 == 3 {
                    0.0
                } else if i % 7 == 0 {
                    (i % 255) as f32 - 127.5
                } else {
                    (rng % 20001) as f32 / 1000.0 - 10.0
                }
            })
            .collect();
        let run = |isa: Isa| {
            let (mut q, mut d, mut s) = (vec![0i8; x.len()], vec![0f32; 40], vec![0i32; 40]);
            quantize_rows(isa, &x, &mut q, &mut d, &mut s);
            (q, d, s)
        };
        let reference = run(Isa::Scalar);
        for isa in Isa::supported() {
            assert!(run(isa) == reference, "{isa:?} quantises differently");
        }
    }

    #[test]
    fn kernels_agree_with_the_formula() {
        let (rows, cols, tokens) = (48, 96, 29);
        let mut rng = 0x1234_5678_9abc_def0u64;
        let mut next = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        let blocks = cols / BLOCK;
        let mut q4 = Vec::new();
        for _ in 0..rows * blocks {
            let scale = half_of(0.001 + (next() % 1000) as f32 / 20000.0);
            q4.extend_from_slice(&scale.to_le_bytes());
            for _ in 0..16 {
                q4.push(next() as u8);
            }
        }
        let w = PackedMatrix::from_q4(
            &[
                (&q4[..rows / 3 * blocks * 18], rows / 3),
                (&q4[rows / 3 * blocks * 18..], rows - rows / 3),
            ],
            cols,
        );
        let x: Vec<f32> = (0..tokens * cols)
            .map(|_| (next() % 2001) as f32 / 1000.0 - 1.0)
            .collect();
        let bias: Vec<f32> = (0..rows).map(|i| i as f32 * 0.01).collect();
        for isa in Isa::supported() {
            let mut acts = QuantActs::default();
            acts.quantize(isa, &x, tokens, cols);
            let mut out = vec![0f32; tokens * rows];
            matmul(isa, &w, &bias, &acts, &mut out);
            for t in 0..tokens {
                for o in 0..rows {
                    let mut want = 0f64;
                    for b in 0..blocks {
                        let mut isum = 0i64;
                        let qs = &q4[(o * blocks + b) * 18 + 2..(o * blocks + b) * 18 + 18];
                        let nib = unpack_nibbles(qs);
                        for k in 0..BLOCK {
                            let a = acts.q[t * cols + b * BLOCK + k] as i64;
                            isum += (nib[k] as i64 - 8) * a;
                        }
                        let dw = f16_to_f32(u16::from_le_bytes([
                            q4[(o * blocks + b) * 18],
                            q4[(o * blocks + b) * 18 + 1],
                        ]));
                        want += dw as f64 * acts.scale[t * blocks + b] as f64 * isum as f64;
                    }
                    want += bias[o] as f64;
                    let got = out[t * rows + o] as f64;
                    assert!(
                        (got - want).abs() < 1e-4 * (1.0 + want.abs()),
                        "{isa:?} t{t} o{o}: {got} vs {want}"
                    );
                }
            }
        }
    }

    /// Prints multiply-adds per second of each kernel (best of several runs,
    /// so a busy machine distorts it less): `cargo test --release -p
    /// parallax-encoder gemm_speed -- --ignored --nocapture`.
    #[test]
    #[ignore = "prints speed; run by hand"]
    fn gemm_speed() {
        let (rows, cols, tokens) = (1536, 384, 96);
        let blocks = cols / BLOCK;
        let q4: Vec<u8> = (0..rows * blocks * 18)
            .map(|i| if i % 18 == 1 { 0x1c } else { (i * 7) as u8 })
            .collect();
        let w = PackedMatrix::from_q4(&[(&q4, rows)], cols);
        let x: Vec<f32> = (0..tokens * cols)
            .map(|i| ((i * 13) % 17) as f32 - 8.0)
            .collect();
        let bias = vec![0f32; rows];
        let mut out = vec![0f32; tokens * rows];
        for isa in Isa::supported() {
            let mut acts = QuantActs::default();
            acts.quantize(isa, &x, tokens, cols);
            let mut best = f64::INFINITY;
            for _ in 0..30 {
                let start = std::time::Instant::now();
                gemm_range(isa, &w, &bias, &acts, 0, tokens, &mut out);
                best = best.min(start.elapsed().as_secs_f64());
            }
            println!(
                "{:12} {:.1} G multiply-adds/s",
                isa.name(),
                (rows * cols * tokens) as f64 / best / 1e9
            );
        }
    }

    /// Nearest half-precision bits of a positive normal value.
    fn half_of(v: f32) -> u16 {
        let bits = v.to_bits();
        let exp = ((bits >> 23) & 0xff) as i32 - 127 + 15;
        let man = (bits >> 13) & 0x3ff;
        ((exp as u32) << 10 | man) as u16
    }
}
