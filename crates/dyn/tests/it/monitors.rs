//! Monitors against recordings computed by hand: spikes at known steps, state sampled every k
//! steps, population rates `count / (n · dt)`, a network's states recorded by path against
//! the same models stepped by hand; and each rejection of bad input.

use super::common::env;
use neurodim_dyn::DynError;
use neurodim_dyn::connect::AllToAll;
use neurodim_dyn::monitor::{PopulationRateMonitor, SpikeMonitor, StateMonitor};
use neurodim_dyn::network::Network;
use neurodim_dyn::neuron::{AdEx, AdExParams, Alif, AlifParams, Drive, Lif, LifParams, Neuron};
use neurodim_dyn::output::Cuba;
use neurodim_dyn::projection::{AlignPost, OutputKind};
use neurodim_dyn::synapse::{Alpha, AlphaParams, ConductanceSynapse, StpParams};
use neurodim_state::{Environment, Shape, StepContext, for_each_state, init_all, list_states};
use neurodim_units::*;
use proptest::prelude::*;

/// A spike vector of `n` neurons in which exactly `fired` spike.
fn spikes(n: usize, fired: &[usize]) -> Vec<bool> {
    let mut v = vec![false; n];
    for &j in fired {
        v[j] = true;
    }
    v
}

// ---------------------------------------------------------------- SpikeMonitor

#[test]
fn spike_monitor_records_known_spikes_exactly() {
    let env = env(0.1 * ms);
    let mut mon = SpikeMonitor::new(5).unwrap();
    // Step → neurons that fire.
    let plan: [&[usize]; 6] = [&[], &[3], &[0, 4], &[], &[], &[4, 1, 3]];
    for (i, fired) in plan.iter().enumerate() {
        mon.record(&env.step(i as u64), &spikes(5, fired)).unwrap();
    }
    assert_eq!(mon.spike_steps(), &[1, 2, 2, 5, 5, 5]);
    // Within a step, spikes come in index order whatever order the plan lists them.
    assert_eq!(mon.spike_indices(), &[3, 0, 4, 1, 3, 4]);
    // Times are step · dt, bit for bit the `t` of the step's context.
    let times: Vec<Time> = mon.spike_times().collect();
    let expected: Vec<Time> = [1, 2, 2, 5, 5, 5].iter().map(|&i| env.step(i).t).collect();
    assert_eq!(times, expected);
    assert_eq!(times[3], 5.0 * (0.1 * ms));
    assert_eq!(mon.counts(), &[1, 1, 0, 2, 2]);
    assert_eq!(mon.num_spikes(), 6);
    assert_eq!(mon.recorded_steps(), 0..6);
    assert_eq!(mon.recorded_span(), 0.0 * ms..6.0 * (0.1 * ms));
    assert_eq!(mon.dt(), Some(0.1 * ms));
}

#[test]
fn spike_monitor_subset_ignores_other_neurons_and_keeps_given_order() {
    let env = env(1.0 * ms);
    let mut mon = SpikeMonitor::subset(6, &[5, 2]).unwrap();
    mon.record(&env.step(10), &[true; 6]).unwrap();
    mon.record(&env.step(11), &spikes(6, &[0, 1, 2])).unwrap();
    mon.record(&env.step(12), &spikes(6, &[5])).unwrap();
    assert_eq!(mon.spike_indices(), &[5, 2, 2, 5]);
    assert_eq!(mon.spike_steps(), &[10, 10, 11, 12]);
    assert_eq!(mon.counts(), &[2, 2]);
    assert_eq!(mon.neurons(), &[5, 2]);
    assert_eq!(mon.population(), 6);
    assert_eq!(mon.spike_times().next(), Some(10.0 * ms));
}

#[test]
fn spike_monitor_mean_rate_over_windows() {
    // 4 neurons, dt = 0.5 ms, 20 steps (10 ms); neuron 0 fires at steps 0, 4, 8, 12, 16;
    // neuron 3 at step 10.
    let env = env(0.5 * ms);
    let mut mon = SpikeMonitor::new(4).unwrap();
    for i in 0..20 {
        let mut fired = Vec::new();
        if i % 4 == 0 {
            fired.push(0);
        }
        if i == 10 {
            fired.push(3);
        }
        mon.record(&env.step(i), &spikes(4, &fired)).unwrap();
    }
    let hz = |f: Frequency| f.value_in(Hz);
    // Whole run: 6 spikes / (4 · 10 ms) = 150 Hz.
    assert!((hz(mon.mean_rate(mon.recorded_span()).unwrap()) - 150.0).abs() < 1e-9);
    // Steps 8..12 (4 ms .. 6 ms): spikes at 8 and 10 → 2 / (4 · 2 ms) = 250 Hz.
    assert!((hz(mon.mean_rate(4.0 * ms..6.0 * ms).unwrap()) - 250.0).abs() < 1e-9);
    // Steps 9..10: none.
    assert_eq!(hz(mon.mean_rate(4.5 * ms..5.0 * ms).unwrap()), 0.0);
    // Ends are rounded to whole steps: 4.1 ms → step 8, 5.9 ms → step 12.
    assert!((hz(mon.mean_rate(4.1 * ms..5.9 * ms).unwrap()) - 250.0).abs() < 1e-9);
}

