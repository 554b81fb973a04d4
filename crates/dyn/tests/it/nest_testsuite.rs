//! Reference values of NEST's own testsuite (`testsuite/pytests/` of nest/nest-simulator at
//! tag v3.10, each test citing its file; copied into `benches/peers/nest/zoo_testsuite.md`),
//! with NEST's tolerances. NEST's times are stamps, the ends of steps: a value at stamp `t` is
//! the state after our step `t/h − 1`.

use neurodim_dyn::prelude::*;
use neurodim_units::prelude::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// V (mV) of the population `"cell"`'s first neuron after each of `steps` steps.
fn v_trace(net: &mut Network, steps: u64) -> Result<Vec<f64>, DynError> {
    let v = net.monitor_state("cell.V", &[0], 1)?;
    net.init(0)?;
    net.run(steps)?;
    Ok(net.voltage_trace(v)?.trace(0).map(|v| v.value_in(mV)).collect())
}

/// The value at stamp `t` (ms) of a trace sampled after every step of `h`.
fn at(trace: &[f64], t: f64, h: f64) -> f64 {
    trace[(t / h).round() as usize - 1]
}

fn assert_close(ours: f64, nest: f64, rtol: f64, what: &str) {
    assert!((ours - nest).abs() <= rtol * nest.abs(), "{what}: {ours}, NEST {nest}");
}

/// `neurons/test_iaf_psc_alpha.py::test_iaf_psc_alpha_basic`: a `dc_generator` of 1 000 pA
/// from 0 ms, delay 0.1 ms (so V first moves at 0.3 ms), V every 0.1 ms over 8 ms, rtol 10⁻⁶;
/// the spike at 5.0 ms.
#[test]
fn iaf_psc_alpha_basic() -> TestResult {
    let h = 0.1;
    let mut net = Network::new(h * ms)?;
    let cell = net.add_population("cell", IafPscAlpha::new(1, IafPscAlphaParams::default())?)?;
    let dc = StepCurrent::new(1000.0 * pA, 0.0 * ms, f64::INFINITY * ms)?;
    net.set_current_waveform(cell, DelayedCurrent::nest(dc, 0.1 * ms, net.dt())?)?;
    let spikes = net.monitor_spikes(cell)?;
    let trace = v_trace(&mut net, 80)?;
    let expected = [
        (0.1, -70.0),
        (0.2, -70.0),
        (0.3, -69.602),
        (0.4, -69.2079),
        (0.5, -68.8178),
        (0.6, -68.4316),
        (0.7, -68.0492),
        (0.8, -67.6706),
        (0.9, -67.2958),
        (1.0, -66.9247),
        (4.5, -56.0204),
        (4.6, -55.7615),
        (4.7, -55.5051),
        (4.8, -55.2513),
        (4.9, -55.0001),
        (5.0, -70.0),
        (7.0, -70.0),
        (7.1, -69.602),
        (7.2, -69.2079),
        (7.3, -68.8178),
        (7.4, -68.4316),
        (7.5, -68.0492),
        (7.6, -67.6706),
        (7.7, -67.2958),
        (7.8, -66.9247),
        (7.9, -66.5572),
    ];
    for (t, nest) in expected {
        assert_close(at(&trace, t, h), nest, 1e-6, &format!("V at {t} ms"));
    }
    // the 21 samples 5.0 … 7.0 ms at V_reset
    assert!((50..=70).all(|stamp| trace[stamp - 1] == -70.0));
    let stamps: Vec<u64> = net.spike_monitor(spikes)?.spike_steps().iter().map(|s| s + 1).collect();
    assert_eq!(stamps, [50]);
    Ok(())
}

