//! A leaky integrate-and-fire readout of spikes.

use neurodim_state::{
    State, Stateful, StepContext, Visit, VisitMut, init::Initializer, init::KaimingNormal,
    init::Zero,
};
use neurodim_units::{Ratio, RatioExt, Time, Voltage, mV, ms, validate};

use crate::DynError;
use crate::rate::{Linear, checks};

/// A leaky integrate-and-fire readout of input spikes (brainstate's `LeakySpikeReadout`).
/// With `n` units, input spikes `x` (`n` per batch item, brainstate makes the weight square)
/// and the weight `W` (`[n, n]`, in volts per spike; param `"weight"`), one step is
///
/// ```text
/// s_prev = H((V − V_th) / V_th)                     (spike of the previous step)
/// V ← V − V_th · s_prev                             (soft reset, one step late)
/// I = x · W                                         (in volts)
/// V ← V + dt · exprel(−dt/τ) · (−V + I) / τ         (exponential Euler, exact here)
/// returns H((V − V_th) / V_th)
/// ```
///
/// with `H(u) = 1` for `u ≥ 0`, else 0. There is no leak reversal potential and no
/// resistance. Defaults as brainstate: τ = 5 ms, `V_th` = 1 mV, weight `KaimingNormal` in mV,
/// `V` initially 0 mV (hidden state `"V"`). Only brainstate's default soft reset is provided.
///
/// ```
/// use neurodim_dyn::rate::LeakySpikeReadout;
/// use neurodim_state::{Environment, init::Constant, init_all};
/// use neurodim_units::prelude::*;
///
/// let mut readout = LeakySpikeReadout::new(2)?.with_w_init(Constant(30.0 * mV))?;
/// init_all(&mut readout, None, 0)?;
/// let env = Environment::new(1.0 * ms)?;
/// let spikes = readout.update(&env.step(0), &[1.0, 0.0])?;
/// // V = 30 mV · (1 − e^(−1/5)) ≈ 5.4 mV ≥ V_th: both units fire
/// assert_eq!(spikes, &[1.0, 1.0]);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone)]
pub struct LeakySpikeReadout {
    n: usize,
    tau: Time,
    v_th: Voltage,
    w: Linear<f64, Voltage>,
    v: State<Voltage>,
    /// Scratch: `x · W` per row.
    drive: Vec<Voltage>,
    /// The spikes of the last step, `[batch, n]`.
    spikes: Vec<f64>,
}

impl LeakySpikeReadout {
    /// A readout of `n` (≥ 1) units with brainstate's defaults.
    pub fn new(n: usize) -> Result<Self, DynError> {
        let shape = checks::units("in_size", n)?;
        Ok(LeakySpikeReadout {
            n,
            tau: 5.0 * ms,
            v_th: 1.0 * mV,
            w: Linear::new(n, n, KaimingNormal::new(1.0 * mV)?)?.without_bias(),
            v: State::hidden(shape, Zero),
            drive: Vec::new(),
            spikes: Vec::new(),
        })
    }

    /// The same readout with membrane time constant `tau` (> 0).
    pub fn with_tau(mut self, tau: Time) -> Result<Self, DynError> {
        self.tau = validate::positive("tau", tau)?;
        Ok(self)
    }

    /// The same readout with threshold `v_th` (> 0: the spike test divides by it, and its sign
    /// would flip the test).
    pub fn with_v_th(mut self, v_th: Voltage) -> Result<Self, DynError> {
        self.v_th = validate::positive("V_th", v_th)?;
        Ok(self)
    }

    /// The same readout with its weight (volts per input spike) drawn by `w_init`.
    pub fn with_w_init(
        mut self,
        w_init: impl Initializer<Voltage> + 'static,
    ) -> Result<Self, DynError> {
        self.w = Linear::new(self.n, self.n, w_init)?.without_bias();
        Ok(self)
    }

    /// The same readout with the membrane potential initialised by `v_init` (at `init_all`
    /// and `reset_all`).
    pub fn with_v_init(mut self, v_init: impl Initializer<Voltage> + 'static) -> Self {
        self.v = State::hidden(self.v.shape().clone(), v_init);
        self
    }

    /// The weight `W`, `[n, n]` row-major (empty before init).
    pub fn weight(&self) -> &[Voltage] {
        self.w.weight()
    }

    /// The weight, mutable.
    pub fn weight_mut(&mut self) -> &mut [Voltage] {
        self.w.weight_mut()
    }

    /// The membrane potential `V`, `[batch, n]` (empty before init).
    pub fn potential(&self) -> &[Voltage] {
        self.v.values()
    }

