use core::ops::Range;

use neurodim_state::init::Constant;
use neurodim_state::{Precision, Shape, State, StateKind, StepContext};
use neurodim_units::{Capacitance, Current, Time, Voltage, mV, ms, pA, pF};

use crate::DynError;
use crate::integrate::IafPropagator;
use crate::kernel::{
    NeuronInputs, NeuronModel, Neurons, ParameterVisitor, PerElement, SpikeWeight, nest_steps,
};
use crate::neuron::nest_iaf::NestIaf;
use crate::neuron::{stored_state, v_state};

/// Parameters of [`IafPscExp`], with NEST's names and defaults (`iaf_psc_exp`, NEST 3.10).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // a 1 nA step from 10 ms: above the rheobase C_m·(V_th − E_L)/τ_m = 375 pA
/// let mut net = Network::new(0.1 * ms)?;
/// let cell = net.add_population("cell", IafPscExp::new(1, IafPscExpParams::default())?)?;
/// net.set_current_waveform(cell, StepCurrent::new(1.0 * nA, 10.0 * ms, 1e3 * ms)?)?;
/// let spikes = net.monitor_spikes(cell)?;
/// net.init(0)?;
/// net.run_for(50.0 * ms)?;
/// // V approaches E_L + 40 mV and crosses V_th = E_L + 15 mV after τ_m·ln(40/25) = 4.7 ms
/// assert_eq!(net.spike_monitor(spikes)?.spike_steps()[0], 100 + 47);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IafPscExpParams {
    /// Membrane time constant `tau_m` (default 10 ms; > 0).
    pub tau_m: Time,
    /// Membrane capacitance `C_m` (default 250 pF; > 0).
    pub c_m: Capacitance,
    /// Time constant of the excitatory synaptic current `tau_syn_ex` (default 2 ms; > 0).
    pub tau_syn_ex: Time,
    /// Time constant of the inhibitory synaptic current `tau_syn_in` (default 2 ms; > 0).
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
}

impl Default for IafPscExpParams {
    fn default() -> Self {
        IafPscExpParams {
            tau_m: 10.0 * ms,
            c_m: 250.0 * pF,
            tau_syn_ex: 2.0 * ms,
            tau_syn_in: 2.0 * ms,
            t_ref: 2.0 * ms,
            e_l: -70.0 * mV,
            i_e: 0.0 * pA,
            v_th: -55.0 * mV,
            v_reset: -70.0 * mV,
        }
    }
}

/// NEST's `iaf_psc_exp`: a leaky integrate-and-fire neuron with exponentially decaying
/// synaptic currents, integrated exactly (Rotter & Diesmann 1999).
///
/// With `y = V − E_L`, each step of `h`:
///
/// `y ← P₂₂·y + P₂₁ₑ·I_ex + P₂₁ᵢ·I_in + P₂₀·(I_e + I)` (not during the refractory period),
/// `P₂₂ = e^{−h/τ_m}`, `P₂₀ = τ_m/C_m·(1 − P₂₂)`, `P₂₁` the propagator of a current of
/// `τ_syn` ([`IafPropagator::exponential`]); then
/// `I_ex ← e^{−h/τ_syn_ex}·I_ex + Σw⁺`, `I_in ← e^{−h/τ_syn_in}·I_in + Σw⁻`, the weights (A)
/// of the spikes arriving in the step on the excitatory and inhibitory ports
/// ([`StaticSynapses`](crate::projection::StaticSynapses) with current weights): a spike
/// moves `I_syn` in the step it arrives and `V` from the next. If `y ≥ V_th − E_L` the neuron
/// spikes, `V` is set to `V_reset` at once and the next [`nest_steps`]`(t_ref)` steps are
/// refractory. `I` is the network's current into the population (A; a conductance-based input
/// adds `s·V` at the V of the start of the step); voltage jumps of
/// [`Delta`](crate::projection::Delta) projections are added to `y` when not refractory.
/// NEST's stochastic threshold (`delta > 0`) and its second current port are not modelled.
///
/// States: `"V"` (hidden, default `E_L`), `"I_syn_ex"` and `"I_syn_in"` (hidden, 0 pA; the
/// inhibitory one negative) and `"refractory_steps"` (short-term, 0).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// let mut pop = IafPscExp::new(3, IafPscExpParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// let paths: Vec<String> = list_states(&pop).into_iter().map(|info| info.path).collect();
/// assert_eq!(paths, ["V", "I_syn_ex", "I_syn_in", "refractory_steps"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type IafPscExp = Neurons<IafPscExpParams>;

