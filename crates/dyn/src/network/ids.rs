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
/// use neurodim_dyn::network::Network;
/// use neurodim_dyn::neuron::{Lif, LifParams};
/// use neurodim_state::Shape;
/// use neurodim_units::*;
/// let lif = || Lif::new(Shape::vector(1).unwrap(), LifParams::default()).unwrap();
/// let (mut a, mut b) = (Network::new(0.1 * ms)?, Network::new(0.1 * ms)?);
/// let pop_a = a.add_population("N", lif())?;
/// b.add_population("N", lif())?;
/// assert!(b.set_current(pop_a, 1.0 * nA).is_err()); // an id of network `a`
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PopulationId(pub(crate) usize, pub(crate) NetworkTag);

/// A spike monitor of a [`Network`](crate::network::Network) (an id of another network is
/// refused with [`DynError::ForeignId`](crate::DynError::ForeignId)).
///
/// ```
/// use neurodim_dyn::network::Network;
/// use neurodim_dyn::neuron::{Lif, LifParams};
/// use neurodim_state::Shape;
/// use neurodim_units::*;
/// let lif = || Lif::new(Shape::vector(1).unwrap(), LifParams::default()).unwrap();
/// let (mut a, mut b) = (Network::new(0.1 * ms)?, Network::new(0.1 * ms)?);
/// let pop_a = a.add_population("N", lif())?;
/// let pop_b = b.add_population("N", lif())?;
/// let spikes_a = a.monitor_spikes(pop_a)?;
/// b.monitor_spikes(pop_b)?;
/// assert!(a.spike_monitor(spikes_a).is_ok());
/// assert!(b.spike_monitor(spikes_a).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpikeMonitorId(pub(crate) usize, pub(crate) NetworkTag);

/// A state trace monitor of a [`Network`](crate::network::Network) (an id of another network
/// is refused with [`DynError::ForeignId`](crate::DynError::ForeignId)).
///
/// ```
/// use neurodim_dyn::network::Network;
/// use neurodim_dyn::neuron::{Lif, LifParams};
/// use neurodim_state::Shape;
/// use neurodim_units::*;
/// let lif = || Lif::new(Shape::vector(1).unwrap(), LifParams::default()).unwrap();
/// let (mut a, mut b) = (Network::new(0.1 * ms)?, Network::new(0.1 * ms)?);
/// a.add_population("N", lif())?;
/// b.add_population("N", lif())?;
/// let v_a = a.monitor_state("N.V", &[0], 1)?;
/// b.monitor_state("N.V", &[0], 1)?;
/// assert!(a.voltage_trace(v_a).is_ok());
/// assert!(b.voltage_trace(v_a).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TraceId(pub(crate) usize, pub(crate) NetworkTag);
