//! A quadratic integrate-and-fire neuron (Latham et al. 2000; Izhikevich 2007, ch. 8) written
//! outside the library, on the public kernel interface, exactly as a built-in model is:
//!
//! `C dV/dt = k·(V − V_rest)·(V − V_c) + I(V)`, a spike when `V ≥ V_peak`, then `V ← V_reset`,
//!
//! with `I(V) = I + s·V` the neuron's input. The right-hand side is written with typed
//! quantities and integrated by exponential Euler with its exact Jacobian from dual numbers
//! ([`exp_euler_step`]), so a right-hand side that is not in V/s does not compile.

use core::ops::Range;
use std::sync::Arc;

use neurodim::dynamics::DynError;
use neurodim::dynamics::integrate::{Lift, dq, exp_euler_step};
use neurodim::dynamics::kernel::{NeuronInputs, NeuronModel, NeuronState, PerElement};
use neurodim::state::StateValue;
use neurodim::state::init::{Constant, Initializer};
use neurodim::state::{Precision, Shape, State, StateKind, StepContext};
use neurodim::units::quantities::{Capacitance, ConductancePerVoltage, Time, Voltage};
use neurodim::units::validate::{finite, positive};
use neurodim::units::{Conductance, Current, mV, nS, pF};

/// The parameters of a QIF neuron (they are the model: [`NeuronModel`] is implemented on them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QifParams {
    /// Capacitance `C` (> 0).
    pub c: Capacitance,
    /// Gain `k` of the quadratic current (> 0; A/V², that is S/V).
    pub k: ConductancePerVoltage,
    /// Resting potential `V_rest`.
    pub v_rest: Voltage,
    /// Critical potential `V_c` (> `V_rest`): above it, V runs away to a spike.
    pub v_c: Voltage,
    /// Spike cut-off `V_peak` (> `V_c`).
    pub v_peak: Voltage,
    /// Reset potential `V_reset` (< `V_peak`).
    pub v_reset: Voltage,
}

impl Default for QifParams {
    /// Izhikevich's regular-spiking values (2007, ch. 8): `C = 100 pF`, `k = 0.7 nS/mV`,
    /// `V_rest = −60 mV`, `V_c = −40 mV`, `V_peak = 35 mV`, `V_reset = −50 mV`.
    fn default() -> Self {
        QifParams {
            c: 100.0 * pF,
            k: 0.7 * nS / mV,
            v_rest: -60.0 * mV,
            v_c: -40.0 * mV,
            v_peak: 35.0 * mV,
            v_reset: -50.0 * mV,
        }
    }
}

impl QifParams {
    /// `dV/dt` at `v` with the input current `i`, on dual numbers (for the exact Jacobian).
    fn rhs(&self, v: dq::Voltage, i: dq::Current) -> dq::VoltageRate {
        let quadratic = self.k.lift() * (v - self.v_rest.lift()) * (v - self.v_c.lift());
        (quadratic + i) / self.c.lift()
    }
}

/// The state of a QIF population: `"V"` (hidden, default `V_rest`).
#[derive(Debug, Clone)]
pub struct QifState<F: Precision> {
    v: State<F::Stored<Voltage>>,
}

neurodim::state::stateful_fields!(QifState<F: Precision> { state "V" => v });

impl<F: Precision> NeuronState<F> for QifState<F> {
    fn shape(&self) -> &Shape {
        self.v.shape()
    }

    fn v(&self) -> &[F::Stored<Voltage>] {
        self.v.values()
    }

    fn set_v_initializer(&mut self, init: Arc<dyn Initializer<Voltage>>) {
        self.v = State::shared(self.v.kind(), self.v.shape().clone(), F::stored_initializer(init));
    }
}

/// The constants of a step: the parameters and `dt` (the right-hand side is evaluated in
/// `f64` quantities whatever the storage precision).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QifConsts {
    params: QifParams,
    dt: Time,
}

impl NeuronModel for QifParams {
    const NAME: &'static str = "QIF";
    type Consts<F: Precision> = QifConsts;
    type State<F: Precision> = QifState<F>;
    type Chunk<'a, F: Precision> = &'a mut [F::Stored<Voltage>];

    fn validate(&self) -> Result<(), DynError> {
        positive("C", self.c)?;
        positive("k", self.k)?;
        finite("V_rest", self.v_rest)?;
        finite("V_reset", self.v_reset)?;
        let above = |name: &'static str, v: Voltage, bound: Voltage, rule: &'static str| {
            if v > bound { Ok(()) } else { Err(DynError::invalid(name, format!("{v:?}"), rule)) }
        };
        above("V_c", self.v_c, self.v_rest, "must be > V_rest")?;
        above("V_peak", self.v_peak, self.v_c, "must be > V_c")?;
        above("V_peak", self.v_peak, self.v_reset, "must be > V_reset")
    }

    fn consts<F: Precision>(&self, dt: Time) -> QifConsts {
        QifConsts { params: *self, dt }
    }

    fn state<F: Precision>(&self, shape: Shape) -> QifState<F> {
        let init = F::stored_initializer(Arc::new(Constant(self.v_rest)));
        QifState { v: State::shared(StateKind::Hidden, shape, init) }
    }

    fn chunk<F: Precision>(state: &mut QifState<F>, range: Range<usize>) -> Self::Chunk<'_, F> {
        &mut state.v.values_mut()[range]
    }

    fn reset<F: Precision, C: PerElement<QifConsts>>(consts: C, v: Self::Chunk<'_, F>) {
        for (i, v) in v.iter_mut().enumerate() {
            let p = consts.at(i).params;
            if F::load(*v).wide() >= p.v_peak.value {
                *v = F::store(F::of(p.v_reset.value));
            }
        }
    }

    #[inline(always)]
    fn update<F, const RESET: bool, C, I>(
        consts: C,
        v: Self::Chunk<'_, F>,
        mut inputs: I,
        spikes: &mut [bool],
        _ctx: &StepContext,
    ) where
        F: Precision,
        C: PerElement<QifConsts>,
        I: NeuronInputs<F>,
    {
        for (i, (v, spike)) in v.iter_mut().zip(spikes.iter_mut()).enumerate() {
            let QifConsts { params: p, dt } = consts.at(i);
            let input = inputs.take(i);
            let mut v0: Voltage = Voltage::from_si(F::load(*v).wide());
            if RESET && v0 >= p.v_peak {
                v0 = p.v_reset;
            }
            let current = Current::from_si(input.current.wide());
            let slope = Conductance::from_si(input.slope.wide());
            let next = exp_euler_step(v0, dt, |v: dq::Voltage| {
                p.rhs(v, current.lift() + slope.lift() * v)
            }) + Voltage::from_si(input.delta.wide());
            *v = F::store(F::of(next.value));
            *spike = next >= p.v_peak;
        }
    }
}
