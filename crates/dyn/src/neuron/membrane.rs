//! The leaky membrane shared by IF, LIF, LIFRef and ALIF: validated parameters and the
//! per-neuron reset, integration and spike test.

use neurodim_state::Precision;
use neurodim_units::validate::{finite, positive, time_constant};
use neurodim_units::{
    EXPREL_NARROW_LIMIT, EXPREL_POLY_LIMIT, Frequency, Resistance, Time, Voltage,
};

use crate::DynError;
use crate::kernel::{NeuronInput, NeuronInputs, exprel_narrow_in, exprel_poly_in};
use crate::neuron::{SpikeReset, check_above, exp_euler_factor, exp_euler_factor_in};

/// `τ dV/dt = −V + V_rest + R·I`, threshold `V_th`, reset `V_reset` (validated).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Membrane {
    pub(crate) r: Resistance,
    pub(crate) tau: Time,
    /// `1/τ`, so that the per-neuron update multiplies instead of dividing.
    inv_tau: Frequency,
    pub(crate) v_th: Voltage,
    pub(crate) v_reset: Voltage,
    pub(crate) v_rest: Voltage,
    pub(crate) reset: SpikeReset,
}

impl Membrane {
    /// Validates: `R > 0`, `τ > 0`, potentials finite, `V_th > V_reset` (the spike test divides
    /// by `V_th − V_reset`).
    pub(crate) fn new(
        r: Resistance,
        tau: Time,
        v_th: Voltage,
        v_reset: Voltage,
        v_rest: Voltage,
        reset: SpikeReset,
    ) -> Result<Self, DynError> {
        positive("R", r)?;
        time_constant("tau", tau)?;
        finite("V_th", v_th)?;
        finite("V_reset", v_reset)?;
        finite("V_rest", v_rest)?;
        check_above(("V_th", v_th), ("V_reset", v_reset), "must be > V_reset")?;
        Ok(Membrane::unchecked(r, tau, v_th, v_reset, v_rest, reset))
    }

    /// The membrane of parameters validated before (by [`Membrane::new`]).
    pub(crate) fn unchecked(
        r: Resistance,
        tau: Time,
        v_th: Voltage,
        v_reset: Voltage,
        v_rest: Voltage,
        reset: SpikeReset,
    ) -> Self {
        Membrane { r, tau, inv_tau: 1.0 / tau, v_th, v_reset, v_rest, reset }
    }

    /// The constants of a step of `dt` in precision `F`.
    pub(crate) fn consts<F: Precision>(&self, dt: Time) -> MembraneConsts<F> {
        MembraneConsts {
            dt: F::of(dt.value),
            r: F::of(self.r.value),
            inv_tau: F::of(self.inv_tau.value),
            v_th: F::of(self.v_th.value),
            v_reset: F::of(self.v_reset.value),
            v_rest: F::of(self.v_rest.value),
            soft: self.reset == SpikeReset::Soft,
            // `dt · exprel(dt · J)` for the leak alone, `J = −1/τ`: the step factor when
            // there is no synaptic slope (bit-identical to the per-neuron factor with a zero
            // slope)
            leak: F::of(exp_euler_factor(dt, -self.inv_tau).value),
        }
    }
}

/// The constants of the leaky membrane `τ dV/dt = −V + V_rest + R·I` for a step of `dt`, in SI
/// base units of precision `F` (those of IF, LIF, LIFRef and ALIF).
///
/// Derived once per `dt` by the model's `consts`; see [`NeuronModel`](crate::kernel::NeuronModel)
/// for an example of a model's constants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MembraneConsts<F> {
    /// `dt` (s).
    pub dt: F,
    /// `R` (Ω).
    pub r: F,
    /// `1/τ` (1/s), so that the per-neuron update multiplies instead of dividing.
    pub inv_tau: F,
    /// `V_th` (V).
    pub v_th: F,
    /// `V_reset` (V).
    pub v_reset: F,
    /// `V_rest` (V).
    pub v_rest: F,
    /// Soft (subtract `V_th − V_reset`) or hard (set `V_reset`) reset.
    pub soft: bool,
    /// `dt·exprel(−dt/τ)` (s): the step factor without a synaptic slope.
    pub leak: F,
}

impl<F: Precision> MembraneConsts<F> {
    /// The spike test, `H((V − V_th)/(V_th − V_reset))` with `H(x) = [x ≥ 0]`. The denominator
    /// is positive, so this is `V − V_th ≥ 0`.
    #[inline(always)]
    pub(crate) fn fires(&self, v: F) -> bool {
        v - self.v_th >= F::zero()
    }

