//! Reading a [`Delay`] at a time rather than at a whole number of steps.

use neurodim_units::{Time, validate};

use crate::{Delay, RealValue, StateError, StateValue};

/// How [`Delay::read_time`] turns a delay that is not a whole number of steps into values
/// (brainstate's `interp_method`).
///
/// ```
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_state::{Delay, Interpolation};
/// let mut v = Delay::<Voltage>::new(Shape::vector(1)?, 1.0 * ms)?;
/// v.register_time("a", 2.0 * ms)?;
/// v.init(None, StreamKey::new(0, "V.delay"))?;
/// for (i, mv) in [-70.0, -60.0, -50.0].into_iter().enumerate() {
///     v.push(i as u64, &[mv * mV])?;
/// }
/// // 1.25 ms before step 2 lies between the values of steps 1 and 0
/// let mut out = [0.0 * mV];
/// v.read_time(2, 1.25 * ms, Interpolation::Linear, &mut out)?; // 0.75·(−60) + 0.25·(−70)
/// assert!((out[0].value_in(mV) + 62.5).abs() < 1e-12);
/// v.read_time(2, 1.25 * ms, Interpolation::Round, &mut out)?; // the nearest step, 1
/// assert_eq!(out[0], -60.0 * mV);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interpolation {
    /// With `x = d / dt`, `(1 − w) · v(⌊x⌋) + w · v(⌈x⌉)` where `w = x − ⌊x⌋` and `v(s)` is
    /// the value pushed `s` steps ago (`linear_interp`).
    Linear,
    /// `v(round(x))` (`round`).
    Round,
}

/// Within this many steps of a whole step, `d / dt` counts as that step, so that a delay
/// registered as `round(d / dt)` steps reads back exactly (`0.3 ms / 0.1 ms` is
/// `2.9999999999999996` in floating point).
const WHOLE_STEP_TOLERANCE: f64 = 1e-9;

impl<T: StateValue> Delay<T> {
    /// `delay / dt` in steps (finite, `>= 0`), snapped to a whole step within
    /// [`WHOLE_STEP_TOLERANCE`].
    fn fractional_steps(&self, delay: Time) -> Result<f64, StateError> {
        let x = validate::non_negative("delay", delay)?.value / self.dt().value;
        let whole = x.round();
        Ok(if (x - whole).abs() < WHOLE_STEP_TOLERANCE { whole } else { x })
    }

    /// At step `i`, the values pushed `round(delay / dt)` steps earlier; the delay must be
    /// finite, `>= 0` and within the buffer. Works for spikes (`Delay<bool>`) too.
    pub fn read_time_rounded(&self, i: u64, delay: Time) -> Result<&[T], StateError> {
        let steps = self.fractional_steps(delay)?.round();
        self.read_step(i, self.whole_steps(steps)?)
    }

    /// A whole number of steps as `usize`, or the too-long error (a huge `steps` is longer
    /// than any buffer).
    fn whole_steps(&self, steps: f64) -> Result<usize, StateError> {
        if steps > self.max_steps() as f64 {
            return Err(StateError::DelayTooLong {
                steps: if steps >= usize::MAX as f64 { usize::MAX } else { steps as usize },
                max_steps: self.max_steps(),
                context: "read",
            });
        }
        Ok(steps as usize)
    }
}

impl<T: RealValue> Delay<T> {
    /// At step `i`, the values `delay` ago, written into `out` (`[batch, ..shape]` values),
    /// interpolated between the neighbouring steps or rounded (see [`Interpolation`]).
    /// The delay must be finite, `>= 0`, and its neighbouring steps within the buffer.
    /// Allocates nothing.
    pub fn read_time(
        &self,
        i: u64,
        delay: Time,
        interpolation: Interpolation,
        out: &mut [T],
    ) -> Result<(), StateError> {
        let x = self.fractional_steps(delay)?;
        let (recent_steps, older_steps, w) = match interpolation {
            Interpolation::Round => (x.round(), x.round(), 0.0),
            Interpolation::Linear => (x.floor(), x.ceil(), x - x.floor()),
        };
        let recent = self.read_step(i, self.whole_steps(recent_steps)?)?;
        let older = self.read_step(i, self.whole_steps(older_steps)?)?;
        if out.len() != recent.len() {
            return Err(StateError::LengthMismatch {
                what: "delay read buffer".into(),
                expected: recent.len(),
                found: out.len(),
            });
        }
        for ((o, &a), &b) in out.iter_mut().zip(recent).zip(older) {
            *o = if w == 0.0 { a } else { T::from_si((1.0 - w) * a.to_si() + w * b.to_si()) };
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::{Delay, Interpolation, Shape, StreamKey};
    use neurodim_units::prelude::*;

    #[test]
    fn read_time_rounded_to_steps() -> Result<(), Box<dyn std::error::Error>> {
        let mut d = Delay::<bool>::new(Shape::vector(1)?, 0.1 * ms)?;
        d.register_steps("a", 3)?;
        d.init(None, StreamKey::new(0, "d"))?;
        d.push(2, &[true])?;
        assert_eq!(d.read_time_rounded(5, 0.26 * ms)?, &[true]); // round(2.6) = 3 steps
        assert!(d.read_time_rounded(5, 0.4 * ms).is_err()); // 4 steps > 3
        Ok(())
    }

    #[test]
    fn read_time_interpolates() -> Result<(), Box<dyn std::error::Error>> {
        let mut d = Delay::<Voltage>::new(Shape::vector(1)?, 1.0 * ms)?;
        d.register_time("a", 2.0 * ms)?;
        d.init(None, StreamKey::new(0, "d"))?;
        for (i, v) in [-70.0, -60.0, -50.0].into_iter().enumerate() {
            d.push(i as u64, &[v * mV])?;
        }
        let mut out = [0.0 * mV];
        d.read_time(2, 1.25 * ms, Interpolation::Linear, &mut out)?; // 0.75·(−60) + 0.25·(−70)
        assert!((out[0].value_in(mV) + 62.5).abs() < 1e-12);
        d.read_time(2, 1.25 * ms, Interpolation::Round, &mut out)?;
        assert_eq!(out[0], -60.0 * mV);
        Ok(())
    }
}
