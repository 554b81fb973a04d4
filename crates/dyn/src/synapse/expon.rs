use core::ops::Range;

use neurodim_state::init::{Initializer, Zero};
use neurodim_state::{Shape, State, StepContext};
use neurodim_units::validate::time_constant;
use neurodim_units::{Conductance, Time, ms};

use crate::DynError;
use crate::kernel::checks::check_range;
use crate::kernel::{Par, chunked};
use crate::synapse::{ConductanceSynapse, check_input, decay_factor};

/// Parameters of [`Expon`] (brainstate's default τ = 8 ms).
///
/// ```
/// use neurodim_dyn::synapse::ExponParams;
/// use neurodim_units::*;
/// assert_eq!(ExponParams::default().tau, 8.0 * ms);
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
/// `g ← g + Δg` for the increments of the step. Output: `g`. State: `"g"` (hidden, default 0).
///
/// ```
/// use neurodim_dyn::synapse::{ConductanceSynapse, Expon, ExponParams};
/// use neurodim_state::{Environment, Shape, init_all};
/// use neurodim_units::*;
/// let mut syn = Expon::new(Shape::vector(1)?, ExponParams { tau: 20.0 * ms })?;
/// init_all(&mut syn, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// syn.update(&env.step(0), Some(&[1.0 * mS]))?;
/// assert_eq!(syn.g()[0], 1.0 * mS);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Expon {
    tau: Time,
    g: State<Conductance>,
}

impl Expon {
    /// A synapse population of `shape` (`τ > 0`).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert!(Expon::new(Shape::vector(10)?, ExponParams::default()).is_ok());
    /// assert!(Expon::new(Shape::vector(10)?, ExponParams { tau: -8.0 * ms }).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(shape: Shape, params: ExponParams) -> Result<Self, DynError> {
        Ok(Expon { tau: time_constant("tau", params.tau)?, g: State::hidden(shape, Zero) })
    }

    /// Replaces the initialiser of g (default zero).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut syn = Expon::new(Shape::vector(1)?, ExponParams::default())?.with_g_initializer(Constant(1.0 * nS));
    /// init_all(&mut syn, None, 0)?;
    /// assert_eq!(syn.g()[0], 1.0 * nS);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_g_initializer(mut self, init: impl Initializer<Conductance> + 'static) -> Self {
        self.g = State::hidden(self.g.shape().clone(), init);
        self
    }

    /// The parameters.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert_eq!(Expon::new(Shape::vector(1)?, ExponParams::default())?.params(), ExponParams::default());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn params(&self) -> ExponParams {
        ExponParams { tau: self.tau }
    }

    /// The population shape.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert_eq!(Expon::new(Shape::vector(4)?, ExponParams::default())?.shape().dims(), &[4]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn shape(&self) -> &Shape {
        self.g.shape()
    }

    /// The factor of one step's decay: exp-Euler on `dg/dt = −g/τ` is
    /// `g + k·(−g/τ) = g·(1 − k/τ)` with `k = dt·exprel(−dt/τ)`, so one multiplication per
    /// element by a factor computed once (equal to `e^(−dt/τ)` to rounding).
    pub(crate) fn keep(&self, dt: Time) -> f64 {
        1.0 - (decay_factor(dt, self.tau) / self.tau).value
    }

    /// The conductances, for a pass that updates them as [`ConductanceSynapse::update_range`]
    /// does (`g ← g·keep + Δg`), fused with other per-neuron work.
    pub(crate) fn g_mut(&mut self) -> Result<&mut [Conductance], DynError> {
        check_input("g", self.g.values().len(), "", None)?;
        Ok(self.g.values_mut())
    }
}

impl ConductanceSynapse for Expon {
    fn update_range(
        &mut self,
        ctx: &StepContext,
        increment: Option<&[Conductance]>,
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError> {
        let len = self.g.values().len();
        check_input("g", len, "conductance increment", increment.map(<[_]>::len))?;
        check_range(len, &range)?;
        let keep = self.keep(ctx.dt);
        let g = &mut self.g.values_mut()[range.clone()];
        // One pass when there is an increment (the same operations, so the same bits): the
        // conductances of a population are read and written once per step, not twice.
        chunked!(par, (g), range, {
            match increment {
                Some(inc) => g.iter_mut().zip(&inc[range]).for_each(|(g, dg)| *g = *g * keep + *dg),
                None => g.iter_mut().for_each(|g| *g *= keep),
            }
        });
        Ok(())
    }

    fn g(&self) -> &[Conductance] {
        self.g.values()
    }
}

neurodim_state::stateful_fields!(Expon { state "g" => g });
