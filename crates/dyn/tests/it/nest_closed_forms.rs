//! NEST's models against closed forms: the postsynaptic potential of an exponential and an
//! alpha current (its every sample, its peak time and amplitude), Campbell's theorem for the
//! mean and variance of V under random input, and each model's rheobase.
//!
//! The exact models' samples are the continuous solution at the grid times, so their PSPs must
//! match the closed form to rounding (NEST's `test_iaf_psc_alpha_1to2.py` asserts 10⁻¹²).

use neurodim_dyn::monitor::{RecordingWindow, SampleSchedule};
use neurodim_dyn::prelude::*;
use neurodim_state::init::Constant;
use neurodim_units::prelude::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The PSP (V − E_L, mV) at `t` (ms) after a current `w·k(t)` (pA) starts, onto a membrane
/// of `tau_m` (ms) and `c_m` (pF): for an exponential current `k = e^{−t/τ_s}`,
/// `w/C·τ_mτ_s/(τ_m − τ_s)·(e^{−t/τ_m} − e^{−t/τ_s})`; for an alpha current
/// `k = (e·t/τ_s)·e^{−t/τ_s}`, NEST's formula (`test_iaf_psc_alpha_1to2.py`)
/// `w·e/(τ_s·C)·[(e^{−t/τ_m} − e^{−t/τ_s})/(1/τ_s − 1/τ_m)² − t·e^{−t/τ_s}/(1/τ_s − 1/τ_m)]`.
#[derive(Clone, Copy)]
enum Psp {
    Exponential,
    Alpha,
}

impl Psp {
    fn at(self, t: f64, w: f64, tau_m: f64, tau_s: f64, c_m: f64) -> f64 {
        if t <= 0.0 {
            return 0.0;
        }
        let decay = |tau: f64| (-t / tau).exp();
        match self {
            Psp::Exponential => {
                w / c_m * tau_m * tau_s / (tau_m - tau_s) * (decay(tau_m) - decay(tau_s))
            }
            Psp::Alpha => {
                let rate = 1.0 / tau_s - 1.0 / tau_m;
                w * core::f64::consts::E / (tau_s * c_m)
                    * ((decay(tau_m) - decay(tau_s)) / (rate * rate) - t * decay(tau_s) / rate)
            }
        }
    }

    /// The time of the PSP's peak: `τ_mτ_s/(τ_m − τ_s)·ln(τ_m/τ_s)` for an exponential current;
    /// for an alpha current, with `a = τ_m/τ_s`, `(−a·W₋₁(−e^{−1/a}/a) − 1)/a / (1/τ_s −
    /// 1/τ_m)` (NEST's `test_iaf_psp_peak.py`).
    fn peak_time(self, tau_m: f64, tau_s: f64) -> f64 {
        match self {
            Psp::Exponential => tau_m * tau_s / (tau_m - tau_s) * (tau_m / tau_s).ln(),
            Psp::Alpha => {
                let a = tau_m / tau_s;
                let w = lambert_w_minus_one(-(-1.0 / a).exp() / a);
                (-a * w - 1.0) / a / (1.0 / tau_s - 1.0 / tau_m)
            }
        }
    }
}

/// The lower branch `W₋₁(x)` of Lambert's W for `−1/e < x < 0` (`w·e^w = x`, `w ≤ −1`):
/// Halley's iteration from the branch's asymptote `ln(−x) − ln(−ln(−x))`.
fn lambert_w_minus_one(x: f64) -> f64 {
    let mut w = (-x).ln() - (-(-x).ln()).ln();
    for _ in 0..50 {
        let f = w * w.exp() - x;
        let step = f / (w.exp() * (w + 1.0) - (w + 2.0) * f / (2.0 * w + 2.0));
        w -= step;
        if step.abs() <= 1e-15 * w.abs() {
            break;
        }
    }
    w
}

/// The closed forms' own checks: the peak times are where the PSP's slope changes sign
/// (NEST's `test_iaf_psp_peak.py` checks the root of dPSP/dt to 10⁻¹⁰).
#[test]
fn peak_times_are_where_the_slope_vanishes() {
    for psp in [Psp::Exponential, Psp::Alpha] {
        for (tau_m, tau_s) in [(20.0, 0.5), (10.0, 2.0), (5.0, 3.0)] {
            let peak = psp.peak_time(tau_m, tau_s);
            let slope = |t: f64| {
                let d = 1e-6;
                (psp.at(t + d, 1.0, tau_m, tau_s, 1.0) - psp.at(t - d, 1.0, tau_m, tau_s, 1.0))
                    / (2.0 * d)
            };
            assert!(slope(peak - 1e-4) > 0.0 && slope(peak + 1e-4) < 0.0, "{tau_m} {tau_s}");
            assert!(slope(peak).abs() < 1e-8, "{tau_m} {tau_s}: {}", slope(peak));
        }
    }
}

