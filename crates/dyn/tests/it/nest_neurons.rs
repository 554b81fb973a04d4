//! NEST's neuron models in a network against NEST 3.10 itself: the membrane potential at every
//! step and the spike steps of each case of `references/nest_zoo.json` (made by
//! `benches/peers/nest/zoo_references.py` with `nest-simulator==3.10.0` on this machine; see
//! that folder's README and `zoo_semantics.md`), at h = 0.1, 0.2, 0.5 and 1 ms, for a DC
//! current, excitatory and inhibitory spikes (two in one step among them) and a step current.
//!
//! The cases are rebuilt with NEST's conventions, each stated where it is used:
//! - NEST stamps a spike at the end of the step that emits it, so a `spike_generator`'s spike
//!   at `t` is emitted by the update from `t − h` to `t`: here, a source firing in step
//!   `t/h − 1`, through a [`Delta`] projection with [`SynapseDelays::nest`];
//! - a current generator's current sent in update `s` acts in the target's update `s + D + 1`
//!   (the neuron reads its current buffer at the end of a step): [`DelayedCurrent::nest`]
//!   delivers the generator's current so (a `dc_generator` on `[start, stop)` with delay `d`
//!   moves V on `[start + d, stop + d)`).
//!
//! The models integrate as NEST does — exactly (`iaf_psc_*`, `mat2_psc_exp`), or with GSL's
//! adaptive RKF45 operation for operation (`iaf_cond_*`, `aeif_cond_*`, `hh_psc_alpha`) — with states held in
//! SI units where NEST uses mV, ms, pA and nS, so each value may differ from NEST's by
//! rounding. The tolerance, relative to max(|x|, 1 mV, pA or nS), is 10⁻¹² for the exact models
//! (NEST's own tests use 10⁻¹²) and the error control for the adaptive ones (10⁻³ for
//! `iaf_cond_*` and `hh_psc_alpha`, `gsl_error_tol` = 10⁻⁶ for `aeif_cond_*`), as the issue that asked for them
//! states: a rounding of a parameter converted from SI units can move a step-size decision.
//! The largest deviation of each model is printed (measured: 10⁻¹⁵ to 10⁻¹³, 2·10⁻¹² for
//! `aeif_cond_*`, 1.7·10⁻⁹ for `hh_psc_alpha`); spike stamps must be NEST's exactly. Every
//! recordable NEST recorded is compared (V_m; the synaptic currents of the `psc` models).

use neurodim_dyn::integrate::ErrorControl;
use neurodim_dyn::network::SpikeSource;
use neurodim_dyn::prelude::*;
use neurodim_state::{StepContext, StreamRng};
use neurodim_units::prelude::*;
use serde_json::Value;

const REFERENCES: &str = include_str!("references/nest_zoo.json");

/// Further cases in the same layout, by `benches/peers/nest/zoo_extra_references.py`:
/// `izhikevich` with `consistent_integration` false, and `gif_psc_exp` made deterministic
/// (`lambda_0` 0: never fires; `lambda_0` 10³⁰/s with `Delta_V` 1 V: fires in every step it is
/// not refractory).
const EXTRA_REFERENCES: &str = include_str!("references/nest_zoo_extra.json");

/// Deviation allowed per value of a model integrated exactly, relative to max(|x|, 1 mV, pA or
/// nS): NEST's own tests of exact-integration models use 10⁻¹².
const EXACT: f64 = 1e-12;

/// Sources that each fire once, source `k` in step `steps[k]`, so that spikes in one step
/// stay separate spikes.
struct OncePerSource(Vec<u64>);

impl SpikeSource for OncePerSource {
    fn size(&self) -> usize {
        self.0.len()
    }

    fn emit(
        &mut self,
        ctx: &StepContext,
        _: &mut StreamRng,
        out: &mut [bool],
    ) -> Result<(), DynError> {
        for (fired, &step) in out.iter_mut().zip(&self.0) {
            *fired = step == ctx.i;
        }
        Ok(())
    }
}

fn number(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or_else(|| panic!("{key} in {v}"))
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array().expect("a list").iter().map(|x| x.as_f64().expect("a number")).collect()
}

