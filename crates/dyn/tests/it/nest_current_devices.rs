//! NEST's current generators against NEST 3.10 itself: the device cases of
//! `references/nest_zoo.json` (made by `benches/peers/nest/zoo_references.py` with
//! `nest-simulator==3.10.0` on this machine; semantics in `benches/peers/nest/zoo_semantics.md`
//! §3 and §8), each generator driving `iaf_psc_alpha` used as an integrator (C_m 1 pF,
//! tau_m 10⁹ ms, no threshold) over a connection of delay 1 ms:
//! - `dc_generator`, `step_current_generator`, `ac_generator` as [`StepCurrent`],
//!   [`SectionCurrent`], [`SineCurrent`] delivered by [`DelayedCurrent::nest`]: the generator's
//!   recordable `I` at every stamp, and the target's V at every step;
//! - `noise_generator` as a [`NoiseCurrent`] with NEST's delay: the statistics of the amplitudes
//!   recovered from the targets' V as the reference script recovers them (mean, standard
//!   deviation, lag-1 autocorrelation, cross-target correlation), the draw boundaries against
//!   the generator's recorded `I`, the stationary variance of a leaky membrane (a closed form,
//!   NEST's caveat that it depends on `dt`), checkpoints and threads.
//!
//! Statistical tolerances are 5 standard errors of the difference (fixed seeds).

use neurodim_dyn::prelude::*;
use neurodim_state::Environment;
use neurodim_units::prelude::*;
use serde_json::Value;

const REFERENCES: &str = include_str!("references/nest_zoo.json");

/// Deviation allowed per value of an exactly integrated model, relative to max(|x|, 1 mV or
/// pA), as in `nest_neurons.rs` (NEST's own tests of exact-integration models use 10⁻¹²).
const EXACT: f64 = 1e-12;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn device_case(id: &str) -> Value {
    let references: Value = serde_json::from_str(REFERENCES).expect("nest_zoo.json");
    let devices = references["devices"].as_array().expect("devices");
    devices.iter().find(|case| case["id"] == id).unwrap_or_else(|| panic!("no case {id}")).clone()
}

fn number(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or_else(|| panic!("{key} in {v}"))
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array().expect("a list").iter().map(|x| x.as_f64().expect("a number")).collect()
}

/// The case's target, NEST's `iaf_psc_alpha` with its `target.params` (V_m starts at E_L).
fn target_params(case: &Value) -> IafPscAlphaParams {
    let p = &case["target"]["params"];
    assert_eq!(case["target"]["model"], "iaf_psc_alpha");
    assert_eq!(number(p, "V_m"), number(p, "E_L"), "V_m starts at E_L");
    IafPscAlphaParams {
        c_m: number(p, "C_m") * pF,
        tau_m: number(p, "tau_m") * ms,
        e_l: number(p, "E_L") * mV,
        v_reset: number(p, "V_reset") * mV,
        v_th: number(p, "V_th") * mV,
        t_ref: number(p, "t_ref") * ms,
        ..IafPscAlphaParams::default()
    }
}

/// NEST's `P30` of the target (mV per pA over one step): the V increment of a current held
/// for one step, `−τ_m/C_m · expm1(−h/τ_m)`.
fn p30(case: &Value, h: f64) -> f64 {
    let p = &case["target"]["params"];
    let (tau, c) = (number(p, "tau_m"), number(p, "C_m"));
    -tau / c * (-h / tau).exp_m1()
}

