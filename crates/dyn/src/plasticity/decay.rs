//! The decay of a trace over a whole number of steps, `e^{−k·dt/τ}`, from tables.

/// `e^{−k·r}` for a whole number of steps `k` and `r = dt/τ`. A trace is decayed at every
/// event, so the exponential is looked up: for `k` below [`LEN`](Self::LEN) (205 ms at
/// dt = 0.1 ms) the table holds exactly the value the expression gives, so lookup and
/// computation agree to the bit; up to `LEN²` steps (7 min) it is the product of two table
/// values, `e^{−(k mod LEN)·r} · e^{−⌊k/LEN⌋·LEN·r}`, which differs from `e^{−k·r}` computed at
/// once by the rounding of the exponents (relative `≈ k·r·ε`: 5e-15 at 10 τ, where the trace is
/// below 5e-5 of its value); beyond, it is computed.
#[derive(Debug, Clone)]
pub(crate) struct StepDecay {
    rate: f64,
    /// `e^{−k·r}` for `k < LEN`.
    near: Vec<f64>,
    /// `e^{−k·LEN·r}` for `k < LEN`.
    far: Vec<f64>,
}

impl StepDecay {
    /// Steps covered by one table (2 048: 16 KiB per table).
    pub(crate) const LEN: usize = 2048;

    /// The decay of a trace with `rate = dt/τ` per step.
    pub(crate) fn new(rate: f64) -> Self {
        let near = (0..Self::LEN).map(|k| Self::compute(k as f64, rate)).collect();
        let far = (0..Self::LEN).map(|k| Self::compute((k * Self::LEN) as f64, rate)).collect();
        StepDecay { rate, near, far }
    }

    fn compute(steps: f64, rate: f64) -> f64 {
        (-steps * rate).exp()
    }

    /// `e^{−steps·dt/τ}` for `steps` a whole number ≥ 0.
    #[inline]
    pub(crate) fn over(&self, steps: f64) -> f64 {
        let k = steps as usize;
        if let Some(&decay) = self.near.get(k) {
            return decay;
        }
        match self.far.get(k / Self::LEN) {
            Some(&far) => far * self.near[k % Self::LEN],
            None => Self::compute(steps, self.rate),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::StepDecay;

    #[test]
    fn the_near_table_is_the_exponential_to_the_bit() {
        let rate = 0.1f64 / 16.8;
        let decay = StepDecay::new(rate);
        for k in [0.0, 1.0, 17.0, 2047.0] {
            assert_eq!(decay.over(k).to_bits(), (-k * rate).exp().to_bits());
        }
    }

    #[test]
    fn the_far_table_is_the_exponential_but_for_the_rounding_of_its_exponent() {
        let rate = 0.1f64 / 20.0;
        let decay = StepDecay::new(rate);
        for k in [2048.0, 2049.0, 5000.0, 123_457.0, 4_194_303.0] {
            let exact = (-k * rate).exp();
            // each exponent is rounded (relative ε), which moves e^x by |x|·ε relative
            let bound = (4.0 * k * rate + 2.0) * f64::EPSILON * exact;
            assert!((decay.over(k) - exact).abs() <= bound, "{k}");
        }
        let beyond = 4_194_304.0 * 3.0;
        assert_eq!(decay.over(beyond), (-beyond * rate).exp());
    }
}
