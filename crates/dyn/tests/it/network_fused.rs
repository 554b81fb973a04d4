//! A population whose synapse groups are exponential with outputs linear in V (COBA, CUBA) is
//! stepped by one pass per tile: every group's decay and arrivals, the zeroing of the
//! arrivals, the drive (with COBA outputs staged a block of neurons at a time) and the neurons'
//! update. The reference is the same models stepped by hand, stage by stage
//! (synapses update, outputs fill the drive, neurons integrate), so the potentials
//! and conductances must agree bit for bit: with COBA outputs (a drive with a slope), CUBA
//! outputs (an offset from the external current, constant or per neuron), both mixed, one
//! group, three groups (beyond the fused pass: stage by stage), and delays (a ring of several
//! slots whose slot the pass zeroes). The CUBA case is also run with voltage jumps from a
//! delta projection. 5 000 neurons: five tiles of the stage-by-stage pass, two of the
//! one-loop step. Alpha and DualExpon synapses (not single exponentials) take the
//! stage-by-stage plan, alone and next to an exponential group, with the same bits as by hand.
//! Short-term plasticity (STP, STD) scales what each spike delivers by its efficacy at sending,
//! also through delays and across a checkpoint with spikes in flight.

use super::common::{pre_currents, pre_params};
use neurodim_dyn::connect::{OneToOne, SynapseDelays};
use neurodim_dyn::kernel::Synapses;
use neurodim_dyn::network::{Network, PopulationId, StepPlan};
use neurodim_dyn::neuron::{Drive, Lif, LifRef, LifRefParams, Neuron, SynapticDrive};
use neurodim_dyn::output::{Coba, Cuba, SynapticOutput};
use neurodim_dyn::projection::{AlignPost, Delta, OutputKind};
use neurodim_dyn::projection::{ShortTermPlasticity, SynapseKind};
use neurodim_dyn::synapse::{
    AlphaParams, ConductanceSynapse, DualExponParams, ExponParams, Std, StdParams, Stp, StpParams,
};
use neurodim_state::init::Constant;
use neurodim_state::{Environment, Shape, init_all};
use neurodim_units::*;

const N: usize = 5_000;
const STEPS: u64 = 400;
const DT_MS: f64 = 0.1;

/// One projection from the presynaptic population, one-to-one.
#[derive(Clone, Copy)]
struct Projection {
    weight: Conductance,
    tau: Time,
    output: OutputKind,
    delay_steps: u16,
    model: Model,
    plasticity: Option<ShortTermPlasticity>,
}

/// The synapse model of a projection, with its time constant `τ` (DualExpon: `τ_d = τ`,
/// `τ_r = τ/5`).
#[derive(Clone, Copy, PartialEq)]
enum Model {
    Expon,
    Alpha,
    DualExpon,
}

impl Model {
    fn kind(self, tau: Time) -> SynapseKind {
        match self {
            Model::Expon => ExponParams { tau }.into(),
            Model::Alpha => AlphaParams { tau }.into(),
            Model::DualExpon => {
                DualExponParams { tau_decay: tau, tau_rise: tau / 5.0, a: None }.into()
            }
        }
    }

    fn build(self, shape: Shape, tau: Time) -> Box<dyn ConductanceSynapse> {
        match self {
            Model::Expon => Box::new(Synapses::new(shape, ExponParams { tau }).unwrap()),
            Model::Alpha => Box::new(Synapses::new(shape, AlphaParams { tau }).unwrap()),
            Model::DualExpon => {
                let params = DualExponParams { tau_decay: tau, tau_rise: tau / 5.0, a: None };
                Box::new(Synapses::new(shape, params).unwrap())
            }
        }
    }
}

/// The external current of the post population.
#[derive(Clone, Copy)]
enum External {
    Constant,
    PerNeuron,
}

/// The post neurons' parameters: one value for all, or a threshold and a time constant per
/// neuron.
#[derive(Clone, Copy, PartialEq)]
enum PostParams {
    Uniform,
    PerNeuron,
}

fn post_neurons(shape: Shape, post: PostParams) -> LifRef {
    let params = LifRefParams {
        tau: 20.0 * ms,
        tau_ref: 2.0 * ms,
        v_th: -50.0 * mV,
        v_reset: -60.0 * mV,
        v_rest: -60.0 * mV,
        ..LifRefParams::default()
    };
    let neurons = LifRef::new(shape, params).unwrap().with_v_initializer(Constant(-60.0 * mV));
    if post == PostParams::PerNeuron {
        // V_th from −50.5 to −49.5 mV and τ from 15 to 25 ms, each neuron its own
        let n = N as f64;
        let v_th = (0..N).map(|i| (-50.5 + (i * 7 % N) as f64 / n) * mV).collect();
        let tau = (0..N).map(|i| (15.0 + 10.0 * (i * 13 % N) as f64 / n) * ms).collect();
        neurons
            .with_parameter_values("V_th", v_th)
            .unwrap()
            .with_parameter_values("tau", tau)
            .unwrap()
    } else {
        neurons
    }
}

