//! Spike-timing plasticity in networks: the pair window against its closed form, checkpoints,
//! threads, precision, delays, composition with short-term plasticity, and refused input.

use neurodim_dyn::plasticity::{Stdp, StdpTriplet, VogelsSprekeler};
use neurodim_dyn::prelude::*;
use neurodim_state::prelude::Normal;
use neurodim_state::{Checkpoint, for_each_state};
use neurodim_units::prelude::*;

use crate::plasticity_nest::{pair_network, pair_run};

/// 200 LIF cells, 160 excitatory with additive STDP on E→E (1 ms delay), 40 inhibitory.
fn recurrent(mut net: Network, stp: bool) -> Result<Network, DynError> {
    let params = LifRefParams {
        tau: 20.0 * ms,
        tau_ref: 5.0 * ms,
        v_rest: -60.0 * mV,
        v_th: -50.0 * mV,
        v_reset: -60.0 * mV,
        ..LifRefParams::default()
    };
    let cells = LifRef::new(200, params)?.with_v_initializer(Normal::new(-55.0 * mV, 2.0 * mV)?);
    let pop = net.add_population("N", cells)?;
    net.set_current(pop, 20.0 * mA)?;
    let ee = net
        .connect("EE", pop.neurons(0..160), pop)
        .rule(FixedOutDegree::new(20))
        .weight(6.0 * mS)
        .synapse(ExponParams { tau: 5.0 * ms })
        .output(Coba::new(0.0 * mV)?)
        .delay(1.0 * ms)
        .stdp(Stdp::additive(12.0 * mS));
    if stp {
        ee.short_term_plasticity(StdParams::default()).add()?
    } else {
        ee.add()?
    }
    net.connect("I", pop.neurons(160..200), pop)
        .rule(FixedOutDegree::new(20))
        .weight(67.0 * mS)
        .synapse(ExponParams { tau: 10.0 * ms })
        .output(Coba::new(-80.0 * mV)?)
        .add()?;
    Ok(net)
}

fn f64_net() -> Network {
    recurrent(Network::new(0.1 * ms).unwrap(), false).unwrap()
}

/// Additive STDP, one pair then a probe 1 s later: `Δw = λ·Wmax·e^{−(Δt + d)/τ₊}` for
/// `Δt + d > 0`, `−α·λ·Wmax·e^{(Δt + d)/τ₋}` for `Δt + d < 0`, nothing at `Δt = −d` (closed form;
/// `Δt = t_post − t_pre`, the delay `d` is dendritic).
#[test]
fn the_additive_window_is_its_closed_form() {
    let rule = Stdp { alpha: 1.2, tau_minus: 30.0 * ms, ..Stdp::additive(100.0 * nS) };
    let (w0, d) = (50.0 * nS, 1.0 * ms);
    let (t_pre, probe) = (1000, 11000);
    for dt_steps in -300i64..=300 {
        let t_post = (t_pre as i64 + dt_steps) as u64;
        let (w, _) = pair_run(rule, w0, d, &[t_pre, probe], &[t_post]).unwrap();
        let lag = (dt_steps as f64 * 0.1 + 1.0) * ms; // Δt + d
        let expected = if lag > 0.0 * ms {
            rule.lambda * (-(lag / rule.tau_plus).value).exp()
        } else if lag < 0.0 * ms {
            -rule.alpha * rule.lambda * ((lag / rule.tau_minus).value).exp()
        } else {
            0.0
        };
        // the probe's own depression by a post spike ≥ 0.97 s old is below rounding
        let change = (w[1] - w0) / (100.0 * nS);
        assert!(
            (change.value - expected).abs() < 1e-13,
            "Δt {dt_steps} steps: {change:?} vs {expected}"
        );
    }
}

#[test]
fn a_checkpoint_continues_a_plastic_network_bit_for_bit() {
    let mut net = f64_net();
    net.init(3).unwrap();
    net.run(500).unwrap();
    let saved: Checkpoint = net.checkpoint();
    net.run(700).unwrap();
    let through = net.weights("EE").unwrap();
    assert!(through.iter().any(|&w| w != 6.0 * mS), "the weights changed");
    let mut again = f64_net();
    again.init(3).unwrap();
    again.restore(&saved).unwrap();
    again.run(700).unwrap();
    let restored = again.weights("EE").unwrap();
    assert_eq!(through, restored);
    let traces = |net: &Network| {
        let mut out = Vec::new();
        for_each_state(net, |path, state| {
            if path.starts_with("EE.stdp.") {
                out.push((path.to_string(), state.to_si()));
            }
        });
        out
    };
    assert_eq!(traces(&net).len(), 2, "pre, post");
    assert_eq!(traces(&net), traces(&again));
}

