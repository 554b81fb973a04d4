//! A Binomial(n, p) count drawn from one 64-bit uniform by an alias table (Walker's method),
//! built once for the `(n, p)` of an input.
//!
//! **The distribution.** Each count `k` that the table can return has the probability
//! `w_k / 2⁶⁴`, with integer weights `w_k` that sum to exactly 2⁶⁴ and are the Binomial's
//! probabilities `P(k) = C(n, k) pᵏ (1 − p)ⁿ⁻ᵏ` rounded to multiples of 2⁻⁶⁴ (computed in `f64`
//! as ratios to the mode, so each `w_k / 2⁶⁴` lies within about 10⁻¹⁴ · P(k) + 2⁻⁶⁴ of P(k)).
//! Counts with `P(k) < 2⁻⁶⁶` (relative to the mode) are left out; their total probability is
//! below 10⁻¹⁸. Given a uniform 64-bit `u`, the draw is exact for these weights: no
//! floating-point operation touches `u`.
//!
//! **The table.** `L = 2ᵇ` cells (`b ≥ 1`, `L ≥` the number of counts, `L ≤` [`TABLE_CELLS`]) of
//! capacity `C = 2⁶⁴⁻ᵇ` each. Cell `i` returns `offset + i` with probability `t_i / C` and
//! `offset + a_i` otherwise, which the integer construction makes add up to `w_k` for every `k`.
//! A draw reads `i` from the top `b` bits of `u` and compares the other `64 − b` bits with
//! `t_i`: one load, no branch.

use core::fmt;

/// The most cells of a table: 128 (1 KiB). Distributions whose counts with probability
/// above 2⁻⁶⁶ of the mode's span more values (`np(1 − p)` above about 48) are drawn otherwise.
pub(crate) const TABLE_CELLS: usize = 128;

/// The relative probability (to the mode's) below which a count is left out: its weight
/// would round to 0 in units of 2⁻⁶⁴ (a weight is at most `2⁶⁴ · 2⁻⁶⁶ = 1/4` of a unit).
const CUT: f64 = 1.0 / (1u128 << 66) as f64;

/// 2⁵², as an `f64`.
const TWO_52: f64 = 4_503_599_627_370_496.0;

/// An alias table of Binomial(n, p) counts (see the module's documentation).
#[derive(Clone, Copy, PartialEq)]
pub(crate) struct CountTable {
    /// The smallest count, returned by cell 0's own value.
    offset: u64,
    /// `2⁵² − offset`, so that `2⁵² + i − base = offset + i` exactly.
    base: f64,
    /// `b`: the table has `2ᵇ` cells in use.
    bits: u32,
    /// Cell `i`: `(t_i << b) | a_i`, the threshold in the high `64 − b` bits (`t_i < C`) and
    /// the alias index in the low `b`. A cell that always returns its own value holds
    /// `t_i = 0, a_i = i`. Cells from `2ᵇ` on are unused.
    cells: [u64; TABLE_CELLS],
}

impl CountTable {
    /// The bits of 2⁵² as an `f64`: `f64::from_bits(EXPONENT_52 | k) = 2⁵² + k` for
    /// `k < 2⁵²`, an exact conversion of a count to `f64` that vectorises with AVX2 (which has
    /// no 64-bit integer conversion).
    pub(crate) const EXPONENT_52: u64 = 0x4330_0000_0000_0000;

