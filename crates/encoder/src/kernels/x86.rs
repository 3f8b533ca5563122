//! x86-64 kernels. A tile is MR tokens × NP panels of 16 outputs; per 32-input
//! block the integer accumulators start at −8 × the activations' block sum,
//! take 8 multiply-adds of 4 inputs each, and are then scaled into float
//! accumulators. Callers guarantee the CPU features (see `Isa::supported`).

// Kernels index several register arrays with one loop variable.
#![allow(clippy::needless_range_loop)]

use std::arch::x86_64::*;

use super::{PackedMatrix, QuantActs, PANEL, STEPS};
use crate::format::BLOCK;

/// Where a tile reads and writes.
#[derive(Clone, Copy)]
struct Tile<'a> {
    w: &'a PackedMatrix,
    acts: &'a QuantActs,
    bias: &'a [f32],
    /// First token of the tile, and the first token of `out`.
    t: usize,
    t0: usize,
    /// First panel.
    panel: usize,
}

impl Tile<'_> {
    #[inline(always)]
    fn line(&self, panel: usize, block: usize, step: usize) -> *const u8 {
        let i = (panel * self.w.blocks + block) * STEPS + step;
        debug_assert!(i < self.w.lines.len());
        // SAFETY: in bounds for every panel/block/step of the matrix.
        unsafe { self.w.lines.as_ptr().add(i) as *const u8 }
    }
    #[inline(always)]
    fn scales(&self, panel: usize, block: usize) -> *const f32 {
        let i = (panel * self.w.blocks + block) * PANEL;
        debug_assert!(i + PANEL <= self.w.scales.len());
        // SAFETY: in bounds, as above.
        unsafe { self.w.scales.as_ptr().add(i) }
    }
    /// The 4 activations `4·step…` of `block` for token `t`, as one i32.
    #[inline(always)]
    fn quad(&self, t: usize, block: usize, step: usize) -> i32 {
        let i = t * self.acts.cols + block * BLOCK + step * 4;
        debug_assert!(i + 4 <= self.acts.q.len());
        // SAFETY: in bounds; read unaligned.
        unsafe { (self.acts.q.as_ptr().add(i) as *const i32).read_unaligned() }
    }
    #[inline(always)]
    fn act_scale(&self, t: usize, block: usize) -> f32 {
        self.acts.scale[t * self.acts.blocks + block]
    }
    #[inline(always)]
    fn neg8(&self, t: usize, block: usize) -> i32 {
        self.acts.neg8_sum[t * self.acts.blocks + block]
    }
}

/// Run `$tile::<MR, NP>` over tokens `t0..t1` for every group of NP panels
/// (a last odd panel alone).
macro_rules! gemm_driver {
    ($name:ident, $tile:ident, $features:literal, $np:literal, $mr:literal, [$($rest:literal),*]) => {
        #[target_feature(enable = $features)]
        pub(super) unsafe fn $name(w: &PackedMatrix, bias: &[f32], acts: &QuantActs, t0: usize, t1: usize, out: &mut [f32]) {
            assert!(out.len() >= (t1 - t0) * w.rows && acts.tokens >= t1 && w.rows % PANEL == 0);
            let out = out.as_mut_ptr();
            let panels = w.rows / PANEL;
            for panel in (0..panels).step_by($np) {
                let mut t = t0;
                while t < t1 {
                    let tile = Tile { w, acts, bias, t, t0, panel };
                    let n = (t1 - t).min($mr);
                    // SAFETY: the tile's rows are within `out` (asserted above).
                    unsafe {
                        if panels - panel >= $np {
                            match n {
                                $mr => $tile::<$mr, $np>(tile, out),
                                $($rest => $tile::<$rest, $np>(tile, out),)*
                                _ => unreachable!("tile of {n} tokens"),
                            }
                        } else {
                            match n {
                                $mr => $tile::<$mr, 1>(tile, out),
                                $($rest => $tile::<$rest, 1>(tile, out),)*
                                _ => unreachable!("tile of {n} tokens"),
                            }
                        }
                    }
                    t += n;
                }
            }
        }
    };
}

