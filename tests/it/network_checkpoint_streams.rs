//! Checkpoints keep the positions of a network's random streams: with a Poisson input into g,
//! a Poisson spike source and a Poisson input into V, `capture → restore → resume_at`
//! continues a run bit for bit (V, g and spikes), through JSON and bytes too; a checkpoint that
//! lacks one stream's position continues differently.

use neurodim::dynamics::connect::{OneToOne, SynapseDelays};
use neurodim::dynamics::input::{PoissonInput, PoissonSpike};
use neurodim::dynamics::network::{Network, PopulationId};
use neurodim::dynamics::neuron::{Lif, LifParams};
use neurodim::dynamics::output::Coba;
use neurodim::dynamics::projection::{AlignPost, OutputKind};
use neurodim::dynamics::synapse::ExponParams;
use neurodim::prelude::*;
use neurodim::state::{Checkpoint, Shape, StateKind, ValueType, list_states};

const N: usize = 100;
/// The paths of the three streams' positions.
const STREAMS: [&str; 3] = ["src.rng", "ext_g.rng", "ext_v.rng"];

/// LIF neurons `"N"` driven by Poisson jumps into V (`"ext_v"`), and by a Poisson spike source
/// `"src"` through a delayed COBA projection `"S2N"` whose g also takes Poisson counts
/// (`"ext_g"`). Returns the network, N and the source.
fn network() -> (Network, PopulationId, PopulationId) {
    let mut net = Network::new(0.1 * ms).unwrap();
    let n = net
        .add_population("N", Lif::new(Shape::vector(N).unwrap(), LifParams::default()).unwrap())
        .unwrap();
    let src = net.add_spike_source("src", PoissonSpike::new(N, 200.0 * Hz).unwrap()).unwrap();
    let conn = OneToOne.topology(N).unwrap().with_weight(1.0 * mS).unwrap();
    let syn = ExponParams { tau: 5.0 * ms };
    let out = OutputKind::Coba(Coba::new(100.0 * mV).unwrap());
    let delays = SynapseDelays::uniform(0.5 * ms, 0.1 * ms).unwrap();
    net.add_align_post("S2N", AlignPost::new(src, n, conn, syn, out).with_delays(delays)).unwrap();
    let into_g = PoissonInput::new(N, 20, 100.0 * Hz, 0.5 * mS).unwrap();
    net.add_poisson_to_g("ext_g", "S2N", into_g).unwrap();
    let into_v = PoissonInput::new(N, 10, 100.0 * Hz, 0.3 * mV).unwrap();
    net.add_poisson_to_v("ext_v", n, into_v).unwrap();
    (net, n, src)
}

/// One step: the bits of every V of N and g of S2N, and the spikes of N and of the source.
#[derive(Debug, PartialEq)]
struct Step {
    v: Vec<u64>,
    g: Vec<u64>,
    spikes: Vec<bool>,
    source: Vec<bool>,
}

fn record(net: &mut Network, n: PopulationId, src: PopulationId, steps: usize) -> Vec<Step> {
    (0..steps)
        .map(|_| {
            net.step().unwrap();
            Step {
                v: net.neurons(n).unwrap().v().iter().map(|v| v.value.to_bits()).collect(),
                g: net.conductance("S2N").unwrap().iter().map(|g| g.value.to_bits()).collect(),
                spikes: net.spikes(n).unwrap().to_vec(),
                source: net.spikes(src).unwrap().to_vec(),
            }
        })
        .collect()
}

/// A run of 300 steps, its checkpoint, and the 300 steps that followed.
fn run_and_capture() -> (Checkpoint, Vec<Step>) {
    let (mut net, n, src) = network();
    net.init(0).unwrap();
    record(&mut net, n, src, 300);
    let saved = Checkpoint::capture(&net);
    let continued = record(&mut net, n, src, 300);
    let count = |flags: fn(&Step) -> &[bool]| {
        continued.iter().map(|step| flags(step).iter().filter(|&&f| f).count()).sum::<usize>()
    };
    let (neurons, source) = (count(|step| &step.spikes), count(|step| &step.source));
    assert!(neurons > 100 && source > 100, "spikes: {neurons} of N, {source} of the source");
    (saved, continued)
}

/// `checkpoint` restored into a fresh network initialised from another seed, continued 300
/// steps from step 300.
fn resume(checkpoint: &Checkpoint) -> Vec<Step> {
    let (mut net, n, src) = network();
    net.init(99).unwrap();
    checkpoint.restore(&mut net).unwrap();
    net.resume_at(300).unwrap();
    record(&mut net, n, src, 300)
}

#[test]
fn the_streams_are_short_term_states() {
    let (net, ..) = network();
    let streams: Vec<_> = list_states(&net)
        .into_iter()
        .filter(|info| info.value_type == ValueType::Stream)
        .map(|info| (info.path, info.kind, info.shape))
        .collect();
    let expected: Vec<_> =
        STREAMS.iter().map(|p| (p.to_string(), StateKind::ShortTerm, vec![8])).collect();
    assert_eq!(streams, expected);
}

#[test]
fn a_checkpoint_continues_poisson_inputs_and_sources_bit_for_bit() {
    let (saved, continued) = run_and_capture();
    assert_eq!(resume(&saved), continued, "restored directly");
    let json = Checkpoint::from_json(&saved.to_json()).unwrap();
    assert_eq!(resume(&json), continued, "through JSON");
    let bytes = Checkpoint::from_bytes(&saved.to_bytes()).unwrap();
    assert_eq!(resume(&bytes), continued, "through bytes");

    // And into the network that was captured, after it ran on.
    let (mut net, n, src) = network();
    net.init(0).unwrap();
    record(&mut net, n, src, 450);
    saved.restore_exact(&mut net).unwrap();
    net.resume_at(300).unwrap();
    assert_eq!(record(&mut net, n, src, 300), continued, "restored in place");
}

#[test]
fn without_a_streams_position_the_run_continues_differently() {
    let (saved, continued) = run_and_capture();
    for stream in STREAMS {
        let mut partial = saved.clone();
        partial.states.retain(|r| r.path != stream);
        let (mut net, n, src) = network();
        net.init(0).unwrap();
        let report = partial.restore(&mut net).unwrap();
        assert_eq!(report.missing, [stream]);
        net.resume_at(300).unwrap();
        assert_ne!(record(&mut net, n, src, 300), continued, "without {stream}");
    }
}
