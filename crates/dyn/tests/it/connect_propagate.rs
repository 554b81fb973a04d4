//! Event-driven propagation equals a dense matrix–vector product (the reference brainstate's
//! tests use: `post.at[indices[i]].add(w · x[i])`, i.e. `x @ W` with `W` dense).

use neurodim_dyn::connect::*;
use neurodim_state::{StateValue, StreamKey};
use neurodim_units::*;
use proptest::prelude::*;

/// The dense `[n_pre, n_post]` matrix of summed synapse weights (multapses add up).
fn dense<W: SynapticWeight>(c: &Connectivity<W>) -> Vec<f64> {
    let t = c.topology();
    let mut m = vec![0.0; t.n_pre() * t.n_post()];
    for i in 0..t.n_pre() {
        for syn in t.row_range(i) {
            m[i * t.n_post() + t.targets()[syn] as usize] += c.weight_of(syn).to_si();
        }
    }
    m
}

/// `post[b, j] + Σ_i [x[b, i] ≠ 0] · W[i, j]`, a dense reference, in SI units.
fn dense_reference(
    matrix: &[f64],
    n_pre: usize,
    n_post: usize,
    spikes: &[bool],
    post: &[f64],
) -> Vec<f64> {
    let mut out = post.to_vec();
    for (b, item) in spikes.chunks(n_pre).enumerate() {
        for (i, &x) in item.iter().enumerate() {
            for j in 0..n_post {
                out[b * n_post + j] += f64::from(u8::from(x)) * matrix[i * n_post + j];
            }
        }
    }
    out
}

fn assert_close(actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len());
    for (k, (a, e)) in actual.iter().zip(expected).enumerate() {
        // Sums of at most a few hundred weights of order 1: the order of additions differs.
        assert!((a - e).abs() <= 1e-12 * (1.0 + e.abs()), "element {k}: {a} vs {e}");
    }
}