/// The state of an [`IafPscExp`] population: `"V"`, `"I_syn_ex"`, `"I_syn_in"`,
/// `"refractory_steps"`.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut pop = IafPscExp::new(2, IafPscExpParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// assert_eq!(pop.state().i_syn_ex(), [0.0 * pA; 2]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct IafPscExpState<F: Precision> {
    pub(crate) v: State<F::Stored<Voltage>>,
    i_syn_ex: State<F::Stored<Current>>,
    i_syn_in: State<F::Stored<Current>>,
    /// NEST's `r_`: the refractory steps left, a whole number (kept in `f64`, exact).
    refractory_steps: State<f64>,
}

neurodim_state::stateful_fields!(IafPscExpState<F: Precision> {
    state "V" => v,
    state "I_syn_ex" => i_syn_ex,
    state "I_syn_in" => i_syn_in,
    state "refractory_steps" => refractory_steps,
});
v_state!(IafPscExpState);

impl<F: Precision> IafPscExpState<F> {
    /// The excitatory synaptic currents.
    pub fn i_syn_ex(&self) -> &[F::Stored<Current>] {
        self.i_syn_ex.values()
    }

    /// The inhibitory synaptic currents (negative).
    pub fn i_syn_in(&self) -> &[F::Stored<Current>] {
        self.i_syn_in.values()
    }
}

/// The constants of an [`IafPscExp`] neuron for a step of `h` (NEST's internal variables), in
/// SI units, potentials relative to `E_L`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IafPscExpConsts<F> {
    /// `e^{−h/τ_syn_ex}`, `e^{−h/τ_syn_in}`.
    pub p11: [F; 2],
    /// `P₂₁` of the excitatory and inhibitory currents (V/A).
    pub p21: [F; 2],
    /// `P₂₂ = e^{−h/τ_m}`.
    pub p22: F,
    /// `P₂₀ = τ_m/C_m·(1 − P₂₂)` (V/A).
    pub p20: F,
    /// `E_L` (V).
    pub e_l: F,
    /// `I_e` (A).
    pub i_e: F,
    /// `V_th − E_L`.
    pub theta: F,
    /// `V_reset − E_L`.
    pub reset: F,
    /// The refractory steps after a spike.
    pub refractory_steps: f64,
}

impl IafPscExpParams {
    /// The membrane parameters, as NEST's iaf models share them.
    fn membrane(&self) -> NestIaf {
        let IafPscExpParams { tau_m, c_m, t_ref, e_l, i_e, v_th, v_reset, .. } = *self;
        NestIaf { tau_m, c_m, t_ref, e_l, i_e, v_th, v_reset }
    }
}