#[test]
fn spike_monitor_mean_rate_rejects_bad_windows() {
    let env = env(1.0 * ms);
    let mut mon = SpikeMonitor::new(1).unwrap();
    assert!(mon.mean_rate(0.0 * ms..1.0 * ms).unwrap_err().param().is_some());
    for i in 5..10 {
        mon.record(&env.step(i), &[true]).unwrap();
    }
    let param = |w| {
        let e = mon.mean_rate(w).unwrap_err();
        e.param().unwrap_or_else(|| panic!("unexpected error {e}"))
    };
    assert_eq!(param(4.0 * ms..8.0 * ms), "window start");
    assert_eq!(param(5.0 * ms..11.0 * ms), "window end");
    assert_eq!(param(7.0 * ms..7.0 * ms), "window");
    assert_eq!(param(8.0 * ms..6.0 * ms), "window");
    assert_eq!(param(f64::NAN * ms..6.0 * ms), "window start");
    let e = mon.mean_rate(4.0 * ms..8.0 * ms).unwrap_err().to_string();
    assert_eq!(
        e,
        "invalid window start: 4 ms (recorded 5 ms .. 10 ms) (must lie in the recorded span)"
    );
}

#[test]
fn spike_monitor_reserved_storage_does_not_move() {
    let env = env(0.1 * ms);
    let mut mon = SpikeMonitor::new(10).unwrap();
    mon.reserve(1000);
    let capacity = mon.capacity();
    let (steps_ptr, indices_ptr) = (mon.spike_steps().as_ptr(), mon.spike_indices().as_ptr());
    for i in 0..100 {
        mon.record(&env.step(i), &[true; 10]).unwrap();
    }
    assert_eq!(mon.num_spikes(), 1000);
    assert_eq!(mon.capacity(), capacity);
    assert_eq!(mon.spike_steps().as_ptr(), steps_ptr);
    assert_eq!(mon.spike_indices().as_ptr(), indices_ptr);
}

#[test]
fn spike_monitor_clear_restarts() {
    let env = env(0.1 * ms);
    let mut mon = SpikeMonitor::new(2).unwrap();
    mon.record(&env.step(3), &[true, true]).unwrap();
    mon.clear();
    assert_eq!((mon.num_spikes(), mon.counts()), (0, &[0, 0][..]));
    assert_eq!(mon.dt(), None);
    let other = Environment::new(0.2 * ms).unwrap();
    mon.record(&other.step(0), &[false, true]).unwrap();
    assert_eq!(mon.spike_steps(), &[0]);
    assert_eq!(mon.dt(), Some(0.2 * ms));
}

#[test]
fn spike_monitor_rejects_bad_construction() {
    assert_eq!(
        SpikeMonitor::new(0).unwrap_err().to_string(),
        "invalid population size: 0 (must be > 0)"
    );
    assert_eq!(
        SpikeMonitor::subset(3, &[0, 3]).unwrap_err(),
        DynError::IndexOutOfRange { what: "recorded neuron".into(), index: 3, len: 3 }
    );
    assert_eq!(
        SpikeMonitor::subset(3, &[1, 0, 1]).unwrap_err().to_string(),
        "invalid recorded neuron: 1 (must not be repeated)"
    );
    assert_eq!(
        SpikeMonitor::subset(3, &[]).unwrap_err().to_string(),
        "invalid recorded neurons: [] (must name at least one neuron)"
    );
    assert!(SpikeMonitor::subset(0, &[0]).is_err());
}

#[cfg(target_pointer_width = "64")]
#[test]
fn population_sizes_beyond_u32_indices_are_rejected() {
    let too_big = u32::MAX as usize + 2;
    assert_eq!(
        SpikeMonitor::new(too_big).unwrap_err().to_string(),
        format!("invalid population size: {too_big} (must be at most 2^32 (u32 indices))")
    );
    assert!(PopulationRateMonitor::new(too_big).is_err());
}

