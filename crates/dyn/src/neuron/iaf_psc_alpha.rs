use core::ops::Range;

use neurodim_state::init::Constant;
use neurodim_state::{Precision, Shape, State, StateKind, StepContext};
use neurodim_units::validate::{finite, time_constant, time_step};
use neurodim_units::{Capacitance, Current, Time, Voltage, mV, ms, pA, pF};

use crate::DynError;
use crate::integrate::IafPropagator;
use crate::kernel::{
    NeuronInputs, NeuronModel, Neurons, ParameterVisitor, PerElement, SpikeWeight, nest_steps,
};
use crate::neuron::nest_iaf::NestIaf;
use crate::neuron::{stored_state, v_state};

/// Parameters of [`IafPscAlpha`], with NEST's names and defaults (`iaf_psc_alpha`, NEST 3.10).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // one spike of 100 pA: an alpha current peaking at 100 pA after τ_syn = 2 ms
/// let mut net = Network::new(0.1 * ms)?;
/// let stim = net.add_spike_source("stim", SpikeTime::new(1, vec![0], vec![0.0 * ms])?)?;
/// let cell = net.add_population("cell", IafPscAlpha::new(1, IafPscAlphaParams::default())?)?;
/// let conn = AllToAll::new().topology(1, 1)?.with_weight(100.0 * pA)?;
/// let delays = SynapseDelays::nest(0.1 * ms, net.dt())?;
/// net.add_static_synapses("S", StaticSynapses::new(stim, cell, conn).with_delays(delays))?;
/// let current = net.monitor_state("cell.I_syn_ex", &[0], 1)?;
/// net.init(0)?;
/// net.run_for(10.0 * ms)?;
/// let i: Vec<f64> = net.state_trace(current)?.si().trace(0).map(|i| i * 1e12).collect();
/// let peak = (0..i.len()).max_by(|&a, &b| i[a].total_cmp(&i[b])).unwrap();
/// // the spike of step 0 arrives in step 1 and the current rises from step 2: peak at step 21
/// assert_eq!(peak, 21);
/// assert!((i[peak] - 100.0).abs() < 1e-9);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IafPscAlphaParams {
    /// Membrane time constant `tau_m` (default 10 ms; > 0).
    pub tau_m: Time,
    /// Membrane capacitance `C_m` (default 250 pF; > 0).
    pub c_m: Capacitance,
    /// Rise time of the excitatory synaptic current `tau_syn_ex` (default 2 ms; > 0).
    pub tau_syn_ex: Time,
    /// Rise time of the inhibitory synaptic current `tau_syn_in` (default 2 ms; > 0).
    pub tau_syn_in: Time,
    /// Absolute refractory period `t_ref` (default 2 ms; ≥ 0), in NEST's count of steps
    /// ([`nest_steps`]).
    pub t_ref: Time,
    /// Resting potential `E_L` (default −70 mV).
    pub e_l: Voltage,
    /// Constant external current `I_e` (default 0 pA).
    pub i_e: Current,
    /// Threshold `V_th` (default −55 mV; > `V_reset`).
    pub v_th: Voltage,
    /// Reset potential `V_reset` (default −70 mV).
    pub v_reset: Voltage,
    /// Lower bound `V_min` of the membrane potential (default none: NEST's −∞).
    pub v_min: Option<Voltage>,
}

impl Default for IafPscAlphaParams {
    fn default() -> Self {
        IafPscAlphaParams {
            tau_m: 10.0 * ms,
            c_m: 250.0 * pF,
            tau_syn_ex: 2.0 * ms,
            tau_syn_in: 2.0 * ms,
            t_ref: 2.0 * ms,
            e_l: -70.0 * mV,
            i_e: 0.0 * pA,
            v_th: -55.0 * mV,
            v_reset: -70.0 * mV,
            v_min: None,
        }
    }
}

