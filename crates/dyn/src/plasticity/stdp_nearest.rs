//! NEST's nearest-neighbour STDP rules: `stdp_nn_symm_synapse` and `stdp_nn_restr_synapse`.

use crate::DynError;
use crate::connect::SynapticWeight;
use crate::plasticity::rule::{Pairing, RuleTraces, SpikeTimingRule, TraceUpdate, check_bounded};
use crate::plasticity::stdp::Stdp;

/// [`Stdp`]'s weight update with symmetric nearest-neighbour pairing, NEST's
/// `stdp_nn_symm_synapse`: each postsynaptic arrival is paired with the latest presynaptic
/// spike before it, each presynaptic spike with the latest arrival before it — both traces are
/// set to 1 at a spike instead of incremented (`x = e^{−(t_post + d − t_pre,last)/τ₊}`,
/// `y = e^{−(t_pre − d − t_post,last)/τ₋}`). As in NEST, before its first spike a
/// source counts as having spiked at `t = 0` (its last spike time starts there): arrivals
/// before the first presynaptic spike are potentiated with `e^{−(t_post + d)/τ₊}`.
///
/// ```
/// use neurodim_dyn::DynError;
/// use neurodim_dyn::plasticity::{SpikeTimingRule, Stdp, StdpNnSymm, TraceUpdate};
/// use neurodim_units::prelude::*;
/// let rule = StdpNnSymm(Stdp::new(100.0 * nS));
/// assert_eq!(rule.traces().pre[0].unwrap().update, TraceUpdate::Reset);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StdpNnSymm<W>(pub Stdp<W>);

/// [`Stdp`]'s weight update with restricted symmetric nearest-neighbour pairing, NEST's
/// `stdp_nn_restr_synapse`: only the first postsynaptic arrival after a presynaptic spike
/// potentiates (with `x = e^{−(t_post + d − t_pre,last)/τ₊}`), and a presynaptic spike
/// depresses only if an arrival came since the previous presynaptic spike (with `y` of the
/// latest arrival strictly before it). NEST's two quirks are kept: a source counts as having
/// spiked at `t = 0` before its first spike, and when the only arrival since the previous
/// presynaptic spike coincides with this one, the depression reads the arrival before it.
///
/// ```
/// use neurodim_dyn::DynError;
/// use neurodim_dyn::plasticity::{Pairing, SpikeTimingRule, Stdp, StdpNnRestr};
/// use neurodim_units::prelude::*;
/// let rule = StdpNnRestr(Stdp::additive(10.0 * nS));
/// assert_eq!(rule.pairing(), Pairing::FirstArrival);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StdpNnRestr<W>(pub Stdp<W>);

/// Both nearest-neighbour rules read one trace of each side, reset to 1 at a spike.
fn nearest_traces<W: SynapticWeight>(stdp: &Stdp<W>) -> RuleTraces {
    RuleTraces {
        pre: [Stdp::<W>::trace(stdp.tau_plus, TraceUpdate::Reset), None],
        post: [Stdp::<W>::trace(stdp.tau_minus, TraceUpdate::Reset), None],
    }
}

/// The two nearest-neighbour rules differ only in their NEST name and pairing: `Stdp`'s update
/// on nearest-neighbour traces.
macro_rules! nearest_neighbour_rule {
    ($rule:ident, $nest:literal, $pairing:expr) => {
        impl<W: SynapticWeight> SpikeTimingRule for $rule<W> {
            type Weight = W;
            const NEST_MODEL: &'static str = $nest;

            fn traces(&self) -> RuleTraces {
                nearest_traces(&self.0)
            }

            fn pairing(&self) -> Pairing {
                $pairing
            }

            fn validate(&self) -> Result<(), DynError> {
                self.0.check()
            }

            fn check_weight(&self, w: f64) -> Result<(), DynError> {
                check_bounded(w, self.0.w_max.to_si())
            }

            #[inline]
            fn potentiate(&self, w: f64, pre: [f64; 2], _post: [f64; 2]) -> f64 {
                self.0.facilitate(w, pre[0])
            }

            #[inline]
            fn depress(&self, w: f64, _pre: [f64; 2], post: [f64; 2]) -> f64 {
                self.0.depress_by(w, post[0])
            }
        }
    };
}

nearest_neighbour_rule!(StdpNnSymm, "stdp_nn_symm_synapse", Pairing::EveryArrival);
nearest_neighbour_rule!(StdpNnRestr, "stdp_nn_restr_synapse", Pairing::FirstArrival);
