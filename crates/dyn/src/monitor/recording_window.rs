use core::ops::Range;

use neurodim_units::Time;

use crate::DynError;
use crate::input::ActivityWindow;

/// The steps a monitor records: `first ≤ step < end` (all by default).
///
/// [`RecordingWindow::nest`] states it as NEST's recording devices do: with `start`, `stop`
/// and `origin` (ms, multiples of the resolution), a `spike_recorder` or `multimeter` keeps
/// what is stamped in `(origin + start, origin + stop]`. NEST stamps a spike, or a sample of
/// the state after an update, at the *end* of its step, so the window holds the steps
/// `origin + start ≤ step < origin + stop` (in steps of `dt`).
///
/// ```
/// use neurodim_dyn::input::ActivityWindow;
/// use neurodim_dyn::monitor::RecordingWindow;
/// use neurodim_units::prelude::*;
/// // NEST: start 2 ms, stop 3 ms at h = 0.1 ms keeps the stamps 2.1 … 3.0 ms
/// let window = RecordingWindow::nest(&ActivityWindow::new(2.0 * ms, 3.0 * ms)?, 0.1 * ms)?;
/// assert_eq!(window.steps(), 20..30);
/// assert!(window.contains(20) && !window.contains(30));
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingWindow {
    steps: Range<u64>,
}

impl Default for RecordingWindow {
    fn default() -> Self {
        RecordingWindow::all()
    }
}

impl RecordingWindow {
    /// Every step.
    pub fn all() -> Self {
        RecordingWindow { steps: 0..u64::MAX }
    }

    /// The steps `steps.start ≤ step < steps.end` (an empty range records nothing).
    pub fn steps_from(steps: Range<u64>) -> Self {
        RecordingWindow { steps }
    }

    /// NEST's window of a recording device at the resolution `dt`: with NEST's `start`, `stop`
    /// and `origin` ([`ActivityWindow`]), the stamps in `(origin + start, origin + stop]`, i.e.
    /// the steps `origin + start ≤ step < origin + stop`. Each time must be a multiple of `dt`
    /// (NEST's rule, within half a µs, NEST's tic).
    pub fn nest(window: &ActivityWindow, dt: Time) -> Result<Self, DynError> {
        Ok(RecordingWindow { steps: window.steps(dt)?.half_open() })
    }

    /// The steps recorded.
    pub fn steps(&self) -> Range<u64> {
        self.steps.clone()
    }

    /// Whether `step` is recorded.
    #[inline]
    pub fn contains(&self, step: u64) -> bool {
        self.steps.contains(&step)
    }
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use super::RecordingWindow;
    use crate::input::ActivityWindow;

    /// NEST 3.10 (zoo_semantics.md §4, the `recorders` case of nest_zoo.json): origin 1,
    /// start 1, stop 2 keeps the stamps (2, 3] ms.
    #[test]
    fn origin_shifts_the_window() -> Result<(), Box<dyn std::error::Error>> {
        let window = ActivityWindow::new(1.0 * ms, 2.0 * ms)?.with_origin(1.0 * ms)?;
        assert_eq!(RecordingWindow::nest(&window, 0.2 * ms)?.steps(), 10..15);
        let unbounded = RecordingWindow::nest(&ActivityWindow::default(), 0.1 * ms)?;
        assert_eq!(unbounded.steps(), 0..u64::MAX);
        Ok(())
    }

    #[test]
    fn times_off_the_grid_are_refused_by_name() -> Result<(), Box<dyn std::error::Error>> {
        let window = ActivityWindow::new(0.25 * ms, 1.0 * ms)?;
        let error = RecordingWindow::nest(&window, 0.1 * ms).unwrap_err();
        assert_eq!(error.param(), Some("start"));
        Ok(())
    }
}