#[cfg(feature = "parallel")]
#[test]
fn threads_give_the_same_weights() {
    let run = |threads: usize| {
        let mut net = f64_net();
        net.set_threads(threads).unwrap();
        net.init(5).unwrap();
        net.run(800).unwrap();
        net.weights("EE").unwrap()
    };
    assert_eq!(run(1), run(2));
}

#[test]
fn short_term_plasticity_scales_what_the_changed_weight_delivers() {
    // STD on the plastic E→E projection: both rules act on one projection
    let run = |stp: bool| {
        let mut net = f64_net();
        if stp {
            net = recurrent(Network::new(0.1 * ms).unwrap(), true).unwrap();
        }
        net.init(9).unwrap();
        net.run(600).unwrap();
        let mut x = Vec::new();
        for_each_state(&net, |path, state| {
            if path == "EE.stp.x" {
                x = state.to_si();
            }
        });
        (net.weights("EE").unwrap(), x)
    };
    let (plain, no_x) = run(false);
    let (with_std, x) = run(true);
    assert!(no_x.is_empty());
    assert!(x.iter().any(|&x| x < 1.0), "depression acted");
    assert!(with_std.iter().any(|&w| w != 6.0 * mS), "STDP acted");
    // the recurrent drive differs, so do the spikes and the weights: both rules act together
    assert_ne!(plain, with_std);
}

#[test]
fn f32_weights_follow_f64_within_rounding() {
    let rule = VogelsSprekeler { eta: 0.05 * nS, ..VogelsSprekeler::new(1.0 * nS, 10.0 * nS) };
    let pre: Vec<u64> = (0..40).map(|k| 100 + 97 * k).collect();
    let post: Vec<u64> = (0..40).map(|k| 120 + 101 * k).collect();
    let (f64_w, _) = pair_run(rule, 5.0 * nS, 1.0 * ms, &pre, &post).unwrap();
    let mut net = Network::<f32>::with_precision(0.1 * ms).unwrap();
    let source = net.add_spike_source("pre", crate::plasticity_nest::AtSteps(pre.clone())).unwrap();
    let cell = net.add_population("post", Neurons::<_, f32>::new(1, LifParams::default()).unwrap());
    let cell = cell.unwrap();
    net.connect("p", source, cell)
        .rule(OneToOne)
        .weight(5.0 * nS)
        .synapse(ExponParams::default())
        .output(Coba::new(0.0 * mV).unwrap())
        .delay(1.0 * ms)
        .stdp(rule)
        .add()
        .unwrap();
    net.init(0).unwrap();
    net.run(*pre.last().unwrap() + 2).unwrap();
    // the cell never fires here: only the presynaptic side acts, so compare with f64 the same
    let (no_post, _) = pair_run(rule, 5.0 * nS, 1.0 * ms, &pre, &[]).unwrap();
    let ours = net.weights("p").unwrap()[0];
    let f64_last = *no_post.last().unwrap();
    assert!(
        ((ours - f64_last) / f64_last).value.abs() < 40.0 * f32::EPSILON as f64,
        "{ours:?} {f64_last:?}"
    );
    assert_ne!(f64_w.last(), no_post.last(), "postsynaptic spikes matter");
}

#[test]
fn per_synapse_delays_equal_to_a_uniform_one_change_nothing() {
    let build = |per_synapse: bool| {
        let mut net = Network::new(0.1 * ms).unwrap();
        let pre = net
            .add_spike_source("pre", crate::plasticity_nest::AtSteps(vec![100, 150, 300]))
            .unwrap();
        let cell = net.add_population("post", Lif::new(2, LifParams::default()).unwrap()).unwrap();
        net.set_current(cell, 2.0 * mA).unwrap();
        let conn = AllToAll::new().topology(1, 2).unwrap().with_weight(1.0 * nS).unwrap();
        let delays = if per_synapse {
            SynapseDelays::per_synapse(&[2.0 * ms, 2.0 * ms], 0.1 * ms).unwrap()
        } else {
            SynapseDelays::uniform(2.0 * ms, 0.1 * ms).unwrap()
        };
        let proj =
            AlignPost::new(pre, cell, conn, ExponParams::default(), Coba::new(0.0 * mV).unwrap())
                .with_delays(delays)
                .with_stdp(StdpTriplet::visual_cortex(1.0 * nS, 10.0 * nS));
        net.add_align_post("p", proj).unwrap();
        net.init(0).unwrap();
        net.run(400).unwrap();
        net.weights("p").unwrap()
    };
    let uniform = build(false);
    assert!(uniform.iter().all(|&w| w != 1.0 * nS), "{uniform:?}");
    assert_eq!(uniform, build(true));
}

