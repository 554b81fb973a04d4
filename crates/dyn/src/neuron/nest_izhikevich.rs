use core::ops::Range;

use neurodim_state::init::{Constant, Initializer};
use neurodim_state::{Precision, Shape, State, StateKind, StateValue, StepContext};
use neurodim_units::validate::{finite, finite_number};
use neurodim_units::{Current, Frequency, Time, ValueIn, Voltage, mV, ms, pA};

use crate::DynError;
use crate::kernel::{NeuronInputs, NeuronModel, Neurons, ParameterVisitor, PerElement};
use crate::neuron::{reinitialised, stored_state, v_state};

/// Parameters of [`NestIzhikevich`], with NEST's names and defaults (`izhikevich`, NEST 3.10:
/// regular spiking).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // NEST's izhikevich under I_e = 10 pA (Izhikevich's I = 10): regular spiking
/// let params = NestIzhikevichParams { i_e: 10.0 * pA, ..NestIzhikevichParams::default() };
/// let mut net = Network::new(0.1 * ms)?;
/// let cell = net.add_population("cell", NestIzhikevich::new(1, params)?)?;
/// let spikes = net.monitor_spikes(cell)?;
/// net.init(0)?;
/// net.run_for(1000.0 * ms)?;
/// assert!(net.spike_monitor(spikes)?.num_spikes() > 5);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NestIzhikevichParams {
    /// Recovery rate `a` (default 0.02/ms: NEST's `a` = 0.02, per ms).
    pub a: Frequency,
    /// Sensitivity `b` of the recovery variable to V (default 0.2, dimensionless).
    pub b: f64,
    /// Reset potential `c` (default −65 mV).
    pub c: Voltage,
    /// Jump `d` of the recovery variable at a spike (default 8 mV).
    pub d: Voltage,
    /// Constant external current `I_e` (default 0 pA); NEST adds currents in pA to dV/dt in
    /// mV/ms, i.e. through a capacitance of 1 pF.
    pub i_e: Current,
    /// Spike cut-off `V_th` (default 30 mV).
    pub v_th: Voltage,
    /// Lower bound `V_min` of the membrane potential (default none: NEST's `−DBL_MAX`).
    pub v_min: Option<Voltage>,
    /// `consistent_integration` (default true): one forward-Euler step of `h` for V and U from
    /// the values at the start of the step; false is Izhikevich's published scheme (two
    /// half-steps of V, then U from the new V), meant for `h` = 1 ms.
    pub consistent_integration: bool,
}

impl Default for NestIzhikevichParams {
    fn default() -> Self {
        NestIzhikevichParams {
            a: 0.02 / ms,
            b: 0.2,
            c: -65.0 * mV,
            d: 8.0 * mV,
            i_e: 0.0 * pA,
            v_th: 30.0 * mV,
            v_min: None,
            consistent_integration: true,
        }
    }
}

/// NEST's `izhikevich`: Izhikevich's (2003) simple model as NEST integrates it (forward
/// Euler), distinct from [`Izhikevich`](crate::neuron::Izhikevich), which takes an
/// exponential-Euler step. With V and U in mV, `h` in ms and currents in pA:
///
/// `dV/dt = 0.04·V² + 5·V + 140 − U + I + I_e`, `dU/dt = a·(b·V − U)`;
///
/// each step (`consistent_integration`) `V ← V + h·(0.04·V² + 5·V + 140 − U + I + I_e) + ΣJ`,
/// `U ← U + h·a·(b·V − U)` from the values at the start of the step, then `V ← max(V, V_min)`;
/// if `V ≥ V_th` the neuron spikes in this step and at once `V ← c`, `U ← U + d`. No
/// refractoriness. `I` is the network's current into the population (a conductance-based
/// input adds `s·V` at the start of the step), `ΣJ` the voltage jumps of
/// [`Delta`](crate::projection::Delta) projections (NEST's weights in mV). The step computes in
/// NEST's units (mV, ms, pA); the states are in SI.
///
/// States: `"V"` (hidden, default −65 mV) and `"U"` (hidden, default −13 mV, NEST's `U_m`).
///
/// ```
/// use neurodim_dyn::neuron::Drive;
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut pop = NestIzhikevich::new(1, NestIzhikevichParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// let mut spikes = [false];
/// pop.update(&env.step(0), &Drive::none(), &mut spikes)?;
/// // 0.1·(0.04·65² − 5·65 + 140 + 13) = −0.3 mV
/// assert!((pop.v()[0] - (-65.3 * mV)).abs() < 1e-12 * mV);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type NestIzhikevich = Neurons<NestIzhikevichParams>;

/// The state of a [`NestIzhikevich`] population: `"V"` and `"U"`, both hidden.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut pop = NestIzhikevich::new(2, NestIzhikevichParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// assert_eq!(pop.state().u(), [-13.0 * mV; 2]); // b·V(0)
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct NestIzhikevichState<F: Precision> {
    pub(crate) v: State<F::Stored<Voltage>>,
    u: State<F::Stored<Voltage>>,
}

neurodim_state::stateful_fields!(NestIzhikevichState<F: Precision> {
    state "V" => v,
    state "U" => u,
});
v_state!(NestIzhikevichState);

impl<F: Precision> Neurons<NestIzhikevichParams, F> {
    /// Replaces the initialiser of U (NEST's `U_m`; default `b · (−65 mV)`), e.g. to start at
    /// an equilibrium `U = b·V` together with [`with_v_initializer`](Neurons::with_v_initializer).
    pub fn with_u_initializer(mut self, init: impl Initializer<Voltage> + 'static) -> Self {
        let state = self.state_mut();
        state.u = reinitialised::<F, _>(&state.u, std::sync::Arc::new(init));
        self
    }
}

impl<F: Precision> NestIzhikevichState<F> {
    /// Each neuron's recovery variable U.
    pub fn u(&self) -> Vec<Voltage> {
        self.u.values().iter().map(|&u| Voltage::from_si(F::load(u).wide())).collect()
    }
}

/// The constants of a [`NestIzhikevich`] neuron for a step of `h`, in NEST's units (mV, ms,
/// pA).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NestIzhikevichConsts<F> {
    /// `h` (ms).
    pub h: F,
    /// `a` (1/ms).
    pub a: F,
    /// `b`.
    pub b: F,
    /// `c` (mV).
    pub c: F,
    /// `d` (mV).
    pub d: F,
    /// `I_e` (pA).
    pub i_e: F,
    /// `V_th` (mV).
    pub v_th: F,
    /// `V_min` (mV; −∞ without a bound).
    pub v_min: F,
    /// Whether the step is NEST's consistent forward Euler.
    pub consistent_integration: bool,
}

