//! A [`SpikeDevice`] inside a network: the counts it sends each target, weighted, through a
//! delay ring of NEST's delay, into the target population's voltage jumps or spike-weight
//! ports.

use neurodim_state::init::Zero;
use neurodim_state::{
    Shape, State, StateValue, Stateful, StepContext, StreamArray, StreamKey, Visit, VisitMut,
};
use neurodim_units::Voltage;
use rand_distr::{Distribution, Poisson};

use crate::DynError;
use crate::input::{Blocks, Emission, POISSON_BLOCK, SpikeDevice, shared_par};
use crate::kernel::checks::check_len;
use crate::kernel::{Par, for_each_share};
use crate::network::PopulationId;

/// A spike device connected to every neuron of a population, as a network runs it.
///
/// Each step `s` first delivers what the device sent in step `s − D` (NEST's delay of `D ≥ 1`
/// steps: an event stamped `s − D + 1` is read by the target in its update `s`), then writes
/// what it sends now, `count · weight` per target, into the same slot of the ring, to arrive in
/// step `s + D`. The ring holds `D × lanes × n` sums in SI units — one lane (voltage jumps) or
/// two (the excitatory and inhibitory ports, each value routed by its sign as NEST routes an
/// event by its weight's) — and is the short-term state `"<name>.ring"`; the Poisson counts of
/// each block of [`POISSON_BLOCK`] targets draw from a stream of their own (stream `b` of
/// `StreamKey::new(seed, name)`; a count shared by all targets from stream 0), whose positions
/// are the state `"<name>.rng"`; the device's own states follow (`"<name>.rate"`, …).
pub(crate) struct SpikeDeviceFeed {
    pub(crate) name: String,
    pub(crate) post: PopulationId,
    device: Box<dyn SpikeDevice>,
    /// Into the two spike-weight ports (by sign), not into V.
    ports: bool,
    /// The connection weight of each target, in SI units.
    weights: Vec<f64>,
    /// NEST's delay `D` in steps (≥ 1).
    delay: usize,
    ring: State<f64>,
    rng: StreamArray,
    /// The counts of a step, drawn per target (allocated once).
    counts: Vec<f64>,
}

impl SpikeDeviceFeed {
    /// `device` (prepared for the network's `dt`) onto the neurons of `post`, one weight per
    /// neuron (SI), into the ports if `ports` (else into V), with NEST's delay of `delay ≥ 1`
    /// steps.
    pub(crate) fn new(
        name: String,
        post: PopulationId,
        device: Box<dyn SpikeDevice>,
        ports: bool,
        weights: Vec<f64>,
        delay: usize,
    ) -> Result<Self, DynError> {
        let n = weights.len();
        let lanes = if ports { 2 } else { 1 };
        let ring = State::short_term(Shape::new(vec![delay, lanes, n])?, Zero);
        let rng = StreamArray::new(StreamKey::new(0, &name), n.div_ceil(POISSON_BLOCK).max(1));
        let counts = vec![0.0; n];
        Ok(SpikeDeviceFeed { name, post, device, ports, weights, delay, ring, rng, counts })
    }

    /// Restarts the streams from `seed`.
    pub(crate) fn reseed(&mut self, seed: u64) {
        self.rng.restart(StreamKey::new(seed, &self.name));
    }

    /// The threads the per-target draws are shared between, of those of `par`.
    pub(crate) fn draw_par(&self, par: Par) -> Par {
        shared_par(self.rng.len(), par)
    }

