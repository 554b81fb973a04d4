use neurodim_state::init::Constant;
use neurodim_state::{IntoShape, State, StepContext};
use neurodim_units::validate::{non_negative, time_constant};
use neurodim_units::{Probability, Time, ms};

use crate::DynError;
use crate::kernel::checks::check_len;
use crate::synapse::check_input;

/// Parameters of [`Tsodyks`], with NEST's names and defaults (`tsodyks_synapse`, NEST 3.10).
///
/// ```
/// use neurodim_dyn::synapse::TsodyksParams;
/// use neurodim_units::prelude::*;
/// let p = TsodyksParams::default();
/// assert_eq!((p.u.get(), p.tau_psc, p.tau_rec), (0.5, 3.0 * ms, 800.0 * ms));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TsodyksParams {
    /// NEST's `U`: the increment of `u` at a spike (default 0.5).
    pub u: Probability,
    /// Time constant of the active resources, the postsynaptic current's `tau_psc` (default
    /// 3 ms; > 0, ≠ `tau_rec`; NEST expects it equal to the target's synaptic time constant).
    pub tau_psc: Time,
    /// Recovery time constant `tau_rec` (default 800 ms; > 0).
    pub tau_rec: Time,
    /// Facilitation time constant `tau_fac` (default 0 ms: no facilitation; ≥ 0).
    pub tau_fac: Time,
}

impl Default for TsodyksParams {
    fn default() -> Self {
        TsodyksParams {
            u: Probability::new(0.5).expect("0.5 lies in [0, 1]"),
            tau_psc: 3.0 * ms,
            tau_rec: 800.0 * ms,
            tau_fac: 0.0 * ms,
        }
    }
}

/// NEST's `tsodyks_synapse` (Tsodyks, Uziel & Markram 2000): resources recovered (`x`), active
/// (`y`) and inactive (`z = 1 − x − y`) per presynaptic neuron, and a use `u`, updated at its
/// spikes only. At a spike, `h` after the previous one (after `t = 0` for the first):
///
/// `u ← u·e^{−h/τ_fac}` (0 for `τ_fac` = 0),
/// `x ← x + P_xy·y − (e^{−h/τ_rec} − 1)·z`, `y ← y·e^{−h/τ_psc}`, with
/// `P_xy = ((e^{−h/τ_rec} − 1)·τ_rec − (e^{−h/τ_psc} − 1)·τ_psc)/(τ_psc − τ_rec)`;
/// then `u ← u + U·(1 − u)`, `Δy = u·x`, `x ← x − Δy`, `y ← y + Δy`, and the spike transmits
/// `Δy` times its weight. Spike times are the ends of the steps that emit them, NEST's stamps.
/// States: `"x"` (1), `"y"` (0), `"u"` (0), `"last_spike"` (0 ms, NEST's).
///
/// ```
/// use neurodim_dyn::synapse::{Tsodyks, TsodyksParams};
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut syn = Tsodyks::new(1, TsodyksParams::default())?;
/// init_all(&mut syn, None, 0)?;
/// let mut efficacy = [0.0];
/// syn.update(&Environment::new(1.0 * ms)?.step(99), &[true], &mut efficacy)?;
/// assert_eq!(efficacy[0], 0.5); // U·x with u = 0 before: NEST's first 125 pA of 250
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Tsodyks {
    params: TsodyksParams,
    x: State<f64>,
    y: State<f64>,
    u: State<f64>,
    last_spike: State<Time>,
}

neurodim_state::stateful_fields!(Tsodyks {
    state "x" => x,
    state "y" => y,
    state "u" => u,
    state "last_spike" => last_spike,
});

impl Tsodyks {
    /// The synapses of `shape` presynaptic neurons; NEST's rules on the parameters
    /// (`tau_psc`, `tau_rec` > 0, `tau_fac` ≥ 0), and `tau_psc ≠ tau_rec` (`P_xy` divides by
    /// their difference).
    pub fn new(shape: impl IntoShape, params: TsodyksParams) -> Result<Self, DynError> {
        let shape = shape.into_shape()?;
        time_constant("tau_psc", params.tau_psc)?;
        time_constant("tau_rec", params.tau_rec)?;
        non_negative("tau_fac", params.tau_fac)?;
        neurodim_units::validate::finite("tau_fac", params.tau_fac)?;
        if params.tau_psc == params.tau_rec {
            return Err(DynError::invalid(
                "tau_psc",
                format!("{:?}", params.tau_psc),
                "must differ from tau_rec",
            ));
        }
        Ok(Tsodyks {
            params,
            x: State::hidden(shape.clone(), Constant(1.0)),
            y: State::hidden(shape.clone(), Constant(0.0)),
            u: State::hidden(shape.clone(), Constant(0.0)),
            last_spike: State::short_term(shape, Constant(0.0 * ms)),
        })
    }

    /// The parameters.
    pub fn params(&self) -> TsodyksParams {
        self.params
    }

    /// The recovered resources `x`.
    pub fn x(&self) -> &[f64] {
        self.x.values()
    }

    /// Advances the synapses of the neurons that spiked at `ctx.t` (NEST's stamp of a spike of
    /// the previous step) and writes each one's efficacy `Δy` (0 for the others).
    pub fn update(
        &mut self,
        ctx: &StepContext,
        spikes: &[bool],
        efficacy: &mut [f64],
    ) -> Result<(), DynError> {
        let n = self.x.values().len();
        check_input("x", n, "presynaptic spikes", Some(spikes.len()))?;
        check_len("efficacy", n, efficacy.len())?;
        let TsodyksParams { u: big_u, tau_psc, tau_rec, tau_fac } = self.params;
        let (big_u, tau_psc, tau_rec) = (big_u.get(), tau_psc.value, tau_rec.value);
        let (x, y, u) = (self.x.values_mut(), self.y.values_mut(), self.u.values_mut());
        let last = self.last_spike.values_mut();
        for (k, (&spike, out)) in spikes.iter().zip(efficacy.iter_mut()).enumerate() {
            *out = 0.0;
            if !spike {
                continue;
            }
            // NEST's send(), in its order
            let h = (ctx.t - last[k]).value;
            let p_uu = if tau_fac.value == 0.0 { 0.0 } else { (-h / tau_fac.value).exp() };
            let p_yy = (-h / tau_psc).exp();
            let p_zz = (-h / tau_rec).exp_m1();
            let p_xy = (p_zz * tau_rec - (p_yy - 1.0) * tau_psc) / (tau_psc - tau_rec);
            let z = 1.0 - x[k] - y[k];
            u[k] *= p_uu;
            x[k] += p_xy * y[k] - p_zz * z;
            y[k] *= p_yy;
            u[k] += big_u * (1.0 - u[k]);
            let delta_y = u[k] * x[k];
            x[k] -= delta_y;
            y[k] += delta_y;
            *out = delta_y;
            last[k] = ctx.t;
        }
        Ok(())
    }
}
