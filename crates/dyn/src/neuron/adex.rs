use core::ops::Range;

use neurodim_state::init::{Constant, Initializer, Zero};
use neurodim_state::{Precision, Shape, State, StateKind, StepContext};
use neurodim_units::validate::{finite, non_negative, positive, time_constant};
use neurodim_units::{Capacitance, Conductance, Current, Time, Voltage, mV, ms, nS, pA, pF};

use crate::DynError;
use crate::kernel::{
    NeuronInput, NeuronInputs, NeuronModel, Neurons, ParameterVisitor, PerElement,
};
use crate::neuron::{StepWindow, check_above, exp_euler_factor, exp_euler_factor_in};
use crate::neuron::{record_spike_times, reinitialised, stored_state, v_state};

/// Parameters of [`AdEx`]. The default is [`AdExParams::rs`].
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // a regular-spiking (adapting) and a fast-spiking (non-adapting) cell, the same current
/// let mut net = Network::new(0.1 * ms)?;
/// let rs = net.add_population("RS", AdEx::new(1, AdExParams::rs())?)?;
/// let fs = net.add_population("FS", AdEx::new(1, AdExParams::fs())?)?;
/// net.set_current(rs, 400.0 * pA)?;
/// net.set_current(fs, 400.0 * pA)?;
/// let (s_rs, s_fs) = (net.monitor_spikes(rs)?, net.monitor_spikes(fs)?);
/// net.init(0)?;
/// net.run_for(500.0 * ms)?;
/// let (n_rs, n_fs) = (net.spike_monitor(s_rs)?.num_spikes(), net.spike_monitor(s_fs)?.num_spikes());
/// assert!(n_rs > 0 && n_fs > n_rs, "{n_rs} {n_fs}");
/// # Ok::<(), DynError>(())
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
    /// Regular spiking (the RS cells of Susin & Destexhe 2021): `V_T = −40 mV`,
    /// `Δ_T = 2 mV`, `τ_ref = 5 ms`, `τ_w = 500 ms`, `a = 4 nS`, `b = 20 pA`, `C = 150 pF`,
    /// `g_L = 10 nS`, `E_L = V_reset = −65 mV`; `V_spike = V_T + 5Δ_T = −30 mV` (Brian2's
    /// `Vcut`; the network examples use −40 mV).
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

    /// Fast spiking (the FS cells of Susin & Destexhe 2021): as [`rs`](Self::rs)
    /// but `V_T = −47.5 mV`, `Δ_T = 0.5 mV`, `a = b = 0`; `V_spike = V_T + 5Δ_T = −45 mV`.
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

    fn checked(self) -> Result<Self, DynError> {
        positive("C", self.c)?;
        positive("g_L", self.g_l)?;
        finite("E_L", self.e_l)?;
        finite("V_T", self.v_t)?;
        positive("delta_T", self.delta_t)?;
        finite("V_reset", self.v_reset)?;
        finite("V_spike", self.v_spike)?;
        non_negative("tau_ref", self.tau_ref)?;
        time_constant("tau_w", self.tau_w)?;
        finite("a", self.a)?;
        finite("b", self.b)?;
        check_above(("V_spike", self.v_spike), ("V_reset", self.v_reset), "must be > V_reset")?;
        Ok(self)
    }
}

/// Adaptive exponential integrate-and-fire neurons (Brette & Gerstner 2005), as the AdEx
/// examples of brainstate define them:
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
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::neuron::Drive;
/// let mut rs = AdEx::new(1, AdExParams::rs())?;
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
pub type AdEx = Neurons<AdExParams>;

/// The state of an [`AdEx`] population: `"V"`, `"w"` (hidden) and `"last_spike_time"`
/// (short-term, `f64` in either precision).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// let mut pop = AdEx::new(3, AdExParams::rs())?;
/// init_all(&mut pop, None, 0)?;
/// let paths: Vec<String> = list_states(&pop).into_iter().map(|info| info.path).collect();
/// assert_eq!(paths, ["V", "w", "last_spike_time"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct AdExState<F: Precision> {
    pub(crate) v: State<F::Stored<Voltage>>,
    pub(crate) w: State<F::Stored<Current>>,
    pub(crate) last_spike_time: State<Time>,
}

