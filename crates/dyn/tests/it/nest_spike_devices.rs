//! NEST's spike generators as network inputs ([`Network::spike_device`]) against NEST 3.10: the
//! device cases of `references/nest_zoo.json` (made by `benches/peers/nest/zoo_references.py`
//! with `nest-simulator==3.10.0`; semantics in `benches/peers/nest/zoo_semantics.md` §3, §8).
//!
//! What a device sends is observed through integrating `iaf_psc_delta` targets (the
//! references' own: τ_m = 10⁹ ms, no threshold, E_L = 0): each V jump is `count · J`, so the
//! count each target received in a step is `ΔV / J` (checked to be whole). With a delay of one
//! step, the jump after step `i` is what the device sent with NEST's stamp `i` — the emission
//! stamps the references list (their parrot neurons have a delay of `h` too).
//!
//! Deterministic behaviour (activity windows, `spike_generator`'s stamps, multiplicities,
//! weights, the sinusoid's recordable rate) must equal NEST's exactly. Poisson counts are
//! compared as laws: each statistic against its closed form, within 5 standard errors
//! (derived where it is used), for our run (fixed seed) and for NEST's reference numbers,
//! which are a second sample of the same law.

use neurodim_dyn::input::SpikeDevice;
use neurodim_dyn::prelude::*;
use neurodim_units::prelude::*;
use serde_json::Value;

const REFERENCES: &str = include_str!("references/nest_zoo.json");

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The device case `id` of the references.
fn case(id: &str) -> Value {
    let references: Value = serde_json::from_str(REFERENCES).expect("the references");
    let devices = references["devices"].as_array().expect("devices");
    devices.iter().find(|case| case["id"] == id).cloned().unwrap_or_else(|| panic!("{id}"))
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array().expect("a list").iter().map(|x| x.as_f64().expect("a number")).collect()
}

fn whole_numbers(v: &Value) -> Vec<u64> {
    v.as_array().expect("a list").iter().map(|x| x.as_u64().expect("a count")).collect()
}

fn number(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or_else(|| panic!("{key} in {v}"))
}

/// The references' integrating `iaf_psc_delta`: τ_m = 10⁹ ms, V_th = 10⁹ mV, E_L = V_m = 0,
/// V_reset = −1 mV.
fn integrator() -> IafPscDeltaParams {
    IafPscDeltaParams {
        tau_m: 1e9 * ms,
        v_th: 1e9 * mV,
        e_l: 0.0 * mV,
        v_reset: -1.0 * mV,
        ..IafPscDeltaParams::default()
    }
}

/// A network of resolution `h` (ms) with `n` integrators `"cells"` driven by `device` under
/// the name `"gen"`, weight 1 mV, delay `h` (so the jump after step `i` is the emission
/// stamped `i`).
fn driven(
    h: f64,
    n: usize,
    device: impl SpikeDevice + 'static,
) -> Result<(Network, PopulationId), DynError> {
    let mut net = Network::new(h * ms)?;
    let cells = net.add_population("cells", IafPscDelta::new(n, integrator())?)?;
    net.spike_device("gen", device, cells).weight(1.0 * mV).delay(h * ms).add()?;
    Ok((net, cells))
}

/// Runs `steps` steps; after step `i`, `per_step(i, counts)` gets the count each neuron of
/// `cells` received in it: its V jump in units of `j`, checked to be whole.
fn observe(
    net: &mut Network,
    cells: PopulationId,
    steps: u64,
    j: Voltage,
    mut per_step: impl FnMut(u64, &[u64]),
) -> TestResult {
    let v = |net: &Network| -> Result<Vec<f64>, DynError> {
        Ok(net.neurons(cells)?.v().iter().map(|v| v.value).collect())
    };
    let mut before = v(net)?;
    let mut counts = vec![0; before.len()];
    for i in 0..steps {
        net.step()?;
        let after = v(net)?;
        for ((count, b), a) in counts.iter_mut().zip(&before).zip(&after) {
            let jumps = (a - b) / j.value;
            // V decays by V·h/τ_m ≤ 10⁻⁶ of a jump here: a count stays unambiguous
            assert!((jumps - jumps.round()).abs() < 1e-3, "step {i}: a jump of {jumps} J");
            *count = jumps.round() as u64;
        }
        per_step(i, &counts);
        before = after;
    }
    Ok(())
}

/// The emission stamps of `device` at h = 0.1 ms onto one target over 50 steps.
fn emission_stamps(
    device: impl SpikeDevice + 'static,
) -> Result<Vec<u64>, Box<dyn std::error::Error>> {
    let (mut net, cells) = driven(0.1, 1, device)?;
    net.init(1)?;
    let mut stamps = Vec::new();
    observe(&mut net, cells, 50, 1.0 * mV, |i, counts| {
        if counts[0] > 0 {
            stamps.push(i);
        }
    })?;
    Ok(stamps)
}

