//! brainstate's COBA benchmark network (Vogels & Abbott 2005; Brette et al. 2007).

use neurodim_dyn::DynError;
use neurodim_dyn::kernel::Neurons;
use neurodim_dyn::network::NetworkPrecision;
use neurodim_dyn::neuron::{LifRefParams, SpikeReset};
use neurodim_dyn::output::Coba;
use neurodim_dyn::plasticity::Stdp;
use neurodim_dyn::projection::OutputKind;
use neurodim_state::init::Normal;
use neurodim_units::{mA, mS, mV, ms, nS, pA, pF};

use super::{
    Builder, EiNetwork, Pathway, Wiring, assemble, brainstate_lif_ref, sizes, variant_index,
};

/// brainstate's COBA network: LIFRef neurons `τ dV/dt = −(V − V_rest) + R·I` (τ 20 ms,
/// V_rest = V_reset −60 mV, V_th −50 mV, refractory 5 ms) driven by conductances
/// `I = g_E·(0 mV − V) + g_I·(−80 mV − V)` with exponential synapses of τ 5 ms (E) and
/// 10 ms (I). Its variants:
///
/// - `brainstate` (default): brainstate's `benchmark/COBA_2005.py` built eagerly — soft reset,
///   V0 ~ Normal(−55, 2) mV, every neuron fed 20 mA through R = 1 Ω; E→all and I→all with
///   exactly 80 targets per source, weights 0.6 mS and 6.7 mS. With brainstate's units
///   (mS·mV = µA against 20 mA) the recurrent input is weak and the rate is near the
///   uncoupled 53 Hz: brainstate measures 50.71 Hz over 1 s and 50.61 Hz over 10 s.
/// - `brette`: the same network in the benchmark's physical units — C 200 pF, gL 10 nS
///   (R = 1/gL = 100 MΩ, τ = C/gL = 20 ms), hard reset, weights 6 nS and 67 nS, a 200 pA
///   drive (R·I = 20 mV, as above), V0 ~ Normal(−55, 5) mV, pairwise Bernoulli p = 80/N.
/// - `brette-stdp`: `brette` with plastic excitatory synapses (E→all): additive pair-based
///   STDP (NEST's `stdp_synapse` with `μ = 0`), `τ₊ = τ₋ = 20 ms`, `λ = 0.01`, `α = 1.05`,
///   `Wmax` = 12 nS (twice the initial 6 nS).
///
/// ```
/// use neurodim::benchmarks::{Builder, CobaNetwork};
/// assert_eq!(CobaNetwork::VARIANTS, ["brainstate", "brette", "brette-stdp"]);
/// let net = CobaNetwork::build::<f64>("brette", 0.25, 7)?;
/// assert_eq!((net.n_exc, net.network.num_neurons()), (800, 1000));
/// # Ok::<(), neurodim::dynamics::DynError>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct CobaNetwork;

impl Builder for CobaNetwork {
    const NAME: &'static str = "coba";
    const VARIANTS: &'static [&'static str] = &["brainstate", "brette", "brette-stdp"];

    fn build<F: NetworkPrecision>(
        variant: &str,
        scale: f64,
        seed: u64,
    ) -> Result<EiNetwork<F>, DynError> {
        let (n_exc, n_inh) = sizes(scale);
        let n = n_exc + n_inh;
        let index = variant_index::<Self>(variant)?;
        let brette = index >= 1;
        let stdp = (index == 2).then(|| Stdp { alpha: 1.05, ..Stdp::additive(12.0 * nS) });
        let brainstate = brainstate_lif_ref(-60.0 * mV, SpikeReset::Soft);
        let (params, v0_std, drive, wiring, w_e, w_i) = if brette {
            let (c, g_leak) = (200.0 * pF, 10.0 * nS);
            let params = LifRefParams {
                r: 1.0 / g_leak,
                tau: c / g_leak,
                reset: SpikeReset::Hard,
                ..brainstate
            };
            let wiring = Wiring::Bernoulli(80.0 / n as f64);
            (params, 5.0 * mV, 200.0 * pA, wiring, 6.0 * nS, 67.0 * nS)
        } else {
            let wiring = Wiring::FixedOutDegree(80.0 / n as f64);
            (brainstate, 2.0 * mV, 20.0 * mA, wiring, 0.6 * mS, 6.7 * mS)
        };
        let neurons =
            Neurons::<_, F>::new(n, params)?.with_v_initializer(Normal::new(-55.0 * mV, v0_std)?);
        let excitatory = Pathway {
            name: "E",
            weight: w_e,
            tau: 5.0 * ms,
            output: OutputKind::Coba(Coba::new(0.0 * mV)?),
            stdp,
        };
        let inhibitory = Pathway {
            name: "I",
            weight: w_i,
            tau: 10.0 * ms,
            output: OutputKind::Coba(Coba::new(-80.0 * mV)?),
            stdp: None,
        };
        assemble(neurons, (n_exc, n_inh), drive, wiring, [excitatory, inhibitory], seed)
    }
}
