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
    let mut lif = Lif::new(n, params)?.with_v_initializer(Constant(-60.0 * mV));
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
    let mut syn = Expon::new(1, ExponParams { tau })?;
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

/// The Hodgkin–Huxley neuron of brainstate's example, written as a user writes a model: each
/// variable stepped by `exp_euler_step` from the state at the start of the step (the others
/// frozen), right-hand sides as unit-checked code, J from dual numbers. This is how
/// `examples/hh_neuron.rs` computed it before the library had the model.
mod hh_by_dual_numbers {
    use neurodim::dynamics::integrate::{Lift, dq, exp_euler_step};
    use neurodim::prelude::*;
    use neurodim::units::uom::si::ratio::ratio;

    #[derive(Clone, Copy)]
    pub struct State {
        pub v: Voltage,
        pub m: Ratio,
        pub h: Ratio,
        pub n: Ratio,
    }

    #[derive(Clone, Copy)]
    struct GateRates {
        alpha: Frequency,
        beta: Frequency,
    }

    impl GateRates {
        fn steady_state(self) -> Ratio {
            self.alpha / (self.alpha + self.beta)
        }

        fn rhs(self, x: dq::Ratio) -> dq::Frequency {
            let one = Ratio::new::<ratio>(1.0).lift();
            self.alpha.lift() * (one - x) - self.beta.lift() * x
        }
    }

    fn reduced(v: Voltage, offset: Voltage, scale: Voltage) -> Ratio {
        (v - offset) / scale
    }

    fn m_rates(v: Voltage) -> GateRates {
        let per_ms = 1.0 / ms;
        GateRates {
            alpha: per_ms / (-reduced(v, -40.0 * mV, 10.0 * mV)).exprel().value,
            beta: 4.0 * per_ms * (-reduced(v, -65.0 * mV, 18.0 * mV)).exp().value,
        }
    }

    fn h_rates(v: Voltage) -> GateRates {
        let per_ms = 1.0 / ms;
        GateRates {
            alpha: 0.07 * per_ms * (-reduced(v, -65.0 * mV, 20.0 * mV)).exp().value,
            beta: per_ms / (1.0 + (-reduced(v, -35.0 * mV, 10.0 * mV)).exp().value),
        }
    }

    fn n_rates(v: Voltage) -> GateRates {
        let per_ms = 1.0 / ms;
        GateRates {
            alpha: 0.1 * per_ms / (-reduced(v, -55.0 * mV, 10.0 * mV)).exprel().value,
            beta: 0.125 * per_ms * (-reduced(v, -65.0 * mV, 80.0 * mV)).exp().value,
        }
    }

    pub fn rest(v0: Voltage) -> State {
        State {
            v: v0,
            m: m_rates(v0).steady_state(),
            h: h_rates(v0).steady_state(),
            n: n_rates(v0).steady_state(),
        }
    }

    /// One step with the input current density `i_ext` and a synaptic conductance density
    /// `g_syn` of reversal `e_syn`.
    pub fn step(
        p: &neurodim::dynamics::neuron::HodgkinHuxleyParams,
        old: State,
        i_ext: CurrentDensity,
        (g_syn, e_syn): (ConductanceDensity, Voltage),
        dt: Time,
    ) -> State {
        let dv = |v: dq::Voltage| {
            let g_na = (p.g_na * old.m * old.m * old.m * old.h).lift();
            let g_k = (p.g_k * old.n * old.n * old.n * old.n).lift();
            let i_ion = g_na * (v - p.e_na.lift())
                + g_k * (v - p.e_k.lift())
                + p.g_l.lift() * (v - p.e_l.lift());
            (i_ext.lift() + g_syn.lift() * (e_syn.lift() - v) - i_ion) / p.c.lift()
        };
        let (m, h, n) = (m_rates(old.v), h_rates(old.v), n_rates(old.v));
        State {
            v: exp_euler_step(old.v, dt, dv),
            m: exp_euler_step(old.m, dt, |x| m.rhs(x)),
            h: exp_euler_step(old.h, dt, |x| h.rhs(x)),
            n: exp_euler_step(old.n, dt, |x| n.rhs(x)),
        }
    }
}

