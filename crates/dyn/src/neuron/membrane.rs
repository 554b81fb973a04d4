//! The leaky membrane shared by IF, LIF, LIFRef and ALIF: validated parameters and the
//! per-neuron reset, integration and spike test.

use neurodim_units::validate::{finite, positive};
use neurodim_units::{
    Conductance, Current, EXPREL_NARROW_LIMIT, EXPREL_POLY_LIMIT, Frequency, Resistance, Time,
    Voltage, VoltageRate, exprel_narrow, exprel_poly,
};

use crate::DynError;
use crate::neuron::drive::Linear;
use crate::neuron::{SpikeReset, check_above, exp_euler_factor};

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
        positive("tau", tau)?;
        finite("V_th", v_th)?;
        finite("V_reset", v_reset)?;
        finite("V_rest", v_rest)?;
        check_above(("V_th", v_th), ("V_reset", v_reset), "must be > V_reset")?;
        Ok(Membrane { r, tau, inv_tau: 1.0 / tau, v_th, v_reset, v_rest, reset })
    }

    /// The spike test, `H((V − V_th)/(V_th − V_reset))` with `H(x) = [x ≥ 0]`. The denominator
    /// is positive, so this is `V − V_th ≥ 0`.
    #[inline(always)]
    pub(crate) fn fires(&self, v: Voltage) -> bool {
        v - self.v_th >= Voltage::default()
    }

    /// V after the reset of a neuron whose stored V spiked.
    #[inline(always)]
    pub(crate) fn reset_after(&self, v: Voltage) -> Voltage {
        match self.reset {
            SpikeReset::Soft => v - (self.v_th - self.v_reset),
            SpikeReset::Hard => self.v_reset,
        }
    }

    /// V at the start of an update: reset if the stored V spiked, unchanged otherwise.
    #[inline(always)]
    pub(crate) fn reset(&self, v: Voltage) -> Voltage {
        if self.fires(v) { self.reset_after(v) } else { v }
    }

    /// `dt · exprel(dt · J)` for the leak alone, `J = (−1 + R·0)/τ`: the step factor when there is
    /// no synaptic slope (the same for every neuron, computed once per update, and bit-identical
    /// to the per-neuron factor with a zero slope).
    pub(crate) fn leak_factor(&self, dt: Time) -> Time {
        exp_euler_factor(dt, -self.inv_tau)
    }

    /// The Jacobian of the membrane with a synaptic slope, `J = (−1 + R·slope)/τ`.
    #[inline(always)]
    fn jacobian(&self, slope: Conductance) -> Frequency {
        ((self.r * slope).value - 1.0) * self.inv_tau
    }

    /// `factors[i] = dt·exprel(dt·J_i)` with `J_i` the [Jacobian](Self::jacobian) for
    /// `slope[i]`: bit for bit the factor [`Self::integrate`] computes per neuron.
    ///
    /// Passes, so that the common cases vectorise: every factor by the branch-free
    /// [`exprel_narrow`] (degree 6; brainstate's networks, `|dt·J| ≈ 0.005`, stop here), noting
    /// whether any `|dt·J|` is beyond [`EXPREL_NARROW_LIMIT`] (or NaN); only if one is, those
    /// by [`exprel_poly`] (degree 11; strong conductances, as in Brette's COBA), noting whether
    /// any is beyond [`EXPREL_POLY_LIMIT`]; and only then those through [`exp_euler_factor`].
    /// Each is what [`exprel_fast`](neurodim_units::exprel_fast) computes in its range, so the
    /// factors are its bits.
    #[inline(always)]
    pub(crate) fn slope_factors(&self, dt: Time, slope: &[Conductance], factors: &mut [Time]) {
        let x = |slope: Conductance| (dt * self.jacobian(slope)).value;
        let mut narrow = true;
        for (factor, &slope) in factors.iter_mut().zip(slope) {
            let x = x(slope);
            *factor = dt * exprel_narrow(x);
            // not `>`: a NaN is out of range too
            narrow &= x.abs() <= EXPREL_NARROW_LIMIT;
        }
        if narrow {
            return;
        }
        let mut in_poly_range = true;
        for (factor, &slope) in factors.iter_mut().zip(slope) {
            let x = x(slope);
            // a select, so that this pass vectorises as well
            let wide = dt * exprel_poly(x);
            *factor = if x.abs() <= EXPREL_NARROW_LIMIT { *factor } else { wide };
            in_poly_range &= x.abs() <= EXPREL_POLY_LIMIT;
        }
        if !in_poly_range {
            for (factor, &slope) in factors.iter_mut().zip(slope) {
                let j = self.jacobian(slope);
                if (dt * j).value.abs() <= EXPREL_POLY_LIMIT {
                    continue;
                }
                *factor = exp_euler_factor(dt, j);
            }
        }
    }

    /// One exponential-Euler step from `v`:
    /// `f = (−V + V_rest + R·(I_ext + offset + slope·V))/τ`, `J = (−1 + R·slope)/τ`,
    /// `V ← V + dt·exprel(dt·J)·f`. `leak_factor` is [`Self::leak_factor`], used when the drive
    /// has no slope; `syn` is read at neuron `i`.
    #[inline(always)]
    pub(crate) fn integrate<L: Linear>(
        &self,
        dt: Time,
        leak_factor: Time,
        v: Voltage,
        i_ext: Current,
        syn: L,
        i: usize,
    ) -> Voltage {
        let factor = if L::HAS_SLOPE {
            exp_euler_factor(dt, self.jacobian(syn.at(i).1))
        } else {
            leak_factor
        };
        self.integrate_with_factor(factor, v, i_ext, syn, i)
    }

    /// [`Self::integrate`] with the step factor `dt·exprel(dt·J)` given (from
    /// [`Self::slope_factors`] or [`Self::leak_factor`]).
    #[inline(always)]
    pub(crate) fn integrate_with_factor<L: Linear>(
        &self,
        factor: Time,
        v: Voltage,
        i_ext: Current,
        syn: L,
        i: usize,
    ) -> Voltage {
        let i = if L::HAS_SLOPE {
            let (offset, slope) = syn.at(i);
            i_ext + offset + slope * v
        } else {
            i_ext
        };
        let f: VoltageRate = (-v + self.v_rest + self.r * i) * self.inv_tau;
        v + factor * f
    }
}

