use core::ops::Range;
use std::sync::Arc;

use neurodim_state::init::{Initializer, Zero};
use neurodim_state::{Precision, Shape, State, StateKind};
use neurodim_units::validate::time_constant;
use neurodim_units::{Conductance, Time, ms};

use crate::DynError;
use crate::kernel::{PerElement, SynapseModel, SynapseState, Synapses};
use crate::neuron::stored_state;
use crate::synapse::decay_factor;

/// Parameters of [`Expon`] (brainstate's default τ = 8 ms).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let pre = net.add_spike_source("pre", SpikeTime::new(1, vec![0], vec![0.0 * ms])?)?;
/// let post = net.add_population("post", Lif::new(1, LifParams::default())?)?;
/// net.connect("E", pre, post)
///     .rule(OneToOne)
///     .weight(1.0 * nS)
///     .synapse(ExponParams { tau: 5.0 * ms })
///     .output(Coba::new(0.0 * mV)?)
///     .add()?;
/// let g = net.monitor_state("E.syn.g", &[0], 1)?;
/// net.init(0)?;
/// net.run_for(30.0 * ms)?;
/// let g: Vec<f64> = net.conductance_trace(g)?.trace(0).map(|g| g.value_in(nS)).collect();
/// // the spike of step 0 arrives in step 1: g jumps by the weight, then decays as e^(−t/τ)
/// assert_eq!(g[1], 1.0);
/// assert!((g[51] - (-1.0f64).exp()).abs() < 1e-9); // one τ later
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExponParams {
    /// Decay time constant `τ` (must be > 0).
    pub tau: Time,
}

impl Default for ExponParams {
    fn default() -> Self {
        ExponParams { tau: 8.0 * ms }
    }
}

/// A single-exponential conductance (brainstate's `Expon`): `τ dg/dt = −g`, then
/// `g ← g + Δg` for the increments of the step. Output: `g` (siemens). State: `"g"` (hidden,
/// default 0). The [`Synapses`] of [`ExponParams`].
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::synapse::{ConductanceSynapse, Expon};
/// let mut syn = Expon::new(1, ExponParams { tau: 20.0 * ms })?;
/// init_all(&mut syn, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// syn.update(&env.step(0), Some(&[1.0 * mS]))?;
/// assert_eq!(syn.g()[0], 1.0 * mS);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type Expon = Synapses<ExponParams>;

/// The state of [`Expon`]: the conductance `g`.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_dyn::synapse::Expon;
/// let syn = Expon::new(3, ExponParams::default())?;
/// assert_eq!(list_states(&syn)[0].path, "g");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct ExponState<F: Precision> {
    g: State<F::Stored<Conductance>>,
}

neurodim_state::stateful_fields!(ExponState<F: Precision> { state "g" => g });

impl<F: Precision> SynapseState<F> for ExponState<F> {
    fn shape(&self) -> &Shape {
        self.g.shape()
    }

    fn conductance(&self) -> &[F::Stored<Conductance>] {
        self.g.values()
    }

    fn conductance_mut(&mut self) -> Option<&mut [F::Stored<Conductance>]> {
        Some(self.g.values_mut())
    }
}

impl SynapseModel for ExponParams {
    const NAME: &'static str = "Expon";
    /// The factor of one step's decay, `keep`.
    type Consts<F: Precision> = F;
    type State<F: Precision> = ExponState<F>;
    type Chunk<'a, F: Precision> = &'a mut [F::Stored<Conductance>];

    fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        neurodim_units::validate::time_step("tau", self.tau, dt)?;
        Ok(())
    }

    fn validate(&self) -> Result<(), DynError> {
        time_constant("tau", self.tau)?;
        Ok(())
    }

    /// The factor of one step's decay: exp-Euler on `dg/dt = −g/τ` is
    /// `g + k·(−g/τ) = g·(1 − k/τ)` with `k = dt·exprel(−dt/τ)`, so one multiplication per
    /// element by a factor computed once (equal to `e^(−dt/τ)` to rounding).
    fn consts<F: Precision>(&self, dt: Time) -> F {
        F::of(1.0 - (decay_factor(dt, self.tau) / self.tau).value)
    }

    fn state<F: Precision>(&self, shape: Shape) -> ExponState<F> {
        ExponState { g: stored_state::<F, _>(StateKind::Hidden, shape, Zero) }
    }

    fn chunk<F: Precision>(state: &mut ExponState<F>, range: Range<usize>) -> Self::Chunk<'_, F> {
        &mut state.g.values_mut()[range]
    }

    #[inline(always)]
    fn update<F: Precision, I: PerElement<F>>(keep: &F, g: Self::Chunk<'_, F>, increment: I) {
        for (i, g) in g.iter_mut().enumerate() {
            *g = F::store(F::load(*g) * *keep + increment.at(i));
        }
    }

    fn single_exponential<F: Precision>(keep: &F) -> Option<F> {
        Some(*keep)
    }
}

impl<F: Precision> Synapses<ExponParams, F> {
    /// Replaces the initialiser of g (default zero).
    pub fn with_g_initializer(mut self, init: impl Initializer<Conductance> + 'static) -> Self {
        let g = &mut self.state_mut().g;
        *g = State::shared(g.kind(), g.shape().clone(), F::stored_initializer(Arc::new(init)));
        self
    }
}

#[cfg(test)]
mod tests {
    use crate::synapse::{ExponParams, *};
    use neurodim_state::init::Constant;
    use neurodim_state::init_all;
    use neurodim_units::prelude::*;

    #[test]
    fn default_tau_is_8_ms() {
        assert_eq!(ExponParams::default().tau, 8.0 * ms);
    }

    #[test]
    fn g_initializer_sets_g() -> Result<(), Box<dyn std::error::Error>> {
        let mut syn = Expon::new(1, ExponParams::default())?.with_g_initializer(Constant(1.0 * nS));
        init_all(&mut syn, None, 0)?;
        assert_eq!(syn.g()[0], 1.0 * nS);
        Ok(())
    }
}
