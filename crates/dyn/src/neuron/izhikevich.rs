use core::ops::Range;

use neurodim_state::State;
use neurodim_state::init::{Constant, Initializer};
use neurodim_state::{Precision, Shape, StateKind, StepContext};
use neurodim_units::validate::{finite, finite_number, positive};
use neurodim_units::{Frequency, Resistance, Time, Voltage, mV, ms, ohm};

use crate::DynError;
use crate::kernel::{
    NeuronInput, NeuronInputs, NeuronModel, Neurons, ParameterVisitor, PerElement,
};
use crate::neuron::{check_above, exp_euler_factor, exp_euler_factor_in};
use crate::neuron::{reinitialised, stored_state, v_state};

/// Parameters of [`Izhikevich`]; the default is regular spiking ([`IzhikevichParams::rs`]).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // Izhikevich's regular-spiking and fast-spiking cells, driven by I = 10
/// let mut net = Network::new(0.1 * ms)?;
/// let rs = net.add_population("RS", Izhikevich::new(1, IzhikevichParams::rs())?)?;
/// let fs = net.add_population("FS", Izhikevich::new(1, IzhikevichParams::fs())?)?;
/// net.set_current(rs, 10.0 * mA)?;
/// net.set_current(fs, 10.0 * mA)?;
/// let (s_rs, s_fs) = (net.monitor_spikes(rs)?, net.monitor_spikes(fs)?);
/// net.init(0)?;
/// net.run_for(1000.0 * ms)?;
/// let (n_rs, n_fs) = (net.spike_monitor(s_rs)?.num_spikes(), net.spike_monitor(s_fs)?.num_spikes());
/// assert!(n_rs > 5 && n_fs > n_rs, "{n_rs} {n_fs}");
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IzhikevichParams {
    /// Recovery rate `a` (> 0).
    pub a: Frequency,
    /// Sensitivity `b` of the recovery variable to V (dimensionless; finite).
    pub b: f64,
    /// Reset potential `c`.
    pub c: Voltage,
    /// Recovery increment `d` after a spike.
    pub d: Voltage,
    /// Spike cut-off `V_th` (default 30 mV; > `c`).
    pub v_th: Voltage,
    /// Resistance `R` converting the input current to mV (default 1 Ω: 1 mA is Izhikevich's
    /// `I = 1`).
    pub r: Resistance,
}

impl Default for IzhikevichParams {
    fn default() -> Self {
        IzhikevichParams::rs()
    }
}

impl IzhikevichParams {
    fn with(a: f64, b: f64, c: f64, d: f64) -> Self {
        IzhikevichParams { a: a / ms, b, c: c * mV, d: d * mV, v_th: 30.0 * mV, r: 1.0 * ohm }
    }

    /// Regular spiking: `a = 0.02/ms, b = 0.2, c = −65 mV, d = 8 mV`.
    pub fn rs() -> Self {
        IzhikevichParams::with(0.02, 0.2, -65.0, 8.0)
    }

    /// Intrinsically bursting: `a = 0.02/ms, b = 0.2, c = −55 mV, d = 4 mV`.
    pub fn ib() -> Self {
        IzhikevichParams::with(0.02, 0.2, -55.0, 4.0)
    }

    /// Chattering: `a = 0.02/ms, b = 0.2, c = −50 mV, d = 2 mV`.
    pub fn ch() -> Self {
        IzhikevichParams::with(0.02, 0.2, -50.0, 2.0)
    }

    /// Fast spiking: `a = 0.1/ms, b = 0.2, c = −65 mV, d = 2 mV`.
    pub fn fs() -> Self {
        IzhikevichParams::with(0.1, 0.2, -65.0, 2.0)
    }

    /// Low-threshold spiking: `a = 0.02/ms, b = 0.25, c = −65 mV, d = 2 mV`.
    pub fn lts() -> Self {
        IzhikevichParams::with(0.02, 0.25, -65.0, 2.0)
    }

    fn checked(self) -> Result<Self, DynError> {
        positive("a", self.a)?;
        finite_number("b", self.b)?;
        finite("c", self.c)?;
        finite("d", self.d)?;
        finite("V_th", self.v_th)?;
        positive("R", self.r)?;
        check_above(("V_th", self.v_th), ("c", self.c), "must be > c")?;
        Ok(self)
    }
}

