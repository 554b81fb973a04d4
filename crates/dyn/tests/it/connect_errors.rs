//! Every bad input to the connect module is an error that names the parameter, the value and
//! the rule (or the sizes), never a panic.

use neurodim_dyn::DynError;
use neurodim_dyn::connect::*;
use neurodim_state::StreamKey;
use neurodim_units::*;

fn rng() -> neurodim_state::StreamRng {
    StreamKey::new(0, "errors").rng()
}

fn message<T: core::fmt::Debug>(r: Result<T, DynError>) -> String {
    r.unwrap_err().to_string()
}

#[test]
fn population_sizes_must_be_positive_and_fit_u32() {
    let rng = &mut rng();
    let p = Probability::new(0.1).unwrap();
    let zero_pre = "invalid n_pre: 0 (must be >= 1)";
    let zero_post = "invalid n_post: 0 (must be >= 1)";
    assert_eq!(message(FixedOutDegree::new(1).connect(0, 5, rng)), zero_pre);
    assert_eq!(message(FixedOutDegree::new(1).connect(5, 0, rng)), zero_post);
    assert_eq!(message(FixedInDegree::new(1).connect(0, 5, rng)), zero_pre);
    assert_eq!(message(PairwiseBernoulli::new(p).connect(5, 0, rng)), zero_post);
    assert_eq!(message(AllToAll::new().topology(0, 1)), zero_pre);
    assert_eq!(message(OneToOne.topology(0)), "invalid n: 0 (must be >= 1)");
    assert_eq!(
        message(OneToOne.connect(3, 4, rng)),
        "invalid n_post: 4 for 3 sources (one-to-one needs as many targets as sources)"
    );
    assert_eq!(
        message(FixedOutDegree::new(1).connect(1 << 33, 5, rng)),
        "invalid n_pre: 8589934592 (must fit a u32 index (<= 4294967295))"
    );
    assert_eq!(message(EventLinear::scalar(0, 3, 1.0)), "invalid n_in: 0 (must be >= 1)");
    assert_eq!(message(EventLinear::scalar(3, 0, 1.0)), "invalid n_out: 0 (must be >= 1)");
}

/// A probability outside [0, 1] or NaN cannot be made, so no rule can receive one.
#[test]
fn probabilities_outside_the_unit_interval_are_rejected() {
    for p in [-0.1, 1.01, f64::NAN] {
        assert!(Probability::new(p).is_err(), "{p}");
    }
    let e = Probability::new(1.5).unwrap_err();
    assert_eq!(e.to_string(), "invalid probability: 1.5 (must lie in [0, 1])");
}

#[test]
fn a_degree_that_cannot_be_met_is_rejected() {
    let no_multapses = FixedOutDegree::new(11).multapses(false);
    assert!(
        message(no_multapses.connect(3, 10, &mut rng()))
            .starts_with("invalid degree: 11 (must be <=")
    );
    // Without self-connections only n_post − 1 distinct targets exist for i < n_post.
    let rule = FixedOutDegree::new(10).multapses(false).self_connections(false);
    assert!(message(rule.connect(3, 10, &mut rng())).starts_with("invalid degree: 10 (must be <="));
    // With multapses but no self-connection, a single post neuron leaves no candidate.
    let rule = FixedOutDegree::new(1).self_connections(false);
    assert_eq!(
        message(rule.connect(3, 1, &mut rng())),
        "invalid degree: 1 (needs at least one candidate besides the neuron itself)"
    );
    let rule = FixedInDegree::new(5).multapses(false);
    assert!(message(rule.connect(4, 10, &mut rng())).starts_with("invalid degree: 5 (must be <="));
    // Too many synapses for the u32 CSR is refused before anything is allocated.
    let rule = FixedOutDegree::new(100_000);
    assert_eq!(
        message(rule.connect(100_000, 100_000, &mut rng())),
        "invalid degree: 100000 (gives more than 4294967295 synapses in total)"
    );
    assert_eq!(
        message(AllToAll::new().topology(100_000, 100_000)),
        "invalid number of synapses: 10000000000 (must be <= 4294967295)"
    );
    let dense = PairwiseBernoulli::new(Probability::new(0.5).unwrap());
    assert_eq!(
        message(dense.connect(100_000, 100_000, &mut rng())),
        "invalid number of synapses: 5000000000 (must be <= 4294967295)"
    );
}

