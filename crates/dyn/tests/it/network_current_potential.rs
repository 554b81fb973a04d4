//! `CurrentProj::from_potential` in the network: the post population receives
//! `out(k · Wᵀ·V_pre)` each step, with `V_pre` as the presynaptic neurons ended the previous
//! step (read before any population integrates, although the presynaptic population is stepped
//! first). The reference is the same models stepped by hand in that order, so the potentials
//! must agree bit for bit; bad inputs are typed errors.

use neurodim_dyn::DynError;
use neurodim_dyn::connect::{AllToAll, Connectivity, OneToOne, Weights};
use neurodim_dyn::input::SpikeTime;
use neurodim_dyn::network::Network;
use neurodim_dyn::neuron::{Drive, Lif, LifParams, Neuron};
use neurodim_dyn::output::Cuba;
use neurodim_dyn::projection::{CurrentProj, OutputKind};
use neurodim_state::{Environment, Shape, init_all};
use neurodim_units::*;

const DT_MS: f64 = 0.1;
const STEPS: u64 = 50;
/// `W[i][j]` from pre `i` to post `j` (dimensionless).
const W: [[f64; 3]; 2] = [[0.5, 1.0, -0.25], [2.0, 0.0, 0.75]];
const GAIN_S_PER_V: f64 = 5.0;

/// A LIF whose threshold is out of reach, R = 1 Ω, τ = 5 ms, V_rest = 0.
fn silent_lif(n: usize) -> Lif {
    let params = LifParams { tau: 5.0 * ms, v_th: 1.0e9 * mV, ..LifParams::default() };
    Lif::new(Shape::vector(n).unwrap(), params).unwrap()
}

/// Different currents, so that the two presynaptic potentials differ and change every step.
fn pre_currents() -> Vec<Current> {
    vec![2.0 * mA, -5.0 * mA]
}

fn dense() -> Result<Connectivity<f64>, DynError> {
    let topology = AllToAll::new().topology(2, 3)?;
    let weights = (0..2)
        .flat_map(|i| topology.targets_of(i).iter().map(move |&j| W[i][j as usize]))
        .collect();
    Connectivity::new(topology, Weights::PerSynapse(weights))
}

fn gain() -> ConductancePerVoltage {
    GAIN_S_PER_V * S / V
}

fn cuba() -> OutputKind {
    OutputKind::Cuba(Cuba::new(1.0 * V).unwrap())
}

#[test]
fn the_post_current_is_the_gain_times_w_times_the_previous_pre_potential() -> Result<(), DynError> {
    let mut net = Network::new(DT_MS * ms)?;
    let a = net.add_population("A", silent_lif(2))?;
    let b = net.add_population("B", silent_lif(3))?;
    net.set_currents(a, pre_currents())?;
    net.add_current("AB", CurrentProj::from_potential(a, gain(), dense()?, cuba(), b))?;
    net.init(0)?;

    let env = Environment::new(DT_MS * ms)?;
    let (mut pre, mut post) = (silent_lif(2), silent_lif(3));
    init_all(&mut pre, None, 0)?;
    init_all(&mut post, None, 0)?;
    let (mut pre_spikes, mut post_spikes) = ([false; 2], [false; 3]);
    for n in 0..STEPS {
        net.step()?;
        let ctx = env.step(n);
        // g_post = W^T (k V_pre), summed row by row as the engine does, from V before any update
        let mut g = [Conductance::default(); 3];
        for (i, &v) in pre.v().iter().enumerate() {
            for (j, g) in g.iter_mut().enumerate() {
                *g += gain() * v * W[i][j];
            }
        }
        let currents: Vec<Current> = g.iter().map(|&g| g * (1.0 * V)).collect();
        pre.update(&ctx, &Drive::currents(&pre_currents()), &mut pre_spikes)?;
        post.update(&ctx, &Drive::currents(&currents), &mut post_spikes)?;
        let engine = net.neurons(b).unwrap().v();
        let same = engine.iter().zip(post.v()).all(|(x, y)| x.value.to_bits() == y.value.to_bits());
        assert!(same, "step {n}: {engine:?} vs {:?}", post.v());
    }
    // the drive is not trivial: the post potentials moved, in both directions
    let v = post.v();
    assert!(v.iter().any(|&v| v > 1.0 * mV) && v.iter().any(|&v| v < -1.0 * mV), "{v:?}");
    Ok(())
}

#[test]
fn rejects_a_communication_layer_of_the_wrong_input_size() -> Result<(), DynError> {
    let mut net = Network::new(DT_MS * ms)?;
    let a = net.add_population("A", silent_lif(4))?;
    let b = net.add_population("B", silent_lif(3))?;
    let err = net.add_current("AB", CurrentProj::from_potential(a, gain(), dense()?, cuba(), b));
    let expected = DynError::SizeMismatch {
        what: "communication n_pre (the V of \"A\")".into(),
        expected: 4,
        found: 2,
    };
    assert_eq!(err.unwrap_err(), expected);
    Ok(())
}

#[test]
fn rejects_a_non_finite_gain_a_spike_source_and_an_unknown_population() -> Result<(), DynError> {
    let mut net = Network::new(DT_MS * ms)?;
    let a = net.add_population("A", silent_lif(2))?;
    let b = net.add_population("B", silent_lif(3))?;
    let nan = f64::NAN * nS / (1.0 * mV);
    let err = net.add_current("AB", CurrentProj::from_potential(a, nan, dense()?, cuba(), b));
    let message = err.unwrap_err().to_string();
    assert!(message.contains("current projection gain"), "{message}");
    // a spike source has no membrane potential
    let stim = net.add_spike_source("S", SpikeTime::new(2, vec![0], vec![0.0 * ms])?)?;
    let err = net.add_current("SB", CurrentProj::from_potential(stim, gain(), dense()?, cuba(), b));
    assert!(err.unwrap_err().to_string().contains("\"S\""));
    // a population of another network: its id is out of range here
    let mut other = Network::new(DT_MS * ms)?;
    for name in ["x", "y", "z", "w"] {
        other.add_population(name, silent_lif(2))?;
    }
    let stranger = other.add_population("v", silent_lif(2))?;
    let comm = OneToOne.topology(2)?.with_weight(1.0)?;
    let err = net.add_current("XB", CurrentProj::from_potential(stranger, gain(), comm, cuba(), a));
    assert!(err.is_err());
    // nothing was added by the rejected calls: the name is still free
    net.add_current("AB", CurrentProj::from_potential(a, gain(), dense()?, cuba(), b))?;
    Ok(())
}
