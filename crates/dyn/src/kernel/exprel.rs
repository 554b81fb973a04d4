//! `exprel(x) = (eˣ − 1)/x` in the precision of a kernel: the same polynomials and limits as
//! [`neurodim_units::exprel_fast`], evaluated in `F` (in `f64`, the same operations, so the
//! same bits).

use neurodim_state::Precision;
use neurodim_units::{EXPREL_NARROW_LIMIT, EXPREL_POLY_LIMIT, EXPREL_TAYLOR_THRESHOLD};

/// `exprel` for `|x| ≤ 1/64`: the degree-6 Taylor polynomial of
/// [`exprel_narrow`](neurodim_units::exprel_narrow), in `F`.
///
/// ```
/// use neurodim_dyn::kernel::exprel_narrow_in;
/// assert_eq!(exprel_narrow_in(0.01f64), neurodim_units::exprel_narrow(0.01));
/// assert!((f64::from(exprel_narrow_in(0.01f32)) - neurodim_units::exprel_narrow(0.01)).abs() < 1e-7);
/// ```
#[inline(always)]
pub fn exprel_narrow_in<F: Precision>(x: F) -> F {
    let c = |k: f64| F::of(k);
    let x2 = x * x;
    let x4 = x2 * x2;
    let q = ((c(1.0 / 2.0) + c(1.0 / 6.0) * x) + (c(1.0 / 24.0) + c(1.0 / 120.0) * x) * x2)
        + (c(1.0 / 720.0) + c(1.0 / 5040.0) * x) * x4;
    F::one() + x * q
}

/// `exprel` for `|x| ≤ 1/2`: the degree-11 minimax polynomial of
/// [`exprel_poly`](neurodim_units::exprel_poly), in `F`.
///
/// ```
/// use neurodim_dyn::kernel::exprel_poly_in;
/// assert_eq!(exprel_poly_in(0.3f64), neurodim_units::exprel_poly(0.3));
/// ```
#[inline(always)]
pub fn exprel_poly_in<F: Precision>(x: F) -> F {
    const C: [f64; 11] = [
        0.5,
        0.16666666666666832,
        0.04166666666666353,
        0.008333333333200452,
        0.0013888888889838319,
        0.0001984127014073245,
        2.4801586343262292e-05,
        2.7557044239325047e-06,
        2.7557659577156085e-07,
        2.516242590485906e-08,
        2.0869554366976158e-09,
    ];
    let c = |k: usize| F::of(C[k]);
    let x2 = x * x;
    let x4 = x2 * x2;
    let p1 = c(0) * x;
    let p23 = c(1) + c(2) * x;
    let p45 = c(3) + c(4) * x;
    let p67 = c(5) + c(6) * x;
    let p89 = c(7) + c(8) * x;
    let p1011 = c(9) + c(10) * x;
    let low = p1 + p23 * x2;
    let mid = p45 + p67 * x2;
    let high = p89 + p1011 * x2;
    F::one() + (low + (mid + high * x4) * x4)
}

/// `exprel(x)`, brainstate's definition (`expm1(x)/x`, a Taylor polynomial near 0), in `F`.
///
/// ```
/// use neurodim_dyn::kernel::exprel_in;
/// assert_eq!(exprel_in(2.0f64), neurodim_units::exprel(2.0));
/// ```
#[inline]
pub fn exprel_in<F: Precision>(x: F) -> F {
    if x.abs() <= F::of(EXPREL_TAYLOR_THRESHOLD) {
        F::one() + x / F::of(2.0) + x * x / F::of(6.0)
    } else {
        x.exp_m1() / x
    }
}

/// [`exprel_narrow_in`] for `|x| ≤ 1/64`, [`exprel_poly_in`] for `|x| ≤ 1/2`, [`exprel_in`]
/// beyond: [`neurodim_units::exprel_fast`] in `F`.
///
/// ```
/// use neurodim_dyn::kernel::exprel_fast_in;
/// for x in [0.001, 0.2, 3.0] {
///     assert_eq!(exprel_fast_in(x), neurodim_units::exprel_fast(x));
/// }
/// ```
#[inline(always)]
pub fn exprel_fast_in<F: Precision>(x: F) -> F {
    if x.abs() <= F::of(EXPREL_NARROW_LIMIT) {
        exprel_narrow_in(x)
    } else if x.abs() <= F::of(EXPREL_POLY_LIMIT) {
        exprel_poly_in(x)
    } else {
        exprel_in(x)
    }
}

#[cfg(test)]
mod tests {
    use neurodim_units::{exprel_narrow, exprel_poly};

    use super::*;

    /// In `f64` each is bit for bit the units crate's function (the reference), over the
    /// ranges of each branch and their limits.
    #[test]
    fn in_f64_the_bits_of_the_units_crate() {
        let xs = (0..4001).map(|k| (k as f64 - 2000.0) * 1e-3).chain([
            EXPREL_NARROW_LIMIT,
            -EXPREL_NARROW_LIMIT,
            EXPREL_POLY_LIMIT,
            -EXPREL_POLY_LIMIT,
            1e-9,
            0.0,
        ]);
        for x in xs {
            assert_eq!(exprel_fast_in(x).to_bits(), neurodim_units::exprel_fast(x).to_bits());
            assert_eq!(exprel_in(x).to_bits(), neurodim_units::exprel(x).to_bits());
            if x.abs() <= EXPREL_POLY_LIMIT {
                assert_eq!(exprel_poly_in(x).to_bits(), exprel_poly(x).to_bits());
                assert_eq!(exprel_narrow_in(x).to_bits(), exprel_narrow(x).to_bits());
            }
        }
    }

    /// In `f32` within a few ulp of the exact value (the `f64` function).
    #[test]
    fn in_f32_within_a_few_ulp() {
        for k in 0..2001 {
            let x = (k as f64 - 1000.0) * 2e-3;
            let exact = neurodim_units::exprel(x);
            let narrow = f64::from(exprel_fast_in(x as f32));
            assert!((narrow - exact).abs() <= 4.0 * f64::from(f32::EPSILON) * exact, "x = {x}");
        }
    }
}
