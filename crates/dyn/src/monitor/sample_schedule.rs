use neurodim_units::{DisplayField, Time};

use super::RecordingWindow;
use crate::DynError;
use crate::kernel::{nest_grid_steps, nest_steps};

/// The steps at which a [`StateMonitor`](super::StateMonitor) samples: every `every` steps
/// from step `first` on, within a [`RecordingWindow`].
///
/// [`SampleSchedule::every`] is the plain schedule, steps `0, k, 2k, …`;
/// [`SampleSchedule::nest_multimeter`] samples as NEST's `multimeter` does with its `interval`
/// and `offset`. A sample of step `i` holds the state after the update of step `i`, which NEST
/// stamps `(i + 1)·dt`.
///
/// ```
/// use neurodim_dyn::input::ActivityWindow;
/// use neurodim_dyn::monitor::{RecordingWindow, SampleSchedule};
/// use neurodim_units::prelude::*;
/// // NEST: interval 0.5 ms, offset 0.3 ms samples the stamps 0.3, 0.8, 1.3 … ms
/// let schedule = SampleSchedule::nest_multimeter(0.5 * ms, 0.3 * ms, 0.1 * ms)?;
/// assert_eq!((schedule.first(), schedule.every_steps()), (2, 5)); // steps 2, 7, 12 …
/// assert!(schedule.samples(7) && !schedule.samples(8));
/// // … and only the stamps (2, 3] ms with start 2 ms, stop 3 ms
/// let window = RecordingWindow::nest(&ActivityWindow::new(2.0 * ms, 3.0 * ms)?, 0.1 * ms)?;
/// let schedule = schedule.within(window);
/// assert!(!schedule.samples(17) && schedule.samples(22));
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleSchedule {
    every: u64,
    first: u64,
    window: RecordingWindow,
}

impl SampleSchedule {
    /// The steps `0, every, 2·every, …` (`every ≥ 1`).
    pub fn every(every: u64) -> Result<Self, DynError> {
        if every == 0 {
            return Err(DynError::invalid("every", every, "must be >= 1"));
        }
        Ok(SampleSchedule { every, first: 0, window: RecordingWindow::all() })
    }

    /// NEST's `multimeter` at the resolution `dt`: the stamps `interval, 2·interval, …` (none
    /// at 0), or with an `offset` the stamps `offset, offset + interval, …` — the steps one
    /// before. NEST's rules: `interval` at least `dt` and a multiple of it; an `offset` other
    /// than 0 at least `dt`, rounded *up* to the grid (0.15 ms is 0.2 ms at `dt` = 0.1 ms).
    /// (NEST hands a slice's samples to the multimeter only at the next slice, so after
    /// `Simulate(T)` it holds the stamps up to `T − min_delay`; here every sample is kept.)
    pub fn nest_multimeter(interval: Time, offset: Time, dt: Time) -> Result<Self, DynError> {
        if interval < dt {
            return Err(DynError::invalid(
                "interval",
                format!("{} (resolution {})", interval.display(), dt.display()),
                "must be at least the resolution",
            ));
        }
        let every = nest_grid_steps(interval, dt).ok_or_else(|| {
            DynError::invalid(
                "interval",
                format!("{} (resolution {})", interval.display(), dt.display()),
                "must be a multiple of the resolution",
            )
        })?;
        let first_stamp = if offset.value == 0.0 {
            every
        } else if offset >= dt && offset.value.is_finite() {
            nest_steps(offset, dt)
        } else {
            return Err(DynError::invalid(
                "offset",
                format!("{} (resolution {})", offset.display(), dt.display()),
                "must be 0 or at least the resolution",
            ));
        };
        Ok(SampleSchedule { every, first: first_stamp - 1, window: RecordingWindow::all() })
    }

    /// The same schedule, sampling only within `window`.
    pub fn within(self, window: RecordingWindow) -> Self {
        SampleSchedule { window, ..self }
    }

    /// The steps between samples.
    pub fn every_steps(&self) -> u64 {
        self.every
    }

    /// The first step the schedule samples (before the window applies).
    pub fn first(&self) -> u64 {
        self.first
    }

    /// The window.
    pub fn window(&self) -> &RecordingWindow {
        &self.window
    }

    /// Whether step `step` is sampled.
    #[inline]
    pub fn samples(&self, step: u64) -> bool {
        step >= self.first
            && (step - self.first).is_multiple_of(self.every)
            && self.window.contains(step)
    }

    /// The first sampled step at or after `step`, if any.
    pub fn next_sample(&self, step: u64) -> Option<u64> {
        let from = step.max(self.first).max(self.window.steps().start);
        let next = self.first.checked_add((from - self.first).div_ceil(self.every) * self.every)?;
        self.window.contains(next).then_some(next)
    }
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use super::SampleSchedule;
    use crate::monitor::RecordingWindow;

    /// The stamps NEST 3.10's multimeter records (the `recorders` case of nest_zoo.json), as
    /// steps + 1.
    #[test]
    fn stamps_as_nest_samples_them() -> Result<(), Box<dyn std::error::Error>> {
        let stamps = |schedule: &SampleSchedule, steps: u64| -> Vec<u64> {
            (0..steps).filter(|&s| schedule.samples(s)).map(|s| s + 1).collect()
        };
        let dt = 0.1 * ms;
        let interval_1 = SampleSchedule::nest_multimeter(1.0 * ms, 0.0 * ms, dt)?;
        assert_eq!(stamps(&interval_1, 35), [10, 20, 30]);
        let offset_2_5 = SampleSchedule::nest_multimeter(1.0 * ms, 2.5 * ms, dt)?;
        assert_eq!(stamps(&offset_2_5, 50), [25, 35, 45]);
        let offset_0_15 = SampleSchedule::nest_multimeter(1.0 * ms, 0.15 * ms, dt)?;
        assert_eq!(stamps(&offset_0_15, 25), [2, 12, 22]);
        let window =
            crate::input::ActivityWindow::new(1.0 * ms, 2.0 * ms)?.with_origin(1.0 * ms)?;
        let window = RecordingWindow::nest(&window, 0.2 * ms)?;
        let windowed =
            SampleSchedule::nest_multimeter(0.2 * ms, 0.0 * ms, 0.2 * ms)?.within(window);
        assert_eq!(stamps(&windowed, 40), [11, 12, 13, 14, 15]);
        assert_eq!(windowed.next_sample(0), Some(10));
        assert_eq!(windowed.next_sample(15), None);
        Ok(())
    }

    #[test]
    fn nest_rules_are_refused_by_name() {
        let dt = 0.1 * ms;
        let error = |interval, offset| {
            SampleSchedule::nest_multimeter(interval, offset, dt).unwrap_err().to_string()
        };
        assert_eq!(
            error(0.05 * ms, 0.0 * ms),
            "invalid interval: 0.05 ms (resolution 0.1 ms) (must be at least the resolution)"
        );
        assert_eq!(
            error(0.25 * ms, 0.0 * ms),
            "invalid interval: 0.25 ms (resolution 0.1 ms) (must be a multiple of the resolution)"
        );
        assert_eq!(
            error(1.0 * ms, 0.05 * ms),
            "invalid offset: 0.05 ms (resolution 0.1 ms) (must be 0 or at least the resolution)"
        );
        assert_eq!(
            SampleSchedule::every(0).unwrap_err().to_string(),
            "invalid every: 0 (must be >= 1)"
        );
    }
}
