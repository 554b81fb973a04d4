use core::ops::Range;

use neurodim_state::init::{Constant, Initializer};
use neurodim_state::{Shape, State, StepContext};
use neurodim_units::validate::{finite, positive};
use neurodim_units::{Resistance, Time, Voltage, mV, ms, ohm};

use crate::DynError;
use crate::neuron::drive::{Source, with_drive};
use crate::neuron::exp_euler_factor;
use crate::neuron::membrane::Membrane;
use crate::neuron::{Drive, LifParams, SpikeReset, check_step, neuron_via_step};
use crate::parallel::chunked;

/// Parameters of [`Alif`], with brainstate's defaults.
///
/// ```
/// use neurodim_dyn::neuron::AlifParams;
/// use neurodim_units::*;
/// assert_eq!(AlifParams::default().tau_a, 100.0 * ms);
/// assert_eq!(AlifParams::default().beta, 0.1 * mV);
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
/// use neurodim_dyn::neuron::{Alif, AlifParams, Drive, Neuron};
/// use neurodim_state::{Environment, Shape, init_all};
/// use neurodim_units::*;
///
/// let mut pop = Alif::new(Shape::vector(1)?, AlifParams { tau: 10.0 * ms, ..AlifParams::default() })?;
/// init_all(&mut pop, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// let mut spikes = [false];
/// for i in 0..300 {
///     pop.update(&env.step(i), &Drive::current(1.5 * mA), &mut spikes)?;
/// }
/// assert!((pop.a()[0] - 1.7687).abs() < 5e-5); // spec §2.1
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Alif {
    rule: AdaptiveThreshold,
    v: State<Voltage>,
    a: State<f64>,
}

/// The validated parameters of [`Alif`] and its per-neuron rules.
#[derive(Debug, Clone, Copy, PartialEq)]
struct AdaptiveThreshold {
    membrane: Membrane,
    tau_a: Time,
    beta: Voltage,
}

impl AdaptiveThreshold {
    /// The spike test `V − V_th − β·a ≥ 0`.
    #[inline(always)]
    fn fires(&self, v: Voltage, a: f64) -> bool {
        v - self.membrane.v_th - self.beta * a >= Voltage::default()
    }

    /// `(V, a)` at the start of an update: reset if the stored state spiked.
    #[inline(always)]
    fn reset(&self, v: Voltage, a: f64) -> (Voltage, f64) {
        if self.fires(v, a) { (self.membrane.reset_after(v), a + 1.0) } else { (v, a) }
    }
}

impl Alif {
    /// A population of `shape` with validated `params` (those of [`Lif`](crate::neuron::Lif),
    /// `τ_a > 0` and a finite `β`).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert!(Alif::new(Shape::vector(10)?, AlifParams::default()).is_ok());
    /// let err = Alif::new(Shape::vector(10)?, AlifParams { tau_a: -1.0 * ms, ..AlifParams::default() }).unwrap_err();
    /// assert_eq!(err.to_string(), "invalid tau_a: -1 ms (must be > 0)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(shape: Shape, params: AlifParams) -> Result<Self, DynError> {
        let lif = LifParams {
            r: params.r,
            tau: params.tau,
            v_th: params.v_th,
            v_reset: params.v_reset,
            v_rest: params.v_rest,
            reset: params.reset,
        };
        let rule = AdaptiveThreshold {
            membrane: lif.membrane()?,
            tau_a: positive("tau_a", params.tau_a)?,
            beta: finite("beta", params.beta)?,
        };
        Ok(Alif {
            rule,
            v: State::hidden(shape.clone(), Constant(0.0 * mV)),
            a: State::hidden(shape, Constant(0.0)),
        })
    }

    /// Replaces the initialiser of V (default `Constant(0 mV)`).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut pop = Alif::new(Shape::vector(2)?, AlifParams::default())?.with_v_initializer(Constant(0.5 * mV));
    /// init_all(&mut pop, None, 0)?;
    /// assert_eq!(pop.v()[1], 0.5 * mV);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_v_initializer(mut self, init: impl Initializer<Voltage> + 'static) -> Self {
        self.v = State::hidden(self.v.shape().clone(), init);
        self
    }

    /// Replaces the initialiser of `a` (default `Constant(0.0)`).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut pop = Alif::new(Shape::vector(2)?, AlifParams::default())?.with_a_initializer(Constant(2.0));
    /// init_all(&mut pop, None, 0)?;
    /// assert_eq!(pop.a(), [2.0, 2.0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_a_initializer(mut self, init: impl Initializer<f64> + 'static) -> Self {
        self.a = State::hidden(self.a.shape().clone(), init);
        self
    }

    /// The parameters.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert_eq!(Alif::new(Shape::vector(1)?, AlifParams::default())?.params(), AlifParams::default());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn params(&self) -> AlifParams {
        let (m, rule) = (self.rule.membrane, self.rule);
        AlifParams {
            r: m.r,
            tau: m.tau,
            tau_a: rule.tau_a,
            v_th: m.v_th,
            v_reset: m.v_reset,
            v_rest: m.v_rest,
            beta: rule.beta,
            reset: m.reset,
        }
    }

    /// The adaptation variables `a`.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut pop = Alif::new(Shape::vector(2)?, AlifParams::default())?;
    /// init_all(&mut pop, Some(3), 0)?;
    /// assert_eq!(pop.a().len(), 6);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn a(&self) -> &[f64] {
        self.a.values()
    }

    /// Applies the pending reset of the neurons whose stored state spiked.
    fn reset_spiking(&mut self, range: Range<usize>) {
        let rule = self.rule;
        for (v, a) in
            self.v.values_mut()[range.clone()].iter_mut().zip(&mut self.a.values_mut()[range])
        {
            (*v, *a) = rule.reset(*v, *a);
        }
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
        let adapt = &mut self.a.values_mut()[range.clone()];
        let rule = self.rule;
        let m = rule.membrane;
        let (dt, leak) = (ctx.dt, m.leak_factor(ctx.dt));
        // exponential Euler of da/dt = −a/τ_a: a + dt·exprel(dt·J)·(−a/τ_a), J = −1/τ_a
        let decay = exp_euler_factor(dt, -1.0 / rule.tau_a);
        chunked!((values, spikes, adapt), range, {
            with_drive!(drive, range, |current, syn, delta| {
                let neurons = values.iter_mut().zip(adapt.iter_mut()).zip(spikes.iter_mut());
                for (i, ((v, a), spike)) in neurons.enumerate() {
                    let (start, a_start) = if RESET { rule.reset(*v, *a) } else { (*v, *a) };
                    *v = m.integrate(dt, leak, start, current.at(i), syn, i) + delta.at(i);
                    *a = a_start + (decay * (-a_start / rule.tau_a)).value;
                    *spike = rule.fires(*v, *a);
                }
            });
        });
        Ok(())
    }
}

neuron_via_step!(Alif);

neurodim_state::stateful_fields!(Alif { state "V" => v, state "a" => a });
