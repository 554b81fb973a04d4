//! The counts of a block of targets drawn from an alias table ([`CountTable`]) with eight
//! Xoshiro256++ generators stepped side by side, so that the generators, the table look-ups and
//! the conversion to `f64` run as vectors: explicit AVX2 where the CPU has it (chosen at run
//! time, [`table_kernel`]), plain Rust elsewhere, with the same bits.
//!
//! **The stream.** A block of `m` counts takes the eight generators ("lanes") from the block's
//! stream as forks, in lane order: lane `ℓ` is [`SeedableRng::fork`] of the stream, a
//! Xoshiro256++ seeded with the stream's next four outputs (little-endian), so the stream
//! advances by 32 outputs per block whatever `m`. Count `j` of the block is drawn from the
//! `⌊j / 8⌋`-th output of lane `j mod 8`. The lanes are integer generators: the same bits with
//! any vector width.

use neurodim_state::StreamRng;
use rand::SeedableRng;

use super::poisson_table::CountTable;

/// The number of generators stepped side by side: two AVX2 registers of four `u64`, one
/// AVX-512 register.
pub(crate) const LANES: usize = 8;

/// Eight Xoshiro256++ generators, their states word by word (`s[w][ℓ]`: word `w` of lane `ℓ`),
/// so that one step of all eight is a handful of vector operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Lanes {
    s: [[u64; LANES]; 4],
}

impl Lanes {
    /// Eight forks of `rng`, in lane order (see the module's documentation).
    pub(crate) fn fork(rng: &mut StreamRng) -> Lanes {
        let states: [[u8; 32]; LANES] = core::array::from_fn(|_| rng.fork().state());
        let s = core::array::from_fn(|word| {
            core::array::from_fn(|lane| {
                let bytes = states[lane][8 * word..][..8].try_into().expect("8 bytes");
                u64::from_le_bytes(bytes)
            })
        });
        Lanes { s }
    }

    /// The next output of each lane (Xoshiro256++: `rotl(s₀ + s₃, 23) + s₀`, then the state
    /// transition of Xoshiro256).
    #[inline(always)]
    pub(crate) fn next(&mut self) -> [u64; LANES] {
        let [s0, s1, s2, s3] = &mut self.s;
        let mut out = [0u64; LANES];
        for lane in 0..LANES {
            out[lane] = s0[lane].wrapping_add(s3[lane]).rotate_left(23).wrapping_add(s0[lane]);
        }
        for lane in 0..LANES {
            let t = s1[lane] << 17;
            s2[lane] ^= s0[lane];
            s3[lane] ^= s1[lane];
            s1[lane] ^= s2[lane];
            s0[lane] ^= s3[lane];
            s2[lane] ^= t;
            s3[lane] = s3[lane].rotate_left(45);
        }
        out
    }
}

/// The kernel [`table_counts`] runs on this CPU: `"avx2"` (explicit AVX2 vectors, also on
/// AVX-512 CPUs) or `"portable"` (plain Rust, one lane after the other). Both give the same
/// bits: every operation on the draws is an integer operation, and the conversion to `f64`
/// is exact.
#[cfg(test)]
fn table_kernel() -> &'static str {
    if avx2() { "avx2" } else { "portable" }
}

/// Whether this CPU has AVX2 (a cached check).
#[inline]
fn avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    return std::arch::is_x86_feature_detected!("avx2");
    #[cfg(not(target_arch = "x86_64"))]
    false
}

/// Fills `counts` (one block) with counts from `table`, drawn by eight lanes forked from
/// `rng`, as `f64`, with the kernel of [`table_kernel`].
pub(crate) fn table_counts(table: &CountTable, rng: &mut StreamRng, counts: &mut [f64]) {
    let lanes = Lanes::fork(rng);
    #[cfg(target_arch = "x86_64")]
    if avx2() {
        // SAFETY: the CPU supports AVX2, checked just above.
        return unsafe { avx2::fill(table, lanes, counts) };
    }
    fill(table, lanes, counts);
}

/// Count `j` of `counts` from output `⌊j / 8⌋` of lane `j mod 8`, one lane after the other.
fn fill(table: &CountTable, mut lanes: Lanes, counts: &mut [f64]) {
    for chunk in counts.chunks_mut(LANES) {
        let u = lanes.next();
        for (count, &u) in chunk.iter_mut().zip(&u) {
            *count = table.count_f64(u);
        }
    }
}