/// `neurons/test_iaf_psc_alpha.py::test_iaf_psc_alpha_i0`: `I_e` = 1 000 pA, rtol 10⁻⁶; the
/// spike at 4.8 ms.
#[test]
fn iaf_psc_alpha_i0() -> TestResult {
    let h = 0.1;
    let mut net = Network::new(h * ms)?;
    let params = IafPscAlphaParams { i_e: 1000.0 * pA, ..IafPscAlphaParams::default() };
    let cell = net.add_population("cell", IafPscAlpha::new(1, params)?)?;
    let spikes = net.monitor_spikes(cell)?;
    let trace = v_trace(&mut net, 80)?;
    let expected = [
        (0.1, -69.602),
        (0.2, -69.2079),
        (0.3, -68.8178),
        (0.4, -68.4316),
        (0.5, -68.0492),
        (4.3, -56.0204),
        (4.4, -55.7615),
        (4.5, -55.5051),
        (4.6, -55.2513),
        (4.7, -55.0001),
        (4.8, -70.0),
        (4.9, -70.0),
        (5.0, -70.0),
    ];
    for (t, nest) in expected {
        assert_close(at(&trace, t, h), nest, 1e-6, &format!("V at {t} ms"));
    }
    assert_eq!(net.spike_monitor(spikes)?.spike_steps().first().map(|s| s + 1), Some(48));
    Ok(())
}

/// `neurons/test_iaf_psc_alpha.py::test_iaf_psc_alpha_i0_refractory`: `I_e` = 1 450 pA at
/// h = 0.1, 0.2, 0.5 and 1 ms: the spike at 3.0 ms at every h, V at the common grid points
/// (rtol 10⁻⁶), V_reset for t_ref, and the rise repeated 5 ms later.
#[test]
fn iaf_psc_alpha_i0_refractory() -> TestResult {
    let rise = [
        -69.4229, -68.8515, -68.2858, -67.7258, -67.1713, -66.6223, -66.0788, -65.5407, -65.008,
        -64.4806, -63.9584, -63.4414, -62.9295, -62.4228, -61.9211, -61.4243, -60.9326, -60.4457,
        -59.9636, -59.4864, -59.0139, -58.5461, -58.0829, -57.6244, -57.1704, -56.721, -56.276,
        -55.8355, -55.3993,
    ];
    for h in [0.1, 0.2, 0.5, 1.0] {
        let mut net = Network::new(h * ms)?;
        let params = IafPscAlphaParams { i_e: 1450.0 * pA, ..IafPscAlphaParams::default() };
        let cell = net.add_population("cell", IafPscAlpha::new(1, params)?)?;
        let spikes = net.monitor_spikes(cell)?;
        let trace = v_trace(&mut net, (8.0 / h).round() as u64)?;
        for (k, &nest) in rise.iter().enumerate() {
            let t = (k + 1) as f64 * 0.1;
            let on_grid = (t / h - (t / h).round()).abs() < 1e-9;
            if on_grid {
                assert_close(at(&trace, t, h), nest, 1e-6, &format!("h {h}: V at {t} ms"));
                assert_close(
                    at(&trace, t + 5.0, h),
                    nest,
                    1e-6,
                    &format!("h {h}: V at {t} + 5 ms"),
                );
            }
        }
        for k in 0..=((2.0 / h).round() as usize) {
            let t = 3.0 + k as f64 * h;
            assert_eq!(at(&trace, t, h), -70.0, "h {h}: V_reset at {t} ms");
        }
        let first = net.spike_monitor(spikes)?.spike_steps().first().map(|s| (s + 1) as f64 * h);
        assert!(first.is_some_and(|t| (t - 3.0).abs() < 1e-9), "h {h}: first spike {first:?}");
    }
    Ok(())
}

