//! Monitors: what a run records for later analysis — spikes (neuron index and time), sampled
//! state traces, population rates.
//!
//! Each monitor is fed once per step, after the neurons have updated, through one method,
//! `record(&StepContext, &[value])`, with the whole population's vector; it keeps what it was
//! asked to keep. Monitors require consecutive steps with one `dt`, so every recorded time is
//! exactly `step · dt` (the `t` that [`Environment::step`](neurodim_state::Environment::step)
//! gives). Results are typed: times are [`Time`](neurodim_units::Time), rates
//! [`Frequency`](neurodim_units::Frequency), traces the state's own quantity; neuron indices are
//! `u32`. Storage grows geometrically and can be reserved up front, so a step allocates nothing.
//!
//! - [`SpikeMonitor`]: spike indices and steps/times, counts per neuron, mean rate over a window;
//! - [`StateMonitor`]: a state's values for chosen neurons every `k` steps;
//! - [`StateTrace`]: a network's state recorded by its path (`"E.w"`, `"EE.syn.h"`), in SI
//!   units with the state's dimension, read back as its quantity;
//! - [`PopulationRateMonitor`]: `spikes / (n · dt)` per step, with a sliding-window smoothing.
//!
//! ```
//! use neurodim_dyn::prelude::*;
//! use neurodim_state::prelude::*;
//! use neurodim_units::prelude::*;
//!
//! let env = Environment::new(0.1 * ms)?;
//! let mut spikes = SpikeMonitor::new(2)?;
//! let mut v_trace = StateMonitor::<Voltage>::new(2, &[0], 10)?;
//! let mut rate = PopulationRateMonitor::new(2)?;
//! for i in 0..100 {
//!     let ctx = env.step(i);
//!     let v = [-65.0 * mV, -60.0 * mV];
//!     let fired = [i == 42, false];
//!     spikes.record(&ctx, &fired)?;
//!     v_trace.record(&ctx, &v)?;
//!     rate.record(&ctx, &fired)?;
//! }
//! assert_eq!(spikes.spike_steps(), &[42]);
//! assert_eq!(v_trace.num_samples(), 10);
//! assert_eq!(rate.rates().len(), 100);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod clock;
mod population_rate;
mod recording_window;
mod sample_schedule;
mod selection;
mod spike;
mod state;
mod state_trace;
mod weight_changes;

pub use population_rate::PopulationRateMonitor;
pub use recording_window::RecordingWindow;
pub use sample_schedule::SampleSchedule;
pub(crate) use selection::extend_fired;
pub use spike::SpikeMonitor;
pub use state::StateMonitor;
pub use state_trace::StateTrace;
pub use weight_changes::WeightChanges;
