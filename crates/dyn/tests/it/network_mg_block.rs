//! A network whose synapses drive their population through an Mg²⁺-blocked (NMDA-like) output,
//! the one output linearised at V: the engine must apply the pending reset, take the output's
//! tangent at the post-reset V and only then integrate, tile by tile (2 500 neurons: three
//! tiles). The reference is the same models stepped by hand in that order, so the
//! potentials must agree bit for bit.

use super::common::{pre_currents, pre_params};
use neurodim_dyn::connect::OneToOne;
use neurodim_dyn::network::Network;
use neurodim_dyn::neuron::{Drive, Lif, LifRef, LifRefParams, Neuron, SynapticDrive};
use neurodim_dyn::output::{MgBlock, MgBlockParams, SynapticOutput};
use neurodim_dyn::projection::{AlignPost, OutputKind};
use neurodim_dyn::synapse::{ConductanceSynapse, Expon, ExponParams};
use neurodim_state::init::Constant;
use neurodim_state::{Environment, Shape, init_all};
use neurodim_units::*;

const N: usize = 2_500;
const STEPS: u64 = 400;

fn post_params() -> LifRefParams {
    LifRefParams {
        tau: 20.0 * ms,
        tau_ref: 0.0 * ms, // no hold: the step after a spike integrates from the reset
        v_th: -50.0 * mV,
        v_reset: -60.0 * mV,
        v_rest: -60.0 * mV,
        ..LifRefParams::default()
    }
}

/// Starting at rest, so that every spike comes from the synaptic drive.
fn post_neurons(shape: Shape) -> LifRef {
    LifRef::new(shape, post_params()).unwrap().with_v_initializer(Constant(-60.0 * mV))
}

const POST_CURRENT_MA: f64 = 9.5; // V∞ = −50.5 mV: just below threshold without synapses
const W_MS: f64 = 1_000.0; // about 3 mV of drive per presynaptic spike at −55 mV

fn network_run() -> (Vec<Voltage>, u64) {
    let shape = Shape::vector(N).unwrap();
    let mut net = Network::new(0.1 * ms).unwrap();
    let pre = net.add_population("pre", Lif::new(shape.clone(), pre_params()).unwrap()).unwrap();
    let post = net.add_population("post", post_neurons(shape)).unwrap();
    net.set_currents(pre, pre_currents(N)).unwrap();
    net.set_current(post, POST_CURRENT_MA * mA).unwrap();
    let conn = OneToOne.topology(N).unwrap().with_weight(W_MS * mS).unwrap();
    let synapse = ExponParams { tau: 5.0 * ms };
    let output = OutputKind::MgBlock(MgBlock::new(MgBlockParams::default()).unwrap());
    net.add_align_post("nmda", AlignPost::new(pre, post, conn, synapse, output)).unwrap();
    net.init(0).unwrap();
    let mut post_spikes = 0;
    for _ in 0..STEPS {
        net.step().unwrap();
        post_spikes += net.spikes(post).unwrap().iter().filter(|&&spiked| spiked).count() as u64;
    }
    (net.neurons(post).unwrap().v().to_vec(), post_spikes)
}

fn by_hand() -> (Vec<Voltage>, u64) {
    let shape = Shape::vector(N).unwrap();
    let env = Environment::new(0.1 * ms).unwrap();
    let mut pre = Lif::new(shape.clone(), pre_params()).unwrap();
    let mut syn = Expon::new(shape.clone(), ExponParams { tau: 5.0 * ms }).unwrap();
    let mut post = post_neurons(shape);
    init_all(&mut pre, None, 0).unwrap();
    init_all(&mut syn, None, 0).unwrap();
    init_all(&mut post, None, 0).unwrap();
    let mg = MgBlock::new(MgBlockParams::default()).unwrap();
    let currents = pre_currents(N);
    let (mut pre_spikes, mut post_spikes) = (vec![false; N], vec![false; N]);
    let mut drive = SynapticDrive::new(N);
    let mut count = 0;
    for i in 0..STEPS {
        let ctx = env.step(i);
        // the spikes of step i − 1 arrive through the one-to-one weights
        let arrived: Vec<Conductance> =
            pre_spikes.iter().map(|&spiked| if spiked { W_MS * mS } else { 0.0 * mS }).collect();
        syn.update(&ctx, Some(&arrived)).unwrap();
        drive.clear();
        post.apply_reset().unwrap();
        mg.add_to(syn.g(), post.v(), &mut drive).unwrap();
        let external = Drive::current(POST_CURRENT_MA * mA).with_synaptic(&drive);
        post.integrate(&ctx, &external, &mut post_spikes).unwrap();
        count += post_spikes.iter().filter(|&&spiked| spiked).count() as u64;
        pre.update(&ctx, &Drive::currents(&currents), &mut pre_spikes).unwrap();
    }
    (post.v().to_vec(), count)
}

#[test]
fn mg_block_outputs_see_the_post_reset_potential_in_every_tile() {
    let (net_v, net_spikes) = network_run();
    let (hand_v, hand_spikes) = by_hand();
    // the run must exercise resets and the block (some, not all, neurons spike)
    assert!(net_spikes > N as u64 && net_spikes < N as u64 * STEPS / 10, "{net_spikes} spikes");
    assert_eq!(net_spikes, hand_spikes);
    let first_difference =
        net_v.iter().zip(&hand_v).position(|(a, b)| a.value.to_bits() != b.value.to_bits());
    assert_eq!(first_difference, None, "the potentials differ from this neuron on");
}
