//! Every rule against NEST 3.10: weight trajectories for fixed pre- and postsynaptic spike
//! trains (pairs both ways, spikes in one step, spikes coincident at the synapse, bursts,
//! Poisson trains, two delays, clipping) and the STDP window, from
//! `crates/dyn/tests/it/references/nest_stdp.json` (made by
//! `benches/peers/nest/stdp_references.py` with `nest-simulator==3.10.0` on this machine).
//!
//! NEST keeps times as doubles in ms (`0.001·(100·n)`) and subtracts them; these kernels count
//! time in steps and multiply by `dt/τ`, so each exponent can differ from NEST's by a few ulp,
//! and a weight by a few ulp of its change per event. The tolerance below is a bound on that
//! rounding, not a fit: the largest deviation over all cases is printed and must stay under it.

use neurodim_state::init_all;
use neurodim_units::Time;
use neurodim_units::prelude::ms;
use serde_json::Value;

use crate::connect::{DelaySteps, OneToOne};
use crate::plasticity::spike_timing::{PlasticKernel, SpikeTiming};
use crate::plasticity::{SpikeTimingRule, Stdp, StdpNnRestr, StdpNnSymm, StdpTriplet, VogelsSprekeler};

const REFERENCES: &str = include_str!("../../tests/it/references/nest_stdp.json");

/// Relative deviation allowed per weight: a few ulp of rounding in the times, accumulated
/// over the events of the longest case (the 2-s Poisson trains).
const TOLERANCE: f64 = 1e-13;

/// NEST's time stamp (ms, the end of the step a spike was emitted in) as the step index.
fn step_of(t_ms: f64) -> u64 {
    (t_ms / 0.1).round() as u64 - 1
}

fn number(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or_else(|| panic!("{key} in {v}"))
}

fn stdp(syn: &Value, post: &Value) -> Stdp<f64> {
    Stdp {
        tau_plus: number(syn, "tau_plus") * ms,
        tau_minus: number(post, "tau_minus") * ms,
        lambda: number(syn, "lambda"),
        alpha: number(syn, "alpha"),
        mu_plus: number(syn, "mu_plus"),
        mu_minus: number(syn, "mu_minus"),
        w_max: number(syn, "Wmax"),
    }
}

/// The weights after each presynaptic spike and the first presynaptic trace at the end.
fn run<R: SpikeTimingRule>(rule: R, weight: f64, delay: f64, pre: &[u64], post: &[u64]) -> (Vec<f64>, f64) {
    let topology = OneToOne.topology(1).unwrap();
    let d = (delay / 0.1).round() as u16;
    let dt: Time = 0.1 * ms;
    let mut kernel = SpikeTiming::new(rule, &topology, d, dt).unwrap();
    init_all(&mut kernel, None, 0).unwrap();
    PlasticKernel::<f64>::restart(&mut kernel, 0);
    let mut weights = [weight];
    let end = pre.iter().chain(post).max().copied().unwrap_or(0) + 1;
    let mut recorded = Vec::new();
    for t in 0..=end {
        let sources: &[u32] = if pre.contains(&t) { &[0] } else { &[] };
        let fired: &[u32] = if post.contains(&t) { &[0] } else { &[] };
        kernel.step(t, sources, fired, &topology, &DelaySteps::Uniform(d), &mut weights);
        if !sources.is_empty() {
            recorded.push(weights[0]);
        }
    }
    let mut kplus = f64::NAN;
    neurodim_state::for_each_state(&kernel, |path, state| {
        if path == "pre_x1" {
            kplus = state.to_si()[0];
        }
    });
    (recorded, kplus)
}

fn deviation(ours: f64, nest: f64) -> f64 {
    if ours == nest { 0.0 } else { (ours - nest).abs() / nest.abs().max(f64::MIN_POSITIVE) }
}

