use core::ops::Range;

use neurodim_state::init::{Constant, Uniform};
use neurodim_state::{Precision, Shape, State, StateKind, StepContext};
use neurodim_units::validate::{finite, non_negative, positive, time_constant, time_step};
use neurodim_units::{
    Capacitance, Conductance, Current, DisplayField, Frequency, Hz, Time, Voltage, mV, ms, nS, pA,
    pF,
};

use crate::DynError;
use crate::integrate::IafPropagator;
use crate::kernel::{
    NeuronInputs, NeuronModel, Neurons, ParameterVisitor, PerElement, Rows, SpikeWeight, nest_steps,
};
use crate::neuron::{stored_state, v_state};

/// The most adaptation kernels of each kind (`tau_stc`, `tau_sfa`) a [`GifPscExp`] takes: its
/// constants are a fixed-size copy per neuron. NEST takes any number; fits of the model use
/// up to three (Pozzorini et al. 2015).
pub const GIF_MAX_KERNELS: usize = 8;

/// Parameters of [`GifPscExp`], with NEST's names and defaults (`gif_psc_exp`, NEST 3.10).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // Mensi et al. (2012)'s cell: a spike-triggered current and a moving threshold
/// let params = GifPscExpParams {
///     tau_stc: vec![10.0 * ms, 20.0 * ms], q_stc: vec![20.0 * pA, -5.0 * pA],
///     tau_sfa: vec![120.0 * ms, 10.0 * ms], q_sfa: vec![10.0 * mV, 25.0 * mV],
///     i_e: 180.0 * pA,
///     ..GifPscExpParams::default()
/// };
/// let mut net = Network::new(0.1 * ms)?;
/// let cells = net.add_population("cells", GifPscExp::new(100, params)?)?;
/// let spikes = net.monitor_spikes(cells)?;
/// net.init(1)?;
/// net.run_for(500.0 * ms)?;
/// let rate = net.spike_monitor(spikes)?.num_spikes() as f64 / (100.0 * 0.5);
/// assert!(rate > 1.0 && rate < 100.0, "{rate} Hz");
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GifPscExpParams {
    /// Leak conductance `g_L` (default 4 nS; > 0).
    pub g_l: Conductance,
    /// Leak reversal potential `E_L` (default −70 mV).
    pub e_l: Voltage,
    /// Reset potential `V_reset` (default −55 mV), held during the refractory period.
    pub v_reset: Voltage,
    /// Sharpness of the escape rate `Delta_V` (default 0.5 mV; > 0).
    pub delta_v: Voltage,
    /// Baseline of the moving threshold `V_T_star` (default −35 mV).
    pub v_t_star: Voltage,
    /// Escape rate at threshold `lambda_0` (default 1/s; ≥ 0).
    pub lambda_0: Frequency,
    /// Refractory period `t_ref` (default 4 ms; ≥ 0), in NEST's steps ([`nest_steps`]).
    pub t_ref: Time,
    /// Membrane capacitance `C_m` (default 80 pF; > 0).
    pub c_m: Capacitance,
    /// Time constants of the spike-triggered currents `tau_stc` (default none; each > 0; one
    /// per entry of `q_stc`; at most [`GIF_MAX_KERNELS`]).
    pub tau_stc: Vec<Time>,
    /// Jumps of the spike-triggered currents `q_stc` (default none). NEST's documentation says
    /// nA; its code adds them to currents in pA, as here.
    pub q_stc: Vec<Current>,
    /// Time constants of the threshold's adaptation `tau_sfa` (default none; each > 0; one per
    /// entry of `q_sfa`; at most [`GIF_MAX_KERNELS`]).
    pub tau_sfa: Vec<Time>,
    /// Jumps of the threshold `q_sfa` (default none).
    pub q_sfa: Vec<Voltage>,
    /// Time constant of the excitatory synaptic current `tau_syn_ex` (default 2 ms; > 0).
    pub tau_syn_ex: Time,
    /// Time constant of the inhibitory synaptic current `tau_syn_in` (default 2 ms; > 0).
    pub tau_syn_in: Time,
    /// Constant external current `I_e` (default 0 pA).
    pub i_e: Current,
}