/// `neurons/test_iaf_psc_alpha_1to2.py`: n1 (`I_e` 1 450 pA) spikes at exactly 3 and 8 ms at
/// every h; n2 takes its spikes with weight 100 pA, delay 1 ms: V of n2 is exactly E_L up to
/// 4.0 ms, then the alpha PSP's closed form (superposed for the second spike), rtol 10⁻¹².
#[test]
fn iaf_psc_alpha_1to2() -> TestResult {
    let (w, tau_m, tau_s, c_m, e_l) = (100.0, 10.0, 2.0, 250.0, -70.0);
    let psp = |t: f64| {
        if t <= 0.0 {
            return 0.0;
        }
        let rate = 1.0 / tau_s - 1.0 / tau_m;
        let decay = |tau: f64| (-t / tau).exp();
        w * core::f64::consts::E / (tau_s * c_m)
            * ((decay(tau_m) - decay(tau_s)) / (rate * rate) - t * decay(tau_s) / rate)
    };
    for h in [0.1, 0.2, 0.5, 1.0] {
        let mut net = Network::new(h * ms)?;
        let params = IafPscAlphaParams { i_e: 1450.0 * pA, ..IafPscAlphaParams::default() };
        let n1 = net.add_population("n1", IafPscAlpha::new(1, params)?)?;
        let n2 = net.add_population("cell", IafPscAlpha::new(1, IafPscAlphaParams::default())?)?;
        let topology = AllToAll::new().topology(1, 1)?.with_weight(w * pA)?;
        let delays = SynapseDelays::nest(1.0 * ms, net.dt())?;
        net.add_static_synapses("syn", StaticSynapses::new(n1, n2, topology).with_delays(delays))?;
        let spikes = net.monitor_spikes(n1)?;
        let trace = v_trace(&mut net, (10.0 / h).round() as u64)?;
        let stamps: Vec<u64> =
            net.spike_monitor(spikes)?.spike_steps().iter().map(|s| s + 1).collect();
        assert_eq!(stamps, [(3.0 / h).round() as u64, (8.0 / h).round() as u64], "h {h}");
        for (k, &ours) in trace.iter().enumerate() {
            let t = (k + 1) as f64 * h;
            let expected = e_l + psp(t - 4.0) + psp(t - 9.0);
            if t <= 4.0 + 1e-9 {
                assert_eq!(ours, e_l, "h {h}: V at {t} ms before the spike arrives");
            }
            assert_close(ours, expected, 1e-12, &format!("h {h}: V at {t} ms"));
        }
    }
    Ok(())
}

/// `neurons/test_iaf_psp.py`: a spike at 2.0 ms (a `spike_generator` with start 1, stop 3)
/// onto an `iaf_psc_alpha` with weight 100 pA and delay 1 ms: V at the steps of 0.1 ms 31 … 57
/// (unchanged at 3.0 ms, moving from 3.1 ms), compared at each h's grid points, rtol 10⁻⁵
/// (NEST's table has 6 digits).
#[test]
fn iaf_psp() -> TestResult {
    let table = [
        -69.9974, -69.9899, -69.9781, -69.9624, -69.9434, -69.9213, -69.8967, -69.8699, -69.8411,
        -69.8108, -69.779, -69.7463, -69.7126, -69.6783, -69.6435, -69.6084, -69.5732, -69.538,
        -69.5029, -69.4681, -69.4336, -69.3995, -69.366, -69.333, -69.3008, -69.2692, -69.2383,
    ];
    for h in [0.1, 0.2, 0.5, 1.0] {
        let mut net = Network::new(h * ms)?;
        // the stamp 2.0 ms is emitted by the step that ends at 2.0 ms
        let emit = (2.0 / h).round() - 1.0;
        let pre =
            net.add_spike_source("pre", SpikeTime::new(1, vec![0], vec![emit * net.dt()])?)?;
        let cell =
            net.add_population("cell", IafPscAlpha::new(1, IafPscAlphaParams::default())?)?;
        let topology = AllToAll::new().topology(1, 1)?.with_weight(100.0 * pA)?;
        let delays = SynapseDelays::nest(1.0 * ms, net.dt())?;
        net.add_static_synapses(
            "syn",
            StaticSynapses::new(pre, cell, topology).with_delays(delays),
        )?;
        let trace = v_trace(&mut net, (6.0 / h).round() as u64)?;
        for stamp in 1..=30 {
            let t = stamp as f64 * 0.1;
            if (t / h - (t / h).round()).abs() < 1e-9 {
                assert_eq!(at(&trace, t, h), -70.0, "h {h}: V at {t} ms");
            }
        }
        for (k, &nest) in table.iter().enumerate() {
            let t = (31 + k) as f64 * 0.1;
            if (t / h - (t / h).round()).abs() < 1e-9 {
                assert_close(at(&trace, t, h), nest, 1e-5, &format!("h {h}: V at {t} ms"));
            }
        }
    }
    Ok(())
}

