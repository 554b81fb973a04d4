use core::ops::Range;

use neurodim_state::init::Constant;
use neurodim_state::{Precision, Shape, State, StateKind, StepContext};
use neurodim_units::{Conductance, Current, Time, Voltage, nS, pA};

use crate::DynError;
use crate::kernel::{
    NeuronInputs, NeuronModel, Neurons, ParameterVisitor, PerElement, SpikeWeight,
};
use crate::neuron::aeif_cond::{AeifCondAlphaParams, AeifCondConsts, AeifCondParams};
use crate::neuron::iaf_cond::CondAlpha;
use crate::neuron::{stored_state, v_state};

/// NEST's `aeif_cond_alpha`: the adaptive exponential integrate-and-fire neuron (Brette &
/// Gerstner 2005) with alpha-shaped conductances, integrated as NEST does, with GSL's adaptive
/// Runge–Kutta–Fehlberg 4(5) ([`rkf45_apply`](crate::integrate::rkf45_apply); error control
/// on the derivatives with `gsl_error_tol`, in mV, nS and pA; the step size carried from step
/// to step).
///
/// `C_m dV/dt = −g_L(V − E_L) + g_L·Δ_T·e^{(V − V_th)/Δ_T} − g_ex(V − E_ex) − g_in(V − E_in)
/// − w + I_e + I`, `τ_w dw/dt = a(V − E_L) − w`, `d(dg)/dt = −dg/τ_syn`, `dg/dt = dg − g/τ_syn`
/// (a spike of weight `w_s` adds `w_s·e/τ_syn` to `dg`, so `g(t) = w_s·(t/τ_syn)·e^{1−t/τ_syn}`), with `V` clamped at `V_peak`
/// in the currents. After every GSL sub-step, a neuron at or above `V_peak` (`V_th` when
/// `Δ_T = 0`) spikes: `V ← V_reset`, `w ← w + b`, and it is held at `V_reset` for
/// [`nest_steps`](crate::kernel::nest_steps)`(t_ref)` steps (`dV/dt = 0`); with NEST's default
/// `t_ref = 0` it can spike more than once in a step (the step's spike flag is set once).
/// After the step, the weights (S) of the spikes arriving in it are added, times `e/τ_syn`, to
/// `dg_ex` and `dg_in` (the inhibitory port's, negative, with their sign reversed). `I` is the network's current
/// (A, constant over the step; a conductance-based input adds `s·V` at the V of the start of
/// the step); voltage jumps of [`Delta`](crate::projection::Delta) projections are added to V
/// after the step when not refractory.
///
/// States: `"V"` (hidden, default `E_L`), `"g_ex"`, `"g_in"` (hidden, 0 nS), `"dg_ex"`,
/// `"dg_in"` (hidden, 0 nS/s), `"w"` (hidden, 0 pA), `"refractory_steps"` and
/// `"integration_step"` (short-term: GSL's next step size, in ms).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // a constant current: spike-frequency adaptation through w
/// let params = AeifCondAlphaParams { i_e: 800.0 * pA, ..AeifCondAlphaParams::default() };
/// let mut net = Network::new(0.1 * ms)?;
/// let cell = net.add_population("cell", AeifCondAlpha::new(1, params)?)?;
/// let spikes = net.monitor_spikes(cell)?;
/// net.init(0)?;
/// net.run_for(300.0 * ms)?;
/// let steps = net.spike_monitor(spikes)?.spike_steps().to_vec();
/// let isi: Vec<u64> = steps.windows(2).map(|p| p[1] - p[0]).collect();
/// assert!(isi.len() > 3 && isi[isi.len() - 1] > isi[0], "{isi:?}");
/// # Ok::<(), DynError>(())
/// ```
pub type AeifCondAlpha = Neurons<AeifCondAlphaParams>;

/// The state of an [`AeifCondAlpha`] population.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// let mut pop = AeifCondAlpha::new(3, AeifCondAlphaParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// let paths: Vec<String> = list_states(&pop).into_iter().map(|info| info.path).collect();
/// let expected =
///     ["V", "g_ex", "g_in", "dg_ex", "dg_in", "w", "refractory_steps", "integration_step"];
/// assert_eq!(paths, expected);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct AeifCondAlphaState<F: Precision> {
    pub(crate) v: State<F::Stored<Voltage>>,
    g_ex: State<F::Stored<Conductance>>,
    g_in: State<F::Stored<Conductance>>,
    /// `dg/dt` of the excitatory and inhibitory conductances, S/s (stored as its SI value).
    dg_ex: State<F::Stored<f64>>,
    dg_in: State<F::Stored<f64>>,
    w: State<F::Stored<Current>>,
    /// NEST's `r_`: the refractory steps left, a whole number (kept in `f64`, exact).
    refractory_steps: State<f64>,
    /// NEST's `IntegrationStep_` (ms), 0 before the first step (which starts with `h`).
    integration_step: State<f64>,
}

neurodim_state::stateful_fields!(AeifCondAlphaState<F: Precision> {
    state "V" => v,
    state "g_ex" => g_ex,
    state "g_in" => g_in,
    state "dg_ex" => dg_ex,
    state "dg_in" => dg_in,
    state "w" => w,
    state "refractory_steps" => refractory_steps,
    state "integration_step" => integration_step,
});
v_state!(AeifCondAlphaState);