gemm_driver!(
    gemm_avx512_vnni,
    tile_avx512_vnni,
    "avx512f,avx512bw,avx512vl,avx512vnni,fma",
    2,
    6,
    [5, 4, 3, 2, 1]
);
gemm_driver!(
    gemm_avx_vnni,
    tile_avx_vnni,
    "avx2,fma,avxvnni",
    1,
    3,
    [2, 1]
);
gemm_driver!(gemm_avx2, tile_avx2, "avx2,fma", 1, 3, [2, 1]);

/// MR tokens × NP·16 outputs with 512-bit `vpdpbusd`.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,fma")]
unsafe fn tile_avx512_vnni<const MR: usize, const NP: usize>(tile: Tile, out: *mut f32) {
    let mut facc = [[_mm512_setzero_ps(); NP]; MR];
    for b in 0..tile.w.blocks {
        let mut iacc = [[_mm512_setzero_si512(); NP]; MR];
        for (m, acc) in iacc.iter_mut().enumerate() {
            *acc = [_mm512_set1_epi32(tile.neg8(tile.t + m, b)); NP];
        }
        for s in 0..STEPS {
            let mut wv = [_mm512_setzero_si512(); NP];
            for (p, v) in wv.iter_mut().enumerate() {
                // SAFETY: a whole, 64-byte aligned line.
                *v = unsafe { _mm512_load_si512(tile.line(tile.panel + p, b, s) as *const _) };
            }
            for (m, acc) in iacc.iter_mut().enumerate() {
                let a = _mm512_set1_epi32(tile.quad(tile.t + m, b, s));
                for p in 0..NP {
                    acc[p] = _mm512_dpbusd_epi32(acc[p], wv[p], a);
                }
            }
        }
        let mut dw = [_mm512_setzero_ps(); NP];
        for (p, d) in dw.iter_mut().enumerate() {
            // SAFETY: 16 scales of this panel and block.
            *d = unsafe { _mm512_loadu_ps(tile.scales(tile.panel + p, b)) };
        }
        for m in 0..MR {
            let da = _mm512_set1_ps(tile.act_scale(tile.t + m, b));
            for p in 0..NP {
                let scale = _mm512_mul_ps(dw[p], da);
                facc[m][p] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(iacc[m][p]), scale, facc[m][p]);
            }
        }
    }
    let rows = tile.w.rows;
    for p in 0..NP {
        let o = (tile.panel + p) * PANEL;
        // SAFETY: the bias has `rows` values and `out` the tile's rows.
        unsafe {
            let bias = _mm512_loadu_ps(tile.bias.as_ptr().add(o));
            for (m, acc) in facc.iter().enumerate() {
                _mm512_storeu_ps(
                    out.add((tile.t + m - tile.t0) * rows + o),
                    _mm512_add_ps(acc[p], bias),
                );
            }
        }
    }
}

