//! Limits of a run that are errors before any work: step counters that would overflow, and
//! monitor reservations beyond the machine's memory.

use crate::DynError;
use crate::network::Network;
use crate::network::NetworkPrecision;
use crate::network::memory::check_memory;

/// Bytes a spike monitor keeps per spike: its step (`u64`) and neuron index (`u32`).
const BYTES_PER_SPIKE: u64 = 12;
/// Bytes a state trace keeps per value (`f64`).
const BYTES_PER_SAMPLE: u64 = 8;

impl<F: NetworkPrecision> Network<F> {
    /// `steps` more steps from the current step index must end at an index that fits in a
    /// `u64`.
    pub(crate) fn check_run_length(&self, steps: u64) -> Result<(), DynError> {
        match self.next_step.checked_add(steps) {
            Some(_) => Ok(()),
            None => Err(DynError::invalid(
                "steps",
                format!("{steps} from step {}", self.next_step),
                "must end at a step index below 2^64",
            )),
        }
    }

    /// What [`reserve_monitors`](Self::reserve_monitors)`(steps, expected_spikes)` would
    /// allocate must fit in the available memory.
    pub(crate) fn check_monitor_reservation(
        &self,
        steps: u64,
        expected_spikes: usize,
    ) -> Result<(), DynError> {
        // counting monitors keep no spike
        let keeping = self.spike_monitors.iter().filter(|(_, m)| m.keeps_spikes()).count();
        let spikes = (expected_spikes as u64)
            .checked_mul(BYTES_PER_SPIKE)
            .and_then(|bytes| bytes.checked_mul(keeping as u64));
        let traces = self.traces.iter().try_fold(0u64, |sum, trace| {
            let monitor = trace.monitor();
            let (every, neurons) = (monitor.every(), monitor.neurons().len());
            steps
                .div_ceil(every)
                .checked_mul(neurons as u64)?
                .checked_mul(BYTES_PER_SAMPLE)
                .and_then(|bytes| sum.checked_add(bytes))
        });
        let total = spikes.zip(traces).and_then(|(a, b)| a.checked_add(b));
        let what = format!("a monitor reservation of {steps} steps and {expected_spikes} spikes");
        check_memory(&what, total)
    }
}
