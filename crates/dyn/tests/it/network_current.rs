//! `CurrentProj` in the network: the post current is `out(W·g_pre)` each step, with `g_pre` the
//! synapse conductance of the same step; sizes are validated; the projection adds no state.
//! Reference values are computed here from the equations (Expon decay, the LIF exact
//! exponential step for a constant current over one step), not from a simulator.

use neurodim_dyn::DynError;
use neurodim_dyn::connect::{AllToAll, Connectivity, OneToOne, Weights};
use neurodim_dyn::input::SpikeTime;
use neurodim_dyn::network::{Network, PopulationId};
use neurodim_dyn::neuron::{Lif, LifParams};
use neurodim_dyn::output::{Coba, Cuba};
use neurodim_dyn::projection::{AlignPost, CurrentProj, OutputKind};
use neurodim_dyn::synapse::ExponParams;
use neurodim_state::{Shape, list_states};
use neurodim_units::*;

const DT_MS: f64 = 0.1;
const TAU_SYN_MS: f64 = 1.0;
const TAU_M_MS: f64 = 5.0;
const W_SYN_MS: f64 = 2.0; // mS
/// The dense communication layer, `W[i][j]` from pre `i` to post `j` (dimensionless).
const W: [[f64; 3]; 2] = [[0.5, 1.0, -0.25], [2.0, 0.0, 0.75]];

/// A silent LIF (threshold out of reach), R = 1 Ω, τ = 5 ms, V_rest = 0.
fn silent_lif(n: usize) -> Lif {
    let params = LifParams { tau: TAU_M_MS * ms, v_th: 1.0e9 * mV, ..LifParams::default() };
    Lif::new(Shape::vector(n).unwrap(), params).unwrap()
}

fn dense(w: &[[f64; 3]; 2]) -> Result<Connectivity<f64>, DynError> {
    let topology = AllToAll::new().topology(2, 3)?;
    let weights = (0..2)
        .flat_map(|i| topology.targets_of(i).iter().map(move |&j| w[i][j as usize]))
        .collect();
    Connectivity::new(topology, Weights::PerSynapse(weights))
}

/// S (spike source, 2) → "SA" (Expon τ = 1 ms, one-to-one 2 mS) → A (2);
/// "AB": CurrentProj of SA's g through `W` into B (3) with `out`.
/// S emits neuron 0 in step 0 and neuron 1 in step 2.
fn network(out: OutputKind) -> Result<(Network, PopulationId), DynError> {
    let mut net = Network::new(DT_MS * ms)?;
    let source = SpikeTime::new(2, vec![0, 1], vec![0.0 * ms, 0.2 * ms])?;
    let stim = net.add_spike_source("S", source)?;
    let a = net.add_population("A", silent_lif(2))?;
    let b = net.add_population("B", silent_lif(3))?;
    let conn = OneToOne.topology(2)?.with_weight(W_SYN_MS * mS)?;
    let syn = ExponParams { tau: TAU_SYN_MS * ms };
    let cuba = OutputKind::Cuba(Cuba::new(1.0 * mV)?);
    net.add_align_post("SA", AlignPost::new(stim, a, conn, syn, cuba))?;
    net.add_current("AB", CurrentProj::from_synapse("SA", dense(&W)?, out, b))?;
    net.init(0)?;
    Ok((net, b))
}

/// g of SA in step `n` (mS): a spike of step `k` is added at step `k + 1`, then decays.
fn g_pre(n: usize) -> [f64; 2] {
    let decayed = |first: usize| {
        if n >= first { W_SYN_MS * (-((n - first) as f64) * DT_MS / TAU_SYN_MS).exp() } else { 0.0 }
    };
    [decayed(1), decayed(3)]
}

fn g_post(n: usize) -> [f64; 3] {
    let g = g_pre(n);
    core::array::from_fn(|j| W[0][j] * g[0] + W[1][j] * g[1])
}

fn close(found: f64, expected: f64) -> bool {
    (found - expected).abs() <= 1e-9 * expected.abs().max(1e-6)
}