/// MR tokens × 16 outputs (two 256-bit halves) with AVX-VNNI or AVX2.
macro_rules! tile_256 {
    ($name:ident, $features:literal, $dot:ident) => {
        #[inline]
        #[target_feature(enable = $features)]
        unsafe fn $name<const MR: usize, const NP: usize>(tile: Tile, out: *mut f32) {
            debug_assert_eq!(NP, 1);
            let mut facc = [[_mm256_setzero_ps(); 2]; MR];
            for b in 0..tile.w.blocks {
                let mut iacc = [[_mm256_setzero_si256(); 2]; MR];
                for (m, acc) in iacc.iter_mut().enumerate() {
                    *acc = [_mm256_set1_epi32(tile.neg8(tile.t + m, b)); 2];
                }
                for s in 0..STEPS {
                    let line = tile.line(tile.panel, b, s);
                    // SAFETY: the two 32-byte halves of an aligned line.
                    let wv = unsafe {
                        [
                            _mm256_load_si256(line as *const _),
                            _mm256_load_si256(line.add(32) as *const _),
                        ]
                    };
                    for (m, acc) in iacc.iter_mut().enumerate() {
                        let a = _mm256_set1_epi32(tile.quad(tile.t + m, b, s));
                        for h in 0..2 {
                            // SAFETY: the caller has the features of `$dot`.
                            acc[h] = unsafe { $dot(acc[h], wv[h], a) };
                        }
                    }
                }
                let scales = tile.scales(tile.panel, b);
                // SAFETY: 16 scales of this panel and block.
                let dw = unsafe { [_mm256_loadu_ps(scales), _mm256_loadu_ps(scales.add(8))] };
                for m in 0..MR {
                    let da = _mm256_set1_ps(tile.act_scale(tile.t + m, b));
                    for h in 0..2 {
                        let scale = _mm256_mul_ps(dw[h], da);
                        facc[m][h] =
                            _mm256_fmadd_ps(_mm256_cvtepi32_ps(iacc[m][h]), scale, facc[m][h]);
                    }
                }
            }
            let rows = tile.w.rows;
            let o = tile.panel * PANEL;
            for h in 0..2 {
                // SAFETY: as in the 512-bit tile.
                unsafe {
                    let bias = _mm256_loadu_ps(tile.bias.as_ptr().add(o + 8 * h));
                    for (m, acc) in facc.iter().enumerate() {
                        _mm256_storeu_ps(
                            out.add((tile.t + m - tile.t0) * rows + o + 8 * h),
                            _mm256_add_ps(acc[h], bias),
                        );
                    }
                }
            }
        }
    };
}

tile_256!(tile_avx_vnni, "avx2,fma,avxvnni", dot_avx_vnni);
tile_256!(tile_avx2, "avx2,fma", dot_avx2);

#[inline]
#[target_feature(enable = "avx2,fma,avxvnni")]
unsafe fn dot_avx_vnni(acc: __m256i, w: __m256i, a: __m256i) -> __m256i {
    _mm256_dpbusd_avx_epi32(acc, w, a)
}

/// `vpdpbusd` from AVX2: nibbles (≤ 15) × int8 pairs fit in i16 without saturating.
#[inline]
#[target_feature(enable = "avx2,fma")]
unsafe fn dot_avx2(acc: __m256i, w: __m256i, a: __m256i) -> __m256i {
    let pairs = _mm256_maddubs_epi16(w, a);
    _mm256_add_epi32(acc, _mm256_madd_epi16(pairs, _mm256_set1_epi16(1)))
}

/// Activation quantisation (see `math::quantize_rows`) with AVX-512:
/// `vcvtps2dq` rounds half to even like `lrintf`, `vpmovsdb` saturates like the C clamp.
#[target_feature(enable = "avx512f,avx512bw,avx512vl")]
pub(super) unsafe fn quantize_rows_avx512(
    x: &[f32],
    q: &mut [i8],
    scales: &mut [f32],
    neg8_sums: &mut [i32],
) {
    let blocks = x.len() / BLOCK;
    assert!(q.len() >= blocks * BLOCK && scales.len() >= blocks && neg8_sums.len() >= blocks);
    for b in 0..blocks {
        // SAFETY: block b is within x and q (asserted above).
        unsafe {
            let src = x.as_ptr().add(b * BLOCK);
            let lo = _mm512_loadu_ps(src);
            let hi = _mm512_loadu_ps(src.add(16));
            let amax = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_abs_ps(lo), _mm512_abs_ps(hi)));
            let scale = amax / 127.0;
            let inv = _mm512_set1_ps(if scale > 0.0 { 1.0 / scale } else { 0.0 });
            let qlo = _mm512_cvtps_epi32(_mm512_mul_ps(lo, inv));
            let qhi = _mm512_cvtps_epi32(_mm512_mul_ps(hi, inv));
            let dst = q.as_mut_ptr().add(b * BLOCK);
            _mm_storeu_si128(dst as *mut __m128i, _mm512_cvtsepi32_epi8(qlo));
            _mm_storeu_si128(dst.add(16) as *mut __m128i, _mm512_cvtsepi32_epi8(qhi));
            let lo_c = _mm512_max_epi32(
                _mm512_min_epi32(qlo, _mm512_set1_epi32(127)),
                _mm512_set1_epi32(-128),
            );
            let hi_c = _mm512_max_epi32(
                _mm512_min_epi32(qhi, _mm512_set1_epi32(127)),
                _mm512_set1_epi32(-128),
            );
            *scales.get_unchecked_mut(b) = scale;
            *neg8_sums.get_unchecked_mut(b) =
                -8 * _mm512_reduce_add_epi32(_mm512_add_epi32(lo_c, hi_c));
        }
    }
}