/// `activity_windows`: start 2 ms, stop 3 ms at h = 0.1 ms, at a rate of 10⁶ Hz (λh = 100:
/// an active step sends nothing with probability e⁻¹⁰⁰), the emission stamps of each
/// generator exactly: 22…31 (poisson, inhomogeneous), 20…29 (sinusoidal, typed a current
/// generator), 21, 29, 30 (spike_generator, its spikes in (2, 3]).
#[test]
fn activity_windows_as_nest() -> TestResult {
    let windows = case("activity_windows")["windows"].clone();
    let expected = |device: &str| whole_numbers(&windows[device]["emission_steps"]);
    let params = |device: &str| windows[device]["params"].clone();
    let window = ActivityWindow::new(2.0 * ms, 3.0 * ms)?;

    let rate = number(&params("poisson_generator"), "rate") * Hz;
    let poisson = PoissonGenerator::new(rate)?.with_window(window);
    assert_eq!(emission_stamps(poisson)?, expected("poisson_generator"));

    let rate = number(&params("sinusoidal_poisson_generator"), "rate") * Hz;
    let sinusoidal = SinusoidalPoissonGenerator::new(rate, 0.0 * Hz, 0.0 * Hz, 0.0)?;
    let stamps = emission_stamps(sinusoidal.with_window(window))?;
    assert_eq!(stamps, expected("sinusoidal_poisson_generator"));

    let p = params("inhomogeneous_poisson_generator");
    let times = numbers(&p["rate_times"]).iter().map(|&t| t * ms).collect();
    let rates = numbers(&p["rate_values"]).iter().map(|&r| r * Hz).collect();
    let inhomogeneous = InhomogeneousPoissonGenerator::new(times, rates)?.with_window(window);
    assert_eq!(emission_stamps(inhomogeneous)?, expected("inhomogeneous_poisson_generator"));

    let times = numbers(&params("spike_generator")["spike_times"]);
    let spikes = SpikeGenerator::new(times.iter().map(|&t| t * ms).collect())?.with_window(window);
    assert_eq!(emission_stamps(spikes)?, expected("spike_generator"));
    Ok(())
}

/// The V jumps (`[time in ms, jump in mV]`, those above 10⁻⁹ mV, as the reference lists them)
/// of an integrator driven by `generator` with `weight` and delay 1 ms at h = 0.1 ms over
/// 10 ms (NEST's protocol of the `spike_generator` case).
fn v_jumps(generator: SpikeGenerator, weight: Voltage) -> Result<Vec<(f64, f64)>, DynError> {
    let mut net = Network::new(0.1 * ms)?;
    let cell = net.add_population("cell", IafPscDelta::new(1, integrator())?)?;
    net.spike_device("sg", generator, cell).weight(weight).delay(1.0 * ms).add()?;
    let v = net.monitor_state("cell.V", &[0], 1)?;
    net.init(0)?;
    net.run(100)?;
    let v: Vec<f64> = net.state_trace(v)?.si().trace(0).map(|v| v * 1e3).collect();
    let mut jumps = Vec::new();
    let mut last = 0.0;
    for (i, &now) in v.iter().enumerate() {
        if (now - last).abs() > 1e-9 {
            jumps.push(((i + 1) as f64 * 0.1, now - last));
        }
        last = now;
    }
    Ok(jumps)
}

/// Asserts that `ours` are the reference's `[time, jump]` pairs: the same stamps, the jumps
/// within 10⁻¹² mV (the integrator's rounding; NEST's jumps differ from `count · J` by V's
/// decay over a step, ~10⁻¹⁰ mV, which ours reproduce).
fn assert_jumps(ours: &[(f64, f64)], nest: &Value, what: &str) {
    let nest: Vec<Vec<f64>> = nest.as_array().expect("jumps").iter().map(numbers).collect();
    assert_eq!(ours.len(), nest.len(), "{what}: {ours:?} vs {nest:?}");
    for ((t, jump), pair) in ours.iter().zip(&nest) {
        assert_eq!((t / 0.1).round(), (pair[0] / 0.1).round(), "{what}: {ours:?} vs {nest:?}");
        assert!((jump - pair[1]).abs() < 1e-12, "{what}: jump {jump} at {t}, NEST {}", pair[1]);
    }
}

