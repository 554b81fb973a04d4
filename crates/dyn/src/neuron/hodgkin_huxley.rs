use core::ops::Range;

use neurodim_state::init::Constant;
use neurodim_state::{Precision, Shape, State, StateKind, StepContext};
use neurodim_units::validate::{finite, non_negative, positive};
use neurodim_units::{
    Area, CapacitanceDensity, ConductanceDensity, Time, Voltage, cm2, mS_per_cm2, mV, ms,
    uF_per_cm2,
};

use crate::DynError;
use crate::kernel::{NeuronInputs, NeuronModel, Neurons, ParameterVisitor, PerElement, exprel_in};
use crate::neuron::{stored_state, v_state};

/// Parameters of [`HodgkinHuxley`]: the squid-axon channels of brainstate's Hodgkin–Huxley
/// example as defaults, as densities per membrane area, and the membrane area that turns an
/// input current into a current density.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // the squid axon driven by 10 and 20 µA/cm² over its membrane area
/// let params = HodgkinHuxleyParams::default();
/// let mut net = Network::new(0.01 * ms)?;
/// let weak = net.add_population("weak", HodgkinHuxley::new(1, params)?)?;
/// let strong = net.add_population("strong", HodgkinHuxley::new(1, params)?)?;
/// net.set_current(weak, 10.0 * uA_per_cm2 * params.area)?;
/// net.set_current(strong, 20.0 * uA_per_cm2 * params.area)?;
/// let (s_weak, s_strong) = (net.monitor_spikes(weak)?, net.monitor_spikes(strong)?);
/// net.init(0)?;
/// net.run_for(100.0 * ms)?;
/// let (n_weak, n_strong) = (net.spike_monitor(s_weak)?.num_spikes(), net.spike_monitor(s_strong)?.num_spikes());
/// assert_eq!(n_weak, 7); // tonic firing at about 70 Hz
/// assert!(n_strong > n_weak, "{n_strong}");
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HodgkinHuxleyParams {
    /// Sodium reversal potential `E_Na` (default 50 mV; finite).
    pub e_na: Voltage,
    /// Maximal sodium conductance density `ḡ_Na` (default 120 mS/cm²; ≥ 0).
    pub g_na: ConductanceDensity,
    /// Potassium reversal potential `E_K` (default −77 mV; finite).
    pub e_k: Voltage,
    /// Maximal potassium conductance density `ḡ_K` (default 36 mS/cm²; ≥ 0).
    pub g_k: ConductanceDensity,
    /// Leak reversal potential `E_L` (default −54.387 mV; finite).
    pub e_l: Voltage,
    /// Leak conductance density `g_L` (default 0.03 mS/cm²; ≥ 0).
    pub g_l: ConductanceDensity,
    /// Membrane capacitance density `C` (default 1 µF/cm²; > 0).
    pub c: CapacitanceDensity,
    /// Membrane area `A` (default 1 cm², so that a current of 1 µA is a density of
    /// 1 µA/cm², brainstate's input unit; > 0): the input current `I` enters as `I/A`.
    pub area: Area,
    /// Spike threshold `V_th` (default 20 mV; finite): a spike is an upward crossing,
    /// `V_prev < V_th ≤ V`.
    pub v_th: Voltage,
}

impl Default for HodgkinHuxleyParams {
    fn default() -> Self {
        HodgkinHuxleyParams {
            e_na: 50.0 * mV,
            g_na: 120.0 * mS_per_cm2,
            e_k: -77.0 * mV,
            g_k: 36.0 * mS_per_cm2,
            e_l: -54.387 * mV,
            g_l: 0.03 * mS_per_cm2,
            c: 1.0 * uF_per_cm2,
            area: 1.0 * cm2,
            v_th: 20.0 * mV,
        }
    }
}

