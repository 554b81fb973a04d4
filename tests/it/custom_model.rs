//! A neuron model written outside the library (the QIF of `examples/custom_model`) takes the
//! built-in models' step plan in a network — exponential synapses and neurons in one pass, with
//! COBA outputs (the drive staged a block at a time) and with CUBA outputs — and gives the
//! bits of the same model stepped by hand, stage by stage (synapses update, outputs fill the
//! drive, the neurons integrate). 5 000 neurons: two tiles of the one-loop plan. A synapse
//! model written outside the library (the exact exponential of the same example) takes the
//! one-loop plan as the built-in does, with the bits of its own model stepped by hand.

// The example's own model files rather than copies: this checks the code the example runs.
#[path = "../../examples/custom_model/exact_expon.rs"]
mod exact_expon;
#[path = "../../examples/custom_model/qif.rs"]
mod qif;

use super::common::pre_currents;
use exact_expon::ExactExponParams;
use neurodim::dynamics::connect::OneToOne;
use neurodim::dynamics::kernel::{Neurons, Synapses};
use neurodim::dynamics::network::{Network, StepPlan};
use neurodim::dynamics::neuron::{Drive, Lif, LifParams, Neuron, SynapticDrive};
use neurodim::dynamics::output::{Coba, Cuba, SynapticOutput};
use neurodim::dynamics::projection::{AlignPost, OutputKind, SynapseKind};
use neurodim::dynamics::synapse::{ConductanceSynapse, ExponParams};
use neurodim::state::init::Uniform;
use neurodim::state::{Environment, Shape, init_all};
use neurodim::units::{Conductance, Time, Voltage, mS, mV, ms, nS, pA};
use qif::QifParams;

const N: usize = 5_000;
const STEPS: u64 = 400;

fn post_neurons() -> Neurons<QifParams> {
    Neurons::new(Shape::vector(N).unwrap(), QifParams::default())
        .unwrap()
        .with_v_initializer(Uniform::new(-65.0 * mV, -45.0 * mV).unwrap())
}

/// Presynaptic LIF neurons that fire at different steps.
fn pre_neurons() -> Lif {
    Lif::new(Shape::vector(N).unwrap(), LifParams { tau: 10.0 * ms, ..LifParams::default() })
        .unwrap()
}

const POST_CURRENT: f64 = 60.0; // pA: below the rheobase without synapses

/// Two one-to-one projections (weight, τ, output).
fn projections(output: &str) -> [(Conductance, Time, OutputKind); 2] {
    match output {
        "coba" => [
            (2.0 * nS, 5.0 * ms, OutputKind::Coba(Coba::new(0.0 * mV).unwrap())),
            (1.0 * nS, 10.0 * ms, OutputKind::Coba(Coba::new(-80.0 * mV).unwrap())),
        ],
        _ => [
            (2.0 * nS, 5.0 * ms, OutputKind::Cuba(Cuba::new(20.0 * mV).unwrap())),
            (-1.0 * nS, 10.0 * ms, OutputKind::Cuba(Cuba::new(20.0 * mV).unwrap())),
        ],
    }
}

/// The synapse model of both projections: the built-in exponential, or the user's exact one.
#[derive(Clone, Copy)]
enum Model {
    Builtin,
    User,
}

impl Model {
    fn kind(self, tau: Time) -> SynapseKind {
        match self {
            Model::Builtin => ExponParams { tau }.into(),
            Model::User => ExactExponParams { tau }.into(),
        }
    }

    fn build(self, tau: Time) -> Box<dyn ConductanceSynapse> {
        let shape = Shape::vector(N).unwrap();
        match self {
            Model::Builtin => Box::new(Synapses::new(shape, ExponParams { tau }).unwrap()),
            Model::User => Box::new(Synapses::new(shape, ExactExponParams { tau }).unwrap()),
        }
    }
}

fn network_run(output: &str, model: Model) -> (Vec<Voltage>, u64, StepPlan) {
    let mut net = Network::new(0.1 * ms).unwrap();
    let pre = net.add_population("pre", pre_neurons()).unwrap();
    let post = net.add_population("post", post_neurons()).unwrap();
    net.set_currents(pre, pre_currents(N)).unwrap();
    net.set_current(post, POST_CURRENT * pA).unwrap();
    for (k, (weight, tau, out)) in projections(output).into_iter().enumerate() {
        let conn = OneToOne.topology(N).unwrap().with_weight(weight).unwrap();
        let syn = model.kind(tau);
        net.add_align_post(&format!("p{k}"), AlignPost::new(pre, post, conn, syn, out)).unwrap();
    }
    net.init(0).unwrap();
    let plan = net.plan().populations[1].step;
    let mut spikes = 0;
    for _ in 0..STEPS {
        net.step().unwrap();
        spikes += net.spikes(post).unwrap().iter().filter(|&&s| s).count() as u64;
    }
    (net.neurons(post).unwrap().v().to_vec(), spikes, plan)
}