/// With a constant current the library's Hodgkin–Huxley model computes the same operations as
/// the dual-number step (the same rates, `J` as the dual numbers' derivative), so V and the
/// gates agree bit for bit over brainstate's example (dt = 0.01 ms, 100 ms, 10 µA/cm²), and
/// the spikes are the upward crossings of V_th.
#[test]
fn hodgkin_huxley_matches_the_dual_exp_euler_step_bit_for_bit() {
    use neurodim::dynamics::neuron::{HodgkinHuxley, HodgkinHuxleyParams};
    let params = HodgkinHuxleyParams::default();
    let mut hh = HodgkinHuxley::new(Shape::vector(1).unwrap(), params).unwrap();
    init_all(&mut hh, None, 0).unwrap();
    let env = Environment::new(0.01 * ms).unwrap();
    let i_ext = 10.0 * uA_per_cm2;
    let drive = Drive::current(i_ext * params.area);
    let mut reference = hh_by_dual_numbers::rest(-65.0 * mV);
    let mut spike = [false];
    let mut spikes = 0;
    for i in 0..10_000 {
        hh.update(&env.step(i), &drive, &mut spike).unwrap();
        let next = hh_by_dual_numbers::step(
            &params,
            reference,
            i_ext,
            (0.0 * mS_per_cm2, 0.0 * mV),
            env.dt(),
        );
        let gates = hh.gates(0).unwrap();
        assert_eq!(hh.v()[0].value.to_bits(), next.v.value.to_bits(), "V, step {i}");
        assert_eq!(gates.0.to_bits(), next.m.value.to_bits(), "m, step {i}");
        assert_eq!(gates.1.to_bits(), next.h.value.to_bits(), "h, step {i}");
        assert_eq!(gates.2.to_bits(), next.n.value.to_bits(), "n, step {i}");
        assert_eq!(spike[0], reference.v < params.v_th && params.v_th <= next.v, "step {i}");
        spikes += usize::from(spike[0]);
        reference = next;
    }
    assert_eq!(spikes, 7);
}

/// With a COBA conductance (a drive with a slope, `J` per neuron) each step from the model's
/// state agrees with the dual-number step from the same state to rounding; the gates, computed
/// the same way in both, agree bit for bit.
#[test]
fn hodgkin_huxley_with_coba_drive_matches_the_dual_exp_euler_step() {
    use neurodim::dynamics::neuron::{HodgkinHuxley, HodgkinHuxleyParams};
    let n = 4;
    let params = HodgkinHuxleyParams { area: 20_000.0 * um2, ..HodgkinHuxleyParams::default() };
    let mut hh = HodgkinHuxley::new(Shape::vector(n).unwrap(), params).unwrap();
    init_all(&mut hh, None, 0).unwrap();
    let env = Environment::new(0.01 * ms).unwrap();
    let g: Vec<Conductance> = (0..n).map(|k| (2.0 + 4.0 * k as f64) * nS).collect();
    let reversal = 0.0 * mV;
    let output = Coba::new(reversal).unwrap();
    let mut drive = SynapticDrive::new(n);
    let mut spikes = vec![false; n];
    let mut count = 0;
    for i in 0..5_000 {
        let before: Vec<hh_by_dual_numbers::State> = (0..n)
            .map(|k| {
                let (m, h, gate_n) = hh.gates(k).unwrap();
                let r = |x: f64| x * Ratio::new::<neurodim::units::uom::si::ratio::ratio>(1.0);
                hh_by_dual_numbers::State { v: hh.v()[k], m: r(m), h: r(h), n: r(gate_n) }
            })
            .collect();
        drive.clear();
        output.add_to(&g, hh.v(), &mut drive).unwrap();
        hh.update(&env.step(i), &Drive::none().with_synaptic(&drive), &mut spikes).unwrap();
        count += spikes.iter().filter(|&&spiked| spiked).count();
        for k in 0..n {
            let synapse = (g[k] / params.area, reversal);
            let next =
                hh_by_dual_numbers::step(&params, before[k], 0.0 * uA_per_cm2, synapse, env.dt());
            let (m, h, gate_n) = hh.gates(k).unwrap();
            assert_eq!((m, h, gate_n), (next.m.value, next.h.value, next.n.value), "step {i}");
            let v = hh.v()[k].value;
            assert!(
                relative_gap(v, next.v.value) < 1e-12,
                "step {i}, neuron {k}: {v} vs {:?}",
                next.v
            );
        }
    }
    assert!(count > 0, "no spike");
}
