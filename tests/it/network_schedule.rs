//! The network engine's schedule, merging, state paths, reproducibility and rejections.
//!
//! Reference values are computed by hand from the schedule: a spike emitted in step
//! `n` reaches a synapse of `k = round(d / dt)` steps of delay at the start of step
//! `n + 1 + k`. The presynaptic neuron is brainstate's LIF test cell (τ = 10 ms, 1.5 mA,
//! dt = 0.1 ms), whose first spike is at step 109.

use neurodim::dynamics::DynError;
use neurodim::dynamics::connect::{
    ConnectionRule, FixedOutDegree, OneToOne, SynapseDelays, Topology,
};
use neurodim::dynamics::network::{Network, PopulationId};
use neurodim::dynamics::neuron::{Lif, LifParams, LifRef, LifRefParams};
use neurodim::dynamics::output::{Coba, Cuba};
use neurodim::dynamics::projection::{AlignPost, Delta, OutputKind};
use neurodim::dynamics::synapse::ExponParams;
use neurodim::prelude::*;
use neurodim::state::init::Normal;
use neurodim::state::{Checkpoint, Shape, StreamKey, list_states};

const DT_MS: f64 = 0.1;
/// The first spike of the driver cell.
const SPIKE_STEP: u64 = 109;

/// A network with one driver neuron that spikes at step 109 and a silent target population of
/// `n_post` LIF neurons at rest (V = 0, no input), so that anything reaching them shows.
fn driver_and_target(n_post: usize) -> (Network, PopulationId, PopulationId) {
    let mut net = Network::new(DT_MS * ms).unwrap();
    let driver = LifParams { tau: 10.0 * ms, ..LifParams::default() };
    let pre =
        net.add_population("pre", Lif::new(Shape::vector(1).unwrap(), driver).unwrap()).unwrap();
    net.set_current(pre, 1.5 * mA).unwrap();
    let target = LifParams { v_th: 1000.0 * mV, ..LifParams::default() };
    let post = net
        .add_population("post", Lif::new(Shape::vector(n_post).unwrap(), target).unwrap())
        .unwrap();
    (net, pre, post)
}

fn expon(tau_ms: f64) -> ExponParams {
    ExponParams { tau: tau_ms * ms }
}

fn cuba() -> OutputKind {
    OutputKind::Cuba(Cuba::new(1.0 * volt).unwrap())
}

/// `conn` from the driver to every target neuron listed (one synapse each).
fn fan_out(n_post: usize, targets: &[u32]) -> Topology {
    Topology::from_csr(1, n_post, vec![0, targets.len() as u32], targets.to_vec()).unwrap()
}

/// The step at which each element of the conductance `"syn.g"` first becomes nonzero.
fn first_nonzero_g(net: &mut Network, name: &str, n: usize, steps: u64) -> Vec<Option<u64>> {
    let mut first = vec![None; n];
    for _ in 0..steps {
        let step = net.step_index();
        net.step().unwrap();
        for (j, g) in net.conductance(name).unwrap().iter().enumerate() {
            if first[j].is_none() && g.value != 0.0 {
                first[j] = Some(step);
            }
        }
    }
    first
}

#[test]
fn a_spike_reaches_a_delayed_synapse_at_step_n_plus_one_plus_k() {
    for (delay_ms, k) in [(0.0, 0), (0.1, 1), (0.3, 3), (1.0, 10), (2.04, 20)] {
        let (mut net, pre, post) = driver_and_target(1);
        let conn = fan_out(1, &[0]).with_weight(2.0 * mS).unwrap();
        let delays = SynapseDelays::uniform(delay_ms * ms, DT_MS * ms).unwrap();
        net.add_align_post(
            "P",
            AlignPost::new(pre, post, conn, expon(5.0), cuba()).with_delays(delays),
        )
        .unwrap();
        net.init(0).unwrap();
        let first = first_nonzero_g(&mut net, "P", 1, 150);
        assert_eq!(first, [Some(SPIKE_STEP + 1 + k)], "delay {delay_ms} ms");
    }
}

