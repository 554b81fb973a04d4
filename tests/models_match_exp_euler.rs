//! The built-in models integrate with precomputed closed forms and analytic Jacobians; a model
//! written by a user integrates with `exp_euler_step`, whose J comes from dual numbers. Both are
//! brainstate's exponential Euler, so they must agree to rounding (1e-12 relative) step by step.

use neurodim::dynamics::neuron::{Drive, Lif, LifParams, Neuron, SynapticDrive};
use neurodim::dynamics::output::{Coba, SynapticOutput};
use neurodim::dynamics::synapse::{ConductanceSynapse, Expon, ExponParams};
use neurodim::prelude::*;

fn relative_gap(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(f64::MIN_POSITIVE)
}

/// A LIF membrane with a constant current and a different COBA conductance on every neuron:
/// dV/dt = (−V + V_rest + R·(I + g·(E − V)))/τ, so J = (−1 − R·g)/τ varies per neuron.
#[test]
fn lif_with_coba_drive_matches_the_dual_exp_euler_step() -> Result<(), Box<dyn std::error::Error>> {
    let n = 5;
    let params = LifParams {
        r: 1.0 * ohm,
        tau: 20.0 * ms,
        v_th: 1e6 * mV, // never reached: the test compares integration only
        v_reset: -60.0 * mV,
        v_rest: -60.0 * mV,
        ..LifParams::default()
    };
    let mut lif = Lif::new(Shape::vector(n)?, params)?.with_v_initializer(Constant(-60.0 * mV));
    init_all(&mut lif, None, 0)?;
    // mS-scale conductances, as in brainstate's COBA example (R·g is 1e-3·g_mS)
    let g: Vec<Conductance> = (0..n).map(|k| (0.5 + 3.0 * k as f64) * mS).collect();
    let reversal = -80.0 * mV;
    let output = Coba::new(reversal)?;
    let current = 20.0 * mA;
    let env = Environment::new(0.1 * ms)?;
    let mut drive = SynapticDrive::new(n);
    let mut spikes = vec![false; n];

    let mut reference: Vec<Voltage> = lif.v().to_vec();
    for i in 0..500 {
        drive.clear();
        output.add_to(&g, lif.v(), &mut drive)?;
        lif.update(&env.step(i), &Drive::current(current).with_synaptic(&drive), &mut spikes)?;
        for (v, &gk) in reference.iter_mut().zip(&g) {
            *v = exp_euler_step(*v, env.dt(), |v: dq::Voltage| {
                let i_syn = gk.lift() * (reversal.lift() - v);
                (-v + params.v_rest.lift() + params.r.lift() * (current.lift() + i_syn))
                    / params.tau.lift()
            });
        }
        for (got, want) in lif.v().iter().zip(&reference) {
            assert!(relative_gap(got.value, want.value) < 1e-12, "step {i}: {got:?} vs {want:?}");
        }
    }
    assert!(spikes.iter().all(|&spiked| !spiked));
    Ok(())
}

/// An exponential synapse decays by exp-Euler on dg/dt = −g/τ (plus increments after the decay).
#[test]
fn expon_decay_matches_the_dual_exp_euler_step() -> Result<(), Box<dyn std::error::Error>> {
    let tau = 5.0 * ms;
    let mut syn = Expon::new(Shape::vector(1)?, ExponParams { tau })?;
    init_all(&mut syn, None, 0)?;
    let env = Environment::new(0.1 * ms)?;
    let mut reference = 0.0 * mS;
    for i in 0..300 {
        let pulse = if i % 50 == 0 { Some(0.6 * mS) } else { None };
        let increment = pulse.map(|p| vec![p]);
        syn.update(&env.step(i), increment.as_deref())?;
        reference = exp_euler_step(reference, env.dt(), |g: dq::Conductance| -g / tau.lift());
        if let Some(p) = pulse {
            reference += p;
        }
        assert!(relative_gap(syn.g()[0].value, reference.value) < 1e-12, "step {i}");
    }
    Ok(())
}