    /// V after the reset of a neuron whose stored V spiked.
    #[inline(always)]
    pub(crate) fn reset_after(&self, v: F) -> F {
        if self.soft { v - (self.v_th - self.v_reset) } else { self.v_reset }
    }

    /// V at the start of an update: reset if the stored V spiked, unchanged otherwise.
    #[inline(always)]
    pub(crate) fn reset(&self, v: F) -> F {
        if self.fires(v) { self.reset_after(v) } else { v }
    }

    /// The Jacobian of the membrane with a synaptic slope, `J = (−1 + R·slope)/τ`.
    #[inline(always)]
    fn jacobian(&self, slope: F) -> F {
        (self.r * slope - F::one()) * self.inv_tau
    }

    /// The step factor `dt·exprel(dt·J)` of a neuron whose input has `slope`: per neuron when
    /// the inputs have slopes (`has_slope`), the shared leak factor otherwise.
    #[inline(always)]
    pub(crate) fn factor(&self, has_slope: bool, slope: F) -> F {
        if has_slope { exp_euler_factor_in(self.dt, self.jacobian(slope)) } else { self.leak }
    }

    /// One exponential-Euler step from `v` with the step factor `factor`:
    /// `f = (−V + V_rest + R·(I + slope·V))/τ`, `V ← V + factor·f` (without `has_slope`, `I` alone).
    #[inline(always)]
    pub(crate) fn integrate_with_factor(
        &self,
        has_slope: bool,
        factor: F,
        v: F,
        input: &NeuronInput<F>,
    ) -> F {
        let i = if has_slope { input.current + input.slope * v } else { input.current };
        let f = (-v + self.v_rest + self.r * i) * self.inv_tau;
        v + factor * f
    }
}

/// `factors[i] = dt·exprel(dt·J_i)` with `J_i` the Jacobian of neuron `i`'s membrane
/// `m(i)` for the slope of its input: bit for bit the factor
/// [`MembraneConsts::factor`] computes per neuron.
///
/// Passes, so that the common cases vectorise: every factor by the branch-free
/// narrow polynomial (degree 6; brainstate's networks, `|dt·J| ≈ 0.005`, stop here), noting
/// whether any `|dt·J|` is beyond [`EXPREL_NARROW_LIMIT`] (or NaN); only if one is, those
/// by the degree-11 polynomial (strong conductances, as in Brette's COBA), noting whether
/// any is beyond [`EXPREL_POLY_LIMIT`]; and only then those through the full `exprel`.
#[inline(always)]
pub(crate) fn slope_factors<F: Precision, I: NeuronInputs<F>>(
    m: impl Fn(usize) -> MembraneConsts<F>,
    inputs: &I,
    factors: &mut [F],
) {
    let x = |i: usize| {
        let m = m(i);
        m.dt * m.jacobian(inputs.slope(i))
    };
    let mut narrow = true;
    for (i, factor) in factors.iter_mut().enumerate() {
        let x = x(i);
        *factor = m(i).dt * exprel_narrow_in(x);
        // not `>`: a NaN is out of range too
        narrow &= x.abs() <= F::of(EXPREL_NARROW_LIMIT);
    }
    if narrow {
        return;
    }
    let mut in_poly_range = true;
    for (i, factor) in factors.iter_mut().enumerate() {
        let x = x(i);
        // a select, so that this pass vectorises as well
        let wide = m(i).dt * exprel_poly_in(x);
        *factor = if x.abs() <= F::of(EXPREL_NARROW_LIMIT) { *factor } else { wide };
        in_poly_range &= x.abs() <= F::of(EXPREL_POLY_LIMIT);
    }
    if !in_poly_range {
        for (i, factor) in factors.iter_mut().enumerate() {
            if x(i).abs() <= F::of(EXPREL_POLY_LIMIT) {
                continue;
            }
            *factor = m(i).factor(true, inputs.slope(i));
        }
    }
}

#[cfg(test)]
mod tests {
    use neurodim_units::{Conductance, mS, mV, ms, ohm};

    use super::*;
    use crate::kernel::{NeuronInput, SplitParts};

