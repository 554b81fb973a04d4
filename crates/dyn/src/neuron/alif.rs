use core::ops::Range;

use neurodim_state::init::{Constant, Initializer};
use neurodim_state::{Precision, Shape, State, StateKind, StepContext};
use neurodim_units::validate::{finite, time_constant};
use neurodim_units::{Resistance, Time, Voltage, mV, ms, ohm};

use crate::DynError;
use crate::kernel::{NeuronInputs, NeuronModel, Neurons, ParameterVisitor, PerElement};
use crate::neuron::membrane::{Membrane, MembraneConsts};
use crate::neuron::{
    LifParams, SpikeReset, exp_euler_factor, reinitialised, stored_state, v_state,
};

/// Parameters of [`Alif`], with brainstate's defaults.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // the same cells, adapting (β = 0.1 mV per spike) or not (β = 0)
/// let adapting = AlifParams { tau: 10.0 * ms, ..AlifParams::default() };
/// let plain = AlifParams { beta: 0.0 * mV, ..adapting };
/// let mut net = Network::new(0.1 * ms)?;
/// let a = net.add_population("adapting", Alif::new(1, adapting)?)?;
/// let p = net.add_population("plain", Alif::new(1, plain)?)?;
/// net.set_current(a, 1.5 * mA)?;
/// net.set_current(p, 1.5 * mA)?;
/// let (sa, sp) = (net.monitor_spikes(a)?, net.monitor_spikes(p)?);
/// net.init(0)?;
/// net.run_for(200.0 * ms)?;
/// // each spike raises the threshold by β·a, which decays with τ_a = 100 ms: fewer spikes
/// assert!(net.spike_monitor(sa)?.num_spikes() < net.spike_monitor(sp)?.num_spikes());
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlifParams {
    /// Membrane resistance `R` (default 1 Ω).
    pub r: Resistance,
    /// Membrane time constant `τ` (default 5 ms; must be > 0).
    pub tau: Time,
    /// Adaptation time constant `τ_a` (default 100 ms; must be > 0).
    pub tau_a: Time,
    /// Threshold `V_th` (default 1 mV; must be > `V_reset`).
    pub v_th: Voltage,
    /// Reset potential `V_reset` (default 0 mV).
    pub v_reset: Voltage,
    /// Resting potential `V_rest` (default 0 mV).
    pub v_rest: Voltage,
    /// Threshold increase per unit of adaptation `β` (default 0.1 mV).
    pub beta: Voltage,
    /// Soft (default) or hard reset.
    pub reset: SpikeReset,
}

impl Default for AlifParams {
    fn default() -> Self {
        AlifParams {
            r: 1.0 * ohm,
            tau: 5.0 * ms,
            tau_a: 100.0 * ms,
            v_th: 1.0 * mV,
            v_reset: 0.0 * mV,
            v_rest: 0.0 * mV,
            beta: 0.1 * mV,
            reset: SpikeReset::Soft,
        }
    }
}

/// Adaptive leaky integrate-and-fire neurons (brainstate's `ALIF`): a LIF whose threshold rises
/// by `β` per unit of a spike-triggered adaptation variable `a` (dimensionless).
///
/// - spike: `H((V − V_th − β·a)/(V_th − V_reset))`;
/// - reset of a neuron whose stored state spiked: `V ← V − (V_th − V_reset)` (soft) or
///   `V ← V_reset` (hard; `β·a` plays no part), and `a ← a + 1`;
/// - `τ dV/dt = −V + V_rest + R·I(V)` and `τ_a da/dt = −a`, both by exponential Euler; then
///   `V += Σδ`.
///
/// States: `"V"` (default 0 mV) and `"a"` (default 0), both hidden.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::neuron::Drive;
///
/// let mut pop = Alif::new(1, AlifParams { tau: 10.0 * ms, ..AlifParams::default() })?;
/// init_all(&mut pop, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// let mut spikes = [false];
/// for i in 0..300 {
///     pop.update(&env.step(i), &Drive::current(1.5 * mA), &mut spikes)?;
/// }
/// assert!((pop.a()[0] - 1.7687).abs() < 5e-5); // brainstate
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type Alif = Neurons<AlifParams>;