/// A source that fires in the given steps.
fn source_at(net: &mut Network, steps: &[u64]) -> Result<PopulationId, DynError> {
    let times: Vec<Time> = steps.iter().map(|&step| step as f64 * net.dt()).collect();
    net.add_spike_source("pre", SpikeTime::new(1, vec![0; times.len()], times)?)
}

/// One spike of `w` pA onto an `IafPscExp` and an `IafPscAlpha` (τ_m 20 ms, τ_syn 0.5 ms —
/// NEST's `test_iaf_psp_peak.py` — and NEST's defaults 10 ms and 2 ms), emitted in step 9
/// with NEST's delay of one step: it acts in step 10, and V after step `10 + j` is the PSP at
/// `j·h`. Every sample within 10⁻¹² of |V| (NEST's tolerance for exact integration); the
/// largest sample at the step nearest the closed-form peak time, and within the second-order
/// term `(h/2)²·|V''|/2` of the closed-form amplitude.
#[test]
fn psps_are_the_closed_forms() -> TestResult {
    let w = 100.0;
    for h in [0.01, 0.1] {
        for (tau_m, tau_s) in [(20.0, 0.5), (10.0, 2.0)] {
            for psp in [Psp::Exponential, Psp::Alpha] {
                let mut net = Network::new(h * ms)?;
                let pre = source_at(&mut net, &[9])?;
                let (e_l, c_m) = (-70.0, 250.0);
                let never = 1e9 * mV;
                let post = match psp {
                    Psp::Exponential => {
                        let params = IafPscExpParams {
                            tau_m: tau_m * ms,
                            tau_syn_ex: tau_s * ms,
                            v_th: never,
                            ..IafPscExpParams::default()
                        };
                        net.add_population("post", IafPscExp::new(1, params)?)?
                    }
                    Psp::Alpha => {
                        let params = IafPscAlphaParams {
                            tau_m: tau_m * ms,
                            tau_syn_ex: tau_s * ms,
                            v_th: never,
                            ..IafPscAlphaParams::default()
                        };
                        net.add_population("post", IafPscAlpha::new(1, params)?)?
                    }
                };
                let topology = AllToAll::new().topology(1, 1)?.with_weight(w * pA)?;
                let delays = SynapseDelays::nest(h * ms, net.dt())?;
                net.add_static_synapses(
                    "syn",
                    StaticSynapses::new(pre, post, topology).with_delays(delays),
                )?;
                let v = net.monitor_state("post.V", &[0], 1)?;
                net.init(0)?;
                let steps = (5.0 * tau_m / h) as u64;
                net.run(steps)?;
                let trace: Vec<f64> =
                    net.voltage_trace(v)?.trace(0).map(|v| v.value_in(mV)).collect();
                let case =
                    format!("{} h {h} τ_m {tau_m} τ_s {tau_s}", ["exp", "alpha"][psp as usize]);
                for (step, &ours) in trace.iter().enumerate() {
                    let t = (step as f64 - 10.0) * h;
                    let expected = e_l + psp.at(t, w, tau_m, tau_s, c_m);
                    assert!(
                        (ours - expected).abs() <= 1e-12 * ours.abs(),
                        "{case}: V at step {step} {ours}, closed form {expected}"
                    );
                }
                let peak = psp.peak_time(tau_m, tau_s);
                let (best, &v_best) =
                    trace.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).ok_or("samples")?;
                let nearest = 10 + (peak / h).round() as usize;
                assert!(
                    best.abs_diff(nearest) <= 1,
                    "{case}: peak at step {best}, closed form {nearest}"
                );
                let amplitude = psp.at(peak, w, tau_m, tau_s, c_m);
                let curvature = (psp.at(peak + h, w, tau_m, tau_s, c_m) - 2.0 * amplitude
                    + psp.at(peak - h, w, tau_m, tau_s, c_m))
                    / (h * h);
                let bound = (h / 2.0).powi(2) * curvature.abs() / 2.0 + 1e-12 * e_l.abs();
                assert!(
                    amplitude - (v_best - e_l) <= bound
                        && v_best - e_l <= amplitude + 1e-12 * e_l.abs(),
                    "{case}: peak {} mV, closed form {amplitude} mV",
                    v_best - e_l
                );
            }
        }
    }
    Ok(())
}