    /// The table of Binomial(`n`, `p`) counts, `p = probability` in `[0, 1]`, or `None` if the
    /// counts with non-negligible probability span more than [`TABLE_CELLS`] values or reach
    /// 2⁵² (where the exact conversion to `f64` ends).
    pub(crate) fn binomial(n: u64, p: f64) -> Option<CountTable> {
        let q = 1.0 - p;
        if n == 0 || p == 0.0 {
            return Some(Self::constant(0));
        }
        if q == 0.0 {
            return Self::constant_checked(n);
        }
        // Probabilities relative to the mode, r_k = P(k) / P(mode), outward from the mode:
        // P(k + 1) / P(k) = (n − k) / (k + 1) · p / q. The pmf is log-concave, so the ratios
        // fall monotonically away from the mode and the first one below CUT ends each side.
        let mode = (((n as f64 + 1.0) * p).floor() as u64).min(n);
        let odds = p / q;
        // (Fixed arrays, not vectors: the sampler is built inside a network's first step,
        // which must not allocate.)
        let mut above = [0.0; TABLE_CELLS];
        let mut above_len = 0;
        let (mut k, mut r) = (mode, 1.0f64);
        while k < n {
            r *= (n - k) as f64 / (k + 1) as f64 * odds;
            if r < CUT {
                break;
            }
            if above_len + 1 >= TABLE_CELLS {
                return None;
            }
            above[above_len] = r;
            above_len += 1;
            k += 1;
        }
        let mut below = [0.0; TABLE_CELLS];
        let mut below_len = 0;
        let (mut k, mut r) = (mode, 1.0f64);
        while k > 0 {
            r *= k as f64 / (n - k + 1) as f64 / odds;
            if r < CUT {
                break;
            }
            if below_len + above_len + 1 >= TABLE_CELLS {
                return None;
            }
            below[below_len] = r;
            below_len += 1;
            k -= 1;
        }
        let len = below_len + 1 + above_len;
        let mut relative = [0.0; TABLE_CELLS];
        for (slot, &r) in relative.iter_mut().zip(below[..below_len].iter().rev()) {
            *slot = r;
        }
        relative[below_len] = 1.0;
        relative[below_len + 1..len].copy_from_slice(&above[..above_len]);
        Self::from_relative(mode - below_len as u64, &relative[..len])
    }

    /// A table that always returns `count` (checked against the `f64` limit).
    fn constant_checked(count: u64) -> Option<CountTable> {
        (count < 1 << 52).then(|| Self::constant(count))
    }

    fn constant(count: u64) -> CountTable {
        Self::from_weights(count, &[1 << 64])
    }

    /// The table of counts `offset + i` with probabilities proportional to `relative[i]`
    /// (positive, finite, the largest 1).
    fn from_relative(offset: u64, relative: &[f64]) -> Option<CountTable> {
        if relative.len() > TABLE_CELLS || offset + relative.len() as u64 >= 1 << 52 {
            return None;
        }
        let total: f64 = relative.iter().sum();
        let scale = (1u128 << 64) as f64 / total;
        let mut weights = [0u128; TABLE_CELLS];
        let weights = &mut weights[..relative.len()];
        for (w, &r) in weights.iter_mut().zip(relative) {
            *w = (r * scale).round() as u128;
        }
        // The rounded weights sum to 2⁶⁴ within a few units per count; the largest weight
        // takes the difference (a relative change below 10⁻¹⁵).
        let sum: u128 = weights.iter().sum();
        let largest = (0..weights.len()).max_by_key(|&i| weights[i]).unwrap_or(0);
        weights[largest] = (weights[largest] + (1 << 64)).checked_sub(sum)?;
        // Counts at either end whose weight rounded to 0 are dropped.
        let first = weights.iter().position(|&w| w > 0)?;
        let last = weights.iter().rposition(|&w| w > 0)?;
        Some(Self::from_weights(offset + first as u64, &weights[first..=last]))
    }

    /// Walker's alias construction in integers, exact: counts `offset + i` with weights
    /// `weights[i]` (summing to 2⁶⁴, at most [`TABLE_CELLS`] of them).
    fn from_weights(offset: u64, weights: &[u128]) -> CountTable {
        debug_assert_eq!(weights.iter().sum::<u128>(), 1 << 64);
        let len = weights.len().next_power_of_two().max(2);
        let bits = len.trailing_zeros();
        let capacity: u128 = 1 << (64 - bits);
        let mut left = [0u128; TABLE_CELLS];
        left[..weights.len()].copy_from_slice(weights);
        // Every cell starts as "always its own value"; a cell below capacity is topped up
        // from one above it, which gives away exactly the missing mass. (Stacks of cell
        // indices in fixed arrays: no allocation.)
        let mut cells: [u64; TABLE_CELLS] = core::array::from_fn(|i| i as u64);
        let (mut small, mut small_len) = ([0usize; TABLE_CELLS], 0);
        let (mut large, mut large_len) = ([0usize; TABLE_CELLS], 0);
        for (i, &mass) in left[..len].iter().enumerate() {
            if mass < capacity {
                small[small_len] = i;
                small_len += 1;
            } else if mass > capacity {
                large[large_len] = i;
                large_len += 1;
            }
        }
        while small_len > 0 && large_len > 0 {
            small_len -= 1;
            let (s, l) = (small[small_len], large[large_len - 1]);
            cells[s] = ((left[s] as u64) << bits) | l as u64;
            left[l] -= capacity - left[s];
            if left[l] <= capacity {
                large_len -= 1;
                if left[l] < capacity {
                    small[small_len] = l;
                    small_len += 1;
                }
            }
        }
        // With integer weights summing to `len · capacity`, both stacks run out together.
        debug_assert!(small_len == 0 && large_len == 0);
        CountTable { offset, base: TWO_52 - offset as f64, bits, cells }
    }