/// Hodgkin–Huxley neurons (brainstate's Hodgkin–Huxley example), with the classic squid-axon
/// rate functions (V in mV, rates in 1/ms):
///
/// `C dV/dt = I/A − ḡ_Na·m³h·(V − E_Na) − ḡ_K·n⁴·(V − E_K) − g_L·(V − E_L)`,
/// `dx/dt = α_x(V)·(1 − x) − β_x(V)·x` for each gate `x ∈ {m, h, n}`, with
/// `α_m = 0.1·(V + 40)/(1 − e^(−(V+40)/10))`, `β_m = 4·e^(−(V+65)/18)`,
/// `α_h = 0.07·e^(−(V+65)/20)`, `β_h = 1/(1 + e^(−(V+35)/10))`,
/// `α_n = 0.01·(V + 55)/(1 − e^(−(V+55)/10))`, `β_n = 0.125·e^(−(V+65)/80)`.
///
/// Each step integrates every variable by exponential Euler from the state at the start of
/// the step, the others held at their old values (brainstate's update):
/// `V ← V + dt·exprel(dt·J_V)·f_V` with `J_V = (slope/A − ḡ_Na·m³h − ḡ_K·n⁴ − g_L)/C`, and
/// `x ← x + dt·exprel(dt·J_x)·f_x` with `J_x = −(α_x + β_x)`; then `V += Σδ`. The input is
/// `I = current + slope·V` of the [`Drive`](crate::kernel::Drive). A spike is an upward
/// crossing of the threshold, `V_prev < V_th ≤ V`; there is no reset.
///
/// States (all hidden): `"V"` (default −65 mV) and the gates `"m"`, `"h"`, `"n"`
/// (dimensionless), each starting at its steady state at −65 mV, `α/(α + β)`. A population
/// whose V starts elsewhere should set the gates' initial values too
/// ([`state_mut`](crate::kernel::Neurons::state_mut)).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::neuron::Drive;
///
/// let params = HodgkinHuxleyParams::default();
/// let mut pop = HodgkinHuxley::new(1, params)?;
/// init_all(&mut pop, None, 0)?;
/// let env = Environment::new(0.01 * ms)?;
/// let drive = Drive::current(10.0 * uA_per_cm2 * params.area); // 10 µA/cm²
/// let (mut spikes, mut count) = ([false], 0);
/// for i in 0..10_000 {
///     pop.update(&env.step(i), &drive, &mut spikes)?;
///     count += spikes[0] as usize;
/// }
/// assert_eq!(count, 7); // tonic firing at about 70 Hz over 100 ms
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type HodgkinHuxley = Neurons<HodgkinHuxleyParams>;

/// The state of a [`HodgkinHuxley`] population: `"V"` and the gates `"m"`, `"h"`, `"n"`, all
/// hidden.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// let mut pop = HodgkinHuxley::new(3, HodgkinHuxleyParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// let paths: Vec<String> = list_states(&pop).into_iter().map(|info| info.path).collect();
/// assert_eq!(paths, ["V", "m", "h", "n"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct HodgkinHuxleyState<F: Precision> {
    pub(crate) v: State<F::Stored<Voltage>>,
    pub(crate) m: State<F::Stored<f64>>,
    pub(crate) h: State<F::Stored<f64>>,
    pub(crate) n: State<F::Stored<f64>>,
}

neurodim_state::stateful_fields!(HodgkinHuxleyState<F: Precision> {
    state "V" => v,
    state "m" => m,
    state "h" => h,
    state "n" => n,
});
v_state!(HodgkinHuxleyState);

/// The constants of a [`HodgkinHuxley`] neuron for a step of `dt`, in SI base units of
/// precision `F`.
///
/// Derived once per `dt` by the model's `consts`; see [`NeuronModel`](crate::kernel::NeuronModel)
/// for an example of a model's constants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HodgkinHuxleyConsts<F> {
    /// `dt` (s).
    pub dt: F,
    /// `E_Na` (V).
    pub e_na: F,
    /// `ḡ_Na` (S/m²).
    pub g_na: F,
    /// `E_K` (V).
    pub e_k: F,
    /// `ḡ_K` (S/m²).
    pub g_k: F,
    /// `E_L` (V).
    pub e_l: F,
    /// `g_L` (S/m²).
    pub g_l: F,
    /// `C` (F/m²).
    pub c: F,
    /// `A` (m²).
    pub area: F,
    /// `V_th` (V).
    pub v_th: F,
}

/// The opening and closing rates `(α, β)` (1/s) of one gate at `V` (V).
type GateRates<F> = (F, F);

/// `(V − offset)/scale`, the reduced potential of a rate function (offset and scale in mV).
#[inline(always)]
fn reduced<F: Precision>(v: F, offset_mv: f64, scale_mv: f64) -> F {
    (v - F::of((offset_mv * mV).value)) / F::of((scale_mv * mV).value)
}