    /// One step: adds what arrives now into `jumps` (V) or `ports` (the post population's
    /// sums of the step, SI), then sends this step's counts into the ring.
    pub(crate) fn step(
        &mut self,
        ctx: &StepContext,
        jumps: &mut [Voltage],
        ports: &mut [Vec<f64>; 2],
        par: Par,
    ) -> Result<(), DynError> {
        let n = self.weights.len();
        let draw_par = self.draw_par(par);
        let width = if self.ports { 2 * n } else { n };
        let ring = self.ring.values_mut();
        check_len("spike device ring (delay × lanes × targets)", self.delay * width, ring.len())?;
        // the step's slot: what was sent D steps ago, then what is sent now
        let at = (ctx.i % self.delay as u64) as usize * width;
        let slot = &mut ring[at..at + width];
        if self.ports {
            let [excitatory, inhibitory] = ports;
            check_len("excitatory port", n, excitatory.len())?;
            check_len("inhibitory port", n, inhibitory.len())?;
            let sums = excitatory.iter_mut().chain(inhibitory.iter_mut());
            for (sum, x) in sums.zip(slot.iter_mut()) {
                *sum += core::mem::take(x);
            }
        } else {
            check_len("voltage jumps", n, jumps.len())?;
            for (sum, x) in jumps.iter_mut().zip(slot.iter_mut()) {
                *sum += Voltage::from_si(core::mem::take(x));
            }
        }
        let mut send = SlotWriter { slot, weights: &self.weights, ports: self.ports };
        match self.device.emission(ctx.i) {
            Emission::Nothing => {}
            Emission::Poisson { mean, individual } => {
                let poisson = Poisson::new(mean).map_err(|_| {
                    DynError::invalid("Poisson mean λ·h", mean, "must be finite and > 0")
                })?;
                if individual {
                    let blocks =
                        Blocks { streams: self.rng.streams_mut(), target: &mut self.counts };
                    for_each_share(draw_par, blocks, &|_, Blocks { streams, target }| {
                        for (rng, block) in streams.iter_mut().zip(target.chunks_mut(POISSON_BLOCK))
                        {
                            block.iter_mut().for_each(|count| *count = poisson.sample(rng));
                        }
                    });
                    send.each(&self.counts);
                } else {
                    let count = poisson.sample(&mut self.rng.streams_mut()[0]);
                    send.all(count, 1.0);
                }
            }
            Emission::Spikes(spikes) => {
                for spike in spikes {
                    send.all(f64::from(spike.multiplicity), spike.weight);
                }
            }
        }
        Ok(())
    }
}

/// Writes a step's counts into a slot of the ring.
struct SlotWriter<'a> {
    slot: &'a mut [f64],
    weights: &'a [f64],
    ports: bool,
}

impl SlotWriter<'_> {
    /// `counts[j] · w_j` for each target `j`.
    fn each(self, counts: &[f64]) {
        let SlotWriter { slot, weights, ports } = self;
        let n = weights.len();
        for (j, (&count, &w)) in counts.iter().zip(weights).enumerate() {
            if count > 0.0 {
                add(slot, n, ports, j, count * w);
            }
        }
    }

    /// `count` events of weight `factor · w_j` to each target `j` (NEST adds
    /// `weight · multiplicity`).
    fn all(&mut self, count: f64, factor: f64) {
        let n = self.weights.len();
        for (j, &w) in self.weights.iter().enumerate() {
            add(self.slot, n, self.ports, j, factor * w * count);
        }
    }
}

/// Adds `value` for target `j` of `n` to its lane: the inhibitory port (the second lane) if
/// `ports` and `value < 0`, as NEST routes an event by the sign of its weight, else the first.
#[inline]
fn add(slot: &mut [f64], n: usize, ports: bool, j: usize, value: f64) {
    let lane = usize::from(ports && value < 0.0);
    slot[lane * n + j] += value;
}

/// The delay ring `"ring"`, the streams `"rng"`, then the device's states.
impl Stateful for SpikeDeviceFeed {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        visitor.state("ring", &self.ring);
        visitor.state("rng", &self.rng);
        self.device.visit_states(visitor);
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        visitor.state("ring", &mut self.ring);
        visitor.state("rng", &mut self.rng);
        self.device.visit_states_mut(visitor);
    }
}
