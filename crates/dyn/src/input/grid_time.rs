//! A device's time on NEST's grid: on it (within half a tic), rounded up to it, or refused.

use core::fmt::Display;

use neurodim_units::{DisplayField, Time};

use crate::DynError;
use crate::kernel::{nest_grid_steps, nest_steps};

/// The steps of a device's time `t` (≥ 0, finite) at the resolution `dt`, as NEST's devices
/// take their times: `Time::ms(t)` — `t` in whole tics of 1 µs — must be a whole number of
/// steps ([`nest_grid_steps`]); with `allow_offgrid` a time off the grid is rounded **up** to
/// the next step (NEST's `Time::ms_stamp`: `1.03 ms` is step 11 at `dt = 0.1 ms`), otherwise it
/// is an error naming `param`, the time (with `which`, e.g. `"spike 2"`) and `rule`.
pub(crate) fn grid_steps(
    param: &'static str,
    (t, which): (Time, impl Display),
    dt: Time,
    allow_offgrid: bool,
    rule: &'static str,
) -> Result<u64, DynError> {
    match nest_grid_steps(t, dt) {
        Some(steps) => Ok(steps),
        None if allow_offgrid && t.value.is_finite() => Ok(nest_steps(t, dt)),
        None => Err(DynError::invalid(
            param,
            format_args!("{} ({which}, resolution {})", t.display(), dt.display()),
            rule,
        )),
    }
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use super::*;

    /// NEST's `stimulating/test_spike_generator.py`: `[2.9999, 4.3001]` → steps 30, 43;
    /// with `allow_offgrid_times` `[1.0, 1.05, 3.0001]` → 10, 11, 30.
    #[test]
    fn on_the_grid_within_half_a_tic_else_up_or_refused() {
        let dt = 0.1 * ms;
        let steps = |t: f64, allow| grid_steps("t", (t * ms, "spike 0"), dt, allow, "rule");
        assert_eq!(steps(2.9999, false).unwrap(), 30);
        assert_eq!(steps(4.3001, false).unwrap(), 43);
        assert_eq!(steps(1.05, true).unwrap(), 11);
        assert_eq!(steps(3.0001, true).unwrap(), 30);
        let e = steps(1.03, false).unwrap_err();
        assert_eq!(e.to_string(), "invalid t: 1.03 ms (spike 0, resolution 0.1 ms) (rule)");
        assert!(steps(f64::INFINITY, true).is_err());
    }
}
