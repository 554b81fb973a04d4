use neurodim_units::Time;

/// A time window after an event, decided by counting whole steps instead of comparing floating
/// point times.
///
/// brainstate tests `t − t_event < duration` on float32 times, so whether the step at which
/// exactly `duration` has elapsed is inside the window depends on rounding. Here the elapsed
/// time is a whole number `k` of steps and the rule is decided on `k`:
///
/// - [`StepWindow::below`]: inside while `k · dt < duration` (LIFRef's refractory period,
///   AMPA's transmitter pulse);
/// - [`StepWindow::up_to`]: inside while `k · dt ≤ duration` (the `<=` test of the AdEx
///   examples).
///
/// `duration / dt` is snapped to the nearest integer when it is within 10⁻⁹ (relative) of it,
/// so `2 ms / 0.1 ms` counts as exactly 20 steps. The test itself is one comparison,
/// `t − t_event < (k_max + ½) · dt`, robust to the rounding of `t`.
///
/// ```
/// use neurodim_dyn::neuron::StepWindow;
/// use neurodim_units::prelude::*;
/// let dt = 0.1 * ms;
/// let refractory = StepWindow::below(2.0 * ms, dt);
/// assert_eq!(refractory.last_step(), Some(19));
/// assert!(refractory.contains(19.0 * dt));
/// assert!(!refractory.contains(20.0 * dt));
/// assert_eq!(StepWindow::up_to(2.0 * ms, dt).last_step(), Some(20));
/// assert_eq!(StepWindow::below(0.0 * ms, dt).last_step(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepWindow {
    /// `(k_max + ½) · dt`; negative when the window is empty.
    limit: Time,
    last_step: Option<u64>,
}

impl StepWindow {
    /// The window of steps `k` with `k · dt < duration`.
    pub fn below(duration: Time, dt: Time) -> Self {
        let x = steps(duration, dt);
        StepWindow::ending_at(x.ceil() - 1.0, dt)
    }

    /// The window of steps `k` with `k · dt ≤ duration`.
    pub fn up_to(duration: Time, dt: Time) -> Self {
        StepWindow::ending_at(steps(duration, dt).floor(), dt)
    }

    fn ending_at(k_max: f64, dt: Time) -> Self {
        let last_step = (k_max >= 0.0).then_some(k_max as u64);
        StepWindow { limit: (k_max + 0.5) * dt, last_step }
    }

    /// The last step `k` inside the window, if any.
    pub fn last_step(&self) -> Option<u64> {
        self.last_step
    }

    /// Whether an event `elapsed` ago (a whole number of steps, up to rounding) is inside.
    #[inline(always)]
    pub fn contains(&self, elapsed: Time) -> bool {
        elapsed < self.limit
    }
}

/// `duration / dt`, snapped to the nearest integer when within 1e-9 (relative) of it.
fn steps(duration: Time, dt: Time) -> f64 {
    let x = (duration / dt).value;
    let nearest = x.round();
    if (x - nearest).abs() <= 1e-9 * nearest.abs().max(1.0) { nearest } else { x }
}

#[cfg(test)]
mod tests {
    use crate::neuron::*;
    use neurodim_units::prelude::*;

    #[test]
    fn below_excludes_the_end() {
        assert_eq!(StepWindow::below(0.5 * ms, 0.1 * ms).last_step(), Some(4));
    }

    #[test]
    fn up_to_includes_the_end() {
        assert_eq!(StepWindow::up_to(0.5 * ms, 0.1 * ms).last_step(), Some(5));
    }

    #[test]
    fn last_step_rounds_down() {
        assert_eq!(StepWindow::below(0.25 * ms, 0.1 * ms).last_step(), Some(2));
    }

    #[test]
    fn contains_up_to_the_end() {
        let w = StepWindow::up_to(1.0 * ms, 0.1 * ms);
        assert!(w.contains(10.0 * (0.1 * ms)));
        assert!(!w.contains(11.0 * (0.1 * ms)));
    }
}