/// Replays a current-generator case with `waveform`, the generator's current at each stamp:
/// its value at stamp `n` (our step `n`) against NEST's `generator_I` within `tolerance(n,
/// I)` pA, and the V of the case's target driven by it over NEST's delay against NEST's
/// `target_V_m` at every stamp, within [`EXACT`] plus the V the current's tolerance can
/// accumulate (`P30 · Σ tolerance`). Returns the largest deviations of I and V (pA, mV).
fn replay_generator<W: CurrentWaveform<Current> + 'static>(
    case: &Value,
    waveform: W,
    tolerance: impl Fn(u64, f64) -> f64,
) -> Result<(f64, f64), Box<dyn std::error::Error>> {
    let id = case["id"].as_str().expect("id");
    let h = number(case, "resolution");
    let env = Environment::new(h * ms)?;
    let nest_i = numbers(&case["generator_I"]);
    let (mut worst_i, mut budget, mut budgets) = (0.0f64, 0.0, Vec::new());
    for (k, &nest) in nest_i.iter().enumerate() {
        let stamp = k as u64 + 1;
        let ours = waveform.value(&env.step(stamp)).value_in(pA);
        let tol = tolerance(stamp, nest);
        assert!((ours - nest).abs() <= tol, "{id}: I at stamp {stamp} {ours}, NEST {nest}");
        worst_i = worst_i.max((ours - nest).abs());
        budget += tol;
        budgets.push(budget);
    }
    let mut net = Network::new(h * ms)?;
    let cell = net.add_population("cell", IafPscAlpha::new(1, target_params(case))?)?;
    let delay = number(&case["setup"], "delay") * ms;
    net.set_current_waveform(cell, DelayedCurrent::nest(waveform, delay, net.dt())?)?;
    let v = net.monitor_state("cell.V", &[0], 1)?;
    net.init(0)?;
    let nest_v = numbers(&case["target_V_m"]);
    net.run(nest_v.len() as u64)?;
    let ours: Vec<f64> = net.state_trace(v)?.si().trace(0).map(|v| v * 1e3).collect();
    assert_eq!(ours.len(), nest_v.len());
    let p30 = p30(case, h);
    let mut worst_v = 0.0f64;
    // sample k is V after our step k, NEST's stamp k + 1
    for (k, (&ours, &nest)) in ours.iter().zip(&nest_v).enumerate() {
        let tol = EXACT * nest.abs().max(1.0) + p30 * budgets[k];
        assert!((ours - nest).abs() <= tol, "{id}: V_m at stamp {} {ours}, NEST {nest}", k + 1);
        worst_v = worst_v.max((ours - nest).abs() / nest.abs().max(1.0));
    }
    Ok((worst_i, worst_v))
}

/// The exact currents of `dc_generator` and `step_current_generator`: to rounding.
fn exact(_: u64, nest: f64) -> f64 {
    EXACT * nest.abs().max(1.0)
}

#[test]
fn dc_generator_as_nest() -> TestResult {
    for id in ["dc_generator/h0.1", "dc_generator/h0.5"] {
        let case = device_case(id);
        let s = &case["setup"];
        let dc = StepCurrent::new(
            number(s, "amplitude") * pA,
            number(s, "start") * ms,
            number(s, "stop") * ms,
        )?;
        let (i, v) = replay_generator(&case, dc, exact)?;
        println!("{id}: largest deviation from NEST: I {i:.1e} pA, V {v:.1e} of max(|V|, 1 mV)");
    }
    Ok(())
}

/// NEST's `step_current_generator` (`amplitude_times` t_k, `amplitude_values` v_k, `stop`) as
/// a [`SectionCurrent`]: 0 until t_0, v_k from t_k to t_{k+1}, the last value until `stop`.
fn step_current(setup: &Value) -> Result<SectionCurrent<Current>, DynError> {
    let times = numbers(&setup["amplitude_times"]);
    let mut values = vec![0.0 * pA];
    values.extend(numbers(&setup["amplitude_values"]).iter().map(|&v| v * pA));
    let mut ends = times.clone();
    ends.push(number(setup, "stop"));
    let durations = ends.iter().scan(0.0, |last, &end| {
        let duration = end - *last;
        *last = end;
        Some(duration * ms)
    });
    SectionCurrent::new(values, durations.collect())
}

#[test]
fn step_current_generator_as_nest() -> TestResult {
    for id in ["step_current_generator/h0.1", "step_current_generator/h0.5"] {
        let case = device_case(id);
        let (i, v) = replay_generator(&case, step_current(&case["setup"])?, exact)?;
        println!("{id}: largest deviation from NEST: I {i:.1e} pA, V {v:.1e} of max(|V|, 1 mV)");
    }
    Ok(())
}