/// The step of NEST's time `t` (ms) at resolution `h` (ms): times in the references are grid
/// times.
fn step(t: f64, h: f64) -> u64 {
    (t / h).round() as u64
}

/// How a model receives spikes: NEST's weights in mV (voltage jumps, [`Delta`]), in pA
/// (synaptic currents, [`StaticSynapses`]) or in nS (synaptic conductances).
#[derive(Clone, Copy)]
enum Weights {
    Millivolts,
    Picoamperes,
    Nanosiemens,
}

/// Adds the case's stimulation to `net` onto `cell`.
fn stimulate(
    net: &mut Network,
    cell: PopulationId,
    inputs: &Value,
    h: f64,
    weights: Weights,
) -> TestResult {
    let dt = net.dt();
    if let Some(dc) = inputs.get("dc_generator") {
        let on = StepCurrent::new(
            number(dc, "amplitude") * pA,
            number(dc, "start") * ms,
            number(dc, "stop") * ms,
        )?;
        net.set_current_waveform(cell, DelayedCurrent::nest(on, number(dc, "delay") * ms, dt)?)?;
    }
    if let Some(steps) = inputs.get("step_current_generator") {
        let times = numbers(&steps["amplitude_times"]);
        let values = numbers(&steps["amplitude_values"]);
        // zero until the first time, then each value until the next time, the last until long
        // after the case
        let mut currents = vec![0.0 * pA];
        let mut durations = vec![times[0] * ms];
        for (k, &value) in values.iter().enumerate() {
            currents.push(value * pA);
            let end = times.get(k + 1).map_or(1e6, |&next| next - times[k]);
            durations.push(end * ms);
        }
        let section = SectionCurrent::new(currents, durations)?;
        let delay = number(steps, "delay") * ms;
        net.set_current_waveform(cell, DelayedCurrent::nest(section, delay, dt)?)?;
    }
    if let Some(generators) = inputs.get("spike_generators") {
        for (g, generator) in generators.as_array().expect("generators").iter().enumerate() {
            // the update that emits the stamp t is the one from t − h to t
            let steps: Vec<u64> =
                numbers(&generator["spike_times"]).iter().map(|&t| step(t, h) - 1).collect();
            let n = steps.len();
            let source = net.add_spike_source(&format!("gen{g}"), OncePerSource(steps))?;
            let topology = AllToAll::new().topology(n, 1)?;
            let delays = SynapseDelays::nest(number(generator, "delay") * ms, dt)?;
            let (name, w) = (format!("gen{g}_cell"), number(generator, "weight"));
            match weights {
                Weights::Millivolts => {
                    let synapses = Delta::new(source, cell, topology.with_weight(w * mV)?);
                    net.add_delta(&name, synapses.with_delays(delays))?;
                }
                Weights::Picoamperes => {
                    let synapses = StaticSynapses::new(source, cell, topology.with_weight(w * pA)?);
                    net.add_static_synapses(&name, synapses.with_delays(delays))?;
                }
                Weights::Nanosiemens => {
                    let synapses = StaticSynapses::new(source, cell, topology.with_weight(w * nS)?);
                    net.add_static_synapses(&name, synapses.with_delays(delays))?;
                }
            }
        }
    }
    Ok(())
}

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Runs every case of `model` with `build` making its neuron from the case's parameters;
/// returns the largest relative deviation of V.
fn replay<M: NeuronModel>(
    model: &str,
    tolerance: f64,
    weights: Weights,
    build: impl Fn(&Value) -> Result<M, DynError>,
) -> Result<f64, Box<dyn std::error::Error>> {
    let references: Value = serde_json::from_str(REFERENCES)?;
    let cases: Vec<&Value> = references["neurons"]
        .as_array()
        .expect("neurons")
        .iter()
        .filter(|case| case["model"] == model)
        .collect();
    assert_eq!(cases.len(), 12, "4 resolutions × 3 inputs of {model}");
    replay_cases(&cases, tolerance, weights, build)
}

