//! A leaky integrator readout of rates.

use neurodim_state::{
    State, Stateful, StepContext, Visit, VisitMut, init::Initializer, init::KaimingNormal,
    init::Zero,
};
use neurodim_units::{Time, validate};

use crate::DynError;
use crate::rate::{Linear, checks};

/// A leaky readout of rates (brainstate's `LeakyRateReadout`): each output integrates its
/// weighted input and forgets with time constant τ,
///
/// `r ← e^(−dt/τ) ⊙ r + x · W`,
///
/// with `x` the `num_in` input rates, `W` the weight `[num_in, num_out]` (param `"weight"`;
/// default brainstate's `KaimingNormal`), `r` the `num_out` outputs (hidden state `"r"`,
/// initially 0), τ one time constant or one per output. Dimensionless.
///
/// Two departures from brainstate, both fixes: the decay uses the `dt` of each step
/// (brainstate fixes it at construction from the `dt` current then), and a per-unit τ has one
/// entry per *output* (brainstate shapes it by the input, which cannot broadcast against `r`
/// unless the sizes agree).
///
/// ```
/// use neurodim_dyn::rate::LeakyRateReadout;
/// use neurodim_state::{Environment, init::Constant, init_all};
/// use neurodim_units::prelude::*;
///
/// let mut readout = LeakyRateReadout::new(2, 1, 5.0 * ms)?.with_w_init(Constant(1.0))?;
/// init_all(&mut readout, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// readout.update(&env.step(0), &[1.0, 2.0])?;
/// let r = readout.update(&env.step(1), &[1.0, 2.0])?[0];
/// assert!((r - (3.0 * (-0.1f64 / 5.0).exp() + 3.0)).abs() < 1e-12);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone)]
pub struct LeakyRateReadout {
    num_in: usize,
    num_out: usize,
    tau: Vec<Time>,
    w: Linear,
    r: State<f64>,
    /// `e^(−dt/τ)` per output, and the `dt` it was computed for.
    decay: Vec<f64>,
    decay_dt: Option<Time>,
    /// Scratch: `x · W` per row.
    drive: Vec<f64>,
}

impl LeakyRateReadout {
    /// A readout from `num_in` to `num_out` units (both ≥ 1) with one time constant `tau`
    /// (> 0) and brainstate's `KaimingNormal` weight.
    pub fn new(num_in: usize, num_out: usize, tau: Time) -> Result<Self, DynError> {
        checks::units("num_out", num_out)?;
        let tau = validate::positive("tau", tau)?;
        Ok(LeakyRateReadout {
            num_in,
            num_out,
            tau: vec![tau; num_out],
            w: Linear::new(num_in, num_out, KaimingNormal::default())?.without_bias(),
            r: State::hidden(checks::units("num_out", num_out)?, Zero),
            decay: Vec::new(),
            decay_dt: None,
            drive: Vec::new(),
        })
    }

    /// The same readout with one time constant per output (each > 0).
    pub fn with_tau_per_output(mut self, tau: Vec<Time>) -> Result<Self, DynError> {
        checks::len("tau", tau.len(), self.num_out)?;
        for &t in &tau {
            validate::positive("tau", t)?;
        }
        self.tau = tau;
        self.decay_dt = None;
        Ok(self)
    }

    /// The same readout with its weight drawn by `w_init`.
    pub fn with_w_init(
        mut self,
        w_init: impl Initializer<f64> + 'static,
    ) -> Result<Self, DynError> {
        self.w = Linear::new(self.num_in, self.num_out, w_init)?.without_bias();
        Ok(self)
    }

    /// The weight `W`, `[num_in, num_out]` row-major (empty before init).
    pub fn weight(&self) -> &[f64] {
        self.w.weight()
    }

    /// The weight, mutable.
    pub fn weight_mut(&mut self) -> &mut [f64] {
        self.w.weight_mut()
    }

    /// The outputs `r`, `[batch, num_out]` (empty before init).
    pub fn output(&self) -> &[f64] {
        self.r.values()
    }

