use neurodim_state::init::Initializer;
use neurodim_state::{StateValue, StreamRng};
use neurodim_units::validate::{non_negative, positive};
use neurodim_units::{Dimensionless, DisplayField, Time};

use crate::DynError;
use crate::connect::Topology;

/// Transmission delays of a projection in whole steps of `dt`, with the `dt` they were built
/// for: one for the whole projection, or one per synapse (in CSR order, 2 bytes each).
///
/// A delay `d` becomes `round(d / dt)` steps (brainstate's `Delay` registration
/// uses `ceil` instead). A delay must be finite, non-negative and at most
/// [`SynapseDelays::MAX_STEPS`] steps. Steps mean nothing without their `dt`, so a network
/// refuses delays built for another `dt` than its own (rebuild them with the network's
/// [`dt`](crate::network::Network::dt)); [`none`](SynapseDelays::none) fits every `dt`, and
/// delays made from bare steps ([`from_steps`](SynapseDelays::from_steps), for a
/// [`DelayedDelivery`](crate::connect::DelayedDelivery) of its own) are refused by a network
/// unless they are all zero.
///
/// ```
/// use neurodim_dyn::connect::DelaySteps;
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let d = SynapseDelays::uniform(1.5 * ms, 0.1 * ms)?;
/// assert_eq!(d.steps(), &DelaySteps::Uniform(15));
/// assert_eq!(d.dt(), Some(0.1 * ms));
/// let d = SynapseDelays::per_synapse(&[0.0 * ms, 0.26 * ms], 0.1 * ms)?;
/// assert_eq!(d.steps(), &DelaySteps::PerSynapse(vec![0, 3]));
/// assert_eq!(d.max_steps(), 3);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynapseDelays {
    steps: DelaySteps,
    /// The step the delays were counted in; `None` for bare steps.
    dt: Option<TimeBits>,
}

/// Delays counted in steps of some `dt`: what a [`SynapseDelays`] holds.
///
/// ```
/// use neurodim_dyn::connect::DelaySteps;
/// assert_eq!(DelaySteps::PerSynapse(vec![3, 9, 1]).max(), 9);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DelaySteps {
    /// Every synapse of the projection has this many steps of delay.
    Uniform(u16),
    /// Synapse `s` (CSR position) has `steps[s]` steps of delay.
    PerSynapse(Vec<u16>),
}

impl DelaySteps {
    /// The longest delay, in steps (0 for an empty per-synapse list).
    pub fn max(&self) -> u16 {
        match self {
            DelaySteps::Uniform(steps) => *steps,
            DelaySteps::PerSynapse(steps) => steps.iter().copied().max().unwrap_or(0),
        }
    }
}

/// A `dt` by its bits, so that delays compare exactly (`Eq`) and a network's `dt` must match
/// bit for bit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TimeBits(u64);

impl SynapseDelays {
    /// The longest representable delay, in steps.
    pub const MAX_STEPS: u16 = u16::MAX;

    /// No delay: a spike of step `n` arrives at step `n + 1`, whatever the `dt`.
    pub fn none() -> Self {
        SynapseDelays { steps: DelaySteps::Uniform(0), dt: None }
    }

    /// Delays given directly in steps, for no particular `dt` (a
    /// [`DelayedDelivery`](crate::connect::DelayedDelivery) counts in steps); a network
    /// refuses them unless they are all zero.
    pub fn from_steps(steps: DelaySteps) -> Self {
        SynapseDelays { steps, dt: None }
    }

    /// One delay `d` for the whole projection, as `round(d / dt)` steps of `dt`.
    pub fn uniform(d: Time, dt: Time) -> Result<Self, DynError> {
        let steps = DelaySteps::Uniform(delay_steps(d, dt)?);
        Ok(SynapseDelays { steps, dt: Some(TimeBits(dt.value.to_bits())) })
    }

