//! Inputs: spike sources and currents that drive populations.
//!
//! - [`SpikeTime`]: spikes at given times, each in the first step with `t ≥` its time.
//! - [`PoissonSpike`]: independent Poisson spike trains at fixed rates.
//! - [`PoissonEncoder`]: Poisson spikes from rates given at each step; [`EncodedRates`] gives
//!   it its rates from a function of the step, as a spike source for a network.
//! - [`PoissonInput`]: `num_input` Poisson sources per target added straight into a state
//!   (V, g), one Binomial count per target and step ([`CountSampler`], [`CountMethod`]).
//! - Current waveforms ([`CurrentWaveform`]): [`ConstantCurrent`], [`StepCurrent`],
//!   [`SectionCurrent`], [`RampCurrent`], [`SineCurrent`], typed over
//!   [`Current`](neurodim_units::Current), [`CurrentDensity`](neurodim_units::CurrentDensity)
//!   or any [`Amplitude`]; [`DelayedCurrent`] delivers any of them as NEST delivers a current
//!   generator's current over a connection delay.
//! - [`NoiseCurrent`]: a Gaussian current drawn independently for every neuron and held for a
//!   fixed interval (NEST's `noise_generator`), added to a population by
//!   [`Network::add_noise_current`](crate::network::Network::add_noise_current).
//!
//! NEST's current generators map to these: `dc_generator` to [`StepCurrent`],
//! `step_current_generator` to [`SectionCurrent`], `ac_generator` to [`SineCurrent`], each
//! wrapped in [`DelayedCurrent::nest`] with the connection's delay; `noise_generator` to
//! [`NoiseCurrent`] with [`NoiseCurrent::with_nest_delay`]. NEST's `origin`, `start` and
//! `stop` of `ac_generator` and `noise_generator` are the `window` ([`ActivityWindow`]) of
//! [`SineCurrentParams`] and [`NoiseCurrentParams`].
//! - NEST's spike generators ([`SpikeDevice`]), which a network connects to a population
//!   ([`Network::spike_device`](crate::network::Network::spike_device)), each target receiving a
//!   count per step (NEST's multiplicity) after NEST's delay: [`PoissonGenerator`],
//!   [`SinusoidalPoissonGenerator`], [`InhomogeneousPoissonGenerator`], [`SpikeGenerator`],
//!   active in an [`ActivityWindow`].
//!
//! Rates enter spike generation only as a [`Probability`](neurodim_units::Probability),
//! `rate · dt`, checked to lie in [0, 1]; a rate too high for the time step is an error
//! naming the rate and `dt`. Every random input draws from a
//! [`StreamRng`](neurodim_state::StreamRng) passed by the caller — the model's own stream,
//! `StreamKey::new(seed, path).rng()` — so a run is reproducible under its seed. Buffers
//! hold `batch × size` values, one item per batch element. No update allocates.
//!
//! ```
//! use neurodim_dyn::prelude::*;
//! use neurodim_state::prelude::*;
//! use neurodim_units::prelude::*;
//!
//! let env = Environment::new(0.1 * ms)?;
//! let stimulus = SpikeTime::new(100, vec![0, 1, 2], vec![1.0 * ms, 2.0 * ms, 3.0 * ms])?;
//! let mut background = PoissonInput::new(100, 500, 8.0 * Hz, 0.25 * mV)?;
//! let mut rng = StreamKey::new(2024, "E.background").rng();
//! let (mut spikes, mut v) = (vec![false; 100], vec![-60.0 * mV; 100]);
//! let mut stimulus_spikes = 0;
//! for i in 0..100 {
//!     let ctx = env.step(i);
//!     stimulus.update(&ctx, &mut spikes)?;
//!     background.update(&ctx, &mut rng, &mut v, None)?;
//!     stimulus_spikes += spikes.iter().filter(|&&spiked| spiked).count();
//! }
//! assert_eq!(stimulus_spikes, 3);
//! // 100 steps of 0.4 inputs of 0.25 mV on average: +10 mV
//! let mean = v.iter().map(|v| v.value_in(mV)).sum::<f64>() / 100.0;
//! assert!((mean + 50.0).abs() < 1.0, "{mean}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod activity_window;
mod batch_items;
mod constant_current;
mod count;
mod delayed_current;
mod encoded_rates;
mod grid_time;
mod inhomogeneous_poisson_generator;
pub(crate) mod noise_current;
mod poisson_blocks;
pub(crate) mod poisson_draw;
mod poisson_encoder;
mod poisson_generator;
mod poisson_input;
mod poisson_lanes;
mod poisson_spike;
mod poisson_table;
mod ramp_current;
mod section_current;
mod sine_current;
mod sinusoidal_poisson_generator;
mod spike_device;
mod spike_generator;
mod spike_time;
mod step_current;
mod timing;
mod waveform;

pub use activity_window::ActivityWindow;
pub use constant_current::ConstantCurrent;
pub use count::{CountMethod, CountSampler, NORMAL_APPROXIMATION_THRESHOLD};
pub use delayed_current::DelayedCurrent;
pub use encoded_rates::EncodedRates;
pub use inhomogeneous_poisson_generator::InhomogeneousPoissonGenerator;
pub use noise_current::{NoiseCurrent, NoiseCurrentParams};
pub use poisson_blocks::POISSON_BLOCK;
pub(crate) use poisson_blocks::{Blocks, block_count, draw_par, shared_par};
pub use poisson_encoder::PoissonEncoder;
pub use poisson_generator::PoissonGenerator;
pub use poisson_input::PoissonInput;
pub use poisson_spike::PoissonSpike;
pub use ramp_current::RampCurrent;
pub use section_current::SectionCurrent;
pub use sine_current::{SineCurrent, SineCurrentParams};
pub use sinusoidal_poisson_generator::SinusoidalPoissonGenerator;
pub use spike_device::{DeviceSpike, Emission, SpikeDevice};
pub use spike_generator::SpikeGenerator;
pub use spike_time::SpikeTime;
pub use step_current::StepCurrent;
pub use waveform::{Amplitude, CurrentWaveform};
