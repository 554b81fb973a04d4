/// An element of a spike vector: `bool`, or a float where any nonzero value is an event
/// (brainstate's `float_as_event=True`).
///
/// Event-driven propagation asks only [`is_event`](SpikeEvent::is_event); a dense
/// [`EventLinear`](super::EventLinear) built with `float_as_event(false)` multiplies by
/// [`magnitude`](SpikeEvent::magnitude) instead.
///
/// ```
/// use neurodim_dyn::connect::SpikeEvent;
/// assert!(true.is_event());
/// assert!(0.5_f64.is_event());
/// assert!(!0.0_f32.is_event());
/// assert_eq!(0.5_f64.magnitude(), 0.5);
/// assert_eq!(true.magnitude(), 1.0);
/// ```
pub trait SpikeEvent: Copy {
    /// Whether this element is a spike (nonzero).
    fn is_event(self) -> bool;
    /// The element as a number (a `bool` is 0 or 1).
    fn magnitude(self) -> f64;
}

impl SpikeEvent for bool {
    #[inline]
    fn is_event(self) -> bool {
        self
    }
    #[inline]
    fn magnitude(self) -> f64 {
        if self { 1.0 } else { 0.0 }
    }
}

impl SpikeEvent for f64 {
    #[inline]
    fn is_event(self) -> bool {
        self != 0.0
    }
    #[inline]
    fn magnitude(self) -> f64 {
        self
    }
}

impl SpikeEvent for f32 {
    #[inline]
    fn is_event(self) -> bool {
        self != 0.0
    }
    #[inline]
    fn magnitude(self) -> f64 {
        f64::from(self)
    }
}

#[cfg(test)]
mod tests {
    use crate::connect::SpikeEvent;

    #[test]
    fn a_negative_float_is_an_event() {
        assert!((-1.0_f64).is_event());
    }

    #[test]
    fn false_has_magnitude_zero() {
        assert_eq!(false.magnitude(), 0.0);
    }
}
