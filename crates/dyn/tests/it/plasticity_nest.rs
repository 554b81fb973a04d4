//! Every spike-timing rule in a network against NEST 3.10: weight trajectories for fixed pre-
//! and postsynaptic spike trains (pairs both ways, spikes in one step, spikes coincident at the
//! synapse, bursts, Poisson trains, two delays, clipping) and the STDP window, from
//! `references/nest_stdp.json` (made by `benches/peers/nest/stdp_references.py` with
//! `nest-simulator==3.10.0` on this machine; see that folder's README).
//!
//! The set-up mirrors NEST's: a spike source as the presynaptic neuron; a LIF cell as the
//! postsynaptic one, made to spike at the reference times by a second source through a large
//! voltage jump, and at rest at the reversal potential of the plastic synapse so that the plastic
//! weight never moves it (NEST uses a receptor its parrot ignores). Weights are in nS (NEST's
//! are unit-free numbers).
//!
//! NEST keeps times as doubles in ms (`0.001·(100·n)`) and subtracts them, and weights as
//! numbers; neurodim counts time in steps and multiplies by `dt/τ`, and holds weights in SI
//! units, so each exponent and each sum can differ from NEST's by an ulp or so. Rounding is
//! relative to the magnitudes a weight passed through: a weight that fell from 93 to 1.8 carries
//! the absolute error of 93. Deviations are therefore measured against the largest weight of
//! the case's trajectory. The tolerance is a bound on that rounding, not a fit: the largest
//! deviation over all cases is printed and stays under it.

use neurodim_dyn::network::SpikeSource;
use neurodim_dyn::plasticity::{
    SpikeTimingRule, Stdp, StdpNnRestr, StdpNnSymm, StdpTriplet, VogelsSprekeler,
};
use neurodim_dyn::prelude::*;
use neurodim_state::{StepContext, StreamRng};
use neurodim_units::prelude::*;
use serde_json::Value;

const REFERENCES: &str = include_str!("references/nest_stdp.json");

/// Deviation allowed per weight, relative to the largest weight of its trajectory: a few ulp
/// (the largest measured is 1.7e-15, a 2-s Poisson case).
const TOLERANCE: f64 = 4e-15;

/// One neuron that spikes in the listed steps.
pub(crate) struct AtSteps(pub(crate) Vec<u64>);

impl SpikeSource for AtSteps {
    fn size(&self) -> usize {
        1
    }

    fn emit(
        &mut self,
        ctx: &StepContext,
        _: &mut StreamRng,
        out: &mut [bool],
    ) -> Result<(), DynError> {
        out[0] = self.0.contains(&ctx.i);
        Ok(())
    }
}

/// NEST's time stamp (ms, the end of the step a spike was emitted in) as the step index.
fn step_of(t_ms: f64) -> u64 {
    (t_ms / 0.1).round() as u64 - 1
}

fn number(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or_else(|| panic!("{key} in {v}"))
}

/// One presynaptic and one postsynaptic neuron spiking at `pre` and `post` (steps), joined by a
/// plastic synapse `"plastic"` of weight `weight` and `delay` under `rule`; the postsynaptic
/// cell, and the network (not initialised).
pub(crate) fn pair_network<R: SpikeTimingRule<Weight = Conductance>>(
    rule: R,
    weight: Conductance,
    delay: Time,
    pre: &[u64],
    post: &[u64],
) -> Result<(Network, PopulationId), DynError> {
    let mut net = Network::new(0.1 * ms)?;
    let source = net.add_spike_source("pre", AtSteps(pre.to_vec()))?;
    // a jump in step n − 1 makes the cell spike in step n
    let drive = net.add_spike_source("drive", AtSteps(post.iter().map(|&n| n - 1).collect()))?;
    let params = LifParams {
        v_rest: 0.0 * mV,
        v_reset: 0.0 * mV,
        v_th: 10.0 * mV,
        reset: SpikeReset::Hard,
        ..LifParams::default()
    };
    let cell = net.add_population("post", Lif::new(1, params)?)?;
    let kick = OneToOne.topology(1)?.with_weight(100.0 * mV)?;
    net.add_delta("kick", Delta::new(drive, cell, kick))?;
    net.connect("plastic", source, cell)
        .rule(OneToOne)
        .weight(weight)
        .synapse(ExponParams::default())
        .output(Coba::new(0.0 * mV)?)
        .delay(delay)
        .stdp(rule)
        .add()?;
    Ok((net, cell))
}

/// [`pair_network`] run: the weight after each presynaptic spike's update, and the network.
pub(crate) fn pair_run<R: SpikeTimingRule<Weight = Conductance>>(
    rule: R,
    weight: Conductance,
    delay: Time,
    pre: &[u64],
    post: &[u64],
) -> Result<(Vec<Conductance>, Network), DynError> {
    let (mut net, cell) = pair_network(rule, weight, delay, pre, post)?;
    let fired = net.monitor_spikes(cell)?;
    net.init(0)?;
    let end = pre.iter().chain(post).max().copied().unwrap_or(0) + 2;
    let mut recorded = Vec::new();
    for step in 0..end {
        net.step()?;
        // the spike of step n changes the weight when it is sent, at the start of step n + 1
        if step > 0 && pre.contains(&(step - 1)) {
            recorded.push(net.weights("plastic")?[0]);
        }
    }
    // the harness: the cell spiked exactly when told
    let steps: Vec<u64> = net.spike_monitor(fired)?.spike_steps().to_vec();
    assert_eq!(steps, post, "the postsynaptic cell's spikes");
    Ok((recorded, net))
}

