//! The step at which a time falls due.

use core::ops::Range;

use neurodim_units::{DisplayField, Time};

use crate::DynError;

/// How far past a step boundary, in steps, a time may lie and still count as on it.
///
/// A time meant to lie on a boundary, written `4.9 * ms` with `dt = 0.1 * ms`, divides to
/// `49.00000000000001` in floating point, and a bare `ceil` would move it to step 50; the same
/// rounding makes `49.0 * dt >= 4.9 * ms` false. 10⁻⁶ of a step (0.1 ps at `dt = 0.1 ms`) is far
/// above that rounding error for any run shorter than 10⁹ steps, and far below any physical
/// timescale.
pub(crate) const BOUNDARY_TOLERANCE: f64 = 1e-6;

/// The first step `i` whose start `t = i · dt` is at or after `time`:
/// `i = ⌈time / dt − 10⁻⁶⌉`, at least 0; `+∞` gives `u64::MAX` (never).
///
/// `time` must not be NaN and `dt` must be positive (both are validated where they enter).
pub(crate) fn first_step_at_or_after(time: Time, dt: Time) -> u64 {
    // `as` saturates: negative values become 0 and +∞ becomes u64::MAX.
    (time.value / dt.value - BOUNDARY_TOLERANCE).ceil() as u64
}

/// The steps in which something on from `start` until `end` is on:
/// `first_step_at_or_after(start)..first_step_at_or_after(end)`.
pub(crate) fn steps_between(start: Time, end: Time, dt: Time) -> Range<u64> {
    first_step_at_or_after(start, dt)..first_step_at_or_after(end, dt)
}

/// An end time, which must lie after `start` (`+∞`, never ending, is allowed; NaN is not).
pub(crate) fn end_after(param: &'static str, end: Time, start: Time) -> Result<Time, DynError> {
    if end > start {
        Ok(end)
    } else {
        Err(DynError::invalid(
            param,
            format_args!("{} (start {})", end.display(), start.display()),
            "must be after the start",
        ))
    }
}

#[cfg(test)]
mod tests {
    use neurodim_units::*;

    use super::*;

    /// Times written as k · 0.1 ms fall due at step k exactly, although for many k the float
    /// comparison `k · dt >= time` is false (k = 49 is one; see `BOUNDARY_TOLERANCE`).
    #[test]
    fn boundary_times_fall_due_at_their_step() {
        let dt = 0.1 * ms;
        assert!((49.0 * dt) < 4.9 * ms, "the float rounding this rule exists for");
        for k in 0..20_000u64 {
            let time = (k as f64 / 10.0) * ms;
            assert_eq!(first_step_at_or_after(time, dt), k, "time {} ms", k as f64 / 10.0);
        }
    }

    #[test]
    fn times_between_boundaries_round_up() {
        let dt = 0.1 * ms;
        assert_eq!(first_step_at_or_after(0.25 * ms, dt), 3);
        assert_eq!(first_step_at_or_after(0.3001 * ms, dt), 4);
        assert_eq!(
            first_step_at_or_after(Time::new::<uom::si::time::second>(f64::INFINITY), dt),
            u64::MAX
        );
    }
}