#[test]
fn malformed_csr_arrays_are_rejected() {
    assert_eq!(
        message(Topology::from_csr(2, 2, vec![0, 1], vec![0])),
        "CSR offsets: expected size 3, found 2"
    );
    assert_eq!(
        message(Topology::from_csr(1, 2, vec![1, 1], vec![0])),
        "invalid offsets[0]: 1 (must be 0)"
    );
    assert!(
        message(Topology::from_csr(2, 2, vec![0, 2, 1], vec![0])).contains("must not decrease")
    );
    assert_eq!(
        message(Topology::from_csr(1, 2, vec![0, 2], vec![0])),
        "CSR targets (offsets[n_pre]): expected size 2, found 1"
    );
    assert_eq!(
        message(Topology::from_csr(1, 2, vec![0, 1], vec![2])),
        "target of synapse 0: index 2 out of range 0..2"
    );
}

#[test]
fn explicit_lists_with_an_index_out_of_range_are_rejected() {
    assert_eq!(
        message(Topology::from_pairs(2, 3, &[(0, 0), (2, 1)])),
        "pre of synapse 1: index 2 out of range 0..2"
    );
    assert_eq!(
        message(Connectivity::from_triples(2, 3, &[(0, 3, 1.0)])),
        "post of synapse 0: index 3 out of range 0..3"
    );
    assert_eq!(message(Topology::from_pairs(0, 3, &[])), "invalid n_pre: 0 (must be >= 1)");
}

#[test]
fn weights_must_be_finite_and_one_per_synapse() {
    let t = OneToOne.topology(2).unwrap();
    assert!(message(t.clone().with_weight(f64::NAN * nS)).starts_with("invalid weight:"));
    assert!(message(t.clone().with_weight(f64::INFINITY)).ends_with("(must be finite)"));
    assert_eq!(
        message(Connectivity::new(t.clone(), Weights::PerSynapse(vec![1.0; 3]))),
        "per-synapse weights: expected size 2, found 3"
    );
    assert!(
        message(Connectivity::new(t, Weights::PerSynapse(vec![1.0, f64::NAN])))
            .ends_with("(must be finite)")
    );
    assert!(message(Connectivity::from_triples(1, 1, &[(0, 0, f64::NAN)])).contains("weight"));
    assert_eq!(
        message(EventLinear::matrix(2, 2, vec![1.0; 3])),
        "weight matrix [n_in, n_out]: expected size 4, found 3"
    );
    assert!(message(EventLinear::scalar(2, 2, f64::NAN)).starts_with("invalid weight:"));
}

#[test]
fn propagation_buffers_of_the_wrong_size_are_rejected() {
    let c = Topology::from_pairs(3, 2, &[(0, 1)]).unwrap().with_weight(1.0).unwrap();
    let mut post = [0.0; 2];
    assert_eq!(
        message(c.propagate(&[true; 4], &mut post)),
        "spikes (a positive multiple of the population size): expected size 3, found 4"
    );
    assert!(c.propagate::<bool>(&[], &mut post).is_err());
    assert_eq!(
        message(c.propagate(&[true; 6], &mut post)),
        "post accumulator: expected size 4, found 2"
    );
    assert_eq!(
        message(c.propagate_indices(&[0], &mut [0.0; 3])),
        "post accumulator: expected size 2, found 3"
    );
    assert_eq!(
        message(c.propagate_indices(&[0, 3], &mut post)),
        "spiking source: index 3 out of range 0..3"
    );
    assert_eq!(post, [0.0, 0.0], "nothing is added when the list is rejected");
    let layer = EventLinear::scalar(2, 3, 1.0).unwrap();
    assert_eq!(
        message(layer.apply(&[true; 2], &mut [0.0; 2])),
        "layer output: expected size 3, found 2"
    );
    assert!(layer.apply(&[true; 3], &mut [0.0; 3]).is_err());
}

