//! The embedded Runge–Kutta–Fehlberg 4(5) method with adaptive step size, exactly as GSL's
//! `gsl_odeiv` (`rkf45.c`, the standard control `cstd.c`, `evolve.c`) computes it, which is how
//! NEST integrates its nonlinear models (`iaf_cond_*`, `aeif_*`, `hh_psc_alpha`).

/// The standard error control of GSL (`gsl_odeiv_control_standard_new`): a step is accepted
/// when every component's error estimate `|e_i|` is within
/// `D_i = ε_abs + ε_rel·(a_y·|y_i| + a_dydt·h·|y'_i|)`; the next step grows or shrinks with the
/// largest ratio `|e_i|/D_i` (by at most ×5 and ×0.2).
///
/// ```
/// use neurodim_dyn::integrate::ErrorControl;
/// // NEST's iaf_cond_exp: absolute 1e-3 on the values, in NEST's units (mV, nS)
/// let control = ErrorControl::values(1e-3, 0.0)?;
/// assert_eq!(control, ErrorControl::standard(1e-3, 0.0, 1.0, 0.0)?);
/// assert!(ErrorControl::values(-1.0, 0.0).is_err());
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErrorControl {
    eps_abs: f64,
    eps_rel: f64,
    a_y: f64,
    a_dydt: f64,
}

impl ErrorControl {
    /// NEST's control of its `iaf_cond_*` and `hh_psc_alpha` models: absolute 10⁻³ on the
    /// values, in NEST's units (mV, nS, pA).
    pub const NEST_VALUES: ErrorControl =
        ErrorControl { eps_abs: 1e-3, eps_rel: 0.0, a_y: 1.0, a_dydt: 0.0 };

    /// GSL's standard control with all four coefficients (each finite and ≥ 0, the two
    /// tolerances not both 0); each error names its parameter.
    pub fn standard(
        eps_abs: f64,
        eps_rel: f64,
        a_y: f64,
        a_dydt: f64,
    ) -> Result<Self, crate::DynError> {
        use neurodim_units::validate::non_negative_number;
        non_negative_number("eps_abs", eps_abs)?;
        non_negative_number("eps_rel", eps_rel)?;
        non_negative_number("a_y", a_y)?;
        non_negative_number("a_dydt", a_dydt)?;
        if eps_abs == 0.0 && eps_rel == 0.0 {
            return Err(crate::DynError::invalid(
                "eps_abs",
                eps_abs,
                "and eps_rel must not both be 0",
            ));
        }
        Ok(ErrorControl { eps_abs, eps_rel, a_y, a_dydt })
    }

    /// The absolute tolerance `ε_abs`.
    pub fn eps_abs(&self) -> f64 {
        self.eps_abs
    }

    /// Control on the values (`gsl_odeiv_control_y_new`: `a_y = 1`, `a_dydt = 0`).
    pub fn values(eps_abs: f64, eps_rel: f64) -> Result<Self, crate::DynError> {
        ErrorControl::standard(eps_abs, eps_rel, 1.0, 0.0)
    }

    /// Control on the derivatives (`gsl_odeiv_control_yp_new`: `a_y = 0`, `a_dydt = 1`).
    pub fn derivatives(eps_abs: f64, eps_rel: f64) -> Result<Self, crate::DynError> {
        ErrorControl::standard(eps_abs, eps_rel, 0.0, 1.0)
    }

    /// GSL's `hadjust` for a method of order 5: the step after a step of `h` with error
    /// estimate `err`; `None` keeps `h`, `Some((h', true))` means the step must be rejected.
    fn adjust<const N: usize>(
        &self,
        y: &[f64; N],
        err: &[f64; N],
        dydt: &[f64; N],
        h: f64,
    ) -> Option<(f64, bool)> {
        let mut rmax = f64::MIN_POSITIVE;
        for i in 0..N {
            let d0 = self.eps_rel * (self.a_y * y[i].abs() + self.a_dydt * (h * dydt[i]).abs())
                + self.eps_abs;
            let r = err[i].abs() / d0.abs();
            // GSL's `r > rmax ? r : rmax`: a NaN ratio is ignored
            if r > rmax {
                rmax = r;
            }
        }
        if rmax > 1.1 {
            let r = (0.9 / rmax.powf(1.0 / 5.0)).max(0.2);
            Some((r * h, true))
        } else if rmax < 0.5 {
            let r = (0.9 / rmax.powf(1.0 / 6.0)).clamp(1.0, 5.0);
            Some((r * h, false))
        } else {
            None
        }
    }
}