#[test]
fn cuba_current_is_scale_times_w_g_each_step() -> Result<(), DynError> {
    let (mut net, b) = network(OutputKind::Cuba(Cuba::new(1.0 * mV)?))?;
    let decay = (-DT_MS / TAU_M_MS).exp();
    let mut v = [0.0; 3]; // mV
    for n in 0..30 {
        net.step()?;
        let g = net.conductance("SA").unwrap();
        let expected_g = g_pre(n);
        (0..2).for_each(|i| assert!(close(g[i].value_in(mS), expected_g[i]), "g step {n}"));
        // I = g·1 mV (mS·mV = µA); R·I with R = 1 Ω is I·1e-3 mV per µA.
        let current = g_post(n).map(|g| g * 1e-3);
        for j in 0..3 {
            v[j] = v[j] * decay + current[j] * (1.0 - decay);
        }
        let found = net.neurons(b).unwrap().v();
        for j in 0..3 {
            assert!(
                close(found[j].value_in(mV), v[j]),
                "V[{j}] step {n}: {:?} vs {}",
                found[j],
                v[j]
            );
        }
    }
    assert!(v.iter().all(|&x| x != 0.0), "the test drives every post neuron");
    Ok(())
}

#[test]
fn coba_current_is_w_g_times_e_minus_v() -> Result<(), DynError> {
    let e = -75.0; // mV
    let (mut net, b) = network(OutputKind::Coba(Coba::new(e * mV)?))?;
    let mut v = [0.0f64; 3]; // mV
    for n in 0..30 {
        net.step()?;
        // dV/dt = (−V + R·g·(E − V))/τ with g constant over the step: exact step towards
        // V∞ = R·g·E/(1 + R·g) at rate (1 + R·g)/τ; R·g = g[mS]·1e-3.
        for (j, g) in g_post(n).into_iter().enumerate() {
            let rg = g * 1e-3;
            let v_inf = rg * e / (1.0 + rg);
            v[j] = v_inf + (v[j] - v_inf) * (-(1.0 + rg) * DT_MS / TAU_M_MS).exp();
        }
        let found = net.neurons(b).unwrap().v();
        for j in 0..3 {
            assert!(
                close(found[j].value_in(mV), v[j]),
                "V[{j}] step {n}: {:?} vs {}",
                found[j],
                v[j]
            );
        }
    }
    Ok(())
}

#[test]
fn without_self_connections_a_neuron_does_not_drive_itself() -> Result<(), DynError> {
    let mut net = Network::new(DT_MS * ms)?;
    let source = SpikeTime::new(2, vec![0], vec![0.0 * ms])?;
    let stim = net.add_spike_source("S", source)?;
    let a = net.add_population("A", silent_lif(2))?;
    let conn = OneToOne.topology(2)?.with_weight(W_SYN_MS * mS)?;
    let syn = ExponParams { tau: TAU_SYN_MS * ms };
    let out = OutputKind::Cuba(Cuba::new(1.0 * mV)?);
    net.add_align_post("SA", AlignPost::new(stim, a, conn.clone(), syn, out))?;
    let b = net.add_population("B", silent_lif(2))?;
    let comm = AllToAll::new().self_connections(false).topology(2, 2)?.with_weight(1.0)?;
    net.add_current("AB", CurrentProj::from_synapse("SA", comm, out, b))?;
    net.init(0)?;
    net.run(5)?;
    let v = net.neurons(b).unwrap().v();
    // only pre 0 has g ≠ 0, and it reaches post 1 only
    assert_eq!(v[0], 0.0 * mV);
    assert!(v[1] > 0.0 * mV);
    Ok(())
}

fn two_populations() -> Result<(Network, PopulationId, PopulationId), DynError> {
    let mut net = Network::new(DT_MS * ms)?;
    let a = net.add_population("A", silent_lif(2))?;
    let b = net.add_population("B", silent_lif(3))?;
    let conn = OneToOne.topology(2)?.with_weight(W_SYN_MS * mS)?;
    let syn = ExponParams { tau: TAU_SYN_MS * ms };
    let out = OutputKind::Cuba(Cuba::new(1.0 * mV)?);
    net.add_align_post("AA", AlignPost::new(a, a, conn, syn, out))?;
    Ok((net, a, b))
}

fn cuba() -> OutputKind {
    OutputKind::Cuba(Cuba::new(1.0 * mV).unwrap())
}