/// Just below threshold without synapses (V∞ = −50.5 mV), different per neuron if asked.
fn post_currents(external: External) -> Vec<Current> {
    match external {
        External::Constant => vec![9.5 * mA; N],
        External::PerNeuron => (0..N).map(|i| (9.0 + i as f64 / N as f64) * mA).collect(),
    }
}

fn coba(e_mv: f64) -> OutputKind {
    OutputKind::Coba(Coba::new(e_mv * mV).unwrap())
}

fn cuba() -> OutputKind {
    OutputKind::Cuba(Cuba::default())
}

/// The network of `projections` from `pre` (index 0) onto `post` (index 1).
fn network(
    projections: &[Projection],
    external: External,
    jump: Option<Voltage>,
    post_params: PostParams,
) -> (Network, PopulationId) {
    let shape = Shape::vector(N).unwrap();
    let mut net = Network::new(DT_MS * ms).unwrap();
    let pre = net.add_population("pre", Lif::new(shape.clone(), pre_params()).unwrap()).unwrap();
    let post = net.add_population("post", post_neurons(shape, post_params)).unwrap();
    net.set_currents(pre, pre_currents(N)).unwrap();
    match external {
        External::Constant => net.set_current(post, post_currents(external)[0]).unwrap(),
        External::PerNeuron => net.set_currents(post, post_currents(external)).unwrap(),
    }
    for (k, p) in projections.iter().enumerate() {
        let conn = OneToOne.topology(N).unwrap().with_weight(p.weight).unwrap();
        let synapse = p.model.kind(p.tau);
        let mut projection = AlignPost::new(pre, post, conn, synapse, p.output)
            .with_delays(delays(p.delay_steps, net.dt()));
        if let Some(plasticity) = p.plasticity {
            projection = projection.with_short_term_plasticity(plasticity);
        }
        net.add_align_post(&format!("p{k}"), projection).unwrap();
    }
    if let Some(jump) = jump {
        let conn = OneToOne.topology(N).unwrap().with_weight(jump).unwrap();
        net.add_delta("jumps", Delta::new(pre.neurons(0..N), post, conn)).unwrap();
    }
    (net, post)
}

fn network_run(
    projections: &[Projection],
    external: External,
    jump: Option<Voltage>,
    post_params: PostParams,
) -> (Vec<Voltage>, Vec<Vec<Conductance>>, u64, StepPlan) {
    let (mut net, post) = network(projections, external, jump, post_params);
    net.init(0).unwrap();
    let mut post_spikes = 0;
    for _ in 0..STEPS {
        net.step().unwrap();
        post_spikes += net.spikes(post).unwrap().iter().filter(|&&spiked| spiked).count() as u64;
    }
    let g = (0..projections.len())
        .map(|k| net.conductance(&format!("p{k}")).unwrap().to_vec())
        .collect();
    let plan = net.plan().populations[1].step; // "post"
    (net.neurons(post).unwrap().v().to_vec(), g, post_spikes, plan)
}

