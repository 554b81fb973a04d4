use neurodim_state::StreamRng;
use neurodim_state::init::Initializer;
use neurodim_units::validate::{non_negative, positive};
use neurodim_units::{Dimensionless, DisplayField, Time};

use crate::DynError;
use crate::connect::Topology;

/// Transmission delays of a projection in whole steps of `dt`: one for the whole projection,
/// or one per synapse (in CSR order, 2 bytes each).
///
/// A delay `d` becomes `round(d / dt)` steps (brainstate's `Delay` registration
/// uses `ceil` instead). A delay must be finite, non-negative and at most
/// [`SynapseDelays::MAX_STEPS`] steps.
///
/// ```
/// use neurodim_dyn::connect::SynapseDelays;
/// use neurodim_units::*;
/// let d = SynapseDelays::uniform(1.5 * ms, 0.1 * ms)?;
/// assert_eq!(d, SynapseDelays::Uniform(15));
/// let d = SynapseDelays::per_synapse(&[0.0 * ms, 0.26 * ms], 0.1 * ms)?;
/// assert_eq!(d, SynapseDelays::PerSynapse(vec![0, 3]));
/// assert_eq!(d.max_steps(), 3);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SynapseDelays {
    /// Every synapse of the projection has this many steps of delay.
    Uniform(u16),
    /// Synapse `s` (CSR position) has `steps[s]` steps of delay.
    PerSynapse(Vec<u16>),
}

impl SynapseDelays {
    /// The longest representable delay, in steps.
    ///
    /// ```
    /// use neurodim_dyn::connect::SynapseDelays;
    /// use neurodim_units::*;
    /// assert_eq!(SynapseDelays::MAX_STEPS, 65535);
    /// assert!(SynapseDelays::uniform(6553.6 * ms, 0.1 * ms).is_err());
    /// ```
    pub const MAX_STEPS: u16 = u16::MAX;

    /// One delay `d` for the whole projection, as `round(d / dt)` steps.
    ///
    /// ```
    /// use neurodim_dyn::connect::SynapseDelays;
    /// use neurodim_units::*;
    /// assert_eq!(SynapseDelays::uniform(0.0 * ms, 0.1 * ms)?, SynapseDelays::Uniform(0));
    /// let e = SynapseDelays::uniform(-1.0 * ms, 0.1 * ms).unwrap_err();
    /// assert_eq!(e.to_string(), "invalid delay: -1 ms (must be >= 0)");
    /// # Ok::<(), neurodim_dyn::DynError>(())
    /// ```
    pub fn uniform(d: Time, dt: Time) -> Result<Self, DynError> {
        Ok(SynapseDelays::Uniform(delay_steps(d, dt)?))
    }

    /// One delay per synapse, `delays[s]` for the synapse at CSR position `s`.
    ///
    /// ```
    /// use neurodim_dyn::connect::SynapseDelays;
    /// use neurodim_units::*;
    /// assert!(SynapseDelays::per_synapse(&[1.0 * ms, f64::NAN * ms], 0.1 * ms).is_err());
    /// ```
    pub fn per_synapse(delays: &[Time], dt: Time) -> Result<Self, DynError> {
        let steps = delays.iter().map(|&d| delay_steps(d, dt)).collect::<Result<_, _>>()?;
        Ok(SynapseDelays::PerSynapse(steps))
    }

    /// One delay per synapse of `topology`, drawn from an initialiser (shape `[n_synapses]`,
    /// CSR order), e.g. a uniform distribution of delays.
    ///
    /// ```
    /// use neurodim_dyn::connect::{OneToOne, SynapseDelays};
    /// use neurodim_state::{StreamKey, init::Constant};
    /// use neurodim_units::*;
    /// let t = OneToOne::new(4)?.topology()?;
    /// let d = SynapseDelays::from_initializer(&t, &Constant(2.0 * ms), &mut StreamKey::new(0, "d").rng(), 0.5 * ms)?;
    /// assert_eq!(d, SynapseDelays::PerSynapse(vec![4; 4]));
    /// # Ok::<(), neurodim_dyn::DynError>(())
    /// ```
    pub fn from_initializer(
        topology: &Topology,
        init: &dyn Initializer<Time>,
        rng: &mut StreamRng,
        dt: Time,
    ) -> Result<Self, DynError> {
        SynapseDelays::per_synapse(&init.values(&[topology.n_synapses()], rng)?, dt)
    }

    /// The longest delay, in steps (0 for an empty per-synapse list).
    ///
    /// ```
    /// use neurodim_dyn::connect::SynapseDelays;
    /// assert_eq!(SynapseDelays::PerSynapse(vec![3, 9, 1]).max_steps(), 9);
    /// ```
    pub fn max_steps(&self) -> u16 {
        match self {
            SynapseDelays::Uniform(steps) => *steps,
            SynapseDelays::PerSynapse(steps) => steps.iter().copied().max().unwrap_or(0),
        }
    }

    /// Heap bytes: 0 for a uniform delay, 2 per synapse otherwise.
    ///
    /// ```
    /// use neurodim_dyn::connect::SynapseDelays;
    /// assert_eq!(SynapseDelays::PerSynapse(vec![1; 10]).heap_bytes(), 20);
    /// ```
    pub fn heap_bytes(&self) -> usize {
        match self {
            SynapseDelays::Uniform(_) => 0,
            SynapseDelays::PerSynapse(steps) => steps.len() * size_of::<u16>(),
        }
    }
}

/// `round(d / dt)`, checked.
fn delay_steps(d: Time, dt: Time) -> Result<u16, DynError> {
    positive("dt", dt)?;
    non_negative("delay", d)?;
    let steps = (d / dt).dimensionless_value().round();
    if steps > f64::from(SynapseDelays::MAX_STEPS) {
        return Err(DynError::invalid("delay", d.display(), "must be at most 65535 steps of dt"));
    }
    Ok(steps as u16)
}