/// Campbell's theorem in discrete time: each `IafPscExp` neuron (spiking disabled) takes the
/// spikes of its own Bernoulli source (spiking in each step with `p = ν·h`) through a synapse
/// of `w`, so that V − E_L is a sum of PSPs `k_j` (the closed form above at `j·h` after the
/// spike acts), and in the stationary state `E[V − E_L] = p·Σ k_j` and `Var V = p(1 − p)·Σ k_j²`.
/// 1 000 neurons are sampled every 50 ms (5 τ_m: independent samples) after a 200 ms warm-up:
/// 10 000 independent values, each statistic held within 5 of its standard errors (estimated
/// from the same values).
#[test]
fn campbell_mean_and_variance_of_v() -> TestResult {
    let (h, rate, w) = (0.1, 1000.0, 100.0);
    let (tau_m, tau_s, c_m) = (10.0, 2.0, 250.0);
    let n = 1000;
    let mut net = Network::new(h * ms)?;
    let pre = net.add_spike_source("pre", PoissonSpike::new(n, rate * Hz)?)?;
    let params = IafPscExpParams { v_th: 1e9 * mV, ..IafPscExpParams::default() };
    let post = net.add_population("post", IafPscExp::new(n, params)?)?;
    let topology = OneToOne.topology(n)?.with_weight(w * pA)?;
    let delays = SynapseDelays::nest(h * ms, net.dt())?;
    net.add_static_synapses("syn", StaticSynapses::new(pre, post, topology).with_delays(delays))?;
    let all: Vec<usize> = (0..n).collect();
    let schedule = SampleSchedule::every(500)?.within(RecordingWindow::steps_from(2000..u64::MAX));
    let v = net.monitor_state_on("post.V", &all, schedule)?;
    net.init(11)?;
    net.run(2000 + 10 * 500)?;
    let values: Vec<f64> =
        net.voltage_trace(v)?.values().iter().map(|v| v.value_in(mV) + 70.0).collect();
    assert_eq!(values.len(), 10 * n);
    let p = rate * h * 1e-3;
    let kernel: Vec<f64> = (1..(40.0 * tau_m / h) as usize)
        .map(|j| Psp::Exponential.at(j as f64 * h, w, tau_m, tau_s, c_m))
        .collect();
    let mean = p * kernel.iter().sum::<f64>();
    let variance = p * (1.0 - p) * kernel.iter().map(|k| k * k).sum::<f64>();
    let count = values.len() as f64;
    let average = values.iter().sum::<f64>() / count;
    let se_mean = variance.sqrt() / count.sqrt();
    assert!((average - mean).abs() < 5.0 * se_mean, "mean {average} mV, Campbell {mean} mV");
    // the variance about the known mean: the average of (x − μ)², whose own spread gives its
    // standard error
    let squares: Vec<f64> = values.iter().map(|x| (x - mean).powi(2)).collect();
    let observed = squares.iter().sum::<f64>() / count;
    let spread = squares.iter().map(|s| (s - observed).powi(2)).sum::<f64>() / (count - 1.0);
    let se_variance = (spread / count).sqrt();
    assert!(
        (observed - variance).abs() < 5.0 * se_variance,
        "variance {observed} mV², Campbell {variance} mV² (SE {se_variance})"
    );
    Ok(())
}

/// Whether a single neuron of `model` spikes within 2 s at h = 0.1 ms.
fn fires<M: NeuronModel>(model: M) -> Result<bool, Box<dyn std::error::Error>> {
    fires_from(Neurons::new(1, model)?)
}

/// Whether the neuron `cell` spikes within 2 s at h = 0.1 ms.
fn fires_from<M: NeuronModel>(cell: Neurons<M>) -> Result<bool, Box<dyn std::error::Error>> {
    let mut net = Network::new(0.1 * ms)?;
    let cell = net.add_population("cell", cell)?;
    let spikes = net.monitor_spikes(cell)?;
    net.init(0)?;
    net.run(20_000)?;
    Ok(net.spike_monitor(spikes)?.num_spikes() > 0)
}