#[test]
fn the_arriving_weight_is_added_after_the_decay() {
    // At the arrival step g = 0·decay + w exactly; one step later g = w + dt·exprel(−dt/τ)·(−w/τ).
    let (mut net, pre, post) = driver_and_target(1);
    let conn = fan_out(1, &[0]).with_weight(2.0 * mS).unwrap();
    net.add_align_post("P", AlignPost::new(pre, post, conn, expon(5.0), cuba())).unwrap();
    net.init(0).unwrap();
    net.run(SPIKE_STEP + 2).unwrap();
    assert_eq!(net.conductance("P").unwrap()[0], 2.0 * mS);
    net.step().unwrap();
    let z: f64 = -DT_MS / 5.0;
    let expected = 2.0 + DT_MS * exprel(z) * (-2.0 / 5.0);
    assert!((net.conductance("P").unwrap()[0].value_in(mS) - expected).abs() < 1e-15);
}

#[test]
fn per_synapse_delays_deliver_each_synapse_at_its_own_step() {
    let (mut net, pre, post) = driver_and_target(3);
    let conn = fan_out(3, &[0, 1, 2]).with_weight(1.0 * mS).unwrap();
    let delays = SynapseDelays::per_synapse(&[0.0 * ms, 0.5 * ms, 1.2 * ms], DT_MS * ms).unwrap();
    net.add_align_post(
        "P",
        AlignPost::new(pre, post, conn, expon(5.0), cuba()).with_delays(delays),
    )
    .unwrap();
    net.init(0).unwrap();
    let first = first_nonzero_g(&mut net, "P", 3, 150);
    assert_eq!(first, [Some(110), Some(115), Some(122)]);
}

#[test]
fn without_delay_a_spike_changes_the_post_potential_in_the_next_step() {
    // brainstate's COBA/CUBA examples: the spike of step n acts on V in step n + 1.
    let (mut net, pre, post) = driver_and_target(1);
    let conn = fan_out(1, &[0]).with_weight(2.0 * mS).unwrap();
    net.add_align_post("P", AlignPost::new(pre, post, conn, expon(5.0), cuba())).unwrap();
    let v = net.monitor_state("post.V", &[0], 1).unwrap();
    net.init(0).unwrap();
    net.run(SPIKE_STEP + 3).unwrap();
    let trace: Vec<f64> = net.voltage_trace(v).unwrap().trace(0).map(|v| v.value_in(mV)).collect();
    assert!(trace[..=SPIKE_STEP as usize].iter().all(|&v| v == 0.0));
    // Step 110: g = 2 mS, I = g·1 V = 2 mA, R·I = 2 mV; from V = 0 one exponential-Euler step
    // of τ = 5 ms (LIF's default): V = dt·exprel(−dt/τ)·(2 mV)/τ.
    let expected = DT_MS * exprel(-DT_MS / 5.0) * 2.0 / 5.0;
    assert!((trace[110] - expected).abs() < 1e-15, "{}", trace[110]);
}

#[test]
fn a_conductance_output_acts_in_the_next_step_through_its_slope() {
    // COBA with E = 10 mV onto V = 0: f = R·g·E/τ and J = (−1 − R·g)/τ at step 110, so
    // V = dt·exprel(dt·J)·f (one exponential-Euler step, exact for this linear ODE).
    let (mut net, pre, post) = driver_and_target(1);
    let conn = fan_out(1, &[0]).with_weight(2.0 * mS).unwrap();
    let out = OutputKind::Coba(Coba::new(10.0 * mV).unwrap());
    net.add_align_post("P", AlignPost::new(pre, post, conn, expon(5.0), out)).unwrap();
    let v = net.monitor_state("post.V", &[0], 1).unwrap();
    net.init(0).unwrap();
    net.run(SPIKE_STEP + 2).unwrap();
    let trace: Vec<f64> = net.voltage_trace(v).unwrap().trace(0).map(|v| v.value_in(mV)).collect();
    assert!(trace[..=SPIKE_STEP as usize].iter().all(|&v| v == 0.0));
    let (r_g, tau) = (2e-3, 5.0); // R·g = 1 Ω · 2 mS
    let expected = DT_MS * exprel(DT_MS * (-1.0 - r_g) / tau) * (r_g * 10.0) / tau;
    assert!((trace[110] - expected).abs() < 1e-15, "{} vs {expected}", trace[110]);
}

