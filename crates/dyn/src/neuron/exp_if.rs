use core::ops::Range;

use neurodim_state::init::{Constant, Initializer};
use neurodim_state::{Shape, State, StepContext};
use neurodim_units::validate::{finite, non_negative, positive};
use neurodim_units::{Frequency, Resistance, Time, Voltage, VoltageRate, mV, ms, ohm};

use crate::DynError;
use crate::neuron::drive::{Linear, Source, with_drive};
use crate::neuron::{Drive, StepWindow, check_step, neuron_via_step, record_spike_times};
use crate::neuron::{check_above, exp_euler_factor};
use crate::parallel::chunked;

/// Parameters of [`ExpIf`], with the defaults of brainpy's `ExpIF` (Fourcaud-Trocmé et al.
/// 2003).
///
/// ```
/// use neurodim_dyn::neuron::ExpIfParams;
/// use neurodim_units::*;
/// let p = ExpIfParams::default();
/// assert_eq!((p.v_t, p.delta_t), (-59.9 * mV, 3.48 * mV));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExpIfParams {
    /// Membrane resistance `R` (default 1 Ω; > 0).
    pub r: Resistance,
    /// Membrane time constant `τ` (default 10 ms; > 0).
    pub tau: Time,
    /// Refractory period `τ_ref` (default 1.7 ms; ≥ 0).
    pub tau_ref: Time,
    /// Resting potential `V_rest` (default −65 mV).
    pub v_rest: Voltage,
    /// Reset potential `V_reset` (default −68 mV).
    pub v_reset: Voltage,
    /// Spike detection threshold `V_th` (default −30 mV; > `V_reset`).
    pub v_th: Voltage,
    /// Threshold of the exponential upswing `V_T` (default −59.9 mV).
    pub v_t: Voltage,
    /// Sharpness of the upswing `Δ_T` (default 3.48 mV; > 0).
    pub delta_t: Voltage,
}

impl Default for ExpIfParams {
    fn default() -> Self {
        ExpIfParams {
            r: 1.0 * ohm,
            tau: 10.0 * ms,
            tau_ref: 1.7 * ms,
            v_rest: -65.0 * mV,
            v_reset: -68.0 * mV,
            v_th: -30.0 * mV,
            v_t: -59.9 * mV,
            delta_t: 3.48 * mV,
        }
    }
}

impl ExpIfParams {
    fn validate(self) -> Result<Self, DynError> {
        positive("R", self.r)?;
        positive("tau", self.tau)?;
        non_negative("tau_ref", self.tau_ref)?;
        finite("V_rest", self.v_rest)?;
        finite("V_reset", self.v_reset)?;
        finite("V_th", self.v_th)?;
        finite("V_T", self.v_t)?;
        positive("delta_T", self.delta_t)?;
        check_above(("V_th", self.v_th), ("V_reset", self.v_reset), "must be > V_reset")?;
        Ok(self)
    }
}

/// Exponential integrate-and-fire neurons (not in brainstate 0.1.0; brainpy's `ExpIF`):
///
/// `τ dV/dt = −(V − V_rest) + Δ_T·e^((V − V_T)/Δ_T) + R·I(V)`,
///
/// integrated by exponential Euler with the exact `J = (−1 + e^((V − V_T)/Δ_T) + R·slope)/τ`.
/// A neuron spikes when `V ≥ V_th`; at the start of the next update V is set to `V_reset` and
/// held there while the spike is `k` steps old with `k·dt < τ_ref` ([`StepWindow::below`]).
/// dt must resolve the upswing: a step that overflows the exponential gives a non-finite V.
/// States `"V"` (hidden, default `V_rest`) and `"last_spike_time"` (short-term, −10⁷ ms).
///
/// ```
/// use neurodim_dyn::neuron::{Drive, ExpIf, ExpIfParams, Neuron};
/// use neurodim_state::{Environment, Shape, init_all};
/// use neurodim_units::*;
/// let mut pop = ExpIf::new(Shape::vector(1)?, ExpIfParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// let env = Environment::new(0.05 * ms)?;
/// let (mut spikes, mut count) = ([false], 0);
/// for i in 0..2000 {
///     pop.update(&env.step(i), &Drive::current(10.0 * mA), &mut spikes)?;
///     count += spikes[0] as usize;
/// }
/// assert!(count > 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct ExpIf {
    params: ExpIfParams,
    v: State<Voltage>,
    last_spike_time: State<Time>,
}

