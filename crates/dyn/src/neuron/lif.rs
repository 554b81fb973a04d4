use core::ops::Range;

use neurodim_state::init::Constant;
use neurodim_state::{Precision, Shape, State, StateKind, StepContext};
use neurodim_units::{Resistance, Time, Voltage, mV, ms, ohm};

use crate::DynError;
use crate::kernel::{NeuronInputs, NeuronModel, Neurons, ParameterVisitor, PerElement};
use crate::neuron::membrane::{Membrane, MembraneConsts};
use crate::neuron::{SpikeReset, stored_state, v_state};

/// Parameters of [`Lif`], with brainstate's defaults.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // brainstate's LIF test cell with a hard reset: from 0 mV, V = R·I·(1 − e^(−t/τ)) reaches
/// // V_th after T = τ·ln(R·I / (R·I − V_th)) = 10 ms · ln 3 ≈ 11 ms: about 91 spikes a second
/// let params = LifParams { tau: 10.0 * ms, reset: SpikeReset::Hard, ..LifParams::default() };
/// let mut net = Network::new(0.1 * ms)?;
/// let cell = net.add_population("cell", Lif::new(1, params)?)?;
/// net.set_current(cell, 1.5 * mA)?;
/// let spikes = net.monitor_spikes(cell)?;
/// net.init(0)?;
/// net.run_for(1000.0 * ms)?;
/// let n = net.spike_monitor(spikes)?.num_spikes() as f64;
/// assert!((n - 1000.0 / (10.0 * 3f64.ln())).abs() < 2.0, "{n}");
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LifParams {
    /// Membrane resistance `R` (default 1 Ω, so that 1 mA gives 1 mV).
    pub r: Resistance,
    /// Membrane time constant `τ` (default 5 ms; must be > 0).
    pub tau: Time,
    /// Threshold `V_th` (default 1 mV; must be > `V_reset`).
    pub v_th: Voltage,
    /// Reset potential `V_reset` (default 0 mV).
    pub v_reset: Voltage,
    /// Resting potential `V_rest` (default 0 mV).
    pub v_rest: Voltage,
    /// Soft (default) or hard reset.
    pub reset: SpikeReset,
}

impl Default for LifParams {
    fn default() -> Self {
        LifParams {
            r: 1.0 * ohm,
            tau: 5.0 * ms,
            v_th: 1.0 * mV,
            v_reset: 0.0 * mV,
            v_rest: 0.0 * mV,
            reset: SpikeReset::Soft,
        }
    }
}

impl LifParams {
    /// The validated membrane.
    pub(crate) fn membrane(&self) -> Result<Membrane, DynError> {
        Membrane::new(self.r, self.tau, self.v_th, self.v_reset, self.v_rest, self.reset)
    }
}

/// Leaky integrate-and-fire neurons (brainstate's `LIF`):
///
/// `τ dV/dt = −V + V_rest + R·I(V)`, spike `H((V − V_th)/(V_th − V_reset))`,
///
/// with `I(V) = I_ext + offset + slope·V` (see [`Drive`](crate::kernel::Drive)), integrated by exponential Euler
/// (exact for this linear equation), then `V += Σδ`. The reset of a spiking neuron
/// ([`SpikeReset`]) is applied at the start of the next update. State: `"V"` (hidden,
/// initialised to 0 mV unless [`with_v_initializer`](crate::kernel::Neurons::with_v_initializer) says otherwise).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::neuron::Drive;
///
/// let mut lif = Lif::new(3, LifParams::default())?;
/// init_all(&mut lif, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// let mut spikes = [false; 3];
/// lif.update(&env.step(0), &Drive::current(2.0 * mA), &mut spikes)?;
/// // V1 = R·I·(1 − e^(−dt/τ)) = 2·(1 − e^(−0.02)) mV
/// assert!((lif.v()[0].value_in(mV) - 2.0 * (1.0 - (-0.02f64).exp())).abs() < 1e-12);
/// assert_eq!(spikes, [false; 3]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type Lif = Neurons<LifParams>;

/// The state of a [`Lif`] population: `"V"` (hidden).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// let mut pop = Lif::new(3, LifParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// let paths: Vec<String> = list_states(&pop).into_iter().map(|info| info.path).collect();
/// assert_eq!(paths, ["V"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct LifState<F: Precision> {
    pub(crate) v: State<F::Stored<Voltage>>,
}

neurodim_state::stateful_fields!(LifState<F: Precision> { state "V" => v });
v_state!(LifState);

impl<F: Precision> LifState<F> {
    /// The state of a population of `shape`, V initialised to 0 mV.
    fn new(shape: Shape) -> Self {
        LifState { v: stored_state::<F, _>(StateKind::Hidden, shape, Constant(0.0 * mV)) }
    }
}

impl NeuronModel for LifParams {
    const NAME: &'static str = "LIF";
    type Consts<F: Precision> = MembraneConsts<F>;
    type State<F: Precision> = LifState<F>;
    type Chunk<'a, F: Precision> = &'a mut [F::Stored<Voltage>];

    fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        neurodim_units::validate::time_step("tau", self.tau, dt)?;
        Ok(())
    }

    fn validate(&self) -> Result<(), DynError> {
        self.membrane().map(|_| ())
    }

    fn visit_parameters(&mut self, visitor: &mut ParameterVisitor<'_>) {
        visitor.value("R", &mut self.r);
        visitor.value("tau", &mut self.tau);
        visitor.value("V_th", &mut self.v_th);
        visitor.value("V_reset", &mut self.v_reset);
        visitor.value("V_rest", &mut self.v_rest);
    }

    fn consts<F: Precision>(&self, dt: Time) -> MembraneConsts<F> {
        Membrane::unchecked(self.r, self.tau, self.v_th, self.v_reset, self.v_rest, self.reset)
            .consts(dt)
    }

    fn state<F: Precision>(&self, shape: Shape) -> LifState<F> {
        LifState::new(shape)
    }

    fn chunk<F: Precision>(state: &mut LifState<F>, range: Range<usize>) -> Self::Chunk<'_, F> {
        &mut state.v.values_mut()[range]
    }

    fn reset<F: Precision, C: PerElement<MembraneConsts<F>>>(
        consts: C,
        v: &mut [F::Stored<Voltage>],
    ) {
        for (i, v) in v.iter_mut().enumerate() {
            *v = F::store(consts.at(i).reset(F::load(*v)));
        }
    }

    #[inline(always)]
    fn update<F, const RESET: bool, C, I>(
        consts: C,
        v: &mut [F::Stored<Voltage>],
        mut inputs: I,
        spikes: &mut [bool],
        _ctx: &StepContext,
    ) where
        F: Precision,
        C: PerElement<MembraneConsts<F>>,
        I: NeuronInputs<F>,
    {
        for (i, (v, spike)) in v.iter_mut().zip(spikes.iter_mut()).enumerate() {
            let m = consts.at(i);
            let input = inputs.take(i);
            let start = if RESET { m.reset(F::load(*v)) } else { F::load(*v) };
            let factor = m.factor(I::HAS_SLOPE, input.slope);
            let next = m.integrate_with_factor(I::HAS_SLOPE, factor, start, &input) + input.delta;
            *v = F::store(next);
            *spike = m.fires(next);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::neuron::LifParams;
    use neurodim_units::prelude::*;

    #[test]
    fn default_threshold() {
        let p = LifParams { tau: 10.0 * ms, ..LifParams::default() };
        assert_eq!(p.v_th, 1.0 * mV);
    }
}
