use core::ops::Range;

use neurodim_state::init::{Initializer, Zero};
use neurodim_state::{Shape, State, StepContext};
use neurodim_units::validate::time_constant;
use neurodim_units::{Conductance, Time, ms};

use crate::DynError;
use crate::kernel::checks::check_range;
use crate::kernel::{Par, chunked};
use crate::synapse::{ConductanceSynapse, check_input, decay_factor};

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
/// `"h"` (hidden, default 0).
///
/// ```
/// use neurodim_dyn::synapse::{Alpha, AlphaParams, ConductanceSynapse};
/// use neurodim_state::{Environment, Shape, init_all};
/// use neurodim_units::*;
/// let mut syn = Alpha::new(Shape::vector(1)?, AlphaParams::default())?;
/// init_all(&mut syn, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// syn.update(&env.step(0), Some(&[1.0 * mS]))?;
/// assert_eq!(syn.g()[0], 0.0 * mS); // the pulse enters h first
/// syn.update(&env.step(1), None)?;
/// assert!(syn.g()[0] > 0.0 * mS);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Alpha {
    tau: Time,
    g: State<Conductance>,
    h: State<Conductance>,
}

impl Alpha {
    /// A synapse population of `shape` (`τ > 0`).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert!(Alpha::new(Shape::vector(10)?, AlphaParams::default()).is_ok());
    /// assert!(Alpha::new(Shape::vector(10)?, AlphaParams { tau: 0.0 * ms }).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(shape: Shape, params: AlphaParams) -> Result<Self, DynError> {
        Ok(Alpha {
            tau: time_constant("tau", params.tau)?,
            g: State::hidden(shape.clone(), Zero),
            h: State::hidden(shape, Zero),
        })
    }

    /// Replaces the initialiser of g and h (default zero).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut syn = Alpha::new(Shape::vector(1)?, AlphaParams::default())?.with_g_initializer(Constant(1.0 * nS));
    /// init_all(&mut syn, None, 0)?;
    /// assert_eq!((syn.g()[0], syn.h()[0]), (1.0 * nS, 1.0 * nS));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_g_initializer(
        mut self,
        init: impl Initializer<Conductance> + Clone + 'static,
    ) -> Self {
        self.g = State::hidden(self.g.shape().clone(), init.clone());
        self.h = State::hidden(self.h.shape().clone(), init);
        self
    }

    /// The parameters.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert_eq!(Alpha::new(Shape::vector(1)?, AlphaParams::default())?.params().tau, 8.0 * ms);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn params(&self) -> AlphaParams {
        AlphaParams { tau: self.tau }
    }

    /// The population shape.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert_eq!(Alpha::new(Shape::new([2, 3])?, AlphaParams::default())?.shape().len(), 6);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn shape(&self) -> &Shape {
        self.g.shape()
    }

    /// The first stage, `h`.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut syn = Alpha::new(Shape::vector(1)?, AlphaParams::default())?;
    /// init_all(&mut syn, None, 0)?;
    /// syn.update(&Environment::new(0.1 * ms)?.step(0), Some(&[1.0 * nS]))?;
    /// assert_eq!(syn.h()[0], 1.0 * nS);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn h(&self) -> &[Conductance] {
        self.h.values()
    }
}

impl ConductanceSynapse for Alpha {
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
        let g = &mut self.g.values_mut()[range.clone()];
        let h = &mut self.h.values_mut()[range.clone()];
        let (k, tau) = (decay_factor(ctx.dt, self.tau), self.tau);
        chunked!(par, (g, h), range, {
            for (g, h) in g.iter_mut().zip(h.iter_mut()) {
                *g += k * (-*g / tau + *h / tau);
                *h += k * (-*h / tau);
            }
            if let Some(inc) = increment {
                h.iter_mut().zip(&inc[range]).for_each(|(h, dg)| *h += *dg);
            }
        });
        Ok(())
    }

    fn g(&self) -> &[Conductance] {
        self.g.values()
    }
}

neurodim_state::stateful_fields!(Alpha { state "g" => g, state "h" => h });