/// Every monitor rejects the same bad steps: a wrong vector length, a skipped or repeated
/// step, a changed dt, a non-positive dt.
fn assert_rejects_bad_steps(mut record: impl FnMut(&StepContext, usize) -> Result<(), DynError>) {
    let env = env(0.1 * ms);
    assert_eq!(
        record(&env.step(0), 2).unwrap_err(),
        DynError::SizeMismatch { what: record_what(&mut record), expected: 3, found: 2 }
    );
    let bad_dt = StepContext { dt: 0.0 * ms, t: 0.0 * ms, i: 0 };
    assert_eq!(record(&bad_dt, 3).unwrap_err().to_string(), "invalid dt: 0 ms (must be > 0)");
    record(&env.step(4), 3).unwrap();
    assert_eq!(
        record(&env.step(6), 3).unwrap_err().to_string(),
        "invalid step index: 6 (expected 5) (a monitor records consecutive steps)"
    );
    assert!(record(&env.step(4), 3).is_err());
    let other = Environment::new(0.2 * ms).unwrap();
    assert_eq!(
        record(&other.step(5), 3).unwrap_err().to_string(),
        "invalid dt: 0.2 ms (must equal the dt of the steps already recorded)"
    );
    // None of the rejected steps was recorded: step 5 still comes next.
    record(&env.step(5), 3).unwrap();
}

/// The name a monitor gives its per-step vector in a size mismatch.
fn record_what(record: &mut impl FnMut(&StepContext, usize) -> Result<(), DynError>) -> String {
    let ctx = env(0.1 * ms).step(0);
    match record(&ctx, 1) {
        Err(DynError::SizeMismatch { what, .. }) => what,
        other => panic!("expected a size mismatch, got {other:?}"),
    }
}

#[test]
fn every_monitor_rejects_bad_steps() {
    let mut spikes = SpikeMonitor::new(3).unwrap();
    assert_rejects_bad_steps(|ctx, n| spikes.record(ctx, &vec![false; n]));
    assert_eq!(spikes.recorded_steps(), 4..6);

    let mut rate = PopulationRateMonitor::new(3).unwrap();
    assert_rejects_bad_steps(|ctx, n| rate.record(ctx, &vec![false; n]));
    assert_eq!(rate.rates().len(), 2);

    let mut trace = StateMonitor::<Voltage>::new(3, &[1], 1).unwrap();
    assert_rejects_bad_steps(|ctx, n| trace.record(ctx, &vec![0.0 * mV; n]));
    assert_eq!(trace.sample_steps().collect::<Vec<_>>(), vec![4, 5]);

    assert_eq!(
        record_what(&mut |ctx: &StepContext, n| spikes.record(ctx, &vec![false; n])),
        "spike vector"
    );
    assert_eq!(
        record_what(&mut |ctx: &StepContext, n| trace.record(ctx, &vec![0.0 * mV; n])),
        "state vector"
    );
}

// ---------------------------------------------------------------- StateMonitor

#[test]
fn state_monitor_samples_every_k_steps_from_step_zero() {
    let env = env(0.1 * ms);
    let mut mon = StateMonitor::<Voltage>::new(4, &[3, 1], 3).unwrap();
    // V_j(i) = (-70 + 10 j + i) mV, so each sample's values are known.
    let v = |i: u64| -> Vec<Voltage> {
        (0..4).map(|j| (-70.0 + 10.0 * j as f64 + i as f64) * mV).collect()
    };
    for i in 0..10 {
        mon.record(&env.step(i), &v(i)).unwrap();
    }
    assert_eq!(mon.sample_steps().collect::<Vec<_>>(), vec![0, 3, 6, 9]);
    assert_eq!(mon.num_samples(), 4);
    let times: Vec<Time> = mon.sample_times().collect();
    assert_eq!(times, [0, 3, 6, 9].map(|i| env.step(i).t).to_vec());
    for (k, &i) in [0u64, 3, 6, 9].iter().enumerate() {
        let all = v(i);
        assert_eq!(mon.sample(k).unwrap(), &[all[3], all[1]]);
    }
    assert_eq!(
        mon.trace(1).collect::<Vec<_>>(),
        vec![-60.0 * mV, -57.0 * mV, -54.0 * mV, -51.0 * mV]
    );
    assert_eq!(mon.values().len(), 8);
    assert_eq!(mon.recorded_steps(), 0..10);
}

#[test]
fn state_monitor_samples_multiples_of_k_when_starting_late() {
    let env = env(0.25 * ms);
    let mut mon = StateMonitor::<Conductance>::new(1, &[0], 4).unwrap();
    for i in 5..14 {
        mon.record(&env.step(i), &[i as f64 * nS]).unwrap();
    }
    assert_eq!(mon.sample_steps().collect::<Vec<_>>(), vec![8, 12]);
    assert_eq!(mon.trace(0).collect::<Vec<_>>(), vec![8.0 * nS, 12.0 * nS]);
    assert_eq!(mon.sample_times().collect::<Vec<_>>(), vec![2.0 * ms, 3.0 * ms]);
}