/// `spike_generator`: multiplicities (one event counting m times: the target jumps by m·J),
/// spike weights (the delivered weight is spike weight × connection weight), NEST's grid
/// rules (allow_offgrid_times, shift_now_spikes, half a tic of tolerance) and refusals.
#[test]
fn spike_generator_as_nest() -> TestResult {
    let cases = case("spike_generator")["cases"].clone();
    let ms_times = |v: &Value| numbers(v).iter().map(|&t| t * ms).collect::<Vec<_>>();

    let c = &cases["multiplicities"];
    let multiplicities = whole_numbers(&c["params"]["spike_multiplicities"]);
    let generator = SpikeGenerator::new(ms_times(&c["params"]["spike_times"]))?
        .with_multiplicities(multiplicities.iter().map(|&m| m as u32).collect())?;
    assert_jumps(&v_jumps(generator, 1.0 * mV)?, &c["target_V_jumps"], "multiplicities");

    let c = &cases["spike_weights"];
    let generator = SpikeGenerator::new(ms_times(&c["params"]["spike_times"]))?
        .with_weights(numbers(&c["params"]["spike_weights"]))?;
    let weight = number(c, "connection_weight") * mV;
    assert_jumps(&v_jumps(generator, weight)?, &c["target_V_jumps"], "spike_weights");

    // the grid rules: the parrot's times with a delay of 1 ms are our jumps' times
    type Make = fn(Vec<Time>) -> Result<SpikeGenerator, DynError>;
    let rules: [(&str, Make); 3] = [
        ("allow_offgrid_times", |t| Ok(SpikeGenerator::new(t)?.with_allow_offgrid_times(true))),
        ("shift_now_spikes", |t| Ok(SpikeGenerator::new(t)?.with_shift_now_spikes(true))),
        ("on_grid_tolerance", SpikeGenerator::new),
    ];
    for (label, make) in rules {
        let c = &cases[label];
        let jumps = v_jumps(make(ms_times(&c["params"]["spike_times"]))?, 1.0 * mV)?;
        let stamps: Vec<u64> = jumps.iter().map(|(t, _)| (t / 0.1).round() as u64).collect();
        let parrot = numbers(&c["parrot_times_delay_1ms"]);
        let parrot: Vec<u64> = parrot.iter().map(|t| (t / 0.1).round() as u64).collect();
        assert_eq!(stamps, parrot, "{label}");
        let emitted: Vec<u64> = stamps.iter().map(|n| n - 10).collect();
        assert_eq!(emitted, whole_numbers(&c["emission_steps"]), "{label}");
    }

    // NEST's refusals: our error (naming spike_times) carries NEST's message
    let refused = |label: &str| -> Result<(String, String), Box<dyn std::error::Error>> {
        let c = &cases[label];
        let nest = c["error"].as_str().expect("NEST's error").to_string();
        let mut net = Network::new(0.1 * ms)?;
        let cell = net.add_population("cell", IafPscDelta::new(1, integrator())?)?;
        let ours = SpikeGenerator::new(ms_times(&c["params"]["spike_times"]))
            .and_then(|g| net.spike_device("sg", g, cell).weight(1.0 * mV).add());
        let ours = ours.expect_err(label).to_string();
        assert!(ours.starts_with("invalid spike_times: "), "{ours}");
        Ok((ours, nest))
    };
    // NEST: "spike_generator: Time point 1.03 is not representable in current resolution."
    let (ours, nest) = refused("off_grid_rejected")?;
    let rule = nest.split(" is ").nth(1).expect("NEST's rule").trim_end_matches('.');
    assert!(ours.contains("1.03 ms") && ours.contains(rule), "{ours} | {nest}");
    let (ours, nest) = refused("zero_rejected")?;
    assert!(ours.contains(&nest), "{ours} | {nest}");
    let (ours, nest) = refused("unsorted_rejected")?;
    assert!(ours.contains(&nest), "{ours} | {nest}");
    Ok(())
}

/// What the targets of a device received over the stamps `0..=last`: per stamp (summed over
/// the targets), per target, and how often a target received `k` in one stamp (`k < 64`).
struct Received {
    per_stamp: Vec<u64>,
    per_target: Vec<u64>,
    histogram: Vec<u64>,
}

/// Runs `net` (from [`driven`]) through the stamp `last` and collects what `cells` received.
fn receive(
    net: &mut Network,
    cells: PopulationId,
    last: u64,
) -> Result<Received, Box<dyn std::error::Error>> {
    let n = net.neurons(cells)?.v().len();
    let mut got =
        Received { per_stamp: Vec::new(), per_target: vec![0; n], histogram: vec![0; 64] };
    observe(net, cells, last + 1, 1.0 * mV, |_, counts| {
        got.per_stamp.push(counts.iter().sum());
        for (total, &count) in got.per_target.iter_mut().zip(counts) {
            *total += count;
            got.histogram[(count as usize).min(63)] += 1;
        }
    })?;
    Ok(got)
}

/// Asserts `|observed − expected| ≤ 5 σ`.
fn within_5_sigma(observed: f64, expected: f64, sigma: f64, what: &str) {
    let z = (observed - expected) / sigma;
    println!("{what}: {observed} (expected {expected}, {z:+.2} σ)");
    assert!(z.abs() <= 5.0, "{what}: {observed}, expected {expected} ± {sigma} ({z:+.1} σ)");
}

/// Mean and variance (ddof 0) of `values`.
fn mean_var(values: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let n = values.clone().count() as f64;
    let mean = values.clone().sum::<f64>() / n;
    (mean, values.map(|x| (x - mean).powi(2)).sum::<f64>() / n)
}

