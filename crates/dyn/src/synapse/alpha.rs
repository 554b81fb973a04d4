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
/// use neurodim_dyn::synapse::AlphaParams;
/// use neurodim_units::*;
/// assert_eq!(AlphaParams::default().tau, 8.0 * ms);
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
/// use neurodim_dyn::synapse::{Alpha, AlphaParams, ConductanceSynapse};
/// use neurodim_state::{Environment, Shape, init_all};
/// use neurodim_units::*;
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
/// use neurodim_dyn::synapse::{Alpha, AlphaParams};
/// use neurodim_state::{Shape, list_states};
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
    ///
    /// ```
    /// # use neurodim_dyn::synapse::*;
    /// # use neurodim_state::{Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut syn = Alpha::new(1, AlphaParams::default())?
    ///     .with_g_initializer(Constant(1.0 * nS));
    /// init_all(&mut syn, None, 0)?;
    /// assert_eq!((syn.g()[0], syn.h()[0]), (1.0 * nS, 1.0 * nS));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
    ///
    /// ```
    /// # use neurodim_dyn::synapse::*;
    /// # use neurodim_state::{Environment, Shape, init_all};
    /// # use neurodim_units::*;
    /// let mut syn = Alpha::new(1, AlphaParams::default())?;
    /// init_all(&mut syn, None, 0)?;
    /// syn.update(&Environment::new(0.1 * ms)?.step(0), Some(&[1.0 * nS]))?;
    /// assert_eq!(syn.h()[0], 1.0 * nS);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn h(&self) -> &[F::Stored<Conductance>] {
        self.state().h.values()
    }
}
