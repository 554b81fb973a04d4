//! The Hodgkin–Huxley neuron of brainstate's example 100, with the library's
//! [`HodgkinHuxley`](neurodim::dynamics::neuron::HodgkinHuxley) model: exponential Euler on V
//! and on each gate, every variable stepped from the state at the start of the step
//! (brainstate's convention).
//!
//! Parameters (the model's defaults, those of brainstate's example): E_Na = 50 mV,
//! g_Na = 120 mS/cm², E_K = −77 mV, g_K = 36 mS/cm², E_L = −54.387 mV, g_L = 0.03 mS/cm²,
//! C = 1 µF/cm², V_th = 20 mV; V₀ = −65 mV with the gates at their steady state; dt = 0.01 ms
//! for 100 ms. brainstate's example drives ten neurons with `uniform(1, 10) µA/cm²` redrawn
//! each step; this one neuron gets a constant 10 µA/cm² (a current of 10 µA/cm² times the
//! membrane area), so the output is deterministic. A spike is `V_prev < V_th <= V`.
//!
//! Run: `cargo run --release --example hh_neuron`

use std::time::Instant;

use neurodim::dynamics::neuron::{Drive, HodgkinHuxley, HodgkinHuxleyParams, Neuron};
use neurodim::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let params = HodgkinHuxleyParams::default();
    let mut neuron = HodgkinHuxley::new(1, params)?;
    init_all(&mut neuron, None, 0)?;
    let (dt, duration, i_ext) = (0.01 * ms, 100.0 * ms, 10.0 * uA_per_cm2);
    let env = Environment::new(dt)?;
    let steps = env.steps_in(duration)?;
    let drive = Drive::current(i_ext * params.area);

    let mut spikes = Vec::new();
    let mut spiked = [false];
    let started = Instant::now();
    for i in 0..steps {
        neuron.update(&env.step(i), &drive, &mut spiked)?;
        if spiked[0] {
            spikes.push((i + 1) as f64 * dt); // the time at the end of the step
        }
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
    println!("final V = {:.4}", neuron.v()[0].display());
    println!(
        "wall time {:.3} ms, {:.1} ns per step (4 exp-Euler updates)",
        elapsed.as_secs_f64() * 1e3,
        elapsed.as_secs_f64() * 1e9 / steps as f64
    );
    Ok(())
}
