//! NEST's `spike_generator`.

use core::hash::Hasher;

use neurodim_state::{Stateful, Visit, VisitMut};
use neurodim_units::validate::{finite_number, non_negative};
use neurodim_units::{DisplayField, Time};

use super::activity_window::{ActivityWindow, WindowSteps};
use super::grid_time::grid_steps;
use super::spike_device::{DeviceSpike, Emission, SpikeDevice};
use super::waveform::hash_debug;
use crate::DynError;

/// NEST's `spike_generator`: spikes at given times, sent to every target, each with an
/// optional multiplicity (`spike_multiplicities`: one event that counts `m` times, `m · w` at
/// the target) and an optional weight factor (`spike_weights`: the delivered weight is
/// `spike_weight · w` for the connection weight `w`, routed to a model's port by its sign).
///
/// NEST's rules (precise_times False, `benches/peers/nest/zoo_semantics.md` §8): times sorted
/// in non-descending order ("Spike times must be sorted in non-descending order."); a time of
/// 0 is refused ("spike time cannot be set to 0.") unless `shift_now_spikes`, which moves it
/// one step later; each time on the grid of `dt`, within half a tic of 1 µs (`1.0000000001
/// ms` is 1 ms), or refused ("… is not representable in current resolution.") unless
/// `allow_offgrid_times`, which rounds it **up** to the grid (1.03 ms → 1.1 ms at
/// `dt = 0.1 ms`); `spike_weights` and `spike_multiplicities` empty or one per spike.
/// `precise_times` True (off-grid offsets for NEST's precise models) is not implemented and
/// refused. Duplicate times are separate spikes, summed at the target.
///
/// Timing: a spike at `t` has NEST's stamp `n = t/h` (after `origin`): it is sent by the
/// update from `(n − 1)·h` to `n·h`, step `n − 1`, if `t_min < n ≤ t_max` — the spikes in
/// `(start, stop]` — and acts on the targets in step `n − 1 + D` for a delay of `D` steps.
/// (Unlike [`SpikeTime`](super::SpikeTime), which emits a spike in the step that *starts* at
/// or after its time, one flag per neuron.)
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // NEST's spike_generator case of nest_zoo.json: spikes at 1.0, 2.5, 2.5, 5.0 ms with
/// // multiplicities 1, 2, 3, 1, weight 1 mV, delay 1 ms, onto an integrating iaf_psc_delta
/// let params = IafPscDeltaParams {
///     tau_m: 1e9 * ms, v_th: 1e9 * mV, e_l: 0.0 * mV, v_reset: -1.0 * mV,
///     ..IafPscDeltaParams::default()
/// };
/// let mut net = Network::new(0.1 * ms)?;
/// let cell = net.add_population("cell", IafPscDelta::new(1, params)?)?;
/// let times = vec![1.0 * ms, 2.5 * ms, 2.5 * ms, 5.0 * ms];
/// let generator = SpikeGenerator::new(times)?.with_multiplicities(vec![1, 2, 3, 1])?;
/// net.spike_device("sg", generator, cell).weight(1.0 * mV).delay(1.0 * ms).add()?;
/// net.init(0)?;
/// net.run(35)?; // to NEST's stamp 3.5 ms: the spikes stamped 1.0 (+1 mV) and 2.5 ms (+5 mV)
/// assert!((net.neurons(cell)?.v()[0].value_in(mV) - 6.0).abs() < 1e-6);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SpikeGenerator {
    spike_times: Vec<Time>,
    multiplicities: Vec<u32>,
    weights: Vec<f64>,
    allow_offgrid_times: bool,
    shift_now_spikes: bool,
    window: ActivityWindow,
    /// From [`prepare`](SpikeDevice::prepare).
    prepared: Option<SpikeSchedule>,
}

/// The spikes by stamp: `spikes[k]` has the stamp `stamps[k]` (origin included, ascending).
#[derive(Debug, Clone, PartialEq)]
struct SpikeSchedule {
    window: WindowSteps,
    stamps: Vec<u64>,
    spikes: Vec<DeviceSpike>,
}

impl SpikeGenerator {
    /// Spikes at `spike_times` (finite, ≥ 0, in non-descending order), of multiplicity 1
    /// and weight factor 1, always active. The times are checked against the resolution when
    /// the generator is added to a network.
    ///
    /// See [`SpikeGenerator`] for an example.
    pub fn new(spike_times: Vec<Time>) -> Result<Self, DynError> {
        for (k, &t) in spike_times.iter().enumerate() {
            non_negative("spike_times", t)?;
            if k > 0 && spike_times[k - 1] > t {
                let shown =
                    format!("{} after {} (spike {k})", t.display(), spike_times[k - 1].display());
                return Err(DynError::invalid(
                    "spike_times",
                    shown,
                    "Spike times must be sorted in non-descending order.",
                ));
            }
        }
        Ok(SpikeGenerator {
            spike_times,
            multiplicities: Vec::new(),
            weights: Vec::new(),
            allow_offgrid_times: false,
            shift_now_spikes: false,
            window: ActivityWindow::default(),
            prepared: None,
        })
    }