/// Activation quantisation with AVX2 (same rounding and saturation).
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn quantize_rows_avx2(
    x: &[f32],
    q: &mut [i8],
    scales: &mut [f32],
    neg8_sums: &mut [i32],
) {
    let blocks = x.len() / BLOCK;
    assert!(q.len() >= blocks * BLOCK && scales.len() >= blocks && neg8_sums.len() >= blocks);
    let sign = _mm256_set1_ps(-0.0);
    for b in 0..blocks {
        // SAFETY: block b is within x and q (asserted above).
        unsafe {
            let src = x.as_ptr().add(b * BLOCK);
            let v = [0, 8, 16, 24].map(|o| _mm256_loadu_ps(src.add(o)));
            let m = _mm256_max_ps(
                _mm256_max_ps(_mm256_andnot_ps(sign, v[0]), _mm256_andnot_ps(sign, v[1])),
                _mm256_max_ps(_mm256_andnot_ps(sign, v[2]), _mm256_andnot_ps(sign, v[3])),
            );
            let m = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
            let m = _mm_max_ps(m, _mm_movehl_ps(m, m));
            let m = _mm_max_ss(m, _mm_shuffle_ps(m, m, 1));
            let scale = _mm_cvtss_f32(m) / 127.0;
            let inv = _mm256_set1_ps(if scale > 0.0 { 1.0 / scale } else { 0.0 });
            let i = v.map(|v| _mm256_cvtps_epi32(_mm256_mul_ps(v, inv)));
            // Saturating packs keep the order within 128-bit lanes; the permute restores it.
            let w01 = _mm256_packs_epi32(i[0], i[1]);
            let w23 = _mm256_packs_epi32(i[2], i[3]);
            let bytes = _mm256_packs_epi16(w01, w23);
            let bytes =
                _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
            _mm256_storeu_si256(q.as_mut_ptr().add(b * BLOCK) as *mut __m256i, bytes);
            // Sum of the saturated bytes: widen to i16 pairs, then to i32.
            let ones = _mm256_set1_epi8(1);
            let pairs = _mm256_maddubs_epi16(ones, bytes);
            let quads = _mm256_madd_epi16(pairs, _mm256_set1_epi16(1));
            let s = _mm_add_epi32(
                _mm256_castsi256_si128(quads),
                _mm256_extracti128_si256(quads, 1),
            );
            let s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0b01_00_11_10));
            let s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0b10_11_00_01));
            *scales.get_unchecked_mut(b) = scale;
            *neg8_sums.get_unchecked_mut(b) = -8 * _mm_cvtsi128_si32(s);
        }
    }
}

/// `e^x` on 16 lanes: the polynomial of `math::exp`.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,fma")]
fn exp_avx512(x: __m512) -> __m512 {
    // `vmaxps` returns the second operand when the first is NaN: NaN becomes −87.
    let x = _mm512_min_ps(
        _mm512_max_ps(x, _mm512_set1_ps(-87.0)),
        _mm512_set1_ps(88.0),
    );
    let n = _mm512_roundscale_ps::<{ _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC }>(
        _mm512_mul_ps(x, _mm512_set1_ps(std::f32::consts::LOG2_E)),
    );
    let r = _mm512_sub_ps(
        _mm512_sub_ps(x, _mm512_mul_ps(n, _mm512_set1_ps(0.693_359_4))),
        _mm512_mul_ps(n, _mm512_set1_ps(-2.121_944_4e-4)),
    );
    let mut p = _mm512_set1_ps(1.987_569_1e-4);
    for c in [
        1.398_2e-3,
        8.333_452e-3,
        4.166_579_6e-2,
        1.666_666_5e-1,
        5e-1,
    ] {
        p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(c));
    }
    let e = _mm512_add_ps(
        _mm512_add_ps(_mm512_mul_ps(_mm512_mul_ps(p, r), r), r),
        _mm512_set1_ps(1.0),
    );
    let bits = _mm512_slli_epi32::<23>(_mm512_add_epi32(
        _mm512_cvtps_epi32(n),
        _mm512_set1_epi32(127),
    ));
    _mm512_mul_ps(e, _mm512_castsi512_ps(bits))
}

