use core::ops::Range;

use neurodim_state::init::Constant;
use neurodim_state::{Precision, Shape, State, StateKind, StepContext};
use neurodim_units::validate::finite;
use neurodim_units::{Capacitance, Current, Time, Voltage, mV, ms, pA, pF};

use crate::DynError;
use crate::kernel::{NeuronInputs, NeuronModel, Neurons, ParameterVisitor, PerElement, nest_steps};
use crate::neuron::nest_iaf::NestIaf;
use crate::neuron::{stored_state, v_state};

/// Parameters of [`IafPscDelta`], with NEST's names and defaults (`iaf_psc_delta`, NEST 3.10).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // NEST's default cell with I_e = 376 pA: the rheobase is C_m·(V_th − E_L)/τ_m = 375 pA
/// let params = IafPscDeltaParams { i_e: 376.0 * pA, ..IafPscDeltaParams::default() };
/// let mut net = Network::new(0.1 * ms)?;
/// let cell = net.add_population("cell", IafPscDelta::new(1, params)?)?;
/// let spikes = net.monitor_spikes(cell)?;
/// net.init(0)?;
/// net.run_for(200.0 * ms)?;
/// // V rises towards E_L + 15.04 mV and crosses V_th = E_L + 15 mV after τ_m·ln(376) =
/// // 59.29 ms: in step 592 (t = 59.2 → 59.3 ms). Then 20 refractory steps, and 593 more
/// // from V_reset = E_L.
/// let steps = net.spike_monitor(spikes)?.spike_steps().to_vec();
/// assert_eq!(steps[0], 592);
/// assert_eq!(steps[1] - steps[0], 20 + 593);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IafPscDeltaParams {
    /// Membrane time constant `tau_m` (default 10 ms; > 0).
    pub tau_m: Time,
    /// Membrane capacitance `C_m` (default 250 pF; > 0).
    pub c_m: Capacitance,
    /// Absolute refractory period `t_ref` (default 2 ms; ≥ 0), held for NEST's count of steps:
    /// `t_ref` in whole µs, divided by `dt` and rounded up ([`nest_steps`]).
    pub t_ref: Time,
    /// Resting potential `E_L` (default −70 mV).
    pub e_l: Voltage,
    /// Constant external current `I_e` (default 0 pA).
    pub i_e: Current,
    /// Threshold `V_th` (default −55 mV; > `V_reset`).
    pub v_th: Voltage,
    /// Reset potential `V_reset` (default −70 mV).
    pub v_reset: Voltage,
    /// Lower bound `V_min` of the membrane potential (default none: NEST's `−DBL_MAX`).
    pub v_min: Option<Voltage>,
    /// `refractory_input` (default false): the jumps that arrive during the refractory period
    /// are kept, each decayed by `e^{−r·h/τ_m}` (`r` the refractory steps left when it
    /// arrives), and added when the period ends; otherwise they are discarded.
    pub refractory_input: bool,
}

impl Default for IafPscDeltaParams {
    fn default() -> Self {
        IafPscDeltaParams {
            tau_m: 10.0 * ms,
            c_m: 250.0 * pF,
            t_ref: 2.0 * ms,
            e_l: -70.0 * mV,
            i_e: 0.0 * pA,
            v_th: -55.0 * mV,
            v_reset: -70.0 * mV,
            v_min: None,
            refractory_input: false,
        }
    }
}

/// NEST's `iaf_psc_delta`: a leaky integrate-and-fire neuron whose synaptic inputs are jumps
/// of the membrane potential, integrated exactly (Rotter & Diesmann 1999).
///
/// With `y = V − E_L`, each step of `h` that is not refractory:
///
/// `y ← P₃₀·(I + I_e) + P₃₃·y + ΣJ`, `P₃₃ = e^{−h/τ_m}`, `P₃₀ = τ_m/C_m·(1 − P₃₃)`
///
/// (exact for a current `I` constant over the step), then `y ← max(y, V_min − E_L)`. A
/// refractory step holds `y` and discards the jumps `ΣJ` (unless `refractory_input`). If
/// `y ≥ V_th − E_L` after the step, the neuron spikes in this step, `V` is set to `V_reset`
/// at once (NEST's convention, unlike brainstate's reset at the next step) and the next
/// [`nest_steps`]`(t_ref)` steps are refractory. `I` is the network's current into the
/// population (A); `ΣJ` the voltage jumps of [`Delta`](crate::projection::Delta) projections
/// (V). A conductance-based input adds `s·V` at the V of the start of the step.
///
/// States: `"V"` (hidden, default `E_L`), `"refractory_steps"` (short-term, the refractory
/// steps left, 0 initially) and `"refractory_input"` (short-term, the jumps kept for after the
/// refractory period).
///
/// ```
/// use neurodim_dyn::neuron::Drive;
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut pop = IafPscDelta::new(1, IafPscDeltaParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// let jump = [1.5 * mV];
/// let mut spikes = [false];
/// pop.update(&env.step(0), &Drive::none().with_delta(&jump), &mut spikes)?;
/// // a jump moves V by exactly J
/// assert!((pop.v()[0] - (-68.5 * mV)).abs() < 1e-12 * mV);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type IafPscDelta = Neurons<IafPscDeltaParams>;

/// The state of an [`IafPscDelta`] population: `"V"`, `"refractory_steps"`,
/// `"refractory_input"`.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// let mut pop = IafPscDelta::new(3, IafPscDeltaParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// let paths: Vec<String> = list_states(&pop).into_iter().map(|info| info.path).collect();
/// assert_eq!(paths, ["V", "refractory_steps", "refractory_input"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct IafPscDeltaState<F: Precision> {
    pub(crate) v: State<F::Stored<Voltage>>,
    /// NEST's `r_`: the refractory steps left, a whole number (kept in `f64`, exact).
    refractory_steps: State<f64>,
    /// NEST's `refr_spikes_buffer_`.
    refractory_input: State<F::Stored<Voltage>>,
}