neurodim_state::stateful_fields!(AdExState<F: Precision> {
    state "V" => v,
    state "w" => w,
    state "last_spike_time" => last_spike_time,
});
v_state!(AdExState);

/// The constants of an [`AdEx`] neuron for a step of `dt` (SI base units).
///
/// Derived once per `dt` by the model's `consts`; see [`NeuronModel`](crate::kernel::NeuronModel)
/// for an example of a model's constants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdExConsts<F> {
    dt: F,
    c: F,
    g_l: F,
    e_l: F,
    v_t: F,
    delta_t: F,
    v_reset: F,
    v_spike: F,
    tau_w: F,
    a: F,
    b: F,
    /// `dt·exprel(−dt/τ_w)` (s).
    k_w: F,
    refractory: StepWindow,
}

impl<F: Precision> AdExConsts<F> {
    /// `(V, w)` at the start of an update: `(V_reset, w + b)` if they spiked.
    #[inline(always)]
    fn reset(&self, v: F, w: F) -> (F, F) {
        if v >= self.v_spike { (self.v_reset, w + self.b) } else { (v, w) }
    }

    /// One exponential-Euler step of V from `v` with `w` held.
    #[inline(always)]
    fn integrate_v(&self, has_slope: bool, v: F, w: F, input: &NeuronInput<F>) -> F {
        let upswing = ((v - self.v_t) / self.delta_t).exp();
        let current = if has_slope { input.current + input.slope * v } else { input.current };
        let f =
            (self.g_l * self.delta_t * upswing - w + self.g_l * (self.e_l - v) + current) / self.c;
        let j = (self.g_l * upswing - self.g_l + input.slope) / self.c;
        v + exp_euler_factor_in(self.dt, j) * f
    }
}

impl NeuronModel for AdExParams {
    const NAME: &'static str = "AdEx";
    type Consts<F: Precision> = AdExConsts<F>;
    type State<F: Precision> = AdExState<F>;
    type Chunk<'a, F: Precision> =
        (&'a mut [F::Stored<Voltage>], &'a mut [F::Stored<Current>], &'a mut [Time]);

    fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        neurodim_units::validate::time_step("C/g_L", self.c / self.g_l, dt)?;
        neurodim_units::validate::time_step("tau_w", self.tau_w, dt)?;
        Ok(())
    }

    fn validate(&self) -> Result<(), DynError> {
        self.checked().map(|_| ())
    }

    fn visit_parameters(&mut self, visitor: &mut ParameterVisitor<'_>) {
        visitor.value("C", &mut self.c);
        visitor.value("g_L", &mut self.g_l);
        visitor.value("E_L", &mut self.e_l);
        visitor.value("V_T", &mut self.v_t);
        visitor.value("delta_T", &mut self.delta_t);
        visitor.value("V_reset", &mut self.v_reset);
        visitor.value("V_spike", &mut self.v_spike);
        visitor.value("tau_ref", &mut self.tau_ref);
        visitor.value("tau_w", &mut self.tau_w);
        visitor.value("a", &mut self.a);
        visitor.value("b", &mut self.b);
    }

    fn consts<F: Precision>(&self, dt: Time) -> AdExConsts<F> {
        let f = |x: f64| F::of(x);
        AdExConsts {
            dt: f(dt.value),
            c: f(self.c.value),
            g_l: f(self.g_l.value),
            e_l: f(self.e_l.value),
            v_t: f(self.v_t.value),
            delta_t: f(self.delta_t.value),
            v_reset: f(self.v_reset.value),
            v_spike: f(self.v_spike.value),
            tau_w: f(self.tau_w.value),
            a: f(self.a.value),
            b: f(self.b.value),
            k_w: f(exp_euler_factor(dt, -1.0 / self.tau_w).value),
            refractory: StepWindow::up_to(self.tau_ref, dt),
        }
    }

