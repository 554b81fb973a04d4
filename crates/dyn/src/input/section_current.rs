//! A piecewise-constant current.

use neurodim_state::StepContext;
use neurodim_units::{DisplayField, Time, validate};
use num_traits::Zero;

use super::timing::first_step_at_or_after;
use super::waveform::{Amplitude, CurrentWaveform};
use crate::DynError;

/// A current made of consecutive sections of constant value: `values[k]` for `durations[k]`,
/// starting at `t = 0`, and zero after the last section.
///
/// ```text
/// I(t) = values[k]   if T_k ≤ t < T_{k+1},   T_0 = 0,  T_{k+1} = T_k + durations[k]
///        0           if t ≥ T_last
/// ```
///
/// read at `t = i · dt`, with the boundaries `T_k` compared in steps (see
/// [`CurrentWaveform`]): section `k` covers steps `⌈T_k / dt⌉ ≤ i < ⌈T_{k+1} / dt⌉`, so a
/// section shorter than `dt` may cover no step at all. The counterpart of brainpy's
/// `section_input`.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
///
/// let protocol = SectionCurrent::new(
///     vec![0.0 * pA, 200.0 * pA, 0.0 * pA],
///     vec![1.0 * ms, 0.5 * ms, 1.0 * ms],
/// )?;
/// let env = Environment::new(0.1 * ms)?;
/// let trace: Vec<f64> = (0..30).map(|i| protocol.value(&env.step(i)).value_in(pA)).collect();
/// assert_eq!(trace[..10], [0.0; 10]);
/// assert_eq!(trace[10..15], [200.0; 5]);
/// assert_eq!(trace[15..], [0.0; 15]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SectionCurrent<Q> {
    values: Vec<Q>,
    /// The end time of each section, `T_{k+1}`, ascending.
    ends: Vec<Time>,
}

impl<Q: Amplitude> SectionCurrent<Q> {
    /// Sections of `values[k]` (finite) lasting `durations[k]` (finite, > 0); the two lists
    /// are non-empty and of one length.
    pub fn new(values: Vec<Q>, durations: Vec<Time>) -> Result<Self, DynError> {
        if values.is_empty() {
            return Err(DynError::invalid("SectionCurrent sections", 0, "must be at least 1"));
        }
        if durations.len() != values.len() {
            return Err(DynError::SizeMismatch {
                what: "SectionCurrent durations (one per value)".into(),
                expected: values.len(),
                found: durations.len(),
            });
        }
        for &value in &values {
            validate::finite("SectionCurrent value", value)?;
        }
        let mut ends = Vec::with_capacity(durations.len());
        let mut end = Time::zero();
        for (k, &duration) in durations.iter().enumerate() {
            if !(duration.value.is_finite() && duration.value > 0.0) {
                return Err(DynError::invalid(
                    "SectionCurrent duration",
                    format_args!("{}, section {k}", duration.display()),
                    "must be finite and > 0",
                ));
            }
            end += duration;
            ends.push(end);
        }
        Ok(SectionCurrent { values, ends })
    }

    /// The sections: `(value, start, end)` for each.
    pub fn sections(&self) -> impl ExactSizeIterator<Item = (Q, Time, Time)> + '_ {
        self.values.iter().zip(&self.ends).enumerate().map(|(k, (&value, &end))| {
            let start = if k == 0 { Time::zero() } else { self.ends[k - 1] };
            (value, start, end)
        })
    }
}

impl<Q: Amplitude + core::fmt::Debug> CurrentWaveform<Q> for SectionCurrent<Q> {
    fn hash_parameters(&self, hasher: &mut dyn core::hash::Hasher) {
        crate::input::waveform::hash_debug(self, hasher);
    }

    fn value(&self, ctx: &StepContext) -> Q {
        // The section of step i is the first whose end falls due after step i.
        let k = self.ends.partition_point(|&end| first_step_at_or_after(end, ctx.dt) <= ctx.i);
        self.values.get(k).copied().unwrap_or_else(Q::zero)
    }
}

#[cfg(test)]
mod tests {
    use crate::input::SectionCurrent;
    use neurodim_units::prelude::*;

    #[test]
    fn new_refuses_missing_or_empty_durations() {
        let err = SectionCurrent::new(vec![1.0 * pA, 2.0 * pA], vec![1.0 * ms]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "SectionCurrent durations (one per value): expected size 2, found 1"
        );
        let err = SectionCurrent::new(vec![1.0 * pA], vec![0.0 * ms]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid SectionCurrent duration: 0 ms, section 0 (must be finite and > 0)"
        );
    }

    #[test]
    fn sections_with_their_start_and_end() -> Result<(), Box<dyn std::error::Error>> {
        let protocol = SectionCurrent::new(vec![1.0 * pA, 2.0 * pA], vec![1.0 * ms, 3.0 * ms])?;
        let sections: Vec<_> = protocol.sections().collect();
        assert_eq!(sections, [(1.0 * pA, 0.0 * ms, 1.0 * ms), (2.0 * pA, 1.0 * ms, 4.0 * ms)]);
        Ok(())
    }
}
