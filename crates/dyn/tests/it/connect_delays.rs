//! Delayed delivery: hand-computed traces of the schedule "a spike of step n reaches a
//! synapse of k = round(d / dt) steps at the start of step n + 1 + k", and a
//! property test against a direct reference.

use neurodim_dyn::connect::*;
use neurodim_state::StreamKey;
use neurodim_units::*;
use proptest::prelude::*;

/// Runs `steps` steps of take-then-deliver; `spikes_at(n)` are the spikes emitted in step n.
/// Returns what `take(n)` gave in each step.
fn run<W: SynapticWeight>(
    ring: &mut DelayedDelivery<W>,
    steps: u64,
    spikes_at: impl Fn(u64) -> Vec<bool>,
) -> Vec<Vec<W>> {
    (0..steps)
        .map(|n| {
            let due = ring.take(n).unwrap().to_vec();
            ring.deliver(n, &spikes_at(n)).unwrap();
            due
        })
        .collect()
}

/// d = 0 (brainstate's COBA/CUBA examples): a spike acts in the next step, once.
#[test]
fn zero_delay_delivers_in_the_next_step() {
    let conn = Topology::from_pairs(2, 2, &[(0, 1), (1, 0), (1, 1)]).unwrap().with_weight(0.6 * nS);
    let mut ring =
        DelayedDelivery::new(conn.unwrap(), SynapseDelays::uniform(0.0 * ms, 0.1 * ms).unwrap())
            .unwrap();
    let seen = run(&mut ring, 5, |n| vec![n == 1, n == 1 || n == 2]);
    let zero = 0.0 * nS;
    let w = 0.6 * nS;
    assert_eq!(seen[0], [zero, zero]);
    assert_eq!(seen[1], [zero, zero]);
    assert_eq!(seen[2], [w, w + w]); // step 1: source 0 → 1, source 1 → {0, 1}
    assert_eq!(seen[3], [w, w]); // step 2: source 1 only
    assert_eq!(seen[4], [zero, zero]);
}

/// d = 1.0 ms at dt = 0.1 ms: 10 steps. Spikes in steps 0, 1 and 5 arrive at 11, 12 and 16,
/// each once, including after the ring (11 slots) has wrapped.
#[test]
fn uniform_delay_of_ten_steps() {
    let conn = OneToOne.topology(1).unwrap().with_weight(2.0 * mV).unwrap();
    let delays = SynapseDelays::uniform(1.0 * ms, 0.1 * ms).unwrap();
    assert_eq!(delays.steps(), &DelaySteps::Uniform(10));
    let mut ring = DelayedDelivery::new(conn, delays).unwrap();
    let seen = run(&mut ring, 30, |n| vec![matches!(n, 0 | 1 | 5)]);
    for (n, due) in seen.iter().enumerate() {
        let expected = if matches!(n, 11 | 12 | 16) { 2.0 * mV } else { 0.0 * mV };
        assert_eq!(due[0], expected, "step {n}");
    }
}