neurodim_state::stateful_fields!(IafPscDeltaState<F: Precision> {
    state "V" => v,
    state "refractory_steps" => refractory_steps,
    state "refractory_input" => refractory_input,
});
v_state!(IafPscDeltaState);

/// The constants of an [`IafPscDelta`] neuron for a step of `h` (NEST's internal variables),
/// potentials relative to `E_L` in V, currents in A.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IafPscDeltaConsts<F> {
    /// `P₃₃ = e^{−h/τ_m}`.
    pub p33: F,
    /// `P₃₀ = τ_m/C_m·(1 − P₃₃)` (V/A).
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
    /// `h/τ_m`, for the decay of the jumps kept during the refractory period.
    pub h_over_tau: f64,
    /// Whether jumps during the refractory period are kept.
    pub refractory_input: bool,
}

impl IafPscDeltaParams {
    /// The membrane parameters, as NEST's iaf models share them.
    fn membrane(&self) -> NestIaf {
        let IafPscDeltaParams { tau_m, c_m, t_ref, e_l, i_e, v_th, v_reset, .. } = *self;
        NestIaf { tau_m, c_m, t_ref, e_l, i_e, v_th, v_reset }
    }
}

impl NeuronModel for IafPscDeltaParams {
    const NAME: &'static str = "iaf_psc_delta";
    type Consts<F: Precision> = IafPscDeltaConsts<F>;
    type State<F: Precision> = IafPscDeltaState<F>;
    type Chunk<'a, F: Precision> =
        (&'a mut [F::Stored<Voltage>], &'a mut [f64], &'a mut [F::Stored<Voltage>]);

    fn validate(&self) -> Result<(), DynError> {
        // NEST's rules (iaf_psc_delta.cpp), and finite values
        self.membrane().validate()?;
        if let Some(v_min) = self.v_min {
            finite("V_min", v_min)?;
        }
        Ok(())
    }

    fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        neurodim_units::validate::time_step("tau_m", self.tau_m, dt)?;
        Ok(())
    }

    fn visit_parameters(&mut self, visitor: &mut ParameterVisitor<'_>) {
        visitor.value("tau_m", &mut self.tau_m);
        visitor.value("C_m", &mut self.c_m);
        visitor.value("t_ref", &mut self.t_ref);
        visitor.value("E_L", &mut self.e_l);
        visitor.value("I_e", &mut self.i_e);
        visitor.value("V_th", &mut self.v_th);
        visitor.value("V_reset", &mut self.v_reset);
    }

    fn consts<F: Precision>(&self, dt: Time) -> IafPscDeltaConsts<F> {
        // NEST's pre_run_hook, in SI units
        let h_over_tau = (dt / self.tau_m).value;
        let p33 = (-h_over_tau).exp();
        let p30 = 1.0 / self.c_m.value * (1.0 - p33) * self.tau_m.value;
        let relative = |v: Voltage| F::of((v - self.e_l).value);
        IafPscDeltaConsts {
            p33: F::of(p33),
            p30: F::of(p30),
            e_l: F::of(self.e_l.value),
            i_e: F::of(self.i_e.value),
            theta: relative(self.v_th),
            reset: relative(self.v_reset),
            floor: self.v_min.map_or(F::neg_infinity(), relative),
            refractory_steps: nest_steps(self.t_ref, dt) as f64,
            h_over_tau,
            refractory_input: self.refractory_input,
        }
    }

