"""Song, Miller & Abbott (2000) in NEST 3.10: the model of ../brian2/stdp_song.py (Brian2's
documented example "stdp"), with NEST's neuron and stdp_synapse.

The network: a poisson_generator at 15 Hz connected all_to_all to N = 1000 parrot_neurons (each
parrot gets its own independent train), and each parrot onto one iaf_cond_exp through an
stdp_synapse:

    iaf_cond_exp   C_m 100 pF, g_L 10 nS (C_m/g_L = taum = 10 ms), E_L -74 mV, V_th -54 mV,
                   V_reset -60 mV, t_ref 0 ms, E_ex 0 mV, tau_syn_ex 5 ms, I_e 0, V_m(0) -74 mV,
                   tau_minus 20 ms (the post trace of the STDP rule lives in the neuron)
    stdp_synapse   mu_plus = mu_minus = 0 (additive), lambda 0.01, alpha 1.05, tau_plus 20 ms,
                   Wmax = 0.01*g_L = 0.1 nS (Brian2's ge and gmax are in units of g_L),
                   weight(0) ~ uniform(0, Wmax) from NEST's random generator (rng_seed = --seed),
                   delay 0.1 ms
    resolution 0.1 ms, one thread.

So a pair potentiates by lambda*Wmax*exp(-lag/tau_plus) and depresses by
alpha*lambda*Wmax*exp(-lag/tau_minus), as Brian2's dApre = 0.01*gmax and dApost = -1.05*dApre;
the weights are clipped to [0, Wmax] in both.

Every difference from Brian2's example (beyond the random numbers, which differ in any case):
- Delay 0.1 ms (NEST's minimum, one step) on the input and the plastic connections; Brian2's
  synapses have none. For STDP NEST treats the whole delay as dendritic: a pre spike is at the
  synapse at its emission time t_pre, a post spike reaches the synapse at t_post + d, so every
  pair is timed with lag (t_post + d) - t_pre, and a pre and a post spike in the same step form a
  potentiating pair with lag +0.1 ms (in Brian2, lag 0; on_pre runs before on_post, so such a
  pair potentiates there too, by dApre instead of dApre*exp(-0.1/20)).
- NEST's pairing: the weight changes only when a pre spike is delivered: first the
  potentiation of every post spike since the previous pre spike (each with the pre trace Kplus
  at that post spike), then the depression by the post trace at t_pre - d; the spike carries the
  weight AFTER this update. Brian2 applies potentiation at the post spike itself (on_post) and
  the pre spike carries the weight BEFORE its own depression (ge += w comes first in on_pre).
  The final weights here therefore miss the potentiation by post spikes after each synapse's last
  pre spike (a few tens of ms at 15 Hz, at most 1 % of Wmax per post spike).
- The neuron: iaf_cond_exp integrates with GSL's adaptive RKF45 (Brian2's example: forward Euler
  at 0.1 ms), bounds V by V_th inside the synaptic and leak currents, and takes a spike's
  conductance jump at the end of the step of its arrival (the step after emission plus the
  delay). The threshold test is V_m >= V_th (Brian2: v > vt).
- Inputs: NEST's poisson_generator draws a Poisson count per step (a parrot can, rarely, emit
  two spikes in one step: a multiplicity-2 event, one weight update, twice the conductance);
  Brian2's PoissonGroup spikes at most once per step with probability F*dt.

Options: --seed N (NEST's rng_seed), --duration S (simulated seconds, default 100), --json (one
JSON object on stdout: rate_hz = output spikes in the final 20 % of the run / (0.2*duration),
weights = final w/Wmax in input order, seed, sim_s = wall seconds of nest.Simulate per simulated
second, n_out_spikes, and duration_s, simulate_wall_s, nest).
"""
import argparse, json, os, sys, time

T0 = time.perf_counter()

N = 1000
F_HZ = 15.0
G_L = 10.0          # nS
C_M = 100.0         # pF
WMAX = 0.01 * G_L   # nS
RES = 0.1           # ms


