use core::ops::Range;

use neurodim_state::init::Constant;
use neurodim_state::{Precision, Shape, State, StateKind, StepContext};
use neurodim_units::validate::non_negative;
use neurodim_units::{Resistance, Time, Voltage, mV, ms, ohm};

use crate::DynError;
use crate::kernel::{NeuronInputs, NeuronModel, Neurons, ParameterVisitor, PerElement};
use crate::neuron::membrane::{Membrane, MembraneConsts, slope_factors};
use crate::neuron::{LifParams, SpikeReset, StepWindow, record_spike_times, stored_state, v_state};

/// Parameters of [`LifRef`], with brainstate's defaults.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // brainstate's LIF test cell, with and without 5 ms of refractoriness
/// let mut isi = Vec::new();
/// for tau_ref in [0.0 * ms, 5.0 * ms] {
///     let params = LifRefParams { tau: 10.0 * ms, tau_ref, ..LifRefParams::default() };
///     let mut net = Network::new(0.1 * ms)?;
///     let cell = net.add_population("cell", LifRef::new(1, params)?)?;
///     net.set_current(cell, 1.5 * mA)?;
///     let spikes = net.monitor_spikes(cell)?;
///     net.init(0)?;
///     net.run_for(30.0 * ms)?;
///     let steps = net.spike_monitor(spikes)?.spike_steps().to_vec();
///     isi.push(steps[1] - steps[0]);
/// }
/// // V is held at V_reset for τ_ref: the interval grows by about τ_ref = 50 steps
/// assert!((48..=51).contains(&(isi[1] - isi[0])), "{isi:?}");
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LifRefParams {
    /// Membrane resistance `R` (default 1 Ω).
    pub r: Resistance,
    /// Membrane time constant `τ` (default 5 ms; must be > 0).
    pub tau: Time,
    /// Refractory period `τ_ref` (default 5 ms; must be ≥ 0).
    pub tau_ref: Time,
    /// Threshold `V_th` (default 1 mV; must be > `V_reset`).
    pub v_th: Voltage,
    /// Reset potential `V_reset` (default 0 mV).
    pub v_reset: Voltage,
    /// Resting potential `V_rest` (default 0 mV).
    pub v_rest: Voltage,
    /// Soft (default) or hard reset.
    pub reset: SpikeReset,
}

impl Default for LifRefParams {
    fn default() -> Self {
        LifRefParams {
            r: 1.0 * ohm,
            tau: 5.0 * ms,
            tau_ref: 5.0 * ms,
            v_th: 1.0 * mV,
            v_reset: 0.0 * mV,
            v_rest: 0.0 * mV,
            reset: SpikeReset::Soft,
        }
    }
}

impl LifRefParams {
    /// The membrane, validated.
    fn membrane(&self) -> Result<Membrane, DynError> {
        let lif = LifParams {
            r: self.r,
            tau: self.tau,
            v_th: self.v_th,
            v_reset: self.v_reset,
            v_rest: self.v_rest,
            reset: self.reset,
        };
        lif.membrane()
    }
}

/// Leaky integrate-and-fire neurons with a refractory period (brainstate's `LIFRef`).
///
/// Each update: reset (if the stored V spiked) to `V_r`; integrate
/// `τ dV/dt = −V + V_rest + R·I(V)` from `V_r` by exponential Euler and add `Σδ`; but a neuron
/// whose last spike is `k` steps old with `k·dt < τ_ref` is held at `V_r` instead. A neuron
/// whose new V is at or above `V_th` records `t` as its last spike time.
///
/// The refractory test counts steps ([`StepWindow::below`]); brainstate compares float32 times,
/// so there the step at exactly `τ_ref` is decided by rounding. States: `"V"` (hidden, default
/// 0 mV) and `"last_spike_time"` (short-term, initialised to −10⁷ ms).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::neuron::Drive;
///
/// let params = LifRefParams { tau: 10.0 * ms, tau_ref: 2.0 * ms, ..LifRefParams::default() };
/// let mut pop = LifRef::new(1, params)?;
/// init_all(&mut pop, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// let (mut spikes, mut spike_steps) = ([false], vec![]);
/// for i in 0..250 {
///     pop.update(&env.step(i), &Drive::current(1.5 * mA), &mut spikes)?;
///     if spikes[0] { spike_steps.push(i); }
/// }
/// assert_eq!(spike_steps, [109, 238]); // brainstate
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type LifRef = Neurons<LifRefParams>;