fn by_hand(
    projections: &[Projection],
    external: External,
    jump: Option<Voltage>,
    post_params: PostParams,
) -> (Vec<Voltage>, Vec<Vec<Conductance>>, u64) {
    let shape = Shape::vector(N).unwrap();
    let env = Environment::new(DT_MS * ms).unwrap();
    let mut pre = Lif::new(shape.clone(), pre_params()).unwrap();
    let mut post = post_neurons(shape.clone(), post_params);
    init_all(&mut pre, None, 0).unwrap();
    init_all(&mut post, None, 0).unwrap();
    let mut synapses: Vec<Box<dyn ConductanceSynapse>> = projections
        .iter()
        .map(|p| {
            let mut syn = p.model.build(shape.clone(), p.tau);
            init_all(syn.as_mut(), None, 0).unwrap();
            syn
        })
        .collect();
    // per projection: its short-term plasticity (one state per presynaptic neuron) and the
    // efficacy of the spikes of every step so far
    let mut plasticity: Vec<Option<Efficacy>> =
        projections.iter().map(|p| p.plasticity.map(|kind| Efficacy::new(kind, &shape))).collect();
    let mut efficacy: Vec<Vec<Vec<f64>>> = vec![Vec::new(); projections.len()];
    let all_cuba = projections.iter().all(|p| matches!(p.output, OutputKind::Cuba(_)));
    let (pre_currents, post_currents) = (pre_currents(N), post_currents(external));
    // the presynaptic spikes of every step so far, to deliver them after their delay
    let mut history: Vec<Vec<bool>> = Vec::new();
    let mut post_spikes = vec![false; N];
    let mut drive = SynapticDrive::new(N);
    let mut count = 0;
    for i in 0..STEPS {
        let ctx = env.step(i);
        for (k, (p, syn)) in projections.iter().zip(&mut synapses).enumerate() {
            // the plasticity takes the spikes of the last step at the start of this one
            if let (Some(stp), Some(spikes)) = (&mut plasticity[k], history.last()) {
                efficacy[k].push(stp.update(&ctx, spikes));
            }
            // a spike of step m arrives at the start of step m + 1 + delay
            let sent = (i as usize).checked_sub(1 + usize::from(p.delay_steps));
            let arrived: Vec<Conductance> = match sent.and_then(|m| Some((m, history.get(m)?))) {
                Some((m, spikes)) => spikes
                    .iter()
                    .enumerate()
                    .map(|(j, &spiked)| match (spiked, efficacy[k].get(m)) {
                        (false, _) => 0.0 * mS,
                        (true, None) => p.weight,
                        (true, Some(e)) => p.weight * e[j],
                    })
                    .collect(),
                None => vec![0.0 * mS; N],
            };
            syn.update(&ctx, Some(&arrived)).unwrap();
        }
        drive.clear();
        if all_cuba {
            // the engine's current-based drive: the external current, then each output
            drive.parts_mut().0.copy_from_slice(&post_currents);
        }
        for (p, syn) in projections.iter().zip(&synapses) {
            p.output.add_to(syn.g(), post.v(), &mut drive).unwrap();
        }
        let inputs = if all_cuba {
            Drive::currents(drive.offset())
        } else {
            Drive::currents(&post_currents).with_synaptic(&drive)
        };
        // a delta projection's jumps: the presynaptic spikes of the last step times the weight
        let jumps: Vec<Voltage> = match (jump, history.last()) {
            (Some(jump), Some(spikes)) => {
                spikes.iter().map(|&spiked| if spiked { jump } else { 0.0 * mV }).collect()
            }
            (Some(_), None) => vec![0.0 * mV; N],
            (None, _) => vec![],
        };
        let inputs = if jumps.is_empty() { inputs } else { inputs.with_delta(&jumps) };
        post.update(&ctx, &inputs, &mut post_spikes).unwrap();
        count += post_spikes.iter().filter(|&&spiked| spiked).count() as u64;
        let mut pre_spikes = vec![false; N];
        pre.update(&ctx, &Drive::currents(&pre_currents), &mut pre_spikes).unwrap();
        history.push(pre_spikes);
    }
    let g = synapses.iter().map(|syn| syn.g().to_vec()).collect();
    (post.v().to_vec(), g, count)
}

/// A short-term plasticity model stepped by hand.
enum Efficacy {
    Stp(Stp),
    Std(Std),
}

impl Efficacy {
    fn new(kind: ShortTermPlasticity, shape: &Shape) -> Self {
        let mut model = match kind {
            ShortTermPlasticity::Stp(p) => Efficacy::Stp(Stp::new(shape.clone(), p).unwrap()),
            ShortTermPlasticity::Std(p) => Efficacy::Std(Std::new(shape.clone(), p).unwrap()),
            other => panic!("this test steps brainstate's STP and STD by hand, not {other:?}"),
        };
        match &mut model {
            Efficacy::Stp(stp) => init_all(stp, None, 0).unwrap(),
            Efficacy::Std(std) => init_all(std, None, 0).unwrap(),
        }
        model
    }

    fn update(&mut self, ctx: &neurodim_state::StepContext, spikes: &[bool]) -> Vec<f64> {
        let mut efficacy = vec![0.0; spikes.len()];
        match self {
            Efficacy::Stp(stp) => stp.update(ctx, spikes, &mut efficacy).unwrap(),
            Efficacy::Std(std) => std.update(ctx, spikes, &mut efficacy).unwrap(),
        }
        efficacy
    }
}

fn assert_same_bits<T: Copy>(what: &str, engine: &[T], hand: &[T], bits: impl Fn(T) -> u64) {
    let first = engine.iter().zip(hand).position(|(&a, &b)| bits(a) != bits(b));
    assert_eq!(first, None, "{what}: differs from this neuron on");
    assert_eq!(engine.len(), hand.len());
}

