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

/// Parameters of [`Alpha`] (brainstate's default τ = 8 ms).
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
///     .synapse(AlphaParams { tau: 5.0 * ms })
///     .output(Coba::new(0.0 * mV)?)
///     .add()?;
/// let g = net.monitor_state("E.syn.g", &[0], 1)?;
/// net.init(0)?;
/// net.run_for(30.0 * ms)?;
/// let g: Vec<f64> = net.conductance_trace(g)?.trace(0).map(|g| g.value_in(nS)).collect();
/// // the pulse of step 1 peaks near w/e about τ = 5 ms (50 steps) later
/// let peak = (0..g.len()).max_by(|&a, &b| g[a].total_cmp(&g[b])).unwrap_or(0);
/// assert!((peak as i64 - 51).abs() <= 1, "{peak}");
/// assert!((g[peak] - (-1.0f64).exp()).abs() < 0.01, "{}", g[peak]);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlphaParams {
    /// Time constant `τ` of both stages (must be > 0).
    pub tau: Time,
}

impl Default for AlphaParams {
    fn default() -> Self {
        AlphaParams { tau: 8.0 * ms }
    }
}

/// An alpha-function conductance (brainstate's `Alpha`), two first-order stages:
///
/// `τ dh/dt = −h`, `τ dg/dt = −g + h`,
///
/// each stepped by exponential Euler with the other at its old value, then `h ← h + Δg`.
/// Output: `g`; for a pulse of 1 mS it peaks near 0.3679 mS (1/e) at `t ≈ τ`. States `"g"` and
/// `"h"` (hidden, default 0). The [`Synapses`] of [`AlphaParams`].
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::synapse::{Alpha, ConductanceSynapse};
/// let mut syn = Alpha::new(1, AlphaParams::default())?;
/// init_all(&mut syn, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// syn.update(&env.step(0), Some(&[1.0 * mS]))?;
/// assert_eq!(syn.g()[0], 0.0 * mS); // the pulse enters h first
/// syn.update(&env.step(1), None)?;
/// assert!(syn.g()[0] > 0.0 * mS);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type Alpha = Synapses<AlphaParams>;

/// The state of [`Alpha`]: the conductance `g` and the first stage `h`.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_dyn::synapse::Alpha;
/// let syn = Alpha::new(3, AlphaParams::default())?;
/// let paths: Vec<_> = list_states(&syn).into_iter().map(|s| s.path).collect();
/// assert_eq!(paths, ["g", "h"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct AlphaState<F: Precision> {
    g: State<F::Stored<Conductance>>,
    h: State<F::Stored<Conductance>>,
}

neurodim_state::stateful_fields!(AlphaState<F: Precision> { state "g" => g, state "h" => h });

impl<F: Precision> SynapseState<F> for AlphaState<F> {
    fn shape(&self) -> &Shape {
        self.g.shape()
    }

    fn conductance(&self) -> &[F::Stored<Conductance>] {
        self.g.values()
    }
}

/// The constants of [`Alpha`] for one `dt`.
///
/// Derived once per `dt` by the model's `consts`; see [`SynapseModel`](crate::kernel::SynapseModel)
/// for an example of a model's constants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlphaConsts<F> {
    /// The exponential-Euler factor `k = dt·exprel(−dt/τ)`, in seconds.
    pub k: F,
    /// `τ`, in seconds.
    pub tau: F,
}

impl SynapseModel for AlphaParams {
    const NAME: &'static str = "Alpha";
    type Consts<F: Precision> = AlphaConsts<F>;
    type State<F: Precision> = AlphaState<F>;
    type Chunk<'a, F: Precision> =
        (&'a mut [F::Stored<Conductance>], &'a mut [F::Stored<Conductance>]);

    fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        neurodim_units::validate::time_step("tau", self.tau, dt)?;
        Ok(())
    }

    fn validate(&self) -> Result<(), DynError> {
        time_constant("tau", self.tau)?;
        Ok(())
    }

    fn consts<F: Precision>(&self, dt: Time) -> AlphaConsts<F> {
        AlphaConsts { k: F::of(decay_factor(dt, self.tau).value), tau: F::of(self.tau.value) }
    }

    fn state<F: Precision>(&self, shape: Shape) -> AlphaState<F> {
        AlphaState {
            g: stored_state::<F, _>(StateKind::Hidden, shape.clone(), Zero),
            h: stored_state::<F, _>(StateKind::Hidden, shape, Zero),
        }
    }

    fn chunk<F: Precision>(state: &mut AlphaState<F>, range: Range<usize>) -> Self::Chunk<'_, F> {
        (&mut state.g.values_mut()[range.clone()], &mut state.h.values_mut()[range])
    }

    /// `g ← g + k·(−g/τ + h/τ)`, `h ← h + k·(−h/τ)`, then `h ← h + Δg`.
    #[inline(always)]
    fn update<F: Precision, I: PerElement<F>>(
        c: &AlphaConsts<F>,
        (g, h): Self::Chunk<'_, F>,
        increment: I,
    ) {
        let AlphaConsts { k, tau } = *c;
        for (i, (g, h)) in g.iter_mut().zip(h.iter_mut()).enumerate() {
            let (g_old, h_old) = (F::load(*g), F::load(*h));
            *g = F::store(g_old + k * (-g_old / tau + h_old / tau));
            let decayed = h_old + k * (-h_old / tau);
            *h = F::store(decayed + increment.at(i));
        }
    }
}

impl<F: Precision> Synapses<AlphaParams, F> {
    /// Replaces the initialiser of g and h (default zero).
    pub fn with_g_initializer(
        mut self,
        init: impl Initializer<Conductance> + Clone + 'static,
    ) -> Self {
        let state = self.state_mut();
        for x in [&mut state.g, &mut state.h] {
            let init = F::stored_initializer(Arc::new(init.clone()));
            *x = State::shared(x.kind(), x.shape().clone(), init);
        }
        self
    }

    /// The first stage, `h` (siemens).
    pub fn h(&self) -> &[F::Stored<Conductance>] {
        self.state().h.values()
    }
}

#[cfg(test)]
mod tests {
    use crate::synapse::{AlphaParams, *};
    use neurodim_state::init::Constant;
    use neurodim_state::{Environment, init_all};
    use neurodim_units::prelude::*;

    #[test]
    fn default_tau_is_8_ms() {
        assert_eq!(AlphaParams::default().tau, 8.0 * ms);
    }

    #[test]
    fn g_initializer_sets_g_and_h() -> Result<(), Box<dyn std::error::Error>> {
        let mut syn = Alpha::new(1, AlphaParams::default())?.with_g_initializer(Constant(1.0 * nS));
        init_all(&mut syn, None, 0)?;
        assert_eq!((syn.g()[0], syn.h()[0]), (1.0 * nS, 1.0 * nS));
        Ok(())
    }

    #[test]
    fn a_pulse_enters_h() -> Result<(), Box<dyn std::error::Error>> {
        let mut syn = Alpha::new(1, AlphaParams::default())?;
        init_all(&mut syn, None, 0)?;
        syn.update(&Environment::new(0.1 * ms)?.step(0), Some(&[1.0 * nS]))?;
        assert_eq!(syn.h()[0], 1.0 * nS);
        Ok(())
    }
}
