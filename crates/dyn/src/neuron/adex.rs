use core::ops::Range;

use neurodim_state::init::{Constant, Initializer, Zero};
use neurodim_state::{Shape, State, StepContext};
use neurodim_units::validate::{finite, non_negative, positive};
use neurodim_units::{
    Capacitance, Conductance, Current, Frequency, Time, Voltage, VoltageRate, mV, ms, nS, pA, pF,
};

use crate::DynError;
use crate::neuron::drive::{Linear, Source, with_drive};
use crate::neuron::{Drive, StepWindow, check_step, neuron_via_step, record_spike_times};
use crate::neuron::{check_above, exp_euler_factor};
use crate::parallel::chunked;

/// Parameters of [`AdEx`]. The default is [`AdExParams::rs`].
///
/// ```
/// use neurodim_dyn::neuron::AdExParams;
/// use neurodim_units::*;
/// let fs = AdExParams::fs();
/// assert_eq!((fs.v_t, fs.delta_t, fs.a, fs.b), (-47.5 * mV, 0.5 * mV, 0.0 * nS, 0.0 * pA));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdExParams {
    /// Membrane capacitance `C` (> 0).
    pub c: Capacitance,
    /// Leak conductance `g_L` (> 0).
    pub g_l: Conductance,
    /// Leak reversal `E_L`.
    pub e_l: Voltage,
    /// Threshold of the exponential upswing `V_T`.
    pub v_t: Voltage,
    /// Sharpness `Δ_T` (> 0).
    pub delta_t: Voltage,
    /// Reset potential `V_reset`.
    pub v_reset: Voltage,
    /// Spike detection threshold `V_spike` (> `V_reset`).
    pub v_spike: Voltage,
    /// Refractory period `τ_ref` (≥ 0).
    pub tau_ref: Time,
    /// Adaptation time constant `τ_w` (> 0).
    pub tau_w: Time,
    /// Subthreshold adaptation `a`.
    pub a: Conductance,
    /// Spike-triggered adaptation increment `b`.
    pub b: Current,
}

impl Default for AdExParams {
    fn default() -> Self {
        AdExParams::rs()
    }
}

impl AdExParams {
    /// Regular spiking (the RS cells of Susin & Destexhe 2021, spec §5.2): `V_T = −40 mV`,
    /// `Δ_T = 2 mV`, `τ_ref = 5 ms`, `τ_w = 500 ms`, `a = 4 nS`, `b = 20 pA`, `C = 150 pF`,
    /// `g_L = 10 nS`, `E_L = V_reset = −65 mV`; `V_spike = V_T + 5Δ_T = −30 mV` (Brian2's
    /// `Vcut`; the network examples use −40 mV).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert_eq!(AdExParams::rs().v_spike, -30.0 * mV);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rs() -> Self {
        AdExParams {
            c: 150.0 * pF,
            g_l: 10.0 * nS,
            e_l: -65.0 * mV,
            v_t: -40.0 * mV,
            delta_t: 2.0 * mV,
            v_reset: -65.0 * mV,
            v_spike: -30.0 * mV,
            tau_ref: 5.0 * ms,
            tau_w: 500.0 * ms,
            a: 4.0 * nS,
            b: 20.0 * pA,
        }
    }

    /// Fast spiking (the FS cells of Susin & Destexhe 2021, spec §5.2): as [`rs`](Self::rs)
    /// but `V_T = −47.5 mV`, `Δ_T = 0.5 mV`, `a = b = 0`; `V_spike = V_T + 5Δ_T = −45 mV`.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert_eq!(AdExParams::fs().tau_w, 500.0 * ms);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fs() -> Self {
        AdExParams {
            v_t: -47.5 * mV,
            delta_t: 0.5 * mV,
            v_spike: -45.0 * mV,
            a: 0.0 * nS,
            b: 0.0 * pA,
            ..AdExParams::rs()
        }
    }

    fn validate(self) -> Result<Self, DynError> {
        positive("C", self.c)?;
        positive("g_L", self.g_l)?;
        finite("E_L", self.e_l)?;
        finite("V_T", self.v_t)?;
        positive("delta_T", self.delta_t)?;
        finite("V_reset", self.v_reset)?;
        finite("V_spike", self.v_spike)?;
        non_negative("tau_ref", self.tau_ref)?;
        positive("tau_w", self.tau_w)?;
        finite("a", self.a)?;
        finite("b", self.b)?;
        check_above(("V_spike", self.v_spike), ("V_reset", self.v_reset), "must be > V_reset")?;
        Ok(self)
    }
}

