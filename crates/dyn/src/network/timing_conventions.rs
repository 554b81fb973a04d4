//! How a network fills in what its parts leave unstated about time: brainstate's schedule or
//! NEST's.

/// The timing a [`Network`](crate::network::Network) gives what its parts leave unstated
/// ([`Network::set_conventions`](crate::network::Network::set_conventions)). Either way, what a
/// part states is kept: explicit [`SynapseDelays`](crate::connect::SynapseDelays), a
/// [`SampleSchedule`](crate::monitor::SampleSchedule), a [`DelayedCurrent`](crate::input::DelayedCurrent).
/// NEST's models (`IafPscDelta`, …) follow NEST's update order, reset and refractory counts
/// under both; a spike of step `i` is what NEST stamps `(i + 1)·dt`.
///
/// ```
/// use neurodim_dyn::network::TimingConventions;
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// net.set_conventions(TimingConventions::Nest)?;
/// let pre = net.add_spike_source("pre", SpikeTime::new(1, vec![0], vec![0.0 * ms])?)?;
/// let post = net.add_population("post", IafPscDelta::new(1, IafPscDeltaParams::default())?)?;
/// let topology = AllToAll::new().topology(1, 1)?.with_weight(1.0 * mV)?;
/// net.add_delta("syn", Delta::new(pre, post, topology))?; // NEST's default delay: 1 ms
/// let v = net.monitor_state("post.V", &[0], 1)?; // NEST's multimeter, interval 0.1 ms
/// net.init(0)?;
/// net.run_for(2.0 * ms)?;
/// let v: Vec<f64> = net.voltage_trace(v)?.trace(0).map(|v| v.value_in(mV)).collect();
/// // emitted in step 0 (NEST's stamp 0.1 ms), it arrives 1 ms later: V jumps in step 10
/// assert_eq!((v[9], v[10]), (-70.0, -69.0));
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimingConventions {
    /// brainstate's (the default): a projection without delays delivers in the next step;
    /// [`set_current_waveform`](crate::network::Network::set_current_waveform) applies a
    /// waveform in the steps it names; [`monitor_state`](crate::network::Network::monitor_state)
    /// every `k` samples the steps `0, k, 2k, …`.
    #[default]
    Brainstate,
    /// NEST's: a projection without delays has NEST's default delay of 1 ms
    /// ([`SynapseDelays::nest`](crate::connect::SynapseDelays::nest)); a current waveform is a
    /// current generator's recorded current delivered over NEST's default delay of 1 ms
    /// ([`DelayedCurrent::nest`](crate::input::DelayedCurrent::nest)); `monitor_state` every `k`
    /// samples as NEST's `multimeter` with an `interval` of `k` steps
    /// ([`SampleSchedule::nest_multimeter`](crate::monitor::SampleSchedule::nest_multimeter):
    /// the stamps `k·dt, 2k·dt, …`, none at 0); NEST's spike generators
    /// ([`Network::spike_device`](crate::network::Network::spike_device)) take 1 ms under both.
    Nest,
}

/// NEST's default delay of a connection (`nest.GetDefaults("static_synapse")["delay"]`), ms.
pub(crate) const NEST_DEFAULT_DELAY_MS: f64 = 1.0;
