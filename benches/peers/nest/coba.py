"""COBA E/I network of Brette et al. (2007) in physical units, in NEST 3.10: the network of
../brian2/coba.py --variant brette (and of neurodim's `coba --variant brette`), optionally with
plastic excitatory synapses (--stdp: E->all, as ../brian2/coba.py --stdp and neurodim's coba
--variant brette-stdp).

    N = int(3200*scale) E + int(800*scale) I iaf_cond_exp (E first)
    C_m 200 pF, g_L 10 nS, E_L -60 mV, V_th -50 mV, V_reset -60 mV, t_ref 5 ms, E_ex 0 mV,
    E_in -80 mV, tau_syn_ex 5 ms, tau_syn_in 10 ms, I_e 200 pA, V_m(0) ~ Normal(-55, 5) mV
    (NEST's random generator), tau_minus 20 ms
    every (source, target) pair, autapses included, connected with probability 80/N
    (pairwise_bernoulli, allow_autapses=True), E: +6 nS, I: 67 nS inhibitory (weight -67);
    delay 0.1 ms; resolution 0.1 ms; a spike_recorder on all neurons; --threads (default 1).

--stdp: E->all through stdp_synapse, additive (mu_plus = mu_minus = 0), lambda 0.01, alpha 1.05,
tau_plus 20 ms (tau_minus 20 ms on the neurons), Wmax 12 nS (2*we), initial weight 6 nS, delay
0.1 ms; I->all static. The same Connect calls as without the flag, so a seed gives exactly the
same wiring and initial V_m with and without it.

What differs from Brian2's coba.py:
- The wiring rule is the same (each pair with p = 80/N, autapses allowed, at most one synapse per
  pair), but the draw is NEST's, not Brian2's; --seed sets NEST's rng_seed (Brian2's coba.py
  takes a fresh random seed on every run).
- Delay 0.1 ms (one step, NEST's minimum) on every connection; Brian2's synapses have none. A
  spike emitted in step s reaches the target's conductance at the end of step s+1 (Brian2: after
  the state update of step s), one step later.
- iaf_cond_exp integrates with GSL's adaptive RKF45 (Brian2: exponential Euler at 0.1 ms), bounds
  V by V_th inside the currents, clamps V to V_reset for 50 steps after a spike while the
  conductances keep decaying (Brian2: v not integrated while refractory, 'unless refractory').
- STDP (--stdp): NEST's pairing (weight updated and transmitted after the update when a pre spike
  is delivered, potentiation by post spikes applied at the next pre spike, the whole delay
  dendritic: pairs timed with lag t_post + 0.1 ms - t_pre) where Brian2 potentiates at the post
  spike and transmits the weight before the pre spike's depression.

Options: --scale, --duration (simulated s, default 1), --seed (default 1), --threads (default 1),
--stdp, --json (one JSON object on stdout: sim_s = wall s of nest.Simulate per simulated
second, rate_hz (mean over neurons), n_spikes, n_synapses, seed, and scale, neurons, duration_s,
stdp, threads, build_s (Create + Connect wall s), nest; with --stdp the final plastic weights' mean
in nS and fractions at 0 and at Wmax).
"""
import argparse, json, os, sys, time

T0 = time.perf_counter()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", type=float, default=1.0, help="N = int(3200*scale) E + int(800*scale) I")
    p.add_argument("--duration", type=float, default=1.0, help="simulated seconds (default %(default)s)")
    p.add_argument("--seed", type=int, default=1, help="NEST's rng_seed (default %(default)s)")
    p.add_argument("--threads", type=int, default=1, help="NEST's local_num_threads (default %(default)s)")
    p.add_argument("--stdp", action="store_true", help="plastic excitatory (E->all) synapses (stdp_synapse)")
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

    n_exc, n_inh = int(3200 * args.scale), int(800 * args.scale)
    N = n_exc + n_inh
    p_conn = 80.0 / N
    we, wi, wmax, d = 6.0, 67.0, 12.0, 0.1

    nest.ResetKernel()
    nest.SetKernelStatus({"resolution": 0.1, "rng_seed": args.seed,
                          "local_num_threads": args.threads})
    tb0 = time.perf_counter()
    pop = nest.Create("iaf_cond_exp", N, params={
        "C_m": 200.0, "g_L": 10.0, "E_L": -60.0, "V_th": -50.0, "V_reset": -60.0, "t_ref": 5.0,
        "E_ex": 0.0, "E_in": -80.0, "tau_syn_ex": 5.0, "tau_syn_in": 10.0, "I_e": 200.0,
        "tau_minus": 20.0, "V_m": nest.random.normal(mean=-55.0, std=5.0)})
    E, I = pop[:n_exc], pop[n_exc:]
    rule = {"rule": "pairwise_bernoulli", "p": p_conn, "allow_autapses": True}
    static_e = {"synapse_model": "static_synapse", "weight": we, "delay": d}
    static_i = {"synapse_model": "static_synapse", "weight": -wi, "delay": d}
    if args.stdp:
        nest.Connect(E, pop, rule, {"synapse_model": "stdp_synapse", "weight": we, "delay": d,
                                    "Wmax": wmax, "lambda": 0.01, "alpha": 1.05,
                                    "mu_plus": 0.0, "mu_minus": 0.0, "tau_plus": 20.0})
    else:
        nest.Connect(E, pop, rule, static_e)
    nest.Connect(I, pop, rule, static_i)
    rec = nest.Create("spike_recorder")
    nest.Connect(pop, rec)
    build_s = time.perf_counter() - tb0
    n_syn = int(nest.GetKernelStatus("num_connections")) - N   # minus the recorder's

    t0 = time.perf_counter()
    nest.Simulate(args.duration * 1000.0)
    wall = time.perf_counter() - t0

    n_spk = int(rec.n_events)
    res = dict(seed=args.seed, scale=args.scale, neurons=N, duration_s=args.duration,
               stdp=args.stdp, threads=args.threads,
               sim_s=wall / args.duration, simulate_wall_s=wall,
               rate_hz=n_spk / N / args.duration, n_spikes=n_spk, n_synapses=n_syn,
               build_s=build_s, nest=nest.__version__)
    if args.stdp:
        w = np.asarray(nest.GetConnections(source=E, synapse_model="stdp_synapse").get("weight"),
                       dtype=float)
        res.update(n_synapses_ee=int(len(w)), w_ee_mean_nS=float(w.mean()),
                   w_ee_frac_0=float(np.mean(w <= 0.0)), w_ee_frac_wmax=float(np.mean(w >= wmax)))
    res["py_total_s"] = time.perf_counter() - T0
    if args.json:
        out.write(json.dumps(res) + "\n")
        out.flush()
    else:
        print("RESULT " + json.dumps(res), flush=True)


if __name__ == "__main__":
    main()