    fn state<F: Precision>(&self, shape: Shape) -> AdExState<F> {
        AdExState {
            v: stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(self.e_l)),
            w: stored_state::<F, _>(StateKind::Hidden, shape.clone(), Zero),
            last_spike_time: State::short_term(shape, Constant(-1e7 * ms)),
        }
    }

    fn chunk<F: Precision>(state: &mut AdExState<F>, range: Range<usize>) -> Self::Chunk<'_, F> {
        (
            &mut state.v.values_mut()[range.clone()],
            &mut state.w.values_mut()[range.clone()],
            &mut state.last_spike_time.values_mut()[range],
        )
    }

    fn reset<F: Precision, C: PerElement<AdExConsts<F>>>(consts: C, chunk: Self::Chunk<'_, F>) {
        for (i, (v, w)) in chunk.0.iter_mut().zip(chunk.1.iter_mut()).enumerate() {
            let (v1, w1) = consts.at(i).reset(F::load(*v), F::load(*w));
            (*v, *w) = (F::store(v1), F::store(w1));
        }
    }

    #[inline(always)]
    fn update<F, const RESET: bool, C, I>(
        consts: C,
        (v, w, last): Self::Chunk<'_, F>,
        mut inputs: I,
        spikes: &mut [bool],
        ctx: &StepContext,
    ) where
        F: Precision,
        C: PerElement<AdExConsts<F>>,
        I: NeuronInputs<F>,
    {
        let t = ctx.t;
        let neurons = v.iter_mut().zip(w.iter_mut()).zip(last.iter());
        for (i, (((v, w), last), spike)) in neurons.zip(spikes.iter_mut()).enumerate() {
            let c = consts.at(i);
            let input = inputs.take(i);
            let (v_stored, w_stored) = (F::load(*v), F::load(*w));
            let (v0, w0) = if RESET { c.reset(v_stored, w_stored) } else { (v_stored, w_stored) };
            let next = if c.refractory.contains(t - *last) {
                v0
            } else {
                c.integrate_v(I::HAS_SLOPE, v0, w0, &input) + input.delta
            };
            *v = F::store(next);
            *w = F::store(w0 + c.k_w * ((c.a * (v0 - c.e_l) - w0) / c.tau_w));
            *spike = next >= c.v_spike;
        }
        record_spike_times(spikes, last, t);
    }
}

impl<F: Precision> Neurons<AdExParams, F> {
    /// Replaces the initialiser of w (default 0 pA).
    pub fn with_w_initializer(mut self, init: impl Initializer<Current> + 'static) -> Self {
        let state = self.state_mut();
        state.w = reinitialised::<F, _>(&state.w, std::sync::Arc::new(init));
        self
    }

    /// The adaptation currents w.
    pub fn w(&self) -> &[F::Stored<Current>] {
        self.state().w.values()
    }

    /// The time of each neuron's last spike (−10⁷ ms before the first).
    pub fn last_spike_time(&self) -> &[Time] {
        self.state().last_spike_time.values()
    }
}

#[cfg(test)]
mod tests {
    use crate::neuron::{AdExParams, *};
    use neurodim_state::init::Constant;
    use neurodim_state::init_all;
    use neurodim_units::prelude::*;

    #[test]
    fn fast_spiking_preset() {
        let fs = AdExParams::fs();
        assert_eq!((fs.v_t, fs.delta_t, fs.a, fs.b), (-47.5 * mV, 0.5 * mV, 0.0 * nS, 0.0 * pA));
    }

    #[test]
    fn regular_spiking_preset() {
        assert_eq!(AdExParams::rs().v_spike, -30.0 * mV);
    }

    #[test]
    fn fast_spiking_preset_has_slow_w() {
        assert_eq!(AdExParams::fs().tau_w, 500.0 * ms);
    }

    #[test]
    fn w_initializer_sets_w() -> Result<(), Box<dyn std::error::Error>> {
        let mut pop = AdEx::new(1, AdExParams::rs())?.with_w_initializer(Constant(5.0 * pA));
        init_all(&mut pop, None, 0)?;
        assert_eq!(pop.w()[0], 5.0 * pA);
        Ok(())
    }

    #[test]
    fn w_starts_at_zero() -> Result<(), Box<dyn std::error::Error>> {
        let mut pop = AdEx::new(1, AdExParams::rs())?;
        init_all(&mut pop, None, 0)?;
        assert_eq!(pop.w(), [0.0 * pA]);
        Ok(())
    }

    #[test]
    fn no_spike_yet() -> Result<(), Box<dyn std::error::Error>> {
        let mut pop = AdEx::new(1, AdExParams::rs())?;
        init_all(&mut pop, None, 0)?;
        assert_eq!(pop.last_spike_time()[0], -1e7 * ms);
        Ok(())
    }
}