impl NeuronModel for IafPscExpParams {
    const NAME: &'static str = "iaf_psc_exp";
    const SPIKE_WEIGHT: SpikeWeight = SpikeWeight::Current;
    type Consts<F: Precision> = IafPscExpConsts<F>;
    type State<F: Precision> = IafPscExpState<F>;
    type Chunk<'a, F: Precision> = (
        &'a mut [F::Stored<Voltage>],
        &'a mut [F::Stored<Current>],
        &'a mut [F::Stored<Current>],
        &'a mut [f64],
    );

    fn validate(&self) -> Result<(), DynError> {
        self.membrane().validate()?;
        neurodim_units::validate::time_constant("tau_syn_ex", self.tau_syn_ex)?;
        neurodim_units::validate::time_constant("tau_syn_in", self.tau_syn_in)?;
        Ok(())
    }

    fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        for (name, tau) in [
            ("tau_m", self.tau_m),
            ("tau_syn_ex", self.tau_syn_ex),
            ("tau_syn_in", self.tau_syn_in),
        ] {
            neurodim_units::validate::time_step(name, tau, dt)?;
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

    fn consts<F: Precision>(&self, dt: Time) -> IafPscExpConsts<F> {
        // NEST's pre_run_hook, in SI units
        let p22 = (-dt / self.tau_m).value.exp();
        let p11 = |tau: Time| F::of((-dt / tau).value.exp());
        let p21 = |tau: Time| F::of(IafPropagator::new(tau, self.tau_m, self.c_m).exponential(dt));
        let relative = |v: Voltage| F::of((v - self.e_l).value);
        IafPscExpConsts {
            p11: [p11(self.tau_syn_ex), p11(self.tau_syn_in)],
            p21: [p21(self.tau_syn_ex), p21(self.tau_syn_in)],
            p22: F::of(p22),
            p20: F::of(self.tau_m.value / self.c_m.value * (1.0 - p22)),
            e_l: F::of(self.e_l.value),
            i_e: F::of(self.i_e.value),
            theta: relative(self.v_th),
            reset: relative(self.v_reset),
            refractory_steps: nest_steps(self.t_ref, dt) as f64,
        }
    }

    fn state<F: Precision>(&self, shape: Shape) -> IafPscExpState<F> {
        let current = || stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(0.0 * pA));
        IafPscExpState {
            v: stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(self.e_l)),
            i_syn_ex: current(),
            i_syn_in: current(),
            refractory_steps: State::short_term(shape.clone(), Constant(0.0)),
        }
    }

    fn chunk<F: Precision>(
        state: &mut IafPscExpState<F>,
        range: Range<usize>,
    ) -> Self::Chunk<'_, F> {
        (
            &mut state.v.values_mut()[range.clone()],
            &mut state.i_syn_ex.values_mut()[range.clone()],
            &mut state.i_syn_in.values_mut()[range.clone()],
            &mut state.refractory_steps.values_mut()[range],
        )
    }

    /// Nothing to do: the reset is part of the step in which the neuron spikes.
    fn reset<F: Precision, C: PerElement<IafPscExpConsts<F>>>(_: C, _: Self::Chunk<'_, F>) {}

    #[inline(always)]
    fn update<F, const RESET: bool, C, I>(
        consts: C,
        (v, ex, inh, refractory): Self::Chunk<'_, F>,
        mut inputs: I,
        spikes: &mut [bool],
        _ctx: &StepContext,
    ) where
        F: Precision,
        C: PerElement<IafPscExpConsts<F>>,
        I: NeuronInputs<F>,
    {
        let neurons =
            v.iter_mut().zip(ex.iter_mut()).zip(inh.iter_mut()).zip(refractory.iter_mut());
        for (i, ((((v, ex), inh), r), spike)) in neurons.zip(spikes.iter_mut()).enumerate() {
            let c = consts.at(i);
            let weights = inputs.spike_weights(i);
            let input = inputs.take(i);
            let v_start = F::load(*v);
            let (i_ex, i_in) = (F::load(*ex), F::load(*inh));
            let mut y = v_start - c.e_l;
            if *r == 0.0 {
                let current = if I::HAS_SLOPE {
                    input.current + input.slope * v_start
                } else {
                    input.current
                };
                y = y * c.p22
                    + i_ex * c.p21[0]
                    + i_in * c.p21[1]
                    + (c.i_e + current) * c.p20
                    + input.delta;
            } else {
                *r -= 1.0;
            }
            *ex = F::store(i_ex * c.p11[0] + weights[0]);
            *inh = F::store(i_in * c.p11[1] + weights[1]);
            *spike = y >= c.theta;
            if *spike {
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
        let bad = |p: IafPscExpParams| IafPscExp::new(1, p).err().and_then(|e| e.param());
        let d = IafPscExpParams::default();
        assert_eq!(bad(IafPscExpParams { tau_syn_in: 0.0 * ms, ..d }), Some("tau_syn_in"));
        assert_eq!(bad(IafPscExpParams { c_m: -1.0 * pF, ..d }), Some("C_m"));
        assert_eq!(bad(IafPscExpParams { v_th: -80.0 * mV, ..d }), Some("V_th"));
    }
}
