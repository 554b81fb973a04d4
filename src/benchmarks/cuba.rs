//! brainstate's CUBA benchmark network (Vogels & Abbott 2005).

use neurodim_dyn::DynError;
use neurodim_dyn::kernel::Neurons;
use neurodim_dyn::network::NetworkPrecision;
use neurodim_dyn::neuron::SpikeReset;
use neurodim_dyn::output::Cuba;
use neurodim_dyn::projection::OutputKind;
use neurodim_state::init::{Normal, Uniform};
use neurodim_units::{mA, mS, mV, ms, volt};

use super::{
    Builder, EiNetwork, Pathway, Wiring, assemble, brainstate_lif_ref, sizes, variant_index,
};

/// brainstate's CUBA network: LIFRef neurons `τ dV/dt = −(V − V_rest) + R·I` (τ 20 ms,
/// V_rest −49 mV, V_th −50 mV, V_reset −60 mV, refractory 5 ms, R = 1 Ω) driven by currents
/// `I = (g_E + g_I)·1 V` from exponential synapses of τ 5 ms (E, w_e = 1.62 mS) and 10 ms
/// (I, w_i = −9 mS): through R·1 V = 1 Ω·V, a spike moves V by 1.62 mV and −9 mV. Its
/// variants:
///
/// - `brainstate` (default): `benchmark/CUBA_2005.py` built eagerly — soft reset,
///   V0 ~ Normal(−55, 2) mV, 20 mA input, exactly 80 targets per source. brainstate
///   measures 24.39 Hz over 10 s.
/// - `brian2`: Brian2's CUBA example — hard reset, excitatory and inhibitory current traces
///   that jump by w_e = 60·0.27/10 mV and w_i = −20·4.5/10 mV per spike (the same weights),
///   V0 uniform in [V_reset, V_th], no external input, pairwise Bernoulli p = 0.02.
///
/// ```
/// use neurodim::benchmarks::{Builder, CubaNetwork};
/// assert_eq!(CubaNetwork::VARIANTS, ["brainstate", "brian2"]);
/// let net = CubaNetwork::build::<f32>("brian2", 0.25, 7)?;
/// assert_eq!((net.n_exc, net.network.num_neurons()), (800, 1000));
/// assert!(CubaNetwork::build::<f32>("brette", 0.25, 7).is_err());
/// # Ok::<(), neurodim::dynamics::DynError>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct CubaNetwork;

impl Builder for CubaNetwork {
    const NAME: &'static str = "cuba";
    const VARIANTS: &'static [&'static str] = &["brainstate", "brian2"];

    fn build<F: NetworkPrecision>(
        variant: &str,
        scale: f64,
        seed: u64,
    ) -> Result<EiNetwork<F>, DynError> {
        let (n_exc, n_inh) = sizes(scale);
        let n = n_exc + n_inh;
        let brian2 = variant_index::<Self>(variant)? == 1;
        let reset = if brian2 { SpikeReset::Hard } else { SpikeReset::Soft };
        let params = brainstate_lif_ref(-49.0 * mV, reset);
        let neurons = Neurons::<_, F>::new(n, params)?;
        let neurons = if brian2 {
            neurons.with_v_initializer(Uniform::new(-60.0 * mV, -50.0 * mV)?)
        } else {
            neurons.with_v_initializer(Normal::new(-55.0 * mV, 2.0 * mV)?)
        };
        let (wiring, drive) = if brian2 {
            (Wiring::Bernoulli(0.02), 0.0 * mA)
        } else {
            (Wiring::FixedOutDegree(80.0 / n as f64), 20.0 * mA)
        };
        let output = OutputKind::Cuba(Cuba::new(1.0 * volt)?);
        let w_e = 60.0 * 0.27 / 10.0 * mS; // 1.62 mS: 1.62 mV per spike through R·scale = 1 Ω·V
        let w_i = -20.0 * 4.5 / 10.0 * mS; // −9 mS
        let excitatory = Pathway { name: "E", weight: w_e, tau: 5.0 * ms, output, stdp: None };
        let inhibitory = Pathway { name: "I", weight: w_i, tau: 10.0 * ms, output, stdp: None };
        assemble(neurons, (n_exc, n_inh), drive, wiring, [excitatory, inhibitory], seed)
    }
}