    /// The count for the uniform 64-bit `u`.
    #[inline(always)]
    pub(crate) fn count(&self, u: u64) -> u64 {
        self.offset + self.index(u)
    }

    /// The count for the uniform 64-bit `u`, as an `f64` (exact).
    #[inline(always)]
    pub(crate) fn count_f64(&self, u: u64) -> f64 {
        f64::from_bits(Self::EXPONENT_52 | self.index(u)) - self.base
    }

    /// The value index (count − offset) for `u`.
    #[inline(always)]
    fn index(&self, u: u64) -> u64 {
        let bits = self.bits;
        let low = (1u64 << bits) - 1;
        let cell = u >> (64 - bits);
        // `cell < 2ᵇ ≤ TABLE_CELLS`: the mask only spares the bounds check.
        let entry = self.cells[cell as usize & (TABLE_CELLS - 1)];
        if (u << bits) < (entry & !low) { cell } else { entry & low }
    }

    /// The number of cells in use, `2ᵇ`.
    pub(crate) fn cells(&self) -> usize {
        1 << self.bits
    }

    /// `b`, the number of bits of `u` that choose the cell.
    pub(crate) fn bits(&self) -> u32 {
        self.bits
    }

    /// All [`TABLE_CELLS`] cells (those from [`cells`](Self::cells) on unused).
    pub(crate) fn entries(&self) -> &[u64; TABLE_CELLS] {
        &self.cells
    }

    /// `2⁵² − offset`: `f64::from_bits(EXPONENT_52 | i) − base = offset + i`.
    pub(crate) fn base(&self) -> f64 {
        self.base
    }

    /// The counts the table returns and their weights in units of 2⁻⁶⁴, read back from the
    /// cells (every count from the smallest to the largest, some perhaps with weight 0).
    pub(crate) fn weights(&self) -> Vec<(u64, u128)> {
        let len = self.cells();
        let capacity: u128 = 1 << (64 - self.bits);
        let low = (1u64 << self.bits) - 1;
        let mut mass = vec![0u128; len];
        for (i, &entry) in self.cells[..len].iter().enumerate() {
            let threshold = u128::from(entry >> self.bits);
            let alias = (entry & low) as usize;
            mass[i] += threshold;
            mass[alias] += capacity - threshold;
        }
        let last = mass.iter().rposition(|&m| m > 0).unwrap_or(0);
        mass.truncate(last + 1);
        mass.into_iter().enumerate().map(|(i, m)| (self.offset + i as u64, m)).collect()
    }
}

impl fmt::Debug for CountTable {
    /// The range of counts and the number of cells, not the cells themselves.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let weights = self.weights();
        let last = weights.last().map_or(self.offset, |&(k, _)| k);
        f.debug_struct("CountTable")
            .field("counts", &(self.offset..=last))
            .field("cells", &self.cells())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// C(n, k) exactly.
    fn choose(n: u64, k: u64) -> u128 {
        (0..k).fold(1u128, |c, j| c * u128::from(n - j) / u128::from(j + 1))
    }

    /// For p = 1/4 and n = 20 the Binomial's probabilities in units of 2⁻⁶⁴ are integers,
    /// C(20, k) 3²⁰⁻ᵏ 2²⁴ (4²⁰ = 2⁴⁰): the table's weights, read back from its cells, must be
    /// these within the `f64` error of their computation (relative 10⁻¹³, or one unit).
    #[test]
    fn weights_are_the_binomial_probabilities_in_units_of_two_to_the_minus_64() {
        let table = CountTable::binomial(20, 0.25).unwrap();
        let weights = table.weights();
        assert_eq!(weights.len(), 21);
        assert_eq!(weights.iter().map(|&(_, w)| w).sum::<u128>(), 1 << 64);
        for &(k, w) in &weights {
            let exact = (choose(20, k) * 3u128.pow(20 - k as u32)) << 24;
            let error = w.abs_diff(exact) as f64;
            assert!(error <= 1.0 + 1e-13 * exact as f64, "k = {k}: {w} vs {exact}");
        }
    }

