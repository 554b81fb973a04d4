//! The forward-mode dual number that carries `∂f/∂x` through a right-hand side.

use core::ops::{
    Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Rem, RemAssign, Sub, SubAssign,
};

use neurodim_units::exprel;

/// A forward-mode dual number `re + eps·ε` with `ε² = 0`: a value and its derivative with
/// respect to one seeded variable.
///
/// Every operation applies the chain rule, so evaluating a right-hand side `f` at
/// [`Dual::variable(x)`](Dual::variable) yields `f(x)` in [`re`](Dual::re) and the exact
/// derivative `f′(x)` in [`eps`](Dual::eps), in one pass and without finite differences. The
/// value part is computed with exactly the same `f64` operations as plain code, so it is
/// bit-for-bit the `f64` result.
///
/// `Dual` is also a storage type for uom quantities (see [`Lift`](super::Lift) and
/// [`dq`](super::dq)), which is how [`exp_euler_step`](super::exp_euler_step) differentiates
/// ordinary unit-checked code.
///
/// Comparisons (`<`, `==`, `max`, `abs`, …) look at the value only, so a branch differentiates
/// the side actually taken (as JAX does).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// let x = Dual::variable(2.0);
/// let y = x * x * 3.0 + 1.0; // 3x² + 1
/// assert_eq!(y.re, 13.0);
/// assert_eq!(y.eps, 12.0); // 6x
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Dual {
    /// The value, `f(x)`.
    pub re: f64,
    /// The derivative with respect to the seeded variable, `f′(x)`.
    pub eps: f64,
}

impl Dual {
    /// The independent variable at `x`: value `x`, derivative `1`.
    #[inline]
    pub const fn variable(x: f64) -> Self {
        Dual { re: x, eps: 1.0 }
    }

    /// A constant: value `c`, derivative `0` (a parameter, or a state frozen for this step).
    ///
    /// Use it where a plain number must meet a dual quantity, which uom does not allow
    /// directly: `q * Dual::constant(2.0)`.
    #[inline]
    pub const fn constant(c: f64) -> Self {
        Dual { re: c, eps: 0.0 }
    }

    /// Applies a scalar function given its value `f(re)` and derivative `f′(re)`:
    /// `f(re) + f′(re)·eps·ε` (the chain rule).
    #[inline]
    pub(crate) fn chain(self, value: f64, derivative: f64) -> Self {
        Dual { re: value, eps: derivative * self.eps }
    }

    /// The relative exponential `exprel(x) = (eˣ − 1)/x` with its exact derivative.
    ///
    /// The value is [`neurodim_units::exprel`] of the value, bit for bit; the derivative
    /// `exprel′(x) = (x·eˣ − eˣ + 1)/x²` is evaluated by its Taylor series
    /// `Σ_{k≥1} k·x^(k−1)/(k+1)!` for `|x| < 1/2`, where the closed form cancels, so it is
    /// accurate to a few ulp everywhere, including through `x = 0`. This is what makes
    /// Hodgkin–Huxley rates such as `αₘ = 1/exprel(−(V + 40 mV)/10 mV)` per ms smooth
    /// (and differentiable) at their removable `0/0`.
    #[inline]
    pub fn exprel(self) -> Self {
        self.chain(exprel(self.re), exprel_derivative(self.re))
    }
}

/// `d/dx exprel(x)`, accurate to a few ulp for every `x`.
fn exprel_derivative(x: f64) -> f64 {
    /// Below this magnitude the closed form loses more than a few ulp to cancellation
    /// (its relative error is about 4ε/|x|), and 17 Taylor terms are exact to < 1e-17.
    const SERIES_BELOW: f64 = 0.5;
    if x.abs() < SERIES_BELOW {
        // Horner form of Σ_{k=1}^{17} k·x^(k−1)/(k+1)!, from the highest term down.
        let mut sum = 0.0;
        let mut k = 17u32;
        while k >= 1 {
            sum = sum * x + f64::from(k) / factorial(k + 1);
            k -= 1;
        }
        sum
    } else {
        let e = x.exp();
        (x * e - e + 1.0) / (x * x)
    }
}

/// `n!` as `f64` (exact for the n ≤ 18 used here).
fn factorial(n: u32) -> f64 {
    (2..=n).map(f64::from).product()
}

