use core::ops::Range;

use neurodim_units::{DisplayField, Time};

use crate::DynError;
use crate::kernel::nest_grid_steps;

/// The steps a monitor records: `first ≤ step < end` (all by default).
///
/// [`RecordingWindow::nest`] states it as NEST's recording devices do: with `start`, `stop`
/// and `origin` (ms, multiples of the resolution), a `spike_recorder` or `multimeter` keeps
/// what is stamped in `(origin + start, origin + stop]`. NEST stamps a spike, or a sample of
/// the state after an update, at the *end* of its step, so the window holds the steps
/// `origin + start ≤ step < origin + stop` (in steps of `dt`).
///
/// ```
/// use neurodim_dyn::monitor::RecordingWindow;
/// use neurodim_units::prelude::*;
/// // NEST: start 2 ms, stop 3 ms at h = 0.1 ms keeps the stamps 2.1 … 3.0 ms
/// let window = RecordingWindow::nest(2.0 * ms, Some(3.0 * ms), 0.0 * ms, 0.1 * ms)?;
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

    /// NEST's window of a recording device at the resolution `dt`: the stamps in
    /// `(origin + start, origin + stop]`, i.e. the steps `origin + start ≤ step < origin +
    /// stop`; `stop` `None` is NEST's default, +∞. NEST's rules: each time a multiple of `dt`
    /// (within half a µs, NEST's tic), `stop ≥ start`; neurodim's: `origin` and `start` ≥ 0.
    pub fn nest(start: Time, stop: Option<Time>, origin: Time, dt: Time) -> Result<Self, DynError> {
        let grid = |name: &'static str, t: Time| {
            if t.value < 0.0 {
                return Err(DynError::invalid(name, t.display(), "must be >= 0"));
            }
            nest_grid_steps(t, dt).ok_or_else(|| {
                DynError::invalid(
                    name,
                    format!("{} (resolution {})", t.display(), dt.display()),
                    "must be a multiple of the resolution",
                )
            })
        };
        let (origin_steps, start_steps) = (grid("origin", origin)?, grid("start", start)?);
        let stop_steps = match stop {
            None => None,
            Some(stop) => {
                if stop < start {
                    let shown = format!("{} (start = {})", stop.display(), start.display());
                    return Err(DynError::invalid("stop", shown, "stop >= start required"));
                }
                Some(grid("stop", stop)?)
            }
        };
        let end = stop_steps.map_or(u64::MAX, |stop| origin_steps.saturating_add(stop));
        Ok(RecordingWindow { steps: origin_steps.saturating_add(start_steps)..end })
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

    /// NEST 3.10 (zoo_semantics.md §4, the `recorders` case of nest_zoo.json): origin 1,
    /// start 1, stop 2 keeps the stamps (2, 3] ms.
    #[test]
    fn origin_shifts_the_window() -> Result<(), Box<dyn std::error::Error>> {
        let window = RecordingWindow::nest(1.0 * ms, Some(2.0 * ms), 1.0 * ms, 0.2 * ms)?;
        assert_eq!(window.steps(), 10..15);
        let unbounded = RecordingWindow::nest(0.0 * ms, None, 0.0 * ms, 0.1 * ms)?;
        assert_eq!(unbounded.steps().end, u64::MAX);
        Ok(())
    }

    #[test]
    fn nest_rules_are_refused_by_name() {
        let dt = 0.1 * ms;
        let error = |start, stop, origin| {
            RecordingWindow::nest(start, stop, origin, dt).unwrap_err().to_string()
        };
        assert_eq!(
            error(3.0 * ms, Some(2.0 * ms), 0.0 * ms),
            "invalid stop: 2 ms (start = 3 ms) (stop >= start required)"
        );
        assert_eq!(
            error(0.25 * ms, None, 0.0 * ms),
            "invalid start: 0.25 ms (resolution 0.1 ms) (must be a multiple of the resolution)"
        );
        assert_eq!(error(0.0 * ms, None, -1.0 * ms), "invalid origin: -1 ms (must be >= 0)");
    }
}
