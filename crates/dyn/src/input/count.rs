//! The number of input spikes arriving in one step: a Binomial(n, p) count.

use neurodim_state::StreamRng;
use neurodim_units::Probability;
use rand::Rng;
use rand_distr::{Binomial, Distribution, StandardNormal};

use super::poisson_lanes::table_counts;
use super::poisson_table::CountTable;

/// How [`CountSampler`] draws a Binomial(n, p) count.
///
/// ```
/// use neurodim_dyn::input::CountMethod;
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // 1000 sources at 10 Hz, dt = 0.1 ms: np = 1, counts drawn exactly from a table
/// let mut input = PoissonInput::new(100, 1000, 10.0 * Hz, 0.1 * mV)?.with_method(CountMethod::Exact);
/// let sampler = input.sampler(0.1 * ms)?;
/// assert!(sampler.is_table() && !sampler.is_normal_approximation());
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CountMethod {
    /// An exact Binomial(n, p) draw: from an alias table built once for `(n, p)` where the
    /// counts of probability above 2⁻⁶⁶ of the mode's span at most 128 values (`np(1 − p)` up
    /// to about 48: [`CountSampler::is_table`]; about 1.3 ns per count on the reference
    /// machine), else `rand_distr::Binomial` (inversion for `np < 10`, BTPE above; 75–130 ns
    /// per draw, about 10 times the normal approximation).
    ///
    /// The table gives each count `k` the probability `w_k / 2⁶⁴` with integer weights summing
    /// to 2⁶⁴, the Binomial's `P(k) = C(n, k) pᵏ (1 − p)ⁿ⁻ᵏ` rounded to multiples of 2⁻⁶⁴
    /// (each within about 10⁻¹⁴ · P(k) + 2⁻⁶⁴ of P(k), as computed in `f64`; counts with
    /// `P(k) < 2⁻⁶⁶ · P(mode)` are never drawn), and draws a count from one uniform 64-bit
    /// number with one look-up (Walker's alias method, exact for these weights).
    Exact,
    /// A rounded normal draw where the normal approximation is good — `np > 5` and
    /// `n(1 − p) > 5`, brainstate's threshold — and the exact draw of [`CountMethod::Exact`]
    /// elsewhere (`np ≤ 5` or `n(1 − p) ≤ 5`, where the table always applies for `n < 2⁵²`).
    ///
    /// The count is `round(np + σ·z)`, clipped to `[0, n]`, with `z` standard normal and
    /// `σ² = np(1 − p) − 1/12`: rounding adds 1/12 to the variance (Sheppard's correction), so
    /// the count has the Binomial's mean and variance up to the errors below. Measured against
    /// the exact distribution (the largest difference of the two CDFs; mean; variance):
    ///
    /// | n, p | CDF | mean | variance |
    /// |---|---|---|---|
    /// | 1000, 0.0051 (np ≈ 5, the threshold) | 0.029 | +0.16 % | −1.9 % |
    /// | 1000, 0.01 | 0.021 | +0.006 % | −0.12 % |
    /// | 1000, 0.1 | 0.006 | < 10⁻⁵ | < 10⁻⁵ |
    ///
    /// The error falls as `1/√(np(1 − p))` (Berry–Esseen); it is the shape (skew) of the
    /// Binomial that the normal misses, and clipping at 0 near the threshold. Use
    /// [`CountMethod::Exact`] where the count's distribution itself is measured.
    ///
    /// brainstate draws from `N(np, (np(1 − p))²)` — its standard deviation is the variance,
    /// 9.9 instead of 3.15 for n = 1000, p = 0.01 — without rounding or clipping, so that
    /// counts are fractional and may be negative; that is not reproduced.
    #[default]
    NormalApproximation,
}

/// The smallest `np` and `n(1 − p)` above which [`CountMethod::NormalApproximation`] draws
/// from the normal.
pub const NORMAL_APPROXIMATION_THRESHOLD: f64 = 5.0;

