//! Static projections onto the spike-weight ports of NEST's models in a network: spikes in
//! flight survive a checkpoint, threads change nothing, the plan never fuses the neurons with
//! a loop that has no ports, and weights of the wrong kind or of mixed signs are refused.

use neurodim_dyn::connect::Weights;
use neurodim_dyn::network::StepPlan;
use neurodim_dyn::prelude::*;
use neurodim_state::init::Uniform;
use neurodim_state::{Checkpoint, StreamKey};
use neurodim_units::prelude::*;

/// 400 `iaf_psc_exp` neurons driven above threshold, recurrent excitation and inhibition
/// through static synapses with NEST's delays of 1–3 ms (per synapse).
fn network() -> (Network, PopulationId) {
    let mut net = Network::new(0.1 * ms).unwrap();
    let params = IafPscExpParams { i_e: 400.0 * pA, ..IafPscExpParams::default() };
    let init = Uniform::new(-70.0 * mV, -56.0 * mV).unwrap();
    let pop = net
        .add_population("P", IafPscExp::new(400, params).unwrap().with_v_initializer(init))
        .unwrap();
    for (name, range, w) in [("EE", 0..320, 300.0 * pA), ("IE", 320..400, -900.0 * pA)] {
        let n = range.len();
        let mut rng = StreamKey::new(7, name).rng();
        let topology = FixedInDegree::new(20).connect(n, 400, &mut rng).unwrap();
        let delays: Vec<Time> =
            (0..topology.n_synapses()).map(|s| (1.0 + (s % 21) as f64 * 0.1) * ms).collect();
        let delays = SynapseDelays::nest_per_synapse(&delays, net.dt()).unwrap();
        let synapses =
            StaticSynapses::new(pop.neurons(range), pop, topology.with_weight(w).unwrap());
        net.add_static_synapses(name, synapses.with_delays(delays)).unwrap();
    }
    (net, pop)
}

/// The spikes (step, neuron) of the next `steps` steps, and V after them.
fn run(net: &mut Network, pop: PopulationId, steps: u64) -> (Vec<(u64, u32)>, Vec<Voltage>) {
    let monitor = net.monitor_spikes(pop).unwrap();
    net.run(steps).unwrap();
    let spikes = net.spike_monitor(monitor).unwrap();
    let fired = spikes.spike_steps().iter().copied().zip(spikes.spike_indices().iter().copied());
    (fired.collect(), net.neurons(pop).unwrap().v().to_vec())
}

#[test]
fn a_checkpoint_continues_with_the_spikes_in_flight() {
    let (mut net, pop) = network();
    net.init(1).unwrap();
    net.run(300).unwrap();
    let saved: Checkpoint = net.checkpoint();
    let through = run(&mut net, pop, 300);
    assert!(through.0.len() > 100, "{} spikes", through.0.len());
    let (mut again, pop) = network();
    again.init(1).unwrap();
    again.restore(&saved).unwrap();
    assert_eq!(through, run(&mut again, pop, 300));
}

#[cfg(feature = "parallel")]
#[test]
fn threads_change_nothing() {
    let on = |threads: usize| {
        let (mut net, pop) = network();
        net.set_threads(threads).unwrap();
        net.init(1).unwrap();
        run(&mut net, pop, 400)
    };
    assert_eq!(on(1), on(2));
}

/// With exponential synapses into the same population the neurons are stepped through a drive
/// with the ports (fused synapses), not in the one loop, whose inputs have none.
#[test]
fn the_plan_keeps_the_ports() {
    let (mut net, pop) = network();
    let topology =
        FixedOutDegree::new(10).connect(400, 400, &mut StreamKey::new(0, "c").rng()).unwrap();
    let align = AlignPost::new(
        pop,
        pop,
        topology.with_weight(0.1 * nS).unwrap(),
        ExponParams { tau: 5.0 * ms },
        OutputKind::Coba(Coba::new(0.0 * mV).unwrap()),
    );
    net.add_align_post("A", align).unwrap();
    assert_eq!(net.plan().populations[0].step, StepPlan::FusedSynapses { channels: 1 });
}

#[test]
fn weights_of_the_wrong_kind_or_of_both_signs_are_refused() {
    let mut net = Network::new(0.1 * ms).unwrap();
    let delta = net
        .add_population("D", IafPscDelta::new(2, IafPscDeltaParams::default()).unwrap())
        .unwrap();
    let exp =
        net.add_population("E", IafPscExp::new(2, IafPscExpParams::default()).unwrap()).unwrap();
    let one_to_one = || OneToOne.topology(2).unwrap();
    let error = net
        .add_static_synapses(
            "A",
            StaticSynapses::new(delta, delta, one_to_one().with_weight(1.0 * pA).unwrap()),
        )
        .unwrap_err();
    assert_eq!(error.param(), Some("weight"));
    assert!(
        error.to_string().contains("iaf_psc_delta") || error.to_string().contains("\"D\""),
        "{error}"
    );
    let error = net
        .add_static_synapses(
            "B",
            StaticSynapses::new(exp, exp, one_to_one().with_weight(1.0 * nS).unwrap()),
        )
        .unwrap_err();
    assert_eq!(error.param(), Some("weight"));
    let mixed =
        Connectivity::new(one_to_one(), Weights::PerSynapse(vec![1.0 * pA, -1.0 * pA])).unwrap();
    let error = net.add_static_synapses("C", StaticSynapses::new(exp, exp, mixed)).unwrap_err();
    assert_eq!(error.param(), Some("weight"));
    // refused before anything was added
    assert!(
        net.add_static_synapses(
            "A",
            StaticSynapses::new(exp, exp, one_to_one().with_weight(1.0 * pA).unwrap())
        )
        .is_ok()
    );
}