#[test]
fn state_monitor_reserved_storage_does_not_move() {
    let env = env(0.1 * ms);
    let mut mon = StateMonitor::<f64>::new(8, &[0, 2, 4], 2).unwrap();
    mon.reserve_steps(101); // samples at 0, 2, …, 100: 51 samples of 3 values
    assert!(mon.capacity() >= 153);
    let ptr = mon.values().as_ptr();
    for i in 0..101 {
        mon.record(&env.step(i), &[1.0; 8]).unwrap();
    }
    assert_eq!(mon.values().len(), 153);
    assert_eq!(mon.values().as_ptr(), ptr);
}

#[test]
fn state_monitor_rejects_bad_construction() {
    let err = StateMonitor::<Voltage>::new(50, &[3, 50], 1).unwrap_err();
    assert_eq!(
        err,
        DynError::IndexOutOfRange { what: "recorded neuron".into(), index: 50, len: 50 }
    );
    assert_eq!(err.to_string(), "recorded neuron: index 50 out of range 0..50");
    assert_eq!(
        StateMonitor::<Voltage>::new(50, &[3], 0).unwrap_err().to_string(),
        "invalid every: 0 (must be >= 1)"
    );
    assert!(StateMonitor::<Voltage>::new(50, &[3, 3], 1).is_err());
    assert!(StateMonitor::<Voltage>::new(50, &[], 1).is_err());
    assert!(StateMonitor::<Voltage>::new(0, &[0], 1).is_err());
}

// ---------------------------------------------------------------- PopulationRateMonitor

#[test]
fn population_rate_is_count_over_n_dt() {
    let env = env(0.1 * ms);
    let mut mon = PopulationRateMonitor::new(8).unwrap();
    let counts = [0usize, 1, 8, 3, 0];
    for (i, &c) in counts.iter().enumerate() {
        mon.record(&env.step(i as u64 + 2), &spikes(8, &(0..c).collect::<Vec<_>>())).unwrap();
    }
    // r = c / (8 · 0.1 ms) = 1250 Hz · c
    let rates: Vec<f64> = mon.rates().iter().map(|r| r.value_in(Hz)).collect();
    for (r, &c) in rates.iter().zip(&counts) {
        assert!((r - 1250.0 * c as f64).abs() < 1e-9, "{r} vs {c}");
    }
    assert_eq!(mon.times().collect::<Vec<_>>(), (2..7).map(|i| env.step(i).t).collect::<Vec<_>>());
    assert_eq!(mon.recorded_steps(), 2..7);
}

#[test]
fn smoothing_matches_numpy_convolve_same() {
    // Rates 1, 2, …, 7 Hz·1000 (one neuron, dt = 1 ms, so r ∈ {0, 1000 Hz} per step is too
    // coarse; use 7 neurons and i spikes at step i). width 5 ms → m = 2·round(2.5) + 1 = 5
    // (NumPy rounds 2.5 to 2).
    let env = env(1.0 * ms);
    let mut mon = PopulationRateMonitor::new(7).unwrap();
    for i in 1..=7usize {
        mon.record(&env.step(i as u64), &spikes(7, &(0..i).collect::<Vec<_>>())).unwrap();
    }
    // Raw r_i = i / 7 kHz. numpy.convolve([1..7], ones(5)/5, 'same') · (1000/7):
    // [6, 10, 15, 20, 25, 22, 18] / 5.
    let expected = [6.0, 10.0, 15.0, 20.0, 25.0, 22.0, 18.0].map(|x| x / 5.0 * 1000.0 / 7.0);
    let smooth = mon.smoothed(5.0 * ms).unwrap();
    assert_eq!(smooth.len(), 7);
    for (got, want) in smooth.iter().zip(expected) {
        assert!((got.value_in(Hz) - want).abs() < 1e-9, "{} vs {want}", got.value_in(Hz));
    }
    // width 6 ms → m = 2·round(3) + 1 = 7: the middle value sees all 28 spikes / 7.
    let smooth = mon.smoothed(6.0 * ms).unwrap();
    assert!((smooth[3].value_in(Hz) - 28.0 / 7.0 * 1000.0 / 7.0).abs() < 1e-9);
    // A window wider than the recording still gives one value per step.
    assert_eq!(mon.smoothed(100.0 * ms).unwrap().len(), 7);
}

