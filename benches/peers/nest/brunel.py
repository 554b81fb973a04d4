#!/usr/bin/env python3
"""NEST 3.10's ``brunel_delta_nest`` example (Brunel 2000, model A), for neurodim's rate/CV/timing comparison.

Network exactly as ``pynest/examples/brunel_delta_nest.py`` of NEST 3.10 (read from tag v3.10):

* N_E = 4 * order = 10 000 and N_I = order = 2 500 ``iaf_psc_delta`` neurons (order = 2500) with
  ``C_m`` 1.0 pF, ``tau_m`` 20 ms, ``t_ref`` 2 ms, ``E_L`` 0 mV, ``V_reset`` 0 mV, ``V_m(0)`` 0 mV,
  ``V_th`` 20 mV (NEST's default ``I_e`` 0, ``V_min`` -inf, ``refractory_input`` False).
  (The example's values: C_m is 1.0, not 250 pF, and V_reset is 0, not 10 mV.)
* C_E = int(0.1 * N_E) = 1000 excitatory and C_I = int(0.1 * N_I) = 250 inhibitory inputs per
  neuron, rule ``fixed_indegree`` (autapses and multapses allowed, NEST's defaults), from
  ``nodes_ex`` resp. ``nodes_in`` onto ``nodes_ex + nodes_in``.
* J = 0.1 mV, J_in = -g*J with g = 5 (-0.5 mV), delay D = 1.5 ms, static synapses
  (``CopyModel("static_synapse", "excitatory"/"inhibitory")``).
* External drive: one ``poisson_generator`` connected all-to-all with the excitatory synapse (weight
  J, delay 1.5 ms); NEST draws an independent train per target. Rate
  nu_th = theta / (J * C_E * tau_m) = 0.01 /ms, nu_ex = eta * nu_th with eta = 2,
  p_rate = 1000 * nu_ex * C_E = 20 000 Hz.
* Resolution 0.1 ms; the kernel's ``rng_seed`` is ``--seed``; ``local_num_threads`` is ``--threads``.

Differences from the example: every excitatory neuron is recorded (one ``spike_recorder``, memory
backend), not 50 of each population, and nothing is written to files or plotted.

Output (``--json``): one object
``{"rate_hz", "cv", "spikes", "sim_s", "build_s", "seed", "threads", "duration_ms", "rate_in_hz",
"n_cv_neurons", "num_synapses", "nest_version"}``:

* ``spikes``: number of spikes of all N_E excitatory neurons with time stamps in (0, duration]
  (the whole run, transient included);
* ``rate_hz`` = spikes / (N_E * duration / 1000);
* ``cv``: for every excitatory neuron with >= 3 spikes (two intervals: one has no spread), the
  ISIs are the differences of its sorted spike times and CV_i = std(ISI) / mean(ISI) with numpy's
  ``std`` (ddof = 0), as neurodim's ``SpikeMonitor::isi_cv``; ``cv`` is the plain mean of CV_i over those neurons
  (``n_cv_neurons`` of them);
* ``rate_in_hz``: the same rate over the N_I inhibitory neurons (a second recorder);
* ``sim_s``: wall-clock seconds of ``nest.Simulate`` only; ``build_s``: from ``ResetKernel`` to
  the end of the connection calls;
* ``num_synapses``: excitatory + inhibitory recurrent connections (``num_connections``).

Usage::

    benches/peers/nest/venv/bin/python benches/peers/nest/brunel.py --seed 1 --json
    benches/peers/nest/venv/bin/python benches/peers/nest/brunel.py --refs   # seeds 1, 2 -> nest_brunel.json

``--refs`` runs seeds 1 and 2 (one thread, 1000 ms) one after the other and writes them, with the
parameters, to ``crates/dyn/tests/it/references/nest_brunel.json`` (``--out`` to change).
"""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("PYNEST_QUIET", "1")

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
DEFAULT_OUT = os.path.join(REPO, "crates", "dyn", "tests", "it", "references", "nest_brunel.json")

# ---- the example's parameters (pynest/examples/brunel_delta_nest.py, NEST 3.10) ----------------
DT = 0.1  # ms
DELAY = 1.5  # ms
G = 5.0
ETA = 2.0
EPSILON = 0.1
ORDER = 2500
NE = 4 * ORDER
NI = 1 * ORDER
CE = int(EPSILON * NE)
CI = int(EPSILON * NI)
TAU_MEM = 20.0
THETA = 20.0
NEURON_PARAMS = {"C_m": 1.0, "tau_m": TAU_MEM, "t_ref": 2.0, "E_L": 0.0, "V_reset": 0.0, "V_m": 0.0, "V_th": THETA}
J = 0.1
J_EX = J
J_IN = -G * J_EX
NU_TH = THETA / (J * CE * TAU_MEM)
NU_EX = ETA * NU_TH
P_RATE = 1000.0 * NU_EX * CE


