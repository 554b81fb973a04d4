//! NEST's recording devices against NEST 3.10 itself: the stamps a `multimeter` samples with
//! its `interval`, `offset`, `start`, `stop` and `origin`, and the spikes a `spike_recorder`
//! keeps with `start`, `stop` and `origin` (the `recorders` case of
//! `references/nest_zoo.json`, made by `benches/peers/nest/zoo_references.py` with
//! `nest-simulator==3.10.0` on this machine; `zoo_semantics.md` §4 there). NEST stamps a sample
//! of the state after the update of step `i`, and a spike of step `i`, with `(i + 1)·h`.

use neurodim_dyn::monitor::{RecordingWindow, SampleSchedule};
use neurodim_dyn::prelude::*;
use neurodim_units::prelude::*;
use serde_json::Value;

const REFERENCES: &str = include_str!("references/nest_zoo.json");

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn recorders() -> Result<Value, Box<dyn std::error::Error>> {
    let references: Value = serde_json::from_str(REFERENCES)?;
    let devices = references["devices"].as_array().ok_or("devices")?;
    let case = devices.iter().find(|case| case["id"] == "recorders").ok_or("recorders")?;
    Ok(case.clone())
}

/// A time of the case's `config` in ms, or `default`.
fn ms_or(config: &Value, key: &str, default: f64) -> Time {
    config.get(key).and_then(Value::as_f64).unwrap_or(default) * ms
}

/// NEST's device window of `config`.
fn window(config: &Value, dt: Time) -> Result<RecordingWindow, DynError> {
    let stop = ms_or(config, "stop", f64::INFINITY);
    let window = ActivityWindow::new(ms_or(config, "start", 0.0), stop)?
        .with_origin(ms_or(config, "origin", 0.0))?;
    RecordingWindow::nest(&window, dt)
}

/// NEST's stamps (ms) in steps of `h` (ms).
fn stamps(times: &Value, h: f64) -> Vec<u64> {
    let times = times.as_array().expect("times");
    times.iter().map(|t| (t.as_f64().expect("a time") / h).round() as u64).collect()
}

/// Each multimeter of the case, on a neuron over NEST's `Simulate(7.0)`: the stamps sampled.
/// NEST hands a slice's samples to the multimeter only at the start of the next slice, so it
/// holds the stamps up to `7.0 − min_delay`; ours holds every sample, and those up to there
/// must be NEST's.
#[test]
fn multimeter_samples_nest_stamps() -> TestResult {
    let case = recorders()?;
    let h = 0.1;
    let last = case["multimeter_last_slice"]["min_delay"].as_f64().ok_or("min_delay")?;
    let collected = ((7.0 - last) / h).round() as u64;
    for meter in case["multimeter"].as_array().ok_or("multimeters")? {
        let config = &meter["config"];
        let mut net = Network::new(h * ms)?;
        net.add_population("cell", IafPscDelta::new(1, IafPscDeltaParams::default())?)?;
        let dt = net.dt();
        let schedule = SampleSchedule::nest_multimeter(
            ms_or(config, "interval", 1.0),
            ms_or(config, "offset", 0.0),
            dt,
        )?
        .within(window(config, dt)?);
        let v = net.monitor_state_on("cell.V", &[0], schedule)?;
        net.init(0)?;
        net.run(70)?;
        let ours: Vec<u64> = net.state_trace(v)?.si().sample_steps().map(|step| step + 1).collect();
        let kept: Vec<u64> = ours.iter().copied().filter(|&stamp| stamp <= collected).collect();
        assert_eq!(kept, stamps(&meter["times"], h), "multimeter {config}");
    }
    Ok(())
}

/// The parrot's spikes of the case, recorded through each window of the case.
#[test]
fn spike_recorder_keeps_nest_window() -> TestResult {
    let case = recorders()?;
    let h = 0.1;
    let recorders = case["spike_recorder"].as_array().ok_or("spike recorders")?;
    // the spikes: those of the recorder without a window, each emitted in its stamp's step − 1
    let all = stamps(&recorders[0]["times"], h);
    assert_eq!(recorders[0]["config"].as_object().map(|c| c.len()), Some(0), "no window");
    for recorder in recorders {
        let mut net = Network::new(h * ms)?;
        let times: Vec<Time> = all.iter().map(|&stamp| (stamp - 1) as f64 * net.dt()).collect();
        let source =
            net.add_spike_source("parrot", SpikeTime::new(1, vec![0; times.len()], times)?)?;
        let spikes = net.monitor_spikes_in(source, window(&recorder["config"], net.dt())?)?;
        net.init(0)?;
        net.run(70)?;
        let ours: Vec<u64> =
            net.spike_monitor(spikes)?.spike_steps().iter().map(|s| s + 1).collect();
        assert_eq!(ours, stamps(&recorder["times"], h), "spike recorder {}", recorder["config"]);
    }
    Ok(())
}