/// [`fill`] with AVX2: the eight lanes as two vectors of four, the cells read by gathers.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use core::arch::x86_64::*;

    use super::{LANES, Lanes};
    use crate::input::poisson_table::CountTable;

    /// `rotl(x, R)` on each `u64` (`L = 64 − R`).
    #[inline]
    #[target_feature(enable = "avx2")]
    fn rotl<const R: i32, const L: i32>(x: __m256i) -> __m256i {
        _mm256_or_si256(_mm256_slli_epi64::<R>(x), _mm256_srli_epi64::<L>(x))
    }

    /// The state of four lanes.
    struct Four {
        s0: __m256i,
        s1: __m256i,
        s2: __m256i,
        s3: __m256i,
    }

    impl Four {
        /// Lanes `4h .. 4h + 4` of `lanes`.
        #[inline]
        #[target_feature(enable = "avx2")]
        fn load(lanes: &Lanes, h: usize) -> Four {
            let word = |w: usize| {
                let four: &[u64; 4] = lanes.s[w][4 * h..][..4].try_into().expect("4 lanes");
                // SAFETY: `four` is 32 readable bytes; the load is unaligned.
                unsafe { _mm256_loadu_si256(four.as_ptr().cast()) }
            };
            Four { s0: word(0), s1: word(1), s2: word(2), s3: word(3) }
        }

        /// The next output of each of the four lanes (as [`Lanes::next`]).
        #[inline]
        #[target_feature(enable = "avx2")]
        fn next(&mut self) -> __m256i {
            let out = _mm256_add_epi64(rotl::<23, 41>(_mm256_add_epi64(self.s0, self.s3)), self.s0);
            let t = _mm256_slli_epi64::<17>(self.s1);
            self.s2 = _mm256_xor_si256(self.s2, self.s0);
            self.s3 = _mm256_xor_si256(self.s3, self.s1);
            self.s1 = _mm256_xor_si256(self.s1, self.s2);
            self.s0 = _mm256_xor_si256(self.s0, self.s3);
            self.s2 = _mm256_xor_si256(self.s2, t);
            self.s3 = rotl::<45, 19>(self.s3);
            out
        }
    }

    /// [`CountTable::count_f64`] of each of the four uniforms in `u`.
    struct Lookup<'a> {
        table: &'a CountTable,
        cell_shift: __m128i,
        rest_shift: __m128i,
        low: __m256i,
        sign: __m256i,
        exponent: __m256i,
        base: __m256d,
    }

    impl<'a> Lookup<'a> {
        #[inline]
        #[target_feature(enable = "avx2")]
        fn new(table: &'a CountTable) -> Lookup<'a> {
            let bits = table.bits();
            Lookup {
                table,
                cell_shift: _mm_cvtsi32_si128(64 - bits as i32),
                rest_shift: _mm_cvtsi32_si128(bits as i32),
                low: _mm256_set1_epi64x((1i64 << bits) - 1),
                sign: _mm256_set1_epi64x(i64::MIN),
                exponent: _mm256_set1_epi64x(CountTable::EXPONENT_52 as i64),
                base: _mm256_set1_pd(table.base()),
            }
        }

        #[inline]
        #[target_feature(enable = "avx2")]
        fn counts(&self, u: __m256i) -> __m256d {
            let cell = _mm256_srl_epi64(u, self.cell_shift);
            // SAFETY: each `cell < 2ᵇ ≤ TABLE_CELLS`, an index into the cells.
            let entry =
                unsafe { _mm256_i64gather_epi64::<8>(self.table.entries().as_ptr().cast(), cell) };
            // `rest < threshold` as unsigned numbers: signed comparison with the signs flipped.
            let threshold = _mm256_xor_si256(_mm256_andnot_si256(self.low, entry), self.sign);
            let rest = _mm256_xor_si256(_mm256_sll_epi64(u, self.rest_shift), self.sign);
            let own = _mm256_cmpgt_epi64(threshold, rest);
            let index = _mm256_blendv_epi8(_mm256_and_si256(entry, self.low), cell, own);
            let shifted = _mm256_castsi256_pd(_mm256_or_si256(index, self.exponent));
            _mm256_sub_pd(shifted, self.base)
        }
    }

    /// [`super::fill`] with AVX2.
    ///
    /// # Safety
    ///
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn fill(table: &CountTable, lanes: Lanes, counts: &mut [f64]) {
        let (mut low, mut high) = (Four::load(&lanes, 0), Four::load(&lanes, 1));
        let lookup = Lookup::new(table);
        let mut chunks = counts.chunks_exact_mut(LANES);
        for chunk in &mut chunks {
            let (first, second) = chunk.split_at_mut(4);
            // SAFETY: `first` and `second` are 4 writable `f64` each; the stores are unaligned.
            unsafe {
                _mm256_storeu_pd(first.as_mut_ptr(), lookup.counts(low.next()));
                _mm256_storeu_pd(second.as_mut_ptr(), lookup.counts(high.next()));
            }
        }
        let rest = chunks.into_remainder();
        if !rest.is_empty() {
            let mut last = [0.0; LANES];
            // SAFETY: `last` is 8 writable `f64`; the stores are unaligned.
            unsafe {
                _mm256_storeu_pd(last.as_mut_ptr(), lookup.counts(low.next()));
                _mm256_storeu_pd(last[4..].as_mut_ptr(), lookup.counts(high.next()));
            }
            rest.copy_from_slice(&last[..rest.len()]);
        }
    }
}

