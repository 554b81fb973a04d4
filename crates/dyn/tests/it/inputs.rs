//! Inputs: spike times, Poisson spikes, Poisson input counts and current waveforms.
//!
//! Statistical tests compare sample moments with the Binomial's exact moments and accept a
//! deviation of at most 5 standard errors (a false failure about once in 1.7 million runs
//! per check). Sample sizes are stated with each test.

use super::common::env;
use neurodim_dyn::input::*;
use neurodim_state::{StepContext, StreamKey, StreamRng};
use neurodim_units::*;
use proptest::prelude::*;

fn rng(seed: u64) -> StreamRng {
    StreamKey::new(seed, "test.input").rng()
}

/// Sample mean and (unbiased) variance.
fn moments(samples: &[f64]) -> (f64, f64) {
    let n = samples.len() as f64;
    let mean = samples.iter().sum::<f64>() / n;
    let var = samples.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var)
}

/// Asserts that `samples` have the mean and variance of Binomial(n, p) within 5 standard
/// errors. SE(mean) = √(σ²/N); SE(variance) = √((μ₄ − σ⁴)/N) with the Binomial's fourth
/// central moment μ₄ = npq(1 − 6pq) + 3(npq)².
fn assert_binomial_moments(samples: &[f64], n: f64, p: f64) {
    let count = samples.len() as f64;
    let q = 1.0 - p;
    let (mean, var) = moments(samples);
    let true_var = n * p * q;
    let mu4 = n * p * q * (1.0 - 6.0 * p * q) + 3.0 * true_var.powi(2);
    let se_mean = (true_var / count).sqrt();
    let se_var = ((mu4 - true_var.powi(2)) / count).sqrt();
    assert!(
        (mean - n * p).abs() < 5.0 * se_mean,
        "mean {mean} vs {} (SE {se_mean}, N = {count})",
        n * p
    );
    assert!(
        (var - true_var).abs() < 5.0 * se_var,
        "variance {var} vs {true_var} (SE {se_var}, N = {count})"
    );
}

fn draw(sampler: &CountSampler, samples: usize, seed: u64) -> Vec<f64> {
    let mut rng = rng(seed);
    (0..samples).map(|_| sampler.sample(&mut rng) as f64).collect()
}

// ---------------------------------------------------------------------------------------------
// Counts
// ---------------------------------------------------------------------------------------------

/// n = 1000, p = 0.01 is where brainstate's normal branch has standard deviation
/// np(1 − p) = 9.9 instead of √9.9 = 3.15. N = 200 000 draws: SE(var) ≈ 0.032, so a standard
/// deviation of 9.88 (variance 98) would fail by thousands of standard errors.
#[test]
fn normal_approximation_has_the_binomial_mean_and_variance() {
    let sampler = CountSampler::new(1000, Probability::new(0.01).unwrap(), CountMethod::default());
    assert!(sampler.is_normal_approximation());
    let samples = draw(&sampler, 200_000, 1);
    assert_binomial_moments(&samples, 1000.0, 0.01);
    assert!(samples.iter().all(|&c| c >= 0.0 && c.fract() == 0.0), "whole, non-negative counts");
}

/// The exact method at the same n, p; N = 200 000.
#[test]
fn exact_counts_have_the_binomial_mean_and_variance() {
    let sampler = CountSampler::new(1000, Probability::new(0.01).unwrap(), CountMethod::Exact);
    assert!(!sampler.is_normal_approximation());
    assert_binomial_moments(&draw(&sampler, 200_000, 2), 1000.0, 0.01);
}

/// Small n (np = 2 < 5): the default method draws exactly. N = 200 000.
#[test]
fn small_n_counts_are_exact_binomial() {
    let sampler = CountSampler::new(20, Probability::new(0.1).unwrap(), CountMethod::default());
    assert!(!sampler.is_normal_approximation());
    assert_binomial_moments(&draw(&sampler, 200_000, 3), 20.0, 0.1);
}

/// Near p = 1 the normal branch must clip at n: n = 1000, p = 0.99 (n(1 − p) = 10).
/// N = 200 000.
#[test]
fn normal_approximation_near_one_stays_within_n() {
    let sampler = CountSampler::new(1000, Probability::new(0.99).unwrap(), CountMethod::default());
    assert!(sampler.is_normal_approximation());
    let samples = draw(&sampler, 200_000, 4);
    assert!(samples.iter().all(|&c| c <= 1000.0));
    assert_binomial_moments(&samples, 1000.0, 0.99);
}

