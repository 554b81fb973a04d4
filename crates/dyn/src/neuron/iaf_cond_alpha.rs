use core::ops::Range;

use neurodim_state::init::Constant;
use neurodim_state::{Precision, Shape, State, StateKind, StepContext};
use neurodim_units::{Conductance, Time, Voltage, nS};

use crate::DynError;
use crate::integrate::rkf45_evolve;
use crate::kernel::{
    NeuronInputs, NeuronModel, Neurons, ParameterVisitor, PerElement, SpikeWeight,
};
use crate::neuron::iaf_cond::{CondAlpha, IafCondAlphaParams, IafCondConsts, IafCondParams};
use crate::neuron::{stored_state, v_state};

/// NEST's `iaf_cond_alpha`: a leaky integrate-and-fire neuron with alpha-shaped conductances,
/// integrated as NEST does, with GSL's adaptive Runge–Kutta–Fehlberg 4(5)
/// ([`rkf45_evolve`], absolute error 10⁻³ in mV and nS, the step size carried from step to
/// step).
///
/// `C_m dV/dt = −g_L(V − E_L) − g_ex(V − E_ex) − g_in(V − E_in) + I + I_e`,
/// `d(dg)/dt = −dg/τ_syn`, `dg/dt = dg − g/τ_syn`, with `V` clamped at `V_th` in the currents:
/// a spike of weight `w` adds `w·e/τ_syn` to `dg`, so that `g(t) = w·(t/τ_syn)·e^{1 − t/τ_syn}`.
/// After each step of `h`, a refractory neuron is held at `V_reset`, and one with `V ≥ V_th`
/// spikes, is set to `V_reset` and is refractory for the next
/// [`nest_steps`](crate::kernel::nest_steps)`(t_ref)` steps (during which `dV/dt = 0`); then
/// the weights (S) of the spikes arriving in the step are added to `dg_ex` (excitatory port)
/// and `dg_in` (the inhibitory port's, negative, with their sign reversed): `g` and `V` move
/// from the step after a spike arrives. `I` is
/// the network's current (A, constant over the step; a conductance-based input adds `s·V` at
/// the V of the start of the step); voltage jumps of [`Delta`](crate::projection::Delta)
/// projections are added to `V` after the step when not refractory.
///
/// States: `"V"` (hidden, default `E_L`), `"g_ex"`, `"g_in"` (hidden, 0 nS), `"dg_ex"`,
/// `"dg_in"` (hidden, 0 nS/s), `"refractory_steps"` and `"integration_step"` (short-term: GSL's
/// next step size, in ms).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // NEST's default cell with I_e = 500 pA spikes regularly
/// let params = IafCondAlphaParams { i_e: 500.0 * pA, ..IafCondAlphaParams::default() };
/// let mut net = Network::new(0.1 * ms)?;
/// let cell = net.add_population("cell", IafCondAlpha::new(1, params)?)?;
/// let spikes = net.monitor_spikes(cell)?;
/// net.init(0)?;
/// net.run_for(100.0 * ms)?;
/// let steps = net.spike_monitor(spikes)?.spike_steps().to_vec();
/// assert!(steps.len() >= 3);
/// assert_eq!(steps[2] - steps[1], steps[1] - steps[0]);
/// # Ok::<(), DynError>(())
/// ```
pub type IafCondAlpha = Neurons<IafCondAlphaParams>;

/// The state of an [`IafCondAlpha`] population.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// let mut pop = IafCondAlpha::new(3, IafCondAlphaParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// let paths: Vec<String> = list_states(&pop).into_iter().map(|info| info.path).collect();
/// let expected = ["V", "g_ex", "g_in", "dg_ex", "dg_in", "refractory_steps", "integration_step"];
/// assert_eq!(paths, expected);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct IafCondAlphaState<F: Precision> {
    pub(crate) v: State<F::Stored<Voltage>>,
    g_ex: State<F::Stored<Conductance>>,
    g_in: State<F::Stored<Conductance>>,
    /// `dg/dt` of the excitatory and inhibitory conductances, S/s (stored as its SI value).
    dg_ex: State<F::Stored<f64>>,
    dg_in: State<F::Stored<f64>>,
    /// NEST's `r_`: the refractory steps left, a whole number (kept in `f64`, exact).
    refractory_steps: State<f64>,
    /// NEST's `IntegrationStep_` (ms): GSL's suggested step, carried to the next step; 0 before
    /// the first step (which starts with `h`).
    integration_step: State<f64>,
}

neurodim_state::stateful_fields!(IafCondAlphaState<F: Precision> {
    state "V" => v,
    state "g_ex" => g_ex,
    state "g_in" => g_in,
    state "dg_ex" => dg_ex,
    state "dg_in" => dg_in,
    state "refractory_steps" => refractory_steps,
    state "integration_step" => integration_step,
});
v_state!(IafCondAlphaState);

