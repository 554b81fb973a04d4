use core::ops::Range;

use neurodim_state::init::Constant;
use neurodim_state::{Precision, Shape, State, StateKind, StateValue, StepContext};
use neurodim_units::validate::{finite, positive, time_constant, time_step};
use neurodim_units::{Capacitance, Current, DisplayField, Time, Voltage, mV, ms, pA, pF};

use crate::DynError;
use crate::kernel::{
    NeuronInputs, NeuronModel, Neurons, ParameterVisitor, PerElement, SpikeWeight, nest_steps,
};
use crate::neuron::{stored_state, v_state};

/// Parameters of [`Mat2PscExp`], with NEST's names and defaults (`mat2_psc_exp`, NEST 3.10).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // MAT(2) under a constant current: the threshold adapts, the intervals lengthen
/// let params = Mat2PscExpParams { i_e: 600.0 * pA, ..Mat2PscExpParams::default() };
/// let mut net = Network::new(0.1 * ms)?;
/// let cell = net.add_population("cell", Mat2PscExp::new(1, params)?)?;
/// let spikes = net.monitor_spikes(cell)?;
/// net.init(0)?;
/// net.run_for(200.0 * ms)?;
/// let steps = net.spike_monitor(spikes)?.spike_steps().to_vec();
/// assert!(steps.len() > 3);
/// assert!(steps[2] - steps[1] > steps[1] - steps[0]);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mat2PscExpParams {
    /// Membrane time constant `tau_m` (default 5 ms; > 0, ≠ the synaptic ones).
    pub tau_m: Time,
    /// Membrane capacitance `C_m` (default 100 pF; > 0).
    pub c_m: Capacitance,
    /// Refractory period `t_ref` (default 2 ms; > 0 and at least one step), during which no
    /// spike is emitted (V keeps integrating: MAT has no reset).
    pub t_ref: Time,
    /// Resting potential `E_L` (default −70 mV).
    pub e_l: Voltage,
    /// Constant external current `I_e` (default 0 pA).
    pub i_e: Current,
    /// Time constant of the excitatory synaptic current `tau_syn_ex` (default 1 ms; > 0).
    pub tau_syn_ex: Time,
    /// Time constant of the inhibitory synaptic current `tau_syn_in` (default 3 ms; > 0).
    pub tau_syn_in: Time,
    /// Time constant of the threshold's first component `tau_1` (default 10 ms; > 0).
    pub tau_1: Time,
    /// Time constant of the threshold's second component `tau_2` (default 200 ms; > 0).
    pub tau_2: Time,
    /// Jump of the first component at a spike `alpha_1` (default 37 mV).
    pub alpha_1: Voltage,
    /// Jump of the second component at a spike `alpha_2` (default 2 mV).
    pub alpha_2: Voltage,
    /// Resting threshold `omega` (default −51 mV, absolute).
    pub omega: Voltage,
}

impl Default for Mat2PscExpParams {
    fn default() -> Self {
        Mat2PscExpParams {
            tau_m: 5.0 * ms,
            c_m: 100.0 * pF,
            t_ref: 2.0 * ms,
            e_l: -70.0 * mV,
            i_e: 0.0 * pA,
            tau_syn_ex: 1.0 * ms,
            tau_syn_in: 3.0 * ms,
            tau_1: 10.0 * ms,
            tau_2: 200.0 * ms,
            alpha_1: 37.0 * mV,
            alpha_2: 2.0 * mV,
            omega: -51.0 * mV,
        }
    }
}

