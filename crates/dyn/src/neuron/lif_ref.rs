use core::ops::Range;

use neurodim_state::init::{Constant, Initializer};
use neurodim_state::{Shape, State, StepContext};
use neurodim_units::validate::non_negative;
use neurodim_units::{Current, Resistance, Time, Voltage, mV, ms, ohm};

use crate::DynError;
use crate::neuron::drive::{Linear, Source, with_drive};
use crate::neuron::membrane::Membrane;
use crate::neuron::{
    Drive, LifParams, SpikeReset, StepWindow, check_step, neuron_via_step, record_spike_times,
};
use crate::parallel::chunked;

/// Parameters of [`LifRef`], with brainstate's defaults.
///
/// ```
/// use neurodim_dyn::neuron::LifRefParams;
/// use neurodim_units::*;
/// assert_eq!(LifRefParams::default().tau_ref, 5.0 * ms);
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
/// use neurodim_dyn::neuron::{Drive, LifRef, LifRefParams, Neuron};
/// use neurodim_state::{Environment, Shape, init_all};
/// use neurodim_units::*;
///
/// let params = LifRefParams { tau: 10.0 * ms, tau_ref: 2.0 * ms, ..LifRefParams::default() };
/// let mut pop = LifRef::new(Shape::vector(1)?, params)?;
/// init_all(&mut pop, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// let (mut spikes, mut spike_steps) = ([false], vec![]);
/// for i in 0..250 {
///     pop.update(&env.step(i), &Drive::current(1.5 * mA), &mut spikes)?;
///     if spikes[0] { spike_steps.push(i); }
/// }
/// assert_eq!(spike_steps, [109, 238]); // spec §2.1
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct LifRef {
    membrane: Membrane,
    tau_ref: Time,
    v: State<Voltage>,
    last_spike_time: State<Time>,
    /// Scratch: the per-neuron exp-Euler factors of a step with a synaptic slope (not a state:
    /// recomputed every step). Sized for the unbatched population at construction, so that a
    /// run allocates nothing; a batched population resizes it once, on its first such step.
    factors: Vec<Time>,
}

impl LifRef {
    /// A population of `shape` with validated `params` (those of [`Lif`](crate::neuron::Lif),
    /// and `τ_ref ≥ 0`).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert!(LifRef::new(Shape::vector(10)?, LifRefParams::default()).is_ok());
    /// let bad = LifRefParams { tau_ref: -1.0 * ms, ..LifRefParams::default() };
    /// assert!(LifRef::new(Shape::vector(10)?, bad).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(shape: Shape, params: LifRefParams) -> Result<Self, DynError> {
        let lif = LifParams {
            r: params.r,
            tau: params.tau,
            v_th: params.v_th,
            v_reset: params.v_reset,
            v_rest: params.v_rest,
            reset: params.reset,
        };
        Ok(LifRef {
            membrane: lif.membrane()?,
            tau_ref: non_negative("tau_ref", params.tau_ref)?,
            v: State::hidden(shape.clone(), Constant(0.0 * mV)),
            factors: vec![Time::default(); shape.len()],
            last_spike_time: State::short_term(shape, Constant(-1e7 * ms)),
        })
    }

    /// Replaces the initialiser of V (default `Constant(0 mV)`).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut pop = LifRef::new(Shape::vector(1)?, LifRefParams::default())?.with_v_initializer(Constant(0.5 * mV));
    /// init_all(&mut pop, None, 0)?;
    /// assert_eq!(pop.v()[0], 0.5 * mV);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_v_initializer(mut self, init: impl Initializer<Voltage> + 'static) -> Self {
        self.v = State::hidden(self.v.shape().clone(), init);
        self
    }

    /// The parameters.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert_eq!(LifRef::new(Shape::vector(1)?, LifRefParams::default())?.params(), LifRefParams::default());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn params(&self) -> LifRefParams {
        let m = self.membrane;
        LifRefParams {
            r: m.r,
            tau: m.tau,
            tau_ref: self.tau_ref,
            v_th: m.v_th,
            v_reset: m.v_reset,
            v_rest: m.v_rest,
            reset: m.reset,
        }
    }

    /// The time of each neuron's last spike (−10⁷ ms before the first).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut pop = LifRef::new(Shape::vector(1)?, LifRefParams::default())?;
    /// init_all(&mut pop, None, 0)?;
    /// assert_eq!(pop.last_spike_time()[0], -1e7 * ms);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn last_spike_time(&self) -> &[Time] {
        self.last_spike_time.values()
    }

    /// Applies the pending reset of the neurons in `range` whose stored V spiked.
    fn reset_spiking(&mut self, range: Range<usize>) {
        let m = self.membrane;
        self.v.values_mut()[range].iter_mut().for_each(|v| *v = m.reset(*v));
    }

    fn step<const RESET: bool>(
        &mut self,
        ctx: &StepContext,
        drive: &Drive<'_>,
        spikes: &mut [bool],
        range: Range<usize>,
    ) -> Result<(), DynError> {
        let len = self.v.values().len();
        check_step("V", len, drive, spikes.len(), &range)?;
        let values = &mut self.v.values_mut()[range.clone()];
        let last = &mut self.last_spike_time.values_mut()[range.clone()];
        let spikes = &mut spikes[range.clone()];
        let m = self.membrane;
        let (dt, t, leak) = (ctx.dt, ctx.t, m.leak_factor(ctx.dt));
        let advance = Advance::new(m, self.tau_ref, ctx);
        self.factors.resize(len, Time::default()); // a no-op but for a batched population
        let factors = &mut self.factors[range.clone()];
        chunked!((values, last, spikes, factors), range, {
            // With a synaptic slope J differs per neuron: its factors first, in a loop that
            // vectorises; the update below then has no libm call.
            let factors = match drive.synaptic {
                Some(syn) => {
                    m.slope_factors(dt, &syn.slope()[range.clone()], factors);
                    &*factors
                }
                None => &[][..],
            };
            with_drive!(drive, range, |current, syn, delta| {
                let neurons = values.iter_mut().zip(last.iter()).zip(spikes.iter_mut());
                for (i, ((v, last), spike)) in neurons.enumerate() {
                    let factor = syn.factor(factors, leak, i);
                    let input = (current.at(i), syn, i, delta.at(i));
                    advance.update::<RESET, _>(v, *last, factor, input);
                    *spike = advance.fires(*v);
                }
            });
            record_spike_times(spikes, last, t);
        });
        Ok(())
    }
}