impl NeuronModel for IafCondParams<CondAlpha> {
    const NAME: &'static str = "iaf_cond_alpha";
    const SPIKE_WEIGHT: SpikeWeight = SpikeWeight::Conductance;
    type Consts<F: Precision> = IafCondConsts;
    type State<F: Precision> = IafCondAlphaState<F>;
    type Chunk<'a, F: Precision> = (
        &'a mut [F::Stored<Voltage>],
        (&'a mut [F::Stored<Conductance>], &'a mut [F::Stored<Conductance>]),
        (&'a mut [F::Stored<f64>], &'a mut [F::Stored<f64>]),
        &'a mut [f64],
        &'a mut [f64],
    );

    fn validate(&self) -> Result<(), DynError> {
        self.check()
    }

    fn visit_parameters(&mut self, visitor: &mut ParameterVisitor<'_>) {
        self.visit(visitor);
    }

    fn consts<F: Precision>(&self, dt: Time) -> IafCondConsts {
        self.constants(dt)
    }

    fn state<F: Precision>(&self, shape: Shape) -> IafCondAlphaState<F> {
        let g = || stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(0.0 * nS));
        let dg = || stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(0.0));
        IafCondAlphaState {
            v: stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(self.e_l)),
            g_ex: g(),
            g_in: g(),
            dg_ex: dg(),
            dg_in: dg(),
            refractory_steps: State::short_term(shape.clone(), Constant(0.0)),
            integration_step: State::short_term(shape.clone(), Constant(0.0)),
        }
    }

    fn chunk<F: Precision>(
        state: &mut IafCondAlphaState<F>,
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
            &mut state.refractory_steps.values_mut()[range.clone()],
            &mut state.integration_step.values_mut()[range],
        )
    }

    /// Nothing to do: the reset is part of the step in which the neuron spikes.
    fn reset<F: Precision, C: PerElement<IafCondConsts>>(_: C, _: Self::Chunk<'_, F>) {}

    #[inline(always)]
    fn update<F, const RESET: bool, C, I>(
        consts: C,
        (v, (g_ex, g_in), (dg_ex, dg_in), refractory, step): Self::Chunk<'_, F>,
        mut inputs: I,
        spikes: &mut [bool],
        _ctx: &StepContext,
    ) where
        F: Precision,
        C: PerElement<IafCondConsts>,
        I: NeuronInputs<F>,
    {
        for (i, spike) in spikes.iter_mut().enumerate().take(v.len()) {
            let c = consts.at(i);
            let m = &c.membrane;
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
            ];
            let mut i_stim = input.current.wide() * 1e12;
            if I::HAS_SLOPE {
                i_stim += input.slope.wide() * 1e9 * v_start; // nS·mV = pA
            }
            let held = refractory[i] > 0.0;
            if step[i] == 0.0 {
                step[i] = c.h;
            }
            let [tau_ex, tau_in] = c.tau_syn;
            integrate(&c, &mut y, i_stim, held, &mut step[i]);
            *spike = false;
            if held {
                refractory[i] -= 1.0;
                y[0] = m.v_reset;
            } else {
                y[0] += input.delta.wide() * 1e3;
                if y[0] >= m.v_th {
                    refractory[i] = c.refractory_steps;
                    y[0] = m.v_reset;
                    *spike = true;
                }
            }
            // NEST's PSConInit = 1.0·e/τ_syn (per ms)
            y[1] += weights[0].wide() * 1e9 * (1.0 * core::f64::consts::E / tau_ex);
            y[3] += -weights[1].wide() * 1e9 * (1.0 * core::f64::consts::E / tau_in);
            v[i] = F::store(F::of(y[0] * 1e-3));
            dg_ex[i] = F::store(F::of(y[1] * 1e-6));
            g_ex[i] = F::store(F::of(y[2] * 1e-9));
            dg_in[i] = F::store(F::of(y[3] * 1e-6));
            g_in[i] = F::store(F::of(y[4] * 1e-9));
        }
    }
}

/// GSL's integration of one neuron over a step, in NEST's units. Not generic and never
/// inlined, so that the integrator is compiled once for the model, not into every copy of its
/// update (one per precision, input kind and vector width): the update is scalar anyway.
#[inline(never)]
fn integrate(c: &IafCondConsts, y: &mut [f64; 5], i_stim: f64, held: bool, step: &mut f64) {
    let [tau_ex, tau_in] = c.tau_syn;
    rkf45_evolve(y, c.h, step, &c.control, |y| {
        [
            c.membrane.rate(y[0], (y[2], y[4]), i_stim, held, false),
            -y[1] / tau_ex,
            y[1] - (y[2] / tau_ex),
            -y[3] / tau_in,
            y[3] - (y[4] / tau_in),
        ]
    });
}