/// Runs the cases of [`EXTRA_REFERENCES`] whose id starts with `variant/` (`resolutions` × 3
/// inputs of them), as [`replay`].
fn replay_extra<M: NeuronModel>(
    variant: &str,
    resolutions: usize,
    tolerance: f64,
    weights: Weights,
    build: impl Fn(&Value) -> Result<M, DynError>,
) -> Result<f64, Box<dyn std::error::Error>> {
    let references: Value = serde_json::from_str(EXTRA_REFERENCES)?;
    let prefix = format!("{variant}/");
    let cases: Vec<&Value> = references["neurons"]
        .as_array()
        .expect("neurons")
        .iter()
        .filter(|case| case["id"].as_str().is_some_and(|id| id.starts_with(&prefix)))
        .collect();
    assert_eq!(cases.len(), 3 * resolutions, "{resolutions} resolutions × 3 inputs of {variant}");
    replay_cases(&cases, tolerance, weights, build)
}

fn replay_cases<M: NeuronModel>(
    cases: &[&Value],
    tolerance: f64,
    weights: Weights,
    build: impl Fn(&Value) -> Result<M, DynError>,
) -> Result<f64, Box<dyn std::error::Error>> {
    let mut worst: f64 = 0.0;
    for &case in cases {
        let id = case["id"].as_str().expect("id");
        let h = number(case, "resolution");
        let mut net = Network::new(h * ms)?;
        let cell = net.add_population("cell", Neurons::new(1, build(&case["params"])?)?)?;
        stimulate(&mut net, cell, &case["inputs"], h, weights)?;
        let mut thresholds = None;
        // each recordable NEST recorded, as the state of ours and NEST's unit (SI per unit)
        let recorded = case["record"]["traces"].as_object().expect("traces");
        let mut traces = Vec::new();
        for (recordable, values) in recorded {
            if recordable == "V_th" {
                // mat2_psc_exp's threshold, ω + θ₁ + θ₂: its two components are compared
                // through it (below)
                let first = net.monitor_state("cell.V_th_alpha_1", &[0], 1)?;
                let second = net.monitor_state("cell.V_th_alpha_2", &[0], 1)?;
                thresholds = Some((first, second, numbers(values)));
                continue;
            }
            let (path, unit) = match recordable.as_str() {
                "V_m" => ("cell.V", 1e-3),
                "I_syn_ex" => ("cell.I_syn_ex", 1e-12),
                "I_syn_in" => ("cell.I_syn_in", 1e-12),
                "g_ex" => ("cell.g_ex", 1e-9),
                "g_in" => ("cell.g_in", 1e-9),
                "w" => ("cell.w", 1e-12),
                "Act_m" => ("cell.m", 1.0),
                "Inact_h" => ("cell.h", 1.0),
                "Act_n" => ("cell.n", 1.0),
                "U_m" => ("cell.U", 1e-3),
                "E_sfa" => ("cell.E_sfa", 1e-3),
                "I_stc" => ("cell.I_stc", 1e-12),
                other => panic!("{id}: no state for {other}"),
            };
            traces.push((recordable, net.monitor_state(path, &[0], 1)?, unit, numbers(values)));
        }
        let spikes = net.monitor_spikes(cell)?;
        net.init(0)?;
        net.run(traces[0].3.len() as u64)?;
        if let Some((first, second, expected)) = thresholds {
            let (first, second) = (net.state_trace(first)?.si(), net.state_trace(second)?.si());
            // E_L + (ω − E_L) + θ₁ + θ₂ in mV, NEST's order, with NEST's defaults
            let sums =
                first.trace(0).zip(second.trace(0)).map(|(a, b)| -70.0 + 19.0 + a * 1e3 + b * 1e3);
            for (i, (ours, nest)) in sums.zip(expected).enumerate() {
                let deviation = (ours - nest).abs() / nest.abs().max(1.0);
                assert!(deviation <= tolerance, "{id}: V_th at {} {ours}, NEST {nest}", i + 1);
                worst = worst.max(deviation);
            }
        }
        for (recordable, trace, unit, expected) in traces {
            let ours: Vec<f64> = net.state_trace(trace)?.si().trace(0).map(|x| x / unit).collect();
            assert_eq!(ours.len(), expected.len(), "{id}");
            for (i, (&ours, &nest)) in ours.iter().zip(&expected).enumerate() {
                // relative to the value, or to 1 mV or 1 pA near zero
                let deviation = (ours - nest).abs() / nest.abs().max(1.0);
                let stamp = i + 1;
                assert!(
                    deviation <= tolerance,
                    "{id}: {recordable} at {stamp} {ours}, NEST {nest}"
                );
                worst = worst.max(deviation);
            }
        }
        // NEST's spike stamps are the ends of the steps that emitted them
        let stamps: Vec<u64> =
            net.spike_monitor(spikes)?.spike_steps().iter().map(|s| s + 1).collect();
        let nest_stamps: Vec<u64> = case["spike_steps"]
            .as_array()
            .expect("spike steps")
            .iter()
            .map(|s| s.as_u64().expect("a step"))
            .collect();
        assert_eq!(stamps, nest_stamps, "{id}: spike stamps");
    }
    Ok(worst)
}