/// NEST's `mat2_psc_exp`: the multi-timescale adaptive threshold model (Kobayashi, Tsubo &
/// Shinomoto 2009), a leaky membrane with exponential synaptic currents, integrated exactly,
/// that never resets; instead its threshold jumps at each spike and relaxes with two time
/// constants.
///
/// With `y = V − E_L`, each step of `h`:
/// `y ← (e^{−h/τ_m} − 1)·y + y + P₂₁ₑ·I_ex + P₂₁ᵢ·I_in + P₂₀·(I_e + I)`,
/// `θ₁ ← e^{−h/τ₁}·θ₁`, `θ₂ ← e^{−h/τ₂}·θ₂`, `I_syn ← e^{−h/τ_syn}·I_syn + Σw` (the weights, A,
/// of the spikes arriving on each port); then, outside the refractory period, the neuron
/// spikes if `y ≥ (ω − E_L) + θ₂ + θ₁`, and then `θ₁ += α₁`, `θ₂ += α₂` and the next
/// [`nest_steps`]`(t_ref)` steps emit no spike. `P₂₀ = −τ_m/C_m·(e^{−h/τ_m} − 1)`,
/// `P₂₁ = −τ_m/(C_m·(1 − τ_m/τ_syn))·e^{−h/τ_syn}·(e^{h(1/τ_syn − 1/τ_m)} − 1)`. `I` is the
/// network's current (A; a conductance-based input adds `s·V` at the start of the step);
/// voltage jumps of [`Delta`](crate::projection::Delta) projections are added to `y`.
///
/// States: `"V"` (hidden, default `E_L`), `"I_syn_ex"`, `"I_syn_in"` (hidden, 0 pA),
/// `"V_th_alpha_1"`, `"V_th_alpha_2"` (hidden, 0 mV: the threshold is
/// `ω + θ₁ + θ₂`) and `"refractory_steps"` (short-term, 0).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// let mut pop = Mat2PscExp::new(3, Mat2PscExpParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// let paths: Vec<String> = list_states(&pop).into_iter().map(|info| info.path).collect();
/// let expected = ["V", "I_syn_ex", "I_syn_in", "V_th_alpha_1", "V_th_alpha_2", "refractory_steps"];
/// assert_eq!(paths, expected);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type Mat2PscExp = Neurons<Mat2PscExpParams>;

/// The state of a [`Mat2PscExp`] population.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut pop = Mat2PscExp::new(2, Mat2PscExpParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// assert_eq!(pop.state().threshold(), [-51.0 * mV; 2]); // ω at rest
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Mat2PscExpState<F: Precision> {
    pub(crate) v: State<F::Stored<Voltage>>,
    i_syn_ex: State<F::Stored<Current>>,
    i_syn_in: State<F::Stored<Current>>,
    theta_1: State<F::Stored<Voltage>>,
    theta_2: State<F::Stored<Voltage>>,
    /// NEST's `r_`: the refractory steps left, a whole number (kept in `f64`, exact).
    refractory_steps: State<f64>,
    /// `ω` (for [`threshold`](Self::threshold)).
    omega: Voltage,
}

neurodim_state::stateful_fields!(Mat2PscExpState<F: Precision> {
    state "V" => v,
    state "I_syn_ex" => i_syn_ex,
    state "I_syn_in" => i_syn_in,
    state "V_th_alpha_1" => theta_1,
    state "V_th_alpha_2" => theta_2,
    state "refractory_steps" => refractory_steps,
});
v_state!(Mat2PscExpState);

impl<F: Precision> Mat2PscExpState<F> {
    /// Each neuron's threshold `ω + θ₁ + θ₂`.
    pub fn threshold(&self) -> Vec<Voltage> {
        let (t1, t2) = (self.theta_1.values(), self.theta_2.values());
        t1.iter()
            .zip(t2)
            .map(|(&a, &b)| self.omega + Voltage::from_si(F::load(a).wide() + F::load(b).wide()))
            .collect()
    }
}

/// The constants of a [`Mat2PscExp`] neuron for a step of `h` (NEST's internal variables), in
/// SI units, potentials relative to `E_L`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mat2PscExpConsts<F> {
    /// `e^{−h/τ_m} − 1`.
    pub p22_expm1: F,
    /// `P₂₁` of the excitatory and inhibitory currents (V/A).
    pub p21: [F; 2],
    /// `e^{−h/τ_syn}` of the two currents.
    pub p11: [F; 2],
    /// `P₂₀` (V/A).
    pub p20: F,
    /// `e^{−h/τ₁}`, `e^{−h/τ₂}`.
    pub p_theta: [F; 2],
    /// `α₁`, `α₂` (V).
    pub alpha: [F; 2],
    /// `ω − E_L`.
    pub omega: F,
    /// `E_L` (V).
    pub e_l: F,
    /// `I_e` (A).
    pub i_e: F,
    /// The refractory steps after a spike.
    pub refractory_steps: f64,
}