impl AlifParams {
    /// The membrane's parameters.
    fn lif(&self) -> LifParams {
        LifParams {
            r: self.r,
            tau: self.tau,
            v_th: self.v_th,
            v_reset: self.v_reset,
            v_rest: self.v_rest,
            reset: self.reset,
        }
    }
}

/// The state of an [`Alif`] population: `"V"` and `"a"`, both hidden.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// let mut pop = Alif::new(3, AlifParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// let paths: Vec<String> = list_states(&pop).into_iter().map(|info| info.path).collect();
/// assert_eq!(paths, ["V", "a"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct AlifState<F: Precision> {
    pub(crate) v: State<F::Stored<Voltage>>,
    pub(crate) a: State<F::Stored<f64>>,
}

neurodim_state::stateful_fields!(AlifState<F: Precision> { state "V" => v, state "a" => a });
v_state!(AlifState);

/// The constants of an [`Alif`] neuron for a step of `dt`.
///
/// Derived once per `dt` by the model's `consts`; see [`NeuronModel`](crate::kernel::NeuronModel)
/// for an example of a model's constants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlifConsts<F> {
    /// The membrane's.
    pub membrane: MembraneConsts<F>,
    /// `τ_a` (s).
    pub tau_a: F,
    /// `β` (V).
    pub beta: F,
    /// `dt·exprel(−dt/τ_a)` (s): the exponential-Euler factor of `da/dt = −a/τ_a`.
    pub decay: F,
}

impl<F: Precision> AlifConsts<F> {
    /// The spike test, `V − V_th − β·a ≥ 0`.
    #[inline(always)]
    fn fires(&self, v: F, a: F) -> bool {
        v - self.membrane.v_th - self.beta * a >= F::zero()
    }

    /// `(V, a)` at the start of an update: reset (`a + 1`) if they spiked.
    #[inline(always)]
    fn reset(&self, v: F, a: F) -> (F, F) {
        if self.fires(v, a) { (self.membrane.reset_after(v), a + F::one()) } else { (v, a) }
    }
}

impl NeuronModel for AlifParams {
    const NAME: &'static str = "ALIF";
    type Consts<F: Precision> = AlifConsts<F>;
    type State<F: Precision> = AlifState<F>;
    type Chunk<'a, F: Precision> = (&'a mut [F::Stored<Voltage>], &'a mut [F::Stored<f64>]);

    fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        neurodim_units::validate::time_step("tau", self.tau, dt)?;
        neurodim_units::validate::time_step("tau_a", self.tau_a, dt)?;
        Ok(())
    }

    fn validate(&self) -> Result<(), DynError> {
        self.lif().membrane()?;
        time_constant("tau_a", self.tau_a)?;
        finite("beta", self.beta)?;
        Ok(())
    }

    fn visit_parameters(&mut self, visitor: &mut ParameterVisitor<'_>) {
        visitor.value("R", &mut self.r);
        visitor.value("tau", &mut self.tau);
        visitor.value("tau_a", &mut self.tau_a);
        visitor.value("V_th", &mut self.v_th);
        visitor.value("V_reset", &mut self.v_reset);
        visitor.value("V_rest", &mut self.v_rest);
        visitor.value("beta", &mut self.beta);
    }

    fn consts<F: Precision>(&self, dt: Time) -> AlifConsts<F> {
        let m =
            Membrane::unchecked(self.r, self.tau, self.v_th, self.v_reset, self.v_rest, self.reset);
        AlifConsts {
            membrane: m.consts(dt),
            tau_a: F::of(self.tau_a.value),
            beta: F::of(self.beta.value),
            decay: F::of(exp_euler_factor(dt, -1.0 / self.tau_a).value),
        }
    }

    fn state<F: Precision>(&self, shape: Shape) -> AlifState<F> {
        AlifState {
            v: stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(0.0 * mV)),
            a: stored_state::<F, _>(StateKind::Hidden, shape, Constant(0.0)),
        }
    }

    fn chunk<F: Precision>(state: &mut AlifState<F>, range: Range<usize>) -> Self::Chunk<'_, F> {
        (&mut state.v.values_mut()[range.clone()], &mut state.a.values_mut()[range])
    }

    fn reset<F: Precision, C: PerElement<AlifConsts<F>>>(consts: C, (v, a): Self::Chunk<'_, F>) {
        for (i, (v, a)) in v.iter_mut().zip(a.iter_mut()).enumerate() {
            let (v1, a1) = consts.at(i).reset(F::load(*v), F::load(*a));
            (*v, *a) = (F::store(v1), F::store(a1));
        }
    }

    #[inline(always)]
    fn update<F, const RESET: bool, C, I>(
        consts: C,
        (v, a): Self::Chunk<'_, F>,
        mut inputs: I,
        spikes: &mut [bool],
        _ctx: &StepContext,
    ) where
        F: Precision,
        C: PerElement<AlifConsts<F>>,
        I: NeuronInputs<F>,
    {
        let neurons = v.iter_mut().zip(a.iter_mut()).zip(spikes.iter_mut());
        for (i, ((v, a), spike)) in neurons.enumerate() {
            let c = consts.at(i);
            let m = c.membrane;
            let input = inputs.take(i);
            let (v0, a0) = (F::load(*v), F::load(*a));
            let (start, a_start) = if RESET { c.reset(v0, a0) } else { (v0, a0) };
            let factor = m.factor(I::HAS_SLOPE, input.slope);
            let next = m.integrate_with_factor(I::HAS_SLOPE, factor, start, &input) + input.delta;
            // exponential Euler of da/dt = −a/τ_a: a + dt·exprel(dt·J)·(−a/τ_a), J = −1/τ_a
            let a_next = a_start + c.decay * (-a_start / c.tau_a);
            (*v, *a) = (F::store(next), F::store(a_next));
            *spike = c.fires(next, a_next);
        }
    }
}

impl<F: Precision> Neurons<AlifParams, F> {
    /// Replaces the initialiser of `a` (default 0).
    pub fn with_a_initializer(mut self, init: impl Initializer<f64> + 'static) -> Self {
        let state = self.state_mut();
        state.a = reinitialised::<F, _>(&state.a, std::sync::Arc::new(init));
        self
    }

    /// The adaptation variables `a`.
    pub fn a(&self) -> &[F::Stored<f64>] {
        self.state().a.values()
    }
}

#[cfg(test)]
mod tests {
    use crate::neuron::{AlifParams, *};
    use neurodim_state::init::Constant;
    use neurodim_state::init_all;
    use neurodim_units::prelude::*;

    #[test]
    fn default_parameters() {
        assert_eq!(AlifParams::default().tau_a, 100.0 * ms);
        assert_eq!(AlifParams::default().beta, 0.1 * mV);
    }

    #[test]
    fn a_initializer_sets_a() -> Result<(), Box<dyn std::error::Error>> {
        let mut pop = Alif::new(1, AlifParams::default())?.with_a_initializer(Constant(2.0));
        init_all(&mut pop, None, 0)?;
        assert_eq!(pop.a()[0], 2.0);
        Ok(())
    }

    #[test]
    fn a_starts_at_zero() -> Result<(), Box<dyn std::error::Error>> {
        let mut pop = Alif::new(2, AlifParams::default())?;
        init_all(&mut pop, None, 0)?;
        assert_eq!(pop.a(), [0.0, 0.0]);
        Ok(())
    }
}