/// The state of a [`LifRef`] population: `"V"` (hidden, default 0 mV) and `"last_spike_time"`
/// (short-term, initialised to −10⁷ ms; kept in `f64` in either precision, so that long runs
/// keep the refractory test exact).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// let mut pop = LifRef::new(3, LifRefParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// let paths: Vec<String> = list_states(&pop).into_iter().map(|info| info.path).collect();
/// assert_eq!(paths, ["V", "last_spike_time"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct LifRefState<F: Precision> {
    pub(crate) v: State<F::Stored<Voltage>>,
    pub(crate) last_spike_time: State<Time>,
    /// Scratch: the per-neuron exp-Euler factors of a step with a synaptic slope (not a state:
    /// recomputed every step). Sized for the unbatched population at construction, so that a
    /// run allocates nothing; a batched population resizes it once, on its first such step.
    factors: Vec<F>,
    /// Scratch: whether each neuron is refractory this step (not a state: derived from the
    /// spike times every step), sized as `factors`.
    held: Vec<bool>,
}

neurodim_state::stateful_fields!(LifRefState<F: Precision> {
    state "V" => v,
    state "last_spike_time" => last_spike_time,
});
v_state!(LifRefState);

/// The constants of a [`LifRef`] neuron for a step of `dt`.
///
/// Derived once per `dt` by the model's `consts`; see [`NeuronModel`](crate::kernel::NeuronModel)
/// for an example of a model's constants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LifRefConsts<F> {
    /// The membrane's.
    pub membrane: MembraneConsts<F>,
    /// The steps after a spike during which V is held at its reset value.
    pub refractory: StepWindow,
}

impl NeuronModel for LifRefParams {
    const NAME: &'static str = "LIFRef";
    type Consts<F: Precision> = LifRefConsts<F>;
    type State<F: Precision> = LifRefState<F>;
    type Chunk<'a, F: Precision> =
        (&'a mut [F::Stored<Voltage>], &'a mut [Time], &'a mut [F], &'a mut [bool]);

    fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        neurodim_units::validate::time_step("tau", self.tau, dt)?;
        Ok(())
    }

    fn validate(&self) -> Result<(), DynError> {
        self.membrane()?;
        non_negative("tau_ref", self.tau_ref)?;
        Ok(())
    }

    fn visit_parameters(&mut self, visitor: &mut ParameterVisitor<'_>) {
        visitor.value("R", &mut self.r);
        visitor.value("tau", &mut self.tau);
        visitor.value("tau_ref", &mut self.tau_ref);
        visitor.value("V_th", &mut self.v_th);
        visitor.value("V_reset", &mut self.v_reset);
        visitor.value("V_rest", &mut self.v_rest);
    }

    fn consts<F: Precision>(&self, dt: Time) -> LifRefConsts<F> {
        let m =
            Membrane::unchecked(self.r, self.tau, self.v_th, self.v_reset, self.v_rest, self.reset);
        LifRefConsts { membrane: m.consts(dt), refractory: StepWindow::below(self.tau_ref, dt) }
    }

    fn state<F: Precision>(&self, shape: Shape) -> LifRefState<F> {
        LifRefState {
            v: stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(0.0 * mV)),
            factors: vec![F::zero(); shape.len()],
            held: vec![false; shape.len()],
            last_spike_time: State::short_term(shape, Constant(-1e7 * ms)),
        }
    }

    fn chunk<F: Precision>(state: &mut LifRefState<F>, range: Range<usize>) -> Self::Chunk<'_, F> {
        let len = state.v.values().len();
        // no-ops but for a batched population
        state.factors.resize(len, F::zero());
        state.held.resize(len, false);
        (
            &mut state.v.values_mut()[range.clone()],
            &mut state.last_spike_time.values_mut()[range.clone()],
            &mut state.factors[range.clone()],
            &mut state.held[range],
        )
    }

    fn reset<F: Precision, C: PerElement<LifRefConsts<F>>>(consts: C, chunk: Self::Chunk<'_, F>) {
        for (i, v) in chunk.0.iter_mut().enumerate() {
            *v = F::store(consts.at(i).membrane.reset(F::load(*v)));
        }
    }

    #[inline(always)]
    fn update<F, const RESET: bool, C, I>(
        consts: C,
        (v, last, factors, held): Self::Chunk<'_, F>,
        mut inputs: I,
        spikes: &mut [bool],
        ctx: &StepContext,
    ) where
        F: Precision,
        C: PerElement<LifRefConsts<F>>,
        I: NeuronInputs<F>,
    {
        let t = ctx.t;
        // With a synaptic slope J differs per neuron: its factors first, in a loop that
        // vectorises; the update below then has no libm call.
        if I::HAS_SLOPE {
            slope_factors(|i| consts.at(i).membrane, &inputs, factors);
        }
        // Neuron `i`'s update of `v`, held at its start if `held` (a macro, not a closure: a
        // closure called from the loops below is not inlined into them, and they stop
        // vectorising).
        macro_rules! step {
            ($i:expr, $v:expr, $held:expr) => {{
                let (i, v): (usize, &mut F::Stored<Voltage>) = ($i, $v);
                let m = consts.at(i).membrane;
                let input = inputs.take(i);
                let factor = if I::HAS_SLOPE { factors[i] } else { m.leak };
                let start = if RESET { m.reset(F::load(*v)) } else { F::load(*v) };
                let integrated =
                    m.integrate_with_factor(I::HAS_SLOPE, factor, start, &input) + input.delta;
                *v = F::store(if $held { start } else { integrated });
            }};
        }
        // The refractory test reads the spike times, in `f64`. With `F` narrower, in a pass of
        // its own, so that the update works in `F` alone, at `F`'s full vector width (eight
        // `f32` lanes with AVX2 rather than the four of a loop that also reads `f64`); in
        // `f64`, inside the update (the extra pass would only cost).
        if core::mem::size_of::<F>() < core::mem::size_of::<f64>() {
            let held = &mut held[..v.len()];
            for (i, (held, last)) in held.iter_mut().zip(last.iter()).enumerate() {
                *held = consts.at(i).refractory.contains(t - *last);
            }
            for (i, (v, &held)) in v.iter_mut().zip(held.iter()).enumerate() {
                step!(i, v, held);
            }
        } else {
            for (i, (v, last)) in v.iter_mut().zip(last.iter()).enumerate() {
                step!(i, v, consts.at(i).refractory.contains(t - *last));
            }
        }
        // The spike flags in a pass of their own: packing the comparisons into bytes inside
        // the update loop costs more than reading V again (network_step `cuba_4000`: 9.2–11.6
        // µs with the flags in the loop, 8.9–10.4 with this pass).
        for (i, (spike, v)) in spikes.iter_mut().zip(v.iter()).enumerate() {
            *spike = consts.at(i).membrane.fires(F::load(*v));
        }
        record_spike_times(spikes, last, t);
    }
}

impl<F: Precision> Neurons<LifRefParams, F> {
    /// The time of each neuron's last spike (−10⁷ ms before the first).
    pub fn last_spike_time(&self) -> &[Time] {
        self.state().last_spike_time.values()
    }
}

#[cfg(test)]
mod tests {
    use crate::neuron::{LifRefParams, *};
    use neurodim_state::init_all;
    use neurodim_units::prelude::*;

    #[test]
    fn default_refractory_period() {
        assert_eq!(LifRefParams::default().tau_ref, 5.0 * ms);
    }

    #[test]
    fn no_spike_yet() -> Result<(), Box<dyn std::error::Error>> {
        let mut pop = LifRef::new(1, LifRefParams::default())?;
        init_all(&mut pop, None, 0)?;
        assert_eq!(pop.last_spike_time()[0], -1e7 * ms);
        Ok(())
    }
}
