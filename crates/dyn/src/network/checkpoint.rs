//! Checkpoints of a network that know what they belong to: the step they were taken at, `dt`,
//! the precision and the network's fingerprint, checked before anything is restored.

use neurodim_state::{Checkpoint, CheckpointMetadata};

use crate::DynError;
use crate::network::Network;
use crate::network::NetworkPrecision;

impl<F: NetworkPrecision> Network<F> {
    /// A hash of everything the network was built from, in the order it was added: names,
    /// sizes, neuron models with their parameters, spike sources (name and size), synapse and
    /// output kinds with their parameters, connectivity (topology, weights, delays), external
    /// currents (a waveform only as "a waveform") and Poisson inputs. Two networks built by the
    /// same calls have the same fingerprint; any other parameter, seed of the wiring or order
    /// gives another one (with probability 1 − 2⁻⁶⁴). Neither `dt`, the seed of
    /// [`init`](Self::init), threads nor monitors enter it.
    ///
    /// ```
    /// use neurodim_dyn::network::Network;
    /// use neurodim_dyn::neuron::{Lif, LifParams};
    /// use neurodim_state::Shape;
    /// use neurodim_units::*;
    /// let build = |tau| -> Result<Network, neurodim_dyn::DynError> {
    ///     let mut net = Network::new(0.1 * ms)?;
    ///     let params = LifParams { tau, ..LifParams::default() };
    ///     net.add_population("N", Lif::new(10, params)?)?;
    ///     Ok(net)
    /// };
    /// assert_eq!(build(10.0 * ms)?.fingerprint(), build(10.0 * ms)?.fingerprint());
    /// assert_ne!(build(10.0 * ms)?.fingerprint(), build(10.5 * ms)?.fingerprint());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fingerprint(&self) -> u64 {
        match self.wired_fingerprint {
            // the synapses drawn at `init` for the projections of `connect`
            Some(drawn) => {
                let mut both = self.fingerprint.clone();
                both.text("drawn").hash(drawn);
                both.value()
            }
            None => self.fingerprint.value(),
        }
    }

    /// What a checkpoint taken now records about the network: the step index, `dt`, the
    /// precision `"f64"` and the [`fingerprint`](Self::fingerprint).
    ///
    /// ```
    /// use neurodim_dyn::network::Network;
    /// use neurodim_units::*;
    /// let net = Network::new(0.1 * ms)?;
    /// let meta = net.checkpoint_metadata();
    /// assert_eq!((meta.step(), meta.dt(), meta.precision()), (Some(0), Some(0.1 * ms), Some("f64")));
    /// assert_eq!(meta.fingerprint(), Some(net.fingerprint()));
    /// # Ok::<(), neurodim_dyn::DynError>(())
    /// ```
    pub fn checkpoint_metadata(&self) -> CheckpointMetadata {
        self.identity().with_step(self.next_step)
    }

    /// Every state of the network now, with its [metadata](Self::checkpoint_metadata): what
    /// [`restore`](Self::restore) continues from, bit for bit.
    ///
    /// ```
    /// use neurodim_dyn::network::Network;
    /// use neurodim_dyn::neuron::{Lif, LifParams};
    /// use neurodim_state::Shape;
    /// use neurodim_units::*;
    /// let build = || -> Result<Network, neurodim_dyn::DynError> {
    ///     let mut net = Network::new(0.1 * ms)?;
    ///     let cell = Lif::new(1, LifParams { tau: 10.0 * ms, ..LifParams::default() })?;
    ///     let pop = net.add_population("cell", cell)?;
    ///     net.set_current(pop, 1.5 * mA)?;
    ///     Ok(net)
    /// };
    /// let mut net = build()?;
    /// net.init(0)?;
    /// net.run(50)?;
    /// let saved = net.checkpoint();
    /// assert_eq!(saved.metadata().step(), Some(50));
    ///
    /// let mut other = build()?;
    /// other.init(0)?;
    /// other.restore(&saved)?;
    /// assert_eq!(other.step_index(), 50);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint::capture(self).with_metadata(self.checkpoint_metadata())
    }

    /// Restores a [`checkpoint`](Self::checkpoint) of this network (or of one built by the same
    /// calls) and continues at the step it was taken at, as [`resume_at`](Self::resume_at)
    /// does. Refused before anything is written unless the checkpoint records the same
    /// fingerprint, precision and `dt` (bit for bit) and a step, and has exactly the
    /// network's states with their kinds, units and shapes; the error names what differs
    /// (`fingerprint`, `precision`, `dt` or `step`, with the stored and the expected value, or
    /// the state). Initialise the network first ([`init`](Self::init)), so that its states
    /// have their shapes.
    ///
    /// ```
    /// use neurodim_dyn::network::Network;
    /// use neurodim_dyn::neuron::{Lif, LifParams};
    /// use neurodim_state::Shape;
    /// use neurodim_units::*;
    /// let build = |dt| -> Result<Network, neurodim_dyn::DynError> {
    ///     let mut net = Network::new(dt)?;
    ///     net.add_population("N", Lif::new(2, LifParams::default())?)?;
    ///     net.init(0)?;
    ///     Ok(net)
    /// };
    /// let saved = build(0.1 * ms)?.checkpoint();
    /// let err = build(0.2 * ms)?.restore(&saved).unwrap_err();
    /// assert_eq!(err.to_string(),
    ///     "checkpoint metadata: dt 0.0001 s does not match the expected 0.0002 s");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn restore(&mut self, checkpoint: &Checkpoint) -> Result<(), DynError> {
        checkpoint.check_metadata(&self.identity())?;
        let step = checkpoint.metadata().step().ok_or_else(|| {
            DynError::invalid(
                "checkpoint step",
                "none",
                "must be recorded (take checkpoints with `Network::checkpoint`)",
            )
        })?;
        checkpoint.restore_exact(self)?;
        self.resume_at(step)
    }

    /// The metadata that must agree for a checkpoint to belong to this network: all but the
    /// step.
    fn identity(&self) -> CheckpointMetadata {
        CheckpointMetadata::new()
            .with_fingerprint(self.fingerprint())
            .with_precision(F::NAME)
            .with_dt(self.dt())
            // A network's dt was validated when it was made, as `with_dt` validates it.
            .expect("a network's dt is finite and > 0")
    }
}
