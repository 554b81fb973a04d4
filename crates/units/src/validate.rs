//! Checks of user-supplied parameters.
//!
//! Every constructor in neurodim validates what it is given and returns an error that names
//! the parameter, the value (in the field's unit) and the rule, instead of panicking or
//! running with a value that makes the model meaningless. These functions are the shared
//! vocabulary of those checks.
//!
//! ```
//! use neurodim_units::{*, validate::positive};
//! assert!(positive("tau", 20.0 * ms).is_ok());
//! let err = positive("tau", -5.0 * ms).unwrap_err();
//! assert_eq!(err.to_string(), "invalid tau: -5 ms (must be > 0)");
//! ```

use crate::{DisplayField, Time, UnitsError};

/// `value` must be finite (not NaN, not ±∞). Returns it unchanged.
///
/// ```
/// use neurodim_units::prelude::*;
/// use neurodim_units::validate::finite;
/// assert!(finite("V_th", -50.0 * mV).is_ok());
/// assert!(finite("V_th", f64::NAN * mV).is_err());
/// ```
pub fn finite<Q: DisplayField>(param: &'static str, value: Q) -> Result<Q, UnitsError> {
    if value.value_in(Q::FIELD_UNIT).is_finite() {
        Ok(value)
    } else {
        Err(UnitsError::invalid(param, value.display(), "must be finite"))
    }
}

/// `value` must be finite and strictly positive (a time constant, `dt`, a capacitance).
///
/// ```
/// use neurodim_units::prelude::*;
/// use neurodim_units::validate::positive;
/// assert!(positive("dt", 0.0 * ms).is_err());
/// assert!(positive("dt", 0.1 * ms).is_ok());
/// ```
pub fn positive<Q: DisplayField>(param: &'static str, value: Q) -> Result<Q, UnitsError> {
    let x = finite(param, value)?.value_in(Q::FIELD_UNIT);
    if x > 0.0 {
        Ok(value)
    } else {
        Err(UnitsError::invalid(param, value.display(), "must be > 0"))
    }
}

/// `tau` must be a time constant a step can divide by: finite, > 0, and with a finite
/// reciprocal in SI (`1/τ` in 1/s), so at least about 2.2e-308 s. A subnormal τ such as
/// `5e-324 s` passes `> 0` but makes `1/τ` infinite and every state it touches NaN.
///
/// ```
/// use neurodim_units::prelude::*;
/// use neurodim_units::validate::time_constant;
/// assert!(time_constant("tau", 10.0 * ms).is_ok());
/// let err = time_constant("tau", 5e-324 * neurodim_units::s).unwrap_err();
/// assert!(err.to_string().ends_with("(must be > 0 with a finite 1/tau)"));
/// ```
pub fn time_constant(param: &'static str, tau: Time) -> Result<Time, UnitsError> {
    let tau = positive(param, tau)?;
    // `value` is in SI base units (s), what the models divide by.
    if (1.0 / tau.value).is_finite() {
        Ok(tau)
    } else {
        Err(UnitsError::invalid(param, tau.display(), "must be > 0 with a finite 1/tau"))
    }
}

/// `tau` (a [`time_constant`]) must be steppable with `dt`: `dt/τ` finite, so that the
/// per-step constants derived from it (the propagator `e^{−dt/τ}` and the exponential-Euler
/// factor `dt·exprel(−dt/τ)`, about `τ` when `dt ≫ τ`) are what they should be. With
/// `dt/τ = ∞` (say `τ = 1e-10 s` at `dt = 1e300 s`) the factor becomes `dt·0 = 0` and the
/// state it should relax in one step never moves. The value in the error names `dt`.
///
/// ```
/// use neurodim_units::prelude::*;
/// use neurodim_units::validate::time_step;
/// assert!(time_step("tau", 1e-300 * neurodim_units::s, 0.1 * ms).is_ok());
/// let (tau, dt) = (1e-10 * neurodim_units::s, 1e300 * neurodim_units::s);
/// let err = time_step("tau", tau, dt).unwrap_err();
/// assert_eq!(err.to_string(), "invalid tau: 1e-10 s at dt = 1e300 s (dt/tau must be finite)");
/// ```
pub fn time_step(param: &'static str, tau: Time, dt: Time) -> Result<Time, UnitsError> {
    let tau = time_constant(param, tau)?;
    if (dt.value / tau.value).is_finite() {
        Ok(tau)
    } else {
        // in seconds and scientific notation: only extreme values reach this error
        let value = format!("{:e} s at dt = {:e} s", tau.value, dt.value);
        Err(UnitsError::invalid(param, value, "dt/tau must be finite"))
    }
}

/// `value` must be finite and not negative (a refractory period, a delay, a rate).
///
/// ```
/// use neurodim_units::prelude::*;
/// use neurodim_units::validate::non_negative;
/// assert!(non_negative("tau_ref", 0.0 * ms).is_ok());
/// assert!(non_negative("tau_ref", -1.0 * ms).is_err());
/// ```
pub fn non_negative<Q: DisplayField>(param: &'static str, value: Q) -> Result<Q, UnitsError> {
    let x = finite(param, value)?.value_in(Q::FIELD_UNIT);
    if x >= 0.0 {
        Ok(value)
    } else {
        Err(UnitsError::invalid(param, value.display(), "must be >= 0"))
    }
}

/// A bare number must be finite.
///
/// ```
/// use neurodim_units::validate::finite_number;
/// assert!(finite_number("beta", 0.1).is_ok());
/// assert!(finite_number("beta", f64::INFINITY).is_err());
/// ```
pub fn finite_number(param: &'static str, value: f64) -> Result<f64, UnitsError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(UnitsError::invalid(param, value, "must be finite"))
    }
}

/// A bare number must be finite and strictly positive.
///
/// ```
/// use neurodim_units::validate::positive_number;
/// assert!(positive_number("alpha", 4.0).is_ok());
/// assert!(positive_number("alpha", 0.0).is_err());
/// ```
pub fn positive_number(param: &'static str, value: f64) -> Result<f64, UnitsError> {
    if finite_number(param, value)? > 0.0 {
        Ok(value)
    } else {
        Err(UnitsError::invalid(param, value, "must be > 0"))
    }
}

/// A bare number must be finite and not negative.
///
/// ```
/// use neurodim_units::validate::non_negative_number;
/// assert!(non_negative_number("c", 0.0).is_ok());
/// assert!(non_negative_number("c", -0.5).is_err());
/// ```
pub fn non_negative_number(param: &'static str, value: f64) -> Result<f64, UnitsError> {
    if finite_number(param, value)? >= 0.0 {
        Ok(value)
    } else {
        Err(UnitsError::invalid(param, value, "must be >= 0"))
    }
}