/// Draws Binomial(n, p) counts: how many of `n` independent inputs, each spiking with
/// probability `p` in a step, spike in that step. One draw per target and step replaces `n`
/// Bernoulli draws.
///
/// How it draws is decided once, when it is made ([`CountSampler::new`]): from an alias table
/// ([`is_table`](Self::is_table): one uniform 64-bit number per count; [`CountMethod::Exact`]
/// says what the table holds), from `rand_distr::Binomial`, or from the rounded normal
/// ([`is_normal_approximation`](Self::is_normal_approximation)).
///
/// ```
/// use neurodim_dyn::input::{CountMethod, CountSampler};
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
///
/// let sampler = CountSampler::new(1000, Probability::new(0.01)?, CountMethod::Exact);
/// assert_eq!(sampler.mean(), 10.0);
/// let mut rng = StreamKey::new(1, "counts").rng();
/// let count = sampler.sample(&mut rng);
/// assert!(count <= 1000);
/// assert_eq!(CountSampler::new(200, Probability::ONE, CountMethod::default()).sample(&mut rng), 200);
/// # Ok::<(), neurodim_units::UnitsError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CountSampler {
    n: u64,
    p: Probability,
    draw: Draw,
}

// The table (1 KiB) is kept inline, not boxed: the sampler stays `Copy`, and the hot loop
// reads its cells without an indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Copy, PartialEq)]
enum Draw {
    /// Walker's alias table: one `u64` per count.
    Table(CountTable),
    Exact(Binomial),
    /// `round(mean + sd · z)` clipped to `[0, n]`.
    Normal {
        mean: f64,
        sd: f64,
    },
}

impl CountSampler {
    /// A sampler of Binomial(`n`, `p`) counts drawn by `method`.
    pub fn new(n: u64, p: Probability, method: CountMethod) -> Self {
        let mean = n as f64 * p.get();
        let complement_mean = n as f64 * p.complement().get();
        let normal = method == CountMethod::NormalApproximation
            && mean > NORMAL_APPROXIMATION_THRESHOLD
            && complement_mean > NORMAL_APPROXIMATION_THRESHOLD;
        let draw = if normal {
            Draw::Normal { mean, sd: (mean * p.complement().get() - 1.0 / 12.0).sqrt() }
        } else if let Some(table) = CountTable::binomial(n, p.get()) {
            Draw::Table(table)
        } else {
            // `Binomial::new` fails only for p outside [0, 1], which `Probability` excludes.
            Draw::Exact(Binomial::new(n, p.get()).expect("a Probability lies in [0, 1]"))
        };
        CountSampler { n, p, draw }
    }

    /// The number of inputs, `n`.
    pub fn n(&self) -> u64 {
        self.n
    }

    /// The probability that one input spikes in a step, `p`.
    pub fn p(&self) -> Probability {
        self.p
    }

    /// The mean count, `np`.
    pub fn mean(&self) -> f64 {
        self.n as f64 * self.p.get()
    }

    /// The variance of the count, `np(1 − p)`.
    pub fn variance(&self) -> f64 {
        self.mean() * self.p.complement().get()
    }

    /// Whether draws come from the normal approximation (see [`CountMethod`]).
    pub fn is_normal_approximation(&self) -> bool {
        matches!(self.draw, Draw::Normal { .. })
    }

    /// Whether draws come from the alias table of [`CountMethod::Exact`] (one uniform 64-bit
    /// number per count), decided when the sampler is made: for an exact draw whose counts of
    /// non-negligible probability span at most 128 values.
    pub fn is_table(&self) -> bool {
        matches!(self.draw, Draw::Table(_))
    }

    /// One count in `0..=n`, drawn from `rng`: with a table ([`is_table`](Self::is_table)),
    /// from one 64-bit output of `rng` (its top bits choose a cell, the rest are compared with
    /// the cell's threshold); else by `rand_distr::Binomial` or the rounded normal.
    #[inline]
    pub fn sample(&self, rng: &mut StreamRng) -> u64 {
        match &self.draw {
            Draw::Table(table) => table.count(rng.next_u64()),
            Draw::Exact(binomial) => binomial.sample(rng),
            &Draw::Normal { mean, sd } => {
                let z: f64 = StandardNormal.sample(rng);
                // `as` saturates: a negative value becomes 0.
                ((mean + sd * z).round() as u64).min(self.n)
            }
        }
    }