/// Adaptive exponential integrate-and-fire neurons (Brette & Gerstner 2005), as the AdEx
/// examples of brainstate define them (spec §5.2):
///
/// `C dV/dt = g_L·Δ_T·e^((V − V_T)/Δ_T) − w + g_L·(E_L − V) + I(V)`,
/// `τ_w dw/dt = a·(V − E_L) − w`,
///
/// each stepped by exponential Euler with the other at its value at the start of the step
/// (`J_V = (g_L·e^((V − V_T)/Δ_T) − g_L + slope)/C`, `J_w = −1/τ_w`). A neuron spikes when
/// `V ≥ V_spike`; at the start of the next update `V ← V_reset`, `w ← w + b`, and V is held at
/// `V_reset` while the spike is `k` steps old with `k·dt ≤ τ_ref` (the examples' `<=`,
/// [`StepWindow::up_to`]); w keeps evolving. States `"V"` (hidden, default `E_L`), `"w"`
/// (hidden, default 0 pA) and `"last_spike_time"` (short-term, −10⁷ ms).
///
/// ```
/// use neurodim_dyn::neuron::{AdEx, AdExParams, Drive, Neuron};
/// use neurodim_state::{Environment, Shape, init_all};
/// use neurodim_units::*;
/// let mut rs = AdEx::new(Shape::vector(1)?, AdExParams::rs())?;
/// init_all(&mut rs, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// let (mut spikes, mut count) = ([false], 0);
/// for i in 0..5000 {
///     rs.update(&env.step(i), &Drive::current(400.0 * pA), &mut spikes)?;
///     count += spikes[0] as usize;
/// }
/// assert!(count > 0);
/// assert!(rs.w()[0] > 0.0 * pA); // adaptation builds up
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct AdEx {
    params: AdExParams,
    v: State<Voltage>,
    w: State<Current>,
    last_spike_time: State<Time>,
}