/// `k/ms` in 1/s, in precision `F`.
#[inline(always)]
fn per_ms<F: Precision>(k: f64) -> F {
    F::of((k * (1.0 / ms)).value)
}

/// The rates of the gates m, h and n at `v`. `α_m` and `α_n` are written through `exprel`,
/// `0.1·(V + 40)/(1 − e^(−(V+40)/10)) = 1/exprel(−(V + 40)/10)`, so that their removable 0/0
/// at −40 mV and −55 mV is harmless.
#[inline(always)]
fn gate_rates<F: Precision>(v: F) -> [GateRates<F>; 3] {
    let m = (
        per_ms::<F>(1.0) / exprel_in(-reduced(v, -40.0, 10.0)),
        per_ms::<F>(4.0) * (-reduced(v, -65.0, 18.0)).exp(),
    );
    let h = (
        per_ms::<F>(0.07) * (-reduced(v, -65.0, 20.0)).exp(),
        per_ms::<F>(1.0) / (F::one() + (-reduced(v, -35.0, 10.0)).exp()),
    );
    let n = (
        per_ms::<F>(0.1) / exprel_in(-reduced(v, -55.0, 10.0)),
        per_ms::<F>(0.125) * (-reduced(v, -65.0, 80.0)).exp(),
    );
    [m, h, n]
}

/// One exponential-Euler step of a gate: `x + dt·exprel(dt·J)·(α(1 − x) − βx)`,
/// `J = −α − β`.
#[inline(always)]
fn gate_step<F: Precision>(x: F, (alpha, beta): GateRates<F>, dt: F) -> F {
    let rate = alpha * (F::one() - x) - beta * x;
    x + dt * exprel_in(dt * (-alpha - beta)) * rate
}

/// The potential at which the gates start at their steady state.
const REST: f64 = -65.0;

