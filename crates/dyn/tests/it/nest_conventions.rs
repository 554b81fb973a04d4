//! A network under NEST's timing conventions (`TimingConventions::Nest`) against NEST 3.10:
//! what NEST leaves unstated — a connection's delay of 1 ms, a generator's current delivered
//! over it, a multimeter's sampling — is what the network fills in, so a NEST script's
//! unstated defaults need not be restated (`references/nest_zoo.json`, made by
//! `benches/peers/nest/zoo_references.py`).

use neurodim_dyn::network::TimingConventions;
use neurodim_dyn::prelude::*;
use neurodim_units::prelude::*;
use serde_json::Value;

const REFERENCES: &str = include_str!("references/nest_zoo.json");

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The `iaf_psc_alpha` DC cases (a `dc_generator` connected with NEST's default delay, 1 ms,
/// sampled every step): the generator's own window as the waveform, nothing shifted by hand;
/// V at every stamp within 10⁻¹² (exact integration), spike stamps NEST's.
#[test]
fn dc_generator_with_nest_defaults() -> TestResult {
    let references: Value = serde_json::from_str(REFERENCES)?;
    let cases = references["neurons"].as_array().ok_or("neurons")?;
    let dc_cases =
        cases.iter().filter(|case| case["model"] == "iaf_psc_alpha" && case["kind"] == "dc");
    let mut count = 0;
    for case in dc_cases {
        let h = case["resolution"].as_f64().ok_or("resolution")?;
        let dc = &case["inputs"]["dc_generator"];
        assert_eq!(dc["delay"].as_f64(), Some(1.0), "NEST's default delay");
        let number = |key: &str| dc[key].as_f64().ok_or(key.to_string());
        let mut net = Network::new(h * ms)?;
        net.set_conventions(TimingConventions::Nest)?;
        let cell =
            net.add_population("cell", IafPscAlpha::new(1, IafPscAlphaParams::default())?)?;
        let on = StepCurrent::new(
            number("amplitude")? * pA,
            number("start")? * ms,
            number("stop")? * ms,
        )?;
        net.set_current_waveform(cell, on)?;
        let v = net.monitor_state("cell.V", &[0], 1)?;
        let spikes = net.monitor_spikes(cell)?;
        let nest: Vec<f64> = case["record"]["traces"]["V_m"]
            .as_array()
            .ok_or("V_m")?
            .iter()
            .map(|v| v.as_f64().unwrap_or(f64::NAN))
            .collect();
        net.init(0)?;
        net.run(nest.len() as u64)?;
        let ours: Vec<f64> = net.voltage_trace(v)?.trace(0).map(|v| v.value_in(mV)).collect();
        assert_eq!(ours.len(), nest.len());
        for (k, (ours, nest)) in ours.iter().zip(&nest).enumerate() {
            assert!(
                (ours - nest).abs() <= 1e-12 * nest.abs(),
                "h {h}: V at stamp {} {ours}, NEST {nest}",
                k + 1
            );
        }
        let stamps: Vec<u64> =
            net.spike_monitor(spikes)?.spike_steps().iter().map(|s| s + 1).collect();
        let expected: Vec<u64> = case["spike_steps"]
            .as_array()
            .ok_or("spike steps")?
            .iter()
            .filter_map(Value::as_u64)
            .collect();
        assert_eq!(stamps, expected, "h {h}");
        count += 1;
    }
    assert_eq!(count, 4, "one case per resolution");
    Ok(())
}

/// Under NEST's conventions `monitor_state(path, indices, k)` samples as NEST's multimeter with
/// an interval of `k` steps: no sample at 0, the stamps `k·dt, 2k·dt, …` (steps `k − 1, …`);
/// brainstate's samples the steps `0, k, 2k, …`.
#[test]
fn monitor_state_samples_as_a_multimeter() -> TestResult {
    let mut steps = Vec::new();
    for conventions in [TimingConventions::Brainstate, TimingConventions::Nest] {
        let mut net = Network::new(0.1 * ms)?;
        net.set_conventions(conventions)?;
        net.add_population("cell", IafPscDelta::new(1, IafPscDeltaParams::default())?)?;
        let v = net.monitor_state("cell.V", &[0], 10)?;
        net.init(0)?;
        net.run(30)?;
        steps.push(net.state_trace(v)?.si().sample_steps().collect::<Vec<_>>());
    }
    assert_eq!(steps, [vec![0, 10, 20], vec![9, 19, 29]]);
    Ok(())
}

#[test]
fn conventions_are_set_before_anything_is_added() -> TestResult {
    let mut net = Network::new(0.1 * ms)?;
    net.add_population("cell", IafPscDelta::new(1, IafPscDeltaParams::default())?)?;
    let error = net.set_conventions(TimingConventions::Nest).unwrap_err();
    assert_eq!(error.param(), Some("conventions"));
    assert_eq!(net.conventions(), TimingConventions::Brainstate);
    Ok(())
}
