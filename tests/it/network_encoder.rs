//! `EncodedRates` (a `PoissonEncoder` given its rates each step by a function of the step) as a
//! spike source in a network: the spike counts are Binomial(N, rate · dt), p = 0 never and
//! p = 1 always spikes, the rates follow the step, the spikes feed projections exactly as a
//! `PoissonSpike` source's do, bad rates are errors, and the draws follow the seed and
//! continue bit for bit through a checkpoint.

use neurodim::dynamics::connect::OneToOne;
use neurodim::dynamics::input::{EncodedRates, PoissonEncoder, PoissonSpike};
use neurodim::dynamics::network::{Network, PopulationId, SpikeSource};
use neurodim::dynamics::neuron::{Lif, LifParams};
use neurodim::dynamics::output::Cuba;
use neurodim::dynamics::projection::{AlignPost, OutputKind};
use neurodim::dynamics::synapse::ExponParams;
use neurodim::prelude::*;
use neurodim::state::{Checkpoint, Shape, StateKind, ValueType, list_states};

/// dt of every network here: 0.1 ms, so 1 kHz is p = 0.1 and 10 kHz is p = 1.
fn network() -> Network {
    Network::new(0.1 * ms).unwrap()
}

/// A source of `size` neurons all at `rate` in every step.
fn constant(size: usize, rate: Frequency) -> EncodedRates {
    EncodedRates::new(PoissonEncoder::new(size).unwrap(), move |_, rates| rates.fill(rate))
}

fn count(spikes: &[bool]) -> usize {
    spikes.iter().filter(|&&spike| spike).count()
}

#[test]
fn spike_counts_per_step_are_binomial() {
    // N = 1000 neurons at 1 kHz, dt = 0.1 ms: the count of a step is Binomial(1000, 0.1),
    // mean Np = 100, variance σ² = Npq = 90, fourth central moment μ4 = σ²(1 + 3(N − 2)pq)
    // = 24 341.4. Over T = 10 000 independent steps the sample mean has standard error
    // √(σ²/T) = 0.095 and the sample variance √((μ4 − σ⁴)/T) = 1.27.
    const N: usize = 1000;
    const T: usize = 10_000;
    let (p, q) = (0.1, 0.9);
    let mut net = network();
    let source = net.add_spike_source("img", constant(N, 1.0 * kHz)).unwrap();
    net.init(3).unwrap();
    let counts: Vec<f64> = (0..T)
        .map(|_| {
            net.step().unwrap();
            count(net.spikes(source).unwrap()) as f64
        })
        .collect();
    let mean = counts.iter().sum::<f64>() / T as f64;
    let variance = counts.iter().map(|c| (c - mean).powi(2)).sum::<f64>() / (T - 1) as f64;
    let (expected_mean, expected_variance) = (N as f64 * p, N as f64 * p * q);
    let mu4 = expected_variance * (1.0 + 3.0 * (N as f64 - 2.0) * p * q);
    let se_mean = (expected_variance / T as f64).sqrt();
    let se_variance = ((mu4 - expected_variance.powi(2)) / T as f64).sqrt();
    assert!((mean - expected_mean).abs() < 5.0 * se_mean, "mean {mean} (SE {se_mean})");
    assert!(
        (variance - expected_variance).abs() < 5.0 * se_variance,
        "variance {variance} (SE {se_variance})"
    );
}

#[test]
fn rate_zero_never_spikes_and_rate_one_per_dt_always_does() {
    let mut net = network();
    let off = net.add_spike_source("off", constant(1000, 0.0 * Hz)).unwrap();
    let on = net.add_spike_source("on", constant(1000, 10.0 * kHz)).unwrap();
    net.init(0).unwrap();
    for _ in 0..1000 {
        net.step().unwrap();
        assert_eq!(count(net.spikes(off).unwrap()), 0);
        assert_eq!(count(net.spikes(on).unwrap()), 1000);
    }
}

#[test]
fn the_rates_follow_the_step() {
    // 0 Hz before step 50, 1 kHz from it: no spike before 50; from 50 on a step without any of
    // the 1000 neurons spiking has probability 0.9^1000 ≈ 2e-46.
    const SWITCH: u64 = 50;
    let encoder = PoissonEncoder::new(1000).unwrap();
    let switching = EncodedRates::new(encoder, |ctx, rates| {
        if ctx.i >= SWITCH {
            rates.fill(1.0 * kHz);
        }
    });
    let mut net = network();
    let source = net.add_spike_source("img", switching).unwrap();
    let monitor = net.monitor_spikes(source).unwrap();
    net.init(1).unwrap();
    net.run(100).unwrap();
    let steps = net.spike_monitor(monitor).unwrap().spike_steps();
    assert_eq!(steps.first(), Some(&SWITCH));
    assert!((SWITCH..100).all(|step| steps.contains(&step)));
}

/// `N` silent LIF neurons `"P"` (unreachable threshold) driven one to one by `source` through
/// an AlignPost projection `"S"` (Expon, τ = 5 ms, 1 nS, CUBA, no delay).
fn projection_from(source: impl SpikeSource + 'static) -> (Network, PopulationId) {
    const N: usize = 200;
    let mut net = network();
    let src = net.add_spike_source("src", source).unwrap();
    let params = LifParams { v_th: 1e6 * mV, ..LifParams::default() };
    let pop = net.add_population("P", Lif::new(Shape::vector(N).unwrap(), params).unwrap());
    let conn = OneToOne.topology(N).unwrap().with_weight(1.0 * nS).unwrap();
    let syn = ExponParams { tau: 5.0 * ms };
    let out = OutputKind::Cuba(Cuba::default());
    net.add_align_post("S", AlignPost::new(src, pop.unwrap(), conn, syn, out)).unwrap();
    net.init(8).unwrap();
    (net, src)
}

