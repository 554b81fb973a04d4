use neurodim_units::{DisplayField, Time, UnitsError, validate};

use crate::StateError;

/// The simulation environment: the time step `dt`, required and positive. There is no default
/// `dt` and no global setting; models receive it through [`StepContext`].
///
/// ```
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// let env = Environment::new(0.1 * ms)?;
/// let ctx = env.step(10);
/// assert_eq!(ctx.i, 10);
/// assert!((ctx.t.value_in(ms) - 1.0).abs() < 1e-12);
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Environment {
    dt: Time,
}

impl Environment {
    /// An environment with time step `dt` (finite, > 0).
    pub fn new(dt: Time) -> Result<Self, StateError> {
        Ok(Environment { dt: validate::positive("dt", dt)? })
    }

    /// The time step.
    pub fn dt(&self) -> Time {
        self.dt
    }

    /// The context of step `i`: `t = i · dt` (computed, not accumulated, so it does not drift).
    pub fn step(&self, i: u64) -> StepContext {
        StepContext { dt: self.dt, t: i as f64 * self.dt, i }
    }

    /// The number of whole steps in `duration` (rounded to nearest; `duration` must be ≥ 0,
    /// and the count must fit a `u64` step counter).
    pub fn steps_in(&self, duration: Time) -> Result<u64, StateError> {
        let d = validate::non_negative("duration", duration)?;
        let steps = (d.value / self.dt.value).round();
        // `as u64` would saturate a larger count (or infinity) to u64::MAX: a run that never
        // ends instead of an error. u64::MAX as f64 is 2^64, the first count that does not fit.
        if steps >= u64::MAX as f64 {
            return Err(UnitsError::invalid(
                "duration",
                format!("{} = {steps:e} steps of {}", d.display(), self.dt.display()),
                "must be fewer than 2^64 steps",
            )
            .into());
        }
        Ok(steps as u64)
    }
}

/// What every update receives: the step `dt`, the time `t` at the start of the step, and the
/// step index `i`.
///
/// ```
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// let ctx = StepContext { dt: 0.1 * ms, t: 0.0 * ms, i: 0 };
/// assert_eq!(ctx.dt.value_in(ms), 0.1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepContext {
    /// The time step.
    pub dt: Time,
    /// The time at the start of this step, `i · dt`.
    pub t: Time,
    /// The step index, from 0.
    pub i: u64,
}

#[cfg(test)]
mod tests {
    use crate::Environment;
    use neurodim_units::prelude::*;
    use neurodim_units::s;

    #[test]
    fn dt_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Environment::new(0.1 * ms)?.dt(), 0.1 * ms);
        Ok(())
    }

    #[test]
    fn step_time_is_i_dt() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(0.1 * ms)?;
        assert_eq!(env.step(3).t, 3.0 * (0.1 * ms));
        Ok(())
    }

    #[test]
    fn steps_in_refuses_more_than_2_64_steps() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(0.1 * ms)?;
        assert_eq!(env.steps_in(1.0 * s)?, 10_000);
        assert_eq!(
            env.steps_in(1e20 * s).unwrap_err().to_string(),
            "invalid duration: 100000000000000000000000 ms = 1e24 steps of 0.1 ms \
             (must be fewer than 2^64 steps)"
        );
        Ok(())
    }

    #[test]
    fn a_zero_dt_is_refused() {
        assert!(Environment::new(0.0 * ms).is_err());
    }
}
