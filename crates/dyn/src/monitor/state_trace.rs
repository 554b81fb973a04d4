use neurodim_state::{StateValue, ValueType};

use super::StateMonitor;
use crate::DynError;

/// The recording of one state of a model, named by its path (`"E.w"`, `"EE.syn.h"`): the
/// samples as a [`StateMonitor`] of `f64` in SI base units (booleans as 0 or 1), with the
/// state's path and [`ValueType`], so that the numbers keep their unit.
///
/// [`Network::monitor_state`](crate::network::Network::monitor_state) records one for any
/// state of real or boolean values; [`to_monitor`](Self::to_monitor) reads it back as the
/// state's own quantity, and refuses a quantity of another dimension. Converting SI `f64` to a
/// quantity keeps every bit, so the values read are exactly those the state held.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::StateValue;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let e = net.add_population("E", AdEx::new(2, AdExParams::default())?)?;
/// net.set_current(e, 1.0 * nA)?;
/// let w = net.monitor_state("E.w", &[1], 5)?;
/// net.init(0)?;
/// net.run(20)?;
/// let trace = net.state_trace(w)?;
/// assert_eq!(trace.path(), "E.w");
/// assert_eq!(trace.value_type(), <Current as StateValue>::VALUE_TYPE);
/// let w_values: Vec<Current> = trace.to_monitor::<Current>()?.trace(0).collect();
/// assert_eq!(w_values.len(), 4); // steps 0, 5, 10, 15
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct StateTrace {
    path: String,
    value_type: ValueType,
    monitor: StateMonitor<f64>,
}

impl StateTrace {
    /// A recording of the state at `path` whose values are of `value_type`, sampled by
    /// `monitor` in SI base units.
    pub(crate) fn new(path: String, value_type: ValueType, monitor: StateMonitor<f64>) -> Self {
        StateTrace { path, value_type, monitor }
    }

    /// The recorded state's path, e.g. `"E.V"`.
    ///
    /// See [`StateTrace`] for an example.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What the recorded state holds: real values of an SI dimension, or booleans.
    ///
    /// See [`StateTrace`] for an example.
    pub fn value_type(&self) -> ValueType {
        self.value_type
    }

    /// The samples in SI base units (booleans as 0 or 1): sample steps, times, recorded
    /// indices and values, whatever the state's unit.
    pub fn si(&self) -> &StateMonitor<f64> {
        &self.monitor
    }

    /// The samples as the quantity `Q` (`Voltage`, `Current`, `Conductance`, `f64` for a
    /// dimensionless state, `bool` for a boolean one); an error if `Q` is not of the recorded
    /// state's [`value_type`](Self::value_type), so that a value is never read as another
    /// dimension.
    ///
    /// See [`StateTrace`] for an example.
    pub fn to_monitor<Q: StateValue>(&self) -> Result<StateMonitor<Q>, DynError> {
        if Q::VALUE_TYPE != self.value_type {
            return Err(DynError::invalid(
                "quantity read from a trace",
                format!("{} for {:?} of {}", Q::VALUE_TYPE, self.path, self.value_type),
                "must be of the recorded state's dimension",
            ));
        }
        Ok(self.monitor.map_values(Q::from_si))
    }

    /// The monitor that records the samples.
    pub(crate) fn monitor_mut(&mut self) -> &mut StateMonitor<f64> {
        &mut self.monitor
    }

    /// The path and the monitor at once, to walk to the state while recording it.
    pub(crate) fn path_and_monitor_mut(&mut self) -> (&str, &mut StateMonitor<f64>) {
        (&self.path, &mut self.monitor)
    }
}

#[cfg(test)]
mod tests {
    use crate::network::Network;
    use crate::neuron::{AdEx, AdExParams, Lif, LifParams};
    use neurodim_units::prelude::*;

    #[test]
    fn si_holds_the_samples_in_si_units() -> Result<(), Box<dyn std::error::Error>> {
        let mut net = Network::new(0.1 * ms)?;
        let params = LifParams { v_rest: -65.0 * mV, ..LifParams::default() };
        net.add_population("E", Lif::new(3, params)?)?;
        let v = net.monitor_state("E.V", &[2], 10)?;
        net.init(0)?;
        net.run(20)?;
        let si = net.state_trace(v).unwrap().si();
        assert_eq!(si.sample_steps().collect::<Vec<_>>(), [0, 10]);
        assert_eq!(si.neurons(), &[2]);
        Ok(())
    }

    #[test]
    fn a_current_is_not_read_as_a_voltage() -> Result<(), Box<dyn std::error::Error>> {
        let mut net = Network::new(0.1 * ms)?;
        let e = net.add_population("E", AdEx::new(2, AdExParams::default())?)?;
        net.set_current(e, 1.0 * nA)?;
        let w = net.monitor_state("E.w", &[1], 5)?;
        net.init(0)?;
        net.run(20)?;
        let trace = net.state_trace(w)?;
        assert!(trace.to_monitor::<Current>().is_ok());
        assert!(trace.to_monitor::<Voltage>().is_err()); // w is a current, not a voltage
        Ok(())
    }
}
