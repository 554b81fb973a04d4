//! `num_traits` for [`Dual`]: what uom requires of a storage type (`Num`, `Signed` for
//! negation, `Float` for `Ratio::exp`, `max`, `recip`, …). Each function applies the chain
//! rule to the `f64` function of the same name.

use core::num::FpCategory;

use num_traits::{Float, Num, NumCast, One, Signed, ToPrimitive, Zero};

use super::Dual;

impl Zero for Dual {
    #[inline]
    fn zero() -> Self {
        Dual::constant(0.0)
    }
    #[inline]
    fn is_zero(&self) -> bool {
        self.re == 0.0
    }
}

impl One for Dual {
    #[inline]
    fn one() -> Self {
        Dual::constant(1.0)
    }
}

impl Num for Dual {
    type FromStrRadixErr = <f64 as Num>::FromStrRadixErr;
    /// Parses a constant.
    fn from_str_radix(text: &str, radix: u32) -> Result<Self, Self::FromStrRadixErr> {
        f64::from_str_radix(text, radix).map(Dual::constant)
    }
}

impl ToPrimitive for Dual {
    #[inline]
    fn to_i64(&self) -> Option<i64> {
        self.re.to_i64()
    }
    #[inline]
    fn to_u64(&self) -> Option<u64> {
        self.re.to_u64()
    }
    #[inline]
    fn to_f64(&self) -> Option<f64> {
        Some(self.re)
    }
}

impl NumCast for Dual {
    /// A constant with the value of `n`.
    #[inline]
    fn from<T: ToPrimitive>(n: T) -> Option<Self> {
        n.to_f64().map(Dual::constant)
    }
}

impl Signed for Dual {
    #[inline]
    fn abs(&self) -> Self {
        Float::abs(*self)
    }
    #[inline]
    fn abs_sub(&self, other: &Self) -> Self {
        Float::abs_sub(*self, *other)
    }
    #[inline]
    fn signum(&self) -> Self {
        Float::signum(*self)
    }
    #[inline]
    fn is_positive(&self) -> bool {
        self.re > 0.0
    }
    #[inline]
    fn is_negative(&self) -> bool {
        self.re < 0.0
    }
}

/// Constants of `f64` as dual constants.
macro_rules! constants {
    ($($name:ident),*) => {$(
        #[inline]
        fn $name() -> Self {
            Dual::constant(<f64 as Float>::$name())
        }
    )*};
}

/// Predicates on the value.
macro_rules! predicates {
    ($($name:ident),*) => {$(
        #[inline]
        fn $name(self) -> bool {
            self.re.$name()
        }
    )*};
}

/// Piecewise-constant functions: derivative 0 (almost everywhere).
macro_rules! piecewise_constant {
    ($($name:ident),*) => {$(
        #[inline]
        fn $name(self) -> Self {
            Dual::constant(self.re.$name())
        }
    )*};
}

/// Smooth unary functions, given their derivative in terms of `x` (the value) and `y = f(x)`.
macro_rules! smooth {
    ($($name:ident: |$x:ident, $y:ident| $derivative:expr;)*) => {$(
        #[inline]
        fn $name(self) -> Self {
            let $x = self.re;
            let $y = $x.$name();
            self.chain($y, $derivative)
        }
    )*};
}

impl Float for Dual {
    constants!(
        nan,
        infinity,
        neg_infinity,
        neg_zero,
        min_value,
        min_positive_value,
        epsilon,
        max_value
    );
    predicates!(
        is_nan,
        is_infinite,
        is_finite,
        is_normal,
        is_subnormal,
        is_sign_positive,
        is_sign_negative
    );
    piecewise_constant!(floor, ceil, round, trunc, signum);