#[test]
fn invalid_rules_and_weights_are_refused_by_name() {
    let cell = || {
        let mut net = Network::new(0.1 * ms).unwrap();
        let pop = net.add_population("N", Lif::new(10, LifParams::default()).unwrap()).unwrap();
        (net, pop)
    };
    let add = |rule: Stdp<Conductance>, w: Conductance| {
        let (mut net, pop) = cell();
        net.connect("EE", pop, pop)
            .rule(FixedOutDegree::new(2))
            .weight(w)
            .synapse(ExponParams::default())
            .output(Coba::new(0.0 * mV).unwrap())
            .stdp(rule)
            .add()
            .and_then(|()| net.init(0))
            .map(|()| net)
    };
    // Wmax below the initial weight: refused when init draws the synapses
    let e = add(Stdp::new(1.0 * nS), 2.0 * nS).unwrap_err();
    assert_eq!(e.param(), Some("weight"));
    assert!(e.to_string().contains("stdp_synapse") && e.to_string().contains("EE"), "{e}");
    // a weight of the other sign than Wmax
    let e = add(Stdp::new(-1.0 * nS), 0.5 * nS).unwrap_err();
    assert!(e.to_string().contains("sign"), "{e}");
    // negative, zero or non-finite time constants and rates
    let e = add(Stdp { tau_plus: -20.0 * ms, ..Stdp::new(10.0 * nS) }, 1.0 * nS).unwrap_err();
    assert_eq!(e.param(), Some("tau_plus"));
    let e = add(Stdp { tau_minus: 0.0 * ms, ..Stdp::new(10.0 * nS) }, 1.0 * nS).unwrap_err();
    assert_eq!(e.param(), Some("tau_minus"));
    let e = add(Stdp { lambda: f64::NAN, ..Stdp::new(10.0 * nS) }, 1.0 * nS).unwrap_err();
    assert_eq!(e.param(), Some("lambda"));
    let e = add(Stdp::new(f64::INFINITY * nS), 1.0 * nS).unwrap_err();
    assert_eq!(e.param(), Some("w_max"));
    // set_weights keeps to the rule's bound; nothing changes on error
    let mut net = add(Stdp::new(10.0 * nS), 1.0 * nS).unwrap();
    let n = net.weights("EE").unwrap().len();
    let e = net.set_weights("EE", &vec![11.0 * nS; n]).unwrap_err();
    assert_eq!(e.param(), Some("weight"));
    assert!(net.weights("EE").unwrap().iter().all(|&w| w == 1.0 * nS));
    net.set_weights("EE", &vec![10.0 * nS; n]).unwrap();
    // a weight path that does not exist
    assert!(net.weights("nothing").is_err());
    // a current-based weight: the rule's bounds are conductances
    let (mut net, pop) = cell();
    let current = net.connect("EE", pop, pop).rule(FixedOutDegree::new(2)).weight(1.0 * nA);
    let e = current.synapse(ExponParams::default()).stdp(Stdp::new(10.0 * nS)).add().unwrap_err();
    assert_eq!(e.param(), Some("weight"));
    // a triplet rule with a negative amplitude
    let (mut net, pop) = cell();
    let rule =
        StdpTriplet { a3_plus: -1.0 * nS, ..StdpTriplet::visual_cortex(1.0 * nS, 10.0 * nS) };
    let e = net
        .connect("EE", pop, pop)
        .rule(FixedOutDegree::new(2))
        .weight(1.0 * nS)
        .synapse(ExponParams::default())
        .output(Coba::new(0.0 * mV).unwrap())
        .stdp(rule)
        .add()
        .unwrap_err();
    assert_eq!(e.param(), Some("a3_plus"));
}

