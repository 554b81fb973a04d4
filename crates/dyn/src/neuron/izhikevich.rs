use core::ops::Range;

use neurodim_state::init::{Constant, Initializer};
use neurodim_state::{Shape, State, StepContext};
use neurodim_units::validate::{finite, finite_number, positive};
use neurodim_units::{Frequency, Resistance, Time, Voltage, VoltageRate, mV, ms, ohm};

use crate::DynError;
use crate::neuron::drive::{Linear, Source, with_drive};
use crate::neuron::{Drive, check_step, neuron_via_step};
use crate::neuron::{check_above, exp_euler_factor};
use crate::parallel::chunked;

/// Parameters of [`Izhikevich`]; the default is regular spiking ([`IzhikevichParams::rs`]).
///
/// ```
/// use neurodim_dyn::neuron::IzhikevichParams;
/// use neurodim_units::*;
/// let p = IzhikevichParams::fs();
/// assert_eq!((p.a, p.d), (0.1 / ms, 2.0 * mV));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IzhikevichParams {
    /// Recovery rate `a` (> 0).
    pub a: Frequency,
    /// Sensitivity `b` of the recovery variable to V (dimensionless; finite).
    pub b: f64,
    /// Reset potential `c`.
    pub c: Voltage,
    /// Recovery increment `d` after a spike.
    pub d: Voltage,
    /// Spike cut-off `V_th` (default 30 mV; > `c`).
    pub v_th: Voltage,
    /// Resistance `R` converting the input current to mV (default 1 Ω: 1 mA is Izhikevich's
    /// `I = 1`).
    pub r: Resistance,
}

impl Default for IzhikevichParams {
    fn default() -> Self {
        IzhikevichParams::rs()
    }
}

impl IzhikevichParams {
    fn with(a: f64, b: f64, c: f64, d: f64) -> Self {
        IzhikevichParams { a: a / ms, b, c: c * mV, d: d * mV, v_th: 30.0 * mV, r: 1.0 * ohm }
    }

    /// Regular spiking: `a = 0.02/ms, b = 0.2, c = −65 mV, d = 8 mV`.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert_eq!(IzhikevichParams::rs().d, 8.0 * mV);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rs() -> Self {
        IzhikevichParams::with(0.02, 0.2, -65.0, 8.0)
    }

    /// Intrinsically bursting: `a = 0.02/ms, b = 0.2, c = −55 mV, d = 4 mV`.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert_eq!(IzhikevichParams::ib().c, -55.0 * mV);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ib() -> Self {
        IzhikevichParams::with(0.02, 0.2, -55.0, 4.0)
    }

    /// Chattering: `a = 0.02/ms, b = 0.2, c = −50 mV, d = 2 mV`.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert_eq!(IzhikevichParams::ch().c, -50.0 * mV);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ch() -> Self {
        IzhikevichParams::with(0.02, 0.2, -50.0, 2.0)
    }

    /// Fast spiking: `a = 0.1/ms, b = 0.2, c = −65 mV, d = 2 mV`.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert_eq!(IzhikevichParams::fs().a, 0.1 / ms);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fs() -> Self {
        IzhikevichParams::with(0.1, 0.2, -65.0, 2.0)
    }

    /// Low-threshold spiking: `a = 0.02/ms, b = 0.25, c = −65 mV, d = 2 mV`.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert_eq!(IzhikevichParams::lts().b, 0.25);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lts() -> Self {
        IzhikevichParams::with(0.02, 0.25, -65.0, 2.0)
    }

    fn validate(self) -> Result<Self, DynError> {
        positive("a", self.a)?;
        finite_number("b", self.b)?;
        finite("c", self.c)?;
        finite("d", self.d)?;
        finite("V_th", self.v_th)?;
        positive("R", self.r)?;
        check_above(("V_th", self.v_th), ("c", self.c), "must be > c")?;
        Ok(self)
    }
}

/// Izhikevich neurons (Izhikevich 2003, *Simple model of spiking neurons*), with V and u in mV
/// and t in ms:
///
/// `dV/dt = (0.04·V²/mV + 5·V + 140 mV − u + R·I(V)) / ms`, `du/dt = a·(b·V − u)`;
///
/// a neuron spikes when `V ≥ V_th` (30 mV); at the start of the next update `V ← c`,
/// `u ← u + d`. Not in brainstate 0.1.0. The paper integrates V by two Euler half-steps of
/// 0.5 ms; here both variables take one exponential-Euler step of dt with the other frozen
/// (`J_V = (0.08·V/mV + 5 + R·slope)/ms`, `J_u = −a`), as every neurodim model does. States
/// `"V"` (hidden, default −65 mV) and `"u"` (hidden, default `b · (−65 mV)`).
///
/// ```
/// use neurodim_dyn::neuron::{Drive, Izhikevich, IzhikevichParams, Neuron};
/// use neurodim_state::{Environment, Shape, init_all};
/// use neurodim_units::*;
/// let mut rs = Izhikevich::new(Shape::vector(1)?, IzhikevichParams::rs())?;
/// init_all(&mut rs, None, 0)?;
/// assert_eq!(rs.u()[0], -13.0 * mV);
/// let env = Environment::new(0.1 * ms)?;
/// let (mut spikes, mut count) = ([false], 0);
/// for i in 0..10_000 {
///     rs.update(&env.step(i), &Drive::current(10.0 * mA), &mut spikes)?; // I = 10
///     count += spikes[0] as usize;
/// }
/// assert!(count > 5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Izhikevich {
    params: IzhikevichParams,
    v: State<Voltage>,
    u: State<Voltage>,
}