    fn state<F: Precision>(&self, shape: Shape) -> IafPscDeltaState<F> {
        IafPscDeltaState {
            v: stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(self.e_l)),
            refractory_steps: State::short_term(shape.clone(), Constant(0.0)),
            refractory_input: stored_state::<F, _>(StateKind::ShortTerm, shape, Constant(0.0 * mV)),
        }
    }

    fn chunk<F: Precision>(
        state: &mut IafPscDeltaState<F>,
        range: Range<usize>,
    ) -> Self::Chunk<'_, F> {
        (
            &mut state.v.values_mut()[range.clone()],
            &mut state.refractory_steps.values_mut()[range.clone()],
            &mut state.refractory_input.values_mut()[range],
        )
    }

    /// Nothing to do: the reset is part of the step in which the neuron spikes.
    fn reset<F: Precision, C: PerElement<IafPscDeltaConsts<F>>>(_: C, _: Self::Chunk<'_, F>) {}

    #[inline(always)]
    fn update<F, const RESET: bool, C, I>(
        consts: C,
        (v, refractory, kept): Self::Chunk<'_, F>,
        mut inputs: I,
        spikes: &mut [bool],
        _ctx: &StepContext,
    ) where
        F: Precision,
        C: PerElement<IafPscDeltaConsts<F>>,
        I: NeuronInputs<F>,
    {
        let neurons = v.iter_mut().zip(refractory.iter_mut()).zip(kept.iter_mut());
        for (i, (((v, r), kept), spike)) in neurons.zip(spikes.iter_mut()).enumerate() {
            let c = consts.at(i);
            let input = inputs.take(i);
            let v_start = F::load(*v);
            let mut y = v_start - c.e_l;
            if *r == 0.0 {
                let current = if I::HAS_SLOPE {
                    input.current + input.slope * v_start
                } else {
                    input.current
                };
                y = c.p30 * (current + c.i_e) + c.p33 * y + input.delta;
                if c.refractory_input {
                    y = y + F::load(*kept);
                    *kept = F::store(F::zero());
                }
                y = y.max(c.floor);
            } else {
                if c.refractory_input {
                    let decay = F::of((-*r * c.h_over_tau).exp());
                    *kept = F::store(F::load(*kept) + input.delta * decay);
                }
                *r -= 1.0;
            }
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
    use neurodim_state::{Environment, init_all};
    use neurodim_units::prelude::*;

    use super::*;
    use crate::neuron::{Drive, Neuron};

    fn run(params: IafPscDeltaParams, drive: &[(u64, f64)], steps: u64) -> Vec<(f64, bool)> {
        let mut pop = IafPscDelta::new(1, params).unwrap();
        init_all(&mut pop, None, 0).unwrap();
        let env = Environment::new(0.1 * ms).unwrap();
        let mut trace = Vec::new();
        for i in 0..steps {
            let jump = [drive.iter().filter(|(k, _)| *k == i).map(|(_, j)| *j).sum::<f64>() * mV];
            let mut spikes = [false];
            pop.update(&env.step(i), &Drive::none().with_delta(&jump), &mut spikes).unwrap();
            trace.push(((pop.v()[0] / mV).value, spikes[0]));
        }
        trace
    }

    /// A jump to threshold spikes in its step, resets at once, and the next 20 steps (2 ms at
    /// 0.1 ms) ignore jumps; NEST's `iaf_psc_delta.cpp`.
    #[test]
    fn spike_reset_and_refractory_steps() {
        let trace =
            run(IafPscDeltaParams::default(), &[(0, 16.0), (5, 3.0), (20, 3.0), (21, 3.0)], 23);
        assert!(trace[0].1, "16 mV above E_L crosses V_th");
        assert_eq!(trace[0].0, -70.0);
        assert!(trace[1..].iter().all(|&(_, spiked)| !spiked));
        // steps 1..=20 refractory: V held at V_reset, the jumps of steps 5 and 20 discarded
        assert!(trace[1..=20].iter().all(|&(v, _)| v == -70.0));
        assert!((trace[21].0 - (-67.0)).abs() < 1e-12);
    }

    /// With `refractory_input`, a jump during the refractory period is kept, decayed by
    /// `e^{−r·h/τ_m}` (`r` the steps left when it arrives), and added after the period.
    #[test]
    fn refractory_input_is_kept_and_decayed() {
        let params = IafPscDeltaParams { refractory_input: true, ..IafPscDeltaParams::default() };
        let trace = run(params, &[(0, 16.0), (5, 3.0)], 22);
        // at step 5, r = 20 − 4 = 16 steps left
        let kept = 3.0 * (-16.0f64 * 0.1 / 10.0).exp();
        assert!((trace[21].0 - (-70.0 + kept)).abs() < 1e-12, "{:?}", trace[21]);
    }

    #[test]
    fn v_min_bounds_the_potential() {
        let params = IafPscDeltaParams { v_min: Some(-75.0 * mV), ..IafPscDeltaParams::default() };
        let trace = run(params, &[(0, -10.0)], 1);
        assert_eq!(trace[0].0, -75.0);
    }

    #[test]
    fn nest_rules_are_refused_by_name() {
        let bad = |p: IafPscDeltaParams| IafPscDelta::new(1, p).err().and_then(|e| e.param());
        let d = IafPscDeltaParams::default();
        assert_eq!(bad(IafPscDeltaParams { v_reset: -55.0 * mV, ..d }), Some("V_th"));
        assert_eq!(bad(IafPscDeltaParams { c_m: 0.0 * pF, ..d }), Some("C_m"));
        assert_eq!(bad(IafPscDeltaParams { t_ref: -1.0 * ms, ..d }), Some("t_ref"));
        assert_eq!(bad(IafPscDeltaParams { tau_m: 0.0 * ms, ..d }), Some("tau_m"));
        assert_eq!(bad(IafPscDeltaParams { v_min: Some(f64::NAN * mV), ..d }), Some("V_min"));
    }
}