fn by_hand(output: &str, model: Model) -> (Vec<Voltage>, u64) {
    let env = Environment::new(0.1 * ms).unwrap();
    let (mut pre, mut post) = (pre_neurons(), post_neurons());
    // the network initialises each state from the seed and its path ("post.V"): take its V
    init_all(&mut pre, None, 0).unwrap();
    let mut net_like = Network::new(0.1 * ms).unwrap();
    let id = net_like.add_population("post", post.clone()).unwrap();
    net_like.init(0).unwrap();
    let v0 = net_like.neurons(id).unwrap().v().to_vec();
    init_all(&mut post, None, 0).unwrap(); // its values are set from `v` before each step
    let projections = projections(output);
    let mut synapses: Vec<Box<dyn ConductanceSynapse>> = projections
        .iter()
        .map(|&(_, tau, _)| {
            let mut syn = model.build(tau);
            init_all(syn.as_mut(), None, 0).unwrap();
            syn
        })
        .collect();
    let currents = pre_currents(N);
    let cuba = output != "coba";
    let (mut pre_spikes, mut post_spikes) = (vec![false; N], vec![false; N]);
    let mut drive = SynapticDrive::new(N);
    let mut count = 0;
    let mut v = v0;
    for i in 0..STEPS {
        let ctx = env.step(i);
        for ((weight, _, _), syn) in projections.iter().zip(&mut synapses) {
            let arrived: Vec<Conductance> =
                pre_spikes.iter().map(|&s| if s { *weight } else { 0.0 * mS }).collect();
            syn.update(&ctx, Some(&arrived)).unwrap();
        }
        drive.clear();
        if cuba {
            // the engine's current-based drive: the external current, then each output
            drive.parts_mut().0.fill(POST_CURRENT * pA);
        }
        for ((_, _, out), syn) in projections.iter().zip(&synapses) {
            out.add_to(syn.g(), &v, &mut drive).unwrap();
        }
        let inputs = if cuba {
            Drive::currents(drive.offset())
        } else {
            Drive::current(POST_CURRENT * pA).with_synaptic(&drive)
        };
        set_v(&mut post, &v);
        post.update(&ctx, &inputs, &mut post_spikes).unwrap();
        v = post.v().to_vec();
        count += post_spikes.iter().filter(|&&s| s).count() as u64;
        pre.update(&ctx, &Drive::currents(&currents), &mut pre_spikes).unwrap();
    }
    (v, count)
}

/// Sets the population's V (its state "V", through the state walk).
fn set_v(post: &mut Neurons<QifParams>, v: &[Voltage]) {
    let values: Vec<f64> = v.iter().map(|v| v.value).collect();
    neurodim::state::try_for_each_state_mut(post, |path, state| {
        if path == "V" { state.load_si(&values) } else { Ok(()) }
    })
    .unwrap();
}

fn check(output: &str, model: Model, plan: StepPlan) {
    let (net_v, net_spikes, net_plan) = network_run(output, model);
    assert_eq!(net_plan, plan);
    let (hand_v, hand_spikes) = by_hand(output, model);
    assert!(net_spikes > 100, "the synapses must make the neurons fire: {net_spikes} spikes");
    assert_eq!(net_spikes, hand_spikes);
    let first = net_v.iter().zip(&hand_v).position(|(a, b)| a.value.to_bits() != b.value.to_bits());
    assert_eq!(first, None, "V differs from this neuron on");
}

#[test]
fn a_user_model_with_coba_synapses_takes_the_one_loop_plan_and_the_bits_of_stepping_by_hand() {
    check("coba", Model::Builtin, StepPlan::OneLoop { channels: 2 });
}

#[test]
fn a_user_synapse_model_takes_the_one_loop_plan_and_the_bits_of_stepping_by_hand() {
    check("coba", Model::User, StepPlan::OneLoop { channels: 2 });
}

#[test]
fn a_user_model_with_cuba_synapses_takes_the_one_loop_plan_and_the_bits_of_stepping_by_hand() {
    check("cuba", Model::Builtin, StepPlan::OneLoop { channels: 2 });
}