/// NEST rotates `(cos, sin)` by `ωh` every step; each rotation adds a few ulp of the amplitude,
/// so the recurrence departs from the sine by at most about `n · ε · amplitude` after `n`
/// steps (measured on these cases: a quarter of that).
#[test]
fn ac_generator_as_nest() -> TestResult {
    for id in ["ac_generator/h0.1", "ac_generator/h0.5"] {
        let case = device_case(id);
        let s = &case["setup"];
        let amplitude = number(s, "amplitude");
        let ac = SineCurrent::new(SineCurrentParams {
            amplitude: amplitude * pA,
            offset: number(s, "offset") * pA,
            frequency: number(s, "frequency") * Hz,
            phase: number(s, "phase"),
            window: ActivityWindow::new(number(s, "start") * ms, number(s, "stop") * ms)?,
        })?;
        let recurrence = |n: u64, _: f64| n as f64 * f64::EPSILON * amplitude;
        let (i, v) = replay_generator(&case, ac, recurrence)?;
        println!("{id}: largest deviation from NEST: I {i:.1e} pA, V {v:.1e} of max(|V|, 1 mV)");
    }
    Ok(())
}

/// `activity_windows` of nest_zoo.json: a dc_generator with start 2, stop 3 (h 0.1) and delay
/// d moves an integrating target's V at NEST's stamps `start + d + h … stop + d`.
#[test]
fn a_delayed_dc_current_moves_v_where_nest_s_does() -> TestResult {
    let case = device_case("activity_windows");
    // the integrating target of the device cases
    let integrator = device_case("dc_generator/h0.1");
    for d in ["0.1", "1.0"] {
        let window = &case["windows"][format!("dc_generator_delay_{d}")];
        let nest: Vec<u64> =
            numbers(&window["V_increases_at_steps"]).iter().map(|&s| s as u64).collect();
        let mut net = Network::new(0.1 * ms)?;
        let cell = net.add_population("cell", IafPscAlpha::new(1, target_params(&integrator))?)?;
        let dc = StepCurrent::new(100.0 * pA, 2.0 * ms, 3.0 * ms)?;
        net.set_current_waveform(
            cell,
            DelayedCurrent::nest(dc, number(window, "delay") * ms, net.dt())?,
        )?;
        let v = net.monitor_state("cell.V", &[0], 1)?;
        net.init(0)?;
        net.run(80)?;
        let v: Vec<f64> = net.state_trace(v)?.si().trace(0).collect();
        // sample k is NEST's stamp k + 1; V before step 0 is E_L = 0
        let increases: Vec<u64> = (0..v.len())
            .filter(|&k| v[k] > if k == 0 { 0.0 } else { v[k - 1] })
            .map(|k| k as u64 + 1)
            .collect();
        assert_eq!(increases, nest, "delay {d}");
    }
    Ok(())
}

/// V (V) of NEST's default `iaf_psc_alpha` over 10 ms, driven by `waveform` over NEST's
/// default delay of 1 ms.
fn v_of_default_cell(
    waveform: impl CurrentWaveform<Current> + 'static,
) -> Result<Vec<f64>, Box<dyn std::error::Error>> {
    let mut net = Network::new(0.1 * ms)?;
    let cell = net.add_population("cell", IafPscAlpha::new(1, IafPscAlphaParams::default())?)?;
    net.set_current_waveform(cell, DelayedCurrent::nest(waveform, 1.0 * ms, net.dt())?)?;
    let v = net.monitor_state("cell.V", &[0], 1)?;
    net.init(0)?;
    net.run(100)?;
    Ok(net.state_trace(v)?.si().trace(0).collect())
}