/// The whole distribution of exact counts, n = 10, p = 0.3, by a χ² goodness-of-fit test over
/// k = 0..=10 with k ≥ 8 pooled (8 cells, 7 degrees of freedom would do; 10 is conservative):
/// the statistic must stay below 48, the χ²(10) quantile at 1 − 10⁻⁶ (Wilson–Hilferty).
/// N = 100 000. The counts come from the sampler's alias table, one 64-bit output each.
#[test]
fn exact_counts_follow_the_binomial_distribution() {
    let (n, p, samples) = (10u64, 0.3, 100_000usize);
    let sampler = CountSampler::new(n, Probability::new(p).unwrap(), CountMethod::Exact);
    assert!(sampler.is_table());
    let mut observed = [0usize; 9];
    let mut rng = rng(5);
    for _ in 0..samples {
        observed[(sampler.sample(&mut rng) as usize).min(8)] += 1;
    }
    let pmf = |k: u64| {
        let choose = (0..k).fold(1.0, |c, j| c * (n - j) as f64 / (j + 1) as f64);
        choose * p.powi(k as i32) * (1.0 - p).powi((n - k) as i32)
    };
    let mut expected: Vec<f64> = (0..8).map(|k| pmf(k) * samples as f64).collect();
    expected.push((8..=n).map(pmf).sum::<f64>() * samples as f64);
    let chi2: f64 = observed.iter().zip(&expected).map(|(&o, &e)| (o as f64 - e).powi(2) / e).sum();
    assert!(chi2 < 48.0, "χ² = {chi2}");
}

/// The Binomial(n, p) probabilities of k = 0..=n, by the product from k = 0.
fn binomial_pmf(n: u64, p: f64) -> Vec<f64> {
    let mut pmf = vec![(1.0 - p).powf(n as f64)];
    for k in 0..n {
        pmf.push(pmf[k as usize] * (n - k) as f64 / (k + 1) as f64 * p / (1.0 - p));
    }
    pmf
}

/// χ² of `observed` counts of k = 0..cells − 1 (the last cell pooling k ≥ cells − 1) against
/// `samples` draws of the distribution `pmf`.
fn chi_square(observed: &[u64], pmf: &[f64], samples: u64) -> f64 {
    let last = observed.len() - 1;
    let mut expected: Vec<f64> = pmf[..last].iter().map(|p| p * samples as f64).collect();
    expected.push(pmf[last..].iter().sum::<f64>() * samples as f64);
    observed.iter().zip(&expected).map(|(&o, &e)| (o as f64 - e).powi(2) / e).sum()
}

/// The benchmark's input through the network's own path (`update_blocks`): 10⁵ targets, 1 000
/// sources at 10 Hz, dt = 0.1 ms, so Binomial(1000, 0.001); 10 steps, N = 10⁶ counts.
///
/// - The sampler is the alias table (the fast path, chosen when the sampler is built).
/// - χ² over k = 0..=5 and k ≥ 6 (7 cells, 6 degrees of freedom; the pooled cell expects 590
///   counts) must stay below 40, the χ²(6) quantile at 1 − 10⁻⁶ (Wilson–Hilferty: 39.7). At
///   this N the test sees a change of about 0.004 in P(0) = 0.368 (1 %): a wrong p, a lost or
///   doubled cell of the table, a biased uniform; not the 2·10⁻⁴ between Binomial(1000, 0.001)
///   and Poisson(1), which the table's own tests pin instead.
/// - Mean and variance within 5 standard errors of np and np(1 − p).
#[test]
fn block_counts_of_a_thousand_sources_at_10_hz_follow_the_binomial() {
    use neurodim_dyn::kernel::Par;
    use neurodim_state::StreamArray;
    let (size, n, p) = (100_000usize, 1000u64, 0.001);
    let mut input = PoissonInput::new(size, n, 10.0 * Hz, 1.0 * nS).unwrap();
    let dt = 0.1 * ms;
    assert!(input.sampler(dt).unwrap().is_table());
    let mut streams = StreamArray::new(StreamKey::new(6, "ext"), input.blocks());
    let mut observed = [0u64; 7];
    let mut counts = Vec::with_capacity(10 * size);
    for i in 0..10 {
        let mut g = vec![0.0 * nS; size];
        input.update_blocks(&env(dt).step(i), &mut streams, &mut g, Par::Seq).unwrap();
        for g in &g {
            let count = g.value_in(nS);
            assert!(count.fract() == 0.0 && (0.0..=n as f64).contains(&count), "{count}");
            observed[(count as usize).min(6)] += 1;
            counts.push(count);
        }
    }
    let chi2 = chi_square(&observed, &binomial_pmf(n, p), counts.len() as u64);
    assert!(chi2 < 40.0, "χ² = {chi2}, observed {observed:?}");
    assert_binomial_moments(&counts, n as f64, p);
}

/// `update` draws a item of up to 1 024 targets as `update_blocks` draws its one block from
/// the same stream, with a table and without (n = 1000 at 100 Hz: np = 10, the normal regime).
#[test]
fn update_draws_a_block_as_the_network_does() {
    use neurodim_dyn::kernel::Par;
    use neurodim_state::StreamArray;
    for freq in [10.0 * Hz, 100.0 * Hz] {
        let mut input = PoissonInput::new(1000, 1000, freq, 1.0 * nS).unwrap();
        let ctx = env(0.1 * ms).step(0);
        let key = StreamKey::new(8, "ext");
        let mut single = vec![0.0 * nS; 1000];
        input.update(&ctx, &mut key.rng(), &mut single, None).unwrap();
        let mut blocks = vec![0.0 * nS; 1000];
        let mut streams = StreamArray::new(key, input.blocks());
        input.update_blocks(&ctx, &mut streams, &mut blocks, Par::Seq).unwrap();
        assert_eq!(single, blocks, "{freq:?}");
    }
}

