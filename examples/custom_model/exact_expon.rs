//! A synapse model written outside the library: a single exponential, `τ dg/dt = −g`, stepped
//! with the exact propagator `g ← g·e^{−dt/τ} + Δg` (the built-in `Expon` takes brainstate's
//! exponential-Euler factor, equal to rounding). Its update is `g·keep + Δg` with `g` its only
//! state, so it declares `single_exponential`: the network then fuses it with the neurons'
//! update, exactly as it does the built-in.

use core::ops::Range;
use std::sync::Arc;

use neurodim::dynamics::DynError;
use neurodim::dynamics::kernel::{PerElement, SynapseModel, SynapseState};
use neurodim::state::init::Zero;
use neurodim::state::{Precision, Shape, State, StateKind};
use neurodim::units::validate::positive;
use neurodim::units::{Conductance, Time};

/// The time constant of the exact exponential synapse.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExactExponParams {
    pub tau: Time,
}

/// Its state: the conductance `g`, in the network's precision.
#[derive(Debug, Clone)]
pub struct ExactExponState<F: Precision> {
    g: State<F::Stored<Conductance>>,
}

neurodim::state::stateful_fields!(ExactExponState<F: Precision> { state "g" => g });

impl<F: Precision> SynapseState<F> for ExactExponState<F> {
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

impl SynapseModel for ExactExponParams {
    const NAME: &'static str = "ExactExpon";
    /// `e^{−dt/τ}`.
    type Consts<F: Precision> = F;
    type State<F: Precision> = ExactExponState<F>;
    type Chunk<'a, F: Precision> = &'a mut [F::Stored<Conductance>];

    fn validate(&self) -> Result<(), DynError> {
        positive("tau", self.tau)?;
        Ok(())
    }

    fn consts<F: Precision>(&self, dt: Time) -> F {
        // dt/τ is dimensionless: the compiler checks it
        F::of((-(dt / self.tau).value).exp())
    }

    fn state<F: Precision>(&self, shape: Shape) -> ExactExponState<F> {
        let zero = F::stored_initializer(Arc::new(Zero));
        ExactExponState { g: State::shared(StateKind::Hidden, shape, zero) }
    }

    fn chunk<F: Precision>(
        state: &mut ExactExponState<F>,
        range: Range<usize>,
    ) -> Self::Chunk<'_, F> {
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