impl NeuronModel for AeifCondParams<CondAlpha> {
    const NAME: &'static str = "aeif_cond_alpha";
    const SPIKE_WEIGHT: SpikeWeight = SpikeWeight::Conductance;
    type Consts<F: Precision> = AeifCondConsts;
    type State<F: Precision> = AeifCondAlphaState<F>;
    type Chunk<'a, F: Precision> = (
        &'a mut [F::Stored<Voltage>],
        (&'a mut [F::Stored<Conductance>], &'a mut [F::Stored<Conductance>]),
        (&'a mut [F::Stored<f64>], &'a mut [F::Stored<f64>]),
        &'a mut [F::Stored<Current>],
        &'a mut [f64],
        &'a mut [f64],
    );

    fn validate(&self) -> Result<(), DynError> {
        self.check()
    }

    fn visit_parameters(&mut self, visitor: &mut ParameterVisitor<'_>) {
        self.visit(visitor);
    }

    fn consts<F: Precision>(&self, dt: Time) -> AeifCondConsts {
        self.constants(dt)
    }

    fn state<F: Precision>(&self, shape: Shape) -> AeifCondAlphaState<F> {
        let g = || stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(0.0 * nS));
        let dg = || stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(0.0));
        AeifCondAlphaState {
            v: stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(self.e_l)),
            g_ex: g(),
            g_in: g(),
            dg_ex: dg(),
            dg_in: dg(),
            w: stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(0.0 * pA)),
            refractory_steps: State::short_term(shape.clone(), Constant(0.0)),
            integration_step: State::short_term(shape.clone(), Constant(0.0)),
        }
    }

    fn chunk<F: Precision>(
        state: &mut AeifCondAlphaState<F>,
        range: Range<usize>,
    ) -> Self::Chunk<'_, F> {
        (
            &mut state.v.values_mut()[range.clone()],
            (
                &mut state.g_ex.values_mut()[range.clone()],
                &mut state.g_in.values_mut()[range.clone()],
            ),
            (
                &mut state.dg_ex.values_mut()[range.clone()],
                &mut state.dg_in.values_mut()[range.clone()],
            ),
            &mut state.w.values_mut()[range.clone()],
            &mut state.refractory_steps.values_mut()[range.clone()],
            &mut state.integration_step.values_mut()[range],
        )
    }

    /// Nothing to do: the reset is part of the step in which the neuron spikes.
    fn reset<F: Precision, C: PerElement<AeifCondConsts>>(_: C, _: Self::Chunk<'_, F>) {}

    #[inline(always)]
    fn update<F, const RESET: bool, C, I>(
        consts: C,
        (v, (g_ex, g_in), (dg_ex, dg_in), w, refractory, step): Self::Chunk<'_, F>,
        mut inputs: I,
        spikes: &mut [bool],
        _ctx: &StepContext,
    ) where
        F: Precision,
        C: PerElement<AeifCondConsts>,
        I: NeuronInputs<F>,
    {
        for (i, spike) in spikes.iter_mut().enumerate().take(v.len()) {
            let c = consts.at(i);
            let weights = inputs.spike_weights(i);
            let input = inputs.take(i);
            // NEST's units: mV, nS, nS/ms, pA
            let v_start = F::load(v[i]).wide() * 1e3;
            let mut y = [
                v_start,
                F::load(dg_ex[i]).wide() * 1e6,
                F::load(g_ex[i]).wide() * 1e9,
                F::load(dg_in[i]).wide() * 1e6,
                F::load(g_in[i]).wide() * 1e9,
                F::load(w[i]).wide() * 1e12,
            ];
            let mut i_stim = input.current.wide() * 1e12;
            if I::HAS_SLOPE {
                i_stim += input.slope.wide() * 1e9 * v_start; // nS·mV = pA
            }
            let [tau_ex, tau_in] = c.tau_syn;
            *spike = substeps(&c, &mut y, i_stim, &mut refractory[i], &mut step[i]);
            if refractory[i] == 0.0 {
                y[0] += input.delta.wide() * 1e3;
            }
            // NEST's g0 = 1.0·e/τ_syn (per ms)
            y[1] += weights[0].wide() * 1e9 * (1.0 * core::f64::consts::E / tau_ex);
            y[3] += -weights[1].wide() * 1e9 * (1.0 * core::f64::consts::E / tau_in);
            v[i] = F::store(F::of(y[0] * 1e-3));
            dg_ex[i] = F::store(F::of(y[1] * 1e-6));
            g_ex[i] = F::store(F::of(y[2] * 1e-9));
            dg_in[i] = F::store(F::of(y[3] * 1e-6));
            g_in[i] = F::store(F::of(y[4] * 1e-9));
            w[i] = F::store(F::of(y[5] * 1e-12));
        }
    }
}

/// GSL's integration of one neuron over a step, in NEST's units, NEST's threshold tested after
/// each sub-step. Not generic and never
/// inlined, so that the integrator is compiled once for the model, not into every copy of its
/// update (one per precision, input kind and vector width): the update is scalar anyway.
#[inline(never)]
fn substeps(
    c: &AeifCondConsts,
    y: &mut [f64; 6],
    i_stim: f64,
    r: &mut f64,
    step: &mut f64,
) -> bool {
    let [tau_ex, tau_in] = c.tau_syn;
    c.step::<6, 5>(y, i_stim, r, step, |y, dydt| {
        (dydt[1], dydt[2]) = (-y[1] / tau_ex, y[1] - y[2] / tau_ex);
        (dydt[3], dydt[4]) = (-y[3] / tau_in, y[3] - y[4] / tau_in);
    })
}