proptest! {
    /// The normal branch is taken exactly when np > 5 and n(1 − p) > 5, and only by the
    /// default method; every count lies in 0..=n.
    #[test]
    fn normal_branch_threshold_and_range(n in 0u64..5000, p in 0.0f64..=1.0, seed: u64) {
        let p = Probability::new(p).unwrap();
        let approx = CountSampler::new(n, p, CountMethod::NormalApproximation);
        let exact = CountSampler::new(n, p, CountMethod::Exact);
        let (a, b) = (n as f64 * p.get(), n as f64 * p.complement().get());
        prop_assert_eq!(approx.is_normal_approximation(), a > 5.0 && b > 5.0);
        prop_assert!(!exact.is_normal_approximation());
        let mut rng = StreamKey::new(seed, "counts").rng();
        for _ in 0..20 {
            prop_assert!(approx.sample(&mut rng) <= n);
            prop_assert!(exact.sample(&mut rng) <= n);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// PoissonInput
// ---------------------------------------------------------------------------------------------

/// Counts seen through `PoissonInput`: 1000 targets × 200 steps = 200 000 counts of
/// Binomial(1000, 100 Hz · 0.1 ms = 0.01), recovered from the increments of a 1 mV weight.
#[test]
fn poisson_input_adds_binomial_counts_times_weight() {
    for method in [CountMethod::NormalApproximation, CountMethod::Exact] {
        let mut input =
            PoissonInput::new(1000, 1000, 100.0 * Hz, 1.0 * mV).unwrap().with_method(method);
        let env = env(0.1 * ms);
        let mut rng = rng(10);
        let mut counts = Vec::with_capacity(200_000);
        for i in 0..200 {
            let mut v = vec![0.0 * mV; 1000];
            input.update(&env.step(i), &mut rng, &mut v, None).unwrap();
            counts.extend(v.iter().map(|v| v.value_in(mV).round()));
        }
        assert_binomial_moments(&counts, 1000.0, 0.01);
    }
}

#[test]
fn rate_zero_never_changes_the_target() {
    for method in [CountMethod::NormalApproximation, CountMethod::Exact] {
        let mut input =
            PoissonInput::new(50, 100_000, 0.0 * Hz, 5.0 * nS).unwrap().with_method(method);
        let start: Vec<Conductance> = (0..50).map(|k| k as f64 * 0.1 * nS).collect();
        let mut g = start.clone();
        let mut rng = rng(11);
        for i in 0..1000 {
            input.update(&env(0.1 * ms).step(i), &mut rng, &mut g, None).unwrap();
        }
        assert_eq!(g, start);
    }
}

/// freq · dt = 1: every source spikes in every step, so each target gains exactly
/// num_input · weight per step (the Binomial with p = 1 is the constant n).
#[test]
fn certain_sources_add_num_input_times_weight_every_step() {
    for method in [CountMethod::NormalApproximation, CountMethod::Exact] {
        let mut input =
            PoissonInput::new(20, 800, 10.0 * kHz, 0.05 * mV).unwrap().with_method(method);
        let mut v = vec![-70.0 * mV; 20];
        let mut rng = rng(12);
        for i in 0..100 {
            let before = v.clone();
            input.update(&env(0.1 * ms).step(i), &mut rng, &mut v, None).unwrap();
            for (after, before) in v.iter().zip(&before) {
                assert_eq!(*after, *before + 0.05 * mV * 800.0);
            }
        }
    }
}

#[test]
fn only_listed_indices_receive_input() {
    let mut input =
        PoissonInput::new(6, 10, 1.0 * kHz, 1.0 * mV).unwrap().with_indices(vec![1, 4, 4]).unwrap();
    let mut v = vec![0.0 * mV; 6];
    input.update(&env(1.0 * ms).step(0), &mut rng(13), &mut v, None).unwrap();
    // p = 1: 10 spikes per listed entry; index 4 is listed twice.
    let expected = [0.0, 10.0, 0.0, 0.0, 20.0, 0.0];
    let got: Vec<f64> = v.iter().map(|v| v.value_in(mV)).collect();
    for (got, expected) in got.iter().zip(expected) {
        assert!((got - expected).abs() < 1e-12, "{got:?}");
    }
}

/// Refractory targets stay unchanged; the others receive exactly what they receive without a
/// mask (the counts of masked targets are still drawn, keeping the stream aligned).
#[test]
fn refractory_targets_are_unchanged_and_others_unaffected() {
    let mut input = PoissonInput::new(100, 500, 40.0 * Hz, 0.3 * mV).unwrap();
    let mask: Vec<bool> = (0..100).map(|k| k % 3 == 0).collect();
    let (mut masked, mut free) = (vec![-65.0 * mV; 100], vec![-65.0 * mV; 100]);
    let (mut rng_a, mut rng_b) = (rng(14), rng(14));
    for i in 0..50 {
        let ctx = env(0.1 * ms).step(i);
        input.update(&ctx, &mut rng_a, &mut masked, Some(&mask)).unwrap();
        input.update(&ctx, &mut rng_b, &mut free, None).unwrap();
    }
    for k in 0..100 {
        if mask[k] {
            assert_eq!(masked[k], -65.0 * mV);
        } else {
            assert_eq!(masked[k], free[k]);
        }
    }
    assert!(free.iter().zip(&mask).any(|(v, &m)| m && *v != -65.0 * mV), "input reached them");
}

/// A (batch = 3, n = 200) target: every item receives input, items draw independently, and the
/// refractory mask applies per item.
#[test]
fn batched_targets_draw_per_item() {
    let mut input = PoissonInput::new(200, 1000, 50.0 * Hz, 1.0 * mV).unwrap();
    let mut v = vec![0.0 * mV; 600];
    let mut mask = vec![false; 600];
    mask[200..400].fill(true);
    input.update(&env(0.1 * ms).step(0), &mut rng(15), &mut v, Some(&mask)).unwrap();
    assert!(v[200..400].iter().all(|&v| v == 0.0 * mV));
    assert_ne!(v[..200], v[400..], "independent items");
    // 200 counts of Binomial(1000, 0.005) per item: mean 5; a item summing to 0 is impossible.
    assert!(v[..200].iter().any(|&v| v > 0.0 * mV) && v[400..].iter().any(|&v| v > 0.0 * mV));
}

#[test]
fn poisson_input_is_deterministic_under_a_seed() {
    let run = |seed: u64| {
        let mut input = PoissonInput::new(100, 1000, 20.0 * Hz, 0.1 * mV).unwrap();
        let mut rng = StreamKey::new(seed, "E.poisson").rng();
        let mut v = vec![0.0 * mV; 100];
        for i in 0..100 {
            input.update(&env(0.1 * ms).step(i), &mut rng, &mut v, None).unwrap();
        }
        v
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7), run(8));
}

#[test]
fn poisson_input_rejects_bad_input() {
    let err = |r: Result<PoissonInput<Voltage>, neurodim_dyn::DynError>| r.unwrap_err().to_string();
    assert_eq!(
        err(PoissonInput::new(0, 10, 5.0 * Hz, 1.0 * mV)),
        "invalid PoissonInput size: 0 (must be > 0)"
    );
    assert_eq!(
        err(PoissonInput::new(4, 10, f64::NAN * Hz, 1.0 * mV)),
        "invalid PoissonInput freq: NaN Hz (must be finite)"
    );
    assert_eq!(
        err(PoissonInput::new(4, 10, -1.0 * Hz, 1.0 * mV)),
        "invalid PoissonInput freq: -1 Hz (must be >= 0)"
    );
    assert_eq!(
        err(PoissonInput::new(4, 10, f64::INFINITY * Hz, 1.0 * mV)),
        "invalid PoissonInput freq: inf Hz (must be finite)"
    );
    assert_eq!(
        err(PoissonInput::new(4, 0, 1.0 * Hz, 1.0 * mV)),
        "invalid PoissonInput num_input: 0 (must be > 0)"
    );
    assert_eq!(
        err(PoissonInput::new(4, 10, 1.0 * Hz, f64::INFINITY * mV)),
        "invalid PoissonInput weight: inf mV (must be finite)"
    );
    // typed: the parameter is a field of the error, not only part of its message
    for (bad, param) in [
        (PoissonInput::new(4, 0, 1.0 * Hz, 1.0 * mV), "PoissonInput num_input"),
        (PoissonInput::new(4, 10, -1.0 * Hz, 1.0 * mV), "PoissonInput freq"),
        (PoissonInput::new(4, 10, 1.0 * Hz, f64::NAN * mV), "PoissonInput weight"),
    ] {
        let e = bad.unwrap_err();
        assert_eq!(e.param(), Some(param), "{e:?}");
    }
    assert_eq!(
        err(PoissonInput::new(4, 10, 1.0 * Hz, 1.0 * mV).unwrap().with_indices(vec![4])),
        "PoissonInput indices: index 4 out of range 0..4"
    );

    let mut input = PoissonInput::new(4, 10, 20.0 * kHz, 1.0 * mV).unwrap();
    let ctx = env(0.1 * ms).step(0);
    let mut v = [0.0 * mV; 4];
    assert_eq!(
        input.update(&ctx, &mut rng(0), &mut v, None).unwrap_err().to_string(),
        "invalid PoissonInput freq · dt: 20000 Hz · 0.1 ms = 2 (must lie in [0, 1])"
    );
    assert_eq!(v, [0.0 * mV; 4], "nothing changed on error");
    let mut input = PoissonInput::new(4, 10, 20.0 * Hz, 1.0 * mV).unwrap();
    assert_eq!(
        input.update(&ctx, &mut rng(0), &mut [0.0 * mV; 6], None).unwrap_err().to_string(),
        "PoissonInput target (batch × 4): expected size 4, found 6"
    );
    assert_eq!(
        input.update(&ctx, &mut rng(0), &mut v, Some(&[false; 3])).unwrap_err().to_string(),
        "PoissonInput refractory mask (one per target): expected size 4, found 3"
    );

    // the network's path: p > 1, the wrong number of streams or of targets
    use neurodim_dyn::kernel::Par;
    use neurodim_state::StreamArray;
    let mut fast = PoissonInput::new(4, 10, 20.0 * kHz, 1.0 * mV).unwrap();
    let mut streams = StreamArray::new(StreamKey::new(0, "ext"), 1);
    assert_eq!(
        fast.update_blocks(&ctx, &mut streams, &mut v, Par::Seq).unwrap_err().to_string(),
        "invalid PoissonInput freq · dt: 20000 Hz · 0.1 ms = 2 (must lie in [0, 1])"
    );
    let mut two = StreamArray::new(StreamKey::new(0, "ext"), 2);
    assert_eq!(
        input.update_blocks(&ctx, &mut two, &mut v, Par::Seq).unwrap_err().to_string(),
        "Poisson input streams (one per block): expected size 1, found 2"
    );
    assert_eq!(
        input
            .update_blocks(&ctx, &mut streams, &mut [0.0 * mV; 5], Par::Seq)
            .unwrap_err()
            .to_string(),
        "Poisson input target (one item): expected size 4, found 5"
    );
    assert_eq!(v, [0.0 * mV; 4], "nothing changed on error");
}

// ---------------------------------------------------------------------------------------------
// SpikeTime
// ---------------------------------------------------------------------------------------------

/// The steps at which `input` emits, as (step, neuron) pairs, over `steps` steps of `dt`.
fn raster(input: &SpikeTime, dt: Time, steps: u64) -> Vec<(u64, usize)> {
    let env = env(dt);
    let mut out = vec![false; input.size()];
    let mut events = Vec::new();
    for i in 0..steps {
        input.update(&env.step(i), &mut out).unwrap();
        events.extend(out.iter().enumerate().filter(|(_, fired)| **fired).map(|(k, _)| (i, k)));
    }
    events
}

/// Hand-computed: with dt = 0.1 ms, step i starts at t = i · 0.1 ms, and a spike at τ is
/// emitted in the first step with t ≥ τ. Times on step boundaries (0, 0.3, 1.0 and 4.9 ms;
/// 49 · dt < 4.9 ms in floating point) fall due at exactly that step; times between
/// boundaries at the next one; neuron 5's two spikes at 2.01 and 2.05 ms share step 21.
#[test]
fn spike_time_emits_each_spike_at_the_first_step_at_or_after_it() {
    let spikes = [
        (3, 4.9 * ms),
        (0, 0.0 * ms),
        (1, 0.3 * ms),
        (2, 0.25 * ms),
        (1, 0.31 * ms),
        (4, 1.0 * ms),
        (5, 2.01 * ms),
        (5, 2.05 * ms),
    ];
    let input = SpikeTime::new(
        6,
        spikes.map(|spike| spike.0).to_vec(),
        spikes.map(|spike| spike.1).to_vec(),
    )
    .unwrap();
    let expected = vec![(0, 0), (3, 1), (3, 2), (4, 1), (10, 4), (21, 5), (49, 3)];
    assert_eq!(raster(&input, 0.1 * ms, 100), expected);
    // `due` lists one entry per spike: neuron 5 twice in step 21.
    assert_eq!(input.due(&env(0.1 * ms).step(21)), [5, 5]);
}

/// With a coarser step the same spikes regroup: dt = 0.5 ms, step i starts at i · 0.5 ms.
#[test]
fn spike_time_steps_follow_dt() {
    let input =
        SpikeTime::new(3, vec![0, 1, 2, 0], vec![0.5 * ms, 0.6 * ms, 1.0 * ms, 0.99 * ms]).unwrap();
    assert_eq!(raster(&input, 0.5 * ms, 10), vec![(1, 0), (2, 0), (2, 1), (2, 2)]);
}

/// Every time written as k · 0.1 ms is emitted at step k and at no other step.
#[test]
fn boundary_times_are_emitted_at_their_own_step() {
    let times: Vec<Time> = (0..3000).map(|k| (k as f64 / 10.0) * ms).collect();
    let input = SpikeTime::new(3000, (0..3000).collect(), times).unwrap();
    let env = env(0.1 * ms);
    for i in 0..3000u64 {
        assert_eq!(input.due(&env.step(i)), [i as usize]);
    }
}

/// No state: stepping from the middle, or twice at one step, gives the same spikes.
#[test]
fn spike_time_depends_only_on_the_step() {
    let input = SpikeTime::new(2, vec![0, 1], vec![3.0 * ms, 1.0 * ms]).unwrap();
    let env = env(0.1 * ms);
    let mut out = [false; 2];
    input.update(&env.step(30), &mut out).unwrap();
    assert_eq!(out, [true, false]);
    input.update(&env.step(10), &mut out).unwrap();
    assert_eq!(out, [false, true]);
    input.update(&env.step(10), &mut out).unwrap();
    assert_eq!(out, [false, true]);
}

proptest! {
    /// Each spike is emitted exactly once over a run, at the step i with
    /// (i − 1) · dt < τ ≤ i · dt (up to the documented 10⁻⁶-step tolerance).
    #[test]
    fn each_spike_is_emitted_once_at_its_step(
        spikes in prop::collection::vec((0usize..20, 0.0f64..50.0), 0..40),
        dt_ms in 0.05f64..1.0,
    ) {
        let input = SpikeTime::new(
            20,
            spikes.iter().map(|spike| spike.0).collect(),
            spikes.iter().map(|spike| spike.1 * ms).collect(),
        ).unwrap();
        let env = env(dt_ms * ms);
        let steps = (50.0 / dt_ms).ceil() as u64 + 2;
        let mut emitted = Vec::new();
        for i in 0..steps {
            let ctx: StepContext = env.step(i);
            for &index in input.due(&ctx) {
                emitted.push((index, i));
            }
        }
        prop_assert_eq!(emitted.len(), spikes.len());
        let mut expected: Vec<(usize, u64)> = spikes
            .iter()
            .map(|&(index, t)| (index, (t / dt_ms - 1e-6).ceil().max(0.0) as u64))
            .collect();
        expected.sort();
        emitted.sort();
        prop_assert_eq!(emitted, expected);
    }
}

#[test]
fn spike_time_rejects_bad_input() {
    let err = |r: Result<SpikeTime, neurodim_dyn::DynError>| r.unwrap_err().to_string();
    assert_eq!(err(SpikeTime::new(0, vec![], vec![])), "invalid SpikeTime size: 0 (must be > 0)");
    assert_eq!(
        err(SpikeTime::new(3, vec![0, 1], vec![1.0 * ms])),
        "SpikeTime indices (one per time): expected size 1, found 2"
    );
    assert_eq!(
        err(SpikeTime::new(3, vec![0, 3], vec![1.0 * ms, 2.0 * ms])),
        "SpikeTime index of spike 1: index 3 out of range 0..3"
    );
    assert_eq!(
        err(SpikeTime::new(3, vec![0], vec![-0.1 * ms])),
        "invalid SpikeTime time: -0.1 ms, spike 0 (must be finite and >= 0)"
    );
    assert_eq!(
        err(SpikeTime::new(3, vec![0], vec![f64::NAN * ms])),
        "invalid SpikeTime time: NaN ms, spike 0 (must be finite and >= 0)"
    );
    assert_eq!(
        err(SpikeTime::new(3, vec![0], vec![f64::INFINITY * ms])),
        "invalid SpikeTime time: inf ms, spike 0 (must be finite and >= 0)"
    );
    let input = SpikeTime::new(3, vec![0], vec![1.0 * ms]).unwrap();
    assert_eq!(
        input.update(&env(0.1 * ms).step(0), &mut [false; 4]).unwrap_err().to_string(),
        "SpikeTime output (batch × 3): expected size 3, found 4"
    );
}

// ---------------------------------------------------------------------------------------------
// PoissonSpike and PoissonEncoder
// ---------------------------------------------------------------------------------------------

/// 1000 neurons at 50 Hz for 2000 steps of 0.1 ms: N = 2 000 000 Bernoulli(0.005) trials,
/// total ~ Binomial(2·10⁶, 0.005): mean 10 000, SE √9950 ≈ 99.7.
#[test]
fn poisson_spike_mean_rate_within_five_standard_errors() {
    let mut input = PoissonSpike::new(1000, 50.0 * Hz).unwrap();
    let env = env(0.1 * ms);
    let mut rng = rng(20);
    let mut spikes = vec![false; 1000];
    let mut total = 0usize;
    for i in 0..2000 {
        input.update(&env.step(i), &mut rng, &mut spikes).unwrap();
        total += spikes.iter().filter(|&&fired| fired).count();
    }
    let (trials, p) = (2_000_000.0f64, 0.005);
    let se = (trials * p * (1.0 - p)).sqrt();
    assert!((total as f64 - trials * p).abs() < 5.0 * se, "{total} spikes");
}

/// Per-neuron rates: rate 0 never spikes, rate · dt = 1 always does, and 100 Hz (p = 0.01)
/// spikes 20 000 steps × p = 200 times on average (SE √198 ≈ 14.1).
#[test]
fn poisson_spike_per_neuron_rates() {
    let mut input = PoissonSpike::per_neuron(vec![0.0 * Hz, 10.0 * kHz, 100.0 * Hz]).unwrap();
    let env = env(0.1 * ms);
    let mut rng = rng(21);
    let mut counts = [0usize; 3];
    let mut spikes = [false; 3];
    for i in 0..20_000 {
        input.update(&env.step(i), &mut rng, &mut spikes).unwrap();
        for (count, &spike) in counts.iter_mut().zip(&spikes) {
            *count += spike as usize;
        }
    }
    assert_eq!(counts[0], 0);
    assert_eq!(counts[1], 20_000);
    assert!((counts[2] as f64 - 200.0).abs() < 5.0 * 198.0f64.sqrt(), "{}", counts[2]);
}

#[test]
fn poisson_spike_is_deterministic_and_lanes_are_independent() {
    let run = |seed: u64| {
        let mut input = PoissonSpike::new(100, 200.0 * Hz).unwrap();
        let mut rng = StreamKey::new(seed, "P").rng();
        let mut out = vec![false; 300]; // batch of 3 items
        let mut record = Vec::new();
        for i in 0..50 {
            input.update(&env(0.1 * ms).step(i), &mut rng, &mut out).unwrap();
            record.extend_from_slice(&out);
        }
        record
    };
    let a = run(1);
    assert_eq!(a, run(1));
    assert_ne!(a, run(2));
    let item = |k: usize| -> Vec<bool> {
        a.chunks(300).flat_map(|step| step[k * 100..(k + 1) * 100].to_vec()).collect()
    };
    assert_ne!(item(0), item(1));
}

/// A dt for which rate · dt > 1 is refused, naming rate and dt; a valid dt afterwards works.
#[test]
fn poisson_spike_rejects_bad_input() {
    let err = |r: Result<PoissonSpike, neurodim_dyn::DynError>| r.unwrap_err().to_string();
    assert_eq!(err(PoissonSpike::new(0, 1.0 * Hz)), "invalid PoissonSpike size: 0 (must be > 0)");
    assert_eq!(err(PoissonSpike::per_neuron(vec![])), "invalid PoissonSpike size: 0 (must be > 0)");
    assert_eq!(
        err(PoissonSpike::per_neuron(vec![1.0 * Hz, 2.0 * Hz, -3.0 * Hz])),
        "invalid PoissonSpike rate: -3 Hz, neuron 2 (must be finite and >= 0)"
    );
    assert_eq!(
        err(PoissonSpike::new(2, f64::INFINITY * Hz)),
        "invalid PoissonSpike rate: inf Hz, neuron 0 (must be finite and >= 0)"
    );
    let mut input = PoissonSpike::per_neuron(vec![10.0 * Hz, 2.0 * kHz]).unwrap();
    let mut out = [false; 2];
    assert_eq!(
        input.update(&env(1.0 * ms).step(0), &mut rng(0), &mut out).unwrap_err().to_string(),
        "invalid PoissonSpike rate · dt: 2000 Hz · 1 ms = 2 (must lie in [0, 1])"
    );
    assert!(input.update(&env(0.1 * ms).step(0), &mut rng(0), &mut out).is_ok());
    assert_eq!(
        input.update(&env(0.1 * ms).step(0), &mut rng(0), &mut [false; 3]).unwrap_err().to_string(),
        "PoissonSpike output (batch × 2): expected size 2, found 3"
    );
}

/// Rates given per step: 500 neurons at 200 Hz with dt = 0.1 ms for 1000 steps,
/// N = 500 000 trials of p = 0.02: mean 10 000, SE √9800 ≈ 99.
#[test]
fn poisson_encoder_mean_rate_within_five_standard_errors() {
    let encoder = PoissonEncoder::new(500).unwrap();
    let rates = vec![200.0 * Hz; 500];
    let mut out = vec![false; 500];
    let mut rng = rng(30);
    let mut total = 0usize;
    for i in 0..1000 {
        encoder.update(&env(0.1 * ms).step(i), &mut rng, &rates, &mut out).unwrap();
        total += out.iter().filter(|&&fired| fired).count();
    }
    assert!((total as f64 - 10_000.0).abs() < 5.0 * 9800.0f64.sqrt(), "{total}");
}

/// rate · dt = 0 never spikes and rate · dt = 1 always does; the same seed gives the same
/// spikes, another seed others.
#[test]
fn poisson_encoder_extremes_and_determinism() {
    let encoder = PoissonEncoder::new(3).unwrap();
    let rates = [0.0 * Hz, 10.0 * kHz, 1.0 * kHz];
    let run = |seed: u64| {
        let mut rng = StreamKey::new(seed, "encoder").rng();
        let mut out = [false; 3];
        (0..2000)
            .map(|i| {
                encoder.update(&env(0.1 * ms).step(i), &mut rng, &rates, &mut out).unwrap();
                out
            })
            .collect::<Vec<_>>()
    };
    let a = run(1);
    assert!(a.iter().all(|step| !step[0] && step[1]));
    assert_eq!(a, run(1));
    assert_ne!(a, run(2));
}

#[test]
fn poisson_encoder_rejects_bad_input() {
    assert_eq!(
        PoissonEncoder::new(0).unwrap_err().to_string(),
        "invalid PoissonEncoder size: 0 (must be > 0)"
    );
    let encoder = PoissonEncoder::new(2).unwrap();
    let ctx = env(0.1 * ms).step(0);
    let mut out = [false; 2];
    assert_eq!(
        encoder.update(&ctx, &mut rng(0), &[1.0 * Hz], &mut out).unwrap_err().to_string(),
        "PoissonEncoder rates (one per output): expected size 2, found 1"
    );
    assert_eq!(
        encoder
            .update(&ctx, &mut rng(0), &[1.0 * Hz, 20.0 * kHz], &mut out)
            .unwrap_err()
            .to_string(),
        "invalid PoissonEncoder rate · dt: 20000 Hz · 0.1 ms = 2 (must lie in [0, 1])"
    );
    assert_eq!(
        encoder
            .update(&ctx, &mut rng(0), &[f64::NAN * Hz, 1.0 * Hz], &mut out)
            .unwrap_err()
            .to_string(),
        "invalid PoissonEncoder rate · dt: NaN Hz · 0.1 ms = NaN (must lie in [0, 1])"
    );
}

// ---------------------------------------------------------------------------------------------
// Current waveforms
// ---------------------------------------------------------------------------------------------

fn trace<Q: Amplitude>(waveform: &impl CurrentWaveform<Q>, dt: Time, steps: u64) -> Vec<Q> {
    let env = env(dt);
    (0..steps).map(|i| waveform.value(&env.step(i))).collect()
}

#[test]
fn constant_current_writes_its_amplitude() {
    let bias = ConstantCurrent::new(3.0 * uA_per_cm2).unwrap();
    let mut out = vec![0.0 * uA_per_cm2; 4];
    bias.write(&env(0.01 * ms).step(77), &mut out);
    assert_eq!(out, vec![3.0 * uA_per_cm2; 4]);
}

/// On in steps ⌈start/dt⌉ ≤ i < ⌈end/dt⌉: 10–20 ms is steps 100..200 at dt = 0.1 ms (both
/// boundaries on a step) and 10.05–20.05 ms is steps 101..201.
#[test]
fn step_current_is_on_between_its_times() {
    let on_steps = |pulse: &StepCurrent<Current>| -> Vec<u64> {
        let t = trace(pulse, 0.1 * ms, 300);
        (0..300).filter(|&i| t[i as usize] == 0.5 * nA).collect()
    };
    let pulse = StepCurrent::new(0.5 * nA, 10.0 * ms, 20.0 * ms).unwrap();
    assert_eq!(on_steps(&pulse), (100..200).collect::<Vec<_>>());
    let pulse = StepCurrent::new(0.5 * nA, 10.05 * ms, 20.05 * ms).unwrap();
    assert_eq!(on_steps(&pulse), (101..201).collect::<Vec<_>>());
    let forever = StepCurrent::new(0.5 * nA, 29.9 * ms, f64::INFINITY * ms).unwrap();
    assert_eq!(on_steps(&forever), vec![299]);
}

/// Sections of 0.3, 0.2 and 0.15 ms at dt = 0.1 ms end at 0.3, 0.5 and 0.65 ms: steps 0..3,
/// 3..5, 5..7, then zero.
#[test]
fn section_current_follows_its_sections() {
    let protocol = SectionCurrent::new(
        vec![1.0 * uA_per_cm2, -2.0 * uA_per_cm2, 4.0 * uA_per_cm2],
        vec![0.3 * ms, 0.2 * ms, 0.15 * ms],
    )
    .unwrap();
    let got: Vec<f64> =
        trace(&protocol, 0.1 * ms, 9).iter().map(|q| q.value_in(uA_per_cm2)).collect();
    assert_eq!(got, [1.0, 1.0, 1.0, -2.0, -2.0, 4.0, 4.0, 0.0, 0.0]);
}

/// I(t) = from + (to − from)(t − start)/(end − start) for start ≤ t < end, read at t = i · dt:
/// from −50 pA to 150 pA over 2–4 ms at dt = 0.5 ms gives −50, 0, 50, 100 pA in steps 4..8.
#[test]
fn ramp_current_interpolates_linearly() {
    let ramp = RampCurrent::new(-50.0 * pA, 150.0 * pA, 2.0 * ms, 4.0 * ms).unwrap();
    let got: Vec<f64> = trace(&ramp, 0.5 * ms, 10).iter().map(|q| q.value_in(pA)).collect();
    let expected = [0.0, 0.0, 0.0, 0.0, -50.0, 0.0, 50.0, 100.0, 0.0, 0.0];
    for (got, expected) in got.iter().zip(expected) {
        assert!((got - expected).abs() < 1e-9, "{got:?}");
    }
}

#[test]
fn waveforms_reject_bad_input() {
    assert_eq!(
        ConstantCurrent::new(f64::NAN * pA).unwrap_err().to_string(),
        "invalid ConstantCurrent amplitude: NaN pA (must be finite)"
    );
    assert_eq!(
        StepCurrent::new(1.0 * pA, 2.0 * ms, 1.0 * ms).unwrap_err().to_string(),
        "invalid StepCurrent end: 1 ms (start 2 ms) (must be after the start)"
    );
    assert_eq!(
        StepCurrent::new(1.0 * pA, 1.0 * ms, f64::NAN * ms).unwrap_err().to_string(),
        "invalid StepCurrent end: NaN ms (start 1 ms) (must be after the start)"
    );
    assert_eq!(
        StepCurrent::new(1.0 * pA, f64::INFINITY * ms, f64::INFINITY * ms).unwrap_err().to_string(),
        "invalid StepCurrent start: inf ms (must be finite)"
    );
    assert_eq!(
        SectionCurrent::<Current>::new(vec![], vec![]).unwrap_err().to_string(),
        "invalid SectionCurrent sections: 0 (must be at least 1)"
    );
    assert_eq!(
        SectionCurrent::new(vec![f64::NAN * pA], vec![1.0 * ms]).unwrap_err().to_string(),
        "invalid SectionCurrent value: NaN pA (must be finite)"
    );
    assert_eq!(
        SectionCurrent::new(vec![1.0 * pA, 1.0 * pA], vec![1.0 * ms, -1.0 * ms])
            .unwrap_err()
            .to_string(),
        "invalid SectionCurrent duration: -1 ms, section 1 (must be finite and > 0)"
    );
    assert_eq!(
        RampCurrent::new(0.0 * pA, f64::NAN * pA, 0.0 * ms, 1.0 * ms).unwrap_err().to_string(),
        "invalid RampCurrent to: NaN pA (must be finite)"
    );
    assert_eq!(
        RampCurrent::new(0.0 * pA, 1.0 * pA, -1.0 * ms, 1.0 * ms).unwrap_err().to_string(),
        "invalid RampCurrent start: -1 ms (must be >= 0)"
    );
}