/// Mixed per-synapse delays on one projection, dt = 0.5 ms:
///
/// | synapse | pre → post | weight | delay  | steps |
/// |---------|------------|--------|--------|-------|
/// | 0       | 0 → 0      | 1      | 0 ms   | 0     |
/// | 1       | 0 → 1      | 10     | 1.0 ms | 2     |
/// | 2       | 0 → 1      | 100    | 2.5 ms | 5     |
/// | 3       | 1 → 2      | 1000   | 1.0 ms | 2     |
/// | 4       | 1 → 0      | 10000  | 0.5 ms | 1     |
///
/// Spikes: source 0 in steps 0 and 4, source 1 in steps 0 and 3. Arrivals (step n + 1 + k):
/// s0@0 → post 0 at 1 (1), post 1 at 3 (10) and 6 (100); s1@0 → post 2 at 3 (1000), post 0 at
/// 2 (10000); s1@3 → post 2 at 6, post 0 at 5; s0@4 → post 0 at 5, post 1 at 7 and 10.
#[test]
fn mixed_per_synapse_delays_trace() {
    let conn = Connectivity::from_triples(
        2,
        3,
        &[(0, 0, 1.0), (0, 1, 10.0), (0, 1, 100.0), (1, 2, 1000.0), (1, 0, 10000.0)],
    )
    .unwrap();
    let delays =
        SynapseDelays::per_synapse(&[0.0 * ms, 1.0 * ms, 2.5 * ms, 1.0 * ms, 0.5 * ms], 0.5 * ms)
            .unwrap();
    assert_eq!(delays.steps(), &DelaySteps::PerSynapse(vec![0, 2, 5, 2, 1]));
    let mut ring = DelayedDelivery::new(conn, delays).unwrap();
    let seen = run(&mut ring, 12, |n| vec![n == 0 || n == 4, n == 0 || n == 3]);
    let expected: [[f64; 3]; 12] = [
        [0.0, 0.0, 0.0],
        [1.0, 0.0, 0.0],
        [10000.0, 0.0, 0.0],
        [0.0, 10.0, 1000.0],
        [0.0, 0.0, 0.0],
        [10001.0, 0.0, 0.0],
        [0.0, 100.0, 1000.0],
        [0.0, 10.0, 0.0],
        [0.0, 0.0, 0.0],
        [0.0, 0.0, 0.0],
        [0.0, 100.0, 0.0],
        [0.0, 0.0, 0.0],
    ];
    for (n, (due, want)) in seen.iter().zip(&expected).enumerate() {
        assert_eq!(due.as_slice(), want, "step {n}");
    }
}

/// Batch items are independent: the same trace in item 0, a shifted one in item 1.
#[test]
fn batched_lanes_are_independent() {
    let conn = Connectivity::from_triples(1, 2, &[(0, 0, 1.0), (0, 1, 2.0)]).unwrap();
    let mut ring =
        DelayedDelivery::new(conn, SynapseDelays::from_steps(DelaySteps::PerSynapse(vec![1, 3])))
            .unwrap()
            .batched(2)
            .unwrap();
    // item 0 spikes in step 0, item 1 in step 2
    let seen = run(&mut ring, 8, |n| vec![n == 0, n == 2]);
    let expected: [[f64; 4]; 8] = [
        [0.0; 4],
        [0.0; 4],
        [1.0, 0.0, 0.0, 0.0], // item 0: 0 + 1 + 1
        [0.0; 4],
        [0.0, 2.0, 1.0, 0.0], // item 0: 0 + 1 + 3; item 1: 2 + 1 + 1
        [0.0; 4],
        [0.0, 0.0, 0.0, 2.0], // item 1: 2 + 1 + 3
        [0.0; 4],
    ];
    for (n, (due, want)) in seen.iter().zip(&expected).enumerate() {
        assert_eq!(due.as_slice(), want, "step {n}");
    }
}

/// Rounding of d / dt (round, not brainstate's ceil, which would give 2 steps for
/// 0.14 ms and 1 for 0.04 ms); 1.5 ms / 0.1 ms is 14.999999999999998 in f64 and must give 15.
#[test]
fn delays_round_to_the_nearest_step() {
    let steps = |d: Time| SynapseDelays::uniform(d, 0.1 * ms).unwrap().max_steps();
    assert_eq!(steps(0.14 * ms), 1);
    assert_eq!(steps(0.16 * ms), 2);
    assert_eq!(steps(1.5 * ms), 15);
    assert_eq!(steps(0.04 * ms), 0);
}

