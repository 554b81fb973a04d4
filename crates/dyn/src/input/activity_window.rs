//! NEST's activity window of a stimulating device: `origin`, `start`, `stop`.

use neurodim_units::validate::non_negative;
use neurodim_units::{DisplayField, Time, ms};

use super::grid_time::grid_steps;
use crate::DynError;

/// When a NEST stimulating device is active: NEST's `origin` (default 0), `start` (default 0)
/// and `stop` (default +∞) of `device.cpp`, in time.
///
/// NEST counts them in steps, `t_min = (origin + start)/h` and `t_max = (origin + stop)/h`, and
/// each device tests `t_min < T ≤ t_max` for its own `T`
/// (`benches/peers/nest/zoo_semantics.md` §3): a `spike_generator` the stamp of a spike, so it
/// sends the spikes stamped in `(start, stop]`; a `poisson_generator` or
/// `inhomogeneous_poisson_generator` its update step `s`, so its emissions are stamped
/// `(start + h, stop + h]`; a `sinusoidal_poisson_generator`, which NEST types as a current
/// generator, `s + 2`, so its emissions are stamped `[start, stop)`. Each device's type says
/// which.
///
/// Rules (NEST's): `stop ≥ start` ("stop >= start required."), and each finite time a
/// multiple of the network's `dt` (in NEST's tics), checked when the device is added to a
/// network. Unlike NEST, negative times are refused (they would only shift the window before
/// the run starts).
///
/// ```
/// use neurodim_dyn::input::ActivityWindow;
/// use neurodim_units::prelude::*;
/// let window = ActivityWindow::new(2.0 * ms, 3.0 * ms)?.with_origin(10.0 * ms)?;
/// assert_eq!((window.origin(), window.start(), window.stop()), (10.0 * ms, 2.0 * ms, 3.0 * ms));
/// assert_eq!(ActivityWindow::default().stop(), f64::INFINITY * ms); // always active
/// let e = ActivityWindow::new(3.0 * ms, 2.0 * ms).unwrap_err();
/// assert_eq!(e.to_string(), "invalid stop: 2 ms (start 3 ms) (stop >= start required)");
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ActivityWindow {
    origin: Time,
    start: Time,
    stop: Time,
}

impl Default for ActivityWindow {
    /// NEST's defaults: origin 0, start 0, stop +∞ (always active).
    fn default() -> Self {
        ActivityWindow { origin: 0.0 * ms, start: 0.0 * ms, stop: f64::INFINITY * ms }
    }
}

impl ActivityWindow {
    /// Active from `start` (finite, ≥ 0) to `stop` (≥ `start`, +∞ for never stopping),
    /// relative to an origin of 0.
    ///
    /// See [`ActivityWindow`] for an example.
    pub fn new(start: Time, stop: Time) -> Result<Self, DynError> {
        non_negative("start", start)?;
        // NaN is neither, so it is refused too
        let ordered = stop.partial_cmp(&start).is_some_and(|order| order.is_ge());
        if !ordered {
            let value = format!("{} (start {})", stop.display(), start.display());
            return Err(DynError::invalid("stop", value, "stop >= start required"));
        }
        Ok(ActivityWindow { start, stop, ..ActivityWindow::default() })
    }

    /// The same window relative to `origin` (finite, ≥ 0): NEST's `origin`, which moves the
    /// window (and a `spike_generator`'s spike times) by `origin`.
    pub fn with_origin(self, origin: Time) -> Result<Self, DynError> {
        non_negative("origin", origin)?;
        Ok(ActivityWindow { origin, ..self })
    }

    /// NEST's `origin`.
    pub fn origin(&self) -> Time {
        self.origin
    }

    /// NEST's `start`, relative to the origin.
    pub fn start(&self) -> Time {
        self.start
    }

    /// NEST's `stop`, relative to the origin (+∞: never).
    pub fn stop(&self) -> Time {
        self.stop
    }

