use neurodim_state::init::{Initializer, Zero};
use neurodim_state::{Shape, State, StepContext};
use neurodim_units::validate::{finite_number, time_constant};
use neurodim_units::{Conductance, ConductanceRate, DisplayField, Frequency, Time, ms};

use crate::DynError;
use crate::kernel::checks::check_len;
use crate::synapse::{check_input, decay_factor};

/// Parameters of [`DualExpon`], with brainstate's defaults.
///
/// ```
/// use neurodim_dyn::synapse::DualExponParams;
/// use neurodim_units::*;
/// let p = DualExponParams::default();
/// assert_eq!((p.tau_decay, p.tau_rise, p.a), (10.0 * ms, 1.0 * ms, None));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DualExponParams {
    /// Decay time constant `τ_d` (default 10 ms; > 0).
    pub tau_decay: Time,
    /// Rise time constant `τ_r` (default 1 ms; > 0 and ≠ `τ_d`).
    pub tau_rise: Time,
    /// Normalisation `A` (dimensionless); `None` (the default) chooses the `A` for which a unit
    /// pulse peaks at 1: `A = τ_d/(τ_d − τ_r) · (τ_r/τ_d)^(τ_r/(τ_r − τ_d))`.
    pub a: Option<f64>,
}

impl Default for DualExponParams {
    fn default() -> Self {
        DualExponParams { tau_decay: 10.0 * ms, tau_rise: 1.0 * ms, a: None }
    }
}

/// A difference of two exponentials (brainstate's `DualExpon`):
///
/// `τ_r dg_r/dt = −g_r`, `τ_d dg_d/dt = −g_d`, then both `+= Δg`;
/// output `a · (g_d − g_r)` with `a = (τ_d − τ_r)/(τ_r τ_d) · A`.
///
/// brainstate's formula is kept, including its unit: `a` is a frequency (1.29155/ms with the
/// defaults), so the output is a conductance *per time* ([`ConductanceRate`], mS/ms for
/// increments in mS). To feed it to an output that expects a conductance, multiply by the time
/// scale you mean (e.g. `1 ms`). States `"g_rise"` and `"g_decay"` (hidden, default 0).
///
/// ```
/// use neurodim_dyn::synapse::{DualExpon, DualExponParams};
/// use neurodim_state::{Environment, Shape, init_all};
/// use neurodim_units::*;
/// let syn = DualExpon::new(Shape::vector(1)?, DualExponParams::default())?;
/// assert!((syn.coefficient().value_in(kHz) - 1.29155).abs() < 1e-5); // spec §2.2
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct DualExpon {
    params: DualExponParams,
    coefficient: Frequency,
    g_rise: State<Conductance>,
    g_decay: State<Conductance>,
}