/// Integrates the autonomous system `y' = f(y)` over an interval `t1` with GSL's adaptive
/// RKF45, as NEST's models do in each step: `t = 0; while t < t1: gsl_odeiv_evolve_apply(…)`.
/// `step` is the step size to try first, updated to the one GSL suggests at the end (NEST
/// carries it from one step to the next, `IntegrationStep_`). Returns the number of accepted
/// sub-steps.
///
/// The arithmetic is GSL's, operation for operation (no fused multiply-add), so a model
/// integrated in NEST's units gives NEST's values bit for bit.
///
/// ```
/// use neurodim_dyn::integrate::{ErrorControl, rkf45_evolve};
/// // y' = −y over 1 from y = 1: e^{−1}, within the tolerance
/// let mut y = [1.0];
/// let mut step = 1.0;
/// let control = ErrorControl::values(1e-9, 0.0)?;
/// let substeps = rkf45_evolve(&mut y, 1.0, &mut step, &control, |y| [-y[0]]);
/// assert!((y[0] - (-1.0f64).exp()).abs() < 1e-9);
/// assert!(substeps > 1 && step < 1.0);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
pub fn rkf45_evolve<const N: usize>(
    y: &mut [f64; N],
    t1: f64,
    step: &mut f64,
    control: &ErrorControl,
    mut f: impl FnMut(&[f64; N]) -> [f64; N],
) -> usize {
    let mut t = 0.0;
    let mut substeps = 0;
    while t < t1 {
        t = rkf45_apply(y, t, t1, step, control, &mut f);
        substeps += 1;
    }
    substeps
}

/// GSL's `gsl_odeiv_evolve_apply` from `t0` towards `t1`: one accepted step of at most `step`
/// (retried with smaller steps while the control rejects it), `step` updated to the next one
/// to try; returns the time reached. For models that act between sub-steps (NEST's `aeif_*`
/// test their threshold after each); [`rkf45_evolve`] is the loop without.
///
/// ```
/// use neurodim_dyn::integrate::{ErrorControl, rkf45_apply};
/// let (mut y, mut step, mut t) = ([1.0], 0.25, 0.0);
/// let control = ErrorControl::values(1e-6, 0.0)?;
/// let mut f = |y: &[f64; 1]| [-y[0]];
/// while t < 1.0 {
///     t = rkf45_apply(&mut y, t, 1.0, &mut step, &control, &mut f);
/// }
/// assert!((y[0] - (-1.0f64).exp()).abs() < 1e-6);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
pub fn rkf45_apply<const N: usize>(
    y: &mut [f64; N],
    t0: f64,
    t1: f64,
    step: &mut f64,
    control: &ErrorControl,
    f: &mut impl FnMut(&[f64; N]) -> [f64; N],
) -> f64 {
    let y0 = *y;
    let dydt_in = f(y);
    let dt = t1 - t0;
    let mut h0 = *step;
    loop {
        let last = h0 > dt;
        if last {
            h0 = dt;
        }
        let (y_new, err, dydt_out) = rkf45_step(&y0, &dydt_in, h0, f);
        *y = y_new;
        let t = if last { t1 } else { t0 + h0 };
        let h_old = h0;
        match control.adjust(y, &err, &dydt_out, h0) {
            Some((h, true)) => {
                if h.abs() < h_old.abs() && t + h != t {
                    // rejected: retry from t0 with the smaller step
                    *y = y0;
                    h0 = h;
                    continue;
                }
                *step = h_old;
            }
            Some((h, false)) => *step = h,
            None => *step = h0,
        }
        return t;
    }
}