/// Queries per block in the AVX-512 attention: 8 independent multiply-add
/// chains keep both FMA pipes busy.
const QB: usize = 8;
/// Queries per block in the AVX2 attention (16 registers).
const QB2: usize = 4;

/// One head of softmax attention with AVX-512 for head size 32 (see
/// `math::attend_head`): transposed keys, 4 queries at a time, masked
/// padding, probabilities times values with the sums in registers.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,fma")]
pub(crate) unsafe fn attend_head32_avx512(
    job: &crate::math::HeadJob,
    out: &mut [f32],
    scratch: &mut Vec<f32>,
) {
    const HD: usize = 32;
    let len = job.len;
    assert!(job.head_dim == HD && len > 0 && out.len() >= len * HD);
    assert!(
        job.qkv.len()
            >= (len - 1) * job.stride + job.v_offset.max(job.k_offset).max(job.q_offset) + HD
    );
    let chunks = len.div_ceil(16);
    let padded = chunks * 16;
    scratch.clear();
    scratch.resize(HD * padded + QB * padded, 0.0);
    let (keys_t, probs) = scratch.split_at_mut(HD * padded);
    for s in 0..len {
        let k = &job.qkv[s * job.stride + job.k_offset..][..HD];
        for (e, &kv) in k.iter().enumerate() {
            keys_t[e * padded + s] = kv;
        }
    }
    let qkv = job.qkv.as_ptr();
    let last_mask: __mmask16 = if len.is_multiple_of(16) {
        0xffff
    } else {
        (1u16 << (len % 16)) - 1
    };
    for t0 in (0..len).step_by(QB) {
        let rows: [usize; QB] = std::array::from_fn(|i| (t0 + i).min(len - 1));
        // SAFETY: every row, offset and chunk is in bounds (asserted above).
        unsafe {
            let q = rows.map(|t| qkv.add(t * job.stride + job.q_offset));
            for c in 0..chunks {
                let mut acc = [_mm512_setzero_ps(); QB];
                for e in 0..HD {
                    let k = _mm512_loadu_ps(keys_t.as_ptr().add(e * padded + c * 16));
                    for b in 0..QB {
                        acc[b] = _mm512_fmadd_ps(_mm512_set1_ps(*q[b].add(e)), k, acc[b]);
                    }
                }
                for b in 0..QB {
                    _mm512_storeu_ps(
                        probs.as_mut_ptr().add(b * padded + c * 16),
                        _mm512_mul_ps(acc[b], _mm512_set1_ps(job.scale)),
                    );
                }
            }
            for b in 0..QB {
                softmax_row_avx512(probs.as_mut_ptr().add(b * padded), chunks, last_mask);
            }
            let mut acc = [[_mm512_setzero_ps(); 2]; QB];
            for s in 0..len {
                let v = qkv.add(s * job.stride + job.v_offset);
                let v = [_mm512_loadu_ps(v), _mm512_loadu_ps(v.add(16))];
                for b in 0..QB {
                    let p = _mm512_set1_ps(*probs.as_ptr().add(b * padded + s));
                    acc[b][0] = _mm512_fmadd_ps(p, v[0], acc[b][0]);
                    acc[b][1] = _mm512_fmadd_ps(p, v[1], acc[b][1]);
                }
            }
            for (b, &t) in rows.iter().enumerate() {
                if t == t0 + b {
                    _mm512_storeu_ps(out.as_mut_ptr().add(t * HD), acc[b][0]);
                    _mm512_storeu_ps(out.as_mut_ptr().add(t * HD + 16), acc[b][1]);
                }
            }
        }
    }
}