    /// The counts of one block of targets, as `f64`, drawn from `rng` (the block's stream):
    /// with a table, from eight generators forked from `rng` (32 outputs of it, whatever
    /// `counts.len()`), count `j` from output `⌊j / 8⌋` of fork `j mod 8`, vectorised;
    /// otherwise one [`sample`](Self::sample) after the other from `rng` itself.
    pub(crate) fn fill_counts(&self, rng: &mut StreamRng, counts: &mut [f64]) {
        match &self.draw {
            Draw::Table(table) => table_counts(table, rng, counts),
            _ => counts.iter_mut().for_each(|count| *count = self.sample(rng) as f64),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::input::{CountMethod, CountSampler, NORMAL_APPROXIMATION_THRESHOLD};
    use neurodim_state::StreamKey;
    use neurodim_units::Probability;

    #[test]
    fn the_default_is_the_normal_approximation() {
        assert_eq!(CountMethod::default(), CountMethod::NormalApproximation);
    }

    #[test]
    fn the_normal_applies_above_np_5() {
        assert_eq!(NORMAL_APPROXIMATION_THRESHOLD, 5.0);
        let at = |n| CountSampler::new(n, Probability::new(0.5).unwrap(), CountMethod::default());
        assert!(!at(10).is_normal_approximation()); // np = 5: not above
        assert!(at(12).is_normal_approximation()); // np = 6
    }

    #[test]
    fn the_normal_applies_only_above_the_threshold() -> Result<(), Box<dyn std::error::Error>> {
        let normal =
            CountSampler::new(1000, Probability::new(0.01)?, CountMethod::NormalApproximation);
        assert!(normal.is_normal_approximation());
        let small =
            CountSampler::new(20, Probability::new(0.01)?, CountMethod::NormalApproximation);
        assert!(!small.is_normal_approximation()); // np = 0.2: exact
        Ok(())
    }

    #[test]
    fn n_as_given() {
        assert_eq!(CountSampler::new(7, Probability::ZERO, CountMethod::Exact).n(), 7);
    }

    #[test]
    fn p_as_given() {
        assert_eq!(
            CountSampler::new(7, Probability::ONE, CountMethod::Exact).p(),
            Probability::ONE
        );
    }

    #[test]
    fn mean_is_np() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(CountSampler::new(8, Probability::new(0.25)?, CountMethod::Exact).mean(), 2.0);
        Ok(())
    }

    #[test]
    fn variance_is_np_1_minus_p() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(
            CountSampler::new(8, Probability::new(0.25)?, CountMethod::Exact).variance(),
            1.5
        );
        Ok(())
    }

    #[test]
    fn exact_never_approximates() -> Result<(), Box<dyn std::error::Error>> {
        let p = Probability::new(0.5)?;
        assert!(!CountSampler::new(1000, p, CountMethod::Exact).is_normal_approximation());
        assert!(
            CountSampler::new(1000, p, CountMethod::NormalApproximation).is_normal_approximation()
        );
        Ok(())
    }

    #[test]
    fn a_table_for_narrow_counts_only() -> Result<(), Box<dyn std::error::Error>> {
        // 1000 inputs at p = 0.001 (10 Hz, dt = 0.1 ms): counts 0..=21, a table
        assert!(CountSampler::new(1000, Probability::new(0.001)?, CountMethod::Exact).is_table());
        // np(1 − p) = 250: counts over some 300 values, rand_distr's Binomial
        assert!(!CountSampler::new(1000, Probability::new(0.5)?, CountMethod::Exact).is_table());
        // the default method's normal regime
        let default = CountSampler::new(1000, Probability::new(0.5)?, CountMethod::default());
        assert!(!default.is_table());
        Ok(())
    }

    #[test]
    fn samples_never_exceed_n() -> Result<(), Box<dyn std::error::Error>> {
        let sampler = CountSampler::new(50, Probability::new(0.5)?, CountMethod::default());
        let mut rng = StreamKey::new(3, "counts").rng();
        assert!((0..1000).all(|_| sampler.sample(&mut rng) <= 50));
        Ok(())
    }
}