/// GSL's `rkf45` step of `h` from `y` (with `k1 = dydt_in`): the 5th-order solution, the error
/// estimate, and `f` at the new point.
#[allow(clippy::type_complexity)]
fn rkf45_step<const N: usize>(
    y: &[f64; N],
    k1: &[f64; N],
    h: f64,
    f: &mut impl FnMut(&[f64; N]) -> [f64; N],
) -> ([f64; N], [f64; N], [f64; N]) {
    // GSL's coefficients, each a double quotient
    const AH0: f64 = 1.0 / 4.0;
    const B3: [f64; 2] = [3.0 / 32.0, 9.0 / 32.0];
    const B4: [f64; 3] = [1932.0 / 2197.0, -7200.0 / 2197.0, 7296.0 / 2197.0];
    const B5: [f64; 4] = [8341.0 / 4104.0, -32832.0 / 4104.0, 29440.0 / 4104.0, -845.0 / 4104.0];
    const B6: [f64; 5] = [
        -6080.0 / 20520.0,
        41040.0 / 20520.0,
        -28352.0 / 20520.0,
        9295.0 / 20520.0,
        -5643.0 / 20520.0,
    ];
    const C1: f64 = 902880.0 / 7618050.0;
    const C3: f64 = 3953664.0 / 7618050.0;
    const C4: f64 = 3855735.0 / 7618050.0;
    const C5: f64 = -1371249.0 / 7618050.0;
    const C6: f64 = 277020.0 / 7618050.0;
    const EC: [f64; 7] =
        [0.0, 1.0 / 360.0, 0.0, -128.0 / 4275.0, -2197.0 / 75240.0, 1.0 / 50.0, 2.0 / 55.0];
    let mut tmp = [0.0; N];
    for i in 0..N {
        tmp[i] = y[i] + AH0 * h * k1[i];
    }
    let k2 = f(&tmp);
    for i in 0..N {
        tmp[i] = y[i] + h * (B3[0] * k1[i] + B3[1] * k2[i]);
    }
    let k3 = f(&tmp);
    for i in 0..N {
        tmp[i] = y[i] + h * (B4[0] * k1[i] + B4[1] * k2[i] + B4[2] * k3[i]);
    }
    let k4 = f(&tmp);
    for i in 0..N {
        tmp[i] = y[i] + h * (B5[0] * k1[i] + B5[1] * k2[i] + B5[2] * k3[i] + B5[3] * k4[i]);
    }
    let k5 = f(&tmp);
    for i in 0..N {
        tmp[i] = y[i]
            + h * (B6[0] * k1[i] + B6[1] * k2[i] + B6[2] * k3[i] + B6[3] * k4[i] + B6[4] * k5[i]);
    }
    let k6 = f(&tmp);
    let mut y_new = [0.0; N];
    for i in 0..N {
        let d = C1 * k1[i] + C3 * k3[i] + C4 * k4[i] + C5 * k5[i] + C6 * k6[i];
        y_new[i] = y[i] + h * d;
    }
    let dydt_out = f(&y_new);
    let mut err = [0.0; N];
    for i in 0..N {
        err[i] =
            h * (EC[1] * k1[i] + EC[3] * k3[i] + EC[4] * k4[i] + EC[5] * k5[i] + EC[6] * k6[i]);
    }
    (y_new, err, dydt_out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A harmonic oscillator over 10 periods of 2π: the energy and the phase within what the
    /// tolerance allows (closed form: cos, −sin).
    #[test]
    fn an_oscillator_keeps_its_phase_within_the_tolerance() {
        let control = ErrorControl::values(1e-10, 0.0).unwrap();
        let (mut y, mut step) = ([1.0, 0.0], 0.1);
        let t = 2.0 * core::f64::consts::PI * 10.0;
        rkf45_evolve(&mut y, t, &mut step, &control, |y| [y[1], -y[0]]);
        assert!((y[0] - t.cos()).abs() < 1e-7 && (y[1] + t.sin()).abs() < 1e-7, "{y:?}");
    }

    /// A step suggestion carried over: the second interval starts with the step the first
    /// ended with, and a tighter tolerance takes more sub-steps.
    #[test]
    fn tighter_tolerances_take_more_substeps() {
        let count = |eps: f64| {
            let control = ErrorControl::values(eps, 0.0).unwrap();
            let (mut y, mut step) = ([1.0], 1.0);
            rkf45_evolve(&mut y, 5.0, &mut step, &control, |y| [-y[0] * y[0]])
        };
        assert!(count(1e-10) > count(1e-4));
    }
}