impl Default for GifPscExpParams {
    fn default() -> Self {
        GifPscExpParams {
            g_l: 4.0 * nS,
            e_l: -70.0 * mV,
            v_reset: -55.0 * mV,
            delta_v: 0.5 * mV,
            v_t_star: -35.0 * mV,
            lambda_0: 1.0 * Hz,
            t_ref: 4.0 * ms,
            c_m: 80.0 * pF,
            tau_stc: Vec::new(),
            q_stc: Vec::new(),
            tau_sfa: Vec::new(),
            q_sfa: Vec::new(),
            tau_syn_ex: 2.0 * ms,
            tau_syn_in: 2.0 * ms,
            i_e: 0.0 * pA,
        }
    }
}

/// NEST's `gif_psc_exp`: the generalised integrate-and-fire neuron of Mensi et al. (2012) and
/// Pozzorini et al. (2015) with exponential synaptic currents: a leaky membrane, spike-triggered
/// currents, a moving threshold and stochastic spiking by an escape rate.
///
/// `C_m·dV/dt = −g_L·(V − E_L) − η(t) + I_syn + I + I_e`, `η = Σ_j stc_j`, each
/// `stc_j` decaying with `tau_stc[j]` and jumping by `q_stc[j]` at a spike; the threshold
/// `V_T = V_T* + Σ_j sfa_j`, each `sfa_j` decaying with `tau_sfa[j]` and jumping by
/// `q_sfa[j]`; the hazard `λ = λ₀·exp((V − V_T)/ΔV)`: outside the refractory period a neuron
/// spikes in a step with probability `1 − e^{−λ·h}`. V is integrated exactly (NEST's
/// propagators `P₃₃ = e^{−h/τ_m}`, `P₃₀ = −τ_m/C_m·(e^{−h/τ_m} − 1)`, `P₃₁ = 1 − e^{−h/τ_m}`,
/// `τ_m = C_m/g_L`, `P₂₁` of [`IafPropagator`]).
///
/// Each step, in NEST's order: η and V_T are the sums of the kernels *before* they decay; the
/// synaptic currents decay and take the weights (A) of the spikes arriving on each port;
/// outside the refractory period
/// `V ← P₃₀·(I + I_e − η) + P₃₃·V + P₃₁·E_L + P₂₁ₑ·I_ex + P₂₁ᵢ·I_in` (plus the voltage jumps of
/// [`Delta`](crate::projection::Delta) projections), then the escape draw; a spike adds the
/// jumps to the kernels and starts [`nest_steps`]`(t_ref)` refractory steps, which hold V at
/// `V_reset` — V itself is not reset in the step of the spike (NEST records the unreset
/// value). `I` is the network's current (a conductance-based input adds `s·V` at the start of
/// the step).
///
/// The escape draw is a uniform number on [0, 1) that depends only on the neuron's key (the
/// short-term state `"escape_key"`, drawn at init from the population's stream) and the step
/// index, through SplitMix64's mixing function: the draws do not depend on the number of
/// threads, and a checkpoint that holds the keys resumes them exactly. NEST draws from its own
/// generator, so spike trains agree with NEST's in law, not one by one.
///
/// States: `"V"` (hidden, default −70 mV, NEST's default whatever `E_L`), `"I_syn_ex"`,
/// `"I_syn_in"` (hidden, 0 pA), `"stc"` and `"sfa"` (hidden, the kernels, one row per neuron
/// of max(count, 1) values: A and V), `"I_stc"` (η, A) and `"E_sfa"` (V_T, V) as NEST records
/// them, `"refractory_steps"` and `"escape_key"` (short-term).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// let mut pop = GifPscExp::new(3, GifPscExpParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// let paths: Vec<String> = list_states(&pop).into_iter().map(|info| info.path).collect();
/// let expected = ["V", "I_syn_ex", "I_syn_in", "stc", "sfa", "I_stc", "E_sfa",
///     "refractory_steps", "escape_key"];
/// assert_eq!(paths, expected);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type GifPscExp = Neurons<GifPscExpParams>;