/// Random explicit networks with per-synapse weights (multapses and self-connections
/// included), random batches of spikes and a random initial accumulator.
fn network() -> impl Strategy<Value = (usize, usize, Vec<(usize, usize, f64)>, usize)> {
    (1usize..25, 1usize..25, 1usize..4).prop_flat_map(|(n_pre, n_post, batch)| {
        let synapse = (0..n_pre, 0..n_post, -5.0..5.0f64);
        (Just(n_pre), Just(n_post), prop::collection::vec(synapse, 0..120), Just(batch))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn per_synapse_weights_equal_the_dense_product(
        (n_pre, n_post, synapses, batch) in network(),
        seed in any::<u64>(),
    ) {
        let c = Connectivity::from_triples(n_pre, n_post, &synapses).unwrap();
        let mut rng = StreamKey::new(seed, "case").rng();
        let spikes: Vec<bool> =
            (0..batch * n_pre).map(|_| rand::RngExt::random_bool(&mut rng, 0.3)).collect();
        let start: Vec<f64> =
            (0..batch * n_post).map(|_| rand::RngExt::random_range(&mut rng, -1.0..1.0)).collect();
        let mut post = start.clone();
        c.propagate(&spikes, &mut post).unwrap();
        assert_close(&post, &dense_reference(&dense(&c), n_pre, n_post, &spikes, &start));
    }

    #[test]
    fn rule_networks_with_a_homogeneous_weight_equal_the_dense_product(
        n_pre in 1usize..40, n_post in 1usize..40, degree in 0usize..12, batch in 1usize..3,
        seed in any::<u64>(),
    ) {
        let c = FixedOutDegree::new(degree)
            .connect(n_pre, n_post, &mut StreamKey::new(seed, "conn").rng()).unwrap()
            .with_weight(0.6 * nS).unwrap();
        let mut rng = StreamKey::new(seed, "spikes").rng();
        let spikes: Vec<bool> =
            (0..batch * n_pre).map(|_| rand::RngExt::random_bool(&mut rng, 0.2)).collect();
        let mut post = vec![0.0 * nS; batch * n_post];
        c.propagate(&spikes, &mut post).unwrap();
        let got: Vec<f64> = post.iter().map(|g| g.to_si()).collect();
        assert_close(&got, &dense_reference(&dense(&c), n_pre, n_post, &spikes, &vec![0.0; batch * n_post]));
    }

    /// A spike-index list delivers the same as the spike vector that is true at those indices.
    #[test]
    fn index_lists_equal_spike_vectors((n_pre, n_post, synapses, _) in network(), seed in any::<u64>()) {
        let c = Connectivity::from_triples(n_pre, n_post, &synapses).unwrap();
        let mut rng = StreamKey::new(seed, "case").rng();
        let spikes: Vec<bool> = (0..n_pre).map(|_| rand::RngExt::random_bool(&mut rng, 0.4)).collect();
        let active: Vec<u32> = (0..n_pre as u32).filter(|&i| spikes[i as usize]).collect();
        let mut from_vector = vec![0.0; n_post];
        let mut from_list = vec![0.0; n_post];
        c.propagate(&spikes, &mut from_vector).unwrap();
        c.propagate_indices(&active, &mut from_list).unwrap();
        prop_assert_eq!(from_vector, from_list);
    }

    #[test]
    fn event_linear_matrix_equals_the_dense_product(
        n_in in 1usize..20, n_out in 1usize..20, batch in 1usize..4, seed in any::<u64>(),
    ) {
        let mut rng = StreamKey::new(seed, "case").rng();
        let w: Vec<f64> = (0..n_in * n_out).map(|_| rand::RngExt::random_range(&mut rng, -2.0..2.0)).collect();
        let x: Vec<f64> = (0..batch * n_in)
            .map(|_| if rand::RngExt::random_bool(&mut rng, 0.5) { rand::RngExt::random_range(&mut rng, 0.1..3.0) } else { 0.0 })
            .collect();
        let as_events = EventLinear::matrix(n_in, n_out, w.clone()).unwrap();
        let as_values = as_events.clone().float_as_event(false);
        let (mut ev, mut val) = (vec![0.0; batch * n_out], vec![0.0; batch * n_out]);
        as_events.apply(&x, &mut ev).unwrap();
        as_values.apply(&x, &mut val).unwrap();
        // brainstate: EventArray(x) @ W (nonzero = 1) and x @ W.
        let (mut ev_ref, mut val_ref) = (vec![0.0; batch * n_out], vec![0.0; batch * n_out]);
        for b in 0..batch {
            for i in 0..n_in {
                let xi = x[b * n_in + i];
                for j in 0..n_out {
                    ev_ref[b * n_out + j] += if xi != 0.0 { w[i * n_out + j] } else { 0.0 };
                    val_ref[b * n_out + j] += xi * w[i * n_out + j];
                }
            }
        }
        assert_close(&ev, &ev_ref);
        assert_close(&val, &val_ref);
    }
}

/// brainstate `_fixedprob_mv_test`: a nonzero float spike counts as one event, not scaled.
#[test]
fn float_spikes_are_events_of_size_one() {
    let c =
        Topology::from_pairs(3, 2, &[(0, 0), (1, 1), (2, 1)]).unwrap().with_weight(2.0).unwrap();
    let mut post = [0.0; 2];
    c.propagate(&[0.5_f64, 0.0, -3.0], &mut post).unwrap();
    assert_eq!(post, [2.0, 2.0]);
    let mut post = [0.0; 2];
    c.propagate(&[1.0_f32, 1.0, 0.0], &mut post).unwrap();
    assert_eq!(post, [2.0, 2.0]);
}

/// brainstate `_linear_mv_test::test1[homo_w]`: EventLinear(20, 40, 1.5) gives `x.sum() · w`
/// at every output.
#[test]
fn event_linear_scalar_is_the_spike_count_times_the_weight() {
    let layer = EventLinear::scalar(20, 40, 1.5).unwrap();
    let spikes: Vec<bool> = (0..20).map(|i| i % 3 == 0).collect(); // 7 spikes
    let mut out = vec![0.0; 40];
    layer.apply(&spikes, &mut out).unwrap();
    assert!(out.iter().all(|&o| o == 7.0 * 1.5));
    // With values instead of events: (Σ x) · w.
    let layer = layer.float_as_event(false);
    let mut out = vec![0.0; 40];
    layer.apply(&[0.5_f64; 20], &mut out).unwrap();
    assert!(out.iter().all(|&o| o == 10.0 * 1.5));
}

/// Typed weights accumulate in their own unit: a voltage weight into a voltage accumulator.
#[test]
fn typed_weights_keep_their_units() {
    let c = OneToOne.topology(2).unwrap().with_weight(1.62 * mV).unwrap();
    let mut v = [0.0 * mV; 2];
    c.propagate(&[true, false], &mut v).unwrap();
    c.propagate(&[true, false], &mut v).unwrap();
    assert!((v[0].value_in(mV) - 3.24).abs() < 1e-12);
    assert_eq!(v[1], 0.0 * mV);
    let c = OneToOne.topology(1).unwrap().with_weight(-9.0 * pA).unwrap();
    let mut i = [0.0 * pA];
    c.propagate_indices(&[0], &mut i).unwrap();
    assert!((i[0].value_in(pA) + 9.0).abs() < 1e-12);
}

/// Memory: 4 bytes per synapse (+4 per source) with a homogeneous weight; 12 with per-synapse
/// `f64`-backed weights.
#[test]
fn homogeneous_weights_store_nothing_per_synapse() {
    let t = FixedOutDegree::new(80).connect(4000, 4000, &mut StreamKey::new(0, "m").rng()).unwrap();
    let n_syn = 4000 * 80;
    let homogeneous = t.clone().with_weight(0.6 * nS).unwrap();
    assert_eq!(homogeneous.heap_bytes(), 4 * n_syn + 4 * 4001);
    let per_synapse = t
        .with_weights(&neurodim_state::init::Constant(0.6 * nS), &mut StreamKey::new(0, "w").rng())
        .unwrap();
    assert_eq!(per_synapse.heap_bytes(), 12 * n_syn + 4 * 4001);
}