#[test]
fn delta_projections_jump_the_potential_after_integration() {
    for (delay_ms, k) in [(0.0, 0u64), (0.5, 5)] {
        let (mut net, pre, post) = driver_and_target(2);
        let conn = fan_out(2, &[1]).with_weight(0.75 * mV).unwrap();
        let delays = SynapseDelays::uniform(delay_ms * ms, DT_MS * ms).unwrap();
        net.add_delta("D", Delta::new(pre, post, conn).with_delays(delays)).unwrap();
        let v = net.monitor_state("post.V", &[0, 1], 1).unwrap();
        net.init(0).unwrap();
        net.run(130).unwrap();
        let trace = net.voltage_trace(v).unwrap();
        let arrival = (SPIKE_STEP + 1 + k) as usize;
        let v1: Vec<f64> = trace.trace(1).map(|v| v.value_in(mV)).collect();
        assert!(v1[..arrival].iter().all(|&v| v == 0.0));
        // From V = 0 without input the integration leaves 0, and the jump is added after it.
        assert_eq!(v1[arrival], 0.75);
        assert!(trace.trace(0).all(|v| v.value == 0.0));
    }
}

#[test]
fn projections_with_equal_synapse_and_output_values_share_one_state() {
    let (mut net, pre, post) = driver_and_target(2);
    let add = |net: &mut Network, name: &str, target: u32, tau: f64, out: OutputKind| {
        let conn = fan_out(2, &[target]).with_weight(1.0 * mS).unwrap();
        net.add_align_post(name, AlignPost::new(pre, post, conn, expon(tau), out)).unwrap();
    };
    add(&mut net, "A", 0, 5.0, cuba());
    add(&mut net, "B", 1, 5.0, cuba()); // equal values: merged into A's state
    add(&mut net, "C", 0, 10.0, cuba()); // another τ
    add(&mut net, "D", 0, 5.0, OutputKind::Coba(Coba::new(0.0 * mV).unwrap())); // another output
    let paths: Vec<String> = list_states(&net).into_iter().map(|info| info.path).collect();
    // one synapse state per group; each projection keeps its own weights
    let groups = ["A.syn.g", "C.syn.g", "D.syn.g"];
    let weights = ["A.w", "B.w", "C.w", "D.w"];
    let neurons = ["pre.V", "pre.spike", "post.V", "post.spike"];
    assert_eq!(paths, [&neurons[..], &groups, &weights].concat());
    net.init(0).unwrap();
    net.run(SPIKE_STEP + 2).unwrap();
    // A and B both arrived in the shared g, each at its own target.
    assert_eq!(net.conductance("A").unwrap(), &[1.0 * mS, 1.0 * mS]);
    assert_eq!(net.conductance("C").unwrap(), &[1.0 * mS, 0.0 * mS]);
    assert!(net.conductance("B").is_none());
    assert!(net.monitor_state("B.syn.g", &[0], 1).is_err());
    assert!(net.monitor_state("A.syn.g", &[0], 1).is_ok());
}

/// A small COBA-like network (400 neurons, 80 targets each) from one seed; with `delayed`,
/// E has a 1.5 ms delay and I per-synapse delays of 0–0.6 ms.
fn small_coba(seed: u64, delayed: bool) -> (Network, PopulationId) {
    let params = LifRefParams {
        tau: 20.0 * ms,
        tau_ref: 5.0 * ms,
        v_rest: -60.0 * mV,
        v_th: -50.0 * mV,
        v_reset: -60.0 * mV,
        ..LifRefParams::default()
    };
    let neurons = LifRef::new(Shape::vector(400).unwrap(), params)
        .unwrap()
        .with_v_initializer(Normal::new(-55.0 * mV, 2.0 * mV).unwrap());
    let mut net = Network::new(DT_MS * ms).unwrap();
    let pop = net.add_population("N", neurons).unwrap();
    net.set_current(pop, 20.0 * mA).unwrap();
    for (name, range, w, tau, e) in
        [("E", 0..320, 0.6 * mS, 5.0, 0.0 * mV), ("I", 320..400, 6.7 * mS, 10.0, -80.0 * mV)]
    {
        let conn = FixedOutDegree::new(80)
            .connect(range.len(), 400, &mut StreamKey::new(seed, name).rng())
            .unwrap()
            .with_weight(w)
            .unwrap();
        let out = OutputKind::Coba(Coba::new(e).unwrap());
        let delays = match (delayed, name) {
            (false, _) => SynapseDelays::none(),
            (true, "E") => SynapseDelays::uniform(1.5 * ms, DT_MS * ms).unwrap(),
            (true, _) => {
                let times: Vec<Time> = (0..conn.topology().n_synapses())
                    .map(|k| (k % 7) as f64 * (DT_MS * ms))
                    .collect();
                SynapseDelays::per_synapse(&times, DT_MS * ms).unwrap()
            }
        };
        let projection = AlignPost::new(pop.neurons(range), pop, conn, expon(tau), out);
        net.add_align_post(name, projection.with_delays(delays)).unwrap();
    }
    (net, pop)
}