/// The state of a [`GifPscExp`] population.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// let params = GifPscExpParams {
///     tau_sfa: vec![100.0 * ms], q_sfa: vec![5.0 * mV], ..GifPscExpParams::default()
/// };
/// let mut pop = GifPscExp::new(2, params)?;
/// init_all(&mut pop, None, 0)?;
/// assert_eq!(pop.state().kernels_per_neuron(), (1, 1)); // no stc kernel: one row of zero
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct GifPscExpState<F: Precision> {
    pub(crate) v: State<F::Stored<Voltage>>,
    i_syn_ex: State<F::Stored<Current>>,
    i_syn_in: State<F::Stored<Current>>,
    /// The spike-triggered currents, `stc_width` per neuron.
    stc: State<F::Stored<Current>>,
    /// The threshold's adaptation, `sfa_width` per neuron.
    sfa: State<F::Stored<Voltage>>,
    i_stc: State<F::Stored<Current>>,
    e_sfa: State<F::Stored<Voltage>>,
    /// NEST's `r_`: the refractory steps left, a whole number (kept in `f64`, exact).
    refractory_steps: State<f64>,
    /// Each neuron's key of its escape draws: a whole number below 2⁵³.
    escape_key: State<f64>,
    stc_width: usize,
    sfa_width: usize,
}

neurodim_state::stateful_fields!(GifPscExpState<F: Precision> {
    state "V" => v,
    state "I_syn_ex" => i_syn_ex,
    state "I_syn_in" => i_syn_in,
    state "stc" => stc,
    state "sfa" => sfa,
    state "I_stc" => i_stc,
    state "E_sfa" => e_sfa,
    state "refractory_steps" => refractory_steps,
    state "escape_key" => escape_key,
});
v_state!(GifPscExpState);

impl<F: Precision> GifPscExpState<F> {
    /// The values per neuron of the states `"stc"` and `"sfa"`: the number of kernels of each
    /// kind, or 1 (a kernel of zero) where there is none.
    pub fn kernels_per_neuron(&self) -> (usize, usize) {
        (self.stc_width, self.sfa_width)
    }
}

/// The constants of a [`GifPscExp`] neuron for a step of `h` (NEST's internal variables), in SI
/// units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GifPscExpConsts<F> {
    /// `P₃₃ = e^{−h/τ_m}`.
    pub p33: F,
    /// `P₃₀ = −τ_m/C_m·(e^{−h/τ_m} − 1)` (V/A).
    pub p30: F,
    /// `P₃₁ = −(e^{−h/τ_m} − 1)`.
    pub p31: F,
    /// `e^{−h/τ_syn}` of the excitatory and inhibitory currents.
    pub p11: [F; 2],
    /// `P₂₁` of the two currents (V/A).
    pub p21: [F; 2],
    /// `E_L` (V).
    pub e_l: F,
    /// `I_e` (A).
    pub i_e: F,
    /// `V_reset` (V).
    pub v_reset: F,
    /// `V_T*` (V).
    pub v_t_star: F,
    /// `ΔV` (V).
    pub delta_v: f64,
    /// `λ₀` (1/s).
    pub lambda_0: f64,
    /// `h` (s).
    pub h: f64,
    /// The decays `e^{−h/τ}` and jumps (A) of the spike-triggered currents (the first
    /// `n_stc`).
    pub stc: [(F, F); GIF_MAX_KERNELS],
    /// The decays and jumps (V) of the threshold's kernels (the first `n_sfa`).
    pub sfa: [(F, F); GIF_MAX_KERNELS],
    /// The number of spike-triggered currents.
    pub n_stc: usize,
    /// The number of threshold kernels.
    pub n_sfa: usize,
    /// The refractory steps after a spike.
    pub refractory_steps: f64,
}

