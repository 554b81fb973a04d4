"""Song, Miller & Abbott (2000) in Brian2: Brian2's documented example "stdp"
(examples/synapses/STDP.py), compiled (cpp_standalone, one thread) and timed as harness.py times
the COBA/CUBA benchmarks.

The model, as the example: N = 1000 Poisson inputs at F = 15 Hz, all onto one conductance-based
LIF neuron,

    dv/dt  = (ge*(Ee - v) + El - v)/taum : volt     taum 10 ms, Ee 0 mV, El -74 mV
    dge/dt = -ge/taue : 1                           taue 5 ms (ge in units of the leak conductance)
    threshold v > vt (-54 mV), reset v = vr (-60 mV), no refractory period, method 'euler'

and additive all-to-all STDP with event-driven traces (taupre = taupost = 20 ms):

    on_pre : ge += w; Apre += dApre; w = clip(w + Apost, 0, gmax)
    on_post: Apost += dApost; w = clip(w + Apre, 0, gmax)

gmax = 0.01, dApre = 0.01*gmax, dApost = -0.01*(taupre/taupost)*1.05*gmax (= -1.05*dApre),
w = rand()*gmax initially, synapses without delay, dt = 0.1 ms.

One change from the example: v starts at El (-74 mV). The example leaves v at its default 0 V,
above threshold, so its neuron fires in the first step and is reset to vr; from then on the two
are the same model (the change only moves the first output spike and what follows from it).

Options: --seed N (Brian2's seed(N): the Poisson trains and the initial weights), --duration S
(simulated seconds, default 100), --json (print one JSON object on stdout, nothing else),
--dir (standalone project; default build/stdp_song, reused between runs: a new seed or duration
only changes main.cpp, so only it is recompiled), --clean, --make-jobs (default 1).

JSON: rate_hz = output spikes in the final 20 % of the run / (0.2*duration); weights = final
w/gmax, one per input, in input order; seed; sim_s = wall seconds of network.run() per simulated
second (the CLOCK_MONOTONIC timer harness.py inserts into main.cpp); n_out_spikes (whole run);
and duration_s, loop_wall_s, last_run_time_cpu_s (Brian2's std::clock() CPU time), brian2,
py_total_s (script start to end, build included).
"""
import argparse, json, os, sys, time

import harness

T0 = time.perf_counter()

N = 1000
F_HZ = 15.0
GMAX = 0.01


def parameters():
    """The model's parameters, for the reference file (SI-free numbers, units in the names)."""
    return dict(N=N, F_Hz=F_HZ, taum_ms=10.0, taupre_ms=20.0, taupost_ms=20.0, Ee_mV=0.0,
                vt_mV=-54.0, vr_mV=-60.0, El_mV=-74.0, v0_mV=-74.0, taue_ms=5.0, gmax=GMAX,
                dApre=0.01 * GMAX, dApost=-0.01 * 1.05 * GMAX, dt_ms=0.1, method="euler",
                w0="rand()*gmax", delay_ms=0.0, refractory_ms=0.0)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seed", type=int, default=1, help="Brian2's seed(N) (default %(default)s)")
    p.add_argument("--duration", type=float, default=100.0, help="simulated seconds (default %(default)s)")
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout, nothing else")
    p.add_argument("--dir", default=os.path.join(harness.HERE, "build", "stdp_song"),
                   help="standalone project directory (default %(default)s)")
    p.add_argument("--clean", action="store_true", help="clean rebuild")
    p.add_argument("--make-jobs", type=int, default=1,
                   help="parallel compile jobs (default %(default)s, to keep the machine usable)")
    args = p.parse_args()

    out = sys.stdout
    if args.json:
        # Keep stdout for the one JSON object: Brian2's build and the binary print to fd 1.
        out = os.fdopen(os.dup(1), "w")
        os.dup2(2, 1)
        sys.stdout = sys.stderr

    import numpy as np
    import brian2
    from brian2 import (PoissonGroup, NeuronGroup, Synapses, SpikeMonitor, Network, defaultclock,
                        seed, device, ms, mV, Hz, second)

    wall_file = harness.setup_standalone(args.dir, clean=args.clean, make_jobs=args.make_jobs)
    defaultclock.dt = 0.1 * ms
    seed(args.seed)   # before any random initialisation in the standalone main queue

    taum = 10 * ms
    taupre = 20 * ms
    taupost = taupre
    Ee = 0 * mV
    vt = -54 * mV
    vr = -60 * mV
    El = -74 * mV
    taue = 5 * ms
    F = F_HZ * Hz
    gmax = GMAX
    dApre = .01
    dApost = -dApre * taupre / taupost * 1.05
    dApost *= gmax
    dApre *= gmax

    eqs_neurons = '''
    dv/dt = (ge * (Ee-v) + El - v) / taum : volt
    dge/dt = -ge / taue : 1
    '''
    poisson_input = PoissonGroup(N, rates=F)
    neurons = NeuronGroup(1, eqs_neurons, threshold='v>vt', reset='v = vr', method='euler')
    neurons.v = El   # the example leaves v at 0 V
    S = Synapses(poisson_input, neurons,
                 '''w : 1
                    dApre/dt = -Apre / taupre : 1 (event-driven)
                    dApost/dt = -Apost / taupost : 1 (event-driven)''',
                 on_pre='''ge += w
                        Apre += dApre
                        w = clip(w + Apost, 0, gmax)''',
                 on_post='''Apost += dApost
                         w = clip(w + Apre, 0, gmax)''')
    S.connect()
    S.w = 'rand() * gmax'
    mon = SpikeMonitor(neurons)
    ns = dict(taum=taum, taupre=taupre, taupost=taupost, Ee=Ee, vt=vt, vr=vr, El=El, taue=taue,
              gmax=gmax, dApre=dApre, dApost=dApost)
    net = Network(poisson_input, neurons, S, mon)
    net.run(args.duration * second, namespace=ns)

    with open(wall_file) as f:
        loop_wall = float(f.read())
    i = np.asarray(S.i[:])
    w = np.asarray(S.w[:])
    weights = w[np.argsort(i, kind="stable")] / gmax
    assert len(weights) == N and np.array_equal(np.sort(i), np.arange(N))
    steps = np.rint(np.asarray(mon.t[:] / second) / 1e-4).astype(np.int64)
    last_from = int(round(0.8 * args.duration / 1e-4))
    n_last = int(np.sum(steps >= last_from))
    res = dict(seed=args.seed, duration_s=args.duration,
               rate_hz=n_last / (0.2 * args.duration),
               n_out_spikes=int(mon.num_spikes),
               sim_s=loop_wall / args.duration, loop_wall_s=loop_wall,
               last_run_time_cpu_s=device._last_run_time,
               brian2=brian2.__version__, dir=args.dir,
               py_total_s=time.perf_counter() - T0,
               weights=[float(x) for x in weights])
    if args.json:
        out.write(json.dumps(res) + "\n")
        out.flush()
    else:
        wts = weights
        print(f"seed {args.seed}, {args.duration:g} s: {res['n_out_spikes']} output spikes, "
              f"rate over the last 20 % {res['rate_hz']:.2f} Hz; weights/gmax: mean {wts.mean():.3f}, "
              f"< 0.1: {np.mean(wts < 0.1):.3f}, > 0.9: {np.mean(wts > 0.9):.3f}; "
              f"network.run {loop_wall:.3f} s wall ({res['sim_s']:.4f} s per simulated s)")


if __name__ == "__main__":
    main()
