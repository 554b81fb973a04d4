use core::sync::atomic::{AtomicU64, Ordering};

/// The identity of one [`Network`](crate::network::Network) in this process: every network
/// gets its own when it is made, and every id it hands out carries it, so that an id of
/// another network is refused instead of acting on whatever has the same index here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct NetworkTag(u64);

impl NetworkTag {
    /// A tag no other network of the process has.
    pub(crate) fn unique() -> Self {
        // Only uniqueness matters, not ordering with other memory: relaxed suffices. 2^64
        // networks are out of reach, so the counter does not wrap in practice.
        static NEXT: AtomicU64 = AtomicU64::new(0);
        NetworkTag(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// A population of a [`Network`](crate::network::Network), as returned by
/// [`add_population`](crate::network::Network::add_population): its index and the identity of
/// the network that made it (an id of another network is refused).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let n: PopulationId = net.add_population("N", Lif::new(100, LifParams::default())?)?;
/// net.set_current(n, 0.5 * mA)?;
/// let (exc, inh) = (n.neurons(0..80), n.neurons(80..100)); // sources of projections
/// net.connect("E", exc, n).rule(FixedOutDegree::new(10)).weight(1.0 * nS)
///     .synapse(ExponParams::default()).output(Coba::new(0.0 * mV)?).add()?;
/// net.connect("I", inh, n).rule(FixedOutDegree::new(10)).weight(4.0 * nS)
///     .synapse(ExponParams::default()).output(Coba::new(-80.0 * mV)?).add()?;
/// net.init(0)?;
/// assert_eq!(net.neurons(n)?.shape().len(), 100);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PopulationId(pub(crate) usize, pub(crate) NetworkTag);

/// A spike monitor of a [`Network`](crate::network::Network) (an id of another network is
/// refused with [`DynError::ForeignId`](crate::DynError::ForeignId)).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let n = net.add_population("N", Lif::new(10, LifParams::default())?)?;
/// net.set_current(n, 2.0 * mA)?;
/// let spikes: SpikeMonitorId = net.monitor_spikes(n)?;
/// net.init(0)?;
/// net.run_for(20.0 * ms)?;
/// assert!(net.spike_monitor(spikes)?.num_spikes() > 0);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpikeMonitorId(pub(crate) usize, pub(crate) NetworkTag);

/// A state trace monitor of a [`Network`](crate::network::Network) (an id of another network
/// is refused with [`DynError::ForeignId`](crate::DynError::ForeignId)).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let n = net.add_population("N", Lif::new(10, LifParams::default())?)?;
/// net.set_current(n, 0.5 * mA)?;
/// let v: TraceId = net.monitor_state("N.V", &[0], 1)?;
/// net.init(0)?;
/// net.run_for(1.0 * ms)?;
/// assert_eq!(net.voltage_trace(v)?.num_samples(), 10);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TraceId(pub(crate) usize, pub(crate) NetworkTag);

/// A weight-change recorder of a [`Network`](crate::network::Network), from
/// [`monitor_weight_changes`](crate::network::Network::monitor_weight_changes) (an id of another
/// network is refused with [`DynError::ForeignId`](crate::DynError::ForeignId)); see
/// [`WeightChanges`](crate::monitor::WeightChanges) for an example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WeightRecorderId(pub(crate) usize, pub(crate) NetworkTag);

#[cfg(test)]
mod tests {
    use neurodim_state::Shape;
    use neurodim_units::prelude::*;

    use crate::network::Network;
    use crate::neuron::{Lif, LifParams};

    fn two_networks() -> (Network, Network) {
        let lif = || Lif::new(Shape::vector(1).unwrap(), LifParams::default()).unwrap();
        let (mut a, mut b) = (Network::new(0.1 * ms).unwrap(), Network::new(0.1 * ms).unwrap());
        a.add_population("N", lif()).unwrap();
        b.add_population("N", lif()).unwrap();
        (a, b)
    }

    #[test]
    fn a_population_id_of_another_network_is_refused() {
        let lif = || Lif::new(Shape::vector(1).unwrap(), LifParams::default()).unwrap();
        let (mut a, mut b) = (Network::new(0.1 * ms).unwrap(), Network::new(0.1 * ms).unwrap());
        let pop_a = a.add_population("N", lif()).unwrap();
        b.add_population("N", lif()).unwrap();
        assert!(b.set_current(pop_a, 1.0 * nA).is_err()); // an id of network `a`
    }

    #[test]
    fn a_spike_monitor_id_of_another_network_is_refused() {
        let (mut a, mut b) = two_networks();
        let lif = || Lif::new(1, LifParams::default()).unwrap();
        let pop_a = a.add_population("M", lif()).unwrap();
        let pop_b = b.add_population("M", lif()).unwrap();
        let spikes_a = a.monitor_spikes(pop_a).unwrap();
        b.monitor_spikes(pop_b).unwrap();
        assert!(a.spike_monitor(spikes_a).is_ok());
        assert!(b.spike_monitor(spikes_a).is_err());
    }

    #[test]
    fn a_trace_id_of_another_network_is_refused() {
        let (mut a, mut b) = two_networks();
        let v_a = a.monitor_state("N.V", &[0], 1).unwrap();
        b.monitor_state("N.V", &[0], 1).unwrap();
        assert!(a.voltage_trace(v_a).is_ok());
        assert!(b.voltage_trace(v_a).is_err());
    }
}
