//! NEST's short-term plastic synapses (`tsodyks_synapse`, `tsodyks2_synapse`) on a static
//! projection onto `iaf_psc_exp`, against NEST 3.10 (`references/nest_zoo.json`, made by
//! `benches/peers/nest/zoo_references.py` on this machine): NEST's own protocol — a presynaptic
//! train (depressing, facilitating, irregular), the synapse's delay 0.1 ms — with the post
//! neuron's `V_m` and `I_syn_ex` every 1 ms over 1.2 s and the synapse's final state compared.
//!
//! The spike times are NEST's stamps (the ends of the steps that emit them); the efficacy is
//! computed in SI units where NEST uses ms, so each value may differ from NEST's by rounding:
//! 10⁻¹² relative to max(|x|, 1 mV or pA), as for the exact models; the largest is printed.

use neurodim_dyn::network::SpikeSource;
use neurodim_dyn::prelude::*;
use neurodim_dyn::synapse::{Tsodyks2Params, TsodyksParams};
use neurodim_state::{StepContext, StreamRng, for_each_state};
use neurodim_units::prelude::*;
use serde_json::Value;

const REFERENCES: &str = include_str!("references/nest_zoo.json");
const TOLERANCE: f64 = 1e-12;

/// One neuron that spikes in the listed steps.
struct AtSteps(Vec<u64>);

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

fn number(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or_else(|| panic!("{key} in {v}"))
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array().expect("a list").iter().map(|x| x.as_f64().expect("a number")).collect()
}

#[test]
fn tsodyks_synapses_as_nest() -> Result<(), Box<dyn std::error::Error>> {
    let references: Value = serde_json::from_str(REFERENCES)?;
    let cases = references["synapses"].as_array().expect("synapses");
    assert_eq!(cases.len(), 6);
    let mut worst: f64 = 0.0;
    for case in cases {
        let id = case["id"].as_str().expect("id");
        let (h, syn, post) = (number(case, "resolution"), &case["synapse"], &case["post"]);
        let mut net = Network::new(h * ms)?;
        // NEST's stamp t is the end of the step that emits the spike: step t/h − 1
        let steps: Vec<u64> =
            numbers(&case["pre_spike_times"]).iter().map(|t| (t / h).round() as u64 - 1).collect();
        let pre = net.add_spike_source("pre", AtSteps(steps))?;
        let cell = IafPscExpParams {
            tau_m: number(post, "tau_m") * ms,
            t_ref: number(post, "t_ref") * ms,
            tau_syn_ex: number(post, "tau_syn_ex") * ms,
            tau_syn_in: number(post, "tau_syn_in") * ms,
            c_m: number(post, "C_m") * pF,
            v_th: number(post, "V_th") * mV,
            v_reset: number(post, "V_reset") * mV,
            e_l: number(post, "E_L") * mV,
            ..IafPscExpParams::default()
        };
        let post = net.add_population("post", IafPscExp::new(1, cell)?)?;
        let big_u = Probability::new(number(syn, "U"))?;
        let (tau_rec, tau_fac) = (number(syn, "tau_rec") * ms, number(syn, "tau_fac") * ms);
        let conn = AllToAll::new().topology(1, 1)?.with_weight(number(syn, "weight") * pA)?;
        let delays = SynapseDelays::nest(number(syn, "delay") * ms, net.dt())?;
        let synapses = StaticSynapses::new(pre, post, conn).with_delays(delays);
        let synapses = match case["synapse_model"].as_str() {
            Some("tsodyks_synapse") => synapses.with_short_term(TsodyksParams {
                u: big_u,
                tau_psc: number(syn, "tau_psc") * ms,
                tau_rec,
                tau_fac,
            }),
            Some("tsodyks2_synapse") => {
                synapses.with_short_term(Tsodyks2Params { u: big_u, tau_rec, tau_fac })
            }
            other => panic!("{id}: {other:?}"),
        };
        net.add_static_synapses("S", synapses)?;
        let v = net.monitor_state("post.V", &[0], 1)?;
        let current = net.monitor_state("post.I_syn_ex", &[0], 1)?;
        net.init(0)?;
        net.run((number(case, "duration") / h).round() as u64)?;
        // NEST's samples every 1 ms from 1 ms: the state after step t/h − 1
        let record = &case["record"];
        let every = (number(record, "interval") / h).round() as usize;
        for (name, trace, unit) in [("V_m", v, 1e-3), ("I_syn_ex", current, 1e-12)] {
            let ours: Vec<f64> = net.state_trace(trace)?.si().trace(0).map(|x| x / unit).collect();
            for (k, nest) in numbers(&record["traces"][name]).into_iter().enumerate() {
                let ours = ours[(k + 1) * every - 1];
                let deviation = (ours - nest).abs() / nest.abs().max(1.0);
                assert!(deviation <= TOLERANCE, "{id}: {name} at {} ms {ours}, NEST {nest}", k + 1);
                worst = worst.max(deviation);
            }
        }
        // the synapse's final state
        let mut finals = Vec::new();
        for_each_state(&net, |path, state| {
            let variable = path.strip_prefix("S.").and_then(|p| p.rsplit('.').next());
            if let Some(variable) = variable.filter(|v| ["x", "y", "u"].contains(v)) {
                finals.push((variable.to_string(), state.to_si()[0]));
            }
        });
        let expected = case["final"].as_object().expect("final");
        assert_eq!(finals.len(), expected.len(), "{id}: {finals:?}");
        for (variable, value) in finals {
            let nest = number(&case["final"], &variable);
            assert!(
                (value - nest).abs() <= TOLERANCE,
                "{id}: final {variable} {value}, NEST {nest}"
            );
        }
    }
    println!("tsodyks synapses: largest deviation from NEST {worst:.1e} of max(|x|, 1 mV or pA)");
    Ok(())
}
