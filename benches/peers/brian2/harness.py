"""Shared benchmark harness for cuba.py / coba.py (Brian2 cpp_standalone or runtime).

Usage (from a model script): main(name, variants, build), where build(args) makes the network
(args.variant, args.scale) and returns what main() expects. Prints one JSON line with all timing
measures, prefixed 'RESULT '.
"""
import argparse, json, os, sys, time, datetime

T_SCRIPT0 = time.perf_counter()
HERE = os.path.dirname(os.path.abspath(__file__))

def parse(variants, add_args=None):
    p = argparse.ArgumentParser()
    p.add_argument("--variant", choices=variants, default=variants[0],
                   help="parameter set (default %(default)s)")
    p.add_argument("--scale", type=float, default=1.0,
                   help="N = int(3200*scale) + int(800*scale) neurons, E first")
    p.add_argument("--precision", choices=["f64", "f32"], default="f64",
                   help="Brian2's default float type (prefs.core.default_float_dtype)")
    p.add_argument("--duration", type=float, default=1.0, help="simulated seconds")
    p.add_argument("--device", choices=["standalone", "runtime"], default="standalone")
    p.add_argument("--dir", default=None, help="standalone project directory")
    p.add_argument("--profile", action="store_true", help="Brian2 per-codeobject profiling")
    p.add_argument("--clean", action="store_true", help="force clean rebuild (make clean)")
    p.add_argument("--make-jobs", type=int, default=None,
                   help="parallel compile jobs of the standalone build (default: Brian2's unbounded -j)")
    p.add_argument("--tag", default="")
    if add_args is not None:       # a model script's own flags (coba.py --stdp)
        add_args(p)
    return p.parse_args()

def project_dir(name, args, tag=""):
    """build/<name> for the default variant at scale 1 in f64 without a tag (what ab.py runs),
    else build/<name>_<variant>_s<scale>[_f32]<tag> (tag: "_stdp" for coba.py --stdp)."""
    default = args.variant == args._variants[0] and args.scale == 1 and args.precision == "f64" and not tag
    d = name if default else f"{name}_{args.variant}_s{args.scale:g}" + ("_f32" if args.precision == "f32" else "") + tag
    return os.path.join(HERE, "build", d + ("_prof" if args.profile else ""))

# brainstate's order within a step: the synapses' traces g decay and take the spikes of the step
# before (Expon), then V integrates over the step with them (LIFRef, exponential Euler). Brian2
# integrates its differential equations together, from the values at the start of the step, and
# adds the spikes of the step after its state update; so for the brainstate variants g is a
# parameter of v's equation, decayed exactly just before the spikes are added (slot
# 'before_synapses'), and v's next update sees g_k·exp(-dt/tau) + w·spikes_k as in brainstate.
BRAINSTATE_DECAY = "ge *= exp(-dt/taue)\ngi *= exp(-dt/taui)"

def sizes(scale):
    """(int(3200*scale), int(800*scale)), as brainstate's benchmark scripts and neurodim's examples."""
    return int(3200 * scale), int(800 * scale)

def connect_ei(P, n_exc, namespace, p=None, fan_out=None):
    """The benchmark's synapses on the neurons of P (n_exc E first, then I): from E to all
    adding `we` to ge, from I to all adding `wi` to gi; each source either with exactly
    `fan_out` targets drawn uniformly with replacement (a target drawn twice gives two synapses:
    brainstate's EventFixedProb and neurodim's FixedOutDegree), or each pair with probability
    `p` (neurodim's PairwiseBernoulli); and a spike monitor on all. Returns what main() expects
    of build(); `namespace` holds we and wi."""
    from brian2 import Synapses, SpikeMonitor
    N = len(P)
    Ce = Synapses(P[:n_exc], P, on_pre='ge += we')
    Ci = Synapses(P[n_exc:], P, on_pre='gi += wi')
    for S in (Ce, Ci):
        if fan_out is not None:
            S.connect(j=f'int(rand()*N_post) for _k in range({int(fan_out)})')
        else:
            S.connect(p=p)
    s_mon = SpikeMonitor(P)
    return dict(mon=s_mon, N=N, objects=[P, Ce, Ci, s_mon], namespace=namespace, synapses=[Ce, Ci],
                wiring=(f"fixed out-degree {int(fan_out)}, with replacement" if fan_out is not None else f"pairwise Bernoulli p={p:g}"))

