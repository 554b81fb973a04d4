//! A [`PoissonEncoder`] fed each step by a function of the step: a spike source whose rates
//! change in time (an image shown from some step on, a time-varying stimulus).

use std::fmt;

use neurodim_state::{StepContext, StreamRng};
use neurodim_units::Frequency;

use super::PoissonEncoder;
use crate::DynError;
use crate::kernel::checks::check_len;

/// The rate function of an [`EncodedRates`]: writes the rates of the step of its
/// [`StepContext`] into a buffer of one rate per neuron.
type RateFn = dyn FnMut(&StepContext, &mut [Frequency]) + Send;

/// Poisson spikes at rates computed each step: before the draw of step `i`, `rates(ctx, buf)`
/// writes one rate per neuron into `buf` (set to 0 Hz first, so a rate left unwritten is 0 Hz),
/// and the [`PoissonEncoder`] spikes neuron `k` with probability `p = buf[k] · dt`.
///
/// It is brainstate's `PoissonEncoder` given its rates by the step instead of by the caller, so
/// that it can be the source of projections in a [`Network`](crate::network::Network)
/// (it implements [`SpikeSource`](crate::network::SpikeSource)). The rates reach the draw only
/// as a [`Probability`](neurodim_units::Probability), through the encoder's check: a rate with
/// `rate · dt` negative, NaN or above 1 is an error of the step that names the rate, `dt` and
/// their product. The buffer is allocated once, on construction.
///
/// Randomness comes from the stream it is given (in a network, the source's `"<name>.rng"`),
/// so a run is reproducible under its seed and a checkpoint continues it. What the function
/// captures is not a state of the network: for [`reset`](crate::network::Network::reset) and
/// checkpoints to replay a run, the rates should depend only on `ctx` (its step `ctx.i`, its
/// time `ctx.t`) and on data fixed in advance.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::input::EncodedRates;
///
/// // 4 pixels shown from step 10 on, at 0 to 300 Hz by brightness.
/// let brightness = [0.0, 0.25, 0.5, 1.0];
/// let image = EncodedRates::new(PoissonEncoder::new(4)?, move |ctx, rates| {
///     if ctx.i >= 10 {
///         for (rate, b) in rates.iter_mut().zip(brightness) {
///             *rate = b * 300.0 * Hz;
///         }
///     }
/// });
/// let mut net = Network::new(0.1 * ms)?;
/// let img = net.add_spike_source("img", image)?;
/// net.init(42)?;
/// net.run(10)?;
/// assert!(net.spikes(img).unwrap().iter().all(|&spike| !spike)); // dark until step 10
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct EncodedRates {
    encoder: PoissonEncoder,
    rates: Box<RateFn>,
    /// This step's rates, one per neuron, written by `rates`.
    buffer: Vec<Frequency>,
}

impl EncodedRates {
    /// A source of `encoder.size()` neurons whose rates `rates(ctx, buf)` writes each step.
    pub fn new(
        encoder: PoissonEncoder,
        rates: impl FnMut(&StepContext, &mut [Frequency]) + Send + 'static,
    ) -> Self {
        let buffer = vec![Frequency::default(); encoder.size()];
        EncodedRates { encoder, rates: Box::new(rates), buffer }
    }

    /// The number of neurons.
    pub fn size(&self) -> usize {
        self.encoder.size()
    }

    /// The rates of the last step drawn (0 Hz before the first).
    pub fn rates(&self) -> &[Frequency] {
        &self.buffer
    }

    /// Draws the spikes of the step of `ctx` into `out` (`size()` flags) from `rng`: the rate
    /// function writes the step's rates, then [`PoissonEncoder::update`] draws.
    ///
    /// Errors: `out.len() != size()`; a rate whose `rate · dt` is negative, NaN or above 1
    /// (then `out` is left partly written).
    pub fn update(
        &mut self,
        ctx: &StepContext,
        rng: &mut StreamRng,
        out: &mut [bool],
    ) -> Result<(), DynError> {
        // before the rate function runs: unbatched, one flag per neuron
        check_len("EncodedRates output", self.size(), out.len())?;
        // Cleared each step so that the rates are those of this step alone, whatever the
        // function wrote before: a reset or a restored checkpoint then replays the same rates.
        self.buffer.fill(Frequency::default());
        (self.rates)(ctx, &mut self.buffer);
        self.encoder.update(ctx, rng, &self.buffer, out)
    }
}

impl fmt::Debug for EncodedRates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncodedRates")
            .field("encoder", &self.encoder)
            .field("rates", &format_args!("<fn>"))
            .field("buffer", &self.buffer)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::input::{EncodedRates, PoissonEncoder};
    use neurodim_state::{Environment, StreamKey};
    use neurodim_units::prelude::*;

    #[test]
    fn size_of_the_encoder() -> Result<(), Box<dyn std::error::Error>> {
        let constant =
            EncodedRates::new(PoissonEncoder::new(100)?, |_, rates| rates.fill(20.0 * Hz));
        assert_eq!(constant.size(), 100);
        Ok(())
    }

    #[test]
    fn size_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(EncodedRates::new(PoissonEncoder::new(3)?, |_, _| {}).size(), 3);
        Ok(())
    }

    #[test]
    fn rates_set_by_the_closure() -> Result<(), Box<dyn std::error::Error>> {
        let mut source = EncodedRates::new(PoissonEncoder::new(2)?, |ctx, rates| {
            rates[1] = ctx.i as f64 * Hz;
        });
        let mut rng = StreamKey::new(0, "source").rng();
        source.update(&Environment::new(1.0 * ms)?.step(7), &mut rng, &mut [false; 2])?;
        assert_eq!(source.rates(), [0.0 * Hz, 7.0 * Hz]);
        Ok(())
    }

    #[test]
    fn a_negative_rate_is_refused() -> Result<(), Box<dyn std::error::Error>> {
        let mut source =
            EncodedRates::new(PoissonEncoder::new(1)?, |_, rates| rates[0] = -1.0 * Hz);
        let ctx = Environment::new(1.0 * ms)?.step(0);
        let err = source.update(&ctx, &mut StreamKey::new(0, "source").rng(), &mut [false]);
        assert_eq!(
            err.unwrap_err().to_string(),
            "invalid PoissonEncoder rate · dt: -1 Hz · 1 ms = -0.001 (must lie in [0, 1])"
        );
        Ok(())
    }
}