#[test]
fn rejects_a_communication_layer_of_the_wrong_input_size() -> Result<(), DynError> {
    let (mut net, _, b) = two_populations()?;
    let comm = AllToAll::new().topology(3, 3)?.with_weight(1.0)?;
    let err = net.add_current("AB", CurrentProj::from_synapse("AA", comm, cuba(), b)).unwrap_err();
    assert_eq!(
        err,
        DynError::SizeMismatch {
            what: "communication n_pre (the g of \"AA\")".into(),
            expected: 2,
            found: 3
        }
    );
    Ok(())
}

#[test]
fn rejects_a_communication_layer_of_the_wrong_output_size() -> Result<(), DynError> {
    let (mut net, _, b) = two_populations()?;
    let comm = AllToAll::new().topology(2, 2)?.with_weight(1.0)?;
    let err = net.add_current("AB", CurrentProj::from_synapse("AA", comm, cuba(), b)).unwrap_err();
    assert_eq!(
        err,
        DynError::SizeMismatch {
            what: "communication n_post (the post population)".into(),
            expected: 3,
            found: 2
        }
    );
    Ok(())
}

#[test]
fn rejects_an_unknown_pre_variable_a_taken_name_and_a_spike_source_target() -> Result<(), DynError>
{
    let (mut net, _, b) = two_populations()?;
    let comm = || dense(&W).unwrap();
    let unknown = net.add_current("AB", CurrentProj::from_synapse("A", comm(), cuba(), b));
    assert!(unknown.unwrap_err().to_string().contains("AlignPost"));
    let taken = net.add_current("AA", CurrentProj::from_synapse("AA", comm(), cuba(), b));
    assert!(taken.unwrap_err().to_string().contains("unique"));
    let stim = net.add_spike_source("S", SpikeTime::new(3, vec![0], vec![0.0 * ms])?)?;
    let into_source = net.add_current("AS", CurrentProj::from_synapse("AA", comm(), cuba(), stim));
    assert!(into_source.unwrap_err().to_string().contains("spike source"));
    // a valid one is accepted, and its name is then taken
    net.add_current("AB", CurrentProj::from_synapse("AA", comm(), cuba(), b))?;
    let again = net.add_current("AB", CurrentProj::from_synapse("AA", comm(), cuba(), b));
    assert!(again.is_err());
    Ok(())
}

#[test]
fn adds_no_state_and_replays_after_reset() -> Result<(), DynError> {
    let (mut net, b) = network(OutputKind::Cuba(Cuba::new(1.0 * mV)?))?;
    let paths: Vec<String> = list_states(&net).into_iter().map(|info| info.path).collect();
    assert!(paths.contains(&"SA.syn.g".to_string()));
    assert!(!paths.iter().any(|p| p.starts_with("AB")), "{paths:?}");
    net.run(20)?;
    let first = net.neurons(b).unwrap().v().to_vec();
    assert!(first.iter().any(|&v| v != 0.0 * mV));
    net.reset()?;
    net.run(20)?;
    assert_eq!(net.neurons(b).unwrap().v(), first.as_slice());
    Ok(())
}

#[test]
fn continues_bit_for_bit_from_a_checkpoint() -> Result<(), Box<dyn std::error::Error>> {
    let (mut net, b) = network(OutputKind::Coba(Coba::new(-75.0 * mV)?))?;
    net.run(2)?; // the second spike (step 2) is still to arrive
    let checkpoint = neurodim_state::Checkpoint::capture(&net);
    net.run(10)?;
    let expected = net.neurons(b).unwrap().v().to_vec();
    let (mut restored, b2) = network(OutputKind::Coba(Coba::new(-75.0 * mV)?))?;
    checkpoint.restore_exact(&mut restored)?;
    restored.resume_at(2)?;
    restored.run(10)?;
    assert_eq!(restored.neurons(b2).unwrap().v(), expected.as_slice());
    assert!(expected.iter().all(|&v| v != 0.0 * mV));
    Ok(())
}