    /// NEST's `spike_multiplicities`: one per spike, or none (all 1).
    pub fn with_multiplicities(self, multiplicities: Vec<u32>) -> Result<Self, DynError> {
        self.check_per_spike("spike_multiplicities", multiplicities.len())?;
        Ok(SpikeGenerator { multiplicities, prepared: None, ..self })
    }

    /// NEST's `spike_weights`: a finite factor of the connection weight per spike, or none
    /// (all 1).
    pub fn with_weights(self, weights: Vec<f64>) -> Result<Self, DynError> {
        self.check_per_spike("spike_weights", weights.len())?;
        for &w in &weights {
            finite_number("spike_weights", w)?;
        }
        Ok(SpikeGenerator { weights, prepared: None, ..self })
    }

    /// NEST's `allow_offgrid_times`: a spike time off the grid is rounded up to it (`true`)
    /// rather than refused (`false`, the default).
    pub fn with_allow_offgrid_times(self, allow: bool) -> Self {
        SpikeGenerator { allow_offgrid_times: allow, prepared: None, ..self }
    }

    /// NEST's `shift_now_spikes`: a spike at time 0 (the start of the run) is sent one step
    /// later (`true`) rather than refused (`false`, the default).
    pub fn with_shift_now_spikes(self, shift: bool) -> Self {
        SpikeGenerator { shift_now_spikes: shift, prepared: None, ..self }
    }

    /// NEST's `precise_times`: `false` (the default) is accepted; `true` — spike times off the
    /// grid kept as offsets for NEST's precise models — is not implemented and refused.
    pub fn with_precise_times(self, precise: bool) -> Result<Self, DynError> {
        if precise {
            return Err(DynError::invalid(
                "precise_times",
                "true",
                "is not implemented: spikes are on the grid (NEST's default, false); \
                 allow_offgrid_times rounds times up to it",
            ));
        }
        Ok(self)
    }

    /// The same generator, active in `window`; NEST's `origin` moves the spike times too.
    pub fn with_window(self, window: ActivityWindow) -> Self {
        SpikeGenerator { window, prepared: None, ..self }
    }

    /// A list of one value per spike, or none (NEST's rule for `spike_weights` and
    /// `spike_multiplicities`).
    fn check_per_spike(&self, what: &'static str, len: usize) -> Result<(), DynError> {
        if len == 0 || len == self.spike_times.len() {
            return Ok(());
        }
        Err(DynError::invalid(
            what,
            format_args!("{len} values for {} spike times", self.spike_times.len()),
            "must have the same number of elements as spike_times, or 0 elements",
        ))
    }
}

impl SpikeDevice for SpikeGenerator {
    fn model(&self) -> &'static str {
        "spike_generator"
    }

    fn prepare(&mut self, dt: Time) -> Result<(), DynError> {
        let window = self.window.steps(dt)?;
        let rule = "is not representable in current resolution (NEST's rule; \
                    allow_offgrid_times rounds it up)";
        let mut stamps = Vec::with_capacity(self.spike_times.len());
        for (k, &t) in self.spike_times.iter().enumerate() {
            if t.value == 0.0 && !self.shift_now_spikes {
                let shown = format!("{} (spike {k})", t.display());
                return Err(DynError::invalid(
                    "spike_times",
                    shown,
                    "spike time cannot be set to 0. (NEST's rule; shift_now_spikes sends it at h)",
                ));
            }
            let which = format_args!("spike {k}");
            let stamp = grid_steps("spike_times", (t, which), dt, self.allow_offgrid_times, rule)?;
            // NEST moves a spike at the current time (0: the run has not started) one step on
            let now = window.origin + stamp == 0;
            let shifted = if now && self.shift_now_spikes { 1 } else { stamp };
            stamps.push(window.origin + shifted);
        }
        let spikes = (0..stamps.len())
            .map(|k| DeviceSpike {
                multiplicity: self.multiplicities.get(k).copied().unwrap_or(1),
                weight: self.weights.get(k).copied().unwrap_or(1.0),
            })
            .collect();
        self.prepared = Some(SpikeSchedule { window, stamps, spikes });
        Ok(())
    }

    fn emission(&mut self, step: u64) -> Emission<'_> {
        let Some(SpikeSchedule { window, stamps, spikes }) = &self.prepared else {
            return Emission::Nothing;
        };
        // the spikes stamped `step + 1` are sent by this step (stamps ascend: one run)
        let stamp = step + 1;
        let first = stamps.partition_point(|&n| n < stamp);
        let end = stamps.partition_point(|&n| n <= stamp);
        if first == end || !window.contains(stamp) {
            return Emission::Nothing;
        }
        Emission::Spikes(&spikes[first..end])
    }

    fn hash_parameters(&self, hasher: &mut dyn Hasher) {
        let Self {
            spike_times,
            multiplicities,
            weights,
            allow_offgrid_times,
            shift_now_spikes,
            window,
            ..
        } = self;
        let flags = (allow_offgrid_times, shift_now_spikes);
        hash_debug(&(spike_times, multiplicities, weights, flags, window), hasher);
    }
}