    /// The input of the benchmark, 1000 sources at p = 0.001: counts 0..=k_max with every
    /// count of probability above 2⁻⁶⁶ kept, in 32 cells; the weights sum to 2⁶⁴ and follow
    /// the pmf computed independently (as a product from k = 0).
    #[test]
    fn a_thousand_sources_at_one_per_mille_fit_in_32_cells() {
        let (n, p) = (1000u64, 0.001);
        let table = CountTable::binomial(n, p).unwrap();
        assert_eq!(table.cells(), 32);
        let weights = table.weights();
        assert_eq!(weights[0].0, 0);
        assert_eq!(weights.iter().map(|&(_, w)| w).sum::<u128>(), 1 << 64);
        let mut pmf = (1.0 - p).powf(n as f64);
        for &(k, w) in &weights {
            let expected = pmf * (1u128 << 64) as f64;
            assert!((w as f64 - expected).abs() <= 1.0 + 1e-12 * expected, "k = {k}");
            pmf *= (n - k) as f64 / (k + 1) as f64 * p / (1.0 - p);
        }
        // the first count left out is below 2⁻⁶⁶ · P(mode)
        assert!(pmf < CUT, "P({}) = {pmf}", weights.len());
    }

    #[test]
    fn degenerate_inputs_give_one_count() {
        for (n, p, count) in [(0, 0.3, 0), (50, 0.0, 0), (50, 1.0, 50), (1, 1.0, 1)] {
            let table = CountTable::binomial(n, p).unwrap();
            assert_eq!(table.weights(), vec![(count, 1 << 64)], "n = {n}, p = {p}");
            for u in [0, 1, u64::MAX / 3, u64::MAX] {
                assert_eq!(table.count(u), count);
                assert_eq!(table.count_f64(u), count as f64);
            }
        }
    }

    /// Each cell returns its own value for the lowest `t_i` of its `C` uniforms and its alias
    /// for the rest: the draw at the edges of the cells.
    #[test]
    fn a_draw_reads_the_cell_from_the_top_bits_and_compares_the_rest() {
        let table = CountTable::binomial(3, 0.5).unwrap(); // weights 1:3:3:1 (× 2⁶¹)
        assert_eq!(table.cells(), 4);
        assert_eq!(table.weights(), vec![(0, 1 << 61), (1, 3 << 61), (2, 3 << 61), (3, 1 << 61)]);
        for cell in 0..4u64 {
            let start = cell << 62;
            let last = start | ((1 << 62) - 1);
            for u in [start, start + 1, last - 1, last] {
                assert!(table.count(u) <= 3);
                assert_eq!(table.count_f64(u), table.count(u) as f64);
            }
        }
        // every uniform maps to one count, and the counts' shares of the 2⁶⁴ uniforms are the
        // weights (checked on a grid of 2¹⁶ points per cell)
        let mut hits = [0u64; 4];
        for cell in 0..4u64 {
            for j in 0..1u64 << 16 {
                hits[table.count((cell << 62) | (j << 46)) as usize] += 1;
            }
        }
        assert_eq!(hits, [1 << 15, 3 << 15, 3 << 15, 1 << 15]);
    }

    #[test]
    fn wide_or_huge_distributions_are_not_tabulated() {
        // np(1 − p) = 250: counts over some 300 values
        assert!(CountTable::binomial(1000, 0.5).is_none());
        // counts at 2⁵² and above have no exact conversion in the kernel
        assert!(CountTable::binomial(1 << 53, 1.0).is_none());
        // np(1 − p) ≈ 10: fits
        assert!(CountTable::binomial(1000, 0.01).is_some_and(|t| t.cells() <= TABLE_CELLS));
        // the limit the documentation states, np(1 − p) ≈ 48: 47.5 fits, 56.4 does not
        assert!(CountTable::binomial(1000, 0.05).is_some());
        assert!(CountTable::binomial(1000, 0.06).is_none());
    }

    #[test]
    fn counts_far_from_zero_keep_their_offset() {
        // p close to 1: counts near n
        let table = CountTable::binomial(1000, 0.999).unwrap();
        let weights = table.weights();
        assert!(weights[0].0 > 950 && weights.last().unwrap().0 == 1000, "{table:?}");
        for u in [0, 1 << 40, u64::MAX / 2, u64::MAX] {
            assert_eq!(table.count_f64(u), table.count(u) as f64);
            assert!((950..=1000).contains(&table.count(u)));
        }
    }
}