    /// One delay `d` for the whole projection **as NEST counts it**: a spike emitted in step
    /// `n` acts in step `n + D` with `D = round(d / dt)` (NEST's `delay_ms_to_steps`), where
    /// this engine's delay of `k` steps acts in step `n + 1 + k`; so `k = D − 1`. NEST's
    /// minimum delay is one step: a `d` that rounds to 0 steps is refused. A spike of an
    /// [`IafPscDelta`](crate::neuron::IafPscDelta) with `d = 1.5 ms` at `dt = 0.1 ms` thus moves
    /// its targets 15 steps after the step in which it was emitted, as in NEST.
    ///
    /// ```
    /// use neurodim_dyn::connect::DelaySteps;
    /// use neurodim_dyn::prelude::*;
    /// use neurodim_units::prelude::*;
    /// let d = SynapseDelays::nest(1.5 * ms, 0.1 * ms)?;
    /// assert_eq!(d.steps(), &DelaySteps::Uniform(14));
    /// assert!(SynapseDelays::nest(0.04 * ms, 0.1 * ms).is_err()); // below NEST's minimum
    /// # Ok::<(), neurodim_dyn::DynError>(())
    /// ```
    pub fn nest(d: Time, dt: Time) -> Result<Self, DynError> {
        let steps = DelaySteps::Uniform(nest_delay_steps(d, dt)?);
        Ok(SynapseDelays { steps, dt: Some(TimeBits(dt.value.to_bits())) })
    }

    /// One delay per synapse as NEST counts them ([`nest`](Self::nest)), `delays[s]` for the
    /// synapse at CSR position `s`.
    pub fn nest_per_synapse(delays: &[Time], dt: Time) -> Result<Self, DynError> {
        positive("dt", dt)?;
        let steps = delays.iter().map(|&d| nest_delay_steps(d, dt)).collect::<Result<_, _>>()?;
        let steps = DelaySteps::PerSynapse(steps);
        Ok(SynapseDelays { steps, dt: Some(TimeBits(dt.value.to_bits())) })
    }

    /// One delay per synapse, `delays[s]` for the synapse at CSR position `s`, in steps of `dt`.
    pub fn per_synapse(delays: &[Time], dt: Time) -> Result<Self, DynError> {
        positive("dt", dt)?;
        let steps = delays.iter().map(|&d| delay_steps(d, dt)).collect::<Result<_, _>>()?;
        let steps = DelaySteps::PerSynapse(steps);
        Ok(SynapseDelays { steps, dt: Some(TimeBits(dt.value.to_bits())) })
    }

    /// One delay per synapse of `topology`, drawn from an initialiser (shape `[n_synapses]`,
    /// CSR order), e.g. a uniform distribution of delays.
    pub fn from_initializer(
        topology: &Topology,
        init: &dyn Initializer<Time>,
        rng: &mut StreamRng,
        dt: Time,
    ) -> Result<Self, DynError> {
        SynapseDelays::per_synapse(&init.values(&[topology.n_synapses()], rng)?, dt)
    }

    /// The delays in steps.
    pub fn steps(&self) -> &DelaySteps {
        &self.steps
    }

    /// The `dt` the steps count, `None` for [`none`](Self::none) and bare steps.
    pub fn dt(&self) -> Option<Time> {
        self.dt.map(|TimeBits(bits)| Time::from_si(f64::from_bits(bits)))
    }

    /// Checks that the delays may be used in a network stepped with `dt`: all zero, or
    /// counted in steps of this very `dt` (bit for bit).
    pub fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        let max = self.max_steps();
        if max == 0 || self.dt == Some(TimeBits(dt.value.to_bits())) {
            return Ok(());
        }
        let built = match self.dt() {
            Some(built) => format!("dt = {}", built.display()),
            None => "no dt".to_string(),
        };
        Err(DynError::invalid(
            "synapse delays",
            format!("{max} steps of {built} in a network of dt = {}", dt.display()),
            "must be built for the network's dt",
        ))
    }

    /// The longest delay, in steps (0 for an empty per-synapse list).
    pub fn max_steps(&self) -> u16 {
        self.steps.max()
    }

    /// Heap bytes: 0 for a uniform delay, 2 per synapse otherwise.
    pub fn heap_bytes(&self) -> usize {
        match &self.steps {
            DelaySteps::Uniform(_) => 0,
            DelaySteps::PerSynapse(steps) => steps.len() * size_of::<u16>(),
        }
    }
}

