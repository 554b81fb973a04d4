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
    /// currents (a waveform only as "a waveform"), noise currents, Poisson inputs and spike
    /// devices (model, parameters, weights, delay). Two networks built by the same calls have the
    /// same fingerprint; any other parameter, seed of the wiring or order gives another one
    /// (with probability 1 − 2⁻⁶⁴). Neither `dt`, the seed of
    /// [`init`](Self::init), threads nor monitors enter it.
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
    pub fn checkpoint_metadata(&self) -> CheckpointMetadata {
        self.identity().with_step(self.next_step)
    }

    /// Every state of the network now, with its [metadata](Self::checkpoint_metadata): what
    /// [`restore`](Self::restore) continues from, bit for bit.
    ///
    /// ```
    /// use neurodim_dyn::prelude::*;
    /// use neurodim_units::prelude::*;
    /// let build = || -> Result<Network, DynError> {
    ///     let mut net = Network::new(0.1 * ms)?;
    ///     let cell = net.add_population("cell", Lif::new(1, LifParams { tau: 10.0 * ms, ..LifParams::default() })?)?;
    ///     net.set_current(cell, 1.5 * mA)?;
    ///     net.init(0)?;
    ///     Ok(net)
    /// };
    /// let mut net = build()?;
    /// net.run(50)?;
    /// let saved = net.checkpoint(); // at step 50
    /// net.run(100)?;
    ///
    /// let mut other = build()?; // built by the same calls
    /// other.restore(&saved)?;
    /// assert_eq!(other.step_index(), 50);
    /// other.run(100)?;
    /// assert_eq!(other.checkpoint(), net.checkpoint()); // the same states, bit for bit
    /// # Ok::<(), DynError>(())
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
    /// See [`checkpoint`](Self::checkpoint) for an example.
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

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use crate::DynError;
    use crate::network::Network;
    use crate::neuron::{Lif, LifParams};

    #[test]
    fn the_fingerprint_follows_the_parameters() {
        let build = |tau| -> Result<Network, DynError> {
            let mut net = Network::new(0.1 * ms)?;
            let params = LifParams { tau, ..LifParams::default() };
            net.add_population("N", Lif::new(10, params)?)?;
            Ok(net)
        };
        let fingerprint = |tau| build(tau).unwrap().fingerprint();
        assert_eq!(fingerprint(10.0 * ms), fingerprint(10.0 * ms));
        assert_ne!(fingerprint(10.0 * ms), fingerprint(10.5 * ms));
    }

    #[test]
    fn the_metadata_of_an_empty_network() {
        let net = Network::new(0.1 * ms).unwrap();
        let meta = net.checkpoint_metadata();
        assert_eq!(
            (meta.step(), meta.dt(), meta.precision()),
            (Some(0), Some(0.1 * ms), Some("f64"))
        );
        assert_eq!(meta.fingerprint(), Some(net.fingerprint()));
    }

    #[test]
    fn a_checkpoint_records_its_step() {
        let mut net = Network::new(0.1 * ms).unwrap();
        let cell = Lif::new(1, LifParams { tau: 10.0 * ms, ..LifParams::default() }).unwrap();
        let pop = net.add_population("cell", cell).unwrap();
        net.set_current(pop, 1.5 * mA).unwrap();
        net.init(0).unwrap();
        net.run(50).unwrap();
        assert_eq!(net.checkpoint().metadata().step(), Some(50));
    }

    #[test]
    fn restore_refuses_another_dt() {
        let build = |dt| -> Result<Network, DynError> {
            let mut net = Network::new(dt)?;
            net.add_population("N", Lif::new(2, LifParams::default())?)?;
            net.init(0)?;
            Ok(net)
        };
        let saved = build(0.1 * ms).unwrap().checkpoint();
        let err = build(0.2 * ms).unwrap().restore(&saved).unwrap_err();
        assert_eq!(
            err.to_string(),
            "checkpoint metadata: dt 0.0001 s does not match the expected 0.0002 s"
        );
    }
}