/// Softmax of one row of `chunks` × 16 scaled scores; lanes outside
/// `last_mask` in the last chunk are padding and become 0.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,fma")]
unsafe fn softmax_row_avx512(row: *mut f32, chunks: usize, last_mask: __mmask16) {
    let mask = |c: usize| if c + 1 == chunks { last_mask } else { 0xffff };
    let floor = _mm512_set1_ps(-1e30);
    // SAFETY: the row holds `chunks` × 16 floats.
    unsafe {
        let mut max = floor;
        for c in 0..chunks {
            max = _mm512_mask_max_ps(max, mask(c), max, _mm512_loadu_ps(row.add(c * 16)));
        }
        let max = _mm512_set1_ps(_mm512_reduce_max_ps(max));
        let mut sum = _mm512_setzero_ps();
        for c in 0..chunks {
            let e = _mm512_maskz_mov_ps(
                mask(c),
                exp_avx512(_mm512_sub_ps(_mm512_loadu_ps(row.add(c * 16)), max)),
            );
            sum = _mm512_add_ps(sum, e);
            _mm512_storeu_ps(row.add(c * 16), e);
        }
        let inv = _mm512_set1_ps(1.0 / _mm512_reduce_add_ps(sum));
        for c in 0..chunks {
            _mm512_storeu_ps(
                row.add(c * 16),
                _mm512_mul_ps(_mm512_loadu_ps(row.add(c * 16)), inv),
            );
        }
    }
}

/// `e^x` on 8 lanes: the polynomial of `math::exp`.
#[inline]
#[target_feature(enable = "avx2,fma")]
fn exp_avx2(x: __m256) -> __m256 {
    // `vmaxps` returns the second operand when the first is NaN: NaN becomes −87.
    let x = _mm256_min_ps(
        _mm256_max_ps(x, _mm256_set1_ps(-87.0)),
        _mm256_set1_ps(88.0),
    );
    let n = _mm256_round_ps::<{ _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC }>(_mm256_mul_ps(
        x,
        _mm256_set1_ps(std::f32::consts::LOG2_E),
    ));
    let r = _mm256_sub_ps(
        _mm256_sub_ps(x, _mm256_mul_ps(n, _mm256_set1_ps(0.693_359_4))),
        _mm256_mul_ps(n, _mm256_set1_ps(-2.121_944_4e-4)),
    );
    let mut p = _mm256_set1_ps(1.987_569_1e-4);
    for c in [
        1.398_2e-3,
        8.333_452e-3,
        4.166_579_6e-2,
        1.666_666_5e-1,
        5e-1,
    ] {
        p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(c));
    }
    let e = _mm256_add_ps(
        _mm256_add_ps(_mm256_mul_ps(_mm256_mul_ps(p, r), r), r),
        _mm256_set1_ps(1.0),
    );
    let bits = _mm256_slli_epi32::<23>(_mm256_add_epi32(
        _mm256_cvtps_epi32(n),
        _mm256_set1_epi32(127),
    ));
    _mm256_mul_ps(e, _mm256_castsi256_ps(bits))
}

