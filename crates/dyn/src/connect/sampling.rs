//! The random primitives every connectivity rule is built from, defined on the raw 64-bit
//! outputs of the stream so that the network a seed gives does not depend on any crate's
//! sampling algorithms (see `docs/connectivity.md`).

use neurodim_state::StreamRng;
use rand::Rng;

/// A uniform integer in `[0, n)`, `n ≥ 1`, without bias: Lemire's multiply-shift with
/// rejection (Lemire 2019, "Fast random integer generation in an interval").
///
/// Each attempt takes `x` = the high 32 bits of one `next_u64`, forms `m = x · n` (64 bits) and
/// accepts `m >> 32` unless the low 32 bits of `m` are below `2³² mod n`.
pub(crate) fn uniform_below(rng: &mut StreamRng, n: u32) -> u32 {
    let threshold = n.wrapping_neg() % n;
    loop {
        let x = (rng.next_u64() >> 32) as u32;
        let m = u64::from(x) * u64::from(n);
        if (m as u32) >= threshold {
            return (m >> 32) as u32;
        }
    }
}

/// A uniform number in `(0, 1]`: `1 − (next_u64 >> 11) · 2⁻⁵³`, never 0 so that its logarithm
/// is finite.
pub(crate) fn uniform_open_closed(rng: &mut StreamRng) -> f64 {
    1.0 - (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Appends `k` positions drawn from `[0, m)` to `out`, then sorts the appended positions
/// ascending.
///
/// With replacement: `k` independent [`uniform_below`]`(m)` draws. Without (requires `k ≤ m`):
/// Floyd's algorithm, for `j` in `m − k .. m`: `t = uniform_below(j + 1)`; if `t` was already
/// chosen, take `j` instead. `marks` is caller-owned scratch of length ≥ `m`, all `false` on
/// entry and on return.
pub(crate) fn sample_positions(
    rng: &mut StreamRng,
    m: u32,
    k: u32,
    with_replacement: bool,
    marks: &mut [bool],
    out: &mut Vec<u32>,
) {
    let start = out.len();
    if with_replacement {
        out.extend((0..k).map(|_| uniform_below(rng, m)));
    } else {
        for j in m - k..m {
            let t = uniform_below(rng, j + 1);
            let chosen = if marks[t as usize] { j } else { t };
            marks[chosen as usize] = true;
            out.push(chosen);
        }
        for &c in &out[start..] {
            marks[c as usize] = false;
        }
    }
    out[start..].sort_unstable();
}

#[cfg(test)]
mod tests {
    use super::*;
    use neurodim_state::StreamKey;

    /// Each value of `[0, 7)` appears with frequency 1/7 within 5 standard errors
    /// (70 000 draws: expected 10 000, sd = sqrt(70 000 · 1/7 · 6/7) ≈ 92.6).
    #[test]
    fn uniform_below_is_uniform() {
        let mut rng = StreamKey::new(3, "uniform").rng();
        let mut counts = [0u32; 7];
        for _ in 0..70_000 {
            counts[uniform_below(&mut rng, 7) as usize] += 1;
        }
        let sd = (70_000.0_f64 / 7.0 * 6.0 / 7.0).sqrt();
        for c in counts {
            assert!((f64::from(c) - 10_000.0).abs() < 5.0 * sd, "{counts:?}");
        }
    }

    #[test]
    fn uniform_below_one_is_zero_and_open_closed_is_in_range() {
        let mut rng = StreamKey::new(0, "edge").rng();
        for _ in 0..1000 {
            assert_eq!(uniform_below(&mut rng, 1), 0);
            let u = uniform_open_closed(&mut rng);
            assert!(u > 0.0 && u <= 1.0);
        }
    }

    #[test]
    fn floyd_gives_distinct_sorted_positions_and_clears_marks() {
        let mut rng = StreamKey::new(1, "floyd").rng();
        let mut marks = vec![false; 10];
        let mut out = vec![99];
        sample_positions(&mut rng, 10, 10, false, &mut marks, &mut out);
        assert_eq!(out, [99, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert!(marks.iter().all(|&m| !m));
    }
}
