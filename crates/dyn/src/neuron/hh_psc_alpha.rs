use core::ops::Range;

use neurodim_state::init::Constant;
use neurodim_state::{Precision, Shape, State, StateKind, StepContext};
use neurodim_units::validate::{finite, non_negative, positive, time_constant};
use neurodim_units::{Capacitance, Conductance, Current, Time, Voltage, mV, ms, nS, pA, pF};

use crate::DynError;
use crate::integrate::{ErrorControl, rkf45_evolve};
use crate::kernel::{
    NeuronInputs, NeuronModel, Neurons, ParameterVisitor, PerElement, SpikeWeight, nest_steps,
};
use crate::neuron::{stored_state, v_state};

/// Parameters of [`HhPscAlpha`], with NEST's names and defaults (`hh_psc_alpha`, NEST 3.10).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // 1 nA: a regular train of action potentials
/// let params = HhPscAlphaParams { i_e: 1000.0 * pA, ..HhPscAlphaParams::default() };
/// let mut net = Network::new(0.1 * ms)?;
/// let cell = net.add_population("cell", HhPscAlpha::new(1, params)?)?;
/// let spikes = net.monitor_spikes(cell)?;
/// net.init(0)?;
/// net.run_for(100.0 * ms)?;
/// assert!(net.spike_monitor(spikes)?.num_spikes() >= 5);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HhPscAlphaParams {
    /// Refractory period `t_ref` (default 2 ms; ≥ 0): no spike is detected during it.
    pub t_ref: Time,
    /// Sodium peak conductance `g_Na` (default 12 000 nS; ≥ 0).
    pub g_na: Conductance,
    /// Potassium peak conductance `g_K` (default 3 600 nS; ≥ 0).
    pub g_k: Conductance,
    /// Leak conductance `g_L` (default 30 nS; ≥ 0).
    pub g_l: Conductance,
    /// Membrane capacitance `C_m` (default 100 pF; > 0).
    pub c_m: Capacitance,
    /// Sodium reversal potential `E_Na` (default 50 mV).
    pub e_na: Voltage,
    /// Potassium reversal potential `E_K` (default −77 mV).
    pub e_k: Voltage,
    /// Leak reversal potential `E_L` (default −54.402 mV).
    pub e_l: Voltage,
    /// Rise time of the excitatory synaptic current `tau_syn_ex` (default 0.2 ms; > 0).
    pub tau_syn_ex: Time,
    /// Rise time of the inhibitory synaptic current `tau_syn_in` (default 2 ms; > 0).
    pub tau_syn_in: Time,
    /// Constant external current `I_e` (default 0 pA).
    pub i_e: Current,
}

impl Default for HhPscAlphaParams {
    fn default() -> Self {
        HhPscAlphaParams {
            t_ref: 2.0 * ms,
            g_na: 12_000.0 * nS,
            g_k: 3_600.0 * nS,
            g_l: 30.0 * nS,
            c_m: 100.0 * pF,
            e_na: 50.0 * mV,
            e_k: -77.0 * mV,
            e_l: -54.402 * mV,
            tau_syn_ex: 0.2 * ms,
            tau_syn_in: 2.0 * ms,
            i_e: 0.0 * pA,
        }
    }
}

/// The rates `(α, β)` (1/ms) of the gates `m`, `h`, `n` at `v` (mV): Hodgkin & Huxley's, with
/// the resting potential at −65 mV, as NEST writes them.
#[inline(always)]
fn gate_rates(v: f64) -> [(f64, f64); 3] {
    let alpha_n = (0.01 * (v + 55.)) / (1. - (-(v + 55.) / 10.).exp());
    let beta_n = 0.125 * (-(v + 65.) / 80.).exp();
    let alpha_m = (0.1 * (v + 40.)) / (1. - (-(v + 40.) / 10.).exp());
    let beta_m = 4. * (-(v + 65.) / 18.).exp();
    let alpha_h = 0.07 * (-(v + 65.) / 20.).exp();
    let beta_h = 1. / (1. + (-(v + 35.) / 10.).exp());
    [(alpha_m, beta_m), (alpha_h, beta_h), (alpha_n, beta_n)]
}

