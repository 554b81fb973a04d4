//! A network's checkpoints know what they belong to, its ids and delays are tied to it, and its
//! limits are errors: `Network::checkpoint` records the step, `dt`, precision and fingerprint,
//! and `Network::restore` refuses a checkpoint of another network (other wiring seed, τ, `dt`,
//! precision) before writing anything; an id of another network, delays built for another
//! `dt`, a subnormal τ, a step counter that would overflow and a monitor reservation beyond
//! memory are errors, not panics, silent NaN or wrong results.

use neurodim::dynamics::DynError;
use neurodim::dynamics::connect::{ConnectionRule, FixedOutDegree, OneToOne, SynapseDelays};
use neurodim::dynamics::input::PoissonInput;
use neurodim::dynamics::network::{Network, PopulationId};
use neurodim::dynamics::neuron::{Lif, LifParams};
use neurodim::dynamics::output::Coba;
use neurodim::dynamics::projection::{AlignPost, OutputKind};
use neurodim::dynamics::synapse::ExponParams;
use neurodim::prelude::*;
use neurodim::state::{Checkpoint, CheckpointMetadata, Shape, StreamKey};
use neurodim::units::s;

const N: usize = 200;

/// What a test network is built from.
#[derive(Clone, Copy)]
struct Build {
    dt: Time,
    wiring_seed: u64,
    tau: Time,
}

/// The network every test saves or compares with.
fn base() -> Build {
    Build { dt: 0.1 * ms, wiring_seed: 1, tau: 5.0 * ms }
}

/// LIF neurons `"N"` wired to themselves by a delayed COBA projection `"rec"` (random fixed
/// out-degree drawn from `wiring_seed`), driven by Poisson jumps into V.
fn network(build: Build) -> (Network, PopulationId) {
    let mut net = Network::new(build.dt).unwrap();
    let lif = LifParams { tau: 10.0 * ms, ..LifParams::default() };
    let n = net.add_population("N", Lif::new(Shape::vector(N).unwrap(), lif).unwrap()).unwrap();
    let conn = FixedOutDegree::new(10)
        .connect(N, N, &mut StreamKey::new(build.wiring_seed, "rec").rng())
        .unwrap()
        .with_weight(0.5 * nS)
        .unwrap();
    let syn = ExponParams { tau: build.tau };
    let out = OutputKind::Coba(Coba::new(0.0 * mV).unwrap());
    let delays = SynapseDelays::uniform(0.5 * ms, build.dt).unwrap();
    net.add_align_post("rec", AlignPost::new(n, n, conn, syn, out).with_delays(delays)).unwrap();
    let drive = PoissonInput::new(N, 20, 200.0 * Hz, 2.0 * mV).unwrap();
    net.add_poisson_to_v("ext", n, drive).unwrap();
    net.init(0).unwrap();
    (net, n)
}

/// Per step, the bits of every V and the spikes.
type Steps = Vec<(Vec<u64>, Vec<bool>)>;

/// The bits of every V and the spikes of the next `steps` steps.
fn record(net: &mut Network, n: PopulationId, steps: usize) -> Steps {
    (0..steps)
        .map(|_| {
            net.step().unwrap();
            let v = net.neurons(n).unwrap().v().iter().map(|v| v.value.to_bits()).collect();
            (v, net.spikes(n).unwrap().to_vec())
        })
        .collect()
}

/// A checkpoint at step 200 of the base network, and the 100 steps that followed.
fn saved() -> (Checkpoint, Steps) {
    let (mut net, n) = network(base());
    record(&mut net, n, 200);
    let checkpoint = net.checkpoint();
    let continued = record(&mut net, n, 100);
    assert!(continued.iter().flat_map(|(_, spikes)| spikes).any(|&f| f), "no spikes");
    (checkpoint, continued)
}

fn metadata_error(err: impl std::error::Error) -> &'static str {
    let text = err.to_string();
    ["fingerprint", "precision", "dt", "step"]
        .into_iter()
        .find(|field| text.starts_with(&format!("checkpoint metadata: {field} ")))
        .unwrap_or_else(|| panic!("not a metadata error: {text}"))
}

#[test]
fn a_network_checkpoint_records_step_dt_precision_and_fingerprint() {
    let (checkpoint, _) = saved();
    let meta = checkpoint.metadata();
    let (net, _) = network(base());
    assert_eq!(meta.step(), Some(200));
    assert_eq!(meta.dt(), Some(0.1 * ms));
    assert_eq!(meta.precision(), Some("f64"));
    assert_eq!(meta.fingerprint(), Some(net.fingerprint()));
}

#[test]
fn restore_continues_bit_for_bit_at_the_stored_step_through_every_form() {
    let (checkpoint, continued) = saved();
    let forms = [
        ("direct", checkpoint.clone()),
        ("json", Checkpoint::from_json(&checkpoint.to_json()).unwrap()),
        ("bytes", Checkpoint::from_bytes(&checkpoint.to_bytes()).unwrap()),
    ];
    for (form, checkpoint) in forms {
        let (mut net, n) = network(base());
        record(&mut net, n, 37);
        net.restore(&checkpoint).unwrap();
        assert_eq!(net.step_index(), 200, "{form}");
        assert_eq!(record(&mut net, n, 100), continued, "{form}");
    }
}