impl Default for SynapseDelays {
    /// [`SynapseDelays::none`].
    fn default() -> Self {
        SynapseDelays::none()
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

/// NEST's `round(d / dt) ≥ 1` steps, as this engine's `round(d / dt) − 1`, checked.
pub(crate) fn nest_delay_steps(d: Time, dt: Time) -> Result<u16, DynError> {
    let steps = delay_steps(d, dt)?;
    if steps == 0 {
        return Err(DynError::invalid(
            "delay",
            format!("{} (dt = {})", d.display(), dt.display()),
            "must be at least one step of dt (NEST's minimum delay)",
        ));
    }
    Ok(steps - 1)
}

#[cfg(test)]
mod tests {
    use crate::connect::{DelaySteps, OneToOne, SynapseDelays};
    use neurodim_state::StreamKey;
    use neurodim_state::init::Constant;
    use neurodim_units::prelude::*;

    #[test]
    fn max_of_uniform_steps() {
        assert_eq!(DelaySteps::Uniform(4).max(), 4);
    }

    #[test]
    fn delays_beyond_max_steps_are_refused() {
        assert_eq!(SynapseDelays::MAX_STEPS, 65535);
        assert!(SynapseDelays::uniform(6553.6 * ms, 0.1 * ms).is_err());
    }

    #[test]
    fn no_delays() {
        assert_eq!(SynapseDelays::none().max_steps(), 0);
    }

    #[test]
    fn from_steps_has_no_dt() {
        let d = SynapseDelays::from_steps(DelaySteps::PerSynapse(vec![3, 9, 1]));
        assert_eq!((d.max_steps(), d.dt()), (9, None));
    }

    #[test]
    fn uniform_refuses_a_negative_delay() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(SynapseDelays::uniform(0.0 * ms, 0.1 * ms)?.steps(), &DelaySteps::Uniform(0));
        let e = SynapseDelays::uniform(-1.0 * ms, 0.1 * ms).unwrap_err();
        assert_eq!(e.to_string(), "invalid delay: -1 ms (must be >= 0)");
        Ok(())
    }

    #[test]
    fn nest_delays_are_one_step_shorter_and_at_least_one_step() {
        let nest = SynapseDelays::nest_per_synapse(&[0.1 * ms, 0.26 * ms, 1.0 * ms], 0.1 * ms);
        assert_eq!(nest.unwrap().steps(), &DelaySteps::PerSynapse(vec![0, 2, 9]));
        let e = SynapseDelays::nest(0.0 * ms, 0.1 * ms).unwrap_err();
        assert_eq!(e.param(), Some("delay"));
        assert!(e.to_string().contains("NEST's minimum delay"), "{e}");
    }

    #[test]
    fn per_synapse_refuses_nan() {
        assert!(SynapseDelays::per_synapse(&[1.0 * ms, f64::NAN * ms], 0.1 * ms).is_err());
    }

    #[test]
    fn from_initializer_rounds_to_steps() -> Result<(), Box<dyn std::error::Error>> {
        let t = OneToOne.topology(4)?;
        let d = SynapseDelays::from_initializer(
            &t,
            &Constant(2.0 * ms),
            &mut StreamKey::new(0, "d").rng(),
            0.5 * ms,
        )?;
        assert_eq!(d.steps(), &DelaySteps::PerSynapse(vec![4; 4]));
        Ok(())
    }

    #[test]
    fn no_delays_are_zero_steps() {
        assert_eq!(SynapseDelays::none().steps(), &DelaySteps::Uniform(0));
    }

    #[test]
    fn dt_of_uniform_delays() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(SynapseDelays::uniform(1.0 * ms, 0.25 * ms)?.dt(), Some(0.25 * ms));
        Ok(())
    }

    #[test]
    fn check_dt_refuses_another_dt() -> Result<(), Box<dyn std::error::Error>> {
        let d = SynapseDelays::uniform(1.0 * ms, 0.1 * ms)?;
        assert!(d.check_dt(0.1 * ms).is_ok());
        assert_eq!(
            d.check_dt(0.05 * ms).unwrap_err().to_string(),
            "invalid synapse delays: 10 steps of dt = 0.1 ms in a network of dt = 0.05 ms \
             (must be built for the network's dt)"
        );
        Ok(())
    }

    #[test]
    fn max_steps_of_per_synapse_delays() {
        assert_eq!(SynapseDelays::from_steps(DelaySteps::PerSynapse(vec![3, 9, 1])).max_steps(), 9);
    }

    #[test]
    fn heap_bytes_of_per_synapse_delays() {
        assert_eq!(SynapseDelays::from_steps(DelaySteps::PerSynapse(vec![1; 10])).heap_bytes(), 20);
    }
}