/// `neurons/test_mat2_psc_exp.py`: a `dc_generator` of 2 400 pA (delay 0.1 ms) onto
/// `mat2_psc_exp`: spikes at the stamps 11, 32 and 54 (steps of 0.1 ms; the threshold is
/// crossed at 31 but the neuron is refractory until 32), V and the threshold (rtol 10⁻⁵) at
/// stamps 1 … 21.
#[test]
fn mat2_psc_exp_dc() -> TestResult {
    let h = 0.1;
    let mut net = Network::new(h * ms)?;
    let cell = net.add_population("cell", Mat2PscExp::new(1, Mat2PscExpParams::default())?)?;
    let dc = StepCurrent::new(2400.0 * pA, 0.0 * ms, f64::INFINITY * ms)?;
    net.set_current_waveform(cell, DelayedCurrent::nest(dc, 0.1 * ms, net.dt())?)?;
    let spikes = net.monitor_spikes(cell)?;
    let (first, second) = (
        net.monitor_state("cell.V_th_alpha_1", &[0], 1)?,
        net.monitor_state("cell.V_th_alpha_2", &[0], 1)?,
    );
    let trace = v_trace(&mut net, 80)?;
    let threshold: Vec<f64> = net
        .state_trace(first)?
        .si()
        .trace(0)
        .zip(net.state_trace(second)?.si().trace(0))
        .map(|(a, b)| -51.0 + (a + b) * 1e3)
        .collect();
    let expected = [
        (-70.0, -51.0),
        (-70.0, -51.0),
        (-67.6238, -51.0),
        (-65.2947, -51.0),
        (-63.0117, -51.0),
        (-60.774, -51.0),
        (-58.5805, -51.0),
        (-56.4305, -51.0),
        (-54.323, -51.0),
        (-52.2573, -51.0),
        (-50.2324, -12.0),
        (-48.2477, -12.3692),
        (-46.3023, -12.7346),
        (-44.3953, -13.0965),
        (-42.5262, -13.4548),
        (-40.694, -13.8095),
        (-38.8982, -14.1607),
        (-37.1379, -14.5084),
        (-35.4124, -14.8527),
        (-33.7212, -15.1935),
        (-32.0634, -15.531),
    ];
    for (k, &(v, theta)) in expected.iter().enumerate() {
        assert_close(trace[k], v, 1e-5, &format!("V at stamp {}", k + 1));
        assert_close(threshold[k], theta, 1e-5, &format!("V_th at stamp {}", k + 1));
    }
    let stamps: Vec<u64> = net.spike_monitor(spikes)?.spike_steps().iter().map(|s| s + 1).collect();
    assert_eq!(stamps, [11, 32, 54]);
    Ok(())
}

/// `neurons/test_gif_exp.py`: `lambda_0` −10 and `tau_sfa` without as many `q_sfa` are
/// refused.
#[test]
fn gif_psc_exp_refusals() {
    let error = |params: GifPscExpParams| GifPscExp::new(1, params).err().and_then(|e| e.param());
    let negative = GifPscExpParams { lambda_0: -10.0 * Hz, ..GifPscExpParams::default() };
    assert_eq!(error(negative), Some("lambda_0"));
    let unmatched = GifPscExpParams {
        tau_sfa: vec![120.0 * ms],
        q_sfa: vec![10.0 * mV, 25.0 * mV],
        ..GifPscExpParams::default()
    };
    assert_eq!(error(unmatched), Some("q_sfa"));
}