/// NEST's `hh_psc_alpha`: Hodgkin & Huxley's squid axon (sodium, potassium and leak currents)
/// with alpha-shaped synaptic currents, integrated as NEST does, with GSL's adaptive
/// Runge–Kutta–Fehlberg 4(5) ([`rkf45_evolve`], absolute error 10⁻³ in mV and pA, the step
/// size carried from step to step).
///
/// `C_m dV/dt = −(g_Na·m³h·(V − E_Na) + g_K·n⁴·(V − E_K) + g_L·(V − E_L)) + I + I_e + I_ex + I_in`,
/// `dx/dt = α_x(V)·(1 − x) − β_x(V)·x` for the gates `x = m, h, n`, and each synaptic current
/// an alpha function kept as `(dI, I)`: `d(dI)/dt = −dI/τ_syn`, `dI/dt = dI − I/τ_syn`, a spike
/// of weight `w` (A) adding `w·e/τ_syn` to `dI` after the step it arrives in. There is no
/// reset: a spike is detected at the end of the first step in which `V ≥ 0 mV` and `V` fell
/// during the step (one step after the peak), and none during the next
/// [`nest_steps`]`(t_ref)` steps. With coarse steps a peak can pass undetected (NEST: 1 spike
/// at h = 1 ms where there are 5 at h = 0.1 ms). `I` is the network's current (A; a
/// conductance-based input adds `s·V` at the start of the step); voltage jumps of
/// [`Delta`](crate::projection::Delta) projections are added to `V` after the step.
///
/// States: `"V"` (hidden, default −65 mV), `"m"`, `"h"`, `"n"` (hidden, at their steady state at
/// −65 mV), `"I_syn_ex"`, `"I_syn_in"` (hidden, 0 pA), `"dI_syn_ex"`, `"dI_syn_in"` (hidden,
/// 0 pA/s), `"refractory_steps"` and `"integration_step"` (short-term).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// let mut pop = HhPscAlpha::new(1, HhPscAlphaParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// assert_eq!(list_states(&pop).len(), 10);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type HhPscAlpha = Neurons<HhPscAlphaParams>;

/// The state of an [`HhPscAlpha`] population.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// let mut pop = HhPscAlpha::new(2, HhPscAlphaParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// // NEST's initial m at −65 mV
/// assert!((pop.state().m()[0] - 0.05293248525724958).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct HhPscAlphaState<F: Precision> {
    pub(crate) v: State<F::Stored<Voltage>>,
    m: State<F::Stored<f64>>,
    h: State<F::Stored<f64>>,
    n: State<F::Stored<f64>>,
    i_syn_ex: State<F::Stored<Current>>,
    i_syn_in: State<F::Stored<Current>>,
    /// `dI/dt` of the two synaptic currents, A/s (stored as its SI value).
    di_syn_ex: State<F::Stored<f64>>,
    di_syn_in: State<F::Stored<f64>>,
    /// NEST's `r_`: the steps left without spike detection.
    refractory_steps: State<f64>,
    /// NEST's `IntegrationStep_` (ms), 0 before the first step (which starts with `h`).
    integration_step: State<f64>,
}

neurodim_state::stateful_fields!(HhPscAlphaState<F: Precision> {
    state "V" => v,
    state "m" => m,
    state "h" => h,
    state "n" => n,
    state "I_syn_ex" => i_syn_ex,
    state "I_syn_in" => i_syn_in,
    state "dI_syn_ex" => di_syn_ex,
    state "dI_syn_in" => di_syn_in,
    state "refractory_steps" => refractory_steps,
    state "integration_step" => integration_step,
});
v_state!(HhPscAlphaState);

impl<F: Precision> HhPscAlphaState<F> {
    /// The sodium activations `m`.
    pub fn m(&self) -> Vec<f64> {
        self.m.values().iter().map(|&x| F::load(x).wide()).collect()
    }
}

/// The constants of an [`HhPscAlpha`] neuron for a step of `h`, in NEST's units (mV, nS, pF,
/// pA, ms).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HhPscAlphaConsts {
    /// `g_Na`, `g_K`, `g_L` (nS).
    pub g: [f64; 3],
    /// `E_Na`, `E_K`, `E_L` (mV).
    pub e: [f64; 3],
    /// `C_m` (pF).
    pub c_m: f64,
    /// `τ_syn` of the two currents (ms).
    pub tau_syn: [f64; 2],
    /// `I_e` (pA).
    pub i_e: f64,
    /// The step `h` (ms).
    pub h: f64,
    /// The steps without detection after a spike.
    pub refractory_steps: f64,
}