    /// The window in steps of `dt`; an error naming `origin`, `start` or `stop` if it is not a
    /// multiple of `dt` (NEST's rule; `stop = +∞` is allowed).
    pub(crate) fn steps(&self, dt: Time) -> Result<WindowSteps, DynError> {
        const RULE: &str = "must be a multiple of the simulation resolution";
        let origin = grid_steps("origin", (self.origin, "origin"), dt, false, RULE)?;
        let start = grid_steps("start", (self.start, "start"), dt, false, RULE)?;
        let stop = if self.stop.value == f64::INFINITY {
            u64::MAX
        } else {
            grid_steps("stop", (self.stop, "stop"), dt, false, RULE)?
        };
        Ok(WindowSteps {
            origin,
            t_min: origin.saturating_add(start),
            t_max: origin.saturating_add(stop),
        })
    }
}

/// An [`ActivityWindow`] in steps: `t_min = origin + start`, `t_max = origin + stop`
/// (`u64::MAX` for +∞), NEST's `Device::t_min_` and `t_max_`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WindowSteps {
    /// The origin in steps.
    pub(crate) origin: u64,
    t_min: u64,
    t_max: u64,
}

impl WindowSteps {
    /// NEST's `StimulationDevice::is_active` for a device that passes `steps`:
    /// `t_min < steps ≤ t_max`.
    pub(crate) fn contains(&self, steps: u64) -> bool {
        self.t_min < steps && steps <= self.t_max
    }

    /// `t_min .. t_max`: both the stamps `n` of the currents a NEST current generator with
    /// this window sends (in its update step `s` it tests `t_min < s + 2 ≤ t_max`,
    /// `StimulationDevice::is_active` for a `CURRENT_GENERATOR`, and stamps its current
    /// `n = s + 1`; `benches/peers/nest/zoo_semantics.md` §3), and the steps whose stamps
    /// (step + 1) lie in `(t_min, t_max]`, what a NEST recording device keeps.
    pub(crate) fn half_open(&self) -> core::ops::Range<u64> {
        self.t_min..self.t_max
    }
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use super::*;

    #[test]
    fn steps_of_origin_start_and_stop() -> Result<(), DynError> {
        let window = ActivityWindow::new(2.0 * ms, 3.0 * ms)?.with_origin(1.0 * ms)?;
        let steps = window.steps(0.1 * ms)?;
        assert_eq!(steps, WindowSteps { origin: 10, t_min: 30, t_max: 40 });
        assert!(!steps.contains(30) && steps.contains(31) && steps.contains(40));
        assert!(!steps.contains(41));
        let always = ActivityWindow::default().steps(0.1 * ms)?;
        assert!(!always.contains(0) && always.contains(1) && always.contains(u64::MAX));
        Ok(())
    }

    #[test]
    fn times_off_the_grid_negative_or_reversed_are_refused() -> Result<(), DynError> {
        let e = ActivityWindow::new(2.05 * ms, 3.0 * ms)?.steps(0.1 * ms).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid start: 2.05 ms (start, resolution 0.1 ms) (must be a multiple of the \
             simulation resolution)"
        );
        let e = ActivityWindow::new(1.0 * ms, 1.25 * ms)?.steps(0.1 * ms).unwrap_err();
        assert_eq!(e.param(), Some("stop"));
        let e = ActivityWindow::default().with_origin(0.5 * ms)?.steps(0.2 * ms).unwrap_err();
        assert_eq!(e.param(), Some("origin"));
        assert_eq!(ActivityWindow::new(-1.0 * ms, 2.0 * ms).unwrap_err().param(), Some("start"));
        assert_eq!(ActivityWindow::new(1.0 * ms, f64::NAN * ms).unwrap_err().param(), Some("stop"));
        assert_eq!(
            ActivityWindow::default().with_origin(-1.0 * ms).unwrap_err().param(),
            Some("origin")
        );
        // an empty window is allowed, as in NEST
        assert!(ActivityWindow::new(2.0 * ms, 2.0 * ms).is_ok());
        Ok(())
    }
}
