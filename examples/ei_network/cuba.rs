//! brainstate's CUBA benchmark network (Vogels & Abbott 2005)
//!
//! `cargo run --release --example cuba -- [--variant brainstate|brian2] [--scale S]
//! [--duration 1s] [--seed N] [--json]` (add `--features plot` for a raster PNG).
//!
//! - `brainstate` (default): `benchmark/CUBA_2005.py` built eagerly — as `coba` but
//!   V_rest = −49 mV, weights 1.62 mS and −9.0 mS into Expon τ 5 / 10 ms with CUBA outputs of
//!   scale 1 V (so g·1 V·1 Ω is 1.62 mV per unit of g), 20 mA input. brainstate measures
//!   24.39 Hz over 10 s.
//! - `brian2`: Brian2's CUBA example — τ_m 20 ms, E_L −49, V_th −50, V_reset −60 mV (hard),
//!   refractory 5 ms, excitatory and inhibitory current traces (τ 5 / 10 ms) that jump by
//!   w_e = 60·0.27/10 mV and w_i = −20·4.5/10 mV per spike (written as 1.62 mS and −9 mS
//!   through R = 1 Ω and a CUBA scale of 1 V), V0 uniform in [V_reset, V_th], no external
//!   input, pairwise Bernoulli p = 0.02.

use std::error::Error;

use neurodim::dynamics::kernel::Neurons;
use neurodim::dynamics::network::{Network, NetworkPrecision};
use neurodim::dynamics::neuron::{LifRefParams, SpikeReset};
use neurodim::dynamics::output::Cuba;
use neurodim::dynamics::projection::OutputKind;
use neurodim::prelude::*;
use neurodim::state::init::{Normal, Uniform};

use crate::ei_network::{Builder, EiNetwork, Pathway, Wiring, connect, sizes};

/// brainstate's CUBA network, of `variant` at `scale`, its connectivity drawn from
/// `seed` (`Builder::build`).
pub struct CubaNetwork;

impl Builder for CubaNetwork {
    fn build<F: NetworkPrecision>(
        variant: &str,
        scale: f64,
        seed: u64,
    ) -> Result<EiNetwork<F>, Box<dyn Error>> {
        let (n_exc, n_inh) = sizes(scale);
        let n = n_exc + n_inh;
        let brian2 = variant == "brian2";
        let params = LifRefParams {
            r: 1.0 * ohm,
            tau: 20.0 * ms,
            tau_ref: 5.0 * ms,
            v_th: -50.0 * mV,
            v_reset: -60.0 * mV,
            v_rest: -49.0 * mV,
            reset: if brian2 { SpikeReset::Hard } else { SpikeReset::Soft },
        };
        let neurons = Neurons::<_, F>::new(n, params)?;
        let neurons = if brian2 {
            neurons.with_v_initializer(Uniform::new(-60.0 * mV, -50.0 * mV)?)
        } else {
            neurons.with_v_initializer(Normal::new(-55.0 * mV, 2.0 * mV)?)
        };
        let mut network = Network::<F>::with_precision(super::dt())?;
        let population = network.add_population("N", neurons)?;
        let (wiring, drive) = if brian2 {
            (Wiring::Bernoulli(0.02), 0.0 * mA)
        } else {
            (Wiring::FixedOutDegree(80.0 / n as f64), 20.0 * mA)
        };
        network.set_current(population, drive)?;
        let mut net = EiNetwork { network, population, n_exc };
        let output = OutputKind::Cuba(Cuba::new(1.0 * volt)?);
        let w_e = 60.0 * 0.27 / 10.0 * mS; // 1.62 mS: 1.62 mV per spike through R·scale = 1 Ω·V
        let w_i = -20.0 * 4.5 / 10.0 * mS; // −9 mS
        let excitatory = Pathway { name: "E", weight: w_e, tau: 5.0 * ms, output };
        let inhibitory = Pathway { name: "I", weight: w_i, tau: 10.0 * ms, output };
        connect(&mut net, 0..n_exc, wiring, &excitatory, seed)?;
        connect(&mut net, n_exc..n, wiring, &inhibitory, seed)?;
        Ok(net)
    }
}