/// NEST's `stimulating/test_ac_generator.py` (zoo_testsuite.md): an ac_generator (550 pA on
/// 1000 pA, 100 Hz, from 5 to 6 ms) drives `iaf_psc_alpha` exactly as a step_current_generator
/// with the sine's values at the times `5.0, 5.1, …, 5.9` ms, same start and stop (equal V,
/// `pytest.approx`, relative 10⁻⁶).
#[test]
fn an_ac_current_is_a_step_current_of_its_values() -> TestResult {
    let (amplitude, offset, omega) = (550.0, 1000.0, 2.0 * std::f64::consts::PI * 100.0 / 1000.0);
    let ac = SineCurrent::new(SineCurrentParams {
        amplitude: amplitude * pA,
        offset: offset * pA,
        frequency: 100.0 * Hz,
        window: ActivityWindow::new(5.0 * ms, 6.0 * ms)?,
        ..Default::default()
    })?;
    let times: Vec<f64> = (0..10).map(|k| 5.0 + 0.1 * k as f64).collect();
    let mut values = vec![0.0 * pA];
    values.extend(times.iter().map(|&t| ((t * omega).sin() * amplitude + offset) * pA));
    let mut durations = vec![5.0 * ms];
    durations.extend([0.1 * ms; 10]);
    let steps = SectionCurrent::new(values, durations)?;
    let (with_ac, with_steps) = (v_of_default_cell(ac)?, v_of_default_cell(steps)?);
    assert!(with_ac[70] > with_ac[50], "the current moved V");
    for (k, (a, s)) in with_ac.iter().zip(&with_steps).enumerate() {
        assert!((a - s).abs() <= 1e-6 * s.abs(), "V at stamp {}: {a} and {s}", k + 1);
    }
    Ok(())
}

/// A noise case's network: `targets` integrating targets driven by NEST's `noise_generator`
/// of the case (mean, std, `dt_effective`, delay), the noise's current into each recorded.
struct NoiseRun {
    /// V of every target after each step (mV), sample-major.
    v: Vec<Vec<f64>>,
    /// The noise current into target 0 in each step (pA).
    current: Vec<f64>,
    /// Steps per draw, and NEST's delay in steps.
    k: usize,
    delay: usize,
}

fn run_noise_case(
    case: &Value,
    targets: usize,
    windows: usize,
    seed: u64,
) -> Result<NoiseRun, Box<dyn std::error::Error>> {
    let (s, h) = (&case["setup"], number(case, "resolution"));
    let mut net = Network::new(h * ms)?;
    let cells = net.add_population("cells", IafPscAlpha::new(targets, target_params(case))?)?;
    let dt = number(s, "dt_effective");
    let params = NoiseCurrentParams {
        mean: number(s, "mean") * pA,
        std: number(s, "std") * pA,
        dt: dt * ms,
        ..Default::default()
    };
    let noise = NoiseCurrent::new(params, net.dt())?.with_nest_delay(number(s, "delay") * ms)?;
    net.add_noise_current("noise", cells, noise)?;
    let all: Vec<usize> = (0..targets).collect();
    let v = net.monitor_state("cells.V", &all, 1)?;
    let current = net.monitor_state("noise.I", &[0], 1)?;
    net.init(seed)?;
    let (k, delay) = ((dt / h).round() as usize, (number(s, "delay") / h).round() as usize);
    // the first draw acts from step delay + 1 on
    net.run((delay + 1 + windows * k) as u64)?;
    let v = net
        .state_trace(v)?
        .si()
        .samples()
        .map(|sample| sample.iter().map(|v| v * 1e3).collect())
        .collect();
    let current = net.state_trace(current)?.si().trace(0).map(|i| i * 1e12).collect();
    Ok(NoiseRun { v, current, k, delay })
}

/// The amplitude of each target in each window, recovered from V as the reference script does
/// (`dV / (k · P30)` over the window's steps).
fn recovered_amplitudes(run: &NoiseRun, p30: f64, windows: usize) -> Vec<Vec<f64>> {
    let targets = run.v[0].len();
    (0..targets)
        .map(|j| {
            (0..windows)
                .map(|w| {
                    // window w acts on steps first..first + k; V before step i is sample i − 1
                    let first = run.delay + 1 + w * run.k;
                    let before = run.v[first - 1][j];
                    let after = run.v[first + run.k - 1][j];
                    (after - before) / (run.k as f64 * p30)
                })
                .collect()
        })
        .collect()
}

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

/// Pearson's correlation of `a` and `b` (numpy's `corrcoef`).
fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let (ma, mb) = (mean(a), mean(b));
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