def parameters():
    """The model's parameters, for the reference file."""
    return dict(N=N, F_Hz=F_HZ, g_L_nS=G_L, C_m_pF=C_M, E_L_mV=-74.0, V_th_mV=-54.0,
                V_reset_mV=-60.0, V0_mV=-74.0, E_ex_mV=0.0, tau_syn_ex_ms=5.0, t_ref_ms=0.0,
                Wmax_nS=WMAX, w0="uniform(0, Wmax)", lambda_=0.01, alpha=1.05, mu=0.0,
                tau_plus_ms=20.0, tau_minus_ms=20.0, delay_ms=RES, resolution_ms=RES,
                neuron="iaf_cond_exp", synapse="stdp_synapse")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seed", type=int, default=1, help="NEST's rng_seed (default %(default)s)")
    p.add_argument("--duration", type=float, default=100.0, help="simulated seconds (default %(default)s)")
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout, nothing else")
    args = p.parse_args()

    out = sys.stdout
    if args.json:
        out = os.fdopen(os.dup(1), "w")
        os.dup2(2, 1)
        sys.stdout = sys.stderr
    os.environ.setdefault("PYNEST_QUIET", "1")
    import numpy as np
    import nest
    nest.verbosity = nest.VerbosityLevel.ERROR

    nest.ResetKernel()
    nest.SetKernelStatus({"resolution": RES, "rng_seed": args.seed, "local_num_threads": 1})
    cell = nest.Create("iaf_cond_exp", params={
        "C_m": C_M, "g_L": G_L, "E_L": -74.0, "V_th": -54.0, "V_reset": -60.0, "t_ref": 0.0,
        "E_ex": 0.0, "tau_syn_ex": 5.0, "I_e": 0.0, "V_m": -74.0, "tau_minus": 20.0})
    gen = nest.Create("poisson_generator", params={"rate": F_HZ})
    parrots = nest.Create("parrot_neuron", N)
    rec = nest.Create("spike_recorder")
    nest.Connect(gen, parrots, "all_to_all", syn_spec={"delay": RES})
    nest.Connect(parrots, cell, "all_to_all", syn_spec={
        "synapse_model": "stdp_synapse", "delay": RES,
        "weight": nest.random.uniform(0.0, WMAX), "Wmax": WMAX,
        "lambda": 0.01, "alpha": 1.05, "mu_plus": 0.0, "mu_minus": 0.0, "tau_plus": 20.0})
    nest.Connect(cell, rec)

    t0 = time.perf_counter()
    nest.Simulate(args.duration * 1000.0)
    wall = time.perf_counter() - t0

    conns = nest.GetConnections(source=parrots, target=cell)
    src = np.asarray(conns.get("source"))
    w = np.asarray(conns.get("weight"), dtype=float)
    order = np.argsort(src, kind="stable")
    assert np.array_equal(src[order], np.asarray(parrots.tolist()))
    weights = w[order] / WMAX
    times = np.asarray(rec.get("events")["times"], dtype=float)   # ms, NEST's step stamps
    steps = np.rint(times / RES).astype(np.int64)
    last_from = int(round(0.8 * args.duration * 1000.0 / RES))
    n_last = int(np.sum(steps >= last_from))
    res = dict(seed=args.seed, duration_s=args.duration,
               rate_hz=n_last / (0.2 * args.duration),
               n_out_spikes=int(len(times)),
               sim_s=wall / args.duration, simulate_wall_s=wall,
               nest=nest.__version__, py_total_s=time.perf_counter() - T0,
               weights=[float(x) for x in weights])
    if args.json:
        out.write(json.dumps(res) + "\n")
        out.flush()
    else:
        print(f"seed {args.seed}, {args.duration:g} s: {res['n_out_spikes']} output spikes, "
              f"rate over the last 20 % {res['rate_hz']:.2f} Hz; weights/Wmax: mean {weights.mean():.3f}, "
              f"< 0.1: {np.mean(weights < 0.1):.3f}, > 0.9: {np.mean(weights > 0.9):.3f}; "
              f"Simulate {wall:.3f} s wall ({res['sim_s']:.4f} s per simulated s)")


if __name__ == "__main__":
    main()