/// A uniform number on [0, 1) from `key` and `step`: SplitMix64's mixing function of the key
/// advanced by `step + 1` of its increments, then mixed once more (53 bits).
#[inline(always)]
fn escape_uniform(key: f64, step: u64) -> f64 {
    const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;
    let mix = |mut z: u64| {
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let z = mix((key as u64).wrapping_add(step.wrapping_add(1).wrapping_mul(GOLDEN)));
    (mix(z ^ GOLDEN) >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

impl GifPscExpParams {
    /// NEST's membrane time constant `C_m/g_L`.
    fn tau_m(&self) -> Time {
        self.c_m / self.g_l
    }

    fn check_kernels<Q: DisplayField + Copy>(
        (tau_name, taus): (&'static str, &[Time]),
        (q_name, qs): (&'static str, &[Q]),
        finite_q: impl Fn(&'static str, Q) -> Result<Q, neurodim_units::UnitsError>,
    ) -> Result<(), DynError> {
        if taus.len() != qs.len() {
            let shown = format!("{} values ({tau_name}: {})", qs.len(), taus.len());
            return Err(DynError::invalid(
                q_name,
                shown,
                "must have one value per time constant (NEST's rule)",
            ));
        }
        if taus.len() > GIF_MAX_KERNELS {
            return Err(DynError::invalid(
                tau_name,
                format!("{} kernels", taus.len()),
                "must have at most 8 (GIF_MAX_KERNELS)",
            ));
        }
        for &tau in taus {
            time_constant(tau_name, tau)?;
        }
        for &q in qs {
            finite_q(q_name, q)?;
        }
        Ok(())
    }
}

impl NeuronModel for GifPscExpParams {
    const NAME: &'static str = "gif_psc_exp";
    const SPIKE_WEIGHT: SpikeWeight = SpikeWeight::Current;
    type Consts<F: Precision> = GifPscExpConsts<F>;
    type State<F: Precision> = GifPscExpState<F>;
    type Chunk<'a, F: Precision> = (
        &'a mut [F::Stored<Voltage>],
        (&'a mut [F::Stored<Current>], &'a mut [F::Stored<Current>]),
        (Rows<'a, F::Stored<Current>>, Rows<'a, F::Stored<Voltage>>),
        (&'a mut [F::Stored<Current>], &'a mut [F::Stored<Voltage>]),
        &'a mut [f64],
        &'a mut [f64],
    );

    fn validate(&self) -> Result<(), DynError> {
        // NEST's rules (gif_psc_exp.cpp), and finite values
        Self::check_kernels(("tau_sfa", &self.tau_sfa), ("q_sfa", &self.q_sfa), finite)?;
        Self::check_kernels(("tau_stc", &self.tau_stc), ("q_stc", &self.q_stc), finite)?;
        positive("g_L", self.g_l)?;
        positive("Delta_V", self.delta_v)?;
        positive("C_m", self.c_m)?;
        non_negative("t_ref", self.t_ref)?;
        non_negative("lambda_0", self.lambda_0)?;
        time_constant("tau_syn_ex", self.tau_syn_ex)?;
        time_constant("tau_syn_in", self.tau_syn_in)?;
        for (name, v) in [("E_L", self.e_l), ("V_reset", self.v_reset), ("V_T_star", self.v_t_star)]
        {
            finite(name, v)?;
        }
        finite("I_e", self.i_e)?;
        Ok(())
    }

    fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        time_step("C_m/g_L", self.tau_m(), dt)?;
        for (name, tau) in [("tau_syn_ex", self.tau_syn_ex), ("tau_syn_in", self.tau_syn_in)] {
            time_step(name, tau, dt)?;
        }
        Ok(())
    }

    fn visit_parameters(&mut self, visitor: &mut ParameterVisitor<'_>) {
        visitor.value("g_L", &mut self.g_l);
        visitor.value("E_L", &mut self.e_l);
        visitor.value("V_reset", &mut self.v_reset);
        visitor.value("Delta_V", &mut self.delta_v);
        visitor.value("V_T_star", &mut self.v_t_star);
        visitor.value("lambda_0", &mut self.lambda_0);
        visitor.value("t_ref", &mut self.t_ref);
        visitor.value("C_m", &mut self.c_m);
        visitor.value("tau_syn_ex", &mut self.tau_syn_ex);
        visitor.value("tau_syn_in", &mut self.tau_syn_in);
        visitor.value("I_e", &mut self.i_e);
    }

    fn consts<F: Precision>(&self, dt: Time) -> GifPscExpConsts<F> {
        // NEST's pre_run_hook, in SI units
        let (h, tau_m) = (dt.value, self.tau_m());
        let decay = |tau: Time| (-h / tau.value).exp();
        let expm1 = (-h / tau_m.value).exp_m1();
        let p21 = |tau: Time| F::of(IafPropagator::new(tau, tau_m, self.c_m).exponential(dt));
        let kernels = |taus: &[Time], qs: &[f64]| {
            let mut out = [(F::zero(), F::zero()); GIF_MAX_KERNELS];
            for (k, (&tau, &q)) in taus.iter().zip(qs).enumerate() {
                out[k] = (F::of(decay(tau)), F::of(q));
            }
            out
        };
        let q_stc: Vec<f64> = self.q_stc.iter().map(|q| q.value).collect();
        let q_sfa: Vec<f64> = self.q_sfa.iter().map(|q| q.value).collect();
        GifPscExpConsts {
            p33: F::of(decay(tau_m)),
            p30: F::of(-1.0 / self.c_m.value * expm1 * tau_m.value),
            p31: F::of(-expm1),
            p11: [F::of(decay(self.tau_syn_ex)), F::of(decay(self.tau_syn_in))],
            p21: [p21(self.tau_syn_ex), p21(self.tau_syn_in)],
            e_l: F::of(self.e_l.value),
            i_e: F::of(self.i_e.value),
            v_reset: F::of(self.v_reset.value),
            v_t_star: F::of(self.v_t_star.value),
            delta_v: self.delta_v.value,
            lambda_0: self.lambda_0.value,
            h,
            stc: kernels(&self.tau_stc, &q_stc),
            sfa: kernels(&self.tau_sfa, &q_sfa),
            n_stc: self.tau_stc.len(),
            n_sfa: self.tau_sfa.len(),
            refractory_steps: nest_steps(self.t_ref, dt) as f64,
        }
    }

    fn state<F: Precision>(&self, shape: Shape) -> GifPscExpState<F> {
        let (stc_width, sfa_width) = (self.tau_stc.len().max(1), self.tau_sfa.len().max(1));
        let rows = |width: usize| {
            let dims: Vec<usize> = shape.dims().iter().copied().chain([width]).collect();
            Shape::new(dims).expect("a population shape with one more axis of at least 1")
        };
        let current =
            |shape: Shape| stored_state::<F, _>(StateKind::Hidden, shape, Constant(0.0 * pA));
        let short =
            |shape: Shape| stored_state::<F, _>(StateKind::ShortTerm, shape, Constant(0.0 * mV));
        let keys = Uniform::new(0.0, (1u64 << 53) as f64).expect("a valid interval");
        GifPscExpState {
            v: stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(-70.0 * mV)),
            i_syn_ex: current(shape.clone()),
            i_syn_in: current(shape.clone()),
            stc: current(rows(stc_width)),
            sfa: stored_state::<F, _>(StateKind::Hidden, rows(sfa_width), Constant(0.0 * mV)),
            i_stc: stored_state::<F, _>(StateKind::ShortTerm, shape.clone(), Constant(0.0 * pA)),
            e_sfa: short(shape.clone()),
            refractory_steps: State::short_term(shape.clone(), Constant(0.0)),
            escape_key: State::short_term(shape, keys),
            stc_width,
            sfa_width,
        }
    }

    fn chunk<F: Precision>(
        state: &mut GifPscExpState<F>,
        range: Range<usize>,
    ) -> Self::Chunk<'_, F> {
        let rows = |range: &Range<usize>, width: usize| range.start * width..range.end * width;
        (
            &mut state.v.values_mut()[range.clone()],
            (
                &mut state.i_syn_ex.values_mut()[range.clone()],
                &mut state.i_syn_in.values_mut()[range.clone()],
            ),
            (
                Rows::new(
                    &mut state.stc.values_mut()[rows(&range, state.stc_width)],
                    state.stc_width,
                ),
                Rows::new(
                    &mut state.sfa.values_mut()[rows(&range, state.sfa_width)],
                    state.sfa_width,
                ),
            ),
            (
                &mut state.i_stc.values_mut()[range.clone()],
                &mut state.e_sfa.values_mut()[range.clone()],
            ),
            &mut state.refractory_steps.values_mut()[range.clone()],
            &mut state.escape_key.values_mut()[range],
        )
    }

    /// Nothing to do: the refractory steps hold V at `V_reset`.
    fn reset<F: Precision, C: PerElement<GifPscExpConsts<F>>>(_: C, _: Self::Chunk<'_, F>) {}

    #[inline(always)]
    fn update<F, const RESET: bool, C, I>(
        consts: C,
        (v, (ex, inh), (mut stc, mut sfa), (i_stc, e_sfa), refractory, key): Self::Chunk<'_, F>,
        mut inputs: I,
        spikes: &mut [bool],
        ctx: &StepContext,
    ) where
        F: Precision,
        C: PerElement<GifPscExpConsts<F>>,
        I: NeuronInputs<F>,
    {
        for (i, spike) in spikes.iter_mut().enumerate().take(v.len()) {
            let c = consts.at(i);
            let weights = inputs.spike_weights(i);
            let input = inputs.take(i);
            // η and V_T: the kernels' sums before they decay (NEST's order)
            let (stc_row, sfa_row) = (stc.row(i), sfa.row(i));
            let mut eta = F::zero();
            for (x, &(decay, _)) in stc_row.iter_mut().zip(&c.stc).take(c.n_stc) {
                let value = F::load(*x);
                eta = eta + value;
                *x = F::store(decay * value);
            }
            let mut v_t = c.v_t_star;
            for (x, &(decay, _)) in sfa_row.iter_mut().zip(&c.sfa).take(c.n_sfa) {
                let value = F::load(*x);
                v_t = v_t + value;
                *x = F::store(decay * value);
            }
            let i_ex = F::load(ex[i]) * c.p11[0] + weights[0];
            let i_in = F::load(inh[i]) * c.p11[1] + weights[1];
            let v_start = F::load(v[i]);
            *spike = false;
            let v_next = if refractory[i] == 0.0 {
                let current = if I::HAS_SLOPE {
                    input.current + input.slope * v_start
                } else {
                    input.current
                };
                let v_next = c.p30 * (current + c.i_e - eta)
                    + c.p33 * v_start
                    + c.p31 * c.e_l
                    + i_ex * c.p21[0]
                    + i_in * c.p21[1]
                    + input.delta;
                let lambda = c.lambda_0 * ((v_next - v_t).wide() / c.delta_v).exp();
                let p = -(-lambda * c.h).exp_m1();
                if lambda > 0.0 && escape_uniform(key[i], ctx.i) < p {
                    for (x, &(_, jump)) in stc_row.iter_mut().zip(&c.stc).take(c.n_stc) {
                        *x = F::store(F::load(*x) + jump);
                    }
                    for (x, &(_, jump)) in sfa_row.iter_mut().zip(&c.sfa).take(c.n_sfa) {
                        *x = F::store(F::load(*x) + jump);
                    }
                    refractory[i] = c.refractory_steps;
                    *spike = true;
                }
                v_next
            } else {
                refractory[i] -= 1.0;
                c.v_reset
            };
            (ex[i], inh[i]) = (F::store(i_ex), F::store(i_in));
            (i_stc[i], e_sfa[i]) = (F::store(eta), F::store(v_t));
            v[i] = F::store(v_next);
        }
    }
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use super::*;

    #[test]
    fn nest_rules_are_refused_by_name() {
        let bad = |p: GifPscExpParams| GifPscExp::new(1, p).err().and_then(|e| e.param());
        let d = GifPscExpParams::default;
        let one_tau = GifPscExpParams { tau_sfa: vec![10.0 * ms], ..d() };
        assert_eq!(bad(one_tau), Some("q_sfa"));
        let zero_tau = GifPscExpParams { tau_stc: vec![0.0 * ms], q_stc: vec![1.0 * pA], ..d() };
        assert_eq!(bad(zero_tau), Some("tau_stc"));
        assert_eq!(bad(GifPscExpParams { delta_v: 0.0 * mV, ..d() }), Some("Delta_V"));
        assert_eq!(bad(GifPscExpParams { g_l: 0.0 * nS, ..d() }), Some("g_L"));
        assert_eq!(bad(GifPscExpParams { lambda_0: -1.0 * Hz, ..d() }), Some("lambda_0"));
        assert_eq!(bad(GifPscExpParams { t_ref: -1.0 * ms, ..d() }), Some("t_ref"));
        let nine = GifPscExpParams { tau_sfa: vec![1.0 * ms; 9], q_sfa: vec![1.0 * mV; 9], ..d() };
        assert_eq!(bad(nine), Some("tau_sfa"));
    }

    #[test]
    fn mismatched_kernels_name_both_counts() {
        let params = GifPscExpParams { tau_stc: vec![10.0 * ms], ..GifPscExpParams::default() };
        let error = GifPscExp::new(1, params).unwrap_err().to_string();
        assert_eq!(
            error,
            "invalid q_stc: 0 values (tau_stc: 1) (must have one value per time constant \
             (NEST's rule))"
        );
    }

    /// With no refractory period and V at rest, every step of every neuron fires with the
    /// probability `p = 1 − e^{−λ·h}`, `λ = λ₀·exp((E_L − V_T*)/ΔV)`, independently: the count
    /// of 1 000 neurons over 1 000 steps is Binomial(10⁶, p) (within 5 σ), and the neurons do
    /// not fire together (the variance of the per-step count is the Binomial's n·p·(1 − p),
    /// within 5 standard errors of a variance).
    #[test]
    fn escape_noise_fires_with_the_hazard_probability() -> Result<(), Box<dyn std::error::Error>> {
        use crate::neuron::{Drive, Neuron};
        use neurodim_state::{Environment, init_all};
        let params = GifPscExpParams {
            lambda_0: 500.0 * Hz,
            delta_v: 1000.0 * mV,
            t_ref: 0.0 * ms,
            ..GifPscExpParams::default()
        };
        let (neurons, steps) = (1000usize, 1000u64);
        let mut pop = GifPscExp::new(neurons, params)?;
        init_all(&mut pop, None, 7)?;
        let env = Environment::new(0.1 * ms)?;
        let mut spikes = vec![false; neurons];
        let (mut total, mut sum_sq) = (0.0, 0.0);
        for i in 0..steps {
            pop.update(&env.step(i), &Drive::none(), &mut spikes)?;
            let count = spikes.iter().filter(|&&s| s).count() as f64;
            (total, sum_sq) = (total + count, sum_sq + count * count);
        }
        let p = -(-500.0 * (-35.0f64 / 1000.0).exp() * 1e-4).exp_m1();
        let n = (neurons as u64 * steps) as f64;
        let sigma = (n * p * (1.0 - p)).sqrt();
        assert!((total - n * p).abs() < 5.0 * sigma, "{total} spikes, expected {}", n * p);
        let mean = total / steps as f64;
        let variance = sum_sq / steps as f64 - mean * mean;
        let expected = neurons as f64 * p * (1.0 - p);
        // the sample variance of 1 000 near-normal counts: σ ≈ expected·√(2/1000)
        assert!((variance - expected).abs() < 5.0 * expected * (2.0 / steps as f64).sqrt());
        Ok(())
    }

    /// The escape draws are uniform on [0, 1): the mean and variance of 10⁶ draws (1 000
    /// keys, 1 000 steps each) are 1/2 and 1/12 within 5 standard errors, and successive
    /// draws of a key are uncorrelated (lag-1 correlation within 5/√10⁶).
    #[test]
    fn escape_draws_are_uniform_and_independent() {
        let n = 1_000_000f64;
        let (mut sum, mut sum_sq, mut lag) = (0.0, 0.0, 0.0);
        for key in 0..1000u64 {
            let key = (key * 7_919) as f64;
            let mut previous = escape_uniform(key, 0);
            for step in 1..=1000 {
                let u = escape_uniform(key, step);
                assert!((0.0..1.0).contains(&u));
                (sum, sum_sq) = (sum + u, sum_sq + u * u);
                lag += (u - 0.5) * (previous - 0.5);
                previous = u;
            }
        }
        let mean = sum / n;
        assert!((mean - 0.5).abs() < 5.0 * (1.0 / 12.0 / n).sqrt(), "{mean}");
        let variance = sum_sq / n - mean * mean;
        // σ of the variance of n uniforms: √((1/80 − 1/144)/n) = 7.5·10⁻⁵
        assert!((variance - 1.0 / 12.0).abs() < 5.0 * 7.5e-5, "{variance}");
        let correlation = lag / n * 12.0;
        assert!(correlation.abs() < 5.0 / n.sqrt(), "{correlation}");
    }
}
