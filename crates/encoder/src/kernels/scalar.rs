//! The portable kernel: the same integer sums as the SIMD kernels, one panel
//! of 16 outputs at a time so the compiler can vectorise it for any target.
//! (Plain multiply and add rather than `mul_add`, which is a slow library
//! call on CPUs without FMA.)

use super::{PackedMatrix, QuantActs, PANEL, STEPS};
use crate::format::BLOCK;

/// Tokens `t0..t1` of `acts` times `w`, into `out` (`[t1 - t0][w.rows]`).
pub(super) fn gemm(
    w: &PackedMatrix,
    bias: &[f32],
    acts: &QuantActs,
    t0: usize,
    t1: usize,
    out: &mut [f32],
) {
    let (cols, blocks) = (w.cols, w.blocks);
    for t in t0..t1 {
        let a = &acts.q[t * cols..(t + 1) * cols];
        let y = &mut out[(t - t0) * w.rows..(t - t0 + 1) * w.rows];
        for (panel, y) in y.chunks_exact_mut(PANEL).enumerate() {
            let mut acc = [0f32; PANEL];
            for b in 0..blocks {
                let mut isum = [acts.neg8_sum[t * blocks + b]; PANEL];
                let lines = &w.lines[(panel * blocks + b) * STEPS..][..STEPS];
                for (s, line) in lines.iter().enumerate() {
                    let quad = &a[b * BLOCK + s * 4..][..4];
                    for (lane, sum) in isum.iter_mut().enumerate() {
                        let q = &line.0[lane * 4..lane * 4 + 4];
                        *sum += (0..4)
                            .map(|j| i32::from(q[j]) * i32::from(quad[j]))
                            .sum::<i32>();
                    }
                }
                let da = acts.scale[t * blocks + b];
                let dw = &w.scales[(panel * blocks + b) * PANEL..][..PANEL];
                for lane in 0..PANEL {
                    acc[lane] += isum[lane] as f32 * (dw[lane] * da);
                }
            }
            for (lane, y) in y.iter_mut().enumerate() {
                *y = acc[lane] + bias[panel * PANEL + lane];
            }
        }
    }
}