impl LifRef {
    /// What the network's fused step of a population with current-based exponential synapses
    /// needs ([`step_current_lanes`](crate::network::linear_drive::step_current_lanes)) to
    /// update the neurons in `range` in its own loop. The caller records the spike times
    /// ([`record_spike_times`]) after its loop.
    pub(crate) fn range_mut(
        &mut self,
        ctx: &StepContext,
        spikes: usize,
        range: Range<usize>,
    ) -> Result<LifRefRange<'_>, DynError> {
        let len = self.v.values().len();
        check_step("V", len, &Drive::none(), spikes, &range)?;
        let m = self.membrane;
        Ok(LifRefRange {
            advance: Advance::new(m, self.tau_ref, ctx),
            leak: m.leak_factor(ctx.dt),
            v: &mut self.v.values_mut()[range.clone()],
            last: &mut self.last_spike_time.values_mut()[range],
        })
    }
}

/// Some neurons of a [`LifRef`] population, to be updated by a loop outside it.
pub(crate) struct LifRefRange<'a> {
    /// The update of one neuron in this step.
    pub(crate) advance: Advance,
    /// The step factor `dt·exprel(−dt/τ)` of a drive without a slope.
    pub(crate) leak: Time,
    /// Their potentials.
    pub(crate) v: &'a mut [Voltage],
    /// Their last spike times.
    pub(crate) last: &'a mut [Time],
}

/// One step's update of a LIFRef neuron, with the step's constants.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Advance {
    membrane: Membrane,
    refractory: StepWindow,
    t: Time,
}

impl Advance {
    fn new(membrane: Membrane, tau_ref: Time, ctx: &StepContext) -> Self {
        Advance { membrane, refractory: StepWindow::below(tau_ref, ctx.dt), t: ctx.t }
    }

    /// Updates `v` (reset first if `RESET` and it spiked): the exponential-Euler step with
    /// `factor` and the current `i_ext` plus the synaptic drive `syn` of neuron `i`, plus the
    /// jump `delta`; or, within the refractory window after `last`, the reset value.
    #[inline(always)]
    pub(crate) fn update<const RESET: bool, L: Linear>(
        &self,
        v: &mut Voltage,
        last: Time,
        factor: Time,
        (i_ext, syn, i, delta): (Current, L, usize, Voltage),
    ) {
        let m = &self.membrane;
        let start = if RESET { m.reset(*v) } else { *v };
        let integrated = m.integrate_with_factor(factor, start, i_ext, syn, i) + delta;
        *v = if self.refractory.contains(self.t - last) { start } else { integrated };
    }

    /// Whether a neuron whose updated V is `v` fires.
    #[inline(always)]
    pub(crate) fn fires(&self, v: Voltage) -> bool {
        self.membrane.fires(v)
    }
}

neuron_via_step!(LifRef);

neurodim_state::stateful_fields!(LifRef { state "V" => v, state "last_spike_time" => last_spike_time });