/// The per-stamp totals `c_s` of independent Poisson counts with means `m_s` (over the stamps
/// of `means`): their sample mean within 5 σ of `m̄` (σ² = Σm/K²), and their sample variance
/// (ddof 0) within 5 standard errors of its expectation, `(1 − 1/K)·m̄ + var(m)` (Poisson:
/// the variance is the mean, plus the spread of a modulated mean). The standard error of the
/// variance, `(1/K)·√Σ(m + 2m² + 4d²m + 4dm)` with `d = m − m̄`, is that of a sum of the
/// independent `(c_s − m̄)²`, whose variance is `m + 2m²` (Poisson's fourth central moment less
/// its squared variance) `+ 4d²m + 4dm` (the cross terms with `d`, Poisson's third central
/// moment being `m`).
fn check_dispersion((mean, var): (f64, f64), means: &[f64], what: &str) {
    let k = means.len() as f64;
    let (m_bar, spread) = mean_var(means.iter().copied());
    within_5_sigma(mean, m_bar, (m_bar / k).sqrt(), &format!("{what}: per-stamp mean"));
    let expected = (1.0 - 1.0 / k) * m_bar + spread;
    let terms: f64 = means
        .iter()
        .map(|&m| {
            let d = m - m_bar;
            m + 2.0 * m * m + 4.0 * d * d * m + 4.0 * d * m
        })
        .sum();
    within_5_sigma(var, expected, terms.sqrt() / k, &format!("{what}: per-stamp variance"));
}

/// Per bin `[a, b)` of `edges` (ms, compared in whole steps of `h`), the sum of `per_stamp`
/// over the stamps in it.
fn binned(per_stamp: &[f64], edges: &[f64], h: f64) -> Vec<f64> {
    let steps: Vec<usize> = edges.iter().map(|e| (e / h).round() as usize).collect();
    let sum =
        |a: usize, b: usize| per_stamp[a.min(per_stamp.len())..b.min(per_stamp.len())].iter().sum();
    steps.windows(2).map(|w| sum(w[0], w[1])).collect()
}

/// Each bin's count within 5 σ of its Poisson expectation (σ = √E; a bin expected empty must be
/// empty).
fn check_bins(observed: &[f64], expected: &[f64], what: &str) {
    assert_eq!(observed.len(), expected.len(), "{what}");
    for (b, (&o, &e)) in observed.iter().zip(expected).enumerate() {
        if e == 0.0 {
            assert_eq!(o, 0.0, "{what}: bin {b} must be empty");
        } else {
            within_5_sigma(o, e, e.sqrt(), &format!("{what}: bin {b}"));
        }
    }
}

/// The statistics a Poisson device's counts share with NEST's reference `c` (whose targets
/// were `n_nest`, ours `got` from `n` targets), given the mean count of one target per stamp,
/// `per_target_mean[stamp]` (0 where inactive), over the stamps `0..=N`: the total against
/// its Poisson expectation, the per-stamp mean and variance from stamp 2 on
/// ([`check_dispersion`]), each target's total (Poisson: its variance over the targets is its
/// mean; the standard error of a sample variance of `n` Poisson(μ) values is
/// `√((μ + 2μ²)/n)`), and the histogram of the reference's bins (folded by `fold` bins,
/// a period of the rate, if given).
fn check_law(c: &Value, got: &Received, per_target_mean: &[f64], fold: Option<usize>) {
    let id = c["id"].as_str().expect("id");
    let h = number(c, "resolution");
    let n_nest = c["setup"]["n_targets"].as_u64().expect("n_targets") as f64;
    let n = got.per_target.len() as f64;
    for (who, targets, total) in [
        ("NEST", n_nest, c["total"].as_f64().expect("total")),
        ("ours", n, got.per_stamp.iter().sum::<u64>() as f64),
    ] {
        let expected = targets * per_target_mean.iter().sum::<f64>();
        within_5_sigma(total, expected, expected.sqrt(), &format!("{id} {who}: total"));
    }
    let from_2 =
        |targets: f64| per_target_mean[2..].iter().map(|m| targets * m).collect::<Vec<_>>();
    let nest = (number(c, "per_step_mean"), number(c, "per_step_var"));
    check_dispersion(nest, &from_2(n_nest), &format!("{id} NEST"));
    let ours = mean_var(got.per_stamp[2..].iter().map(|&c| c as f64));
    check_dispersion(ours, &from_2(n), &format!("{id} ours"));
    let mu: f64 = per_target_mean.iter().sum();
    let nest_targets = whole_numbers(&c["counts_per_target"]);
    for (who, totals) in [("NEST", nest_targets.as_slice()), ("ours", got.per_target.as_slice())] {
        let (mean, var) = mean_var(totals.iter().map(|&t| t as f64));
        let k = totals.len() as f64;
        let what = format!("{id} {who}: per-target totals");
        within_5_sigma(mean, mu, (mu / k).sqrt(), &format!("{what}, mean"));
        within_5_sigma(var, mu, ((mu + 2.0 * mu * mu) / k).sqrt(), &format!("{what}, variance"));
    }
    let edges = numbers(&c["bin_edges_ms"]);
    let folded = |bins: Vec<f64>| match fold {
        Some(period) => (0..period).map(|p| bins.iter().skip(p).step_by(period).sum()).collect(),
        None => bins,
    };
    let expected = |targets: f64| {
        let means: Vec<f64> = per_target_mean.iter().map(|m| targets * m).collect();
        folded(binned(&means, &edges, h))
    };
    let nest_hist = folded(numbers(&c["hist"]));
    check_bins(&nest_hist, &expected(n_nest), &format!("{id} NEST: histogram"));
    let ours: Vec<f64> = got.per_stamp.iter().map(|&c| c as f64).collect();
    check_bins(&folded(binned(&ours, &edges, h)), &expected(n), &format!("{id} ours: histogram"));
}

