//! NEST's time grid: durations in whole *tics* of 1 µs, rounded to the nearest tic, and
//! counted in steps of the resolution rounded *up* (NEST's `Time::get_steps`). NEST models
//! derive their refractory counts this way, so a refractory period that is not a whole number
//! of steps lasts the next whole number of steps (`t_ref = 0.25 ms` at `h = 0.1 ms`: 3 steps).

use neurodim_units::{Time, ms};

/// NEST's default number of tics per millisecond (`Time::get_tics_per_ms()`).
const TICS_PER_MS: f64 = 1000.0;

/// A non-negative duration in NEST's tics: `⌊t/ms · 1000 + ½⌋`, as NEST's `Time(Time::ms(t))`.
fn tics(duration: Time) -> u64 {
    // saturates for durations beyond u64 tics (5.8·10⁸ years), as NEST's are infinite there
    ((duration / ms).value * TICS_PER_MS + 0.5).max(0.0) as u64
}

/// The number of steps of `dt` NEST counts for `duration` (≥ 0): `duration` and `dt` in whole
/// tics of 1 µs (rounded to the nearest), then `⌈tics(duration) / tics(dt)⌉`, NEST's
/// `Time(Time::ms(duration)).get_steps()`. A `dt` below half a tic counts as one tic.
///
/// ```
/// use neurodim_dyn::kernel::nest_steps;
/// use neurodim_units::prelude::*;
/// assert_eq!(nest_steps(2.0 * ms, 0.1 * ms), 20);
/// assert_eq!(nest_steps(0.25 * ms, 0.1 * ms), 3); // rounded up, as NEST does
/// assert_eq!(nest_steps(0.0 * ms, 0.1 * ms), 0);
/// ```
pub fn nest_steps(duration: Time, dt: Time) -> u64 {
    let per_step = tics(dt).max(1);
    tics(duration).div_ceil(per_step)
}

/// NEST's grid test `Time::ms(t).is_grid_time()` at the resolution `dt`: the step count
/// `tics(t) / tics(dt)` if `t` (≥ 0) in whole tics is a whole number of steps, `None`
/// otherwise. A time within half a tic of the grid counts as on it (NEST's tic rounding:
/// `0.30000000000000004 ms` is step 3 at `dt = 0.1 ms`); `+∞` is never on the grid.
pub(crate) fn nest_grid_steps(t: Time, dt: Time) -> Option<u64> {
    if !t.value.is_finite() {
        return None;
    }
    let per_step = tics(dt).max(1);
    let t = tics(t);
    t.is_multiple_of(per_step).then_some(t / per_step)
}

/// The resolution in ms as NEST computes it (`Time::get_resolution().get_ms()`): `0.001 ·`
/// its tics, so that arithmetic in NEST's units starts from NEST's very value of `h`.
pub(crate) fn nest_resolution_ms(dt: Time) -> f64 {
    (1.0 / TICS_PER_MS) * tics(dt).max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// NEST 3.10 (`nest_time.h`): tics rounded to the nearest, steps rounded up.
    #[test]
    fn rounding_of_tics_and_steps() {
        let dt = 0.1 * ms;
        assert_eq!(nest_steps(2.0004 * ms, dt), 20); // 2000.4 tics → 2000: 20 steps
        assert_eq!(nest_steps(2.0006 * ms, dt), 21); // 2000.6 tics → 2001: 20.01 → 21 steps
        assert_eq!(nest_steps(1.0 * ms, 0.3 * ms), 4);
        assert_eq!(nest_steps(0.9 * ms, 0.3 * ms), 3);
        assert_eq!(nest_steps(1.0 * ms, 1e-6 * ms), 1000); // dt below a tic: one tic
    }

    /// NEST 3.10 (`nest_time.h`, `Time::ms` then `is_grid_time`): on the grid within half a
    /// tic; off it otherwise.
    #[test]
    fn grid_times_within_half_a_tic() {
        let dt = 0.1 * ms;
        assert_eq!(nest_grid_steps(0.30000000000000004 * ms, dt), Some(3));
        assert_eq!(nest_grid_steps(1.0000000001 * ms, dt), Some(10));
        assert_eq!(nest_grid_steps(2.9999 * ms, dt), Some(30)); // 2999.9 tics → 3000
        assert_eq!(nest_grid_steps(1.03 * ms, dt), None);
        assert_eq!(nest_grid_steps(f64::INFINITY * ms, dt), None);
        assert_eq!(nest_resolution_ms(0.1 * ms), 0.1);
    }
}