/// No state: what it sends depends on the step alone.
impl Stateful for SpikeGenerator {
    fn visit_states(&self, _: &mut Visit<'_>) {}

    fn visit_states_mut(&mut self, _: &mut VisitMut<'_>) {}
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use super::*;

    /// The steps that send a spike, with its multiplicity.
    fn sent(generator: &mut SpikeGenerator, steps: u64) -> Vec<(u64, u32)> {
        let mut sent = Vec::new();
        for s in 0..steps {
            if let Emission::Spikes(spikes) = generator.emission(s) {
                sent.extend(spikes.iter().map(|spike| (s, spike.multiplicity)));
            }
        }
        sent
    }

    fn prepared(generator: SpikeGenerator) -> Result<SpikeGenerator, DynError> {
        let mut generator = generator;
        generator.prepare(0.1 * ms)?;
        Ok(generator)
    }

    /// The `spike_generator` cases `allow_offgrid_times`, `shift_now_spikes` and
    /// `on_grid_tolerance` of `nest_zoo.json` (NEST 3.10): their emission stamps.
    #[test]
    fn nest_grid_rules() -> Result<(), DynError> {
        let ms_times = |ts: &[f64]| ts.iter().map(|&t| t * ms).collect::<Vec<_>>();
        let mut offgrid = prepared(
            SpikeGenerator::new(ms_times(&[1.03, 2.05, 3.0]))?.with_allow_offgrid_times(true),
        )?;
        let stamps: Vec<u64> = sent(&mut offgrid, 50).iter().map(|(s, _)| s + 1).collect();
        assert_eq!(stamps, [11, 21, 30]);
        let mut shifted =
            prepared(SpikeGenerator::new(ms_times(&[0.0, 1.0]))?.with_shift_now_spikes(true))?;
        let stamps: Vec<u64> = sent(&mut shifted, 50).iter().map(|(s, _)| s + 1).collect();
        assert_eq!(stamps, [1, 10]);
        let mut tolerant =
            prepared(SpikeGenerator::new(ms_times(&[0.30000000000000004, 1.0000000001]))?)?;
        let stamps: Vec<u64> = sent(&mut tolerant, 50).iter().map(|(s, _)| s + 1).collect();
        assert_eq!(stamps, [3, 10]);
        Ok(())
    }

    /// The refusals of the `spike_generator` case of `nest_zoo.json`, with NEST's messages in
    /// the rules.
    #[test]
    fn nest_refusals() -> Result<(), DynError> {
        let e = prepared(SpikeGenerator::new(vec![1.03 * ms])?).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid spike_times: 1.03 ms (spike 0, resolution 0.1 ms) (is not representable in \
             current resolution (NEST's rule; allow_offgrid_times rounds it up))"
        );
        let e = prepared(SpikeGenerator::new(vec![0.0 * ms])?).unwrap_err();
        assert!(e.to_string().contains("spike time cannot be set to 0."), "{e}");
        let e = SpikeGenerator::new(vec![2.0 * ms, 1.0 * ms]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid spike_times: 1 ms after 2 ms (spike 1) (Spike times must be sorted in \
             non-descending order.)"
        );
        let e = SpikeGenerator::new(vec![1.0 * ms])?.with_weights(vec![1.0, 2.0]).unwrap_err();
        assert_eq!(e.param(), Some("spike_weights"));
        let e = SpikeGenerator::new(vec![1.0 * ms])?.with_multiplicities(vec![1, 2]).unwrap_err();
        assert_eq!(e.param(), Some("spike_multiplicities"));
        let e = SpikeGenerator::new(vec![1.0 * ms])?.with_precise_times(true).unwrap_err();
        assert_eq!(e.param(), Some("precise_times"));
        assert!(SpikeGenerator::new(vec![1.0 * ms])?.with_precise_times(false).is_ok());
        Ok(())
    }

    /// The window (start, stop] on the stamps, moved by the origin, as in the
    /// `activity_windows` case of `nest_zoo.json`; equal times stay separate spikes.
    #[test]
    fn window_origin_and_duplicates() -> Result<(), DynError> {
        let times = [1.9, 2.0, 2.1, 2.9, 3.0, 3.1].iter().map(|&t| t * ms).collect();
        let window = ActivityWindow::new(2.0 * ms, 3.0 * ms)?;
        let mut generator = prepared(SpikeGenerator::new(times)?.with_window(window))?;
        let stamps: Vec<u64> = sent(&mut generator, 50).iter().map(|(s, _)| s + 1).collect();
        assert_eq!(stamps, [21, 29, 30]);
        let moved = window.with_origin(1.0 * ms)?;
        let mut generator =
            prepared(SpikeGenerator::new(vec![2.5 * ms, 2.5 * ms])?.with_window(moved))?;
        assert_eq!(sent(&mut generator, 50), [(34, 1), (34, 1)]); // stamp 3.5 ms
        Ok(())
    }
}