/// Each model fires under a constant current `I_e` a little above its rheobase and never a
/// little below it (2 % for the linear membranes, whose latency at 2 % is τ_m·ln 51; 5 % for
/// the exponential and quadratic ones, whose latency grows as the saddle-node is approached).
/// The rheobases: `C_m·(V_th − E_L)/τ_m` (`iaf_psc_*`), `g_L·(V_th − E_L)` (`iaf_cond_*`),
/// `C_m·(ω − E_L)/τ_m` (`mat2_psc_exp`), `(g_L + a)·(V_T − E_L − Δ_T + Δ_T·ln(1 + a/g_L))`
/// (`aeif_*`, the saddle-node of Touboul 2008, here with `a = 0`), and for `izhikevich`,
/// where the equilibria of `0.04V² + (5 − b)V + 140 + I = 0` merge, `(5 − b)²/0.16 − 140` pA.
#[test]
fn rheobases_are_the_closed_forms() -> TestResult {
    let check = |name: &str,
                 rheobase: f64,
                 margin: f64,
                 fire: &dyn Fn(f64) -> Result<bool, Box<dyn std::error::Error>>|
     -> TestResult {
        assert!(
            fire(rheobase * (1.0 + margin))?,
            "{name} silent at {} pA",
            rheobase * (1.0 + margin)
        );
        assert!(
            !fire(rheobase * (1.0 - margin))?,
            "{name} fires at {} pA",
            rheobase * (1.0 - margin)
        );
        Ok(())
    };
    let psc = IafPscDeltaParams::default();
    let iaf = (psc.c_m * (psc.v_th - psc.e_l) / psc.tau_m).value_in(pA);
    assert!((iaf - 375.0).abs() < 1e-9);
    check("iaf_psc_delta", iaf, 0.02, &|i| fires(IafPscDeltaParams { i_e: i * pA, ..psc }))?;
    check("iaf_psc_exp", iaf, 0.02, &|i| {
        fires(IafPscExpParams { i_e: i * pA, ..IafPscExpParams::default() })
    })?;
    check("iaf_psc_alpha", iaf, 0.02, &|i| {
        fires(IafPscAlphaParams { i_e: i * pA, ..IafPscAlphaParams::default() })
    })?;
    let cond = IafCondExpParams::default();
    let cond_rheobase = (cond.g_l * (cond.v_th - cond.e_l)).value_in(pA);
    check("iaf_cond_exp", cond_rheobase, 0.02, &|i| {
        fires(IafCondExpParams { i_e: i * pA, ..cond })
    })?;
    check("iaf_cond_alpha", cond_rheobase, 0.02, &|i| {
        fires(IafCondAlphaParams { i_e: i * pA, ..IafCondAlphaParams::default() })
    })?;
    let mat = Mat2PscExpParams::default();
    let mat_rheobase = (mat.c_m * (mat.omega - mat.e_l) / mat.tau_m).value_in(pA);
    check("mat2_psc_exp", mat_rheobase, 0.02, &|i| fires(Mat2PscExpParams { i_e: i * pA, ..mat }))?;
    // with a = 0, so that w stays 0 until the first spike: from rest with a > 0 the step of
    // current itself fires the neuron below the bifurcation's rheobase (w lags by τ_w)
    let aeif = AeifCondExpParams { a: 0.0 * nS, ..AeifCondExpParams::default() };
    let (g_l, a) = (aeif.g_l.value_in(nS), aeif.a.value_in(nS));
    let (v_t, e_l, delta_t) =
        (aeif.v_th.value_in(mV), aeif.e_l.value_in(mV), aeif.delta_t.value_in(mV));
    let aeif_rheobase = (g_l + a) * (v_t - e_l - delta_t + delta_t * (1.0 + a / g_l).ln());
    check("aeif_cond_exp", aeif_rheobase, 0.05, &|i| {
        fires(AeifCondExpParams { i_e: i * pA, ..aeif })
    })?;
    check("aeif_cond_alpha", aeif_rheobase, 0.05, &|i| {
        let aeif = AeifCondAlphaParams { a: 0.0 * nS, ..AeifCondAlphaParams::default() };
        fires(AeifCondAlphaParams { i_e: i * pA, ..aeif })
    })?;
    // from the stable equilibrium of the current below the rheobase (V the lower root, U = b·V):
    // from NEST's initial state (−65 mV, −13 mV) the neuron overshoots into a spike below it
    let izh = NestIzhikevichParams::default();
    let izh_rheobase = (5.0 - izh.b).powi(2) / 0.16 - 140.0;
    let below = 0.95 * izh_rheobase;
    let v_rest = (-(5.0 - izh.b) - ((5.0 - izh.b).powi(2) - 0.16 * (140.0 + below)).sqrt()) / 0.08;
    check("izhikevich", izh_rheobase, 0.05, &|i| {
        let cell = NestIzhikevich::new(1, NestIzhikevichParams { i_e: i * pA, ..izh })?
            .with_v_initializer(Constant(v_rest * mV))
            .with_u_initializer(Constant(izh.b * v_rest * mV));
        fires_from(cell)
    })?;
    Ok(())
}