#[test]
fn restore_refuses_a_network_wired_from_another_seed_or_with_another_tau() {
    let (checkpoint, _) = saved();
    for other in [Build { wiring_seed: 2, ..base() }, Build { tau: 5.5 * ms, ..base() }] {
        let (mut net, n) = network(other);
        let (mut twin, m) = network(other);
        record(&mut net, n, 3);
        record(&mut twin, m, 3);
        let err = net.restore(&checkpoint).unwrap_err();
        assert_eq!(metadata_error(err), "fingerprint");
        // Nothing was written: the network continues as its twin that was not touched.
        assert_eq!(net.step_index(), 3);
        assert_eq!(record(&mut net, n, 5), record(&mut twin, m, 5));
    }
}

#[test]
fn restore_refuses_another_dt_precision_or_a_checkpoint_without_step() {
    let (checkpoint, _) = saved();
    let (mut net, _) = network(base());
    let meta = checkpoint.metadata().clone();
    // The same network stepped with another dt: dt itself does not enter the fingerprint.
    let other_dt = checkpoint.clone().with_metadata(meta.clone().with_dt(0.05 * ms).unwrap());
    assert_eq!(metadata_error(net.restore(&other_dt).unwrap_err()), "dt");
    let other_step = checkpoint.clone().with_metadata(meta.clone().with_step(7));
    net.restore(&other_step).unwrap();
    assert_eq!(net.step_index(), 7, "the step is taken from the checkpoint");

    let mut f32_checkpoint = checkpoint.clone();
    f32_checkpoint.set_metadata(meta.clone().with_precision("f32"));
    assert_eq!(metadata_error(net.restore(&f32_checkpoint).unwrap_err()), "precision");

    let no_step = CheckpointMetadata::new()
        .with_fingerprint(meta.fingerprint().unwrap())
        .with_precision("f64")
        .with_dt(0.1 * ms)
        .unwrap();
    let err = net.restore(&checkpoint.clone().with_metadata(no_step)).unwrap_err();
    assert!(err.to_string().starts_with("invalid checkpoint step: none"), "{err}");

    // A bare capture (no metadata at all) is refused, naming the first field.
    let bare = Checkpoint::capture(&net);
    assert_eq!(metadata_error(net.restore(&bare).unwrap_err()), "fingerprint");
    assert_eq!(net.step_index(), 7);
}

#[test]
fn the_fingerprint_changes_with_every_builder_argument_and_not_with_init() {
    let (a, _) = network(base());
    let (mut b, _) = network(base());
    assert_eq!(a.fingerprint(), b.fingerprint());
    b.init(99).unwrap();
    b.set_threads(1).unwrap();
    assert_eq!(a.fingerprint(), b.fingerprint(), "init, threads");
    let (mut c, n) = network(base());
    c.set_current(n, 1.0 * pA).unwrap();
    assert_ne!(a.fingerprint(), c.fingerprint(), "a current");
    let (d, _) = network(Build { dt: 0.05 * ms, ..base() });
    // Delays of 0.5 ms are 5 steps at 0.1 ms and 10 at 0.05 ms.
    assert_ne!(a.fingerprint(), d.fingerprint(), "delays in steps");
}

#[test]
fn an_id_of_another_network_is_refused() {
    let (mut a, pop_a) = network(base());
    let (mut b, pop_b) = network(base());
    assert_ne!(pop_a, pop_b);
    let err = b.set_current(pop_a, 1.0 * pA).unwrap_err();
    assert!(err.to_string().starts_with("population id 0 was made by another network"), "{err}");
    assert!(b.monitor_spikes(pop_a).is_err());
    assert!(b.neurons(pop_a).is_err() && b.spikes(pop_a).is_err());
    let conn = || OneToOne.topology(N).unwrap().with_weight(1.0 * nS).unwrap();
    let syn = ExponParams { tau: 5.0 * ms };
    let out = OutputKind::Coba(Coba::new(0.0 * mV).unwrap());
    assert!(b.add_align_post("x", AlignPost::new(pop_a, pop_b, conn(), syn, out)).is_err());
    assert!(b.add_align_post("y", AlignPost::new(pop_b, pop_a, conn(), syn, out)).is_err());
    let monitor_a = a.monitor_spikes(pop_a).unwrap();
    b.monitor_spikes(pop_b).unwrap();
    assert!(a.spike_monitor(monitor_a).is_ok());
    assert!(b.spike_monitor(monitor_a).is_err());
}