fn check(projections: &[Projection], external: External) -> StepPlan {
    check_with_jumps(projections, external, None)
}

fn check_with_jumps(
    projections: &[Projection],
    external: External,
    jump: Option<Voltage>,
) -> StepPlan {
    check_post(projections, external, jump, PostParams::Uniform)
}

fn check_post(
    projections: &[Projection],
    external: External,
    jump: Option<Voltage>,
    post: PostParams,
) -> StepPlan {
    let (net_v, net_g, net_spikes, plan) = network_run(projections, external, jump, post);
    let (hand_v, hand_g, hand_spikes) = by_hand(projections, external, jump, post);
    // the run must exercise spikes, resets and refractoriness (some, not all, neurons spike)
    assert!(
        net_spikes > N as u64 / 10 && net_spikes < N as u64 * STEPS / 20,
        "{net_spikes} spikes"
    );
    assert_eq!(net_spikes, hand_spikes);
    assert_same_bits("V", &net_v, &hand_v, |v: Voltage| v.value.to_bits());
    for (k, (net, hand)) in net_g.iter().zip(&hand_g).enumerate() {
        assert_same_bits(&format!("g of p{k}"), net, hand, |g: Conductance| g.value.to_bits());
    }
    plan
}

fn excitatory(output: OutputKind, weight: Conductance) -> Projection {
    Projection {
        weight,
        tau: 5.0 * ms,
        output,
        delay_steps: 0,
        model: Model::Expon,
        plasticity: None,
    }
}

fn inhibitory(output: OutputKind, weight: Conductance) -> Projection {
    Projection {
        weight,
        tau: 10.0 * ms,
        output,
        delay_steps: 0,
        model: Model::Expon,
        plasticity: None,
    }
}

#[test]
fn two_coba_groups_match_the_models_stepped_by_hand() {
    let projections = [excitatory(coba(0.0), 100.0 * mS), inhibitory(coba(-80.0), 20.0 * mS)];
    assert_eq!(check(&projections, External::Constant), StepPlan::OneLoop { channels: 2 });
}

#[test]
fn two_cuba_groups_with_per_neuron_currents_match_the_models_stepped_by_hand() {
    let projections = [excitatory(cuba(), 4.0 * mS), inhibitory(cuba(), -1.0 * mS)];
    assert_eq!(check(&projections, External::PerNeuron), StepPlan::OneLoop { channels: 2 });
}

#[test]
fn two_cuba_groups_with_voltage_jumps_match_the_models_stepped_by_hand() {
    let projections = [excitatory(cuba(), 4.0 * mS), inhibitory(cuba(), -1.0 * mS)];
    check_with_jumps(&projections, External::Constant, Some(0.2 * mV));
}

#[test]
fn a_coba_and_a_cuba_group_match_the_models_stepped_by_hand() {
    let projections = [excitatory(cuba(), 4.0 * mS), inhibitory(coba(-80.0), 20.0 * mS)];
    check(&projections, External::PerNeuron);
}

#[test]
fn one_group_matches_the_model_stepped_by_hand() {
    check(&[excitatory(cuba(), 4.0 * mS)], External::Constant);
}

#[test]
fn three_groups_stepped_stage_by_stage_match_the_models_stepped_by_hand() {
    let projections = [
        excitatory(coba(0.0), 100.0 * mS),
        inhibitory(coba(-80.0), 20.0 * mS),
        Projection { weight: 1.0 * mS, tau: 2.0 * ms, ..excitatory(cuba(), 0.0 * mS) },
    ];
    assert_eq!(check(&projections, External::Constant), StepPlan::Stagewise);
}

#[test]
fn delayed_arrivals_zeroed_by_the_fused_pass_are_not_delivered_again() {
    let projections = [
        Projection { delay_steps: 7, ..excitatory(coba(0.0), 100.0 * mS) },
        Projection { delay_steps: 3, ..inhibitory(coba(-80.0), 20.0 * mS) },
    ];
    check(&projections, External::Constant);
}

#[test]
fn alpha_and_dual_exponential_groups_are_stepped_stage_by_stage_with_the_bits_of_by_hand() {
    let projections = [
        Projection { model: Model::Alpha, ..excitatory(coba(0.0), 400.0 * mS) },
        Projection { model: Model::DualExpon, ..inhibitory(coba(-80.0), 20.0 * mS) },
    ];
    assert_eq!(check(&projections, External::Constant), StepPlan::Stagewise);
}

