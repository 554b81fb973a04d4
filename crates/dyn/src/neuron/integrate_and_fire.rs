use core::ops::Range;

use neurodim_state::init::Initializer;
use neurodim_state::{Shape, Stateful, StepContext, Visit, VisitMut};
use neurodim_units::validate::positive;
use neurodim_units::{Resistance, Time, Voltage, mV, ms, ohm};

use crate::DynError;
use crate::neuron::{Drive, Lif, LifParams, Neuron, SpikeReset};

/// Parameters of [`If`], with brainstate's defaults.
///
/// ```
/// use neurodim_dyn::neuron::IfParams;
/// use neurodim_units::*;
/// assert_eq!(IfParams::default().tau, 5.0 * ms);
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
/// term); neurodim keeps that. It is a [`Lif`] with `V_rest = V_reset = 0`: soft reset subtracts
/// `V_th`, hard reset sets V to 0. State: `"V"` (hidden, default 0 mV).
///
/// ```
/// use neurodim_dyn::neuron::{Drive, If, IfParams, Neuron};
/// use neurodim_state::{Environment, Shape, init_all};
/// use neurodim_units::*;
///
/// let mut pop = If::new(Shape::vector(1)?, IfParams { tau: 10.0 * ms, ..IfParams::default() })?;
/// init_all(&mut pop, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// let mut spikes = [false];
/// pop.update(&env.step(0), &Drive::current(1.5 * mA), &mut spikes)?;
/// assert!((pop.v()[0].value_in(mV) - 0.0149252).abs() < 1e-7); // spec §2.1
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct If {
    lif: Lif,
}

impl If {
    /// A population of `shape` with validated `params` (`τ > 0`, `R > 0`, `V_th > 0`, finite).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert!(If::new(Shape::vector(10)?, IfParams::default()).is_ok());
    /// let err = If::new(Shape::vector(10)?, IfParams { v_th: -1.0 * mV, ..IfParams::default() }).unwrap_err();
    /// assert_eq!(err.to_string(), "invalid V_th: -1 mV (must be > 0)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(shape: Shape, params: IfParams) -> Result<Self, DynError> {
        positive("V_th", params.v_th)?;
        let lif = LifParams {
            r: params.r,
            tau: params.tau,
            v_th: params.v_th,
            v_reset: 0.0 * mV,
            v_rest: 0.0 * mV,
            reset: params.reset,
        };
        Ok(If { lif: Lif::new(shape, lif)? })
    }

    /// Replaces the initialiser of V (default `Constant(0 mV)`).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut pop = If::new(Shape::vector(1)?, IfParams::default())?.with_v_initializer(Constant(0.5 * mV));
    /// init_all(&mut pop, None, 0)?;
    /// assert_eq!(pop.v()[0], 0.5 * mV);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_v_initializer(self, init: impl Initializer<Voltage> + 'static) -> Self {
        If { lif: self.lif.with_v_initializer(init) }
    }

    /// The parameters.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert_eq!(If::new(Shape::vector(1)?, IfParams::default())?.params(), IfParams::default());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn params(&self) -> IfParams {
        let p = self.lif.params();
        IfParams { r: p.r, tau: p.tau, v_th: p.v_th, reset: p.reset }
    }
}

impl Neuron for If {
    fn shape(&self) -> &Shape {
        self.lif.shape()
    }

    fn v(&self) -> &[Voltage] {
        self.lif.v()
    }

    fn apply_reset_range(&mut self, range: Range<usize>) -> Result<(), DynError> {
        self.lif.apply_reset_range(range)
    }

    fn integrate_range(
        &mut self,
        ctx: &StepContext,
        drive: &Drive<'_>,
        spikes: &mut [bool],
        range: Range<usize>,
    ) -> Result<(), DynError> {
        self.lif.integrate_range(ctx, drive, spikes, range)
    }

    fn update_range(
        &mut self,
        ctx: &StepContext,
        drive: &Drive<'_>,
        spikes: &mut [bool],
        range: Range<usize>,
    ) -> Result<(), DynError> {
        self.lif.update_range(ctx, drive, spikes, range)
    }
}

impl Stateful for If {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        self.lif.visit_states(visitor)
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        self.lif.visit_states_mut(visitor)
    }
}