impl ExpIf {
    /// A population of `shape` with validated `params`.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert!(ExpIf::new(Shape::vector(10)?, ExpIfParams::default()).is_ok());
    /// let bad = ExpIfParams { delta_t: 0.0 * mV, ..ExpIfParams::default() };
    /// assert!(ExpIf::new(Shape::vector(10)?, bad).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(shape: Shape, params: ExpIfParams) -> Result<Self, DynError> {
        let params = params.validate()?;
        Ok(ExpIf {
            params,
            v: State::hidden(shape.clone(), Constant(params.v_rest)),
            last_spike_time: State::short_term(shape, Constant(-1e7 * ms)),
        })
    }

    /// Replaces the initialiser of V (default `Constant(V_rest)`).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut pop = ExpIf::new(Shape::vector(1)?, ExpIfParams::default())?.with_v_initializer(Constant(-70.0 * mV));
    /// init_all(&mut pop, None, 0)?;
    /// assert_eq!(pop.v()[0], -70.0 * mV);
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
    /// assert_eq!(ExpIf::new(Shape::vector(1)?, ExpIfParams::default())?.params().tau_ref, 1.7 * ms);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn params(&self) -> ExpIfParams {
        self.params
    }

    /// The time of each neuron's last spike (−10⁷ ms before the first).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut pop = ExpIf::new(Shape::vector(1)?, ExpIfParams::default())?;
    /// init_all(&mut pop, None, 0)?;
    /// assert_eq!(pop.last_spike_time()[0], -1e7 * ms);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn last_spike_time(&self) -> &[Time] {
        self.last_spike_time.values()
    }

    /// Applies the pending reset of the neurons whose stored V spiked.
    fn reset_spiking(&mut self, range: Range<usize>) {
        let p = self.params;
        self.v.values_mut()[range]
            .iter_mut()
            .for_each(|v| *v = if *v >= p.v_th { p.v_reset } else { *v });
    }

    /// One exponential-Euler step of V from `v` for neuron `i`.
    #[inline(always)]
    fn integrate_one<L: Linear>(
        p: &ExpIfParams,
        dt: Time,
        v: Voltage,
        i_ext: neurodim_units::Current,
        syn: L,
        i: usize,
    ) -> Voltage {
        let (offset, slope) = syn.at(i);
        let upswing = ((v - p.v_t) / p.delta_t).value.exp();
        let (current, synaptic_j) = if L::HAS_SLOPE {
            (i_ext + offset + slope * v, (p.r * slope).value)
        } else {
            (i_ext, 0.0)
        };
        let f: VoltageRate = (-(v - p.v_rest) + p.delta_t * upswing + p.r * current) / p.tau;
        let j: Frequency = (upswing - 1.0 + synaptic_j) / p.tau;
        v + exp_euler_factor(dt, j) * f
    }

    fn step<const RESET: bool>(
        &mut self,
        ctx: &StepContext,
        drive: &Drive<'_>,
        spikes: &mut [bool],
        range: Range<usize>,
    ) -> Result<(), DynError> {
        check_step("V", self.v.values().len(), drive, spikes.len(), &range)?;
        let values = &mut self.v.values_mut()[range.clone()];
        let spikes = &mut spikes[range.clone()];
        let last = &mut self.last_spike_time.values_mut()[range.clone()];
        let p = self.params;
        let (dt, t) = (ctx.dt, ctx.t);
        let refractory = StepWindow::below(p.tau_ref, dt);
        chunked!((values, spikes, last), range, {
            with_drive!(drive, range, |current, syn, delta| {
                let neurons = values.iter_mut().zip(last.iter()).zip(spikes.iter_mut());
                for (i, ((v, last), spike)) in neurons.enumerate() {
                    let start = if RESET && *v >= p.v_th { p.v_reset } else { *v };
                    *v = if refractory.contains(t - *last) {
                        start
                    } else {
                        Self::integrate_one(&p, dt, start, current.at(i), syn, i) + delta.at(i)
                    };
                    *spike = *v >= p.v_th;
                }
            });
            record_spike_times(spikes, last, t);
        });
        Ok(())
    }
}

neuron_via_step!(ExpIf);

neurodim_state::stateful_fields!(ExpIf { state "V" => v, state "last_spike_time" => last_spike_time });