#[test]
fn bad_delays_are_rejected() {
    let dt = 0.1 * ms;
    assert_eq!(
        message(SynapseDelays::uniform(-0.5 * ms, dt)),
        "invalid delay: -0.5 ms (must be >= 0)"
    );
    assert_eq!(
        message(SynapseDelays::uniform(f64::NAN * ms, dt)),
        "invalid delay: NaN ms (must be finite)"
    );
    assert!(message(SynapseDelays::uniform(f64::INFINITY * ms, dt)).ends_with("(must be finite)"));
    assert_eq!(
        message(SynapseDelays::uniform(1.0 * ms, 0.0 * ms)),
        "invalid dt: 0 ms (must be > 0)"
    );
    assert_eq!(
        message(SynapseDelays::uniform(1.0 * ms, -0.1 * ms)),
        "invalid dt: -0.1 ms (must be > 0)"
    );
    assert_eq!(
        message(SynapseDelays::uniform(6553.6 * ms, dt)),
        "invalid delay: 6553.6 ms (must be at most 65535 steps of dt)"
    );
    assert_eq!(SynapseDelays::uniform(6553.5 * ms, dt).unwrap().max_steps(), 65535);
    assert!(message(SynapseDelays::per_synapse(&[1.0 * ms, -1.0 * ms], dt)).contains("delay"));
}

#[test]
fn delivery_misuse_is_rejected() {
    let conn = OneToOne.topology(2).unwrap().with_weight(1.0).unwrap();
    assert_eq!(
        message(DelayedDelivery::new(
            conn.clone(),
            SynapseDelays::from_steps(DelaySteps::PerSynapse(vec![0; 3]))
        )),
        "per-synapse delays: expected size 2, found 3"
    );
    let ring =
        DelayedDelivery::new(conn, SynapseDelays::from_steps(DelaySteps::Uniform(2))).unwrap();
    assert_eq!(message(ring.clone().batched(0)), "invalid batch: 0 (must be >= 1)");

    let mut ring = ring;
    assert!(
        message(ring.deliver(0, &[true, false])).contains("deliver must name the step last taken")
    );
    assert!(message(ring.take(1)).starts_with("invalid step: 1"));
    ring.take(0).unwrap();
    assert!(message(ring.take(0)).starts_with("invalid step: 0"));
    assert!(message(ring.deliver(1, &[true, false])).starts_with("invalid step: 1"));
    assert_eq!(message(ring.deliver(0, &[true])), "spikes: expected size 2, found 1");
    assert_eq!(message(ring.deliver_indices(0, &[2])), "spiking source: index 2 out of range 0..2");
    let mut batched = ring.clone().batched(2).unwrap();
    batched.take(0).unwrap();
    assert_eq!(
        message(batched.deliver_indices(0, &[0])),
        "batch (spike lists are unbatched): expected size 1, found 2"
    );
    // After the rejections, the ring still works: a spike of step 0 arrives at step 3.
    ring.deliver(0, &[true, false]).unwrap();
    let arrivals: Vec<Vec<f64>> = (1..5)
        .map(|n| {
            let due = ring.take(n).unwrap().to_vec();
            ring.deliver(n, &[false, false]).unwrap();
            due
        })
        .collect();
    assert_eq!(arrivals, [vec![0.0, 0.0], vec![0.0, 0.0], vec![1.0, 0.0], vec![0.0, 0.0]]);
}