#[test]
fn iaf_psc_delta_as_nest() -> TestResult {
    let worst = replay("iaf_psc_delta", EXACT, Weights::Millivolts, |params| {
        assert_eq!(params.as_object().map(|p| p.len()), Some(0), "NEST's defaults");
        Ok(IafPscDeltaParams::default())
    })?;
    println!("iaf_psc_delta: largest deviation from NEST {worst:.1e} of max(|x|, 1 mV or 1 pA)");
    Ok(())
}

#[test]
fn iaf_psc_exp_as_nest() -> TestResult {
    let worst = replay("iaf_psc_exp", EXACT, Weights::Picoamperes, |params| {
        assert_eq!(params.as_object().map(|p| p.len()), Some(0), "NEST's defaults");
        Ok(IafPscExpParams::default())
    })?;
    println!("iaf_psc_exp: largest deviation from NEST {worst:.1e} of max(|x|, 1 mV or 1 pA)");
    Ok(())
}

#[test]
fn iaf_psc_alpha_as_nest() -> TestResult {
    let worst = replay("iaf_psc_alpha", EXACT, Weights::Picoamperes, |params| {
        assert_eq!(params.as_object().map(|p| p.len()), Some(0), "NEST's defaults");
        Ok(IafPscAlphaParams::default())
    })?;
    println!("iaf_psc_alpha: largest deviation from NEST {worst:.1e} of max(|x|, 1 mV or 1 pA)");
    Ok(())
}

#[test]
fn iaf_cond_exp_as_nest() -> TestResult {
    let worst = replay(
        "iaf_cond_exp",
        ErrorControl::NEST_VALUES.eps_abs(),
        Weights::Nanosiemens,
        |params| {
            assert_eq!(params.as_object().map(|p| p.len()), Some(0), "NEST's defaults");
            Ok(IafCondExpParams::default())
        },
    )?;
    println!("iaf_cond_exp: largest deviation from NEST {worst:.1e} of max(|x|, 1 mV or 1 nS)");
    Ok(())
}

#[test]
fn iaf_cond_alpha_as_nest() -> TestResult {
    let worst = replay(
        "iaf_cond_alpha",
        ErrorControl::NEST_VALUES.eps_abs(),
        Weights::Nanosiemens,
        |params| {
            assert_eq!(params.as_object().map(|p| p.len()), Some(0), "NEST's defaults");
            Ok(IafCondAlphaParams::default())
        },
    )?;
    println!("iaf_cond_alpha: largest deviation from NEST {worst:.1e} of max(|x|, 1 mV or 1 nS)");
    Ok(())
}

#[test]
fn mat2_psc_exp_as_nest() -> TestResult {
    let worst = replay("mat2_psc_exp", EXACT, Weights::Picoamperes, |params| {
        assert_eq!(params.as_object().map(|p| p.len()), Some(0), "NEST's defaults");
        Ok(Mat2PscExpParams::default())
    })?;
    println!("mat2_psc_exp: largest deviation from NEST {worst:.1e} of max(|x|, 1 mV or 1 pA)");
    Ok(())
}

#[test]
fn aeif_cond_exp_as_nest() -> TestResult {
    let worst = replay(
        "aeif_cond_exp",
        AeifCondExpParams::default().gsl_error_tol,
        Weights::Nanosiemens,
        |params| {
            assert_eq!(params.as_object().map(|p| p.len()), Some(0), "NEST's defaults");
            Ok(AeifCondExpParams::default())
        },
    )?;
    println!("aeif_cond_exp: largest deviation from NEST {worst:.1e} of max(|x|, 1 mV, nS or pA)");
    Ok(())
}