    smooth! {
        abs: |x, _y| if x < 0.0 { -1.0 } else { 1.0 };
        fract: |_x, _y| 1.0;
        recip: |_x, y| -y * y;
        sqrt: |_x, y| 0.5 / y;
        cbrt: |_x, y| 1.0 / (3.0 * y * y);
        exp: |_x, y| y;
        exp2: |_x, y| y * core::f64::consts::LN_2;
        exp_m1: |_x, y| y + 1.0;
        ln: |x, _y| 1.0 / x;
        ln_1p: |x, _y| 1.0 / (1.0 + x);
        log2: |x, _y| 1.0 / (x * core::f64::consts::LN_2);
        log10: |x, _y| 1.0 / (x * core::f64::consts::LN_10);
        sin: |x, _y| x.cos();
        cos: |x, _y| -x.sin();
        tan: |_x, y| 1.0 + y * y;
        asin: |x, _y| 1.0 / (1.0 - x * x).sqrt();
        acos: |x, _y| -1.0 / (1.0 - x * x).sqrt();
        atan: |x, _y| 1.0 / (1.0 + x * x);
        sinh: |x, _y| x.cosh();
        cosh: |x, _y| x.sinh();
        tanh: |_x, y| 1.0 - y * y;
        asinh: |x, _y| 1.0 / (x * x + 1.0).sqrt();
        acosh: |x, _y| 1.0 / (x * x - 1.0).sqrt();
        atanh: |x, _y| 1.0 / (1.0 - x * x);
        to_degrees: |_x, _y| 180.0 / core::f64::consts::PI;
        to_radians: |_x, _y| core::f64::consts::PI / 180.0;
    }