fn stdp(syn: &Value, post: &Value) -> Stdp<Conductance> {
    Stdp {
        tau_plus: number(syn, "tau_plus") * ms,
        tau_minus: number(post, "tau_minus") * ms,
        lambda: number(syn, "lambda"),
        alpha: number(syn, "alpha"),
        mu_plus: number(syn, "mu_plus"),
        mu_minus: number(syn, "mu_minus"),
        w_max: number(syn, "Wmax") * nS,
    }
}

/// `|ours − nest|` relative to `scale`, the largest weight of the trajectory.
fn deviation(ours: f64, nest: f64, scale: f64) -> f64 {
    if ours == nest { 0.0 } else { (ours - nest).abs() / scale }
}

/// The weights (nS) after each presynaptic spike of a case; `None` for a rule neurodim does not
/// have (NEST's `stdp_nn_pre_centered_synapse`).
fn run_case(case: &Value, pre: &[u64]) -> Option<Vec<f64>> {
    let (syn, post) = (&case["synapse"], &case["post_neuron"]);
    let post_steps: Vec<u64> =
        case["post_spikes"].as_array()?.iter().map(|t| step_of(t.as_f64().unwrap())).collect();
    let (w, d) = (number(syn, "weight") * nS, number(case, "delay") * ms);
    let p = &post_steps;
    let result = match case["rule"].as_str()? {
        "stdp_synapse" | "stdp_synapse_hom" => pair_run(stdp(syn, post), w, d, pre, p),
        "stdp_nn_symm_synapse" => pair_run(StdpNnSymm(stdp(syn, post)), w, d, pre, p),
        "stdp_nn_restr_synapse" => pair_run(StdpNnRestr(stdp(syn, post)), w, d, pre, p),
        "stdp_triplet_synapse" => {
            let rule = StdpTriplet {
                tau_plus: number(syn, "tau_plus") * ms,
                tau_x: number(syn, "tau_plus_triplet") * ms,
                tau_minus: number(post, "tau_minus") * ms,
                tau_y: number(post, "tau_minus_triplet") * ms,
                a2_plus: number(syn, "Aplus") * nS,
                a3_plus: number(syn, "Aplus_triplet") * nS,
                a2_minus: number(syn, "Aminus") * nS,
                a3_minus: number(syn, "Aminus_triplet") * nS,
                w_max: number(syn, "Wmax") * nS,
            };
            pair_run(rule, w, d, pre, p)
        }
        "vogels_sprekeler_synapse" => {
            let rule = VogelsSprekeler {
                tau: number(syn, "tau") * ms,
                tau_minus: number(post, "tau_minus") * ms,
                eta: number(syn, "eta") * nS,
                alpha: number(syn, "alpha"),
                w_max: number(syn, "Wmax") * nS,
            };
            pair_run(rule, w, d, pre, p)
        }
        _ => return None,
    };
    let (weights, _) = result.unwrap_or_else(|e| panic!("{}: {e}", case["id"]));
    Some(weights.iter().map(|w| w.value_in(nS)).collect())
}

#[test]
fn every_rule_follows_nest_spike_by_spike() {
    let refs: Value = serde_json::from_str(REFERENCES).unwrap();
    let (mut compared, mut worst) = (0, (0.0, String::new()));
    for case in refs["cases"].as_array().unwrap() {
        let pre: Vec<u64> = case["pre_spikes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| step_of(t.as_f64().unwrap()))
            .collect();
        let Some(ours) = run_case(case, &pre) else { continue };
        compared += 1;
        let nest: Vec<f64> =
            case["recorded"].as_array().unwrap().iter().map(|r| r[1].as_f64().unwrap()).collect();
        assert_eq!(ours.len(), nest.len(), "{}", case["id"]);
        let last = number(&case["final"], "weight");
        let scale = nest.iter().fold(0.0, |m: f64, w| m.max(w.abs()));
        let deviations = ours.iter().zip(&nest).map(|(&a, &b)| deviation(a, b, scale));
        let dev = deviations.fold(deviation(ours[ours.len() - 1], last, scale), f64::max);
        if dev > worst.0 {
            worst = (dev, case["id"].to_string());
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
        let (w, d) = (number(syn, "weight") * nS, number(window, "delay") * ms);
        for point in window["points"].as_array().unwrap() {
            let post_steps = [step_of(number(point, "t_post"))];
            let (ours, _) = pair_run(stdp(syn, post), w, d, &pre, &post_steps).unwrap();
            for (ours, key) in ours.iter().zip(["w_at_pre", "w_at_probe"]) {
                let nest = number(point, key);
                let dev = deviation(ours.value_in(nS), nest, nest.abs());
                assert!(
                    dev <= TOLERANCE,
                    "{} dt {}: {ours:?} vs {}",
                    window["id"],
                    point["dt"],
                    point[key]
                );
            }
        }
    }
}