impl PartialEq for Dual {
    /// Equal values; the derivative is not compared (see the type's documentation).
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.re == other.re
    }
}

impl PartialOrd for Dual {
    /// Orders by value only.
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        self.re.partial_cmp(&other.re)
    }
}

impl From<f64> for Dual {
    /// A constant (derivative 0).
    #[inline]
    fn from(c: f64) -> Self {
        Dual::constant(c)
    }
}

impl Neg for Dual {
    type Output = Dual;
    #[inline]
    fn neg(self) -> Dual {
        Dual { re: -self.re, eps: -self.eps }
    }
}

impl Add for Dual {
    type Output = Dual;
    #[inline]
    fn add(self, rhs: Dual) -> Dual {
        Dual { re: self.re + rhs.re, eps: self.eps + rhs.eps }
    }
}

impl Sub for Dual {
    type Output = Dual;
    #[inline]
    fn sub(self, rhs: Dual) -> Dual {
        Dual { re: self.re - rhs.re, eps: self.eps - rhs.eps }
    }
}

impl Mul for Dual {
    type Output = Dual;
    /// `(a + a′ε)(b + b′ε) = ab + (a′b + ab′)ε`.
    ///
    /// A constant factor (`b′ = 0`) takes the short form `a′b`: the same number (`a·0 = 0` for
    /// finite `a`), but without the dependence on `a` that would stop the optimiser from
    /// overlapping a constant Jacobian with the value computation.
    #[inline]
    fn mul(self, rhs: Dual) -> Dual {
        let eps = if rhs.eps == 0.0 {
            self.eps * rhs.re
        } else if self.eps == 0.0 {
            self.re * rhs.eps
        } else {
            self.eps * rhs.re + self.re * rhs.eps
        };
        Dual { re: self.re * rhs.re, eps }
    }
}

impl Div for Dual {
    type Output = Dual;
    /// `(a + a′ε)/(b + b′ε) = a/b + (a′ − (a/b)·b′)/b · ε`; `a′/b` for a constant divisor
    /// (the same number; see `mul`).
    #[inline]
    fn div(self, rhs: Dual) -> Dual {
        let re = self.re / rhs.re;
        let eps =
            if rhs.eps == 0.0 { self.eps / rhs.re } else { (self.eps - re * rhs.eps) / rhs.re };
        Dual { re, eps }
    }
}

impl Rem for Dual {
    type Output = Dual;
    /// `a mod b = a − b·trunc(a/b)`; the quotient is piecewise constant, so the derivative is
    /// `a′ − b′·trunc(a/b)`.
    #[inline]
    fn rem(self, rhs: Dual) -> Dual {
        let q = (self.re / rhs.re).trunc();
        Dual { re: self.re % rhs.re, eps: self.eps - rhs.eps * q }
    }
}

/// `Dual ∘ f64` and `f64 ∘ Dual` for every arithmetic operator, through `Dual::constant`.
macro_rules! mixed_ops {
    ($($op:ident $method:ident, $assign:ident $assign_method:ident;)*) => {$(
        impl $op<f64> for Dual {
            type Output = Dual;
            #[inline]
            fn $method(self, rhs: f64) -> Dual {
                self.$method(Dual::constant(rhs))
            }
        }
        impl $op<Dual> for f64 {
            type Output = Dual;
            #[inline]
            fn $method(self, rhs: Dual) -> Dual {
                Dual::constant(self).$method(rhs)
            }
        }
        impl $assign for Dual {
            #[inline]
            fn $assign_method(&mut self, rhs: Dual) {
                *self = (*self).$method(rhs);
            }
        }
        impl $assign<f64> for Dual {
            #[inline]
            fn $assign_method(&mut self, rhs: f64) {
                *self = (*self).$method(Dual::constant(rhs));
            }
        }
    )*};
}

