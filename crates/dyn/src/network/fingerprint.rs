//! The fingerprint of a network: a hash of everything it was built from (names, sizes, models
//! and their parameters, synapse and output kinds, connectivity with weights and delays,
//! currents, waveforms, spike sources and inputs with their parameters), so that a checkpoint can tell the network it belongs to.

use core::fmt::{Debug, Write as _};
use core::hash::Hasher;

use neurodim_state::Fnv1a64;

use crate::connect::{Connectivity, DelaySteps, SynapseDelays, SynapticWeight, Weights};
use crate::projection::current::CurrentOrigin;
use crate::projection::{AlignPost, AlignPre, CurrentProj, Delta, Presynaptic, StaticSynapses};

/// A running [`Fnv1a64`] over the builder calls of a network, each call fed as its kind and
/// every argument. Every piece is followed by a separator byte (`0xff`, which no UTF-8 text
/// contains) or has a fixed width, so that two different sequences of calls never feed the
/// same bytes. Floating-point values are fed by their bits, or in `Debug` form (the shortest
/// text that reads back as the same value), so any change of a parameter changes the hash.
#[derive(Debug, Clone)]
pub(crate) struct StructureHash(Fnv1a64);

impl StructureHash {
    pub(crate) fn new() -> Self {
        StructureHash(Fnv1a64::new())
    }

    /// The fingerprint of what was fed so far.
    pub(crate) fn value(&self) -> u64 {
        self.0.value()
    }

    /// A piece of text (a kind of call, a name).
    pub(crate) fn text(&mut self, text: &str) -> &mut Self {
        self.0.update(text.as_bytes());
        self.0.update(&[0xff]);
        self
    }

    /// A value by its `Debug` form (parameters, synapse and output kinds): it must not contain
    /// a [`PopulationId`](crate::network::PopulationId), whose network identity differs
    /// between two networks built alike.
    pub(crate) fn debug(&mut self, value: &impl Debug) -> &mut Self {
        // Writing into the hash cannot fail.
        let _ = write!(Hashed(&mut self.0), "{value:?}");
        self.0.update(&[0xff]);
        self
    }

    /// A count or index.
    pub(crate) fn count(&mut self, n: usize) -> &mut Self {
        self.0.update(&(n as u64).to_le_bytes());
        self
    }

    /// Another hash (of what was drawn from a seed).
    pub(crate) fn hash(&mut self, value: u64) -> &mut Self {
        self.0.update(&value.to_le_bytes());
        self
    }

    /// A floating-point value, bit for bit.
    pub(crate) fn real(&mut self, x: f64) -> &mut Self {
        self.0.update(&x.to_bits().to_le_bytes());
        self
    }

    /// The source of a projection: population index and neuron range.
    pub(crate) fn source(&mut self, source: &Presynaptic) -> &mut Self {
        self.count(source.population().0);
        match source.range() {
            Some(range) => self.count(1).count(range.start).count(range.end),
            None => self.count(0),
        }
    }

    /// A connectivity: sizes, the CSR arrays and the weights.
    pub(crate) fn connectivity<W: SynapticWeight>(&mut self, conn: &Connectivity<W>) -> &mut Self {
        let topology = conn.topology();
        self.count(topology.n_pre()).count(topology.n_post());
        self.u32s(topology.offsets()).u32s(topology.targets());
        match conn.weights() {
            Weights::Homogeneous(w) => self.count(0).real(w.to_si()),
            Weights::PerSynapse(ws) => {
                self.count(1).count(ws.len());
                ws.iter().for_each(|w| {
                    self.real(w.to_si());
                });
                self
            }
        }
    }

    /// Delays in steps (their `dt` is the network's, checked when they are added).
    pub(crate) fn delays(&mut self, delays: &SynapseDelays) -> &mut Self {
        match delays.steps() {
            DelaySteps::Uniform(k) => self.count(0).count(usize::from(*k)),
            DelaySteps::PerSynapse(steps) => {
                self.count(1).count(steps.len());
                steps.iter().for_each(|k| self.0.update(&k.to_le_bytes()));
                self
            }
        }
    }

    /// The parameters a source or waveform feeds through `feed` (its `hash_parameters`),
    /// preceded by their length in bytes.
    pub(crate) fn parameters(&mut self, feed: impl FnOnce(&mut dyn Hasher)) -> &mut Self {
        let mut bytes = Bytes(Vec::new());
        feed(&mut bytes);
        self.count(bytes.0.len());
        self.0.update(&bytes.0);
        self
    }

    fn u32s(&mut self, values: &[u32]) -> &mut Self {
        self.count(values.len());
        values.iter().for_each(|v| self.0.update(&v.to_le_bytes()));
        self
    }
}

/// The bytes a `hash_parameters` call feeds, collected so that their length precedes them in
/// the hash (two sources that feed different bytes never feed the same sequence).
struct Bytes(Vec<u8>);

impl Hasher for Bytes {
    fn finish(&self) -> u64 {
        // only written to; the hash is that of the network
        0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }
}

/// `core::fmt::Write` into a hash, so that `Debug` forms are hashed without a `String`.
struct Hashed<'a>(&'a mut Fnv1a64);

impl core::fmt::Write for Hashed<'_> {
    fn write_str(&mut self, text: &str) -> core::fmt::Result {
        self.0.update(text.as_bytes());
        Ok(())
    }
}

impl StructureHash {
    /// An [`AlignPost`] projection added under `name`.
    pub(crate) fn align_post(&mut self, name: &str, projection: &AlignPost) -> &mut Self {
        let AlignPost { pre, post, connectivity, delays, synapse, output, plasticity, stdp } =
            projection;
        self.text("align post").text(name).source(pre).count(post.0);
        self.connectivity(connectivity).delays(delays).debug(synapse).debug(output);
        self.debug(plasticity).debug(stdp)
    }

    /// An [`AlignPre`] projection added under `name`.
    pub(crate) fn align_pre(&mut self, name: &str, projection: &AlignPre) -> &mut Self {
        let AlignPre { pre, post, connectivity, receptor, output } = projection;
        self.text("align pre").text(name).source(pre).count(post.0);
        self.connectivity(connectivity).debug(receptor).debug(output)
    }

    /// A [`Delta`] projection added under `name`.
    pub(crate) fn delta(&mut self, name: &str, projection: &Delta) -> &mut Self {
        let Delta { pre, post, connectivity, delays } = projection;
        self.text("delta").text(name).source(pre).count(post.0);
        self.connectivity(connectivity).delays(delays)
    }

    /// A [`StaticSynapses`] projection added under `name`, feeding `port`.
    pub(crate) fn static_synapses<W: SynapticWeight>(
        &mut self,
        name: &str,
        projection: &StaticSynapses<W>,
        port: usize,
    ) -> &mut Self {
        let StaticSynapses { pre, post, connectivity, delays, plasticity } = projection;
        self.text("static").text(name).source(pre).count(post.0).count(port);
        self.connectivity(connectivity).delays(delays).debug(plasticity)
    }

    /// A [`CurrentProj`] added under `name`.
    pub(crate) fn current(&mut self, name: &str, projection: &CurrentProj) -> &mut Self {
        let CurrentProj { pre, comm, output, post } = projection;
        self.text("current").text(name);
        match pre {
            CurrentOrigin::Synapse(projection) => self.text("synapse").text(projection),
            CurrentOrigin::Potential(population, gain) => {
                self.text("potential").count(population.0).debug(gain)
            }
        };
        self.connectivity(comm).debug(output).count(post.0)
    }
}