/// Izhikevich neurons (Izhikevich 2003, *Simple model of spiking neurons*), with V and u in mV
/// and t in ms:
///
/// `dV/dt = (0.04·V²/mV + 5·V + 140 mV − u + R·I(V)) / ms`, `du/dt = a·(b·V − u)`;
///
/// a neuron spikes when `V ≥ V_th` (30 mV); at the start of the next update `V ← c`,
/// `u ← u + d`. Not in brainstate 0.1.0. The paper integrates V by two Euler half-steps of
/// 0.5 ms; here both variables take one exponential-Euler step of dt with the other frozen
/// (`J_V = (0.08·V/mV + 5 + R·slope)/ms`, `J_u = −a`), as every neurodim model does. States
/// `"V"` (hidden, default −65 mV) and `"u"` (hidden, default `b · (−65 mV)`).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::neuron::Drive;
/// let mut rs = Izhikevich::new(1, IzhikevichParams::rs())?;
/// init_all(&mut rs, None, 0)?;
/// assert_eq!(rs.u()[0], -13.0 * mV);
/// let env = Environment::new(0.1 * ms)?;
/// let (mut spikes, mut count) = ([false], 0);
/// for i in 0..10_000 {
///     rs.update(&env.step(i), &Drive::current(10.0 * mA), &mut spikes)?; // I = 10
///     count += spikes[0] as usize;
/// }
/// assert!(count > 5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type Izhikevich = Neurons<IzhikevichParams>;

/// The state of an [`Izhikevich`] population: `"V"` and `"u"`, both hidden.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// let mut pop = Izhikevich::new(3, IzhikevichParams::rs())?;
/// init_all(&mut pop, None, 0)?;
/// let paths: Vec<String> = list_states(&pop).into_iter().map(|info| info.path).collect();
/// assert_eq!(paths, ["V", "u"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct IzhikevichState<F: Precision> {
    pub(crate) v: State<F::Stored<Voltage>>,
    pub(crate) u: State<F::Stored<Voltage>>,
}

neurodim_state::stateful_fields!(IzhikevichState<F: Precision> { state "V" => v, state "u" => u });
v_state!(IzhikevichState);

/// The constants of an [`Izhikevich`] neuron for a step of `dt` (SI base units).
///
/// Derived once per `dt` by the model's `consts`; see [`NeuronModel`](crate::kernel::NeuronModel)
/// for an example of a model's constants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IzhikevichConsts<F> {
    dt: F,
    a: F,
    b: F,
    c: F,
    d: F,
    v_th: F,
    r: F,
    /// 1 mV and 1 ms in SI units: the model's equation is written in mV and ms.
    mv: F,
    ms: F,
    /// 140 mV.
    v_140: F,
    /// `dt·exprel(−a·dt)` (s).
    k_u: F,
}

impl<F: Precision> IzhikevichConsts<F> {
    /// `(V, u)` at the start of an update: `(c, u + d)` if they spiked.
    #[inline(always)]
    fn reset(&self, v: F, u: F) -> (F, F) {
        if v >= self.v_th { (self.c, u + self.d) } else { (v, u) }
    }

    /// One exponential-Euler step of V from `v` with `u` held.
    #[inline(always)]
    fn integrate_v(&self, has_slope: bool, v: F, u: F, input: &NeuronInput<F>) -> F {
        let (current, synaptic_j) = if has_slope {
            (input.current + input.slope * v, self.r * input.slope)
        } else {
            (input.current, F::zero())
        };
        let v_mv = v / self.mv;
        let f =
            (F::of(0.04) * v_mv * v + F::of(5.0) * v + self.v_140 - u + self.r * current) / self.ms;
        let j = (F::of(0.08) * v_mv + F::of(5.0) + synaptic_j) / self.ms;
        v + exp_euler_factor_in(self.dt, j) * f
    }
}

impl NeuronModel for IzhikevichParams {
    const NAME: &'static str = "Izhikevich";
    type Consts<F: Precision> = IzhikevichConsts<F>;
    type State<F: Precision> = IzhikevichState<F>;
    type Chunk<'a, F: Precision> = (&'a mut [F::Stored<Voltage>], &'a mut [F::Stored<Voltage>]);

    fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        neurodim_units::validate::time_step("1/a", 1.0 / self.a, dt)?;
        Ok(())
    }

    fn validate(&self) -> Result<(), DynError> {
        self.checked().map(|_| ())
    }

    fn visit_parameters(&mut self, visitor: &mut ParameterVisitor<'_>) {
        visitor.value("a", &mut self.a);
        visitor.value("b", &mut self.b);
        visitor.value("c", &mut self.c);
        visitor.value("d", &mut self.d);
        visitor.value("V_th", &mut self.v_th);
        visitor.value("R", &mut self.r);
    }

    fn consts<F: Precision>(&self, dt: Time) -> IzhikevichConsts<F> {
        let f = |x: f64| F::of(x);
        let a: Frequency = self.a;
        IzhikevichConsts {
            dt: f(dt.value),
            a: f(a.value),
            b: f(self.b),
            c: f(self.c.value),
            d: f(self.d.value),
            v_th: f(self.v_th.value),
            r: f(self.r.value),
            mv: f(mV.value),
            ms: f(ms.value),
            v_140: f((140.0 * mV).value),
            k_u: f(exp_euler_factor(dt, -a).value),
        }
    }

    fn state<F: Precision>(&self, shape: Shape) -> IzhikevichState<F> {
        let v0 = -65.0 * mV;
        IzhikevichState {
            v: stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(v0)),
            u: stored_state::<F, _>(StateKind::Hidden, shape, Constant(self.b * v0)),
        }
    }

    fn chunk<F: Precision>(
        state: &mut IzhikevichState<F>,
        range: Range<usize>,
    ) -> Self::Chunk<'_, F> {
        (&mut state.v.values_mut()[range.clone()], &mut state.u.values_mut()[range])
    }

    fn reset<F: Precision, C: PerElement<IzhikevichConsts<F>>>(
        consts: C,
        (v, u): Self::Chunk<'_, F>,
    ) {
        for (i, (v, u)) in v.iter_mut().zip(u.iter_mut()).enumerate() {
            let (v1, u1) = consts.at(i).reset(F::load(*v), F::load(*u));
            (*v, *u) = (F::store(v1), F::store(u1));
        }
    }

    #[inline(always)]
    fn update<F, const RESET: bool, C, I>(
        consts: C,
        (v, u): Self::Chunk<'_, F>,
        mut inputs: I,
        spikes: &mut [bool],
        _ctx: &StepContext,
    ) where
        F: Precision,
        C: PerElement<IzhikevichConsts<F>>,
        I: NeuronInputs<F>,
    {
        let neurons = v.iter_mut().zip(u.iter_mut()).zip(spikes.iter_mut());
        for (i, ((v, u), spike)) in neurons.enumerate() {
            let c = consts.at(i);
            let input = inputs.take(i);
            let (v_stored, u_stored) = (F::load(*v), F::load(*u));
            let (v0, u0) = if RESET { c.reset(v_stored, u_stored) } else { (v_stored, u_stored) };
            let next = c.integrate_v(I::HAS_SLOPE, v0, u0, &input) + input.delta;
            *v = F::store(next);
            *u = F::store(u0 + c.k_u * (c.a * (c.b * v0 - u0)));
            *spike = next >= c.v_th;
        }
    }
}

impl<F: Precision> Neurons<IzhikevichParams, F> {
    /// Replaces the initialiser of u (default `b · (−65 mV)`).
    pub fn with_u_initializer(mut self, init: impl Initializer<Voltage> + 'static) -> Self {
        let state = self.state_mut();
        state.u = reinitialised::<F, _>(&state.u, std::sync::Arc::new(init));
        self
    }

    /// The recovery variables u.
    pub fn u(&self) -> &[F::Stored<Voltage>] {
        self.state().u.values()
    }
}

#[cfg(test)]
mod tests {
    use crate::neuron::{IzhikevichParams, *};
    use neurodim_state::init::Constant;
    use neurodim_state::init_all;
    use neurodim_units::prelude::*;

    #[test]
    fn fast_spiking_preset() {
        let p = IzhikevichParams::fs();
        assert_eq!((p.a, p.d), (0.1 / ms, 2.0 * mV));
    }

    #[test]
    fn regular_spiking_preset() {
        assert_eq!(IzhikevichParams::rs().d, 8.0 * mV);
    }

    #[test]
    fn intrinsically_bursting_preset() {
        assert_eq!(IzhikevichParams::ib().c, -55.0 * mV);
    }

    #[test]
    fn chattering_preset() {
        assert_eq!(IzhikevichParams::ch().c, -50.0 * mV);
    }

    #[test]
    fn fast_spiking_preset_a() {
        assert_eq!(IzhikevichParams::fs().a, 0.1 / ms);
    }

    #[test]
    fn low_threshold_spiking_preset() {
        assert_eq!(IzhikevichParams::lts().b, 0.25);
    }

    #[test]
    fn u_initializer_sets_u() -> Result<(), Box<dyn std::error::Error>> {
        let mut pop =
            Izhikevich::new(1, IzhikevichParams::rs())?.with_u_initializer(Constant(-14.0 * mV));
        init_all(&mut pop, None, 0)?;
        assert_eq!(pop.u()[0], -14.0 * mV);
        Ok(())
    }

    #[test]
    fn u_starts_at_b_times_v() -> Result<(), Box<dyn std::error::Error>> {
        let mut pop = Izhikevich::new(1, IzhikevichParams::rs())?;
        init_all(&mut pop, None, 0)?;
        assert_eq!(pop.u()[0], 0.2 * (-65.0 * mV));
        Ok(())
    }
}