/// Steps `net` 200 times: the source's spikes and the bits of `"S"`'s g after each step.
fn drive(net: &mut Network, src: PopulationId) -> Vec<(Vec<bool>, Vec<u64>)> {
    (0..200)
        .map(|_| {
            net.step().unwrap();
            let g = net.conductance("S").unwrap().iter().map(|g| g.value.to_bits()).collect();
            (net.spikes(src).unwrap().to_vec(), g)
        })
        .collect()
}

#[test]
fn the_encoded_spikes_arrive_at_the_next_step_like_a_poisson_spike_sources() {
    // Both draw `u < rate · dt` neuron by neuron from the stream "src.rng" of the same seed, so
    // a constant 1 kHz encoder and a 1 kHz PoissonSpike give the same spikes and g, bit for bit.
    let (mut encoded, src) = projection_from(constant(200, 1.0 * kHz));
    let run = drive(&mut encoded, src);
    let (mut poisson, src) = projection_from(PoissonSpike::new(200, 1.0 * kHz).unwrap());
    assert_eq!(drive(&mut poisson, src), run);

    // A spike of step n reaches g in step n + 1: g then rises by the weight, 1 nS, on top of
    // one step of decay, e^(−0.1/5); without a spike it only decays.
    let decay = (-0.1_f64 / 5.0).exp();
    assert!(run[0].1.iter().all(|&g| g == 0), "nothing arrives in step 0");
    for n in 0..run.len() - 1 {
        let (spikes, g) = &run[n];
        for (k, &spiked) in spikes.iter().enumerate() {
            let (before, after) = (f64::from_bits(g[k]), f64::from_bits(run[n + 1].1[k]));
            let expected = before * decay + if spiked { 1e-9 } else { 0.0 };
            assert!((after - expected).abs() < 1e-21, "step {n}, neuron {k}: {after} S");
        }
    }
    assert!(run.iter().map(|(spikes, _)| count(spikes)).sum::<usize>() > 1000);
}

#[test]
fn a_bad_rate_from_the_function_is_an_error_of_its_step() {
    for (bad, message) in [
        (-5.0 * Hz, "-5 Hz · 0.1 ms = -0.0005"),
        (f64::NAN * Hz, "NaN Hz · 0.1 ms = NaN"),
        (20.0 * kHz, "20000 Hz · 0.1 ms = 2"),
    ] {
        let encoder = PoissonEncoder::new(4).unwrap();
        let source = EncodedRates::new(encoder, move |ctx, rates| {
            rates.fill(100.0 * Hz);
            if ctx.i == 3 {
                rates[2] = bad;
            }
        });
        let mut net = network();
        net.add_spike_source("img", source).unwrap();
        net.init(0).unwrap();
        for _ in 0..3 {
            net.step().unwrap();
        }
        let err = net.step().unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("invalid PoissonEncoder rate · dt: {message} (must lie in [0, 1])")
        );
    }
}

/// 100 neurons whose rates cycle through 0, 100, …, 600 Hz by step and neuron.
fn cycling() -> EncodedRates {
    EncodedRates::new(PoissonEncoder::new(100).unwrap(), |ctx, rates| {
        for (k, rate) in rates.iter_mut().enumerate() {
            *rate = ((ctx.i as usize + k) % 7) as f64 * 100.0 * Hz;
        }
    })
}

fn spikes(net: &mut Network, src: PopulationId, steps: usize) -> Vec<Vec<bool>> {
    (0..steps)
        .map(|_| {
            net.step().unwrap();
            net.spikes(src).unwrap().to_vec()
        })
        .collect()
}

#[test]
fn the_spikes_follow_the_seed() {
    let run = |seed| {
        let mut net = network();
        let src = net.add_spike_source("img", cycling()).unwrap();
        net.init(seed).unwrap();
        spikes(&mut net, src, 300)
    };
    let first = run(1);
    assert!(first.iter().map(|step| count(step)).sum::<usize>() > 300);
    assert_eq!(run(1), first);
    assert_ne!(run(2), first);
}

#[test]
fn a_checkpoint_continues_the_encoded_stream_bit_for_bit() {
    let fresh = || {
        let mut net = network();
        let src = net.add_spike_source("img", cycling()).unwrap();
        (net, src)
    };
    let (net, _) = fresh();
    let streams: Vec<_> = list_states(&net)
        .into_iter()
        .filter(|info| info.value_type == ValueType::Stream)
        .map(|info| (info.path, info.kind))
        .collect();
    assert_eq!(streams, [("img.rng".to_string(), StateKind::ShortTerm)]);

    let (mut net, src) = fresh();
    net.init(0).unwrap();
    spikes(&mut net, src, 300);
    let saved = Checkpoint::capture(&net);
    let continued = spikes(&mut net, src, 300);
    let resume = |checkpoint: &Checkpoint| {
        let (mut net, src) = fresh();
        net.init(99).unwrap();
        checkpoint.restore(&mut net).unwrap();
        net.resume_at(300).unwrap();
        spikes(&mut net, src, 300)
    };
    assert_eq!(resume(&saved), continued, "restored directly");
    assert_eq!(resume(&Checkpoint::from_json(&saved.to_json()).unwrap()), continued, "JSON");
    assert_eq!(resume(&Checkpoint::from_bytes(&saved.to_bytes()).unwrap()), continued, "bytes");

    let mut partial = saved.clone();
    partial.states.retain(|r| r.path != "img.rng");
    assert_ne!(resume(&partial), continued, "without img.rng");
}