#[test]
fn aeif_cond_alpha_as_nest() -> TestResult {
    let worst = replay(
        "aeif_cond_alpha",
        AeifCondAlphaParams::default().gsl_error_tol,
        Weights::Nanosiemens,
        |params| {
            assert_eq!(params.as_object().map(|p| p.len()), Some(0), "NEST's defaults");
            Ok(AeifCondAlphaParams::default())
        },
    )?;
    println!(
        "aeif_cond_alpha: largest deviation from NEST {worst:.1e} of max(|x|, 1 mV, nS or pA)"
    );
    Ok(())
}

#[test]
fn hh_psc_alpha_as_nest() -> TestResult {
    let worst = replay(
        "hh_psc_alpha",
        ErrorControl::NEST_VALUES.eps_abs(),
        Weights::Picoamperes,
        |params| {
            assert_eq!(params.as_object().map(|p| p.len()), Some(0), "NEST's defaults");
            Ok(HhPscAlphaParams::default())
        },
    )?;
    println!("hh_psc_alpha: largest deviation from NEST {worst:.1e} of max(|x|, 1 mV or pA)");
    Ok(())
}

/// `izhikevich` is forward Euler of a quadratic: our states are in SI and each step converts
/// them to NEST's mV and back, a rounding NEST does not make, and a difference in V grows by
/// `|1 + h·(0.08·V/mV + 5)|` per step (NEST's Jacobian: up to 7.6 per step at h = 1 ms near
/// the spike cut-off). So the exact models' 10⁻¹² is not reachable on the upstroke; measured:
/// 3.4·10⁻¹¹ at most, with every spike stamp NEST's.
const FORWARD_EULER_QUADRATIC: f64 = 1e-10;

#[test]
fn izhikevich_as_nest() -> TestResult {
    let worst = replay("izhikevich", FORWARD_EULER_QUADRATIC, Weights::Millivolts, |params| {
        assert_eq!(params.as_object().map(|p| p.len()), Some(0), "NEST's defaults");
        Ok(NestIzhikevichParams::default())
    })?;
    println!("izhikevich: largest deviation from NEST {worst:.1e} of max(|x|, 1 mV)");
    Ok(())
}

#[test]
fn izhikevich_published_scheme_as_nest() -> TestResult {
    let worst = replay_extra(
        "izhikevich_published",
        2,
        FORWARD_EULER_QUADRATIC,
        Weights::Millivolts,
        |params| {
            assert_eq!(params["consistent_integration"], false);
            Ok(NestIzhikevichParams {
                consistent_integration: false,
                ..NestIzhikevichParams::default()
            })
        },
    )?;
    println!("izhikevich (published scheme): largest deviation from NEST {worst:.1e}");
    Ok(())
}

/// `gif_psc_exp` with the adaptation kernels of the references, and `lambda_0` and `Delta_V`
/// as the case sets them.
fn gif_params(params: &Value) -> Result<GifPscExpParams, DynError> {
    let list = |key: &str| numbers(&params[key]);
    let times = |key: &str| list(key).into_iter().map(|t| t * ms).collect::<Vec<_>>();
    Ok(GifPscExpParams {
        tau_stc: times("tau_stc"),
        q_stc: list("q_stc").into_iter().map(|q| q * pA).collect(),
        tau_sfa: times("tau_sfa"),
        q_sfa: list("q_sfa").into_iter().map(|q| q * mV).collect(),
        lambda_0: number(params, "lambda_0") * Hz,
        delta_v: params.get("Delta_V").map_or(0.5, |v| v.as_f64().expect("Delta_V")) * mV,
        ..GifPscExpParams::default()
    })
}

/// `gif_psc_exp` is integrated exactly; its escape noise is made certain either way by the
/// cases' parameters, so every value and spike stamp is NEST's.
#[test]
fn gif_psc_exp_as_nest() -> TestResult {
    for variant in ["gif_psc_exp_silent", "gif_psc_exp_certain"] {
        let worst = replay_extra(variant, 4, EXACT, Weights::Picoamperes, gif_params)?;
        println!("{variant}: largest deviation from NEST {worst:.1e} of max(|x|, 1 mV or 1 pA)");
    }
    Ok(())
}