    #[inline]
    fn classify(self) -> FpCategory {
        self.re.classify()
    }
    #[inline]
    fn mul_add(self, a: Self, b: Self) -> Self {
        Dual { re: self.re.mul_add(a.re, b.re), eps: self.eps * a.re + self.re * a.eps + b.eps }
    }
    /// `d(xⁿ) = n·xⁿ⁻¹·dx` (0 for `n = 0`, also at `x = 0`).
    #[inline]
    fn powi(self, n: i32) -> Self {
        let derivative =
            if n == 0 { 0.0 } else { <f64 as From<i32>>::from(n) * self.re.powi(n - 1) };
        self.chain(self.re.powi(n), derivative)
    }
    /// `d(xⁿ) = n·xⁿ⁻¹·dx + xⁿ·ln x·dn` (each term only when its part varies; the first is 0
    /// for `n = 0`, also at `x = 0`).
    #[inline]
    fn powf(self, n: Self) -> Self {
        let re = self.re.powf(n.re);
        let d_base = if self.eps == 0.0 || n.re == 0.0 {
            0.0
        } else {
            n.re * self.re.powf(n.re - 1.0) * self.eps
        };
        let d_exponent = if n.eps == 0.0 { 0.0 } else { re * self.re.ln() * n.eps };
        Dual { re, eps: d_base + d_exponent }
    }
    #[inline]
    fn log(self, base: Self) -> Self {
        self.ln() / base.ln()
    }
    #[inline]
    fn max(self, other: Self) -> Self {
        if other.re > self.re || self.re.is_nan() { other } else { self }
    }
    #[inline]
    fn min(self, other: Self) -> Self {
        if other.re < self.re || self.re.is_nan() { other } else { self }
    }
    #[inline]
    fn abs_sub(self, other: Self) -> Self {
        if self.re > other.re { self - other } else { Dual::constant(0.0) }
    }
    #[inline]
    fn hypot(self, other: Self) -> Self {
        let re = self.re.hypot(other.re);
        Dual { re, eps: (self.re * self.eps + other.re * other.eps) / re }
    }
    #[inline]
    fn atan2(self, other: Self) -> Self {
        let r2 = self.re * self.re + other.re * other.re;
        Dual { re: self.re.atan2(other.re), eps: (other.re * self.eps - self.re * other.eps) / r2 }
    }
    #[inline]
    fn sin_cos(self) -> (Self, Self) {
        let (sin, cos) = self.re.sin_cos();
        (self.chain(sin, cos), self.chain(cos, -sin))
    }
    #[inline]
    fn integer_decode(self) -> (u64, i16, i8) {
        Float::integer_decode(self.re)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each smooth function's derivative against a central difference of the `f64` function
    /// (h = 1e-6: truncation ~h²·f‴ ≲ 1e-11, rounding ~ε/h ≈ 1e-10).
    #[test]
    fn smooth_derivatives_match_central_differences() {
        /// Name, dual function, f64 function, evaluation point.
        type Case = (&'static str, fn(Dual) -> Dual, fn(f64) -> f64, f64);
        let cases: &[Case] = &[
            ("exp", Float::exp, f64::exp, 0.3),
            ("exp2", Float::exp2, f64::exp2, 0.3),
            ("exp_m1", Float::exp_m1, f64::exp_m1, -0.4),
            ("ln", Float::ln, f64::ln, 1.7),
            ("ln_1p", Float::ln_1p, f64::ln_1p, 0.2),
            ("log2", Float::log2, f64::log2, 3.0),
            ("log10", Float::log10, f64::log10, 3.0),
            ("sqrt", Float::sqrt, f64::sqrt, 2.0),
            ("cbrt", Float::cbrt, f64::cbrt, 2.0),
            ("recip", Float::recip, f64::recip, -1.3),
            ("sin", Float::sin, f64::sin, 0.9),
            ("cos", Float::cos, f64::cos, 0.9),
            ("tan", Float::tan, f64::tan, 0.9),
            ("asin", Float::asin, f64::asin, 0.4),
            ("acos", Float::acos, f64::acos, 0.4),
            ("atan", Float::atan, f64::atan, 0.4),
            ("sinh", Float::sinh, f64::sinh, 0.6),
            ("cosh", Float::cosh, f64::cosh, 0.6),
            ("tanh", Float::tanh, f64::tanh, 0.6),
            ("asinh", Float::asinh, f64::asinh, 0.6),
            ("acosh", Float::acosh, f64::acosh, 1.6),
            ("atanh", Float::atanh, f64::atanh, 0.6),
            ("abs", Float::abs, f64::abs, -0.6),
            ("fract", Float::fract, f64::fract, 2.25),
            ("to_degrees", Float::to_degrees, f64::to_degrees, 1.0),
            ("to_radians", Float::to_radians, f64::to_radians, 1.0),
        ];
        for &(name, dual_f, f, x) in cases {
            let h = 1e-6;
            let fd = (f(x + h) - f(x - h)) / (2.0 * h);
            let y = dual_f(Dual::variable(x));
            assert_eq!(y.re.to_bits(), f(x).to_bits(), "{name}: value");
            assert!((y.eps - fd).abs() < 1e-8 * fd.abs().max(1.0), "{name}: {} vs {fd}", y.eps);
        }
    }

    #[test]
    fn binary_functions_differentiate_both_arguments() {
        let x = Dual::variable(1.5);
        assert_eq!(x.powi(3).eps, 3.0 * 1.5 * 1.5);
        assert!((x.powf(Dual::constant(2.5)).eps - 2.5 * 1.5f64.powf(1.5)).abs() < 1e-15);
        let y = Dual::constant(2.0).powf(x); // 2ˣ ln 2
        assert!((y.eps - 2f64.powf(1.5) * 2f64.ln()).abs() < 1e-15);
        assert!((x.hypot(Dual::constant(2.0)).eps - 1.5 / 2.5).abs() < 1e-15);
        assert!((x.atan2(Dual::constant(2.0)).eps - 2.0 / 6.25).abs() < 1e-15);
        assert!((x.log(Dual::constant(2.0)).eps - 1.0 / (1.5 * 2f64.ln())).abs() < 1e-15);
        let zero = Dual::variable(0.0);
        assert_eq!((zero.powi(0).eps, zero.powf(Dual::constant(0.0)).eps), (0.0, 0.0));
        assert_eq!((zero.powi(1).eps, zero.powi(2).eps), (1.0, 0.0));
        let fma = x.mul_add(Dual::constant(4.0), x); // 4x + x
        assert_eq!((fma.re, fma.eps), (7.5, 5.0));
        let (sin, cos) = x.sin_cos();
        assert_eq!((sin.eps, cos.eps), (1.5f64.cos(), -1.5f64.sin()));
    }

    #[test]
    fn branches_follow_the_value() {
        let x = Dual::variable(1.0);
        assert_eq!(Float::max(x, Dual::constant(0.0)).eps, 1.0);
        assert_eq!(Float::max(x, Dual::constant(2.0)).eps, 0.0);
        assert_eq!(Float::min(x, Dual::constant(2.0)).eps, 1.0);
        assert_eq!(Float::abs_sub(x, Dual::constant(2.0)).eps, 0.0);
        assert_eq!(Float::floor(Dual::variable(1.7)).eps, 0.0);
        assert!(Signed::is_positive(&x) && !Signed::is_negative(&x));
        assert_eq!(<Dual as NumCast>::from(3u8), Some(Dual::constant(3.0)));
        assert_eq!(Dual::from_str_radix("2.5", 10).ok(), Some(Dual::constant(2.5)));
        assert_eq!(x.to_f64(), Some(1.0));
    }
}