fn spike_list(net: &mut Network, pop: PopulationId, steps: u64) -> Vec<(u64, u32)> {
    let mut out = Vec::new();
    for _ in 0..steps {
        let step = net.step_index();
        net.step().unwrap();
        let fired = net.spikes(pop).unwrap();
        out.extend(fired.iter().enumerate().filter(|(_, f)| **f).map(|(j, _)| (step, j as u32)));
    }
    out
}

#[test]
fn one_seed_reproduces_a_run_bit_for_bit() {
    let run = |seed| {
        let (mut net, pop) = small_coba(seed, false);
        net.init(seed).unwrap();
        spike_list(&mut net, pop, 1000)
    };
    let first = run(3);
    assert!(first.len() > 1000, "{} spikes", first.len());
    assert_eq!(first, run(3));
    assert_ne!(first, run(4));
}

#[test]
fn reset_restarts_the_same_run() {
    let (mut net, pop) = small_coba(0, false);
    net.init(0).unwrap();
    let first = spike_list(&mut net, pop, 600);
    net.reset().unwrap();
    assert_eq!(net.step_index(), 0);
    assert_eq!(spike_list(&mut net, pop, 600), first);
}

#[test]
fn a_checkpoint_continues_a_run_bit_for_bit_with_or_without_delays() {
    for delayed in [false, true] {
        let (mut net, pop) = small_coba(0, delayed);
        net.init(0).unwrap();
        spike_list(&mut net, pop, 500);
        let saved = Checkpoint::capture(&net);
        let continued = spike_list(&mut net, pop, 500);

        let (mut other, pop) = small_coba(0, delayed);
        other.init(99).unwrap(); // other initial values, overwritten by the checkpoint
        saved.restore_exact(&mut other).unwrap();
        other.resume_at(500).unwrap();
        assert_eq!(spike_list(&mut other, pop, 500), continued, "delayed: {delayed}");
    }
}

#[test]
fn delayed_projections_keep_a_spike_history_state() {
    let (net, _) = small_coba(0, true);
    let paths: Vec<String> = list_states(&net).into_iter().map(|info| info.path).collect();
    assert_eq!(
        paths,
        [
            "N.V",
            "N.last_spike_time",
            "N.spike",
            "N.spike_history",
            "E.syn.g",
            "I.syn.g",
            "E.w",
            "I.w"
        ]
    );
}

#[test]
fn sizes_that_disagree_are_rejected() {
    let (mut net, pre, post) = driver_and_target(4);
    let wide = OneToOne.topology(4).unwrap().with_weight(1.0 * mS).unwrap();
    let e = net
        .add_align_post("X", AlignPost::new(pre, post, wide.clone(), expon(5.0), cuba()))
        .unwrap_err();
    assert_eq!(
        e,
        DynError::SizeMismatch {
            what: "connectivity n_pre (the source)".into(),
            expected: 1,
            found: 4
        }
    );
    let e =
        net.add_align_post("X", AlignPost::new(post, pre, wide, expon(5.0), cuba())).unwrap_err();
    assert!(matches!(e, DynError::SizeMismatch { expected: 1, found: 4, .. }), "{e}");
    let narrow = fan_out(2, &[0]).with_weight(1.0 * mS).unwrap();
    let e =
        net.add_align_post("X", AlignPost::new(pre, post, narrow, expon(5.0), cuba())).unwrap_err();
    assert!(e.to_string().contains("n_post"), "{e}");
    let one = fan_out(1, &[0]).with_weight(1.0 * mV).unwrap();
    let e = net.add_delta("X", Delta::new(post.neurons(3..5), pre, one)).unwrap_err();
    assert!(matches!(e, DynError::IndexOutOfRange { index: 5, .. }), "{e}");
    let e = net.set_currents(post, vec![1.0 * mA; 3]).unwrap_err();
    assert!(matches!(e, DynError::SizeMismatch { expected: 4, found: 3, .. }), "{e}");
    // Synapse parameters are validated when the state is built.
    let ok = fan_out(4, &[0]).with_weight(1.0 * mS).unwrap();
    assert!(net.add_align_post("X", AlignPost::new(pre, post, ok, expon(-5.0), cuba())).is_err());
}

