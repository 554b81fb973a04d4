use core::ops::Range;

use neurodim_state::StepContext;
use neurodim_units::{DisplayField, Time, validate};

use crate::DynError;

/// The steps a monitor has seen: a run of consecutive steps `first .. first + len`, all of the
/// same `dt`. Monitors insist on this so that every recorded time is exactly `step · dt`, the
/// recorded span is `len · dt`, and a window of time maps onto whole steps.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RecordingClock {
    dt: Option<Time>,
    first: u64,
    len: u64,
}

impl RecordingClock {
    /// Accepts the step `ctx` if it continues the run: the first step may be any, each later one
    /// must be the next index with the same `dt`.
    pub(crate) fn advance(&mut self, ctx: &StepContext) -> Result<(), DynError> {
        match self.dt {
            None => {
                self.dt = Some(validate::positive("dt", ctx.dt)?);
                self.first = ctx.i;
            }
            Some(dt) => {
                if ctx.dt != dt {
                    return Err(DynError::invalid(
                        "dt",
                        ctx.dt.display(),
                        "must equal the dt of the steps already recorded",
                    ));
                }
                let expected = self.first + self.len;
                if ctx.i != expected {
                    return Err(DynError::invalid(
                        "step index",
                        format!("{} (expected {expected})", ctx.i),
                        "a monitor records consecutive steps",
                    ));
                }
            }
        }
        self.len += 1;
        Ok(())
    }

    /// The time step, once a step has been recorded.
    pub(crate) fn dt(&self) -> Option<Time> {
        self.dt
    }

    /// The step indices recorded so far (empty before the first).
    pub(crate) fn steps(&self) -> Range<u64> {
        self.first..self.first + self.len
    }

    /// The time of `step`: `step · dt`, the `t` that `Environment::step` gives it.
    pub(crate) fn time_of(&self, step: u64) -> Time {
        self.duration(step)
    }

    /// The duration of `steps` steps, `steps · dt` (zero before the first step, when no `dt`
    /// is known and nothing has been recorded).
    pub(crate) fn duration(&self, steps: u64) -> Time {
        steps as f64 * self.dt.unwrap_or_default()
    }

    /// The time covered by the recorded steps, `first · dt .. (first + len) · dt`.
    pub(crate) fn span(&self) -> Range<Time> {
        self.time_of(self.first)..self.time_of(self.first + self.len)
    }

    /// The whole steps of `window`, its ends rounded to the nearest step; it must lie in the
    /// recorded span and cover at least one step.
    pub(crate) fn window_steps(&self, window: &Range<Time>) -> Result<Range<u64>, DynError> {
        let shown = || format!("{} .. {}", window.start.display(), window.end.display());
        let dt = self.dt.ok_or_else(|| {
            DynError::invalid("window", shown(), "needs at least one recorded step")
        })?;
        let to_step = |param: &'static str, t: Time| -> Result<u64, DynError> {
            let step = (validate::finite(param, t)?.value / dt.value).round();
            let steps = self.steps();
            if step < steps.start as f64 || step > steps.end as f64 {
                let span = self.span();
                return Err(DynError::invalid(
                    param,
                    format!(
                        "{} (recorded {} .. {})",
                        t.display(),
                        span.start.display(),
                        span.end.display()
                    ),
                    "must lie in the recorded span",
                ));
            }
            Ok(step as u64)
        };
        let (start, end) =
            (to_step("window start", window.start)?, to_step("window end", window.end)?);
        if start >= end {
            return Err(DynError::invalid("window", shown(), "must cover at least one step"));
        }
        Ok(start..end)
    }
}