/// One head of softmax attention with AVX2 for head size 32 (as the AVX-512
/// version, on 8 lanes; values are summed for 2 queries at a time to stay
/// within 16 registers).
#[target_feature(enable = "avx2,fma")]
pub(crate) unsafe fn attend_head32_avx2(
    job: &crate::math::HeadJob,
    out: &mut [f32],
    scratch: &mut Vec<f32>,
) {
    const HD: usize = 32;
    let len = job.len;
    assert!(job.head_dim == HD && len > 0 && out.len() >= len * HD);
    assert!(
        job.qkv.len()
            >= (len - 1) * job.stride + job.v_offset.max(job.k_offset).max(job.q_offset) + HD
    );
    let chunks = len.div_ceil(8);
    let padded = chunks * 8;
    scratch.clear();
    scratch.resize(HD * padded + QB2 * padded, 0.0);
    let (keys_t, probs) = scratch.split_at_mut(HD * padded);
    for s in 0..len {
        let k = &job.qkv[s * job.stride + job.k_offset..][..HD];
        for (e, &kv) in k.iter().enumerate() {
            keys_t[e * padded + s] = kv;
        }
    }
    let qkv = job.qkv.as_ptr();
    for t0 in (0..len).step_by(QB2) {
        let rows: [usize; QB2] = std::array::from_fn(|i| (t0 + i).min(len - 1));
        // SAFETY: every row, offset and chunk is in bounds (asserted above).
        unsafe {
            let q = rows.map(|t| qkv.add(t * job.stride + job.q_offset));
            for c in 0..chunks {
                let mut acc = [_mm256_setzero_ps(); QB2];
                for e in 0..HD {
                    let k = _mm256_loadu_ps(keys_t.as_ptr().add(e * padded + c * 8));
                    for b in 0..QB2 {
                        acc[b] = _mm256_fmadd_ps(_mm256_set1_ps(*q[b].add(e)), k, acc[b]);
                    }
                }
                for b in 0..QB2 {
                    _mm256_storeu_ps(
                        probs.as_mut_ptr().add(b * padded + c * 8),
                        _mm256_mul_ps(acc[b], _mm256_set1_ps(job.scale)),
                    );
                }
            }
            for b in 0..QB2 {
                softmax_row_avx2(&mut probs[b * padded..(b + 1) * padded], len);
            }
            for pair in 0..QB2 / 2 {
                let mut acc = [[_mm256_setzero_ps(); 4]; 2];
                for s in 0..len {
                    let v = qkv.add(s * job.stride + job.v_offset);
                    let v = [0, 8, 16, 24].map(|o| _mm256_loadu_ps(v.add(o)));
                    for (i, acc) in acc.iter_mut().enumerate() {
                        let p = _mm256_set1_ps(*probs.as_ptr().add((2 * pair + i) * padded + s));
                        for n in 0..4 {
                            acc[n] = _mm256_fmadd_ps(p, v[n], acc[n]);
                        }
                    }
                }
                for (i, acc) in acc.iter().enumerate() {
                    let b = 2 * pair + i;
                    if rows[b] == t0 + b {
                        for n in 0..4 {
                            _mm256_storeu_ps(out.as_mut_ptr().add(rows[b] * HD + 8 * n), acc[n]);
                        }
                    }
                }
            }
        }
    }
}

/// Softmax of one row of scaled scores whose first `len` entries are real.
#[inline]
#[target_feature(enable = "avx2,fma")]
unsafe fn softmax_row_avx2(row: &mut [f32], len: usize) {
    row[len..].fill(-1e30);
    let p = row.as_mut_ptr();
    let chunks = row.len() / 8;
    // SAFETY: the row holds `chunks` × 8 floats.
    unsafe {
        let mut max = _mm256_set1_ps(-1e30);
        for c in 0..chunks {
            max = _mm256_max_ps(max, _mm256_loadu_ps(p.add(c * 8)));
        }
        let m = _mm_max_ps(_mm256_castps256_ps128(max), _mm256_extractf128_ps(max, 1));
        let m = _mm_max_ps(m, _mm_movehl_ps(m, m));
        let m = _mm_max_ss(m, _mm_shuffle_ps(m, m, 1));
        let max = _mm256_set1_ps(_mm_cvtss_f32(m));
        for c in 0..chunks {
            _mm256_storeu_ps(
                p.add(c * 8),
                exp_avx2(_mm256_sub_ps(_mm256_loadu_ps(p.add(c * 8)), max)),
            );
        }
    }
    row[len..].fill(0.0);
    // SAFETY: as above.
    unsafe {
        let mut sum = _mm256_setzero_ps();
        for c in 0..chunks {
            sum = _mm256_add_ps(sum, _mm256_loadu_ps(p.add(c * 8)));
        }
        let s = _mm_add_ps(_mm256_castps256_ps128(sum), _mm256_extractf128_ps(sum, 1));
        let s = _mm_add_ps(s, _mm_movehl_ps(s, s));
        let s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
        let inv = _mm256_set1_ps(1.0 / _mm_cvtss_f32(s));
        for c in 0..chunks {
            _mm256_storeu_ps(
                p.add(c * 8),
                _mm256_mul_ps(_mm256_loadu_ps(p.add(c * 8)), inv),
            );
        }
    }
}