impl AdEx {
    /// A population of `shape` with validated `params`.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert!(AdEx::new(Shape::vector(10)?, AdExParams::fs()).is_ok());
    /// let bad = AdExParams { tau_w: 0.0 * ms, ..AdExParams::rs() };
    /// assert!(AdEx::new(Shape::vector(10)?, bad).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(shape: Shape, params: AdExParams) -> Result<Self, DynError> {
        let params = params.validate()?;
        Ok(AdEx {
            params,
            v: State::hidden(shape.clone(), Constant(params.e_l)),
            w: State::hidden(shape.clone(), Zero),
            last_spike_time: State::short_term(shape, Constant(-1e7 * ms)),
        })
    }

    /// Replaces the initialiser of V (default `Constant(E_L)`).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut pop = AdEx::new(Shape::vector(2)?, AdExParams::rs())?.with_v_initializer(Constant(-70.0 * mV));
    /// init_all(&mut pop, None, 0)?;
    /// assert_eq!(pop.v()[0], -70.0 * mV);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_v_initializer(mut self, init: impl Initializer<Voltage> + 'static) -> Self {
        self.v = State::hidden(self.v.shape().clone(), init);
        self
    }

    /// Replaces the initialiser of w (default zero).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut pop = AdEx::new(Shape::vector(2)?, AdExParams::rs())?.with_w_initializer(Constant(50.0 * pA));
    /// init_all(&mut pop, None, 0)?;
    /// assert_eq!(pop.w()[1], 50.0 * pA);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_w_initializer(mut self, init: impl Initializer<Current> + 'static) -> Self {
        self.w = State::hidden(self.w.shape().clone(), init);
        self
    }

    /// The parameters.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert_eq!(AdEx::new(Shape::vector(1)?, AdExParams::fs())?.params(), AdExParams::fs());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn params(&self) -> AdExParams {
        self.params
    }

    /// The adaptation currents w.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut pop = AdEx::new(Shape::vector(3)?, AdExParams::rs())?;
    /// init_all(&mut pop, None, 0)?;
    /// assert_eq!(pop.w(), [0.0 * pA; 3]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn w(&self) -> &[Current] {
        self.w.values()
    }

    /// The time of each neuron's last spike (−10⁷ ms before the first).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut pop = AdEx::new(Shape::vector(1)?, AdExParams::rs())?;
    /// init_all(&mut pop, None, 0)?;
    /// assert_eq!(pop.last_spike_time()[0], -1e7 * ms);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn last_spike_time(&self) -> &[Time] {
        self.last_spike_time.values()
    }

    /// `(V, w)` at the start of an update: reset if the stored V spiked.
    #[inline(always)]
    fn reset_one(p: &AdExParams, v: Voltage, w: Current) -> (Voltage, Current) {
        if v >= p.v_spike { (p.v_reset, w + p.b) } else { (v, w) }
    }

    /// Applies the pending reset of the neurons whose stored V spiked.
    fn reset_spiking(&mut self, range: Range<usize>) {
        let p = self.params;
        for (v, w) in
            self.v.values_mut()[range.clone()].iter_mut().zip(&mut self.w.values_mut()[range])
        {
            (*v, *w) = Self::reset_one(&p, *v, *w);
        }
    }

    /// One exponential-Euler step of V from `v` with w frozen, for neuron `i`.
    #[inline(always)]
    fn integrate_v<L: Linear>(
        p: &AdExParams,
        dt: Time,
        v: Voltage,
        w: Current,
        i_ext: Current,
        syn: L,
        i: usize,
    ) -> Voltage {
        let (offset, slope) = syn.at(i);
        let upswing = ((v - p.v_t) / p.delta_t).value.exp();
        let current = if L::HAS_SLOPE { i_ext + offset + slope * v } else { i_ext };
        let f: VoltageRate =
            (p.g_l * p.delta_t * upswing - w + p.g_l * (p.e_l - v) + current) / p.c;
        let j: Frequency = (p.g_l * upswing - p.g_l + slope) / p.c;
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
        let adaptation = &mut self.w.values_mut()[range.clone()];
        let last = &mut self.last_spike_time.values_mut()[range.clone()];
        let p = self.params;
        let (dt, t) = (ctx.dt, ctx.t);
        let refractory = StepWindow::up_to(p.tau_ref, dt);
        let k_w = exp_euler_factor(dt, -1.0 / p.tau_w);
        chunked!((values, spikes, adaptation, last), range, {
            with_drive!(drive, range, |current, syn, delta| {
                let neurons = values.iter_mut().zip(adaptation.iter_mut()).zip(last.iter());
                for (i, (((v, w), last), spike)) in neurons.zip(spikes.iter_mut()).enumerate() {
                    let (v0, w0) = if RESET { Self::reset_one(&p, *v, *w) } else { (*v, *w) };
                    *v = if refractory.contains(t - *last) {
                        v0
                    } else {
                        Self::integrate_v(&p, dt, v0, w0, current.at(i), syn, i) + delta.at(i)
                    };
                    *w = w0 + k_w * ((p.a * (v0 - p.e_l) - w0) / p.tau_w);
                    *spike = *v >= p.v_spike;
                }
            });
            record_spike_times(spikes, last, t);
        });
        Ok(())
    }
}

neuron_via_step!(AdEx);

neurodim_state::stateful_fields!(AdEx { state "V" => v, state "w" => w, state "last_spike_time" => last_spike_time });