/// A reference case's resolution, last stamp `T/h`, number of targets and setup.
fn protocol(c: &Value) -> (f64, u64, usize, Value) {
    let h = number(c, "resolution");
    let last = (number(c, "duration") / h).round() as u64;
    let n = c["setup"]["n_targets"].as_u64().expect("n_targets") as usize;
    (h, last, n, c["setup"].clone())
}

/// `poisson_generator/rate20` (20 Hz, h = 0.1 ms, 2 s, 500 targets): an independent
/// Poisson(λh) count per target and stamp from stamp 2 on.
#[test]
fn poisson_generator_rate20_as_nest() -> TestResult {
    let c = case("poisson_generator/rate20");
    let (h, last, n, setup) = protocol(&c);
    let rate = number(&setup, "rate");
    let (mut net, cells) = driven(h, n, PoissonGenerator::new(rate * Hz)?)?;
    net.init(20)?;
    let got = receive(&mut net, cells, last)?;
    assert_eq!(got.per_stamp[..2], [0, 0], "start 0: the first stamp sent is 2");
    let mut mean = vec![rate * 1e-3 * h; last as usize + 1];
    mean[..2].fill(0.0);
    check_law(&c, &got, &mean, None);
    Ok(())
}

/// `poisson_generator/rate5000_h1` (5 kHz at h = 1 ms: λh = 5): multiplicity — a target
/// receives Poisson(5) spikes in a step, not at most one, and its V jumps by `count · J`.
#[test]
fn poisson_generator_rate5000_h1_as_nest() -> TestResult {
    let c = case("poisson_generator/rate5000_h1");
    let (h, last, n, setup) = protocol(&c);
    let rate = number(&setup, "rate");
    let (mut net, cells) = driven(h, n, PoissonGenerator::new(rate * Hz)?)?;
    net.init(5000)?;
    let got = receive(&mut net, cells, last)?;
    let lambda = rate * 1e-3 * h;
    let mut mean = vec![lambda; last as usize + 1];
    mean[..2].fill(0.0);
    check_law(&c, &got, &mean, None);
    // the counts of a target in a step: Poisson(5), each frequency within 5 binomial σ
    let samples = (n as u64 * (last - 1)) as f64;
    let mut p = (-lambda).exp();
    let zeros_of_inactive = (2 * n) as u64; // stamps 0 and 1
    for k in 0..20 {
        let observed = got.histogram[k] - if k == 0 { zeros_of_inactive } else { 0 };
        let sigma = (samples * p * (1.0 - p)).sqrt();
        within_5_sigma(observed as f64, samples * p, sigma, &format!("targets receiving {k}"));
        p *= lambda / (k + 1) as f64;
    }
    assert!(got.histogram[2..].iter().sum::<u64>() > 0, "several spikes in one step");
    Ok(())
}

/// `sinusoidal_poisson_generator/rate30_amp20_f10`: the recordable rate equals NEST's to the
/// bit over 2 000 steps; counts follow its sinusoid (the histogram folded over the period of
/// 100 ms), with the variance of a modulated Poisson count.
#[test]
fn sinusoidal_poisson_generator_as_nest() -> TestResult {
    let c = case("sinusoidal_poisson_generator/rate30_amp20_f10");
    let (h, last, n, setup) = protocol(&c);
    let [rate, amplitude, frequency, phase] =
        ["rate", "amplitude", "frequency", "phase"].map(|key| number(&setup, key));
    let generator =
        SinusoidalPoissonGenerator::new(rate * Hz, amplitude * Hz, frequency * Hz, phase)?;
    let (mut net, cells) = driven(h, n, generator)?;
    let recorded = net.monitor_state("gen.rate", &[0], 1)?;
    net.init(30)?;
    let got = receive(&mut net, cells, last)?;
    let rates: Vec<f64> = net.state_trace(recorded)?.si().trace(0).collect();
    let nest = numbers(&c["generator_rate_first_2000_steps"]);
    assert_eq!(rates[..nest.len()], nest[..], "NEST's rate, bit for bit");
    // step i draws at rates[i] and sends with the stamp i + 1; the first step already sends
    let mut mean = vec![0.0];
    mean.extend(rates[..last as usize].iter().map(|r| r * 1e-3 * h));
    let period = (1000.0 / frequency / 5.0).round() as usize; // 5 ms bins per period
    check_law(&c, &got, &mean, Some(period));
    Ok(())
}

