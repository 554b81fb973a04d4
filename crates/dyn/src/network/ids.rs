/// A population of a [`Network`](crate::network::Network), as returned by
/// [`add_population`](crate::network::Network::add_population).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PopulationId(pub(crate) usize);

/// A spike monitor of a [`Network`](crate::network::Network).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpikeMonitorId(pub(crate) usize);

/// A state trace monitor of a [`Network`](crate::network::Network).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TraceId(pub(crate) usize);
