//! A current generator's current as NEST delivers it to its targets: one connection delay
//! later, and never at time 0.

use core::hash::Hasher;

use neurodim_state::StepContext;
use neurodim_units::Time;

use super::waveform::{Amplitude, CurrentWaveform};
use crate::DynError;
use crate::connect::nest_delay_steps;

/// A waveform given as a NEST current generator records it, delivered as NEST delivers it
/// over a connection of delay `d` (NEST's `delay`, at least one step of `dt`):
///
/// ```text
/// I(step i) = waveform(stamp i − D)   if i − D ≥ 1,   D = round(d / dt)
///             0                        otherwise
/// ```
///
/// NEST stamps the current a generator sends in its update `s` (from `s·dt` to `(s+1)·dt`)
/// with the end of that update, `n = s + 1`, and its target integrates that current in its
/// update `n + D` (a NEST neuron reads its input current at the end of a step and uses it in
/// the next; `benches/peers/nest/zoo_semantics.md` §1 and §3). A waveform `w` read at step `n`
/// is the generator's recordable `I` at stamp `n`, so `DelayedCurrent::nest(w, d, dt)` is the
/// current the target integrates in each of this engine's steps, which apply a current in the
/// step they are given it: a `dc_generator` on `[start, stop)` becomes
/// `DelayedCurrent::nest(StepCurrent::new(amplitude, start, stop)?, d, dt)`, acting on
/// `[start + d, stop + d)`. No current is ever stamped 0 (NEST's first update has stamp 1),
/// so a generator that starts at 0 acts from `d + dt` on, as in NEST. Any waveform can be
/// delayed this way: [`StepCurrent`](super::StepCurrent) for `dc_generator`,
/// [`SectionCurrent`](super::SectionCurrent) for `step_current_generator`,
/// [`SineCurrent`](super::SineCurrent) for `ac_generator`.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // NEST: dc_generator {amplitude 7.5 pA, start 5 ms, stop 40 ms}, connected with delay 1 ms
/// let mut net = Network::new(0.1 * ms)?;
/// let params = IafPscAlphaParams {
///     c_m: 1.0 * pF, tau_m: 1e9 * ms, e_l: 0.0 * mV, v_reset: -1.0 * mV, v_th: 1e12 * mV,
///     ..Default::default()
/// };
/// let cell = net.add_population("cell", IafPscAlpha::new(1, params)?)?; // an integrator
/// let dc = StepCurrent::new(7.5 * pA, 5.0 * ms, 40.0 * ms)?;
/// net.set_current_waveform(cell, DelayedCurrent::nest(dc, 1.0 * ms, net.dt())?)?;
/// let v = net.monitor_state("cell.V", &[0], 1)?;
/// net.init(0)?;
/// net.run_for(60.0 * ms)?;
/// let v: Vec<f64> = net.state_trace(v)?.si().trace(0).map(|v| v * 1e3).collect();
/// // sample k is V after step k, NEST's stamp (k + 1)·h: V rises at the stamps 6.1 … 41 ms
/// let rising: Vec<usize> = (1..v.len()).filter(|&k| v[k] > v[k - 1]).collect();
/// assert_eq!((rising[0], rising.len()), (60, 350));
/// // 7.5 pA for 35 ms into 1 pF (τ_m = 10⁹ ms leaks a little): NEST 3.10's V at 41 ms
/// assert!((v[409] - 262.49999540625004).abs() < 1e-12 * 262.5);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DelayedCurrent<W> {
    waveform: W,
    /// NEST's delay in steps, `D ≥ 1`.
    delay: u64,
}

impl<W> DelayedCurrent<W> {
    /// `waveform` (the generator's current at each stamp) delivered over a connection of
    /// NEST's `delay` at the network's time step `dt`: `D = round(delay / dt)` steps, NEST's
    /// rounding, at least 1 (NEST's minimum delay; a shorter delay is refused, as NEST does).
    pub fn nest(waveform: W, delay: Time, dt: Time) -> Result<Self, DynError> {
        let delay = nest_current_delay(delay, dt)?;
        Ok(DelayedCurrent { waveform, delay })
    }

    /// NEST's delay in steps, `D`.
    pub fn delay_steps(&self) -> u64 {
        self.delay
    }

    /// The waveform delivered.
    pub fn waveform(&self) -> &W {
        &self.waveform
    }
}