/// `individual_spike_trains` False: one count per step, the same for every target (NEST's
/// `test_sinusoidal_generators.py`); True (the default): independent counts.
#[test]
fn sinusoidal_poisson_generator_shared_or_individual_trains() -> TestResult {
    for individual in [false, true] {
        let generator = SinusoidalPoissonGenerator::new(2000.0 * Hz, 1000.0 * Hz, 10.0 * Hz, 0.0)?
            .with_individual_spike_trains(individual);
        let (mut net, cells) = driven(0.1, 20, generator)?;
        net.init(3)?;
        let (mut steps_with_spikes, mut steps_differing) = (0, 0);
        observe(&mut net, cells, 2000, 1.0 * mV, |_, counts| {
            steps_with_spikes += u32::from(counts.iter().any(|&c| c > 0));
            steps_differing += u32::from(counts.iter().any(|&c| c != counts[0]));
        })?;
        // 2 kHz · 0.1 ms = 0.2 per train and step: some 360 of 2 000 steps send a spike
        assert!(steps_with_spikes > 100, "{steps_with_spikes}");
        if individual {
            assert!(steps_differing > 100, "{steps_differing}");
        } else {
            assert_eq!(steps_differing, 0, "one train for all targets");
        }
    }
    Ok(())
}

/// `inhomogeneous_poisson_generator/steps`: 10, 80, 0 and 40 Hz from 10, 500, 1000 and
/// 1500 ms: the histogram of the reference's bins (the silent ones empty), the totals and the
/// variance of a stepped Poisson count.
#[test]
fn inhomogeneous_poisson_generator_as_nest() -> TestResult {
    let c = case("inhomogeneous_poisson_generator/steps");
    let (h, last, n, setup) = protocol(&c);
    let times = numbers(&setup["rate_times"]);
    let values = numbers(&setup["rate_values"]);
    let generator = InhomogeneousPoissonGenerator::new(
        times.iter().map(|&t| t * ms).collect(),
        values.iter().map(|&r| r * Hz).collect(),
    )?;
    let (mut net, cells) = driven(h, n, generator)?;
    net.init(40)?;
    let got = receive(&mut net, cells, last)?;
    // the rate of the last time at or before the stamp; stamps 0 and 1 are never sent
    let mean: Vec<f64> = (0..=last)
        .map(|stamp| {
            let at = times.iter().rposition(|&t| ((t / h).round() as u64) <= stamp);
            let rate = at.map_or(0.0, |i| values[i]);
            if stamp >= 2 { rate * 1e-3 * h } else { 0.0 }
        })
        .collect();
    check_law(&c, &got, &mean, None);
    Ok(())
}

/// Current weights into the ports of `iaf_psc_exp` as NEST routes them (by sign, after NEST's
/// delay): the V and synaptic currents of a target driven by two `spike_generator`s (+100 pA,
/// −50 pA, delay 1.5 ms) are those of the same spikes through `StaticSynapses` with
/// `SynapseDelays::nest` (validated against NEST in `nest_neurons.rs`), bit for bit.
#[test]
fn current_weights_reach_the_ports_as_static_synapses_do() -> TestResult {
    let (ex_times, in_times) = ([1.0, 2.5, 2.5, 7.0], [2.0, 2.5, 9.9]);
    let record = |net: &mut Network| -> Result<_, DynError> {
        let v = net.monitor_state("cell.V", &[0], 1)?;
        let i_ex = net.monitor_state("cell.I_syn_ex", &[0], 1)?;
        let i_in = net.monitor_state("cell.I_syn_in", &[0], 1)?;
        Ok([v, i_ex, i_in])
    };
    let traces = |net: &Network, ids: [TraceId; 3]| -> Result<Vec<Vec<f64>>, DynError> {
        ids.iter().map(|&id| Ok(net.state_trace(id)?.si().values().to_vec())).collect()
    };
    let cell = || IafPscExp::new(1, IafPscExpParams::default());
    let times = |ts: &[f64]| ts.iter().map(|&t| t * ms).collect::<Vec<_>>();

    let mut devices = Network::new(0.1 * ms)?;
    let post = devices.add_population("cell", cell()?)?;
    for (name, ts, w) in [("ex", &ex_times[..], 100.0 * pA), ("in", &in_times[..], -50.0 * pA)] {
        let generator = SpikeGenerator::new(times(ts))?;
        devices.spike_device(name, generator, post).weight(w).delay(1.5 * ms).add()?;
    }
    let ids = record(&mut devices)?;
    devices.init(0)?;
    devices.run(200)?;
    let ours = traces(&devices, ids)?;

    let mut statics = Network::new(0.1 * ms)?;
    let post = statics.add_population("cell", cell()?)?;
    let delays = SynapseDelays::nest(1.5 * ms, statics.dt())?;
    for (name, ts, w) in [("ex", &ex_times[..], 100.0 * pA), ("in", &in_times[..], -50.0 * pA)] {
        // the spike stamped t is sent by the step from t − h to t
        let sent: Vec<Time> = ts.iter().map(|&t| (t - 0.1) * ms).collect();
        let source = statics
            .add_spike_source(name, SpikeTime::new(sent.len(), (0..sent.len()).collect(), sent)?)?;
        let topology = AllToAll::new().topology(ts.len(), 1)?.with_weight(w)?;
        let synapses = StaticSynapses::new(source, post, topology).with_delays(delays.clone());
        statics.add_static_synapses(&format!("{name}_cell"), synapses)?;
    }
    let ids = record(&mut statics)?;
    statics.init(0)?;
    statics.run(200)?;
    assert_eq!(ours, traces(&statics, ids)?);
    assert!(ours[1].iter().any(|&i| i > 0.0) && ours[2].iter().any(|&i| i < 0.0), "both ports");
    Ok(())
}

