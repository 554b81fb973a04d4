//! The decay of a trace over a whole number of steps, `e^{−k·dt/τ}`, from a table for the
//! recent past.

/// `e^{−k·r}` for a whole number of steps `k` and `r = dt/τ`: looked up for `k` below
/// [`LEN`](Self::LEN) (the table holds exactly the values the expression gives, so a lookup
/// and a computation agree to the bit), computed beyond. A trace is decayed at every event, and
/// the elapsed time is nearly always recent; the table spares the exponential.
#[derive(Debug, Clone)]
pub(crate) struct StepDecay {
    rate: f64,
    table: Vec<f64>,
}

impl StepDecay {
    /// Steps covered by the table (2 KiB·8: 205 ms at dt = 0.1 ms).
    pub(crate) const LEN: usize = 2048;

    /// The decay of a trace with `rate = dt/τ` per step.
    pub(crate) fn new(rate: f64) -> Self {
        let table = (0..Self::LEN).map(|k| Self::compute(k as f64, rate)).collect();
        StepDecay { rate, table }
    }

    fn compute(steps: f64, rate: f64) -> f64 {
        (-steps * rate).exp()
    }

    /// `e^{−steps·dt/τ}` for `steps` a whole number ≥ 0.
    #[inline]
    pub(crate) fn over(&self, steps: f64) -> f64 {
        match self.table.get(steps as usize) {
            Some(&decay) => decay,
            None => Self::compute(steps, self.rate),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::StepDecay;

    #[test]
    fn the_table_and_the_exponential_agree_to_the_bit() {
        let decay = StepDecay::new(0.1 / 16.8);
        for k in [0.0, 1.0, 17.0, 2047.0, 2048.0, 1e6] {
            assert_eq!(decay.over(k).to_bits(), (-k * (0.1f64 / 16.8)).exp().to_bits());
        }
    }
}