    /// One step of `dt = ctx.dt` (> 0) with input spikes `x` (`[batch, n]`); returns the
    /// spikes, 0.0 or 1.0, `[batch, n]`.
    pub fn update(&mut self, ctx: &StepContext, x: &[f64]) -> Result<&[f64], DynError> {
        let rows = checks::rows_of(&self.v, "V")?;
        checks::len("LeakySpikeReadout input", x.len(), rows * self.n)?;
        let dt = validate::positive("dt", ctx.dt)?;
        let (tau, v_th) = (self.tau, self.v_th);
        let fired = |v: Voltage| if ((v - v_th) / v_th).value >= 0.0 { 1.0 } else { 0.0 };
        for v in self.v.values_mut() {
            *v -= v_th * fired(*v);
        }
        self.drive.resize(rows * self.n, 0.0 * mV);
        self.w.forward_into(x, &mut self.drive)?;
        let z: Ratio = -dt / tau;
        let step: Time = dt * z.exprel();
        for (v, &drive) in self.v.values_mut().iter_mut().zip(&self.drive) {
            *v += step * ((-*v + drive) / tau);
        }
        self.spikes.clear();
        self.spikes.extend(self.v.values().iter().map(|&v| fired(v)));
        Ok(&self.spikes)
    }
}

impl Stateful for LeakySpikeReadout {
    fn visit_states(&self, v: &mut Visit<'_>) {
        self.w.visit_states(v); // the weight is "weight", as in brainstate
        v.state("V", &self.v);
    }

    fn visit_states_mut(&mut self, v: &mut VisitMut<'_>) {
        self.w.visit_states_mut(v);
        v.state("V", &mut self.v);
    }
}

#[cfg(test)]
mod tests {
    use crate::DynError;
    use crate::rate::LeakySpikeReadout;
    use neurodim_state::init::Constant;
    use neurodim_state::{Environment, init_all};
    use neurodim_units::prelude::*;

    #[test]
    fn no_units_is_refused() {
        assert!(LeakySpikeReadout::new(0).is_err());
    }

    #[test]
    fn a_negative_tau_is_refused() -> Result<(), Box<dyn std::error::Error>> {
        assert!(LeakySpikeReadout::new(3)?.with_tau(10.0 * ms).is_ok());
        let err = LeakySpikeReadout::new(3)?.with_tau(-1.0 * ms).unwrap_err();
        assert_eq!(err.to_string(), "invalid tau: -1 ms (must be > 0)");
        Ok(())
    }

    #[test]
    fn a_zero_threshold_is_refused() -> Result<(), Box<dyn std::error::Error>> {
        assert!(LeakySpikeReadout::new(3)?.with_v_th(2.0 * mV).is_ok());
        assert!(LeakySpikeReadout::new(3)?.with_v_th(0.0 * mV).is_err());
        Ok(())
    }

    #[test]
    fn w_init_sets_the_weights() -> Result<(), Box<dyn std::error::Error>> {
        let mut r = LeakySpikeReadout::new(2)?.with_w_init(Constant(1.0 * mV))?;
        init_all(&mut r, None, 0)?;
        assert_eq!(r.weight(), &[1.0 * mV; 4]);
        Ok(())
    }

    #[test]
    fn v_init_sets_the_potential() -> Result<(), Box<dyn std::error::Error>> {
        let mut r = LeakySpikeReadout::new(2)?.with_v_init(Constant(0.5 * mV));
        init_all(&mut r, None, 0)?;
        assert_eq!(r.potential(), &[0.5 * mV; 2]);
        Ok(())
    }

    #[test]
    fn the_weight_has_no_batch_axis() -> Result<(), Box<dyn std::error::Error>> {
        let mut r = LeakySpikeReadout::new(3)?;
        init_all(&mut r, Some(4), 0)?;
        assert_eq!(r.weight().len(), 9);
        Ok(())
    }

    #[test]
    fn weight_mut_sets_the_weights() -> Result<(), Box<dyn std::error::Error>> {
        let mut r = LeakySpikeReadout::new(1)?;
        init_all(&mut r, None, 0)?;
        r.weight_mut()[0] = 2.0 * mV;
        assert_eq!(r.weight(), &[2.0 * mV]);
        Ok(())
    }

    #[test]
    fn potential_starts_at_zero() -> Result<(), Box<dyn std::error::Error>> {
        let mut r = LeakySpikeReadout::new(3)?;
        init_all(&mut r, Some(4), 0)?;
        assert_eq!(r.potential(), &[0.0 * mV; 12]);
        Ok(())
    }

    #[test]
    fn update_checks_the_length() -> Result<(), Box<dyn std::error::Error>> {
        let mut r = LeakySpikeReadout::new(3)?;
        init_all(&mut r, Some(4), 0)?;
        let ctx = Environment::new(0.1 * ms)?.step(0);
        assert_eq!(r.update(&ctx, &[1.0; 12])?.len(), 12);
        assert!(matches!(r.update(&ctx, &[1.0; 4]), Err(DynError::SizeMismatch { .. })));
        Ok(())
    }
}