/// A network with each of the four devices, onto voltage jumps and both current ports, with
/// delays of several steps (spikes in flight) and `n` targets per population.
fn all_devices(n: usize, rate: f64) -> Result<Network, DynError> {
    let mut net = Network::new(0.1 * ms)?;
    let a = net.add_population("A", IafPscDelta::new(n, integrator())?)?;
    let b = net.add_population("B", IafPscExp::new(n, IafPscExpParams::default())?)?;
    let window = ActivityWindow::new(1.0 * ms, 40.0 * ms)?;
    let poisson = PoissonGenerator::new(rate * Hz)?.with_window(window);
    net.spike_device("pg", poisson, a).weight(0.1 * mV).delay(2.0 * ms).add()?;
    let spikes = SpikeGenerator::new(vec![0.5 * ms, 5.0 * ms, 5.0 * ms])?
        .with_weights(vec![1.0, -2.0, 3.0])?;
    net.spike_device("sg", spikes, a).weight(1.0 * mV).add()?;
    let theta = SinusoidalPoissonGenerator::new(800.0 * Hz, 600.0 * Hz, 40.0 * Hz, 30.0)?
        .with_individual_spike_trains(false);
    net.spike_device("spg", theta, b).weight(20.0 * pA).delay(0.7 * ms).add()?;
    let steps =
        InhomogeneousPoissonGenerator::new(vec![3.0 * ms, 6.0 * ms], vec![900.0 * Hz, 300.0 * Hz])?;
    let weights = (0..n).map(|j| -(1.0 + j as f64 % 7.0) * pA).collect();
    net.spike_device("ipg", steps, b).weights(weights).delay(1.0 * ms).add()?;
    Ok(net)
}

/// Checkpoint → restore → continue is bit for bit the uninterrupted run: the delay rings, the
/// streams and the sinusoid's oscillator are states; and the checkpoint of a network with
/// another device parameter is refused (the fingerprint).
#[test]
fn checkpoint_restore_continue_is_bit_identical() -> TestResult {
    let mut net = all_devices(50, 2000.0)?;
    net.init(7)?;
    net.run(57)?; // spikes in flight on every ring
    let saved = net.checkpoint();
    let paths: Vec<String> =
        neurodim_state::list_states(&net).into_iter().map(|s| s.path).collect();
    for path in ["pg.ring", "pg.rng", "sg.ring", "spg.y0", "spg.y1", "spg.rate", "ipg.ring"] {
        assert!(paths.iter().any(|p| p == path), "{path} in {paths:?}");
    }
    net.run(300)?;

    let mut other = all_devices(50, 2000.0)?;
    other.init(123)?; // another seed: the restore must bring everything back
    other.restore(&saved)?;
    other.run(300)?;
    assert_eq!(other.checkpoint(), net.checkpoint());

    let mut changed = all_devices(50, 2001.0)?;
    changed.init(7)?;
    let e = changed.restore(&saved).unwrap_err();
    assert!(e.to_string().contains("fingerprint"), "{e}");
    Ok(())
}