/// The statistics of the amplitudes recovered from 100 targets over 200 windows (n = 20 000)
/// against NEST's over 200 targets and 997 or 1996 windows, each within 5 standard errors of
/// the difference of the two estimates (σ = 50 pA; normal amplitudes): the mean
/// (`σ·√(1/n + 1/n_NEST)`), the standard deviation (`σ·√(1/2n + 1/2n_NEST)`), the lag-1
/// autocorrelation averaged over targets (`√(1/n + 1/n_NEST)`, its `−1/windows` bias well
/// inside); the correlation of neighbouring targets, averaged over 99 pairs, within 5 standard
/// errors of 0 (`1/√(99 · 200)`).
#[test]
fn noise_generator_statistics_as_nest() -> TestResult {
    let (targets, windows) = (100, 200);
    for (seed, id) in
        ["noise_generator/h0.1/dt1.0", "noise_generator/h0.1/dt0.5", "noise_generator/h1.0/dt1.0"]
            .iter()
            .enumerate()
    {
        let case = device_case(id);
        let run = run_noise_case(&case, targets, windows, seed as u64 + 1)?;
        let amplitudes =
            recovered_amplitudes(&run, p30(&case, number(&case, "resolution")), windows);
        let flat: Vec<f64> = amplitudes.concat();
        let n = flat.len() as f64;
        let m = mean(&flat);
        let std = (flat.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let lag1 = mean(
            &amplitudes.iter().map(|a| correlation(&a[..windows - 1], &a[1..])).collect::<Vec<_>>(),
        );
        let cross = mean(
            &(0..targets - 1)
                .map(|j| correlation(&amplitudes[j], &amplitudes[j + 1]))
                .collect::<Vec<_>>(),
        );
        let nest = &case["amplitude_stats"];
        let (n_nest, sigma) = (number(nest, "n"), number(&case["setup"], "std"));
        println!("{id}: mean {m:.3}, std {std:.3}, lag-1 {lag1:.4}, cross {cross:.4}; NEST {nest}");
        let se_mean = sigma * (1.0 / n + 1.0 / n_nest).sqrt();
        assert!((m - number(nest, "mean")).abs() <= 5.0 * se_mean, "{id}: mean {m}");
        let se_std = sigma * (0.5 / n + 0.5 / n_nest).sqrt();
        assert!((std - number(nest, "std")).abs() <= 5.0 * se_std, "{id}: std {std}");
        let se_lag1 = (1.0 / n + 1.0 / n_nest).sqrt();
        assert!(
            (lag1 - number(nest, "lag1_autocorr")).abs() <= 5.0 * se_lag1,
            "{id}: lag-1 {lag1}"
        );
        let se_cross = 1.0 / (((targets - 1) * windows) as f64).sqrt();
        assert!(cross.abs() <= 5.0 * se_cross, "{id}: cross-target correlation {cross}");
    }
    Ok(())
}

/// The draws fall where NEST's do: NEST's recorded `I` (the mean over its targets of the
/// amplitudes) at stamps h … 40h changes exactly at the stamps where ours does, the first
/// draw at stamp 1 (`generator_I_first_40_steps`); between draws the current is constant, and
/// the target integrates it whole in the step it is given.
#[test]
fn noise_generator_draws_at_nest_s_stamps() -> TestResult {
    for id in
        ["noise_generator/h0.1/dt1.0", "noise_generator/h0.1/dt0.5", "noise_generator/h1.0/dt1.0"]
    {
        let case = device_case(id);
        let h = number(&case, "resolution");
        let run = run_noise_case(&case, 2, 45, 7)?;
        let nest = numbers(&case["generator_I_first_40_steps"]);
        // stamp n is NEST's I[n − 1] and our current in step n + delay
        let changes = |at: &dyn Fn(usize) -> f64| -> Vec<usize> {
            (2..=40).filter(|&n| at(n) != at(n - 1)).collect()
        };
        let nest_changes = changes(&|n| nest[n - 1]);
        let ours = |n: usize| run.current[n + run.delay];
        assert_eq!(changes(&ours), nest_changes, "{id}: the stamps of the draws");
        assert!(nest[0] != 0.0 && ours(1) != 0.0, "{id}: a draw at stamp 1");
        assert!(run.current[..=run.delay].iter().all(|&i| i == 0.0), "{id}: nothing before d + h");
        // the target's exact step, V ← P33·V + P30·I (P33 = e^{−h/τ_m}: τ_m = 10⁹ ms leaks
        // 10⁻¹⁰ of V per step, more than rounding)
        let (p30, p33) = (p30(&case, h), (-h / number(&case["target"]["params"], "tau_m")).exp());
        for i in run.delay + 1..run.current.len() {
            let (v, expected) = (run.v[i][0], p33 * run.v[i - 1][0] + p30 * run.current[i]);
            let tol = EXACT * v.abs().max(1.0);
            assert!(
                (v - expected).abs() <= tol,
                "{id}: V at step {i}: {v}, P33·V + P30·I {expected}"
            );
        }
    }
    Ok(())
}

/// NEST's caveat: a noise current's effect depends on its `dt`. A leaky membrane (τ = 1 ms,
/// C = 1 pF) sampled at the draws is an AR(1) process, `V ← a·V + (τ/C)(1 − a)·I`, `a =
/// e^{−dt/τ}`, whose stationary variance is `(τ/C)² (1 − a)² std² / (1 − a²)`: 0.0500 mV² at
/// `dt = 0.1 ms`, 0.462 mV² at `dt = 1 ms` for `std = 1 pA`. The sample variance over 2 000
/// targets after 30 ms (30 τ) is within 5 standard errors (`Var · √(2/1999)`) of it, and the
/// mean within 5 of 0 (`√(Var/2000)`).
#[test]
fn the_variance_of_v_depends_on_dt() -> TestResult {
    let (targets, tau) = (2000, 1.0);
    for (dt, seed) in [(0.1, 3), (1.0, 4)] {
        let mut net = Network::new(0.1 * ms)?;
        let params = IafPscAlphaParams {
            c_m: 1.0 * pF,
            tau_m: tau * ms,
            e_l: 0.0 * mV,
            v_th: 1e12 * mV,
            v_reset: -1.0 * mV,
            t_ref: 0.0 * ms,
            ..Default::default()
        };
        let cells = net.add_population("cells", IafPscAlpha::new(targets, params)?)?;
        let noise = NoiseCurrentParams { std: 1.0 * pA, dt: dt * ms, ..Default::default() };
        net.add_noise_current(
            "noise",
            cells,
            NoiseCurrent::new(noise, net.dt())?.with_nest_delay(1.0 * ms)?,
        )?;
        net.init(seed)?;
        // the first draw acts from step 11; 300 steps later a window has just ended
        net.run(11 + 300)?;
        let v: Vec<f64> = net.neurons(cells)?.v().iter().map(|v| v.value_in(mV)).collect();
        let a = (-dt / tau).exp();
        let expected = (tau * (1.0 - a)).powi(2) / (1.0 - a * a);
        let m = mean(&v);
        let var = v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (targets as f64 - 1.0);
        println!("dt {dt} ms: Var V {var:.4} mV², closed form {expected:.4}");
        assert!(
            (var - expected).abs() <= 5.0 * expected * (2.0 / (targets as f64 - 1.0)).sqrt(),
            "dt {dt}: {var}"
        );
        assert!(m.abs() <= 5.0 * (expected / targets as f64).sqrt(), "dt {dt}: mean {m}");
    }
    Ok(())
}

/// A network with two noise currents (one modulated) on top of a step current, and a Poisson
/// input, for the checkpoint and thread tests.
fn noisy_network(n: usize) -> Result<(Network, PopulationId), DynError> {
    let mut net = Network::new(0.1 * ms)?;
    let cells = net.add_population("cells", IafCondExp::new(n, IafCondExpParams::default())?)?;
    net.set_current_waveform(cells, StepCurrent::new(200.0 * pA, 1.0 * ms, 50.0 * ms)?)?;
    let flat = NoiseCurrentParams { mean: 300.0 * pA, std: 200.0 * pA, ..Default::default() };
    net.add_noise_current(
        "flat",
        cells,
        NoiseCurrent::new(flat, net.dt())?.with_nest_delay(1.0 * ms)?,
    )?;
    let modulated = NoiseCurrentParams {
        std: 100.0 * pA,
        std_mod: 80.0 * pA,
        frequency: 50.0 * Hz,
        phase: 90.0,
        dt: 0.5 * ms,
        window: ActivityWindow::new(2.0 * ms, f64::INFINITY * ms)?,
        ..Default::default()
    };
    net.add_noise_current("modulated", cells, NoiseCurrent::new(modulated, net.dt())?)?;
    Ok((net, cells))
}

/// Checkpoint → restore → continue is bit-identical, restored between two draws (step 25: the
/// values drawn at step 21 are held until 31), so the held currents come from the checkpoint.
#[test]
fn a_checkpoint_between_draws_resumes_bit_for_bit() -> TestResult {
    let (mut net, _) = noisy_network(50)?;
    net.init(11)?;
    net.run(25)?;
    let saved = net.checkpoint();
    net.run(300)?;
    let (mut again, cells) = noisy_network(50)?;
    let spikes = again.monitor_spikes(cells)?;
    again.init(11)?;
    again.restore(&saved)?;
    again.run(300)?;
    assert_eq!(again.checkpoint(), net.checkpoint());
    assert!(again.spike_monitor(spikes)?.num_spikes() > 0, "the noise drove spikes");
    // without the held values the run differs
    let (mut fresh, _) = noisy_network(50)?;
    fresh.init(11)?;
    fresh.resume_at(25)?;
    fresh.run(300)?;
    assert_ne!(fresh.checkpoint(), net.checkpoint());
    Ok(())
}

/// The currents add: a noise current of std 0 is its mean, so two of them on a constant
/// current move V exactly as the sum as one constant current does.
#[test]
fn noise_currents_add_to_the_external_current() -> TestResult {
    let v_after = |noise: bool| -> Result<Vec<Voltage>, DynError> {
        let mut net = Network::new(0.1 * ms)?;
        let cells =
            net.add_population("cells", IafPscDelta::new(3, IafPscDeltaParams::default())?)?;
        if noise {
            net.set_current(cells, 100.0 * pA)?;
            for (name, mean) in [("a", 150.0), ("b", 250.0)] {
                let params = NoiseCurrentParams { mean: mean * pA, ..Default::default() };
                net.add_noise_current(name, cells, NoiseCurrent::new(params, net.dt())?)?;
            }
        } else {
            net.set_current(cells, 500.0 * pA)?;
        }
        net.init(0)?;
        net.run(50)?;
        Ok(net.neurons(cells)?.v().to_vec())
    };
    let (noisy, constant) = (v_after(true)?, v_after(false)?);
    assert!(constant[0] > -70.0 * mV);
    for (a, b) in noisy.iter().zip(&constant) {
        assert!((a.value_in(mV) - b.value_in(mV)).abs() <= EXACT * 70.0, "{a:?} and {b:?}");
    }
    Ok(())
}

#[test]
fn add_noise_current_refuses_what_it_cannot_drive() -> TestResult {
    let mut net = Network::new(0.1 * ms)?;
    let cells = net.add_population("cells", IafPscAlpha::new(2, IafPscAlphaParams::default())?)?;
    let params = NoiseCurrentParams { std: 1.0 * pA, ..Default::default() };
    let other_dt = NoiseCurrent::new(params, 0.2 * ms)?;
    let err = net.add_noise_current("noise", cells, other_dt).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid NoiseCurrent time step: 0.2 ms (network dt 0.1 ms) (must be the network's dt)"
    );
    let err =
        net.add_noise_current("cells", cells, NoiseCurrent::new(params, net.dt())?).unwrap_err();
    assert_eq!(err.to_string(), "invalid name: \"cells\" (must be unique in the network)");
    let err = NoiseCurrent::new(params, net.dt())?.with_nest_delay(0.0 * ms).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid delay: 0 ms (dt = 0.1 ms) (must be at least one step of dt (NEST's minimum delay))"
    );
    Ok(())
}

/// Each block of 1 024 neurons draws from its own stream: 5 000 neurons (5 blocks, shared
/// between threads) draw the same values with 1 and 3 threads.
#[cfg(feature = "parallel")]
#[test]
fn threads_draw_the_same_noise() -> TestResult {
    let on = |threads: usize| -> Result<neurodim_state::Checkpoint, DynError> {
        let (mut net, _) = noisy_network(5000)?;
        net.set_threads(threads)?;
        net.init(5)?;
        net.run(40)?;
        Ok(net.checkpoint())
    };
    assert_eq!(on(1)?, on(3)?);
    Ok(())
}
