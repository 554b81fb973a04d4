//! The Hodgkin–Huxley neuron of brainstate's example 100, written as a user writes a model:
//! typed parameters (channel densities per membrane area), one exponential-Euler step per
//! state variable with the others frozen at their old values (brainstate's convention), and
//! right-hand sides written as ordinary unit-checked code. The Jacobian of each step is
//! computed exactly by the integrator; nothing is derived by hand.
//!
//! Parameters (spec §5.2): E_Na = 50 mV, g_Na = 120 mS/cm², E_K = −77 mV, g_K = 36 mS/cm²,
//! E_L = −54.387 mV, g_L = 0.03 mS/cm², C = 1 µF/cm², V_th = 20 mV; V₀ = −65 mV with the gates
//! at their steady state; dt = 0.01 ms for 100 ms. brainstate's example drives ten neurons with
//! `uniform(1, 10) µA/cm²` redrawn each step; this one neuron gets a constant 10 µA/cm², so the
//! output is deterministic. A spike is `V_prev < V_th <= V`.
//!
//! Run: `cargo run --release --example hh_neuron`

use std::time::Instant;

use neurodim::dynamics::integrate::{Lift, dq, exp_euler_step};
use neurodim::prelude::*;
use neurodim::units::uom::si::ratio::ratio;

/// The channel parameters, per unit of membrane area.
struct HodgkinHuxley {
    e_na: Voltage,
    g_na: ConductanceDensity,
    e_k: Voltage,
    g_k: ConductanceDensity,
    e_l: Voltage,
    g_l: ConductanceDensity,
    c: CapacitanceDensity,
    v_th: Voltage,
}

/// The dynamical variables: membrane potential and the three gates.
#[derive(Clone, Copy)]
struct State {
    v: Voltage,
    m: Ratio,
    h: Ratio,
    n: Ratio,
}

/// Opening and closing rates of one gate at a given V: dx/dt = α(1 − x) − βx.
#[derive(Clone, Copy)]
struct GateRates {
    alpha: Frequency,
    beta: Frequency,
}

impl GateRates {
    /// The gate's steady state x∞ = α/(α + β).
    fn steady_state(self) -> Ratio {
        self.alpha / (self.alpha + self.beta)
    }

    /// dx/dt for the gate, on the dual storage the integrator differentiates.
    fn rhs(self, x: dq::Ratio) -> dq::Frequency {
        let one = Ratio::new::<ratio>(1.0).lift();
        self.alpha.lift() * (one - x) - self.beta.lift() * x
    }
}

/// `(V − offset)/scale` as a plain ratio.
fn reduced(v: Voltage, offset: Voltage, scale: Voltage) -> Ratio {
    (v - offset) / scale
}

/// The classic rate functions (V in mV, rates per ms), with αₘ and αₙ written through
/// `exprel` so that their removable 0/0 at V = −40 mV and −55 mV is harmless:
/// `0.1·(V + 40)/(1 − e^(−(V+40)/10)) = 1/exprel(−(V + 40)/10)`.
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

impl HodgkinHuxley {
    /// The state at rest potential `v0` with every gate at its steady state.
    fn rest(&self, v0: Voltage) -> State {
        State {
            v: v0,
            m: m_rates(v0).steady_state(),
            h: h_rates(v0).steady_state(),
            n: n_rates(v0).steady_state(),
        }
    }

    /// C·dV/dt = I − g_Na·m³h·(V − E_Na) − g_K·n⁴·(V − E_K) − g_L·(V − E_L), with the gates
    /// frozen: their conductances are computed in f64 and lifted.
    fn dv(&self, v: dq::Voltage, old: State, i_ext: CurrentDensity) -> dq::VoltageRate {
        let g_na = (self.g_na * old.m * old.m * old.m * old.h).lift();
        let g_k = (self.g_k * old.n * old.n * old.n * old.n).lift();
        let i_ion = g_na * (v - self.e_na.lift())
            + g_k * (v - self.e_k.lift())
            + self.g_l.lift() * (v - self.e_l.lift());
        (i_ext.lift() - i_ion) / self.c.lift()
    }

    /// One step of dt: every variable from the old state (brainstate's update order).
    fn step(&self, old: State, i_ext: CurrentDensity, dt: Time) -> State {
        let (m, h, n) = (m_rates(old.v), h_rates(old.v), n_rates(old.v));
        State {
            v: exp_euler_step(old.v, dt, |v| self.dv(v, old, i_ext)),
            m: exp_euler_step(old.m, dt, |x| m.rhs(x)),
            h: exp_euler_step(old.h, dt, |x| h.rhs(x)),
            n: exp_euler_step(old.n, dt, |x| n.rhs(x)),
        }
    }
}

fn main() {
    let model = HodgkinHuxley {
        e_na: 50.0 * mV,
        g_na: 120.0 * mS_per_cm2,
        e_k: -77.0 * mV,
        g_k: 36.0 * mS_per_cm2,
        e_l: -54.387 * mV,
        g_l: 0.03 * mS_per_cm2,
        c: 1.0 * uF_per_cm2,
        v_th: 20.0 * mV,
    };
    let (dt, duration, i_ext) = (0.01 * ms, 100.0 * ms, 10.0 * uA_per_cm2);
    let steps = (duration / dt).value.round() as u64;

    let mut state = model.rest(-65.0 * mV);
    let mut spikes = Vec::new();
    let started = Instant::now();
    for i in 0..steps {
        let next = model.step(state, i_ext, dt);
        if state.v < model.v_th && model.v_th <= next.v {
            spikes.push((i + 1) as f64 * dt); // the time at the end of the step
        }
        state = next;
    }
    let elapsed = started.elapsed();

    println!(
        "Hodgkin–Huxley neuron, I = {}, dt = {}, {} ({steps} steps)",
        i_ext.display(),
        dt.display(),
        duration.display()
    );
    println!("{} spikes at (ms):", spikes.len());
    for t in &spikes {
        println!("  {:.2}", t.value_in(ms));
    }
    println!("final V = {:.4}", state.v.display());
    println!(
        "wall time {:.3} ms, {:.1} ns per step (4 exp-Euler updates with exact J)",
        elapsed.as_secs_f64() * 1e3,
        elapsed.as_secs_f64() * 1e9 / steps as f64
    );
}
