//! Element-wise and small dense steps of the forward pass: activation
//! quantisation, layer norm, GELU, softmax attention. Each is written once in
//! plain Rust that the compiler vectorises, and compiled for AVX-512, for
//! AVX2 and for any CPU; `simd_fn!` picks the version at run time.
//! Reductions keep 16 partial sums so they vectorise without reordering
//! freedom (results do not depend on threads or batch composition).

// `max(a).min(b)` is kept over `clamp` on purpose: it also maps NaN to a bound.
#![allow(clippy::manual_clamp)]

use crate::format::BLOCK;
use crate::kernels::Isa;

/// Partial sums kept by reductions.
const LANES: usize = 16;

/// Define `pub(crate) fn $name(isa, args…)` with its body compiled three times.
macro_rules! simd_fn {
    ($(#[$meta:meta])* fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $body:block) => {
        $(#[$meta])*
        pub(crate) fn $name(isa: Isa, $($arg: $ty),*) {
            #[inline(always)]
            fn generic($($arg: $ty),*) $body
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
            unsafe fn wide($($arg: $ty),*) { generic($($arg),*) }
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx2,fma")]
            unsafe fn narrow($($arg: $ty),*) { generic($($arg),*) }
            match isa {
                // SAFETY: `Isa` values other than Scalar are only made after checking the CPU.
                #[cfg(target_arch = "x86_64")]
                Isa::Avx512Vnni => unsafe { wide($($arg),*) },
                #[cfg(target_arch = "x86_64")]
                Isa::AvxVnni | Isa::Avx2 => unsafe { narrow($($arg),*) },
                _ => generic($($arg),*),
            }
        }
    };
}

simd_fn! {
    /// Quantise rows to int8 per block of 32 (scale = max |x| / 127, round
    /// half to even, as `lrintf`), with each block's scale and −8 × its sum.
    fn quantize_rows(x: &[f32], q: &mut [i8], scales: &mut [f32], neg8_sums: &mut [i32]) {
        for (((x, q), d), s) in x
            .chunks_exact(BLOCK)
            .zip(q.chunks_exact_mut(BLOCK))
            .zip(scales.iter_mut())
            .zip(neg8_sums.iter_mut())
        {
            let (lo, hi) = x.split_at(LANES);
            let mut amax = [0f32; LANES];
            for j in 0..LANES {
                amax[j] = lo[j].abs().max(hi[j].abs());
            }
            let amax = lane_max(amax);
            let scale = amax / 127.0;
            let inv = if scale > 0.0 { 1.0 / scale } else { 0.0 };
            let mut sums = [0i32; LANES];
            for (xs, qs) in x.chunks_exact(LANES).zip(q.chunks_exact_mut(LANES)) {
                for j in 0..LANES {
                    // `max`/`min` (unlike `clamp`) also turn NaN into a bound.
                    let r = (xs[j] * inv).round_ties_even().max(-128.0).min(127.0);
                    // SAFETY: r is an integer in [−128, 127].
                    let r = unsafe { r.to_int_unchecked::<i32>() };
                    qs[j] = r as i8;
                    sums[j] += r;
                }
            }
            *d = scale;
            *s = -8 * sums.iter().sum::<i32>();
        }
    }
}

simd_fn! {
    /// `x = LayerNorm(x + y)` row by row (`y` empty: `LayerNorm(x)`).
    fn add_layer_norm(x: &mut [f32], y: &[f32], weight: &[f32], bias: &[f32], eps: f32) {
        let h = weight.len();
        for (i, row) in x.chunks_exact_mut(h).enumerate() {
            if !y.is_empty() {
                for (r, v) in row.iter_mut().zip(&y[i * h..(i + 1) * h]) {
                    *r += v;
                }
            }
            let mean = lane_sum(row, |v| v) / h as f32;
            let var = lane_sum(row, |v| (v - mean) * (v - mean)) / h as f32;
            let inv = 1.0 / (var + eps).sqrt();
            for ((r, w), b) in row.iter_mut().zip(weight).zip(bias) {
                *r = (*r - mean) * inv * w + b;
            }
        }
    }
}

simd_fn! {
    /// `x = GELU(x)` with the exact (erf) form.
    fn gelu_in_place(x: &mut [f32]) {
        for v in x.iter_mut() {
            *v = 0.5 * *v * (1.0 + erf(*v * std::f32::consts::FRAC_1_SQRT_2));
        }
    }
}

/// Softmax attention of one head, with the fastest code for `isa`.
pub(crate) fn attention_head(isa: Isa, job: &HeadJob, out: &mut [f32], scratch: &mut Vec<f32>) {
    #[cfg(target_arch = "x86_64")]
    if isa == Isa::Avx512Vnni && job.head_dim == 32 && job.len > 0 {
        // SAFETY: the Isa was checked against the CPU.
        unsafe { crate::kernels::attend_head32_avx512(job, out, scratch) };
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if matches!(isa, Isa::AvxVnni | Isa::Avx2) && job.head_dim == 32 && job.len > 0 {
        // SAFETY: the Isa was checked against the CPU.
        unsafe { crate::kernels::attend_head32_avx2(job, out, scratch) };
        return;
    }
    attend_head(isa, job, out, scratch);
}

/// One attention head over one text: rows of `q`, `k`, `v` are `stride`
/// apart, the head's values start at each row's `head_offset`.
pub(crate) struct HeadJob<'a> {
    pub qkv: &'a [f32],
    pub stride: usize,
    pub q_offset: usize,
    pub k_offset: usize,
    pub v_offset: usize,
    pub head_dim: usize,
    pub len: usize,
    pub scale: f32,
}

/// Queries handled together: their accumulators are independent, so the
/// multiply-adds overlap instead of waiting on each other, and each key and
/// value row loaded serves all of them.
const QUERY_BLOCK: usize = 4;

simd_fn! {
    /// Softmax attention of one head: `out` gets `len` rows of `head_dim`
    /// values. Scores run over the length padded to 16, padding masked out,
    /// so every loop works on whole vectors.
    fn attend_head(job: &HeadJob, out: &mut [f32], scratch: &mut Vec<f32>) {
        let (hd, len) = (job.head_dim, job.len);
        let padded = len.div_ceil(LANES) * LANES;
        let chunks = padded / LANES;
        scratch.clear();
        scratch.resize(hd * padded + QUERY_BLOCK * padded, 0.0);
        let (keys_t, scores) = scratch.split_at_mut(hd * padded);
        // Keys transposed, so a query's scores are one vector sweep per dimension.
        for s in 0..len {
            let k = &job.qkv[s * job.stride + job.k_offset..][..hd];
            for (e, &kv) in k.iter().enumerate() {
                keys_t[e * padded + s] = kv;
            }
        }
        let keys_t: &[[f32; LANES]] = keys_t.as_chunks::<LANES>().0;
        let scores: &mut [[f32; LANES]] = scores.as_chunks_mut::<LANES>().0;
        for t0 in (0..len).step_by(QUERY_BLOCK) {
            // A short last block repeats its last query; the extra rows are dropped.
            let rows: [usize; QUERY_BLOCK] = std::array::from_fn(|i| (t0 + i).min(len - 1));
            let q: [&[f32]; QUERY_BLOCK] = rows.map(|t| &job.qkv[t * job.stride + job.q_offset..][..hd]);
            block_scores(q, keys_t, chunks, scores);
            for b in 0..QUERY_BLOCK {
                softmax_row(&mut scores[b * chunks..(b + 1) * chunks], len, job.scale);
            }
            let mut ctx = [[0f32; 64]; QUERY_BLOCK];
            match hd {
                32 => weighted_values::<2>(job, scores, chunks, len, &mut ctx),
                64 => weighted_values::<4>(job, scores, chunks, len, &mut ctx),
                _ => weighted_values_any(job, scores, chunks, len, &mut ctx),
            }
            for (b, &t) in rows.iter().enumerate() {
                if t == t0 + b {
                    out[t * hd..(t + 1) * hd].copy_from_slice(&ctx[b][..hd]);
                }
            }
        }
    }
}

/// Raw scores `q·k` of a block of queries against every key.
#[inline(always)]
fn block_scores(
    q: [&[f32]; QUERY_BLOCK],
    keys_t: &[[f32; LANES]],
    chunks: usize,
    scores: &mut [[f32; LANES]],
) {
    for c in 0..chunks {
        let mut acc = [[0f32; LANES]; QUERY_BLOCK];
        for e in 0..q[0].len() {
            let k = keys_t[e * chunks + c];
            for b in 0..QUERY_BLOCK {
                let qv = q[b][e];
                for j in 0..LANES {
                    acc[b][j] = qv.mul_add(k[j], acc[b][j]);
                }
            }
        }
        for b in 0..QUERY_BLOCK {
            scores[b * chunks + c] = acc[b];
        }
    }
}

/// Scale, mask the padding, and turn one row of scores into probabilities.
#[inline(always)]
fn softmax_row(row: &mut [[f32; LANES]], len: usize, scale: f32) {
    let mut max = [-1e30f32; LANES];
    for (c, sc) in row.iter_mut().enumerate() {
        for j in 0..LANES {
            sc[j] = if c * LANES + j < len {
                sc[j] * scale
            } else {
                -1e30
            };
            max[j] = max[j].max(sc[j]);
        }
    }
    let max = lane_max(max);
    let mut sums = [0f32; LANES];
    for (c, sc) in row.iter_mut().enumerate() {
        for j in 0..LANES {
            sc[j] = if c * LANES + j < len {
                exp(sc[j] - max)
            } else {
                0.0
            };
            sums[j] += sc[j];
        }
    }
    let inv = 1.0 / tree_sum(sums);
    for sc in row.iter_mut() {
        for v in sc.iter_mut() {
            *v *= inv;
        }
    }
}

/// `ctx[b] = Σ_s p[b][s] · v[s]` for a head of `N` × 16 dimensions, sums in registers.
#[inline(always)]
fn weighted_values<const N: usize>(
    job: &HeadJob,
    probs: &[[f32; LANES]],
    chunks: usize,
    len: usize,
    ctx: &mut [[f32; 64]; QUERY_BLOCK],
) {
    let mut acc = [[[0f32; LANES]; N]; QUERY_BLOCK];
    for s in 0..len {
        let v: &[[f32; LANES]; N] = job.qkv[s * job.stride + job.v_offset..][..N * LANES]
            .as_chunks::<LANES>()
            .0
            .try_into()
            .unwrap();
        for b in 0..QUERY_BLOCK {
            let p = probs[b * chunks + s / LANES][s % LANES];
            for n in 0..N {
                for j in 0..LANES {
                    acc[b][n][j] = p.mul_add(v[n][j], acc[b][n][j]);
                }
            }
        }
    }
    for b in 0..QUERY_BLOCK {
        ctx[b][..N * LANES].copy_from_slice(acc[b].as_flattened());
    }
}

/// [`weighted_values`] for any head size up to 64.
#[inline(always)]
fn weighted_values_any(
    job: &HeadJob,
    probs: &[[f32; LANES]],
    chunks: usize,
    len: usize,
    ctx: &mut [[f32; 64]; QUERY_BLOCK],
) {
    let hd = job.head_dim;
    for s in 0..len {
        let v = &job.qkv[s * job.stride + job.v_offset..][..hd];
        for b in 0..QUERY_BLOCK {
            let p = probs[b * chunks + s / LANES][s % LANES];
            for (c, &vv) in ctx[b][..hd].iter_mut().zip(v) {
                *c = p.mul_add(vv, *c);
            }
        }
    }
}

/// The largest of 16 lanes.
#[inline(always)]
fn lane_max(mut lanes: [f32; LANES]) -> f32 {
    let mut width = LANES / 2;
    while width > 0 {
        for i in 0..width {
            lanes[i] = lanes[i].max(lanes[i + width]);
        }
        width /= 2;
    }
    lanes[0]
}

/// The sum of 16 lanes, pairwise.
#[inline(always)]
fn tree_sum(mut lanes: [f32; LANES]) -> f32 {
    let mut width = LANES / 2;
    while width > 0 {
        for i in 0..width {
            lanes[i] += lanes[i + width];
        }
        width /= 2;
    }
    lanes[0]
}

/// Σ f(v) with 16 partial sums.
#[inline(always)]
fn lane_sum(values: &[f32], f: impl Fn(f32) -> f32) -> f32 {
    let mut acc = [0f32; LANES];
    let mut chunks = values.chunks_exact(LANES);
    for chunk in &mut chunks {
        for (a, &v) in acc.iter_mut().zip(chunk) {
            *a += f(v);
        }
    }
    for (a, &v) in acc.iter_mut().zip(chunks.remainder()) {
        *a += f(v);
    }
    tree_sum(acc)
}

/// `e^x` for f32, branch-free so that it vectorises: x = n·ln2 + r with
/// |r| ≤ ln2/2, a degree-6 polynomial for e^r (Cephes `expf`), 2^n from the
/// exponent bits. Relative error ≈ 1e-7; inputs below −87 give ≈ 1e-38.
#[inline(always)]
pub(crate) fn exp(x: f32) -> f32 {
    // `max`/`min` (unlike `clamp`) also turn NaN into a bound.
    let x = x.max(-87.0).min(88.0);
    let n = (x * std::f32::consts::LOG2_E).round_ties_even();
    let r = (x - n * 0.693_359_4) - n * -2.121_944_4e-4;
    let mut p = 1.987_569_1e-4f32;
    p = p * r + 1.398_2e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 1.666_666_5e-1;
    p = p * r + 5e-1;
    let e = p * r * r + r + 1.0;
    // SAFETY: n is an integer in [−126, 127] after the clamp.
    let n = unsafe { n.to_int_unchecked::<i32>() };
    e * f32::from_bits(((n + 127) as u32) << 23)
}

/// The error function for f32: a rational approximation on [−4, 4] (odd
/// degree-13 numerator over even degree-8 denominator, as in Eigen), ±1
/// outside. Absolute error below 1e-6.
#[inline(always)]
pub(crate) fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = -2.726_142e-10_f32;
    p = p * x2 + 2.770_681_4e-8;
    p = p * x2 + -2.101_024e-6;
    p = p * x2 + -5.692_506_4e-5;
    p = p * x2 + -7.349_906_3e-4;
    p = p * x2 + -2.954_6e-3;
    p = p * x2 + -1.609_603_3e-2;
    let p = p * x;
    let mut q = -1.456_607_2e-5f32;
    q = q * x2 + -2.133_740_6e-4;
    q = q * x2 + -1.682_827e-3;
    q = q * x2 + -7.373_329_2e-3;
    q = q * x2 + -1.426_474e-2;
    p / q
}

#[cfg(test)]
mod tests {
    use super::*;

    /// erf by its Taylor series in f64 (accurate to ~1e-9 on [−5, 5]).
    fn erf_reference(x: f64) -> f64 {
        let mut term = x;
        let mut sum = x;
        for n in 1..200 {
            term *= -x * x / n as f64;
            sum += term / (2 * n + 1) as f64;
        }
        sum * 2.0 / std::f64::consts::PI.sqrt()
    }

    #[test]
    fn erf_is_accurate() {
        let mut worst = 0f64;
        for i in -5000..=5000 {
            let x = i as f64 / 1000.0;
            worst = worst.max((erf(x as f32) as f64 - erf_reference(x)).abs());
        }
        assert!(worst < 1e-6, "worst erf error {worst}");
    }

    #[test]
    fn exp_is_accurate() {
        let mut worst = 0f64;
        for i in -8000..=8000 {
            let x = i as f32 / 100.0;
            let want = f64::from(x).exp();
            worst = worst.max((f64::from(exp(x)) - want).abs() / want);
        }
        assert!(worst < 3e-7, "worst relative exp error {worst}");
        assert!(exp(-1000.0) < 1e-37 && exp(-1000.0) >= 0.0);
    }

    #[test]
    fn quantisation_matches_the_c_rule() {
        let mut x = vec![0f32; 64];
        // Scale 1: halves round to even.
        x[..5].copy_from_slice(&[127.0, -0.5, 1.5, 2.5, -127.0]);
        for isa in Isa::supported() {
            let (mut q, mut d, mut s) = (vec![0i8; 64], vec![0f32; 2], vec![0i32; 2]);
            quantize_rows(isa, &x, &mut q, &mut d, &mut s);
            assert_eq!(&q[..5], &[127, 0, 2, 2, -127], "{isa:?}");
            assert_eq!((d[0], d[1]), (1.0, 0.0));
            assert_eq!(s[0], -8 * 4);
        }
    }

    #[test]
    fn attention_agrees_on_every_kernel() {
        let (h, heads) = (96, 3);
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        for len in [1usize, 5, 16, 17, 39] {
            let qkv: Vec<f32> = (0..len * 3 * h)
                .map(|_| {
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    (rng % 4001) as f32 / 1000.0 - 2.0
                })
                .collect();
            let run = |isa: Isa, head: usize| {
                let job = HeadJob {
                    qkv: &qkv,
                    stride: 3 * h,
                    q_offset: head * 32,
                    k_offset: h + head * 32,
                    v_offset: 2 * h + head * 32,
                    head_dim: 32,
                    len,
                    scale: 1.0 / 32f32.sqrt(),
                };
                let mut out = vec![0f32; len * 32];
                attention_head(isa, &job, &mut out, &mut Vec::new());
                out
            };
            for head in 0..heads {
                let reference = run(Isa::Scalar, head);
                // Rows are convex combinations of value rows.
                assert!(reference.iter().all(|v| v.abs() <= 2.0));
                for isa in Isa::supported() {
                    let got = run(isa, head);
                    let worst = got
                        .iter()
                        .zip(&reference)
                        .map(|(a, b)| (a - b).abs())
                        .fold(0f32, f32::max);
                    assert!(worst < 1e-5, "{isa:?} len {len}: differs by {worst}");
                }
            }
        }
    }

    #[test]
    fn layer_norm_centres_and_scales() {
        for isa in Isa::supported() {
            let mut x: Vec<f32> = (0..40).map(|i| i as f32).collect();
            let y = vec![1f32; 40];
            add_layer_norm(isa, &mut x, &y, &[1.0; 20], &[0.5; 20], 1e-12);
            let mean: f32 = x[..20].iter().sum::<f32>() / 20.0;
            assert!((mean - 0.5).abs() < 1e-5);
            let var: f32 = x[20..].iter().map(|v| (v - 0.5) * (v - 0.5)).sum::<f32>() / 20.0;
            assert!((var - 1.0).abs() < 1e-4);
        }
    }
}