    /// One step of `dt = ctx.dt` with input `x` (`[batch, num_in]`); returns the new `r`.
    pub fn update(&mut self, ctx: &StepContext, x: &[f64]) -> Result<&[f64], DynError> {
        let rows = checks::rows_of(&self.r, "r")?;
        checks::len("LeakyRateReadout input", x.len(), rows * self.num_in)?;
        if self.decay_dt != Some(ctx.dt) {
            let dt = validate::positive("dt", ctx.dt)?;
            self.decay.clear();
            self.decay.extend(self.tau.iter().map(|&tau| (-dt / tau).exp().value));
            self.decay_dt = Some(dt);
        }
        self.drive.resize(rows * self.num_out, 0.0);
        self.w.forward_into(x, &mut self.drive)?;
        for (r_row, drive_row) in self
            .r
            .values_mut()
            .chunks_exact_mut(self.num_out)
            .zip(self.drive.chunks_exact(self.num_out))
        {
            for ((r, &decay), &drive) in r_row.iter_mut().zip(&self.decay).zip(drive_row) {
                *r = decay * *r + drive;
            }
        }
        Ok(self.r.values())
    }
}

impl Stateful for LeakyRateReadout {
    fn visit_states(&self, v: &mut Visit<'_>) {
        self.w.visit_states(v); // the weight is "weight", as in brainstate
        v.state("r", &self.r);
    }

    fn visit_states_mut(&mut self, v: &mut VisitMut<'_>) {
        self.w.visit_states_mut(v);
        v.state("r", &mut self.r);
    }
}

#[cfg(test)]
mod tests {
    use crate::DynError;
    use crate::rate::LeakyRateReadout;
    use neurodim_state::init::Constant;
    use neurodim_state::{Environment, init_all};
    use neurodim_units::prelude::*;

    #[test]
    fn a_zero_tau_is_refused() {
        assert!(LeakyRateReadout::new(3, 3, 5.0 * ms).is_ok());
        let err = LeakyRateReadout::new(3, 3, 0.0 * ms).unwrap_err();
        assert_eq!(err.to_string(), "invalid tau: 0 ms (must be > 0)");
    }

    #[test]
    fn one_positive_tau_per_output() -> Result<(), Box<dyn std::error::Error>> {
        let r = LeakyRateReadout::new(3, 2, 5.0 * ms)?;
        assert!(r.clone().with_tau_per_output(vec![5.0 * ms, 10.0 * ms]).is_ok());
        assert!(r.clone().with_tau_per_output(vec![5.0 * ms]).is_err());
        assert!(r.with_tau_per_output(vec![5.0 * ms, -1.0 * ms]).is_err());
        Ok(())
    }

    #[test]
    fn w_init_sets_the_weights() -> Result<(), Box<dyn std::error::Error>> {
        let mut r = LeakyRateReadout::new(2, 2, 5.0 * ms)?.with_w_init(Constant(0.5))?;
        init_all(&mut r, None, 0)?;
        assert_eq!(r.weight(), &[0.5; 4]);
        Ok(())
    }

    #[test]
    fn the_weight_has_no_batch_axis() -> Result<(), Box<dyn std::error::Error>> {
        let mut r = LeakyRateReadout::new(2, 3, 5.0 * ms)?;
        init_all(&mut r, Some(4), 0)?;
        assert_eq!(r.weight().len(), 6);
        Ok(())
    }

    #[test]
    fn weight_mut_sets_the_weights() -> Result<(), Box<dyn std::error::Error>> {
        let mut r = LeakyRateReadout::new(1, 1, 5.0 * ms)?;
        init_all(&mut r, None, 0)?;
        r.weight_mut()[0] = 2.0;
        assert_eq!(r.weight(), &[2.0]);
        Ok(())
    }

    #[test]
    fn output_starts_at_zero() -> Result<(), Box<dyn std::error::Error>> {
        let mut r = LeakyRateReadout::new(3, 3, 5.0 * ms)?;
        init_all(&mut r, Some(4), 0)?;
        assert_eq!(r.output(), &[0.0; 12]);
        Ok(())
    }

    #[test]
    fn update_checks_the_length() -> Result<(), Box<dyn std::error::Error>> {
        let mut r = LeakyRateReadout::new(3, 3, 5.0 * ms)?;
        init_all(&mut r, Some(4), 0)?;
        let ctx = Environment::new(0.1 * ms)?.step(0);
        assert_eq!(r.update(&ctx, &[1.0; 12])?.len(), 12);
        assert!(matches!(r.update(&ctx, &[1.0; 3]), Err(DynError::SizeMismatch { .. })));
        Ok(())
    }
}