#[test]
fn a_merged_projection_reads_the_shared_g() -> Result<(), DynError> {
    let v_after = |read: &str| -> Result<Vec<Voltage>, DynError> {
        let mut net = Network::new(DT_MS * ms)?;
        let source = SpikeTime::new(2, vec![0, 1], vec![0.0 * ms, 0.2 * ms])?;
        let stim = net.add_spike_source("S", source)?;
        let a = net.add_population("A", silent_lif(2))?;
        let b = net.add_population("B", silent_lif(3))?;
        let syn = ExponParams { tau: TAU_SYN_MS * ms };
        for (name, w) in [("SA", W_SYN_MS), ("SA2", 0.5)] {
            let conn = OneToOne.topology(2)?.with_weight(w * mS)?;
            net.add_align_post(name, AlignPost::new(stim, a, conn, syn, cuba()))?;
        }
        net.add_current("AB", CurrentProj::from_synapse(read, dense(&W)?, cuba(), b))?;
        net.init(0)?;
        net.run(10)?;
        Ok(net.neurons(b).unwrap().v().to_vec())
    };
    let through_first = v_after("SA")?;
    assert_eq!(v_after("SA2")?, through_first);
    assert!(through_first.iter().all(|&v| v != 0.0 * mV));
    Ok(())
}

/// An AMPA `AlignPre` projection, stepped by hand: receptors on the 4 presynaptic neurons take
/// the spikes of the last step, `g_i = Σ_j w_ij·r_j` (all to all, per-synapse conductances),
/// COBA into 3 silent neurons. The network must give the same bits, and the receptor's state
/// must be the projection's (`"ampa.syn.g"`).
#[test]
fn align_pre_receptors_match_the_models_stepped_by_hand() -> Result<(), Box<dyn std::error::Error>>
{
    use neurodim_dyn::neuron::{Drive, Neuron, SynapticDrive};
    use neurodim_dyn::output::SynapticOutput;
    use neurodim_dyn::projection::AlignPre;
    use neurodim_dyn::synapse::{Receptor, ReceptorParams};
    use neurodim_state::{Environment, init_all};

    let (n_pre, n_post, steps) = (4, 3, 600);
    let pre_lif = LifParams { tau: 10.0 * ms, ..LifParams::default() };
    let pre_currents: Vec<Current> = (0..n_pre).map(|j| (1.2 + 0.3 * j as f64) * mA).collect();
    let topology = AllToAll::new().topology(n_pre, n_post)?;
    let weights: Vec<Conductance> =
        (0..topology.n_synapses()).map(|k| (0.5 + 0.1 * k as f64) * mS).collect();
    let conn = Connectivity::new(topology.clone(), Weights::PerSynapse(weights.clone()))?;
    let out = OutputKind::Coba(Coba::new(10.0 * mV)?); // above V_rest = 0

    let mut net = Network::new(DT_MS * ms)?;
    let pre = net.add_population("pre", Lif::new(n_pre, pre_lif)?)?;
    let post = net.add_population("post", silent_lif(n_post))?;
    net.set_currents(pre, pre_currents.clone())?;
    net.add_align_pre("ampa", AlignPre::new(pre, post, conn, ReceptorParams::ampa(), out))?;
    assert!(list_states(&net).iter().any(|state| state.path == "ampa.syn.g"));
    net.init(0)?;
    let mut pre_spikes_seen = 0;
    for _ in 0..steps {
        net.step()?;
        pre_spikes_seen += net.spikes(pre).unwrap().iter().filter(|&&f| f).count();
    }
    assert!(pre_spikes_seen > 10, "{pre_spikes_seen} presynaptic spikes");

    let env = Environment::new(DT_MS * ms)?;
    let mut pre_hand = Lif::new(n_pre, pre_lif)?;
    let mut post_hand = silent_lif(n_post);
    let mut receptor = Receptor::ampa(n_pre)?;
    init_all(&mut pre_hand, None, 0)?;
    init_all(&mut post_hand, None, 0)?;
    init_all(&mut receptor, None, 0)?;
    let (mut pre_spikes, mut post_spikes) = (vec![false; n_pre], vec![false; n_post]);
    let mut drive = SynapticDrive::new(n_post);
    let zero = vec![0.0 * mA; n_post];
    for i in 0..steps {
        let ctx = env.step(i);
        receptor.update(&ctx, &pre_spikes)?;
        let mut g = vec![0.0 * mS; n_post];
        for (j, &r) in receptor.g().iter().enumerate().filter(|(_, r)| **r != 0.0) {
            for k in topology.row_range(j) {
                g[topology.targets()[k] as usize] += weights[k] * r;
            }
        }
        drive.clear();
        out.add_to(&g, post_hand.v(), &mut drive)?;
        post_hand.update(&ctx, &Drive::currents(&zero).with_synaptic(&drive), &mut post_spikes)?;
        pre_hand.update(&ctx, &Drive::currents(&pre_currents), &mut pre_spikes)?;
    }
    let bits = |v: &[Voltage]| v.iter().map(|v| v.value.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(net.neurons(post).unwrap().v()), bits(post_hand.v()));
    assert!(post_hand.v().iter().all(|v| *v > 0.0 * mV), "the receptors drove the post cells");
    let g_net = net.conductance("ampa").unwrap();
    assert!(g_net.iter().all(|g| *g > 0.0 * mS));
    Ok(())
}