impl NeuronModel for NestIzhikevichParams {
    const NAME: &'static str = "izhikevich";
    type Consts<F: Precision> = NestIzhikevichConsts<F>;
    type State<F: Precision> = NestIzhikevichState<F>;
    type Chunk<'a, F: Precision> = (&'a mut [F::Stored<Voltage>], &'a mut [F::Stored<Voltage>]);

    fn validate(&self) -> Result<(), DynError> {
        // NEST checks nothing; finite values keep the states finite
        finite("a", self.a)?;
        finite_number("b", self.b)?;
        for (name, v) in [("c", self.c), ("d", self.d), ("V_th", self.v_th)] {
            finite(name, v)?;
        }
        finite("I_e", self.i_e)?;
        if let Some(v_min) = self.v_min {
            finite("V_min", v_min)?;
        }
        Ok(())
    }

    fn visit_parameters(&mut self, visitor: &mut ParameterVisitor<'_>) {
        visitor.value("a", &mut self.a);
        visitor.value("b", &mut self.b);
        visitor.value("c", &mut self.c);
        visitor.value("d", &mut self.d);
        visitor.value("I_e", &mut self.i_e);
        visitor.value("V_th", &mut self.v_th);
    }

    fn consts<F: Precision>(&self, dt: Time) -> NestIzhikevichConsts<F> {
        let millivolts = |v: Voltage| F::of(v.value_in(mV));
        NestIzhikevichConsts {
            h: F::of(dt.value_in(ms)),
            a: F::of((self.a * ms).value),
            b: F::of(self.b),
            c: millivolts(self.c),
            d: millivolts(self.d),
            i_e: F::of(self.i_e.value_in(pA)),
            v_th: millivolts(self.v_th),
            v_min: self.v_min.map_or(F::neg_infinity(), millivolts),
            consistent_integration: self.consistent_integration,
        }
    }