/// NEST's `iaf_psc_alpha`: a leaky integrate-and-fire neuron with alpha-shaped synaptic
/// currents, integrated exactly (Rotter & Diesmann 1999).
///
/// A spike of weight `w` (A) on a port starts the current `I(t) = w·(t/τ_syn)·e^{1 − t/τ_syn}`
/// (peak `w` at `τ_syn`), kept as the pair `(dI, I)`: at arrival `dI ← dI + w·e/τ_syn`. With
/// `y = V − E_L`, each step of `h` that is not refractory:
///
/// `y ← P₃₀·(I_e + I) + Σ_ports (P₃₁·dI + P₃₂·I) + (e^{−h/τ_m} − 1)·y + y`,
/// `P₃₀ = −τ_m/C_m·(e^{−h/τ_m} − 1)`, `(P₃₁, P₃₂)` from [`IafPropagator::alpha`]; then
/// `y ← max(y, V_min − E_L)`; every step `I ← h·e^{−h/τ_syn}·dI + e^{−h/τ_syn}·I`,
/// `dI ← e^{−h/τ_syn}·dI`, then the arriving weights. A spike moves `dI` in the step it
/// arrives, `I` and `V` from the next. If `y ≥ V_th − E_L` the neuron spikes, `V` is set to
/// `V_reset` at once and the next [`nest_steps`]`(t_ref)` steps are refractory. `I` is the
/// network's current into the population (A; a conductance-based input adds `s·V` at the V
/// of the start of the step); voltage jumps of [`Delta`](crate::projection::Delta)
/// projections are added to `y` when not refractory.
///
/// States: `"V"` (hidden, default `E_L`), `"I_syn_ex"`, `"I_syn_in"` (hidden, 0 pA; the
/// inhibitory one negative), `"dI_syn_ex"`, `"dI_syn_in"` (hidden, 0 pA/s) and
/// `"refractory_steps"` (short-term, 0).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// let mut pop = IafPscAlpha::new(3, IafPscAlphaParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// let paths: Vec<String> = list_states(&pop).into_iter().map(|info| info.path).collect();
/// assert_eq!(paths, ["V", "I_syn_ex", "I_syn_in", "dI_syn_ex", "dI_syn_in", "refractory_steps"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type IafPscAlpha = Neurons<IafPscAlphaParams>;

/// The state of an [`IafPscAlpha`] population: `"V"`, `"I_syn_ex"`, `"I_syn_in"`,
/// `"dI_syn_ex"`, `"dI_syn_in"`, `"refractory_steps"`.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut pop = IafPscAlpha::new(2, IafPscAlphaParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// assert_eq!(pop.state().i_syn_in(), [0.0 * pA; 2]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct IafPscAlphaState<F: Precision> {
    pub(crate) v: State<F::Stored<Voltage>>,
    i_syn_ex: State<F::Stored<Current>>,
    i_syn_in: State<F::Stored<Current>>,
    /// `dI/dt` of the excitatory and inhibitory currents, A/s (stored as its SI value).
    di_syn_ex: State<F::Stored<f64>>,
    di_syn_in: State<F::Stored<f64>>,
    /// NEST's `r_`: the refractory steps left, a whole number (kept in `f64`, exact).
    refractory_steps: State<f64>,
}

neurodim_state::stateful_fields!(IafPscAlphaState<F: Precision> {
    state "V" => v,
    state "I_syn_ex" => i_syn_ex,
    state "I_syn_in" => i_syn_in,
    state "dI_syn_ex" => di_syn_ex,
    state "dI_syn_in" => di_syn_in,
    state "refractory_steps" => refractory_steps,
});
v_state!(IafPscAlphaState);

impl<F: Precision> IafPscAlphaState<F> {
    /// The excitatory synaptic currents.
    pub fn i_syn_ex(&self) -> &[F::Stored<Current>] {
        self.i_syn_ex.values()
    }

    /// The inhibitory synaptic currents (negative).
    pub fn i_syn_in(&self) -> &[F::Stored<Current>] {
        self.i_syn_in.values()
    }
}

/// The constants of one port of an [`IafPscAlpha`] neuron.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlphaPort<F> {
    /// `e^{−h/τ_syn}` (NEST's `P11` = `P22`).
    pub decay: F,
    /// `h·e^{−h/τ_syn}` (s; NEST's `P21`).
    pub p21: F,
    /// `P₃₁`, from `dI` into V (V·s/A).
    pub p31: F,
    /// `P₃₂`, from `I` into V (V/A).
    pub p32: F,
    /// `e/τ_syn` (1/s): `dI` per unit of weight.
    pub init: F,
}