#[test]
fn delays_built_for_another_dt_are_refused() {
    let mut net = Network::new(0.05 * ms).unwrap();
    let lif = Lif::new(Shape::vector(2).unwrap(), LifParams::default()).unwrap();
    let n = net.add_population("N", lif).unwrap();
    let projection = |delays| {
        let conn = OneToOne.topology(2).unwrap().with_weight(1.0 * nS).unwrap();
        let syn = ExponParams { tau: 5.0 * ms };
        let out = OutputKind::Coba(Coba::new(0.0 * mV).unwrap());
        AlignPost::new(n, n, conn, syn, out).with_delays(delays)
    };
    let for_01 = SynapseDelays::uniform(1.0 * ms, 0.1 * ms).unwrap();
    let err = net.add_align_post("a", projection(for_01)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid synapse delays: 10 steps of dt = 0.1 ms in a network of dt = 0.05 ms \
         (must be built for the network's dt)"
    );
    // Zero delays fit any dt; delays built for the network's dt are taken.
    net.add_align_post("b", projection(SynapseDelays::uniform(0.0 * ms, 0.1 * ms).unwrap()))
        .unwrap();
    net.add_align_post("c", projection(SynapseDelays::uniform(1.0 * ms, net.dt()).unwrap()))
        .unwrap();
}

#[test]
fn a_subnormal_time_constant_is_an_error_not_nan() {
    let rule = "(must be > 0 with a finite 1/tau)";
    let lif = LifParams { tau: 5e-324 * s, ..LifParams::default() };
    let err = Lif::new(Shape::vector(1).unwrap(), lif).unwrap_err();
    assert!(err.to_string().starts_with("invalid tau:") && err.to_string().ends_with(rule));

    let mut net = Network::new(0.1 * ms).unwrap();
    let lif = Lif::new(Shape::vector(1).unwrap(), LifParams::default()).unwrap();
    let n = net.add_population("N", lif).unwrap();
    let conn = OneToOne.topology(1).unwrap().with_weight(1.0 * nS).unwrap();
    let syn = ExponParams { tau: 5e-324 * s };
    let out = OutputKind::Coba(Coba::new(0.0 * mV).unwrap());
    let err = net.add_align_post("rec", AlignPost::new(n, n, conn, syn, out)).unwrap_err();
    assert!(err.to_string().ends_with(rule), "{err}");
}

#[test]
fn step_counters_that_would_overflow_are_errors() {
    let (mut net, _) = network(base());
    net.resume_at(u64::MAX).unwrap();
    let err = net.step().unwrap_err();
    assert!(err.to_string().contains("must end at a step index below 2^64"), "{err}");
    net.resume_at(10).unwrap();
    assert!(net.run(u64::MAX - 9).is_err());
    assert!(net.run(u64::MAX).is_err());
    assert!(net.run_for(1e20 * s).is_err());
    assert_eq!(net.step_index(), 10, "nothing ran");
}

#[test]
fn a_monitor_reservation_beyond_memory_is_an_error() {
    let (mut net, n) = network(base());
    net.monitor_spikes(n).unwrap();
    net.monitor_state("N.V", &[0, 1], 1).unwrap();
    let err = net.reserve_monitors(u64::MAX, usize::MAX).unwrap_err();
    assert!(err.to_string().starts_with("invalid memory: a monitor reservation"), "{err}");
    assert!(err.to_string().ends_with("(must fit in the available memory)"), "{err}");
    // 2^60 spikes of 12 bytes: beyond any machine, but no overflow.
    let err = net.reserve_monitors(10, 1 << 60).unwrap_err();
    assert!(err.to_string().contains("GiB"), "{err}");
    net.reserve_monitors(1000, 1000).unwrap();
}

/// Any `f64`: ordinary values, and NaN, ±∞, ±0, subnormals and extremes often.
fn any_f64() -> impl proptest::strategy::Strategy<Value = f64> {
    use proptest::prelude::*;
    prop_oneof![
        // Mostly ordinary values, so that most networks are built and run.
        24 => 0.01..100.0f64,
        4 => -100.0..100.0f64,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(0.0),
        1 => Just(-0.0),
        1 => Just(5e-324),
        1 => Just(f64::MIN_POSITIVE),
        1 => Just(f64::MAX),
        1 => Just(f64::MIN),
        1 => Just(1e-300),
        1 => Just(1e300),
        1 => proptest::num::f64::ANY,
    ]
}

/// A network from arbitrary numbers: `dt`, LIF parameters, a synapse τ, a COBA reversal
/// potential, a weight, an out-degree probability and a current; `None` as soon as a
/// constructor refuses (which must not panic).
fn arbitrary_network(x: &[f64; 10]) -> Option<(Network, PopulationId)> {
    use neurodim::dynamics::connect::PairwiseBernoulli;
    let mut net = Network::new(x[0] * ms).ok()?;
    let params = LifParams {
        tau: x[1] * ms,
        v_th: x[2] * mV,
        v_reset: x[3] * mV,
        v_rest: x[4] * mV,
        ..LifParams::default()
    };
    let n = net.add_population("N", Lif::new(Shape::vector(20).ok()?, params).ok()?).ok()?;
    let p = Probability::new(x[5].abs().min(1.0)).ok()?;
    let topology =
        PairwiseBernoulli::new(p).connect(20, 20, &mut StreamKey::new(0, "c").rng()).ok()?;
    let conn = topology.with_weight(x[6] * nS).ok()?;
    let syn = ExponParams { tau: x[7] * ms };
    let out = OutputKind::Coba(Coba::new(x[8] * mV).ok()?);
    net.add_align_post("rec", AlignPost::new(n, n, conn, syn, out)).ok()?;
    net.set_current(n, x[9] * nA).ok()?;
    Some((net, n))
}

/// Proptest's first find: dt = 1e300 ms and a weight of −1.8e308 nS build a network whose V
/// overflows in its first steps; the run says so, naming the state.
#[test]
fn a_run_whose_states_overflow_is_an_error_naming_the_state() {
    let x = [1e300, 0.01, 0.01, 0.0, 0.01, 0.01, -f64::MAX, 0.01, 0.0, 0.0];
    let (mut net, _) = arbitrary_network(&x).expect("every value passes its constructor");
    net.init(0).unwrap();
    match net.run(100) {
        Err(DynError::NonFiniteState { path, step, .. }) => {
            assert_eq!((path.as_str(), step), ("N.V", 100));
        }
        other => panic!("expected a non-finite state, got {other:?}"),
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

    /// Every constructor and builder call returns `Ok` or `Err` for any numbers (no panic, with
    /// the debug profile's overflow checks), and every network built runs 100 steps with
    /// finite states.
    #[test]
    fn arbitrary_numbers_build_a_finite_network_or_an_error(
        x in proptest::array::uniform10(any_f64())
    ) {
        if let Some((mut net, n)) = arbitrary_network(&x) {
            net.init(0).unwrap();
            // a run whose states overflow (say dt = 1e300 ms with a weight of −1.8e308 nS) is
            // an error naming the state, never a silent NaN
            match net.run(100) {
                Ok(()) => {}
                Err(DynError::NonFiniteState { .. }) => return Ok(()),
                Err(e) => panic!("{e}"),
            }
            let v = net.neurons(n).unwrap().v();
            proptest::prop_assert!(v.iter().all(|v| v.value.is_finite()), "V: {v:?}");
            let g = net.conductance("rec").unwrap();
            proptest::prop_assert!(g.iter().all(|g| g.value.is_finite()), "g: {g:?}");
        }
    }
}

/// One number of a builder argument: its default scaled by a factor near 1 (most arguments, so
/// that a good share of networks is built), or any `f64` in SI units (see [`any_f64`]).
#[derive(Debug, Clone, Copy)]
enum Arg {
    Scaled(f64),
    Any(f64),
}

/// An [`Arg`]: mostly scaled, every twelfth or so any `f64`.
fn arg() -> impl proptest::strategy::Strategy<Value = Arg> {
    use proptest::prelude::*;
    prop_oneof![11 => (0.5..2.0f64).prop_map(Arg::Scaled), 1 => any_f64().prop_map(Arg::Any)]
}

/// The numbers a network is built from, taken in order (the last one again once they run out).
#[derive(Debug)]
struct Args(Vec<Arg>, usize);

impl Args {
    /// The next number, for an argument whose default is `default` (SI).
    fn real(&mut self, default: f64) -> f64 {
        let arg = self.0[self.1.min(self.0.len() - 1)];
        self.1 += 1;
        match arg {
            Arg::Scaled(k) => default * k,
            Arg::Any(x) => x,
        }
    }
}

/// The next number of `$args` as a quantity of the type of `$default`.
macro_rules! pick {
    ($args:expr, $default:expr) => {{
        let mut quantity = $default;
        quantity.value = $args.real(quantity.value);
        quantity
    }};
}

/// The discrete choices of a network: which neuron model, synapse, output, connection rule,
/// short-term plasticity and delays, whether a spike source is the projection's source, and
/// which further inputs and projections there are.
#[derive(Debug, Clone, Copy)]
struct Choices {
    model: usize,
    synapse: usize,
    output: usize,
    rule: usize,
    plasticity: usize,
    delays: usize,
    /// Sizes of the population and of the spike source, out-degree or in-degree, Poisson
    /// inputs per neuron.
    sizes: (usize, usize, usize, u64),
    source: bool,
    align_pre: bool,
    poisson_to_v: bool,
    poisson_to_g: bool,
}

fn choices() -> impl proptest::strategy::Strategy<Value = Choices> {
    use proptest::prelude::*;
    let kinds = (0..7usize, 0..3usize, 0..3usize, 0..5usize, 0..3usize, 0..3usize);
    let sizes = (1..12usize, 1..12usize, 0..5usize, 0..50u64);
    let flags = proptest::array::uniform4(any::<bool>());
    (kinds, sizes, flags).prop_map(
        |((model, synapse, output, rule, plasticity, delays), sizes, flags)| Choices {
            model,
            synapse,
            output,
            rule,
            plasticity,
            delays,
            sizes,
            source: flags[0],
            align_pre: flags[1],
            poisson_to_v: flags[2],
            poisson_to_g: flags[3],
        },
    )
}

/// A population `"N"` of the chosen model, each parameter from `args`, with a constant
/// current near one that makes the default neuron fire.
fn arbitrary_population(
    net: &mut Network,
    model: usize,
    n: usize,
    args: &mut Args,
) -> Option<PopulationId> {
    use neurodim::dynamics::neuron::*;
    let shape = Shape::vector(n).ok()?;
    let reset = |x: f64| if x < 1.0 { SpikeReset::Soft } else { SpikeReset::Hard };
    let (id, current) = match model {
        0 => {
            let d = IfParams::default();
            let p = IfParams {
                r: pick!(args, d.r),
                tau: pick!(args, d.tau),
                v_th: pick!(args, d.v_th),
                reset: reset(args.real(1.0)),
            };
            (net.add_population("N", If::new(shape, p).ok()?), 2.0 * mA)
        }
        1 => {
            let d = LifParams::default();
            let p = LifParams {
                r: pick!(args, d.r),
                tau: pick!(args, d.tau),
                v_th: pick!(args, d.v_th),
                v_reset: pick!(args, d.v_reset),
                v_rest: pick!(args, d.v_rest),
                reset: reset(args.real(1.0)),
            };
            (net.add_population("N", Lif::new(shape, p).ok()?), 2.0 * mA)
        }
        2 => {
            let d = LifRefParams::default();
            let p = LifRefParams {
                r: pick!(args, d.r),
                tau: pick!(args, d.tau),
                tau_ref: pick!(args, d.tau_ref),
                v_th: pick!(args, d.v_th),
                v_reset: pick!(args, d.v_reset),
                v_rest: pick!(args, d.v_rest),
                reset: reset(args.real(1.0)),
            };
            (net.add_population("N", LifRef::new(shape, p).ok()?), 2.0 * mA)
        }
        3 => {
            let d = AlifParams::default();
            let p = AlifParams {
                r: pick!(args, d.r),
                tau: pick!(args, d.tau),
                tau_a: pick!(args, d.tau_a),
                v_th: pick!(args, d.v_th),
                v_reset: pick!(args, d.v_reset),
                v_rest: pick!(args, d.v_rest),
                beta: pick!(args, d.beta),
                reset: reset(args.real(1.0)),
            };
            (net.add_population("N", Alif::new(shape, p).ok()?), 2.0 * mA)
        }
        4 => {
            let d = ExpIfParams::default();
            let p = ExpIfParams {
                r: pick!(args, d.r),
                tau: pick!(args, d.tau),
                tau_ref: pick!(args, d.tau_ref),
                v_rest: pick!(args, d.v_rest),
                v_reset: pick!(args, d.v_reset),
                v_th: pick!(args, d.v_th),
                v_t: pick!(args, d.v_t),
                delta_t: pick!(args, d.delta_t),
            };
            (net.add_population("N", ExpIf::new(shape, p).ok()?), 20.0 * mA)
        }
        5 => {
            let d = AdExParams::default();
            let p = AdExParams {
                c: pick!(args, d.c),
                g_l: pick!(args, d.g_l),
                e_l: pick!(args, d.e_l),
                v_t: pick!(args, d.v_t),
                delta_t: pick!(args, d.delta_t),
                v_reset: pick!(args, d.v_reset),
                v_spike: pick!(args, d.v_spike),
                tau_ref: pick!(args, d.tau_ref),
                tau_w: pick!(args, d.tau_w),
                a: pick!(args, d.a),
                b: pick!(args, d.b),
            };
            (net.add_population("N", AdEx::new(shape, p).ok()?), 500.0 * pA)
        }
        _ => {
            let d = IzhikevichParams::default();
            let p = IzhikevichParams {
                a: pick!(args, d.a),
                b: args.real(d.b),
                c: pick!(args, d.c),
                d: pick!(args, d.d),
                v_th: pick!(args, d.v_th),
                r: pick!(args, d.r),
            };
            (net.add_population("N", Izhikevich::new(shape, p).ok()?), 10.0 * mA)
        }
    };
    let id = id.ok()?;
    net.set_current(id, pick!(args, current)).ok()?;
    Some(id)
}

/// An output of the chosen kind, each parameter from `args`.
fn arbitrary_output(kind: usize, args: &mut Args) -> Option<OutputKind> {
    use neurodim::dynamics::output::{Cuba, MgBlock, MgBlockParams};
    Some(match kind {
        0 => OutputKind::Coba(Coba::new(pick!(args, 0.0 * mV)).ok()?),
        1 => OutputKind::Cuba(Cuba::new(pick!(args, 1.0 * mV)).ok()?),
        _ => {
            let d = MgBlockParams::default();
            let p = MgBlockParams {
                e: pick!(args, d.e),
                cc_mg: pick!(args, d.cc_mg),
                alpha: pick!(args, d.alpha),
                beta: pick!(args, d.beta),
                v_offset: pick!(args, d.v_offset),
            };
            OutputKind::MgBlock(MgBlock::new(p).ok()?)
        }
    })
}

/// A network from arbitrary numbers and choices: `dt`; a population of any neuron model with a
/// current; an [`AlignPost`] projection `"rec"` from it (or from a Poisson spike source) onto
/// it, with any synapse model, output, connection rule, weight, delays and short-term
/// plasticity; optionally an [`AlignPre`](neurodim::dynamics::projection::AlignPre)
/// projection of any receptor and Poisson inputs into V and g. `None` as soon as a
/// constructor or builder call refuses (which must not panic).
fn arbitrary_everything(c: &Choices, args: &mut Args) -> Option<(Network, PopulationId)> {
    use neurodim::dynamics::connect::{AllToAll, FixedInDegree, PairwiseBernoulli};
    use neurodim::dynamics::input::PoissonSpike;
    use neurodim::dynamics::projection::{AlignPre, SynapseKind};
    use neurodim::dynamics::synapse::{
        AlphaParams, DualExponParams, ReceptorParams, StdParams, StpParams,
    };
    let (n, n_source, degree, num_input) = c.sizes;
    let dt = pick!(args, 0.1 * ms);
    let mut net = Network::new(dt).ok()?;
    let pop = arbitrary_population(&mut net, c.model, n, args)?;
    let (pre, n_pre) = if c.source {
        let rate = pick!(args, 20.0 * Hz);
        (net.add_spike_source("P", PoissonSpike::new(n_source, rate).ok()?).ok()?, n_source)
    } else {
        (pop, n)
    };
    let rng = &mut StreamKey::new(0, "rec").rng();
    let topology = match c.rule {
        0 => FixedOutDegree::new(degree).connect(n_pre, n, rng),
        1 => FixedInDegree::new(degree).connect(n_pre, n, rng),
        2 => {
            let p = Probability::new(args.real(0.5)).ok()?;
            PairwiseBernoulli::new(p).connect(n_pre, n, rng)
        }
        3 => AllToAll::new().connect(n_pre, n, rng),
        // one to one from a source of another size is refused when the projection is added
        _ => OneToOne.topology(n),
    }
    .ok()?;
    let n_synapses = topology.n_synapses();
    let conn = topology.with_weight(pick!(args, 1.0 * nS)).ok()?;
    let synapse = match c.synapse {
        0 => SynapseKind::new(ExponParams { tau: pick!(args, 5.0 * ms) }),
        1 => SynapseKind::new(AlphaParams { tau: pick!(args, 5.0 * ms) }),
        _ => {
            let d = DualExponParams::default();
            let a = if args.real(1.0) < 1.0 { None } else { Some(args.real(1.0)) };
            SynapseKind::new(DualExponParams {
                tau_decay: pick!(args, d.tau_decay),
                tau_rise: pick!(args, d.tau_rise),
                a,
            })
        }
    };
    let output = arbitrary_output(c.output, args)?;
    let mut projection = AlignPost::new(pre, pop, conn, synapse, output);
    projection = match c.delays {
        0 => projection,
        1 => projection.with_delays(SynapseDelays::uniform(pick!(args, 0.5 * ms), dt).ok()?),
        _ => {
            let (first, second) = (pick!(args, 0.5 * ms), pick!(args, 0.2 * ms));
            let delays: Vec<Time> =
                (0..n_synapses).map(|i| if i % 2 == 0 { first } else { second }).collect();
            projection.with_delays(SynapseDelays::per_synapse(&delays, dt).ok()?)
        }
    };
    projection = match c.plasticity {
        0 => projection,
        1 => {
            let d = StpParams::default();
            let u = Probability::new(args.real(d.u.get())).ok()?;
            let stp = StpParams { u, tau_f: pick!(args, d.tau_f), tau_d: pick!(args, d.tau_d) };
            projection.with_short_term_plasticity(stp)
        }
        _ => {
            let d = StdParams::default();
            let u = Probability::new(args.real(d.u.get())).ok()?;
            projection.with_short_term_plasticity(StdParams { tau: pick!(args, d.tau), u })
        }
    };
    net.add_align_post("rec", projection).ok()?;
    if c.align_pre {
        let d = ReceptorParams::ampa();
        let receptor = ReceptorParams {
            alpha: pick!(args, d.alpha),
            beta: pick!(args, d.beta),
            t_conc: pick!(args, d.t_conc),
            t_dur: pick!(args, d.t_dur),
        };
        let conn = OneToOne.topology(n).ok()?.with_weight(pick!(args, 1.0 * nS));
        let output = arbitrary_output(c.output, args)?;
        net.add_align_pre("pre", AlignPre::new(pop, pop, conn.ok()?, receptor, output)).ok()?;
    }
    if c.poisson_to_v {
        let (rate, weight) = (pick!(args, 100.0 * Hz), pick!(args, 0.5 * mV));
        let input = PoissonInput::new(n, num_input, rate, weight).ok()?;
        net.add_poisson_to_v("ext_v", pop, input).ok()?;
    }
    if c.poisson_to_g {
        let (rate, weight) = (pick!(args, 100.0 * Hz), pick!(args, 0.5 * nS));
        let input = PoissonInput::new(n, num_input, rate, weight).ok()?;
        net.add_poisson_to_g("ext_g", "rec", input).ok()?;
    }
    Some((net, pop))
}

/// Runs 100 steps of a network built from arbitrary numbers: `Ok` with every state finite, or
/// the error that names a state that is not ([`DynError::NonFiniteState`]); any other error
/// fails.
fn runs_finite_or_says_so(net: &mut Network) -> Result<(), String> {
    net.init(0).map_err(|e| format!("init: {e}"))?;
    match net.run(100) {
        Ok(()) => {}
        Err(DynError::NonFiniteState { .. }) => return Ok(()),
        Err(e) => return Err(format!("run: {e}")),
    }
    let mut non_finite = Vec::new();
    neurodim::state::for_each_state(net, |path, state| {
        if state.to_si().iter().any(|x| !x.is_finite()) {
            non_finite.push(path.to_string());
        }
    });
    if non_finite.is_empty() { Ok(()) } else { Err(format!("not finite: {non_finite:?}")) }
}

proptest::proptest! {
    // About half the cases build a network (134 of 258 drawn in one run; the others stop at
    // the first constructor that refuses a number), and nearly every case has at least one
    // number that is not its default scaled. 1024 cases take well under a second in the debug
    // profile; 20 000 passed when this test was written.
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

    /// Every neuron model, synapse model, output, connection rule, delay, short-term
    /// plasticity, receptor and Poisson input, and the network builder, with arbitrary
    /// numbers: only `Ok` or `Err` (no panic, with the debug profile's overflow checks); every
    /// network built runs 100 steps with finite states, or says which state is not finite.
    /// Its find: a Poisson input with `freq · dt > 1` was taken and refused only at the first
    /// step (see `rates_beyond_one_spike_per_step_are_refused_when_added`).
    #[test]
    fn arbitrary_numbers_in_every_constructor_build_a_finite_network_or_an_error(
        c in choices(),
        numbers in proptest::collection::vec(arg(), 48),
    ) {
        let mut args = Args(numbers, 0);
        if let Some((mut net, _)) = arbitrary_everything(&c, &mut args) {
            let outcome = runs_finite_or_says_so(&mut net);
            proptest::prop_assert!(outcome.is_ok(), "{outcome:?}");
        }
    }
}

/// The proptest's find: a Poisson input or a Poisson spike source whose rate · dt exceeds 1 is
/// refused when it is added (the network's dt is known then), not at the first step.
#[test]
fn rates_beyond_one_spike_per_step_are_refused_when_added() {
    use neurodim::dynamics::input::PoissonSpike;
    let mut net = Network::new(10.0 * ms).unwrap();
    let n = net
        .add_population("N", Lif::new(Shape::vector(2).unwrap(), LifParams::default()).unwrap())
        .unwrap();
    let conn = OneToOne.topology(2).unwrap().with_weight(1.0 * nS).unwrap();
    let out = OutputKind::Coba(Coba::new(0.0 * mV).unwrap());
    net.add_align_post("rec", AlignPost::new(n, n, conn, ExponParams::default(), out)).unwrap();
    let rule = "(must lie in [0, 1])";
    let to_v = PoissonInput::new(2, 10, 150.0 * Hz, 0.5 * mV).unwrap();
    let err = net.add_poisson_to_v("v", n, to_v).unwrap_err().to_string();
    assert_eq!(err, format!("invalid PoissonInput freq · dt: 150 Hz · 10 ms = 1.5 {rule}"));
    let to_g = PoissonInput::new(2, 10, 150.0 * Hz, 0.5 * nS).unwrap();
    assert!(net.add_poisson_to_g("g", "rec", to_g).unwrap_err().to_string().ends_with(rule));
    let source = PoissonSpike::new(2, 150.0 * Hz).unwrap();
    let err = net.add_spike_source("P", source).unwrap_err().to_string();
    assert_eq!(err, format!("invalid PoissonSpike rate · dt: 150 Hz · 10 ms = 1.5 {rule}"));
    // one spike per step at most is taken, and the network runs
    net.add_poisson_to_v("v", n, PoissonInput::new(2, 10, 100.0 * Hz, 0.5 * mV).unwrap()).unwrap();
    net.add_spike_source("P", PoissonSpike::new(2, 100.0 * Hz).unwrap()).unwrap();
    net.init(0).unwrap();
    net.run(10).unwrap();
}

/// Where dt meets a time constant: τ far below dt is fine as long as dt/τ is finite (the
/// exponential-Euler step relaxes V or g in one step), and an error naming the parameter, its
/// value, dt and the rule when dt/τ overflows (the step factor would be dt·0 = 0 and the
/// state would never move).
#[test]
fn time_constants_beyond_floating_point_relative_to_dt_are_refused_when_added() {
    use neurodim::dynamics::neuron::{
        AdEx, AdExParams, Alif, AlifParams, Izhikevich, IzhikevichParams,
    };
    use neurodim::dynamics::projection::AlignPre;
    use neurodim::dynamics::synapse::{
        AlphaParams, DualExponParams, ReceptorParams, StdParams, StpParams,
    };
    let dt = 1e300 * s;
    let rule = "(dt/tau must be finite)";
    let shape = || Shape::vector(2).unwrap();
    let refused = |result: Result<PopulationId, DynError>, param: &str, value: &str| {
        let err = result.unwrap_err().to_string();
        assert_eq!(err, format!("invalid {param}: {value} at dt = 1e300 s {rule}"));
    };
    let mut net = Network::new(dt).unwrap();
    let lif = LifParams { tau: 1e-10 * s, ..LifParams::default() };
    refused(net.add_population("N", Lif::new(shape(), lif).unwrap()), "tau", "1e-10 s");
    let alif = AlifParams { tau_a: 1e-10 * s, ..AlifParams::default() };
    refused(net.add_population("N", Alif::new(shape(), alif).unwrap()), "tau_a", "1e-10 s");
    let adex = AdExParams { tau_w: 1e-10 * s, ..AdExParams::default() };
    refused(net.add_population("N", AdEx::new(shape(), adex).unwrap()), "tau_w", "1e-10 s");
    let izhikevich = IzhikevichParams { a: 1e10 * Hz, ..IzhikevichParams::default() };
    let err = net.add_population("N", Izhikevich::new(shape(), izhikevich).unwrap());
    assert!(err.unwrap_err().to_string().starts_with("invalid 1/a: "));

    // A network whose dt is a thousand years runs a LIF of 10 ms: V relaxes in one step.
    let lif = LifParams { tau: 10.0 * ms, ..LifParams::default() };
    let n = net.add_population("N", Lif::new(shape(), lif).unwrap()).unwrap();
    let syn_refused = |net: &mut Network,
                       synapse: neurodim::dynamics::projection::SynapseKind,
                       param: &str| {
        let conn = OneToOne.topology(2).unwrap().with_weight(1.0 * nS).unwrap();
        let out = OutputKind::Coba(Coba::new(0.0 * mV).unwrap());
        let err = net.add_align_post("rec", AlignPost::new(n, n, conn, synapse, out)).unwrap_err();
        assert_eq!(err.to_string(), format!("invalid {param}: 1e-10 s at dt = 1e300 s {rule}"));
    };
    let tiny = 1e-10 * s;
    syn_refused(&mut net, ExponParams { tau: tiny }.into(), "tau");
    syn_refused(&mut net, AlphaParams { tau: tiny }.into(), "tau");
    let dual = DualExponParams { tau_rise: tiny, tau_decay: 1e-9 * s, a: None };
    syn_refused(&mut net, dual.into(), "tau_rise");
    let conn = || OneToOne.topology(2).unwrap().with_weight(1.0 * nS).unwrap();
    let out = OutputKind::Coba(Coba::new(0.0 * mV).unwrap());
    let stp = StpParams { tau_f: tiny, ..StpParams::default() };
    let projection =
        AlignPost::new(n, n, conn(), ExponParams::default(), out).with_short_term_plasticity(stp);
    let err = net.add_align_post("rec", projection).unwrap_err().to_string();
    assert!(err.starts_with("invalid tau_f: ") && err.ends_with(rule), "{err}");
    let std = StdParams { tau: tiny, ..StdParams::default() };
    let projection =
        AlignPost::new(n, n, conn(), ExponParams::default(), out).with_short_term_plasticity(std);
    assert!(net.add_align_post("rec", projection).unwrap_err().to_string().ends_with(rule));
    let receptor = ReceptorParams { beta: 1e10 * Hz, ..ReceptorParams::ampa() };
    let err = net.add_align_pre("pre", AlignPre::new(n, n, conn(), receptor, out)).unwrap_err();
    assert!(err.to_string().starts_with("invalid 1/beta: ") && err.to_string().ends_with(rule));

    net.set_current(n, 2.0 * mA).unwrap();
    net.init(0).unwrap();
    net.run(2).unwrap();
    // V = R·I = 2 mV at once (then the soft reset of a spike at V_th = 1 mV)
    assert!(net.neurons(n).unwrap().v().iter().all(|v| v.value.is_finite() && v.value != 0.0));

    // At dt = 0.1 ms, τ of 1e-300 s is 1e296 times smaller than dt: accepted, and V relaxes.
    let mut net = Network::new(0.1 * ms).unwrap();
    let lif = LifParams { tau: 1e-300 * s, ..LifParams::default() };
    let n = net.add_population("N", Lif::new(shape(), lif).unwrap()).unwrap();
    net.set_current(n, 0.5 * mA).unwrap();
    net.init(0).unwrap();
    net.run(1).unwrap();
    // V = R·I within the roundings of the step (a few ulp)
    let relaxed = |v: &Voltage| (v.value - 5e-4).abs() <= 4.0 * f64::EPSILON * 5e-4;
    assert!(net.neurons(n).unwrap().v().iter().all(relaxed), "{:?}", net.neurons(n).unwrap().v());
}

/// Spike sources and current waveforms enter the fingerprint with their parameters: a
/// checkpoint of a network whose sources spike at other times, at other rates, or whose
/// waveform has another amplitude or timing is refused.
#[test]
fn the_fingerprint_changes_with_the_parameters_of_sources_and_waveforms() {
    use neurodim::dynamics::input::{
        ConstantCurrent, PoissonSpike, RampCurrent, SectionCurrent, SpikeTime, StepCurrent,
    };
    use neurodim::dynamics::network::SpikeSource;
    fn with_source(source: impl SpikeSource + 'static) -> Network {
        let mut net = Network::new(0.1 * ms).unwrap();
        net.add_spike_source("S", source).unwrap();
        net
    }
    let times = |indices: Vec<usize>, t: Time| {
        with_source(SpikeTime::new(2, indices, vec![0.3 * ms, t]).unwrap())
    };
    let poisson = |rate: Frequency| with_source(PoissonSpike::new(2, rate).unwrap());
    let prints = [
        ("spike times", times(vec![0, 1], 0.5 * ms).fingerprint()),
        ("a later time", times(vec![0, 1], 0.6 * ms).fingerprint()),
        ("another index", times(vec![0, 0], 0.5 * ms).fingerprint()),
        ("poisson", poisson(10.0 * Hz).fingerprint()),
        ("another rate", poisson(11.0 * Hz).fingerprint()),
    ];
    for (i, (a, print_a)) in prints.iter().enumerate() {
        for (b, print_b) in &prints[i + 1..] {
            assert_ne!(print_a, print_b, "{a} and {b}");
        }
    }

    // Waveforms: each kind and each parameter.
    let with_waveform = |set: &dyn Fn(&mut Network, PopulationId)| {
        let mut net = Network::new(0.1 * ms).unwrap();
        let lif = Lif::new(Shape::vector(1).unwrap(), LifParams::default()).unwrap();
        let n = net.add_population("N", lif).unwrap();
        set(&mut net, n);
        net.fingerprint()
    };
    let step = |amplitude: Current, start: Time| {
        with_waveform(&|net, n| {
            net.set_current_waveform(n, StepCurrent::new(amplitude, start, 2.0 * ms).unwrap())
                .unwrap()
        })
    };
    let waveforms = [
        ("step", step(1.0 * pA, 1.0 * ms)),
        ("another amplitude", step(2.0 * pA, 1.0 * ms)),
        ("another start", step(1.0 * pA, 1.5 * ms)),
        (
            "constant",
            with_waveform(&|net, n| {
                net.set_current_waveform(n, ConstantCurrent::new(1.0 * pA).unwrap()).unwrap()
            }),
        ),
        (
            "ramp",
            with_waveform(&|net, n| {
                let ramp = RampCurrent::new(0.0 * pA, 1.0 * pA, 1.0 * ms, 2.0 * ms).unwrap();
                net.set_current_waveform(n, ramp).unwrap()
            }),
        ),
        (
            "sections",
            with_waveform(&|net, n| {
                let sections = SectionCurrent::new(vec![1.0 * pA], vec![1.0 * ms]).unwrap();
                net.set_current_waveform(n, sections).unwrap()
            }),
        ),
        (
            "other sections",
            with_waveform(&|net, n| {
                let sections = SectionCurrent::new(vec![1.0 * pA], vec![2.0 * ms]).unwrap();
                net.set_current_waveform(n, sections).unwrap()
            }),
        ),
    ];
    for (i, (a, print_a)) in waveforms.iter().enumerate() {
        for (b, print_b) in &waveforms[i + 1..] {
            assert_ne!(print_a, print_b, "{a} and {b}");
        }
    }
    // The same parameters give the same fingerprint, and a checkpoint is refused by a network
    // whose source spikes at another time.
    assert_eq!(step(1.0 * pA, 1.0 * ms), step(1.0 * pA, 1.0 * ms));
    let mut saved = times(vec![0, 1], 0.5 * ms);
    saved.init(0).unwrap();
    let checkpoint = saved.checkpoint();
    let mut other = times(vec![0, 1], 0.6 * ms);
    other.init(0).unwrap();
    assert_eq!(metadata_error(other.restore(&checkpoint).unwrap_err()), "fingerprint");
    let mut same = times(vec![0, 1], 0.5 * ms);
    same.init(0).unwrap();
    same.restore(&checkpoint).unwrap();
}