/// Runs one case; `None` for a rule neurodim does not have.
fn case_deviation(case: &Value) -> Option<f64> {
    let (syn, post) = (&case["synapse"], &case["post_neuron"]);
    let steps = |key: &str| -> Vec<u64> {
        case[key].as_array().unwrap().iter().map(|t| step_of(t.as_f64().unwrap())).collect()
    };
    let (pre_steps, post_steps) = (steps("pre_spikes"), steps("post_spikes"));
    let (weight, delay) = (number(syn, "weight"), number(case, "delay"));
    let go = |pre: &[u64]| -> (Vec<f64>, f64) {
        match case["rule"].as_str().unwrap() {
            "stdp_synapse" | "stdp_synapse_hom" => run(stdp(syn, post), weight, delay, pre, &post_steps),
            "stdp_nn_symm_synapse" => run(StdpNnSymm(stdp(syn, post)), weight, delay, pre, &post_steps),
            "stdp_nn_restr_synapse" => run(StdpNnRestr(stdp(syn, post)), weight, delay, pre, &post_steps),
            "stdp_triplet_synapse" => {
                let rule = StdpTriplet {
                    tau_plus: number(syn, "tau_plus") * ms,
                    tau_x: number(syn, "tau_plus_triplet") * ms,
                    tau_minus: number(post, "tau_minus") * ms,
                    tau_y: number(post, "tau_minus_triplet") * ms,
                    a2_plus: number(syn, "Aplus"),
                    a3_plus: number(syn, "Aplus_triplet"),
                    a2_minus: number(syn, "Aminus"),
                    a3_minus: number(syn, "Aminus_triplet"),
                    w_max: number(syn, "Wmax"),
                };
                run(rule, weight, delay, pre, &post_steps)
            }
            "vogels_sprekeler_synapse" => {
                let rule = VogelsSprekeler {
                    tau: number(syn, "tau") * ms,
                    tau_minus: number(post, "tau_minus") * ms,
                    eta: number(syn, "eta"),
                    alpha: number(syn, "alpha"),
                    w_max: number(syn, "Wmax"),
                };
                run(rule, weight, delay, pre, &post_steps)
            }
            _ => (Vec::new(), f64::NAN),
        }
    };
    let (recorded, kplus) = go(&pre_steps);
    if recorded.is_empty() {
        return None;
    }
    let nest: Vec<f64> =
        case["recorded"].as_array().unwrap().iter().map(|r| r[1].as_f64().unwrap()).collect();
    assert_eq!(recorded.len(), nest.len(), "{}", case["id"]);
    let mut worst = recorded.iter().zip(&nest).map(|(&a, &b)| deviation(a, b)).fold(0.0, f64::max);
    worst = worst.max(deviation(recorded[recorded.len() - 1], number(&case["final"], "weight")));
    if let Some(k) = case["final"]["Kplus"].as_f64() {
        worst = worst.max(deviation(kplus, k));
    }
    Some(worst)
}

#[test]
fn every_rule_follows_nest_spike_by_spike() {
    let refs: Value = serde_json::from_str(REFERENCES).unwrap();
    let mut compared = 0;
    let mut worst: (f64, String) = (0.0, String::new());
    for case in refs["cases"].as_array().unwrap() {
        if let Some(dev) = case_deviation(case) {
            compared += 1;
            if dev > worst.0 {
                worst = (dev, case["id"].to_string());
            }
        }
    }
    // every case of the five rules (NEST's stdp_nn_pre_centered_synapse is not one of them)
    assert_eq!(compared, 204 - 16);
    println!("largest relative deviation from NEST: {:.2e} ({})", worst.0, worst.1);
    assert!(worst.0 <= TOLERANCE, "{worst:?}");
}

#[test]
fn the_stdp_window_follows_nest() {
    let refs: Value = serde_json::from_str(REFERENCES).unwrap();
    for window in refs["windows"].as_array().unwrap() {
        let (syn, post) = (&window["synapse"], &window["post_neuron"]);
        let pre = [step_of(number(window, "t_pre")), step_of(number(window, "t_probe"))];
        for point in window["points"].as_array().unwrap() {
            let post_steps = [step_of(number(point, "t_post"))];
            let (w, _) = run(stdp(syn, post), number(syn, "weight"), number(window, "delay"), &pre, &post_steps);
            for (ours, key) in w.iter().zip(["w_at_pre", "w_at_probe"]) {
                let dev = deviation(*ours, number(point, key));
                assert!(dev <= TOLERANCE, "{} dt {}: {ours} vs {}", window["id"], point["dt"], point[key]);
            }
        }
    }
}