impl NeuronModel for HhPscAlphaParams {
    const NAME: &'static str = "hh_psc_alpha";
    const SPIKE_WEIGHT: SpikeWeight = SpikeWeight::Current;
    type Consts<F: Precision> = HhPscAlphaConsts;
    type State<F: Precision> = HhPscAlphaState<F>;
    #[allow(clippy::type_complexity)]
    type Chunk<'a, F: Precision> = (
        &'a mut [F::Stored<Voltage>],
        (&'a mut [F::Stored<f64>], &'a mut [F::Stored<f64>], &'a mut [F::Stored<f64>]),
        (&'a mut [F::Stored<Current>], &'a mut [F::Stored<Current>]),
        (&'a mut [F::Stored<f64>], &'a mut [F::Stored<f64>]),
        &'a mut [f64],
        &'a mut [f64],
    );

    fn validate(&self) -> Result<(), DynError> {
        // NEST's rules (hh_psc_alpha.cpp), and finite values
        positive("C_m", self.c_m)?;
        non_negative("t_ref", self.t_ref)?;
        finite("t_ref", self.t_ref)?;
        time_constant("tau_syn_ex", self.tau_syn_ex)?;
        time_constant("tau_syn_in", self.tau_syn_in)?;
        for (name, g) in [("g_Na", self.g_na), ("g_K", self.g_k), ("g_L", self.g_l)] {
            non_negative(name, g)?;
            finite(name, g)?;
        }
        for (name, e) in [("E_Na", self.e_na), ("E_K", self.e_k), ("E_L", self.e_l)] {
            finite(name, e)?;
        }
        finite("I_e", self.i_e)?;
        Ok(())
    }

    fn visit_parameters(&mut self, visitor: &mut ParameterVisitor<'_>) {
        visitor.value("t_ref", &mut self.t_ref);
        visitor.value("g_Na", &mut self.g_na);
        visitor.value("g_K", &mut self.g_k);
        visitor.value("g_L", &mut self.g_l);
        visitor.value("C_m", &mut self.c_m);
        visitor.value("E_Na", &mut self.e_na);
        visitor.value("E_K", &mut self.e_k);
        visitor.value("E_L", &mut self.e_l);
        visitor.value("tau_syn_ex", &mut self.tau_syn_ex);
        visitor.value("tau_syn_in", &mut self.tau_syn_in);
        visitor.value("I_e", &mut self.i_e);
    }

    fn consts<F: Precision>(&self, dt: Time) -> HhPscAlphaConsts {
        let in_ns = |g: Conductance| (g / nS).value;
        let in_mv = |v: Voltage| (v / mV).value;
        HhPscAlphaConsts {
            g: [in_ns(self.g_na), in_ns(self.g_k), in_ns(self.g_l)],
            e: [in_mv(self.e_na), in_mv(self.e_k), in_mv(self.e_l)],
            c_m: (self.c_m / pF).value,
            tau_syn: [(self.tau_syn_ex / ms).value, (self.tau_syn_in / ms).value],
            i_e: (self.i_e / pA).value,
            h: (dt / ms).value,
            refractory_steps: nest_steps(self.t_ref, dt) as f64,
        }
    }