    fn state<F: Precision>(&self, shape: Shape) -> NestIzhikevichState<F> {
        let v0 = -65.0 * mV;
        NestIzhikevichState {
            v: stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(v0)),
            u: stored_state::<F, _>(StateKind::Hidden, shape, Constant(self.b * v0)),
        }
    }

    fn chunk<F: Precision>(
        state: &mut NestIzhikevichState<F>,
        range: Range<usize>,
    ) -> Self::Chunk<'_, F> {
        (&mut state.v.values_mut()[range.clone()], &mut state.u.values_mut()[range])
    }

    /// Nothing to do: the reset is part of the step in which the neuron spikes.
    fn reset<F: Precision, C: PerElement<NestIzhikevichConsts<F>>>(_: C, _: Self::Chunk<'_, F>) {}

    #[inline(always)]
    fn update<F, const RESET: bool, C, I>(
        consts: C,
        (v, u): Self::Chunk<'_, F>,
        mut inputs: I,
        spikes: &mut [bool],
        _ctx: &StepContext,
    ) where
        F: Precision,
        C: PerElement<NestIzhikevichConsts<F>>,
        I: NeuronInputs<F>,
    {
        // SI to NEST's units
        let (to_mv, to_pa) = (F::of(1e3), F::of(1e12));
        let from_mv = F::of(1e-3);
        let neurons = v.iter_mut().zip(u.iter_mut()).zip(spikes.iter_mut());
        for (i, ((v, u), spike)) in neurons.enumerate() {
            let c = consts.at(i);
            let input = inputs.take(i);
            let v_start = F::load(*v);
            let current =
                if I::HAS_SLOPE { input.current + input.slope * v_start } else { input.current };
            let (i_syn, jumps) = (current * to_pa, input.delta * to_mv);
            let (mut vm, mut um) = (v_start * to_mv, F::load(*u) * to_mv);
            // NEST's izhikevich.cpp, operation for operation
            let rate = |vm: F, um: F| {
                F::of(0.04) * vm * vm + F::of(5.0) * vm + F::of(140.0) - um + i_syn + c.i_e
            };
            if c.consistent_integration {
                let (v_old, u_old) = (vm, um);
                vm = vm + c.h * rate(v_old, u_old) + jumps;
                um = um + c.h * c.a * (c.b * v_old - u_old);
            } else {
                let half = c.h * F::of(0.5);
                vm = vm + half * (rate(vm, um) + jumps);
                vm = vm + half * (rate(vm, um) + jumps);
                um = um + c.h * c.a * (c.b * vm - um);
            }
            vm = if vm < c.v_min { c.v_min } else { vm };
            *spike = vm >= c.v_th;
            if *spike {
                vm = c.c;
                um = um + c.d;
            }
            (*v, *u) = (F::store(vm * from_mv), F::store(um * from_mv));
        }
    }
}

#[cfg(test)]
mod tests {
    use neurodim_state::{Environment, init_all};
    use neurodim_units::prelude::*;

    use super::*;
    use crate::neuron::{Drive, Neuron};

    /// Izhikevich's published scheme at h = 1 ms, one step from rest with I = 10 pA, by hand:
    /// two half-steps of V, then U from the new V (NEST's izhikevich.cpp).
    #[test]
    fn published_scheme_takes_two_half_steps() -> Result<(), Box<dyn std::error::Error>> {
        let params = NestIzhikevichParams {
            consistent_integration: false,
            ..NestIzhikevichParams::default()
        };
        let mut pop = NestIzhikevich::new(1, params)?;
        init_all(&mut pop, None, 0)?;
        let env = Environment::new(1.0 * ms)?;
        pop.update(&env.step(0), &Drive::current(10.0 * pA), &mut [false])?;
        let rate = |v: f64, u: f64| 0.04 * v * v + 5.0 * v + 140.0 - u + 10.0;
        let (mut v, u) = (-65.0, -13.0);
        v += 0.5 * rate(v, u);
        v += 0.5 * rate(v, u);
        let u = u + 0.02 * (0.2 * v - u);
        assert!((pop.v()[0].value_in(mV) - v).abs() < 1e-12);
        assert!((pop.state().u()[0].value_in(mV) - u).abs() < 1e-12);
        Ok(())
    }

    #[test]
    fn spike_resets_v_and_raises_u() -> Result<(), Box<dyn std::error::Error>> {
        let mut pop = NestIzhikevich::new(1, NestIzhikevichParams::default())?;
        init_all(&mut pop, None, 0)?;
        let env = Environment::new(0.1 * ms)?;
        let mut spikes = [false];
        let jump = [100.0 * mV];
        pop.update(&env.step(0), &Drive::none().with_delta(&jump), &mut spikes)?;
        assert!(spikes[0]);
        assert_eq!(pop.v()[0], -65.0 * mV);
        // U stepped from −13 mV by h·a·(b·V − U) = 0.1·0.02·(−13 + 13) = 0, then + d
        assert!((pop.state().u()[0].value_in(mV) - (-5.0)).abs() < 1e-12);
        Ok(())
    }

    #[test]
    fn v_min_bounds_the_potential() -> Result<(), Box<dyn std::error::Error>> {
        let params =
            NestIzhikevichParams { v_min: Some(-70.0 * mV), ..NestIzhikevichParams::default() };
        let mut pop = NestIzhikevich::new(1, params)?;
        init_all(&mut pop, None, 0)?;
        let jump = [-20.0 * mV];
        pop.update(
            &Environment::new(0.1 * ms)?.step(0),
            &Drive::none().with_delta(&jump),
            &mut [false],
        )?;
        assert_eq!(pop.v()[0], -70.0 * mV);
        Ok(())
    }

    #[test]
    fn non_finite_parameters_are_refused_by_name() {
        let bad = |p: NestIzhikevichParams| NestIzhikevich::new(1, p).err().and_then(|e| e.param());
        let d = NestIzhikevichParams::default();
        assert_eq!(bad(NestIzhikevichParams { b: f64::NAN, ..d }), Some("b"));
        assert_eq!(
            bad(NestIzhikevichParams { v_min: Some(f64::INFINITY * mV), ..d }),
            Some("V_min")
        );
        assert_eq!(bad(NestIzhikevichParams { i_e: f64::NAN * pA, ..d }), Some("I_e"));
    }
}