/// Spike-index lists deliver as spike vectors do.
#[test]
fn index_lists_deliver_like_spike_vectors() {
    let conn = Connectivity::from_triples(3, 2, &[(0, 0, 1.0), (2, 1, 2.0), (2, 0, 4.0)]).unwrap();
    let delays = SynapseDelays::from_steps(DelaySteps::PerSynapse(vec![2, 0, 1]));
    let mut by_vector = DelayedDelivery::new(conn.clone(), delays.clone()).unwrap();
    let mut by_list = DelayedDelivery::new(conn, delays).unwrap();
    for n in 0..10u64 {
        let active: Vec<u32> = (0..3).filter(|i| (n + i) % 3 == 0).map(|i| i as u32).collect();
        let spikes: Vec<bool> = (0..3u32).map(|i| active.contains(&i)).collect();
        assert_eq!(by_vector.take(n).unwrap(), by_list.take(n).unwrap(), "step {n}");
        by_vector.deliver(n, &spikes).unwrap();
        by_list.deliver_indices(n, &active).unwrap();
    }
}

/// Memory is proportional to the longest delay: (max_k + 1) · batch · n_post accumulators.
#[test]
fn ring_memory_follows_the_longest_delay() {
    let conn = OneToOne.topology(100).unwrap().with_weight(1.0 * nS).unwrap();
    let base = conn.heap_bytes();
    let ring =
        DelayedDelivery::new(conn.clone(), SynapseDelays::from_steps(DelaySteps::Uniform(19)))
            .unwrap();
    assert_eq!(ring.heap_bytes(), base + 20 * 100 * 8);
    let mut steps = vec![0u16; 100];
    steps[42] = 4;
    let ring = DelayedDelivery::new(conn, SynapseDelays::from_steps(DelaySteps::PerSynapse(steps)))
        .unwrap()
        .batched(3)
        .unwrap();
    assert_eq!(ring.heap_bytes(), base + 100 * 2 + 5 * 3 * 100 * 8);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// Against a direct reference: every synapse s of a source spiking in step n adds w_s to
    /// post target_s at step n + 1 + k_s.
    #[test]
    fn delivery_equals_the_direct_schedule(
        n_pre in 1usize..8, n_post in 1usize..8, batch in 1usize..3, seed in any::<u64>(),
    ) {
        let mut rng = StreamKey::new(seed, "case").rng();
        let n_syn = rand::RngExt::random_range(&mut rng, 0..30usize);
        let synapses: Vec<(usize, usize, f64)> = (0..n_syn)
            .map(|_| (
                rand::RngExt::random_range(&mut rng, 0..n_pre),
                rand::RngExt::random_range(&mut rng, 0..n_post),
                rand::RngExt::random_range(&mut rng, -3.0..3.0),
            ))
            .collect();
        let conn = Connectivity::from_triples(n_pre, n_post, &synapses).unwrap();
        let steps: Vec<u16> = (0..n_syn).map(|_| rand::RngExt::random_range(&mut rng, 0..7u16)).collect();
        let n_steps = 25u64;
        let spikes: Vec<Vec<bool>> = (0..n_steps)
            .map(|_| (0..batch * n_pre).map(|_| rand::RngExt::random_bool(&mut rng, 0.3)).collect())
            .collect();
        // Direct reference, indexed [step][item · n_post + post].
        let mut expected = vec![vec![0.0; batch * n_post]; n_steps as usize + 8];
        let t = conn.topology();
        for (n, item_spikes) in spikes.iter().enumerate() {
            for b in 0..batch {
                for i in (0..n_pre).filter(|&i| item_spikes[b * n_pre + i]) {
                    for syn in t.row_range(i) {
                        let arrival = n + 1 + usize::from(steps[syn]);
                        expected[arrival][b * n_post + t.targets()[syn] as usize] += conn.weight_of(syn);
                    }
                }
            }
        }
        let mut ring = DelayedDelivery::new(conn, SynapseDelays::from_steps(DelaySteps::PerSynapse(steps))).unwrap().batched(batch).unwrap();
        for n in 0..n_steps {
            let due = ring.take(n).unwrap();
            for (k, (a, e)) in due.iter().zip(&expected[n as usize]).enumerate() {
                prop_assert!((a - e).abs() <= 1e-12 * (1.0 + e.abs()), "step {} element {}: {} vs {}", n, k, a, e);
            }
            ring.deliver(n, &spikes[n as usize]).unwrap();
        }
    }
}
