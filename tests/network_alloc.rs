//! A network step allocates nothing: counted with a global allocator that tallies
//! every allocation of this test binary, on any thread.
//!
//! The binary has no libtest harness (`harness = false` in Cargo.toml): libtest's main thread
//! allocates at moments of its own choosing while a test runs, and this count would include them.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use neurodim::dynamics::connect::{ConnectionRule, FixedOutDegree, OneToOne, SynapseDelays};
use neurodim::dynamics::input::{EncodedRates, PoissonEncoder, PoissonInput, StepCurrent};
use neurodim::dynamics::network::Network;
use neurodim::dynamics::neuron::{LifRef, LifRefParams};
use neurodim::dynamics::output::{Coba, Cuba};
use neurodim::dynamics::projection::{AlignPost, Delta, OutputKind};
use neurodim::dynamics::synapse::ExponParams;
use neurodim::prelude::*;
use neurodim::state::init::Normal;
use neurodim::state::{Shape, StreamKey};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() {
    assert_runs_without_allocating(500, 1, 2000);
    // Large enough that each kernel is shared out between the threads (two grains of 8 192).
    #[cfg(feature = "parallel")]
    assert_runs_without_allocating(20_000, 2, 200);
}

/// Builds a network of `n` neurons with every kind of part — merged COBA synapses, a CUBA
/// synapse, per-projection and per-synapse delays, a delta projection, a waveform current,
/// Poisson inputs into V and g, a spike source with rates from a function of the step,
/// monitors — and checks that `steps` steps on `threads` threads allocate nothing.
fn assert_runs_without_allocating(n: usize, threads: usize, steps: u64) {
    let params = LifRefParams {
        tau: 20.0 * ms,
        v_rest: -60.0 * mV,
        v_th: -50.0 * mV,
        v_reset: -60.0 * mV,
        ..LifRefParams::default()
    };
    let neurons = LifRef::new(Shape::vector(n).unwrap(), params)
        .unwrap()
        .with_v_initializer(Normal::new(-55.0 * mV, 2.0 * mV).unwrap());
    let mut net = Network::new(0.1 * ms).unwrap();
    let pop = net.add_population("N", neurons).unwrap();
    net.set_current_waveform(pop, StepCurrent::new(20.0 * mA, 0.0 * ms, 1e3 * ms).unwrap())
        .unwrap();
    let topology = |name: &str| {
        FixedOutDegree::new(20).connect(n, n, &mut StreamKey::new(0, name).rng()).unwrap()
    };
    let expon = ExponParams { tau: 5.0 * ms };
    let coba = OutputKind::Coba(Coba::new(0.0 * mV).unwrap());
    for (name, delay) in [("A", 0.0), ("B", 1.5)] {
        let conn = topology(name).with_weight(0.1 * mS).unwrap();
        let delays = SynapseDelays::uniform(delay * ms, 0.1 * ms).unwrap();
        net.add_align_post(name, AlignPost::new(pop, pop, conn, expon, coba).with_delays(delays))
            .unwrap();
    }
    let conn = topology("C").with_weight(-0.1 * mS).unwrap();
    let per_synapse = (0..conn.topology().n_synapses()).map(|k| (k % 7) as f64 * 0.1 * ms);
    let delays = SynapseDelays::per_synapse(&per_synapse.collect::<Vec<_>>(), 0.1 * ms).unwrap();
    let cuba = OutputKind::Cuba(Cuba::default());
    net.add_align_post("C", AlignPost::new(pop, pop, conn, expon, cuba).with_delays(delays))
        .unwrap();
    let conn = topology("D").with_weight(0.05 * mV).unwrap();
    net.add_delta("D", Delta::new(pop.neurons(0..n), pop, conn)).unwrap();
    net.add_poisson_to_v("pv", pop, PoissonInput::new(n, 100, 10.0 * Hz, 0.1 * mV).unwrap())
        .unwrap();
    net.add_poisson_to_g("pg", "A", PoissonInput::new(n, 100, 10.0 * Hz, 0.1 * mS).unwrap())
        .unwrap();
    let image = EncodedRates::new(PoissonEncoder::new(n).unwrap(), |ctx, rates| {
        rates.fill((ctx.i % 100) as f64 * Hz);
    });
    let img = net.add_spike_source("img", image).unwrap();
    let conn = OneToOne.topology(n).unwrap().with_weight(0.1 * mS).unwrap();
    net.add_align_post("E", AlignPost::new(img, pop, conn, expon, coba)).unwrap();
    let spikes = net.monitor_spikes(pop).unwrap();
    net.monitor_state("N.V", &[0, 1], 10).unwrap();
    net.monitor_state("A.syn.g", &[0], 1).unwrap();
    net.set_threads(threads).unwrap();
    net.init(0).unwrap();
    net.reserve_monitors(steps + 10, n * (steps as usize + 10)).unwrap();

    if threads > 1 {
        // Each rayon worker allocates once more after it has started (`set_threads` waits for
        // that), on its first idle steal: a start-up cost of the pool, not of a step. A few
        // steps let that happen before the count.
        net.run(10).unwrap();
    }
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    net.run(steps).unwrap();
    let during = ALLOCATIONS.load(Ordering::Relaxed) - before;

    // Spikes must flow, or the delivery paths would not have been exercised.
    let fired = net.spike_monitor(spikes).unwrap().num_spikes();
    assert!(fired > n / 2, "only {fired} spikes");
    assert_eq!(during, 0, "{during} allocations in {steps} steps on {threads} thread(s)");
    println!("{n} neurons, {threads} thread(s), {steps} steps, {fired} spikes: no allocation");
}