    /// Slopes as the inputs of a chunk.
    struct Slopes<'a>(&'a [f64]);

    impl SplitParts for Slopes<'_> {
        fn len(&self) -> usize {
            self.0.len()
        }
        fn split_at(self, mid: usize) -> (Self, Self) {
            let (a, b) = self.0.split_at(mid);
            (Slopes(a), Slopes(b))
        }
    }

    impl NeuronInputs<f64> for Slopes<'_> {
        const HAS_SLOPE: bool = true;
        fn slope(&self, i: usize) -> f64 {
            self.0[i]
        }
        fn take(&mut self, i: usize) -> NeuronInput<f64> {
            NeuronInput { slope: self.0[i], ..NeuronInput::default() }
        }
    }

    /// The passes' factors are bit for bit the per-neuron factor (the reference is the
    /// definition, `exp_euler_factor` of the Jacobian, in typed `f64`), both when every `|dt·J|`
    /// is in the polynomial's range and when some are not (the fix-up pass), including the
    /// values next to the limit `|dt·J| = 1/2` on both sides.
    #[test]
    fn slope_factors_equal_the_per_neuron_factor() {
        let m = Membrane::new(
            1.0 * ohm,
            20.0 * ms,
            -50.0 * mV,
            -60.0 * mV,
            -60.0 * mV,
            SpikeReset::Soft,
        )
        .unwrap();
        let dt = 0.1 * ms;
        let c = m.consts::<f64>(dt);
        let jacobian = |g: Conductance| ((m.r * g).value - 1.0) * m.inv_tau;
        // dt·J = −dt/τ·(1 + R·g): −0.005 at g = 0; |dt·J| > 1/64 from g ≈ 2.1 S, > 1/2 from
        // g = 99 S (R = 1 Ω)
        let small: Vec<Conductance> = (0..37).map(|k| -(0.05 * k as f64) * mS).collect();
        let in_range: Vec<Conductance> = (0..37).map(|k| -(2.5e3 * k as f64) * mS).collect();
        let mixed: Vec<Conductance> = (0..37).map(|k| -(4e3 * k as f64) * mS).collect();
        // slopes whose dt·J are the f64 values around −limit: the largest g (in S) at which
        // |dt·J| ≤ limit, and its f64 neighbours 8 below and 7 above
        let x_at = |g: f64| (dt * jacobian(-g * 1e3 * mS)).value;
        let around = |limit: f64, mut g: f64| {
            while x_at(g).abs() > limit {
                g = g.next_down();
            }
            while x_at(g.next_up()).abs() <= limit {
                g = g.next_up();
            }
            let slopes: Vec<Conductance> =
                (0..16u64).map(|k| -f64::from_bits(g.to_bits() - 8 + k) * 1e3 * mS).collect();
            // the limit is covered: some exactly at or below it, some above
            let magnitudes: Vec<f64> =
                slopes.iter().map(|&g| (dt * jacobian(g)).value.abs()).collect();
            assert!(magnitudes.iter().any(|&x| x <= limit && x > limit * (1.0 - 1e-9)));
            assert!(magnitudes.iter().any(|&x| x > limit && x < limit * (1.0 + 1e-9)));
            slopes
        };
        let at_narrow_limit = around(EXPREL_NARROW_LIMIT, 2.125); // 0.005·(1 + g) = 1/64
        let at_poly_limit = around(EXPREL_POLY_LIMIT, 99.0); // 0.005·(1 + g) = 1/2
        // whether some |dt·J| are beyond each polynomial's range
        for (slopes, beyond) in [
            (small, (false, false)),
            (at_narrow_limit, (true, false)),
            (in_range, (true, false)),
            (mixed, (true, true)),
            (at_poly_limit, (true, true)),
        ] {
            let magnitude = |g: &Conductance| (dt * jacobian(*g)).value.abs();
            let out_of = |limit| slopes.iter().any(|g| magnitude(g) > limit);
            assert_eq!((out_of(EXPREL_NARROW_LIMIT), out_of(EXPREL_POLY_LIMIT)), beyond);
            let raw: Vec<f64> = slopes.iter().map(|g| g.value).collect();
            let mut factors = vec![0.0; slopes.len()];
            slope_factors(|_| c, &Slopes(&raw), &mut factors);
            for (factor, &g) in factors.iter().zip(&slopes) {
                let expected = exp_euler_factor(dt, jacobian(g));
                assert_eq!(factor.to_bits(), expected.value.to_bits(), "slope {g:?}");
                assert_eq!(factor.to_bits(), c.factor(true, g.value).to_bits(), "slope {g:?}");
            }
        }
    }
}
