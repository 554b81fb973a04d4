use core::ops::Range;

use neurodim_state::init::{Constant, Initializer};
use neurodim_state::{Shape, State, StepContext};
use neurodim_units::{Resistance, Time, Voltage, mV, ms, ohm};

use crate::DynError;
use crate::neuron::drive::{Source, with_drive};
use crate::neuron::membrane::Membrane;
use crate::neuron::{Drive, SpikeReset, check_step, neuron_via_step};
use crate::parallel::chunked;

/// Parameters of [`Lif`], with brainstate's defaults.
///
/// ```
/// use neurodim_dyn::neuron::LifParams;
/// use neurodim_units::*;
/// let p = LifParams { tau: 10.0 * ms, ..LifParams::default() };
/// assert_eq!(p.v_th, 1.0 * mV);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LifParams {
    /// Membrane resistance `R` (default 1 Ω, so that 1 mA gives 1 mV).
    pub r: Resistance,
    /// Membrane time constant `τ` (default 5 ms; must be > 0).
    pub tau: Time,
    /// Threshold `V_th` (default 1 mV; must be > `V_reset`).
    pub v_th: Voltage,
    /// Reset potential `V_reset` (default 0 mV).
    pub v_reset: Voltage,
    /// Resting potential `V_rest` (default 0 mV).
    pub v_rest: Voltage,
    /// Soft (default) or hard reset.
    pub reset: SpikeReset,
}

impl Default for LifParams {
    fn default() -> Self {
        LifParams {
            r: 1.0 * ohm,
            tau: 5.0 * ms,
            v_th: 1.0 * mV,
            v_reset: 0.0 * mV,
            v_rest: 0.0 * mV,
            reset: SpikeReset::Soft,
        }
    }
}

impl LifParams {
    pub(crate) fn membrane(&self) -> Result<Membrane, DynError> {
        Membrane::new(self.r, self.tau, self.v_th, self.v_reset, self.v_rest, self.reset)
    }
}

/// Leaky integrate-and-fire neurons (brainstate's `LIF`):
///
/// `τ dV/dt = −V + V_rest + R·I(V)`, spike `H((V − V_th)/(V_th − V_reset))`,
///
/// with `I(V) = I_ext + offset + slope·V` (see [`Drive`]), integrated by exponential Euler
/// (exact for this linear equation), then `V += Σδ`. The reset of a spiking neuron
/// ([`SpikeReset`]) is applied at the start of the next update. State: `"V"` (hidden,
/// initialised to 0 mV unless [`with_v_initializer`](Self::with_v_initializer) says otherwise).
///
/// ```
/// use neurodim_dyn::neuron::{Drive, Lif, LifParams, Neuron};
/// use neurodim_state::{Environment, Shape, init_all};
/// use neurodim_units::*;
///
/// let mut lif = Lif::new(Shape::vector(3)?, LifParams::default())?;
/// init_all(&mut lif, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// let mut spikes = [false; 3];
/// lif.update(&env.step(0), &Drive::current(2.0 * mA), &mut spikes)?;
/// // V1 = R·I·(1 − e^(−dt/τ)) = 2·(1 − e^(−0.02)) mV
/// assert!((lif.v()[0].value_in(mV) - 2.0 * (1.0 - (-0.02f64).exp())).abs() < 1e-12);
/// assert_eq!(spikes, [false; 3]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Lif {
    membrane: Membrane,
    v: State<Voltage>,
}

impl Lif {
    /// A population of `shape` with validated `params` (`τ > 0`, `R > 0`, `V_th > V_reset`,
    /// every value finite).
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert!(Lif::new(Shape::vector(10)?, LifParams::default()).is_ok());
    /// let err = Lif::new(Shape::vector(10)?, LifParams { tau: 0.0 * ms, ..LifParams::default() }).unwrap_err();
    /// assert_eq!(err.to_string(), "invalid tau: 0 ms (must be > 0)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(shape: Shape, params: LifParams) -> Result<Self, DynError> {
        Ok(Lif { membrane: params.membrane()?, v: State::hidden(shape, Constant(0.0 * mV)) })
    }

    /// Replaces the initialiser of V (brainstate's `V_initializer`); takes effect at init.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// let mut pop = Lif::new(Shape::vector(1)?, LifParams::default())?.with_v_initializer(Constant(0.5 * mV));
    /// init_all(&mut pop, None, 0)?;
    /// assert_eq!(pop.v()[0], 0.5 * mV);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_v_initializer(mut self, init: impl Initializer<Voltage> + 'static) -> Self {
        self.v = State::hidden(self.v.shape().clone(), init);
        self
    }

    /// The parameters.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert_eq!(Lif::new(Shape::vector(1)?, LifParams::default())?.params(), LifParams::default());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn params(&self) -> LifParams {
        let m = self.membrane;
        LifParams {
            r: m.r,
            tau: m.tau,
            v_th: m.v_th,
            v_reset: m.v_reset,
            v_rest: m.v_rest,
            reset: m.reset,
        }
    }

    /// Applies the pending reset of the neurons whose stored V spiked.
    fn reset_spiking(&mut self, range: Range<usize>) {
        let m = self.membrane;
        self.v.values_mut()[range].iter_mut().for_each(|v| *v = m.reset(*v));
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
        let m = self.membrane;
        let (dt, leak) = (ctx.dt, m.leak_factor(ctx.dt));
        chunked!((values, spikes), range, {
            with_drive!(drive, range, |current, syn, delta| {
                for (i, (v, spike)) in values.iter_mut().zip(spikes.iter_mut()).enumerate() {
                    let start = if RESET { m.reset(*v) } else { *v };
                    *v = m.integrate(dt, leak, start, current.at(i), syn, i) + delta.at(i);
                    *spike = m.fires(*v);
                }
            });
        });
        Ok(())
    }
}

neuron_via_step!(Lif);

neurodim_state::stateful_fields!(Lif { state "V" => v });