mixed_ops! {
    Add add, AddAssign add_assign;
    Sub sub, SubAssign sub_assign;
    Mul mul, MulAssign mul_assign;
    Div div, DivAssign div_assign;
    Rem rem, RemAssign rem_assign;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::integrate::Dual;

    #[test]
    fn product_and_quotient_rules() {
        let x = Dual::variable(1.5);
        let y = (x * x + 2.0) / (x - 4.0); // (x² + 2)/(x − 4)
        let analytic = (2.0 * 1.5 * (1.5 - 4.0) - (1.5 * 1.5 + 2.0)) / ((1.5f64 - 4.0).powi(2));
        assert_eq!(y.re, (1.5 * 1.5 + 2.0) / (1.5 - 4.0));
        assert!((y.eps - analytic).abs() <= 1e-15 * analytic.abs());
    }

    /// The constant-operand short forms of `mul` and `div` give the same numbers as the full
    /// product and quotient rules whenever the value is finite (dividing by zero, the full rule
    /// gives NaN from `∞·0` and the short form ±∞; both are meaningless there).
    #[test]
    fn constant_operand_short_forms_equal_the_full_rules() {
        let values = [-3.7, -1e-300, -0.0, 0.0, 2.5e-8, 1.0, 6.02e23];
        for &a in &values {
            for &a_eps in &[0.0, 1.0, -0.3] {
                for &b in &values {
                    let (x, c) = (Dual { re: a, eps: a_eps }, Dual::constant(b));
                    let full_mul = a_eps * b + a * 0.0;
                    assert_eq!((x * c).eps, full_mul, "{a} {a_eps} * {b}");
                    assert_eq!((c * x).eps, 0.0 * a + b * a_eps, "{b} * {a} {a_eps}");
                    if (a / b).is_finite() {
                        let full_div = (a_eps - (a / b) * 0.0) / b;
                        assert_eq!((x / c).eps, full_div, "{a} {a_eps} / {b}");
                    }
                }
            }
        }
    }

    #[test]
    fn mixed_operands_are_constants() {
        let x = Dual::variable(2.0);
        let y = 1.0 - 3.0 / x; // derivative 3/x²
        assert_eq!((y.re, y.eps), (-0.5, 0.75));
        let mut z = x;
        z *= 4.0;
        z -= x;
        assert_eq!((z.re, z.eps), (6.0, 3.0));
    }

    #[test]
    fn remainder_derivative_is_one_in_the_dividend() {
        let y = Dual::variable(7.5) % Dual::constant(2.0);
        assert_eq!((y.re, y.eps), (1.5, 1.0));
    }

    /// The closed form `(x eˣ − eˣ + 1)/x²` is accurate for |x| ≥ 1/2 (checked against the series
    /// at the switch point) and the derivative is continuous there.
    #[test]
    fn exprel_derivative_is_continuous_at_the_series_switch() {
        let below = exprel_derivative(0.5 - 1e-15);
        let e = 0.5f64.exp();
        let closed = (0.5 * e - e + 1.0) / 0.25;
        assert!((below - closed).abs() <= 4.0 * f64::EPSILON * closed);
    }

    /// Reference: central differences of the closed form `expm1(x)/x` at moderate x, where
    /// they are accurate to ~1e-10 (h = 1e-5, truncation h²·exprel‴/6 ≲ 1e-11).
    #[test]
    fn exprel_derivative_matches_central_differences() {
        for &x in &[-3.0, -0.7, -0.3, -1e-3, 1e-3, 0.2, 0.49, 2.0] {
            let h = 1e-5;
            let fd = (exprel(x + h) - exprel(x - h)) / (2.0 * h);
            assert!((exprel_derivative(x) - fd).abs() < 1e-9, "x = {x}");
        }
    }

    #[test]
    fn exprel_value_is_the_units_crate_exprel() {
        for &x in &[-2.0, -1e-9, 0.0, 1e-12, 0.3, 5.0] {
            assert_eq!(Dual::variable(x).exprel().re.to_bits(), exprel(x).to_bits());
        }
    }

    #[test]
    fn a_variable_has_unit_derivative() {
        assert_eq!(Dual::variable(-0.065).eps, 1.0);
    }

    #[test]
    fn a_constant_has_no_derivative() {
        let y = Dual::variable(3.0) * Dual::constant(2.0);
        assert_eq!((y.re, y.eps), (6.0, 2.0));
    }

    #[test]
    fn exprel_and_its_derivative_at_zero() {
        let at_zero = Dual::variable(0.0).exprel();
        assert_eq!((at_zero.re, at_zero.eps), (1.0, 0.5));
    }
}