def params():
    return dict(
        source="pynest/examples/brunel_delta_nest.py (NEST 3.10)",
        resolution=DT, delay=DELAY, g=G, eta=ETA, epsilon=EPSILON, order=ORDER, N_E=NE, N_I=NI,
        C_E=CE, C_I=CI, neuron_model="iaf_psc_delta", neuron_params=NEURON_PARAMS, J_ex=J_EX, J_in=J_IN,
        nu_th_per_ms=NU_TH, nu_ex_per_ms=NU_EX, poisson_rate_hz=P_RATE,
        connection_rule="fixed_indegree (autapses, multapses allowed)",
        external="one poisson_generator, all_to_all, weight J_ex, delay 1.5 ms (independent train per target)",
    )


def run(seed, threads, duration):
    import nest

    try:
        nest.verbosity = nest.VerbosityLevel.ERROR
    except AttributeError:
        pass
    t0 = time.time()
    nest.ResetKernel()
    nest.SetKernelStatus({"resolution": DT, "local_num_threads": threads, "rng_seed": seed, "print_time": False})
    nodes_ex = nest.Create("iaf_psc_delta", NE, params=NEURON_PARAMS)
    nodes_in = nest.Create("iaf_psc_delta", NI, params=NEURON_PARAMS)
    noise = nest.Create("poisson_generator", params={"rate": P_RATE})
    espikes = nest.Create("spike_recorder")
    ispikes = nest.Create("spike_recorder")
    nest.CopyModel("static_synapse", "excitatory", {"weight": J_EX, "delay": DELAY})
    nest.CopyModel("static_synapse", "inhibitory", {"weight": J_IN, "delay": DELAY})
    nest.Connect(noise, nodes_ex, syn_spec="excitatory")
    nest.Connect(noise, nodes_in, syn_spec="excitatory")
    nest.Connect(nodes_ex, espikes, syn_spec="excitatory")
    nest.Connect(nodes_in, ispikes, syn_spec="excitatory")
    nest.Connect(nodes_ex, nodes_ex + nodes_in, {"rule": "fixed_indegree", "indegree": CE}, "excitatory")
    nest.Connect(nodes_in, nodes_ex + nodes_in, {"rule": "fixed_indegree", "indegree": CI}, "inhibitory")
    t1 = time.time()
    nest.Simulate(duration)
    t2 = time.time()

    ev = espikes.events
    senders = np.asarray(ev["senders"])
    times = np.asarray(ev["times"])
    n_spikes = int(times.size)
    rate = n_spikes / (NE * duration / 1000.0)
    order = np.lexsort((times, senders))
    senders, times = senders[order], times[order]
    cvs = []
    if n_spikes:
        bounds = np.flatnonzero(np.diff(senders)) + 1
        for chunk in np.split(times, bounds):
            if chunk.size >= 3:
                isi = np.diff(chunk)
                cvs.append(float(np.std(isi) / np.mean(isi)))
    cv = float(np.mean(cvs)) if cvs else float("nan")
    n_in = int(ispikes.n_events)
    num_syn = int(nest.GetDefaults("excitatory")["num_connections"] + nest.GetDefaults("inhibitory")["num_connections"])
    return {
        "rate_hz": rate, "cv": cv, "spikes": n_spikes, "sim_s": t2 - t1, "build_s": t1 - t0, "seed": seed,
        "threads": threads, "duration_ms": duration, "rate_in_hz": n_in / (NI * duration / 1000.0),
        "n_cv_neurons": len(cvs), "num_synapses": num_syn, "nest_version": nest.__version__,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--duration", type=float, default=1000.0, help="ms")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--refs", action="store_true", help="seeds 1 and 2, 1 thread, 1000 ms -> nest_brunel.json")
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()
    if args.refs:
        runs = [run(seed, 1, 1000.0) for seed in (1, 2)]
        doc = dict(generator="benches/peers/nest/brunel.py --refs", nest_version=runs[0]["nest_version"],
                   parameters=params(),
                   measures=("rate_hz: all spikes of the 10 000 E neurons in (0, 1000] ms / (N_E * 1 s); cv: mean over E "
                             "neurons with >= 3 spikes of std(ISI)/mean(ISI) (numpy, ddof 0); sim_s: wall s of "
                             "nest.Simulate(1000) on one thread (machine shared with other jobs, so indicative only)"),
                   runs=runs)
        with open(args.out, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        for r in runs:
            print(json.dumps(r))
        print("wrote", os.path.relpath(args.out, REPO))
        return
    r = run(args.seed, args.threads, args.duration)
    if args.json:
        print(json.dumps(r))
    else:
        print("seed %d, %d thread(s), %.0f ms: E rate %.3f Hz, CV %.4f (%d neurons), I rate %.3f Hz, %d E spikes, "
              "build %.2f s, simulate %.2f s" % (r["seed"], r["threads"], r["duration_ms"], r["rate_hz"], r["cv"],
                                                 r["n_cv_neurons"], r["rate_in_hz"], r["spikes"], r["build_s"],
                                                 r["sim_s"]))


if __name__ == "__main__":
    sys.exit(main())