/// The constants of an [`IafPscAlpha`] neuron for a step of `h` (NEST's internal variables), in
/// SI units, potentials relative to `E_L`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IafPscAlphaConsts<F> {
    /// The excitatory and inhibitory ports.
    pub ports: [AlphaPort<F>; 2],
    /// `e^{−h/τ_m} − 1`.
    pub expm1_tau_m: F,
    /// `P₃₀ = −τ_m/C_m·(e^{−h/τ_m} − 1)` (V/A).
    pub p30: F,
    /// `E_L` (V).
    pub e_l: F,
    /// `I_e` (A).
    pub i_e: F,
    /// `V_th − E_L`.
    pub theta: F,
    /// `V_reset − E_L`.
    pub reset: F,
    /// `V_min − E_L` (−∞ without a bound).
    pub floor: F,
    /// The refractory steps after a spike.
    pub refractory_steps: f64,
}

impl IafPscAlphaParams {
    /// The membrane parameters, as NEST's iaf models share them.
    fn membrane(&self) -> NestIaf {
        let IafPscAlphaParams { tau_m, c_m, t_ref, e_l, i_e, v_th, v_reset, .. } = *self;
        NestIaf { tau_m, c_m, t_ref, e_l, i_e, v_th, v_reset }
    }

    /// The constants of the port of rise time `tau_syn` for a step of `dt`.
    fn port<F: Precision>(&self, tau_syn: Time, dt: Time) -> AlphaPort<F> {
        let decay = (-dt / tau_syn).value.exp();
        let (p31, p32) = IafPropagator::new(tau_syn, self.tau_m, self.c_m).alpha(dt);
        AlphaPort {
            decay: F::of(decay),
            p21: F::of(dt.value * decay),
            p31: F::of(p31),
            p32: F::of(p32),
            init: F::of(core::f64::consts::E / tau_syn.value),
        }
    }
}

/// One step of a port's alpha current `(dI, I)`, then the weight `w` (A) arriving in it.
#[inline(always)]
fn alpha_step<F: Precision>(port: &AlphaPort<F>, di: F, i: F, w: F) -> (F, F) {
    let i = port.p21 * di + port.decay * i;
    (port.decay * di + port.init * w, i)
}