#[test]
fn names_ids_and_monitored_states_are_checked() {
    let (mut net, pre, post) = driver_and_target(1);
    let conn = fan_out(1, &[0]).with_weight(1.0 * mS).unwrap();
    net.add_align_post("P", AlignPost::new(pre, post, conn.clone(), expon(5.0), cuba())).unwrap();
    let e = net.add_align_post("P", AlignPost::new(pre, post, conn.clone(), expon(5.0), cuba()));
    assert!(e.unwrap_err().to_string().contains("unique"));
    assert!(
        net.add_align_post("pre", AlignPost::new(pre, post, conn, expon(5.0), cuba())).is_err()
    );
    for path in ["post.W", "nobody.V", "P.syn.h", "P", ""] {
        let e = net.monitor_state(path, &[0], 1).unwrap_err();
        assert!(e.to_string().contains("monitored state"), "{path}: {e}");
    }
    assert!(net.monitor_state("post.V", &[1], 1).is_err()); // index out of range
    let (mut other, _, _) = driver_and_target(1);
    other
        .add_population("third", Lif::new(Shape::vector(1).unwrap(), LifParams::default()).unwrap())
        .unwrap();
    let foreign = other
        .add_population(
            "fourth",
            Lif::new(Shape::vector(1).unwrap(), LifParams::default()).unwrap(),
        )
        .unwrap();
    // An id of another network is refused as such, whatever its index.
    let refused = net.monitor_spikes(foreign);
    assert!(matches!(refused, Err(DynError::ForeignId { what: "population", .. })));
    assert!(net.spikes(foreign).is_err());
}

#[test]
fn stepping_before_init_is_an_error() {
    let (mut net, _, _) = driver_and_target(1);
    assert!(net.step().is_err());
}

#[test]
fn the_current_only_path_of_cuba_equals_the_linear_drive_bit_for_bit() {
    // A CUBA-only population takes the fast path (CUBA currents joined to the external
    // current); adding a COBA projection of weight 0 forces the general path (a synaptic drive
    // with slope −g = 0). The potentials must agree exactly.
    let run = |force_linear: bool| {
        let params = LifRefParams {
            tau: 20.0 * ms,
            v_rest: -49.0 * mV,
            v_th: -50.0 * mV,
            v_reset: -60.0 * mV,
            ..LifRefParams::default()
        };
        let neurons = LifRef::new(Shape::vector(400).unwrap(), params)
            .unwrap()
            .with_v_initializer(Normal::new(-55.0 * mV, 2.0 * mV).unwrap());
        let mut net = Network::new(DT_MS * ms).unwrap();
        let pop = net.add_population("N", neurons).unwrap();
        net.set_current(pop, 20.0 * mA).unwrap();
        let connect = |name: &str, w: Conductance| {
            FixedOutDegree::new(20)
                .connect(400, 400, &mut StreamKey::new(0, name).rng())
                .unwrap()
                .with_weight(w)
                .unwrap()
        };
        let cuba = OutputKind::Cuba(Cuba::new(1.0 * volt).unwrap());
        let conn = connect("C", 1.62 * mS);
        net.add_align_post("C", AlignPost::new(pop, pop, conn, expon(5.0), cuba)).unwrap();
        if force_linear {
            let coba = OutputKind::Coba(Coba::new(0.0 * mV).unwrap());
            let zero = connect("Z", 0.0 * mS);
            net.add_align_post("Z", AlignPost::new(pop, pop, zero, expon(3.0), coba)).unwrap();
        }
        let v = net.monitor_state("N.V", &(0..400).collect::<Vec<_>>(), 1).unwrap();
        net.init(0).unwrap();
        net.run(500).unwrap();
        let spikes = net.spikes(pop).unwrap().to_vec();
        (net.voltage_trace(v).unwrap().values().to_vec(), spikes)
    };
    let (fast, general) = (run(false), run(true));
    assert!(fast.0.iter().any(|v| v.value != fast.0[0].value));
    assert_eq!(fast, general);
}

#[test]
fn resuming_before_init_is_an_error_not_a_panic() {
    let (mut delayed, _) = small_coba(0, true);
    assert!(delayed.resume_at(50).is_err()); // the spike history has no values yet
    let (mut net, _) = small_coba(0, false);
    net.resume_at(50).unwrap();
    assert!(net.step().is_err());
}