#[test]
fn an_alpha_group_next_to_an_exponential_one_with_current_outputs_and_delays() {
    let projections = [
        Projection { delay_steps: 4, ..excitatory(cuba(), 4.0 * mS) },
        Projection { model: Model::Alpha, delay_steps: 2, ..inhibitory(cuba(), -2.0 * mS) },
    ];
    assert_eq!(check(&projections, External::PerNeuron), StepPlan::Stagewise);
}

#[test]
fn a_dual_exponential_group_alone_with_a_current_output() {
    let projections = [Projection { model: Model::DualExpon, ..excitatory(cuba(), 4.0 * mS) }];
    assert_eq!(check(&projections, External::Constant), StepPlan::Stagewise);
}

#[test]
fn short_term_plasticity_scales_the_delivered_weights_as_by_hand() {
    let stp = StpParams { tau_f: 100.0 * ms, tau_d: 50.0 * ms, ..StpParams::default() };
    let projections = [
        Projection { plasticity: Some(stp.into()), ..excitatory(coba(0.0), 1500.0 * mS) },
        Projection {
            plasticity: Some(
                StdParams {
                    u: neurodim_units::Probability::new(0.3).unwrap(),
                    ..StdParams::default()
                }
                .into(),
            ),
            ..inhibitory(coba(-80.0), 20.0 * mS)
        },
    ];
    // a single exponential with plasticity stays fused: the efficacy acts on delivery
    assert_eq!(check(&projections, External::Constant), StepPlan::OneLoop { channels: 2 });
}

#[test]
fn short_term_plasticity_with_delays_sends_each_spike_with_its_efficacy() {
    let projections = [
        Projection {
            plasticity: Some(StpParams::default().into()),
            delay_steps: 5,
            model: Model::Alpha,
            ..excitatory(cuba(), 100.0 * mS)
        },
        Projection {
            plasticity: Some(StdParams::default().into()),
            delay_steps: 2,
            ..inhibitory(cuba(), -1.0 * mS)
        },
    ];
    assert_eq!(check(&projections, External::PerNeuron), StepPlan::Stagewise);
}

#[test]
fn short_term_plasticity_with_delays_resumes_from_a_checkpoint_bit_for_bit() {
    let projections = [Projection {
        plasticity: Some(StpParams::default().into()),
        delay_steps: 6,
        ..excitatory(cuba(), 40.0 * mS)
    }];
    let (mut straight, post) = network(&projections, External::Constant, None, PostParams::Uniform);
    straight.init(0).unwrap();
    straight.run(200).unwrap();
    let saved = straight.checkpoint();
    straight.run(200).unwrap();
    let (mut resumed, resumed_post) =
        network(&projections, External::Constant, None, PostParams::Uniform);
    resumed.init(7).unwrap();
    resumed.restore(&saved).unwrap(); // continues at the stored step, 200
    resumed.run(200).unwrap();
    let v = |net: &Network, post| net.neurons(post).unwrap().v().to_vec();
    let (resumed_v, straight_v) = (v(&resumed, resumed_post), v(&straight, post));
    assert_same_bits("V", &resumed_v, &straight_v, |v: Voltage| v.value.to_bits());
    // spikes were in flight at the checkpoint, and the plasticity had moved
    let x = |net: &Network| {
        let mut x = vec![];
        neurodim_state::for_each_state(net, |path, state| {
            if path == "p0.stp.x" {
                x = state.to_si()
            }
        });
        x
    };
    assert!(x(&straight).iter().any(|&x| x < 0.99));
    assert_eq!(x(&resumed), x(&straight));
}

/// `steps` steps of delay in a network of `dt`.
fn delays(steps: u16, dt: Time) -> SynapseDelays {
    SynapseDelays::uniform(f64::from(steps) * dt, dt).unwrap()
}

/// With a threshold and a time constant per neuron, the fused pass (COBA) and the one-loop
/// step (CUBA, with jumps) cut the per-neuron constants at each tile as the neurons: the bits
/// of the same population stepped by hand in one piece.
#[test]
fn per_neuron_parameters_take_the_fused_and_one_loop_plans_with_the_bits_of_stepping_by_hand() {
    let coba_groups = [excitatory(coba(0.0), 100.0 * mS), inhibitory(coba(-80.0), 20.0 * mS)];
    let plan = check_post(&coba_groups, External::Constant, None, PostParams::PerNeuron);
    assert_eq!(plan, StepPlan::OneLoop { channels: 2 });
    let cuba_groups = [excitatory(cuba(), 4.0 * mS), inhibitory(cuba(), -1.0 * mS)];
    let plan = check_post(&cuba_groups, External::PerNeuron, Some(0.2 * mV), PostParams::PerNeuron);
    assert_eq!(plan, StepPlan::OneLoop { channels: 2 });
}