impl NeuronModel for HodgkinHuxleyParams {
    const NAME: &'static str = "HH";
    type Consts<F: Precision> = HodgkinHuxleyConsts<F>;
    type State<F: Precision> = HodgkinHuxleyState<F>;
    type Chunk<'a, F: Precision> = (
        &'a mut [F::Stored<Voltage>],
        &'a mut [F::Stored<f64>],
        &'a mut [F::Stored<f64>],
        &'a mut [F::Stored<f64>],
    );

    fn validate(&self) -> Result<(), DynError> {
        finite("E_Na", self.e_na)?;
        non_negative("g_Na", self.g_na)?;
        finite("E_K", self.e_k)?;
        non_negative("g_K", self.g_k)?;
        finite("E_L", self.e_l)?;
        non_negative("g_L", self.g_l)?;
        positive("C", self.c)?;
        positive("area", self.area)?;
        finite("V_th", self.v_th)?;
        Ok(())
    }

    fn visit_parameters(&mut self, visitor: &mut ParameterVisitor<'_>) {
        visitor.value("E_Na", &mut self.e_na);
        visitor.value("g_Na", &mut self.g_na);
        visitor.value("E_K", &mut self.e_k);
        visitor.value("g_K", &mut self.g_k);
        visitor.value("E_L", &mut self.e_l);
        visitor.value("g_L", &mut self.g_l);
        visitor.value("C", &mut self.c);
        visitor.value("area", &mut self.area);
        visitor.value("V_th", &mut self.v_th);
    }

    fn consts<F: Precision>(&self, dt: Time) -> HodgkinHuxleyConsts<F> {
        let f = |x: f64| F::of(x);
        HodgkinHuxleyConsts {
            dt: f(dt.value),
            e_na: f(self.e_na.value),
            g_na: f(self.g_na.value),
            e_k: f(self.e_k.value),
            g_k: f(self.g_k.value),
            e_l: f(self.e_l.value),
            g_l: f(self.g_l.value),
            c: f(self.c.value),
            area: f(self.area.value),
            v_th: f(self.v_th.value),
        }
    }

    fn state<F: Precision>(&self, shape: Shape) -> HodgkinHuxleyState<F> {
        let rest = REST * mV;
        let [m, h, n] = gate_rates::<f64>(rest.value).map(|(alpha, beta)| alpha / (alpha + beta));
        let gate = |x: f64| stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(x));
        HodgkinHuxleyState {
            v: stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(rest)),
            m: gate(m),
            h: gate(h),
            n: gate(n),
        }
    }

    fn chunk<F: Precision>(
        state: &mut HodgkinHuxleyState<F>,
        range: Range<usize>,
    ) -> Self::Chunk<'_, F> {
        (
            &mut state.v.values_mut()[range.clone()],
            &mut state.m.values_mut()[range.clone()],
            &mut state.h.values_mut()[range.clone()],
            &mut state.n.values_mut()[range],
        )
    }

    /// No reset: a spike is a threshold crossing, and the potential falls back by itself.
    fn reset<F: Precision, C: PerElement<HodgkinHuxleyConsts<F>>>(
        _consts: C,
        _chunk: Self::Chunk<'_, F>,
    ) {
    }

    #[inline(always)]
    fn update<F, const RESET: bool, C, I>(
        consts: C,
        (v, m, h, n): Self::Chunk<'_, F>,
        mut inputs: I,
        spikes: &mut [bool],
        _ctx: &StepContext,
    ) where
        F: Precision,
        C: PerElement<HodgkinHuxleyConsts<F>>,
        I: NeuronInputs<F>,
    {
        let neurons = v.iter_mut().zip(m.iter_mut()).zip(h.iter_mut()).zip(n.iter_mut());
        for (i, ((((v, m), h), n), spike)) in neurons.zip(spikes.iter_mut()).enumerate() {
            let c = consts.at(i);
            let input = inputs.take(i);
            let (v0, m0, h0, n0) = (F::load(*v), F::load(*m), F::load(*h), F::load(*n));
            // the membrane, with the gates' conductances frozen at their old values
            let g_na = c.g_na * m0 * m0 * m0 * h0;
            let g_k = c.g_k * n0 * n0 * n0 * n0;
            let i_ion = g_na * (v0 - c.e_na) + g_k * (v0 - c.e_k) + c.g_l * (v0 - c.e_l);
            let (i_in, slope) = if I::HAS_SLOPE {
                ((input.current + input.slope * v0) / c.area, input.slope / c.area)
            } else {
                (input.current / c.area, F::zero())
            };
            let rate = (i_in - i_ion) / c.c;
            let jacobian = (slope - (g_na + g_k + c.g_l)) / c.c;
            let next = v0 + c.dt * exprel_in(c.dt * jacobian) * rate + input.delta;
            // the gates, at the old V
            let [rm, rh, rn] = gate_rates(v0);
            *m = F::store(gate_step(m0, rm, c.dt));
            *h = F::store(gate_step(h0, rh, c.dt));
            *n = F::store(gate_step(n0, rn, c.dt));
            *v = F::store(next);
            *spike = v0 < c.v_th && c.v_th <= next;
        }
    }
}

impl<F: Precision> Neurons<HodgkinHuxleyParams, F> {
    /// The gates `(m, h, n)` of neuron `i` (flat index), dimensionless.
    pub fn gates(&self, i: usize) -> Option<(f64, f64, f64)> {
        let state = self.state();
        let at = |gate: &State<F::Stored<f64>>| gate.values().get(i).map(|&x| F::load(x).wide());
        Some((at(&state.m)?, at(&state.h)?, at(&state.n)?))
    }
}

#[cfg(test)]
mod tests {
    use crate::neuron::{HodgkinHuxleyParams, *};
    use neurodim_state::init_all;
    use neurodim_units::prelude::*;

    #[test]
    fn default_parameters() {
        let p = HodgkinHuxleyParams::default();
        assert_eq!((p.g_na, p.e_k), (120.0 * mS_per_cm2, -77.0 * mV));
    }

    #[test]
    fn gates_start_at_rest() -> Result<(), Box<dyn std::error::Error>> {
        let mut pop = HodgkinHuxley::new(1, HodgkinHuxleyParams::default())?;
        init_all(&mut pop, None, 0)?;
        let (m, h, n) = pop.gates(0).unwrap();
        assert!(
            (m - 0.0529).abs() < 1e-4 && (h - 0.5961).abs() < 1e-4 && (n - 0.3177).abs() < 1e-4
        );
        Ok(())
    }
}