impl NeuronModel for Mat2PscExpParams {
    const NAME: &'static str = "mat2_psc_exp";
    const SPIKE_WEIGHT: SpikeWeight = SpikeWeight::Current;
    type Consts<F: Precision> = Mat2PscExpConsts<F>;
    type State<F: Precision> = Mat2PscExpState<F>;
    type Chunk<'a, F: Precision> = (
        &'a mut [F::Stored<Voltage>],
        (&'a mut [F::Stored<Current>], &'a mut [F::Stored<Current>]),
        (&'a mut [F::Stored<Voltage>], &'a mut [F::Stored<Voltage>]),
        &'a mut [f64],
    );

    fn validate(&self) -> Result<(), DynError> {
        // NEST's rules (mat2_psc_exp.cpp), and finite values
        positive("C_m", self.c_m)?;
        for (name, tau) in [
            ("tau_m", self.tau_m),
            ("tau_syn_ex", self.tau_syn_ex),
            ("tau_syn_in", self.tau_syn_in),
            ("tau_1", self.tau_1),
            ("tau_2", self.tau_2),
            ("t_ref", self.t_ref),
        ] {
            time_constant(name, tau)?;
        }
        for (name, v) in [
            ("E_L", self.e_l),
            ("alpha_1", self.alpha_1),
            ("alpha_2", self.alpha_2),
            ("omega", self.omega),
        ] {
            finite(name, v)?;
        }
        finite("I_e", self.i_e)?;
        for (name, tau_syn) in [("tau_syn_ex", self.tau_syn_ex), ("tau_syn_in", self.tau_syn_in)] {
            if tau_syn == self.tau_m {
                return Err(DynError::invalid(
                    name,
                    tau_syn.display(),
                    "must differ from tau_m (NEST's propagator divides by their difference)",
                ));
            }
        }
        Ok(())
    }

    fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        for (name, tau) in [
            ("tau_m", self.tau_m),
            ("tau_syn_ex", self.tau_syn_ex),
            ("tau_syn_in", self.tau_syn_in),
            ("tau_1", self.tau_1),
            ("tau_2", self.tau_2),
        ] {
            time_step(name, tau, dt)?;
        }
        if nest_steps(self.t_ref, dt) < 1 {
            return Err(DynError::invalid(
                "t_ref",
                self.t_ref.display(),
                "must be at least one step (NEST's rule)",
            ));
        }
        Ok(())
    }

    fn visit_parameters(&mut self, visitor: &mut ParameterVisitor<'_>) {
        visitor.value("tau_m", &mut self.tau_m);
        visitor.value("C_m", &mut self.c_m);
        visitor.value("t_ref", &mut self.t_ref);
        visitor.value("E_L", &mut self.e_l);
        visitor.value("I_e", &mut self.i_e);
        visitor.value("tau_syn_ex", &mut self.tau_syn_ex);
        visitor.value("tau_syn_in", &mut self.tau_syn_in);
        visitor.value("tau_1", &mut self.tau_1);
        visitor.value("tau_2", &mut self.tau_2);
        visitor.value("alpha_1", &mut self.alpha_1);
        visitor.value("alpha_2", &mut self.alpha_2);
        visitor.value("omega", &mut self.omega);
    }

    fn consts<F: Precision>(&self, dt: Time) -> Mat2PscExpConsts<F> {
        // NEST's pre_run_hook, in SI units
        let (h, tau_m, c_m) = (dt.value, self.tau_m.value, self.c_m.value);
        let decay = |tau: Time| (-h / tau.value).exp();
        let p22_expm1 = (-h / tau_m).exp_m1();
        let p21 = |tau: Time| {
            let tau = tau.value;
            -tau_m / (c_m * (1.0 - tau_m / tau))
                * (-h / tau).exp()
                * (h * (1.0 / tau - 1.0 / tau_m)).exp_m1()
        };
        let f = |x: f64| F::of(x);
        Mat2PscExpConsts {
            p22_expm1: f(p22_expm1),
            p21: [f(p21(self.tau_syn_ex)), f(p21(self.tau_syn_in))],
            p11: [f(decay(self.tau_syn_ex)), f(decay(self.tau_syn_in))],
            p20: f(-tau_m / c_m * p22_expm1),
            p_theta: [f(decay(self.tau_1)), f(decay(self.tau_2))],
            alpha: [f(self.alpha_1.value), f(self.alpha_2.value)],
            omega: f((self.omega - self.e_l).value),
            e_l: f(self.e_l.value),
            i_e: f(self.i_e.value),
            refractory_steps: nest_steps(self.t_ref, dt) as f64,
        }
    }

    fn state<F: Precision>(&self, shape: Shape) -> Mat2PscExpState<F> {
        let zero = |v| stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(v));
        Mat2PscExpState {
            v: stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(self.e_l)),
            i_syn_ex: stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(0.0 * pA)),
            i_syn_in: stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(0.0 * pA)),
            theta_1: zero(0.0 * mV),
            theta_2: zero(0.0 * mV),
            refractory_steps: State::short_term(shape.clone(), Constant(0.0)),
            omega: self.omega,
        }
    }

    fn chunk<F: Precision>(
        state: &mut Mat2PscExpState<F>,
        range: Range<usize>,
    ) -> Self::Chunk<'_, F> {
        (
            &mut state.v.values_mut()[range.clone()],
            (
                &mut state.i_syn_ex.values_mut()[range.clone()],
                &mut state.i_syn_in.values_mut()[range.clone()],
            ),
            (
                &mut state.theta_1.values_mut()[range.clone()],
                &mut state.theta_2.values_mut()[range.clone()],
            ),
            &mut state.refractory_steps.values_mut()[range],
        )
    }

    /// Nothing to do: the model has no reset.
    fn reset<F: Precision, C: PerElement<Mat2PscExpConsts<F>>>(_: C, _: Self::Chunk<'_, F>) {}

    #[inline(always)]
    fn update<F, const RESET: bool, C, I>(
        consts: C,
        (v, (ex, inh), (th1, th2), refractory): Self::Chunk<'_, F>,
        mut inputs: I,
        spikes: &mut [bool],
        _ctx: &StepContext,
    ) where
        F: Precision,
        C: PerElement<Mat2PscExpConsts<F>>,
        I: NeuronInputs<F>,
    {
        for (i, spike) in spikes.iter_mut().enumerate().take(v.len()) {
            let c = consts.at(i);
            let weights = inputs.spike_weights(i);
            let input = inputs.take(i);
            let v_start = F::load(v[i]);
            let current =
                if I::HAS_SLOPE { input.current + input.slope * v_start } else { input.current };
            let (i_ex, i_in) = (F::load(ex[i]), F::load(inh[i]));
            let mut y = v_start - c.e_l;
            // NEST's order of the sum, left to right
            y = y * c.p22_expm1
                + y
                + i_ex * c.p21[0]
                + i_in * c.p21[1]
                + (c.i_e + current) * c.p20
                + input.delta;
            let mut theta = [F::load(th1[i]) * c.p_theta[0], F::load(th2[i]) * c.p_theta[1]];
            ex[i] = F::store(i_ex * c.p11[0] + weights[0]);
            inh[i] = F::store(i_in * c.p11[1] + weights[1]);
            *spike = false;
            if refractory[i] == 0.0 {
                if y >= c.omega + theta[1] + theta[0] {
                    refractory[i] = c.refractory_steps;
                    theta = [theta[0] + c.alpha[0], theta[1] + c.alpha[1]];
                    *spike = true;
                }
            } else {
                refractory[i] -= 1.0;
            }
            (th1[i], th2[i]) = (F::store(theta[0]), F::store(theta[1]));
            v[i] = F::store(y + c.e_l);
        }
    }
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use super::*;

    #[test]
    fn nest_rules_are_refused_by_name() {
        let bad = |p: Mat2PscExpParams| Mat2PscExp::new(1, p).err().and_then(|e| e.param());
        let d = Mat2PscExpParams::default();
        assert_eq!(bad(Mat2PscExpParams { tau_syn_ex: 5.0 * ms, ..d }), Some("tau_syn_ex"));
        assert_eq!(bad(Mat2PscExpParams { t_ref: 0.0 * ms, ..d }), Some("t_ref"));
        assert_eq!(bad(Mat2PscExpParams { c_m: 0.0 * pF, ..d }), Some("C_m"));
    }
}