#[test]
fn weight_changes_are_recorded_when_and_where_they_happen() {
    // pre at steps 100 and 300, post at 200, delay 10 steps
    let rule = Stdp::additive(10.0 * nS);
    let (mut net, _) = pair_network(rule, 5.0 * nS, 1.0 * ms, &[100, 300], &[200]).unwrap();
    net.init(0).unwrap();
    let all = net.monitor_weight_changes("plastic", None).unwrap();
    net.run(400).unwrap();
    let recorded = net.weight_changes(all).unwrap();
    let steps: Vec<u64> =
        recorded.events().map(|(t, _, _)| (t / (0.1 * ms)).value.round() as u64).collect();
    // the post spike of step 200 arrives at 210 and potentiates at the start of 211; the pre
    // spike of 300 depresses at 301 (the first pre spike, with no post trace, may change the
    // weight by rounding only)
    assert!(steps.contains(&211) && steps.contains(&301), "{steps:?}");
    assert!(steps.iter().all(|s| [101, 211, 301].contains(s)), "{steps:?}");
    let (_, synapse, w) = recorded.events().last().unwrap();
    assert_eq!((synapse, w), (0, net.weights("plastic").unwrap()[0]));
    // chosen synapses are checked
    assert_eq!(
        net.monitor_weight_changes("plastic", Some(&[1])).unwrap_err().param(),
        Some("synapses")
    );
    assert_eq!(
        net.monitor_weight_changes("plastic", Some(&[0, 0])).unwrap_err().param(),
        Some("synapses")
    );
    assert!(net.monitor_weight_changes("nothing", None).is_err());
    // a restart forgets what was recorded
    net.init(0).unwrap();
    assert!(net.weight_changes(all).unwrap().is_empty());
}

/// Pfister & Gerstner's (2006) rule evaluated from its definition: every trace a sum over all
/// earlier spikes, `r₁(t) = Σ_{t_k < t} e^{−(t − t_k)/τ₊}` and so on — independent of the
/// engine's traces, which are updated incrementally. No delay, no bound reached: the weight
/// change is the sum of the updates. Times in steps of 0.1 ms.
fn triplet_by_definition(rule: &StdpTriplet<Conductance>, pre: &[u64], post: &[u64]) -> f64 {
    let trace = |spikes: &[u64], t: u64, tau: Time| -> f64 {
        let tau_steps = (tau / (0.1 * ms)).value;
        spikes.iter().filter(|&&s| s < t).map(|&s| (-((t - s) as f64) / tau_steps).exp()).sum()
    };
    let (a2p, a3p, a2m, a3m) =
        (rule.a2_plus.value, rule.a3_plus.value, rule.a2_minus.value, rule.a3_minus.value);
    let potentiation: f64 = post
        .iter()
        .map(|&t| trace(pre, t, rule.tau_plus) * (a2p + a3p * trace(post, t, rule.tau_y)))
        .sum();
    let depression: f64 = pre
        .iter()
        .map(|&t| trace(post, t, rule.tau_minus) * (a2m + a3m * trace(pre, t, rule.tau_x)))
        .sum();
    potentiation - depression
}

/// The triplet rule against pairing frequency, Pfister & Gerstner's Fig. 4 protocol: 60
/// pre/post pairs at `ρ` with `Δt = ±10 ms`, visual-cortex all-to-all parameters. The network's
/// weight change equals the rule's definition summed over the spikes, and has the paper's
/// shape: post-before-pre pairs depress at low frequency and potentiate at high frequency, and
/// pre-before-post pairs potentiate more the higher the frequency.
#[test]
fn the_triplet_rule_against_pairing_frequency() {
    let rule = StdpTriplet::visual_cortex(1.0 * nS, 1000.0 * nS);
    let w0 = 500.0 * nS;
    let change = |rate_hz: f64, dt_steps: i64| -> f64 {
        let period = (10_000.0 / rate_hz).round() as u64;
        let pre: Vec<u64> = (0..60).map(|k| 1000 + k * period).collect();
        let post: Vec<u64> = pre.iter().map(|&t| (t as i64 + dt_steps) as u64).collect();
        let expected = triplet_by_definition(&rule, &pre, &post);
        let (_, net) = pair_run(rule, w0, 0.0 * ms, &pre, &post).unwrap();
        let got = (net.weights("plastic").unwrap()[0] - w0).value;
        assert!(
            (got - expected).abs() < 1e-12 * w0.value,
            "{rate_hz} Hz, {dt_steps}: {got} vs {expected}"
        );
        got
    };
    let rates = [1.0, 10.0, 20.0, 40.0, 50.0];
    let before: Vec<f64> = rates.iter().map(|&r| change(r, 100)).collect();
    let after: Vec<f64> = rates.iter().map(|&r| change(r, -100)).collect();
    assert!(before.windows(2).all(|w| w[0] < w[1]), "pre→post potentiation grows: {before:?}");
    assert!(before[0] > 0.0);
    assert!(
        after[0] < 0.0 && after[4] > 0.0,
        "post→pre: depression turns to potentiation: {after:?}"
    );
}