def setup_standalone(d, clean=False, make_jobs=None):
    """Brian2's cpp_standalone device in project directory d (built and run by network.run),
    single-threaded, with a wall-clock timer around network.run() in main.cpp. Returns the file
    the timer writes (seconds, one number). Used by main() and by stdp_song.py."""
    from brian2 import set_device, prefs, device
    set_device("cpp_standalone", build_on_run=True, directory=d,
               clean=clean)
    prefs.devices.cpp_standalone.openmp_threads = 0   # single-threaded, no OpenMP
    if make_jobs is not None:
        prefs.devices.cpp_standalone.extra_make_args_unix = [f"-j{make_jobs}"]
    # Independent wall-clock (CLOCK_MONOTONIC) timer around network.run() inside main.cpp.
    # (Brian2's own _last_run_time uses std::clock() = process CPU time when OpenMP is off.)
    wall_file = os.path.join(d, "results", "bench_wall_loop.txt")
    device.insert_code("before_network_run",
        "struct timespec _bw0, _bw1; clock_gettime(CLOCK_MONOTONIC, &_bw0);")
    device.insert_code("after_network_run",
        "clock_gettime(CLOCK_MONOTONIC, &_bw1);\n"
        "{ std::ofstream _bf(brian::results_dir + \"bench_wall_loop.txt\");"
        " _bf.precision(9); _bf << ((_bw1.tv_sec - _bw0.tv_sec) + 1e-9*(_bw1.tv_nsec - _bw0.tv_nsec)) << std::endl; }")
    return wall_file

def main(name, variants, build_fn, add_args=None, dir_tag=None):
    """add_args(parser): the script's own flags; dir_tag(args): a suffix of the default project
    directory (see project_dir), so that a flag that changes the network gets its own build."""
    args = parse(variants, add_args)
    args._variants = variants
    from brian2 import (set_device, prefs, device, defaultclock, second, ms,
                        Network)
    import numpy as np
    import brian2
    if args.precision == "f32":
        prefs.core.default_float_dtype = np.float32
    wall_file = None
    if args.device == "standalone":
        d = args.dir or project_dir(name, args, dir_tag(args) if dir_tag else "")
        wall_file = setup_standalone(d, args.clean, args.make_jobs)
    else:
        prefs.codegen.target = "cython"
    defaultclock.dt = 0.1 * ms
    t_build0 = time.perf_counter()
    objs = build_fn(args)        # returns dict with 'mon' (SpikeMonitor on all), 'N', 'objects', 'namespace'
    t_run0 = time.perf_counter()
    net = Network(*objs["objects"])
    net.run(args.duration * second, profile=args.profile, namespace=objs["namespace"])
    t_run1 = time.perf_counter()
    mon, N = objs["mon"], objs["N"]
    nspk = int(mon.num_spikes)
    res = dict(model=name, variant=args.variant, scale=args.scale, neurons=N, wiring=objs["wiring"],
               precision=args.precision, device=args.device, tag=args.tag, duration_s=args.duration,
               profile=args.profile, clean=args.clean,
               brian2=brian2.__version__,
               timestamp_end=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
               n_spikes=nspk, rate_hz=nspk / N / args.duration,
               py_run_call_s=t_run1 - t_run0,            # codegen+compile+binary run (standalone) / full run (runtime)
               py_total_s=t_run1 - T_SCRIPT0)            # from harness import (incl. brian2 import) to end of run
    if "synapses" in objs:                               # read after the run (standalone: from its results)
        res["n_synapses"] = int(sum(len(S) for S in objs["synapses"]))
    if "after_run" in objs:                              # the script's own fields, read after the run
        res.update(objs["after_run"]())                  # (coba.py --stdp: the E->E weights)
    if args.device == "standalone":
        res["dir"] = d
        res["last_run_time_cpu_s"] = device._last_run_time   # std::clock() CPU time of network.run loop
        with open(wall_file) as f:
            res["loop_wall_s"] = float(f.read())
        res["loop_wall_per_sim_s"] = res["loop_wall_s"] / args.duration
    else:
        res["last_run_time_wall_s"] = device._last_run_time   # runtime device: time.time() around the Python step loop
        res["loop_wall_s"] = device._last_run_time
        res["loop_wall_per_sim_s"] = device._last_run_time / args.duration
    if args.profile:
        prof = device.network_get_profiling_info(net) if args.device == "standalone" \
            else net.profiling_info
        res["profile_sum_s"] = float(sum(float(t / second) for _, t in prof))
        res["profile"] = {k: round(float(t / second), 5) for k, t in prof}
    print("RESULT " + json.dumps(res), flush=True)
