"""Shared benchmark harness for cuba.py / coba.py (Brian2 cpp_standalone or runtime).

Usage (from a model script):  build network inside build(), then call main(build).
Prints one JSON line with all timing measures.
"""
import argparse, json, os, sys, time, datetime

T_SCRIPT0 = time.perf_counter()

def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--duration", type=float, default=1.0, help="simulated seconds")
    p.add_argument("--device", choices=["standalone", "runtime"], default="standalone")
    p.add_argument("--dir", default=None, help="standalone project directory")
    p.add_argument("--profile", action="store_true", help="Brian2 per-codeobject profiling")
    p.add_argument("--clean", action="store_true", help="force clean rebuild (make clean)")
    p.add_argument("--tag", default="")
    return p.parse_args()

def connect_ei(P, namespace):
    """The benchmark's synapses on the 4000 neurons of P (3200 E, then 800 I): from E to all
    adding `we` to ge, from I to all adding `wi` to gi, each pair with p = 0.02; and a spike
    monitor on all. Returns what main() expects of build(); `namespace` holds we and wi."""
    from brian2 import Synapses, SpikeMonitor
    Ce = Synapses(P, P, on_pre='ge += we')
    Ci = Synapses(P, P, on_pre='gi += wi')
    Ce.connect('i<3200', p=0.02)
    Ci.connect('i>=3200', p=0.02)
    s_mon = SpikeMonitor(P)
    return dict(mon=s_mon, N=4000, objects=[P, Ce, Ci, s_mon], namespace=namespace)

def main(name, build_fn):
    args = parse()
    from brian2 import (set_device, prefs, device, defaultclock, second, ms,
                        Network)
    import brian2
    wall_file = None
    if args.device == "standalone":
        d = args.dir or os.path.join(os.path.dirname(os.path.abspath(__file__)), "build", name + ("_prof" if args.profile else ""))
        set_device("cpp_standalone", build_on_run=True, directory=d,
                   clean=args.clean)
        prefs.devices.cpp_standalone.openmp_threads = 0   # single-threaded, no OpenMP
        # Independent wall-clock (CLOCK_MONOTONIC) timer around network.run() inside main.cpp.
        # (Brian2's own _last_run_time uses std::clock() = process CPU time when OpenMP is off.)
        wall_file = os.path.join(d, "results", "bench_wall_loop.txt")
        device.insert_code("before_network_run",
            "struct timespec _bw0, _bw1; clock_gettime(CLOCK_MONOTONIC, &_bw0);")
        device.insert_code("after_network_run",
            "clock_gettime(CLOCK_MONOTONIC, &_bw1);\n"
            "{ std::ofstream _bf(brian::results_dir + \"bench_wall_loop.txt\");"
            " _bf.precision(9); _bf << ((_bw1.tv_sec - _bw0.tv_sec) + 1e-9*(_bw1.tv_nsec - _bw0.tv_nsec)) << std::endl; }")
    else:
        prefs.codegen.target = "cython"
    defaultclock.dt = 0.1 * ms
    t_build0 = time.perf_counter()
    objs = build_fn()            # returns dict with 'mon' (SpikeMonitor on all), 'N', 'objects', 'namespace'
    t_run0 = time.perf_counter()
    net = Network(*objs["objects"])
    net.run(args.duration * second, profile=args.profile, namespace=objs["namespace"])
    t_run1 = time.perf_counter()
    mon, N = objs["mon"], objs["N"]
    nspk = int(mon.num_spikes)
    res = dict(model=name, device=args.device, tag=args.tag, duration_s=args.duration,
               profile=args.profile, clean=args.clean,
               brian2=brian2.__version__,
               timestamp_end=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
               n_spikes=nspk, rate_hz=nspk / N / args.duration,
               py_run_call_s=t_run1 - t_run0,            # codegen+compile+binary run (standalone) / full run (runtime)
               py_total_s=t_run1 - T_SCRIPT0)            # from harness import (incl. brian2 import) to end of run
    if args.device == "standalone":
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