impl DualExpon {
    /// A synapse population of `shape` (`τ_d, τ_r > 0`, `τ_d ≠ τ_r`, `A` finite if given).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert!(DualExpon::new(Shape::vector(10)?, DualExponParams::default()).is_ok());
    /// let equal = DualExponParams { tau_rise: 10.0 * ms, ..DualExponParams::default() };
    /// assert!(DualExpon::new(Shape::vector(10)?, equal).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(shape: Shape, params: DualExponParams) -> Result<Self, DynError> {
        let tau_d = time_constant("tau_decay", params.tau_decay)?;
        let tau_r = time_constant("tau_rise", params.tau_rise)?;
        if tau_d == tau_r {
            return Err(DynError::invalid(
                "tau_decay",
                format!("{} (tau_rise = {})", tau_d.display(), tau_r.display()),
                "must differ from tau_rise",
            ));
        }
        let a = match params.a {
            Some(a) => finite_number("A", a)?,
            None => {
                let ratio = (tau_r / tau_d).value;
                (tau_d / (tau_d - tau_r)).value * ratio.powf((tau_r / (tau_r - tau_d)).value)
            }
        };
        let coefficient = (tau_d - tau_r) / tau_r / tau_d * a;
        Ok(DualExpon {
            params,
            coefficient,
            g_rise: State::hidden(shape.clone(), Zero),
            g_decay: State::hidden(shape, Zero),
        })
    }

    /// Replaces the initialiser of both stages (default zero).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut syn = DualExpon::new(Shape::vector(1)?, DualExponParams::default())?.with_g_initializer(Constant(1.0 * nS));
    /// init_all(&mut syn, None, 0)?;
    /// assert_eq!(syn.output(0), ConductanceRate::default());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_g_initializer(
        mut self,
        init: impl Initializer<Conductance> + Clone + 'static,
    ) -> Self {
        self.g_rise = State::hidden(self.g_rise.shape().clone(), init.clone());
        self.g_decay = State::hidden(self.g_decay.shape().clone(), init);
        self
    }

    /// The parameters as given.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert_eq!(DualExpon::new(Shape::vector(1)?, DualExponParams::default())?.params().a, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn params(&self) -> DualExponParams {
        self.params
    }

    /// The output coefficient `a = (τ_d − τ_r)/(τ_r τ_d) · A`.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let p = DualExponParams { a: Some(1.0), ..DualExponParams::default() };
    /// assert!((DualExpon::new(Shape::vector(1)?, p)?.coefficient().value_in(kHz) - 0.9).abs() < 1e-12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn coefficient(&self) -> Frequency {
        self.coefficient
    }

    /// One step: both stages decay, then both receive `increment` (if given).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut syn = DualExpon::new(Shape::vector(1)?, DualExponParams::default())?;
    /// init_all(&mut syn, None, 0)?;
    /// let env = Environment::new(0.1 * ms)?;
    /// syn.update(&env.step(0), Some(&[1.0 * mS]))?;
    /// syn.update(&env.step(1), None)?;
    /// assert!(syn.g_decay()[0] > syn.g_rise()[0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn update(
        &mut self,
        ctx: &StepContext,
        increment: Option<&[Conductance]>,
    ) -> Result<(), DynError> {
        let rise = self.g_rise.values_mut();
        check_input("g_rise", rise.len(), "conductance increment", increment.map(<[_]>::len))?;
        let decay = self.g_decay.values_mut();
        let (tau_r, tau_d) = (self.params.tau_rise, self.params.tau_decay);
        let (k_r, k_d) = (decay_factor(ctx.dt, tau_r), decay_factor(ctx.dt, tau_d));
        for (r, d) in rise.iter_mut().zip(decay.iter_mut()) {
            *r += k_r * (-*r / tau_r);
            *d += k_d * (-*d / tau_d);
        }
        if let Some(inc) = increment {
            for ((r, d), dg) in rise.iter_mut().zip(decay.iter_mut()).zip(inc) {
                *r += *dg;
                *d += *dg;
            }
        }
        Ok(())
    }

    /// The output of element `i`, `a · (g_d − g_r)`.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut syn = DualExpon::new(Shape::vector(1)?, DualExponParams::default())?;
    /// init_all(&mut syn, None, 0)?;
    /// let env = Environment::new(0.1 * ms)?;
    /// syn.update(&env.step(0), Some(&[1.0 * mS]))?;
    /// syn.update(&env.step(1), None)?;
    /// assert!(syn.output(0).value_in(mS / ms) > 0.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn output(&self, i: usize) -> ConductanceRate {
        self.coefficient * (self.g_decay.values()[i] - self.g_rise.values()[i])
    }

    /// Writes the output of every element into `out` (same length as the state).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut syn = DualExpon::new(Shape::vector(2)?, DualExponParams::default())?;
    /// init_all(&mut syn, None, 0)?;
    /// let mut out = [ConductanceRate::default(); 2];
    /// syn.output_into(&mut out)?;
    /// assert!(syn.output_into(&mut [ConductanceRate::default(); 3]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn output_into(&self, out: &mut [ConductanceRate]) -> Result<(), DynError> {
        check_len("output", self.g_decay.values().len(), out.len())?;
        let pairs = self.g_decay.values().iter().zip(self.g_rise.values());
        for (o, (d, r)) in out.iter_mut().zip(pairs) {
            *o = self.coefficient * (*d - *r);
        }
        Ok(())
    }

    /// The rise stage `g_r`.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut syn = DualExpon::new(Shape::vector(1)?, DualExponParams::default())?;
    /// init_all(&mut syn, None, 0)?;
    /// assert_eq!(syn.g_rise(), [0.0 * mS]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn g_rise(&self) -> &[Conductance] {
        self.g_rise.values()
    }

    /// The decay stage `g_d`.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut syn = DualExpon::new(Shape::vector(1)?, DualExponParams::default())?;
    /// init_all(&mut syn, None, 0)?;
    /// assert_eq!(syn.g_decay(), [0.0 * mS]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn g_decay(&self) -> &[Conductance] {
        self.g_decay.values()
    }
}

neurodim_state::stateful_fields!(DualExpon { state "g_rise" => g_rise, state "g_decay" => g_decay });