#[cfg(test)]
mod tests {
    use neurodim_state::StreamKey;
    use rand::Rng;

    use super::*;

    /// The lanes are Xoshiro256++ as `rand_xoshiro` implements it, forked as documented.
    #[test]
    fn each_lane_is_a_fork_of_the_stream() {
        let mut rng = StreamKey::new(3, "lanes").rng();
        let mut reference = rng.clone();
        let mut lanes = Lanes::fork(&mut rng);
        let mut forks: Vec<StreamRng> = (0..LANES).map(|_| reference.fork()).collect();
        assert_eq!(rng, reference, "32 outputs taken");
        for _ in 0..1000 {
            let u = lanes.next();
            for (lane, fork) in forks.iter_mut().enumerate() {
                assert_eq!(u[lane], fork.next_u64());
            }
        }
    }

    /// The vectorised fill against count `j` drawn one at a time from output `⌊j / 8⌋` of
    /// lane `j mod 8`, for block lengths that are and are not multiples of 8.
    #[test]
    fn count_j_comes_from_lane_j_mod_8() {
        let table = CountTable::binomial(1000, 0.001).unwrap();
        for len in [1, 7, 8, 9, 1000, 1024] {
            let mut rng = StreamKey::new(4, "lanes").rng();
            let mut reference = rng.clone();
            let mut counts = vec![-1.0; len];
            table_counts(&table, &mut rng, &mut counts);
            let mut forks: Vec<StreamRng> = (0..LANES).map(|_| reference.fork()).collect();
            let outputs: Vec<[u64; LANES]> = (0..len.div_ceil(LANES))
                .map(|_| core::array::from_fn(|lane| forks[lane].next_u64()))
                .collect();
            for (j, &count) in counts.iter().enumerate() {
                let u = outputs[j / LANES][j % LANES];
                assert_eq!(count, table.count(u) as f64, "len {len}, count {j}");
            }
            assert_eq!(rng, reference);
        }
    }

    /// The kernel this machine runs gives the bits of the portable one, for several tables
    /// (1 to 128 cells, counts far from 0) and block lengths. On an x86-64 CPU with AVX2 (the
    /// machines this project is measured on) the AVX2 kernel is the one compared.
    #[test]
    fn the_kernel_of_this_cpu_gives_the_portable_bits() {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            assert_eq!(table_kernel(), "avx2");
        }
        let tables = [(1000, 0.001), (1, 0.5), (20, 0.25), (1000, 0.03), (1000, 0.999), (9, 0.0)];
        for (n, p) in tables {
            let table = CountTable::binomial(n, p).unwrap();
            for len in [1, 5, 8, 13, 1024] {
                let mut rng = StreamKey::new(n, "kernels").rng();
                let mut fast = vec![-1.0; len];
                table_counts(&table, &mut rng, &mut fast);
                let mut portable = vec![-1.0; len];
                fill(&table, Lanes::fork(&mut StreamKey::new(n, "kernels").rng()), &mut portable);
                assert_eq!(fast, portable, "n = {n}, p = {p}, len = {len}");
            }
        }
    }
}