impl Izhikevich {
    /// A population of `shape` with validated `params`.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert!(Izhikevich::new(Shape::vector(10)?, IzhikevichParams::ch()).is_ok());
    /// let bad = IzhikevichParams { a: -0.02 / ms, ..IzhikevichParams::rs() };
    /// assert!(Izhikevich::new(Shape::vector(10)?, bad).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(shape: Shape, params: IzhikevichParams) -> Result<Self, DynError> {
        let params = params.validate()?;
        let v0 = -65.0 * mV;
        Ok(Izhikevich {
            params,
            v: State::hidden(shape.clone(), Constant(v0)),
            u: State::hidden(shape, Constant(params.b * v0)),
        })
    }

    /// Replaces the initialiser of V (default −65 mV).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut pop = Izhikevich::new(Shape::vector(1)?, IzhikevichParams::rs())?.with_v_initializer(Constant(-70.0 * mV));
    /// init_all(&mut pop, None, 0)?;
    /// assert_eq!(pop.v()[0], -70.0 * mV);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_v_initializer(mut self, init: impl Initializer<Voltage> + 'static) -> Self {
        self.v = State::hidden(self.v.shape().clone(), init);
        self
    }

    /// Replaces the initialiser of u (default `b · (−65 mV)`).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut pop = Izhikevich::new(Shape::vector(1)?, IzhikevichParams::rs())?.with_u_initializer(Constant(-14.0 * mV));
    /// init_all(&mut pop, None, 0)?;
    /// assert_eq!(pop.u()[0], -14.0 * mV);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_u_initializer(mut self, init: impl Initializer<Voltage> + 'static) -> Self {
        self.u = State::hidden(self.u.shape().clone(), init);
        self
    }

    /// The parameters.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert_eq!(Izhikevich::new(Shape::vector(1)?, IzhikevichParams::lts())?.params(), IzhikevichParams::lts());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn params(&self) -> IzhikevichParams {
        self.params
    }

    /// The recovery variables u.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut pop = Izhikevich::new(Shape::vector(2)?, IzhikevichParams::lts())?;
    /// init_all(&mut pop, None, 0)?;
    /// assert!((pop.u()[0].value_in(mV) - (-16.25)).abs() < 1e-12); // b · (−65 mV)
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn u(&self) -> &[Voltage] {
        self.u.values()
    }

    /// `(V, u)` at the start of an update: reset if the stored V spiked.
    #[inline(always)]
    fn reset_one(p: &IzhikevichParams, v: Voltage, u: Voltage) -> (Voltage, Voltage) {
        if v >= p.v_th { (p.c, u + p.d) } else { (v, u) }
    }

    /// Applies the pending reset of the neurons whose stored V spiked.
    fn reset_spiking(&mut self, range: Range<usize>) {
        let p = self.params;
        for (v, u) in
            self.v.values_mut()[range.clone()].iter_mut().zip(&mut self.u.values_mut()[range])
        {
            (*v, *u) = Self::reset_one(&p, *v, *u);
        }
    }

    /// One exponential-Euler step of V from `v` with u frozen, for neuron `i`.
    #[inline(always)]
    fn integrate_v<L: Linear>(
        p: &IzhikevichParams,
        dt: Time,
        v: Voltage,
        u: Voltage,
        i_ext: neurodim_units::Current,
        syn: L,
        i: usize,
    ) -> Voltage {
        let (offset, slope) = syn.at(i);
        let (current, synaptic_j) = if L::HAS_SLOPE {
            (i_ext + offset + slope * v, (p.r * slope).value)
        } else {
            (i_ext, 0.0)
        };
        let v_mv = (v / mV).value;
        let f: VoltageRate = (0.04 * v_mv * v + 5.0 * v + 140.0 * mV - u + p.r * current) / ms;
        let j: Frequency = (0.08 * v_mv + 5.0 + synaptic_j) / ms;
        v + exp_euler_factor(dt, j) * f
    }

    fn step<const RESET: bool>(
        &mut self,
        ctx: &StepContext,
        drive: &Drive<'_>,
        spikes: &mut [bool],
        range: Range<usize>,
    ) -> Result<(), DynError> {
        check_step("V", self.v.values().len(), drive, spikes.len(), &range)?;
        let values = &mut self.v.values_mut()[range.clone()];
        let spikes = &mut spikes[range.clone()];
        let recovery = &mut self.u.values_mut()[range.clone()];
        let p = self.params;
        let dt = ctx.dt;
        let k_u = exp_euler_factor(dt, -p.a);
        chunked!((values, spikes, recovery), range, {
            with_drive!(drive, range, |current, syn, delta| {
                let neurons = values.iter_mut().zip(recovery.iter_mut()).zip(spikes.iter_mut());
                for (i, ((v, u), spike)) in neurons.enumerate() {
                    let (v0, u0) = if RESET { Self::reset_one(&p, *v, *u) } else { (*v, *u) };
                    *v = Self::integrate_v(&p, dt, v0, u0, current.at(i), syn, i) + delta.at(i);
                    *u = u0 + k_u * (p.a * (p.b * v0 - u0));
                    *spike = *v >= p.v_th;
                }
            });
        });
        Ok(())
    }
}

neuron_via_step!(Izhikevich);

neurodim_state::stateful_fields!(Izhikevich { state "V" => v, state "u" => u });
