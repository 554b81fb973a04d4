use core::ops::Range;

use neurodim_state::{Precision, Shape, StepContext};
use neurodim_units::validate::positive;
use neurodim_units::{Resistance, Time, Voltage, mV, ms, ohm};

use crate::DynError;
use crate::kernel::{NeuronInputs, NeuronModel, Neurons, ParameterVisitor, PerElement};
use crate::neuron::membrane::MembraneConsts;
use crate::neuron::{LifParams, LifState, SpikeReset};

/// Parameters of [`If`], with brainstate's defaults.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // V leaks towards R·I: a cell fires only if R·I exceeds V_th = 1 mV
/// let mut net = Network::new(0.1 * ms)?;
/// let cells = net.add_population("cells", If::new(2, IfParams { tau: 10.0 * ms, ..IfParams::default() })?)?;
/// net.set_currents(cells, vec![0.9 * mA, 1.5 * mA])?; // R = 1 Ω
/// let spikes = net.monitor_spikes(cells)?;
/// net.init(0)?;
/// net.run_for(100.0 * ms)?;
/// let counts = net.spike_monitor(spikes)?.counts().to_vec();
/// assert!(counts[0] == 0 && counts[1] > 0, "{counts:?}");
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IfParams {
    /// Membrane resistance `R` (default 1 Ω).
    pub r: Resistance,
    /// Time constant `τ` of the leak towards 0 (default 5 ms; must be > 0).
    pub tau: Time,
    /// Threshold `V_th` (default 1 mV; must be > 0: the spike test divides by it).
    pub v_th: Voltage,
    /// Soft (default: `V ← V − V_th`) or hard (`V ← 0`) reset.
    pub reset: SpikeReset,
}

impl Default for IfParams {
    fn default() -> Self {
        IfParams { r: 1.0 * ohm, tau: 5.0 * ms, v_th: 1.0 * mV, reset: SpikeReset::Soft }
    }
}

/// Integrate-and-fire neurons (brainstate's `IF`):
///
/// `τ dV/dt = −V + R·I(V)`, spike `H((V − V_th)/V_th)`.
///
/// Despite its name and brainstate's docstring, brainstate's IF leaks towards 0 (the `−V`
/// term); neurodim keeps that. It is a [`Lif`](crate::neuron::Lif) with `V_rest = V_reset = 0`: soft reset subtracts
/// `V_th`, hard reset sets V to 0. State: `"V"` (hidden, default 0 mV).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::neuron::Drive;
///
/// let mut pop = If::new(1, IfParams { tau: 10.0 * ms, ..IfParams::default() })?;
/// init_all(&mut pop, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// let mut spikes = [false];
/// pop.update(&env.step(0), &Drive::current(1.5 * mA), &mut spikes)?;
/// assert!((pop.v()[0].value_in(mV) - 0.0149252).abs() < 1e-7); // brainstate
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type If = Neurons<IfParams>;

impl IfParams {
    /// The LIF with `V_rest = V_reset = 0` that this model is.
    fn lif(&self) -> LifParams {
        LifParams {
            r: self.r,
            tau: self.tau,
            v_th: self.v_th,
            v_reset: 0.0 * mV,
            v_rest: 0.0 * mV,
            reset: self.reset,
        }
    }
}

impl NeuronModel for IfParams {
    const NAME: &'static str = "IF";
    type Consts<F: Precision> = MembraneConsts<F>;
    type State<F: Precision> = LifState<F>;
    type Chunk<'a, F: Precision> = &'a mut [F::Stored<Voltage>];

    fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        neurodim_units::validate::time_step("tau", self.tau, dt)?;
        Ok(())
    }

    fn validate(&self) -> Result<(), DynError> {
        positive("V_th", self.v_th)?;
        self.lif().validate()
    }

    fn visit_parameters(&mut self, visitor: &mut ParameterVisitor<'_>) {
        visitor.value("R", &mut self.r);
        visitor.value("tau", &mut self.tau);
        visitor.value("V_th", &mut self.v_th);
    }

    fn consts<F: Precision>(&self, dt: Time) -> MembraneConsts<F> {
        self.lif().consts(dt)
    }

    fn state<F: Precision>(&self, shape: Shape) -> LifState<F> {
        self.lif().state(shape)
    }

    fn chunk<F: Precision>(state: &mut LifState<F>, range: Range<usize>) -> Self::Chunk<'_, F> {
        LifParams::chunk(state, range)
    }

    fn reset<F: Precision, C: PerElement<MembraneConsts<F>>>(consts: C, chunk: Self::Chunk<'_, F>) {
        LifParams::reset(consts, chunk)
    }

    #[inline(always)]
    fn update<F, const RESET: bool, C, I>(
        consts: C,
        chunk: Self::Chunk<'_, F>,
        inputs: I,
        spikes: &mut [bool],
        ctx: &StepContext,
    ) where
        F: Precision,
        C: PerElement<MembraneConsts<F>>,
        I: NeuronInputs<F>,
    {
        LifParams::update::<F, RESET, C, I>(consts, chunk, inputs, spikes, ctx)
    }
}

#[cfg(test)]
mod tests {
    use crate::neuron::IfParams;
    use neurodim_units::prelude::*;

    #[test]
    fn default_tau() {
        assert_eq!(IfParams::default().tau, 5.0 * ms);
    }
}