impl<Q: Amplitude, W: CurrentWaveform<Q>> CurrentWaveform<Q> for DelayedCurrent<W> {
    fn value(&self, ctx: &StepContext) -> Q {
        match nest_stamp(ctx.i, self.delay) {
            Some(stamp) => {
                self.waveform.value(&StepContext { dt: ctx.dt, t: stamp as f64 * ctx.dt, i: stamp })
            }
            None => Q::zero(),
        }
    }

    fn hash_parameters(&self, hasher: &mut dyn Hasher) {
        hasher.write_u64(self.delay);
        self.waveform.hash_parameters(hasher);
    }
}

/// NEST's delay of a current generator's connection in steps of `dt`, `D = round(delay / dt)`
/// (NEST's rounding), refused below one step (NEST's minimum delay).
pub(crate) fn nest_current_delay(delay: Time, dt: Time) -> Result<u64, DynError> {
    // this engine's delay of a spike counts from the next step: NEST's D is one more
    Ok(u64::from(nest_delay_steps(delay, dt)?) + 1)
}

/// The stamp of the generator's current that a target integrates in step `i`, over a
/// connection of `delay` steps: `i − delay`, if it is a stamp NEST has (≥ 1).
pub(crate) fn nest_stamp(i: u64, delay: u64) -> Option<u64> {
    i.checked_sub(delay).filter(|&stamp| stamp >= 1)
}

#[cfg(test)]
mod tests {
    use crate::input::{CurrentWaveform, DelayedCurrent, StepCurrent};
    use neurodim_state::Environment;
    use neurodim_units::prelude::*;
    use std::hash::{DefaultHasher, Hasher};

    /// The steps of `0..40` in which `current` is on.
    fn on_steps(current: &impl CurrentWaveform<Current>) -> Vec<u64> {
        let env = Environment::new(0.1 * ms).unwrap();
        (0..40).filter(|&i| current.value(&env.step(i)) != 0.0 * pA).collect()
    }

    #[test]
    fn a_dc_generator_acts_one_delay_later() -> Result<(), Box<dyn std::error::Error>> {
        // zoo_semantics.md §3 (verified for d = 0.1 and 1.0 ms): start 2, stop 3 acts on
        // [start + d, stop + d)
        let dc = StepCurrent::new(1.0 * pA, 2.0 * ms, 3.0 * ms)?;
        let delayed = DelayedCurrent::nest(dc, 1.0 * ms, 0.1 * ms)?;
        assert_eq!(delayed.delay_steps(), 10);
        assert_eq!(on_steps(&delayed), (30..40).collect::<Vec<u64>>());
        assert_eq!(
            on_steps(&DelayedCurrent::nest(dc, 0.1 * ms, 0.1 * ms)?),
            (21..31).collect::<Vec<u64>>()
        );
        Ok(())
    }

    #[test]
    fn nothing_is_stamped_at_time_zero() -> Result<(), Box<dyn std::error::Error>> {
        // NEST's test_iaf_psc_alpha: a dc_generator from 0 with delay 0.1 ms moves V from the
        // sample at 0.3 ms, i.e. acts on the updates from 0.2 ms = d + h on
        let dc = StepCurrent::new(1.0 * pA, 0.0 * ms, f64::INFINITY * ms)?;
        let delayed = DelayedCurrent::nest(dc, 0.1 * ms, 0.1 * ms)?;
        assert_eq!(on_steps(&delayed), (2..40).collect::<Vec<u64>>());
        Ok(())
    }

    #[test]
    fn delays_round_as_nest_and_below_a_step_are_refused() -> Result<(), Box<dyn std::error::Error>>
    {
        let dc = StepCurrent::new(1.0 * pA, 1.0 * ms, 2.0 * ms)?;
        // zoo_semantics.md §1: 2.5 ms at h = 0.2 ms is 13 steps (round half up)
        assert_eq!(DelayedCurrent::nest(dc, 2.5 * ms, 0.2 * ms)?.delay_steps(), 13);
        let err = DelayedCurrent::nest(dc, 0.04 * ms, 0.1 * ms).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid delay: 0.04 ms (dt = 0.1 ms) (must be at least one step of dt (NEST's \
             minimum delay))"
        );
        Ok(())
    }

    #[test]
    fn the_delay_enters_the_hash() -> Result<(), Box<dyn std::error::Error>> {
        let dc = StepCurrent::new(1.0 * pA, 1.0 * ms, 2.0 * ms)?;
        let hash = |d| {
            let mut hasher = DefaultHasher::new();
            DelayedCurrent::nest(dc, d, 0.1 * ms).unwrap().hash_parameters(&mut hasher);
            hasher.finish()
        };
        assert_ne!(hash(1.0 * ms), hash(2.0 * ms));
        Ok(())
    }
}