#[test]
fn smoothing_rejects_bad_width_and_handles_empty_recording() {
    let mon = PopulationRateMonitor::new(3).unwrap();
    assert_eq!(mon.smoothed(1.0 * ms).unwrap(), vec![]);
    assert_eq!(
        mon.smoothed(0.0 * ms).unwrap_err().to_string(),
        "invalid width: 0 ms (must be > 0)"
    );
    assert!(mon.smoothed(-1.0 * ms).is_err());
    assert!(mon.smoothed(f64::INFINITY * ms).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// On any spike train (sparse, across the 64- and 255-neuron block boundaries), the spike monitor
    /// records exactly the (step, index) pairs a naive scan finds; a subset monitor in reverse
    /// order records the same spikes, reversed within each step; the counts sum to the number of
    /// spikes, which is Σ r_i · n · dt of the rate monitor and the mean rate over the whole span
    /// times n · duration.
    #[test]
    fn monitors_agree_on_any_spike_train(
        n in 1usize..600,
        start in 0u64..50,
        train in proptest::collection::vec(proptest::collection::vec(proptest::bool::weighted(0.05), 600), 1..40),
    ) {
        let env = env(0.1 * ms);
        let mut spikes = SpikeMonitor::new(n).unwrap();
        let reversed: Vec<usize> = (0..n).rev().collect();
        let mut backwards = SpikeMonitor::subset(n, &reversed).unwrap();
        let mut rate = PopulationRateMonitor::new(n).unwrap();
        let mut naive = Vec::new();
        let mut naive_backwards = Vec::new();
        for (k, step) in train.iter().enumerate() {
            let ctx = env.step(start + k as u64);
            spikes.record(&ctx, &step[..n]).unwrap();
            backwards.record(&ctx, &step[..n]).unwrap();
            rate.record(&ctx, &step[..n]).unwrap();
            let fired: Vec<(u64, u32)> =
                (0..n).filter(|&j| step[j]).map(|j| (ctx.i, j as u32)).collect();
            naive_backwards.extend(fired.iter().rev());
            naive.extend(fired);
        }
        let pairs = |m: &SpikeMonitor| -> Vec<(u64, u32)> {
            m.spike_steps().iter().copied().zip(m.spike_indices().iter().copied()).collect()
        };
        prop_assert_eq!(pairs(&spikes), naive.clone());
        prop_assert_eq!(pairs(&backwards), naive_backwards);
        let total = naive.len();
        prop_assert_eq!(spikes.counts().iter().sum::<u64>() as usize, total);
        let from_rates: f64 = rate.rates().iter().map(|r| (*r * (n as f64 * (0.1 * ms))).value).sum();
        prop_assert!((from_rates - total as f64).abs() < 1e-9 * (1.0 + total as f64));
        let duration = train.len() as f64 * (0.1 * ms);
        let mean = spikes.mean_rate(spikes.recorded_span()).unwrap();
        prop_assert!(((mean * n as f64 * duration).value - total as f64).abs() < 1e-9 * (1.0 + total as f64));
    }

    /// A window narrower than two steps (m = 1) leaves the rates unchanged; a flat window never
    /// raises the largest rate.
    #[test]
    fn smoothing_is_identity_for_m_1_and_bounded(
        train in proptest::collection::vec(0usize..5, 1..60),
        width_steps in 0.01f64..40.0,
    ) {
        let env = env(0.5 * ms);
        let mut rate = PopulationRateMonitor::new(4).unwrap();
        for (i, &c) in train.iter().enumerate() {
            rate.record(&env.step(i as u64), &spikes(4, &(0..c.min(4)).collect::<Vec<_>>())).unwrap();
        }
        prop_assert_eq!(rate.smoothed(0.9 * (0.5 * ms)).unwrap(), rate.rates().to_vec());
        let max = rate.rates().iter().map(|r| r.value).fold(0.0, f64::max);
        for r in rate.smoothed(width_steps * (0.5 * ms)).unwrap() {
            prop_assert!(r.value <= max * (1.0 + 1e-12) && r.value >= 0.0);
        }
    }
}

#[test]
fn spike_monitor_binned_rates_by_hand() {
    // 2 neurons, dt = 0.5 ms, steps 4..11 (7 steps); spikes at steps 4 (both), 6, 9, 10.
    let env = env(0.5 * ms);
    let mut mon = SpikeMonitor::new(2).unwrap();
    for i in 4..11 {
        let fired = match i {
            4 => vec![0, 1],
            6 | 9 | 10 => vec![1],
            _ => vec![],
        };
        mon.record(&env.step(i), &spikes(2, &fired)).unwrap();
    }
    // bin 1.4 ms → round(2.8) = 3 steps: bins 4..7, 7..10, 10..11.
    let bins = mon.binned_rates(1.4 * ms).unwrap();
    let ranges: Vec<_> = bins.iter().map(|(t, _)| t.clone()).collect();
    assert_eq!(
        ranges,
        [(4, 7), (7, 10), (10, 11)].map(|(a, b)| env.step(a).t..env.step(b).t).to_vec()
    );
    // 3 spikes / (2 · 1.5 ms) = 1000 Hz; 1 / (2 · 1.5 ms) = 333.3 Hz; 1 / (2 · 0.5 ms) = 1000 Hz.
    let hz: Vec<f64> = bins.iter().map(|(_, r)| r.value_in(Hz)).collect();
    for (got, want) in hz.iter().zip([1000.0, 1000.0 / 3.0, 1000.0]) {
        assert!((got - want).abs() < 1e-9, "{got} vs {want}");
    }
    // A bin shorter than dt is one step.
    assert_eq!(mon.binned_rates(0.1 * ms).unwrap().len(), 7);
    assert_eq!(
        mon.binned_rates(-1.0 * ms).unwrap_err().to_string(),
        "invalid bin: -1 ms (must be > 0)"
    );
    assert!(SpikeMonitor::new(1).unwrap().binned_rates(1.0 * ms).unwrap().is_empty());
}

#[test]
fn population_rate_counts_dense_steps_exactly() {
    // Every neuron of 600 firing (the counter sums in blocks of 255 bytes): r = 1 / dt.
    let env = env(0.5 * ms);
    let mut mon = PopulationRateMonitor::new(600).unwrap();
    mon.record(&env.step(0), &[true; 600]).unwrap();
    let mut all_but_one = [true; 600];
    all_but_one[510] = false;
    mon.record(&env.step(1), &all_but_one).unwrap();
    assert!((mon.rates()[0].value_in(Hz) - 2000.0).abs() < 1e-9);
    assert!((mon.rates()[1].value_in(Hz) - 599.0 / 600.0 * 2000.0).abs() < 1e-9);
}

// ---------------------------------------------------------------- A network's states by path

/// Runs `net` for `steps` steps from seed 0.
fn run_network(net: &mut Network, steps: u64) {
    net.init(0).unwrap();
    net.run(steps).unwrap();
}

/// Steps `pop` alone by hand with the constant `currents`, calling `read(i, pop)` after each
/// step `i`.
fn step_by_hand<N: Neuron>(
    mut pop: N,
    currents: &[Current],
    steps: u64,
    mut read: impl FnMut(u64, &N),
) {
    init_all(&mut pop, None, 0).unwrap();
    let env = env(0.1 * ms);
    let mut spikes = vec![false; currents.len()];
    for i in 0..steps {
        pop.update(&env.step(i), &Drive::currents(currents), &mut spikes).unwrap();
        read(i, &pop);
    }
}

#[test]
fn alif_adaptation_recorded_by_path_equals_the_model_stepped_by_hand() {
    let currents = vec![1.5 * mA, 2.0 * mA, 3.0 * mA];
    let alif = || Alif::new(Shape::vector(3).unwrap(), AlifParams::default()).unwrap();
    let mut net = Network::new(0.1 * ms).unwrap();
    let e = net.add_population("E", alif()).unwrap();
    net.set_currents(e, currents.clone()).unwrap();
    let a = net.monitor_state("E.a", &[2, 0], 7).unwrap();
    run_network(&mut net, 300);

    let mut expected = Vec::new();
    step_by_hand(alif(), &currents, 300, |i, pop| {
        if i % 7 == 0 {
            expected.extend([pop.a()[2], pop.a()[0]]);
        }
    });
    let trace = net.state_trace(a).unwrap();
    assert_eq!(trace.path(), "E.a");
    let recorded = trace.to_monitor::<f64>().unwrap();
    assert_eq!(
        recorded.sample_steps().collect::<Vec<_>>(),
        (0..300).step_by(7).collect::<Vec<_>>()
    );
    assert_eq!(recorded.neurons(), &[2, 0]);
    // Bit for bit, and the neurons did adapt (a grows at each spike).
    assert_eq!(
        recorded.values().iter().map(|a| a.to_bits()).collect::<Vec<_>>(),
        expected.iter().map(|a| a.to_bits()).collect::<Vec<_>>()
    );
    assert!(expected.iter().any(|&a| a > 0.0));
}

#[test]
fn adex_adaptation_current_recorded_by_path_equals_the_model_stepped_by_hand() {
    let currents = vec![0.2 * nA, 0.5 * nA];
    let adex = || AdEx::new(Shape::vector(2).unwrap(), AdExParams::rs()).unwrap();
    let mut net = Network::new(0.1 * ms).unwrap();
    let e = net.add_population("E", adex()).unwrap();
    net.set_currents(e, currents.clone()).unwrap();
    let spikes = net.monitor_spikes(e).unwrap();
    let w = net.monitor_state("E.w", &[0, 1], 3).unwrap();
    run_network(&mut net, 2000);

    let mut expected = Vec::new();
    step_by_hand(adex(), &currents, 2000, |i, pop| {
        if i % 3 == 0 {
            expected.extend_from_slice(pop.w());
        }
    });
    let recorded = net.state_trace(w).unwrap().to_monitor::<Current>().unwrap();
    assert_eq!(recorded.num_samples(), 667);
    let bits = |w: &[Current]| w.iter().map(|w| w.value.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(recorded.values()), bits(&expected));
    // The second neuron fired, so w jumped by b at least once.
    assert!(net.spike_monitor(spikes).unwrap().counts()[1] > 0);
    // The same trace read as potentials is refused, not reinterpreted.
    assert!(net.voltage_trace(w).is_err());
    let err = net.state_trace(w).unwrap().to_monitor::<Voltage>().unwrap_err();
    assert!(err.to_string().contains("\"E.w\""), "{err}");
}

#[test]
fn alpha_synapse_h_recorded_by_path_equals_the_synapse_stepped_by_hand() {
    // brainstate's LIF test cell fires at steps 109 and 219; each spike arrives one step later.
    let mut net = Network::new(0.1 * ms).unwrap();
    let cell = LifParams { tau: 10.0 * ms, ..LifParams::default() };
    let pre =
        net.add_population("pre", Lif::new(Shape::vector(1).unwrap(), cell).unwrap()).unwrap();
    net.set_current(pre, 1.5 * mA).unwrap();
    let post = net
        .add_population("post", Lif::new(Shape::vector(2).unwrap(), LifParams::default()).unwrap())
        .unwrap();
    let weight = 2.0 * mS;
    let conn = AllToAll::new().topology(1, 2).unwrap().with_weight(weight).unwrap();
    let alpha = AlphaParams { tau: 2.0 * ms };
    let proj = AlignPost::new(pre, post, conn, alpha, OutputKind::Cuba(Cuba::default()));
    net.add_align_post("P", proj).unwrap();
    let pre_spikes = net.monitor_spikes(pre).unwrap();
    let h = net.monitor_state("P.syn.h", &[1], 1).unwrap();
    let g = net.monitor_state("P.syn.g", &[1], 1).unwrap();
    run_network(&mut net, 300);

    let fired = net.spike_monitor(pre_spikes).unwrap().spike_steps().to_vec();
    assert_eq!(fired, [109, 219]);
    let mut syn = Alpha::new(Shape::vector(2).unwrap(), alpha).unwrap();
    init_all(&mut syn, None, 0).unwrap();
    let env = env(0.1 * ms);
    let (mut expected_h, mut expected_g) = (Vec::new(), Vec::new());
    for i in 0..300u64 {
        let arrives = i > 0 && fired.contains(&(i - 1));
        syn.update(&env.step(i), arrives.then_some(&[weight, weight][..])).unwrap();
        expected_h.push(syn.h()[1]);
        expected_g.push(syn.g()[1]);
    }
    let h = net.state_trace(h).unwrap().to_monitor::<Conductance>().unwrap();
    assert_eq!(h.values(), expected_h.as_slice());
    assert_eq!(net.conductance_trace(g).unwrap().values(), expected_g.as_slice());
    assert_eq!(h.values()[110], weight); // the first arrival enters h whole
}

#[test]
fn a_path_that_names_no_state_is_refused_with_the_recordable_ones() {
    let mut net = Network::new(0.1 * ms).unwrap();
    let e = net
        .add_population("E", Alif::new(Shape::vector(2).unwrap(), AlifParams::default()).unwrap())
        .unwrap();
    let conn = AllToAll::new().topology(2, 2).unwrap().with_weight(1.0 * nS).unwrap();
    let syn = AlphaParams::default();
    net.add_align_post("EE", AlignPost::new(e, e, conn, syn, OutputKind::Cuba(Cuba::default())))
        .unwrap();
    let known =
        ["E.V", "E.a", "E.spike", "EE.syn.g", "EE.syn.h", "EE.w"].map(String::from).to_vec();
    assert_eq!(net.recordable_states(), known);
    for path in ["E.b", "EE.syn.u", "EE.g", "E", ""] {
        let err = net.monitor_state(path, &[0], 1).unwrap_err();
        assert_eq!(
            err,
            DynError::UnknownState {
                what: "monitored state".into(),
                path: path.into(),
                known: known.clone()
            }
        );
        assert!(err.to_string().contains(r#""E.a", "E.spike", "EE.syn.g""#), "{err}");
    }
    // The recordable states are the network's own, as its visitor lists them, less streams.
    let listed: Vec<String> = list_states(&net).into_iter().map(|info| info.path).collect();
    assert_eq!(listed, known);
    // Indices and the interval are checked against the state found.
    assert_eq!(
        net.monitor_state("EE.syn.h", &[2], 1).unwrap_err(),
        DynError::IndexOutOfRange { what: "recorded neuron".into(), index: 2, len: 2 }
    );
    assert!(net.monitor_state("E.a", &[0], 0).is_err());
    assert!(net.monitor_state("E.a", &[], 1).is_err());
}

#[test]
fn a_boolean_state_is_recorded_as_booleans() {
    let mut net = Network::new(0.1 * ms).unwrap();
    let cell = LifParams { tau: 10.0 * ms, ..LifParams::default() };
    let e = net.add_population("E", Lif::new(Shape::vector(1).unwrap(), cell).unwrap()).unwrap();
    net.set_current(e, 1.5 * mA).unwrap();
    let spike = net.monitor_state("E.spike", &[0], 1).unwrap();
    run_network(&mut net, 220);
    let recorded = net.state_trace(spike).unwrap().to_monitor::<bool>().unwrap();
    let fired: Vec<usize> =
        recorded.trace(0).enumerate().filter(|(_, f)| *f).map(|(i, _)| i).collect();
    assert_eq!(fired, [109, 219]); // brainstate's LIF test cell
    assert!(net.state_trace(spike).unwrap().to_monitor::<f64>().is_err());
}

#[test]
fn a_projection_state_is_found_by_its_path_like_any_other() {
    // Short-term plasticity keeps per-presynaptic states under "<projection>.stp": nothing in
    // the monitors names them, the network's walk finds them.
    let mut net = Network::new(0.1 * ms).unwrap();
    let cell = LifParams { tau: 10.0 * ms, ..LifParams::default() };
    let pre =
        net.add_population("pre", Lif::new(Shape::vector(2).unwrap(), cell).unwrap()).unwrap();
    net.set_current(pre, 1.5 * mA).unwrap();
    let post = net
        .add_population("post", Lif::new(Shape::vector(1).unwrap(), LifParams::default()).unwrap())
        .unwrap();
    let conn = AllToAll::new().topology(2, 1).unwrap().with_weight(1.0 * nS).unwrap();
    let proj =
        AlignPost::new(pre, post, conn, AlphaParams::default(), OutputKind::Cuba(Cuba::default()))
            .with_short_term_plasticity(StpParams::default());
    net.add_align_post("P", proj).unwrap();
    assert!(net.recordable_states().iter().any(|path| path == "P.stp.u"));
    let u = net.monitor_state("P.stp.u", &[1], 1).unwrap();
    run_network(&mut net, 250);
    // The last sample is the state as the network's own walk reads it now.
    let mut now = None;
    for_each_state(&net, |path, state| {
        if path == "P.stp.u" {
            now = Some(state.to_si()[1]);
        }
    });
    let recorded = net.state_trace(u).unwrap().to_monitor::<f64>().unwrap();
    assert_eq!(recorded.num_samples(), 250);
    assert_eq!(recorded.sample(249).unwrap()[0].to_bits(), now.unwrap().to_bits());
    // u moved away from its resting value with the spikes of steps 109 and 219.
    let first = recorded.sample(0).unwrap()[0];
    assert!(recorded.trace(0).any(|value| value != first));
}

/// A counting monitor and a full one on the same population of a network, and a counting
/// monitor fed by hand: the same counts per neuron and the same total as the full monitor's
/// spikes, and no spike kept.
#[test]
fn counting_monitors_count_what_full_monitors_record() {
    let mut net = Network::new(0.1 * ms).unwrap();
    let params = LifParams { tau: 10.0 * ms, ..LifParams::default() };
    let pop =
        net.add_population("E", Lif::new(Shape::vector(5).unwrap(), params).unwrap()).unwrap();
    let currents: Vec<Current> = (0..5).map(|i| (1.2 + 0.4 * i as f64) * mA).collect();
    net.set_currents(pop, currents).unwrap();
    let full = net.monitor_spikes(pop).unwrap();
    let counting = net.monitor_spike_counts(pop).unwrap();
    run_network(&mut net, 500);
    let (full, counting) = (net.spike_monitor(full).unwrap(), net.spike_monitor(counting).unwrap());
    assert!(full.num_spikes() > 10, "the neurons must fire: {}", full.num_spikes());
    assert_eq!(counting.counts(), full.counts());
    assert_eq!(counting.num_spikes(), full.num_spikes());
    assert!(counting.spike_indices().is_empty() && counting.spike_steps().is_empty());
    assert!(counting.binned_rates(1.0 * ms).is_err());

    let mut by_hand = SpikeMonitor::counting(5).unwrap();
    let env = env(0.1 * ms);
    by_hand.record(&env.step(0), &spikes(5, &[1, 4])).unwrap();
    by_hand.record(&env.step(1), &spikes(5, &[4])).unwrap();
    assert_eq!(by_hand.counts(), &[0, 1, 0, 0, 2]);
    assert!(by_hand.record(&env.step(3), &spikes(5, &[])).is_err()); // step 2 skipped
}