#[cfg(test)]
mod tests {
    use neurodim_units::{mS, mV, ms, ohm};

    use super::*;

    /// The two-pass factors are bit for bit the per-neuron factor of `integrate` (the reference
    /// is the definition, `exp_euler_factor` of the Jacobian), both when every `|dt·J|` is in
    /// the polynomial's range and when some are not (the fix-up pass), including the values
    /// next to the limit `|dt·J| = 1/2` on both sides.
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
        // dt·J = −dt/τ·(1 + R·g): −0.005 at g = 0; |dt·J| > 1/64 from g ≈ 2.1 S, > 1/2 from
        // g = 99 S (R = 1 Ω)
        let small: Vec<Conductance> = (0..37).map(|k| -(0.05 * k as f64) * mS).collect();
        let in_range: Vec<Conductance> = (0..37).map(|k| -(2.5e3 * k as f64) * mS).collect();
        let mixed: Vec<Conductance> = (0..37).map(|k| -(4e3 * k as f64) * mS).collect();
        // slopes whose dt·J are the f64 values around −limit: the largest g (in S) at which
        // |dt·J| ≤ limit, and its f64 neighbours 8 below and 7 above
        let x_at = |g: f64| (dt * m.jacobian(-g * 1e3 * mS)).value;
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
                slopes.iter().map(|&g| (dt * m.jacobian(g)).value.abs()).collect();
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
            let magnitude = |g: &Conductance| (dt * m.jacobian(*g)).value.abs();
            let out_of = |limit| slopes.iter().any(|g| magnitude(g) > limit);
            assert_eq!((out_of(EXPREL_NARROW_LIMIT), out_of(EXPREL_POLY_LIMIT)), beyond);
            let mut factors = vec![Time::default(); slopes.len()];
            m.slope_factors(dt, &slopes, &mut factors);
            for (factor, &g) in factors.iter().zip(&slopes) {
                let expected = exp_euler_factor(dt, m.jacobian(g));
                assert_eq!(factor.value.to_bits(), expected.value.to_bits(), "slope {g:?}");
            }
        }
    }
}