/// 1 and 2 threads draw the same counts: each block of 1 024 targets draws from its own
/// stream (5 000 targets: 5 blocks, shared between the threads).
#[cfg(feature = "parallel")]
#[test]
fn one_or_two_threads_give_the_same_bits() -> TestResult {
    let run = |threads: usize| -> Result<neurodim_state::Checkpoint, DynError> {
        let mut net = all_devices(5000, 3000.0)?;
        net.set_threads(threads)?;
        let plan = net.plan();
        let pg = plan.poisson.iter().find(|stage| stage.name == "pg").expect("pg's draws");
        assert_eq!(pg.threads, threads, "the draws are shared");
        net.init(11)?;
        net.run(120)?;
        Ok(net.checkpoint())
    };
    assert_eq!(run(1)?, run(2)?);
    Ok(())
}

/// Refusals, each naming the parameter, the value and the rule.
#[test]
fn refusals_name_parameter_value_and_rule() -> TestResult {
    let mut net = Network::new(0.1 * ms)?;
    let delta = net.add_population("D", IafPscDelta::new(3, integrator())?)?;
    let exp = net.add_population("X", IafPscExp::new(3, IafPscExpParams::default())?)?;
    let cond = net.add_population("C", IafCondExp::new(3, IafCondExpParams::default())?)?;
    let source = net.add_spike_source("S", SpikeTime::new(1, vec![0], vec![1.0 * ms])?)?;
    let pg = || PoissonGenerator::new(10.0 * Hz);
    let error = |result: Result<(), DynError>| result.expect_err("refused").to_string();

    assert_eq!(
        error(net.spike_device("a", pg()?, delta).add()),
        "invalid weight: missing (`Network::spike_device` needs it)"
    );
    assert_eq!(
        error(net.spike_device("a", pg()?, exp).weight(1.0 * mV).add()),
        "invalid weight: a voltage jump (V) onto \"X\" (whose model takes current (A)) (must be \
         of the kind of the post model's spike weights (NeuronModel::SPIKE_WEIGHT; a voltage jump \
         for a model without ports))"
    );
    let e = error(net.spike_device("a", pg()?, delta).weight(1.0 * pA).add());
    assert!(
        e.starts_with(
            "invalid weight: a current (A) onto \"D\" (whose model takes voltage jump (V))"
        ),
        "{e}"
    );
    let e = error(net.spike_device("a", pg()?, cond).weight(1.0 * pA).add());
    assert!(e.contains("whose model takes conductance (S)"), "{e}");
    assert_eq!(
        error(net.spike_device("a", pg()?, delta).weight(f64::NAN * mV).add()),
        "invalid weight: NaN mV (must be finite)"
    );
    let one_nan = vec![1.0 * mV, f64::NAN * mV, 2.0 * mV];
    assert_eq!(
        error(net.spike_device("a", pg()?, delta).weights(one_nan).add()),
        "invalid weight: NaN mV (must be finite)"
    );
    assert_eq!(
        error(net.spike_device("a", pg()?, delta).weights(vec![1.0 * mV; 2]).add()),
        "spike device weights (one per neuron of the target): expected size 3, found 2"
    );
    assert_eq!(
        error(net.spike_device("a", pg()?, delta).weight(1.0 * mV).delay(0.04 * ms).add()),
        "invalid delay: 0.04 ms (dt = 0.1 ms) (must be at least one step of dt (NEST's minimum \
         delay))"
    );
    assert_eq!(
        error(net.spike_device("a", pg()?, source).weight(1.0 * mV).add()),
        "invalid target population: \"S\" (must be neurons, not a spike source)"
    );
    let late = ActivityWindow::new(2.05 * ms, 3.0 * ms)?;
    assert_eq!(
        error(net.spike_device("a", pg()?.with_window(late), delta).weight(1.0 * mV).add()),
        "invalid start: 2.05 ms (start, resolution 0.1 ms) (must be a multiple of the \
         simulation resolution)"
    );
    assert_eq!(
        ActivityWindow::new(3.0 * ms, 2.0 * ms).unwrap_err().to_string(),
        "invalid stop: 2 ms (start 3 ms) (stop >= start required)"
    );
    assert_eq!(
        PoissonGenerator::new(-5.0 * Hz).unwrap_err().to_string(),
        "invalid rate: -5 Hz (must be >= 0)"
    );
    let e = InhomogeneousPoissonGenerator::new(vec![0.0 * ms], vec![10.0 * Hz])?;
    assert_eq!(
        error(net.spike_device("a", e, delta).weight(1.0 * mV).add()),
        "invalid rate_times: 0 ms (rate time 0) (Time points must lie strictly in the future.)"
    );
    assert_eq!(
        SpikeGenerator::new(vec![1.0 * ms])?.with_precise_times(true).unwrap_err().to_string(),
        "invalid precise_times: true (is not implemented: spikes are on the grid (NEST's \
         default, false); allow_offgrid_times rounds times up to it)"
    );
    net.spike_device("a", pg()?, delta).weight(1.0 * mV).add()?;
    assert_eq!(
        error(net.spike_device("a", pg()?, delta).weight(1.0 * mV).add()),
        "invalid name: \"a\" (must be unique in the network)"
    );
    Ok(())
}