impl NeuronModel for IafPscAlphaParams {
    const NAME: &'static str = "iaf_psc_alpha";
    const SPIKE_WEIGHT: SpikeWeight = SpikeWeight::Current;
    type Consts<F: Precision> = IafPscAlphaConsts<F>;
    type State<F: Precision> = IafPscAlphaState<F>;
    type Chunk<'a, F: Precision> = (
        &'a mut [F::Stored<Voltage>],
        (&'a mut [F::Stored<Current>], &'a mut [F::Stored<Current>]),
        (&'a mut [F::Stored<f64>], &'a mut [F::Stored<f64>]),
        &'a mut [f64],
    );

    fn validate(&self) -> Result<(), DynError> {
        self.membrane().validate()?;
        time_constant("tau_syn_ex", self.tau_syn_ex)?;
        time_constant("tau_syn_in", self.tau_syn_in)?;
        if let Some(v_min) = self.v_min {
            finite("V_min", v_min)?;
        }
        Ok(())
    }

    fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        for (name, tau) in [
            ("tau_m", self.tau_m),
            ("tau_syn_ex", self.tau_syn_ex),
            ("tau_syn_in", self.tau_syn_in),
        ] {
            time_step(name, tau, dt)?;
        }
        Ok(())
    }

    fn visit_parameters(&mut self, visitor: &mut ParameterVisitor<'_>) {
        visitor.value("tau_m", &mut self.tau_m);
        visitor.value("C_m", &mut self.c_m);
        visitor.value("tau_syn_ex", &mut self.tau_syn_ex);
        visitor.value("tau_syn_in", &mut self.tau_syn_in);
        visitor.value("t_ref", &mut self.t_ref);
        visitor.value("E_L", &mut self.e_l);
        visitor.value("I_e", &mut self.i_e);
        visitor.value("V_th", &mut self.v_th);
        visitor.value("V_reset", &mut self.v_reset);
    }

    fn consts<F: Precision>(&self, dt: Time) -> IafPscAlphaConsts<F> {
        // NEST's pre_run_hook, in SI units
        let expm1_tau_m = (-dt / self.tau_m).value.exp_m1();
        let relative = |v: Voltage| F::of((v - self.e_l).value);
        IafPscAlphaConsts {
            ports: [self.port(self.tau_syn_ex, dt), self.port(self.tau_syn_in, dt)],
            expm1_tau_m: F::of(expm1_tau_m),
            p30: F::of(-self.tau_m.value / self.c_m.value * expm1_tau_m),
            e_l: F::of(self.e_l.value),
            i_e: F::of(self.i_e.value),
            theta: relative(self.v_th),
            reset: relative(self.v_reset),
            floor: self.v_min.map_or(F::neg_infinity(), relative),
            refractory_steps: nest_steps(self.t_ref, dt) as f64,
        }
    }

    fn state<F: Precision>(&self, shape: Shape) -> IafPscAlphaState<F> {
        let current = || stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(0.0 * pA));
        let slope = || stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(0.0));
        IafPscAlphaState {
            v: stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(self.e_l)),
            i_syn_ex: current(),
            i_syn_in: current(),
            di_syn_ex: slope(),
            di_syn_in: slope(),
            refractory_steps: State::short_term(shape.clone(), Constant(0.0)),
        }
    }

    fn chunk<F: Precision>(
        state: &mut IafPscAlphaState<F>,
        range: Range<usize>,
    ) -> Self::Chunk<'_, F> {
        (
            &mut state.v.values_mut()[range.clone()],
            (
                &mut state.i_syn_ex.values_mut()[range.clone()],
                &mut state.i_syn_in.values_mut()[range.clone()],
            ),
            (
                &mut state.di_syn_ex.values_mut()[range.clone()],
                &mut state.di_syn_in.values_mut()[range.clone()],
            ),
            &mut state.refractory_steps.values_mut()[range],
        )
    }

    /// Nothing to do: the reset is part of the step in which the neuron spikes.
    fn reset<F: Precision, C: PerElement<IafPscAlphaConsts<F>>>(_: C, _: Self::Chunk<'_, F>) {}

    #[inline(always)]
    fn update<F, const RESET: bool, C, I>(
        consts: C,
        (v, (ex, inh), (dex, dinh), refractory): Self::Chunk<'_, F>,
        mut inputs: I,
        spikes: &mut [bool],
        _ctx: &StepContext,
    ) where
        F: Precision,
        C: PerElement<IafPscAlphaConsts<F>>,
        I: NeuronInputs<F>,
    {
        for (i, (v, r)) in v.iter_mut().zip(refractory.iter_mut()).enumerate() {
            let c = consts.at(i);
            let weights = inputs.spike_weights(i);
            let input = inputs.take(i);
            let v_start = F::load(*v);
            let (i_ex, i_in) = (F::load(ex[i]), F::load(inh[i]));
            let (di_ex, di_in) = (F::load(dex[i]), F::load(dinh[i]));
            let [pe, pi] = c.ports;
            let mut y = v_start - c.e_l;
            if *r == 0.0 {
                let current = if I::HAS_SLOPE {
                    input.current + input.slope * v_start
                } else {
                    input.current
                };
                // NEST's order of the sum, left to right
                y = c.p30 * (current + c.i_e)
                    + pe.p31 * di_ex
                    + pe.p32 * i_ex
                    + pi.p31 * di_in
                    + pi.p32 * i_in
                    + c.expm1_tau_m * y
                    + y
                    + input.delta;
                y = y.max(c.floor);
            } else {
                *r -= 1.0;
            }
            let (di_ex, i_ex) = alpha_step(&pe, di_ex, i_ex, weights[0]);
            let (di_in, i_in) = alpha_step(&pi, di_in, i_in, weights[1]);
            (ex[i], inh[i], dex[i], dinh[i]) =
                (F::store(i_ex), F::store(i_in), F::store(di_ex), F::store(di_in));
            spikes[i] = y >= c.theta;
            if spikes[i] {
                *r = c.refractory_steps;
                y = c.reset;
            }
            *v = F::store(y + c.e_l);
        }
    }
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use super::*;

    #[test]
    fn nest_rules_are_refused_by_name() {
        let bad = |p: IafPscAlphaParams| IafPscAlpha::new(1, p).err().and_then(|e| e.param());
        let d = IafPscAlphaParams::default();
        assert_eq!(bad(IafPscAlphaParams { tau_syn_ex: -1.0 * ms, ..d }), Some("tau_syn_ex"));
        assert_eq!(bad(IafPscAlphaParams { t_ref: -0.1 * ms, ..d }), Some("t_ref"));
        assert_eq!(bad(IafPscAlphaParams { v_min: Some(f64::INFINITY * mV), ..d }), Some("V_min"));
    }
}