/// A COBA population with two exponential groups and a current projection into it takes the
/// fused plan (the current projection's output joins the drive before the neurons' step). Its
/// reference is the same network with a third, silent exponential group onto the population
/// (zero weight, reversal 0 mV: it adds `0·g = 0` to the offset and `−0` to the slope, after
/// the other groups), which takes the stage-by-stage plan, itself checked against the models
/// stepped by hand in `network_fused.rs`: the potentials must agree bit for bit.
#[test]
fn the_fused_plan_with_a_current_projection_in_gives_the_stagewise_bits() -> Result<(), DynError> {
    use neurodim_dyn::network::StepPlan;
    let run = |silent_group: bool| -> Result<(StepPlan, Vec<Voltage>), DynError> {
        let mut net = Network::new(DT_MS * ms)?;
        let source = SpikeTime::new(2, vec![0, 1, 0], vec![0.0 * ms, 0.2 * ms, 3.0 * ms])?;
        let stim = net.add_spike_source("S", source)?;
        let a = net.add_population("A", silent_lif(2))?;
        let driver = LifParams { tau: 10.0 * ms, ..LifParams::default() };
        let pre = net.add_population("pre", Lif::new(3, driver)?)?;
        net.set_currents(pre, vec![1.2 * mA, 1.5 * mA, 1.9 * mA])?;
        let b = net.add_population("B", silent_lif(3))?;
        let conn = OneToOne.topology(2)?.with_weight(W_SYN_MS * mS)?;
        let syn = ExponParams { tau: TAU_SYN_MS * ms };
        net.add_align_post(
            "SA",
            AlignPost::new(stim, a, conn, syn, OutputKind::Cuba(Cuba::new(1.0 * mV)?)),
        )?;
        let coba = |e: f64| Coba::new(e * mV).map(OutputKind::Coba);
        for (name, w, tau, e) in [("E", 3.0, 5.0, 60.0), ("I", 2.0, 10.0, -80.0)] {
            let conn = AllToAll::new().topology(3, 3)?.with_weight(w * mS)?;
            let syn = ExponParams { tau: tau * ms };
            net.add_align_post(name, AlignPost::new(pre, b, conn, syn, coba(e)?))?;
        }
        if silent_group {
            let conn = AllToAll::new().topology(3, 3)?.with_weight(0.0 * mS)?;
            let syn = ExponParams { tau: 7.0 * ms };
            net.add_align_post("silent", AlignPost::new(pre, b, conn, syn, coba(0.0)?))?;
        }
        net.add_current(
            "AB",
            CurrentProj::from_synapse("SA", dense(&W)?, OutputKind::Cuba(Cuba::new(1.0 * mV)?), b),
        )?;
        net.init(0)?;
        net.run(300)?;
        let plan = net.plan().populations.iter().find(|p| p.population == "B").unwrap().step;
        Ok((plan, net.neurons(b).unwrap().v().to_vec()))
    };
    let (fused_plan, fused) = run(false)?;
    let (stagewise_plan, stagewise) = run(true)?;
    assert_eq!(fused_plan, StepPlan::FusedSynapses { channels: 2 });
    assert_eq!(stagewise_plan, StepPlan::Stagewise);
    assert!(fused.iter().all(|v| v.value != 0.0), "the inputs must move V: {fused:?}");
    let bits = |v: &[Voltage]| v.iter().map(|v| v.value.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&fused), bits(&stagewise));
    Ok(())
}