    fn state<F: Precision>(&self, shape: Shape) -> HhPscAlphaState<F> {
        // NEST's initial state: V = −65 mV and each gate at its steady state there
        let v0 = -65.0;
        let [(a_m, b_m), (a_h, b_h), (a_n, b_n)] = gate_rates(v0);
        let number = |x: f64| stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(x));
        let current = || stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(0.0 * pA));
        HhPscAlphaState {
            v: stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(v0 * mV)),
            m: number(a_m / (a_m + b_m)),
            h: number(a_h / (a_h + b_h)),
            n: number(a_n / (a_n + b_n)),
            i_syn_ex: current(),
            i_syn_in: current(),
            di_syn_ex: number(0.0),
            di_syn_in: number(0.0),
            refractory_steps: State::short_term(shape.clone(), Constant(0.0)),
            integration_step: State::short_term(shape.clone(), Constant(0.0)),
        }
    }

    fn chunk<F: Precision>(
        state: &mut HhPscAlphaState<F>,
        range: Range<usize>,
    ) -> Self::Chunk<'_, F> {
        let r = range;
        (
            &mut state.v.values_mut()[r.clone()],
            (
                &mut state.m.values_mut()[r.clone()],
                &mut state.h.values_mut()[r.clone()],
                &mut state.n.values_mut()[r.clone()],
            ),
            (
                &mut state.i_syn_ex.values_mut()[r.clone()],
                &mut state.i_syn_in.values_mut()[r.clone()],
            ),
            (
                &mut state.di_syn_ex.values_mut()[r.clone()],
                &mut state.di_syn_in.values_mut()[r.clone()],
            ),
            &mut state.refractory_steps.values_mut()[r.clone()],
            &mut state.integration_step.values_mut()[r],
        )
    }

    /// Nothing to do: the model has no reset.
    fn reset<F: Precision, C: PerElement<HhPscAlphaConsts>>(_: C, _: Self::Chunk<'_, F>) {}

    #[inline(always)]
    fn update<F, const RESET: bool, C, I>(
        consts: C,
        (v, (m, h, n), (iex, iin), (diex, diin), refractory, step): Self::Chunk<'_, F>,
        mut inputs: I,
        spikes: &mut [bool],
        _ctx: &StepContext,
    ) where
        F: Precision,
        C: PerElement<HhPscAlphaConsts>,
        I: NeuronInputs<F>,
    {
        let wide = |x: F| x.wide();
        for (i, spike) in spikes.iter_mut().enumerate().take(v.len()) {
            let c = consts.at(i);
            let weights = inputs.spike_weights(i);
            let input = inputs.take(i);
            // NEST's units: mV, pA, pA/ms
            let v_start = wide(F::load(v[i])) * 1e3;
            let mut y = [
                v_start,
                wide(F::load(m[i])),
                wide(F::load(h[i])),
                wide(F::load(n[i])),
                wide(F::load(diex[i])) * 1e9,
                wide(F::load(iex[i])) * 1e12,
                wide(F::load(diin[i])) * 1e9,
                wide(F::load(iin[i])) * 1e12,
            ];
            let mut i_stim = wide(input.current) * 1e12;
            if I::HAS_SLOPE {
                i_stim += wide(input.slope) * 1e9 * v_start; // nS·mV = pA
            }
            if step[i] == 0.0 {
                step[i] = c.h;
            }
            let [tau_ex, tau_in] = c.tau_syn;
            integrate(&c, &mut y, i_stim, &mut step[i]);
            // NEST's PSCurrInit = 1.0·e/τ_syn (per ms)
            y[4] += wide(weights[0]) * 1e12 * (1.0 * core::f64::consts::E / tau_ex);
            y[6] += wide(weights[1]) * 1e12 * (1.0 * core::f64::consts::E / tau_in);
            y[0] += wide(input.delta) * 1e3;
            *spike = false;
            if refractory[i] > 0.0 {
                refractory[i] -= 1.0;
            } else if y[0] >= 0.0 && v_start > y[0] {
                refractory[i] = c.refractory_steps;
                *spike = true;
            }
            v[i] = F::store(F::of(y[0] * 1e-3));
            (m[i], h[i], n[i]) =
                (F::store(F::of(y[1])), F::store(F::of(y[2])), F::store(F::of(y[3])));
            diex[i] = F::store(F::of(y[4] * 1e-9));
            iex[i] = F::store(F::of(y[5] * 1e-12));
            diin[i] = F::store(F::of(y[6] * 1e-9));
            iin[i] = F::store(F::of(y[7] * 1e-12));
        }
    }
}

/// GSL's integration of one neuron over a step, in NEST's units. Not generic and never
/// inlined, so that the integrator is compiled once for the model, not into every copy of its
/// update (one per precision, input kind and vector width): the update is scalar anyway.
#[inline(never)]
fn integrate(c: &HhPscAlphaConsts, y: &mut [f64; 8], i_stim: f64, step: &mut f64) {
    let ([g_na, g_k, g_l], [e_na, e_k, e_l]) = (c.g, c.e);
    let [tau_ex, tau_in] = c.tau_syn;
    rkf45_evolve(y, c.h, step, &ErrorControl::NEST_VALUES, |y| {
        let [vm, gm, gh, gn, di_ex, i_ex, di_in, i_in] = *y;
        let [(a_m, b_m), (a_h, b_h), (a_n, b_n)] = gate_rates(vm);
        let i_na = g_na * gm * gm * gm * gh * (vm - e_na);
        let i_k = g_k * gn * gn * gn * gn * (vm - e_k);
        let i_l = g_l * (vm - e_l);
        [
            (-(i_na + i_k + i_l) + i_stim + c.i_e + i_ex + i_in) / c.c_m,
            a_m * (1. - gm) - b_m * gm,
            a_h * (1. - gh) - b_h * gh,
            a_n * (1. - gn) - b_n * gn,
            -di_ex / tau_ex,
            di_ex - (i_ex / tau_ex),
            -di_in / tau_in,
            di_in - (i_in / tau_in),
        ]
    });
}
