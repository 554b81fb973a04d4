#!/usr/bin/env python3
"""neurodim against brainstate and Brian2 on brainstate's COBA / CUBA benchmark networks.

For each row NET:SCALE (N = 4000·SCALE neurons, 80 targets per source), runs R rounds of, in turn:
neurodim with 1 thread, neurodim with 2 threads (`target/release/examples/{coba,cuba}`, default
variant = brainstate's parameters), brainstate (`brainstate/bench.py NET once`, once per setup:
both cores, and one core under taskset; its column is the faster) and Brian2 (the compiled
`cpp_standalone` binary of `brian2/{coba,cuba}.py --variant brainstate`, one thread, built once
per row before its rounds). Every run is a fresh process. Prints the markdown table of medians
(`sim_s` per simulated second: wall seconds of the simulation loop, build and compilation
excluded) with the ratios peer / ours, ours being the faster of neurodim's two columns. One JSON
line per run goes to --out (default benches/peers/runs.jsonl, appended). See README.md here.

Needs only the standard library; the peers run in their own venvs (see the peers' READMEs).

  python3 benches/peers/compare.py                       # all rows, 3 rounds, f32 and f64
  python3 benches/peers/compare.py --rows coba:1,cuba:1 --rounds 1 --duration 0.2
  python3 benches/peers/compare.py --skip-peer brian2:coba:100 --skip-peer brainstate:coba:100
"""
import argparse
import datetime
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
BRAINSTATE = os.path.join(HERE, "brainstate")
BRIAN2 = os.path.join(HERE, "brian2")
HZ = os.sysconf("SC_CLK_TCK")
NAMES = {"coba": "COBA", "cuba": "CUBA"}
PEERS = ("brainstate", "brian2")
# How brainstate may run (--brainstate-setups); its column is the faster setup's median.
BRAINSTATE_SETUPS = {
    # both cores, XLA's older CPU runtime (with its Eigen thread pool)
    "2cpu": dict(cpus=None, xla="--xla_cpu_use_thunk_runtime=false", label="2 cores"),
    # one core (taskset -c 0), the older runtime, no Eigen threads: brainstate/README.md's fastest
    "1cpu": dict(cpus="0", xla="--xla_cpu_multi_thread_eigen=false --xla_cpu_use_thunk_runtime=false",
                 label="1 core"),
    # both cores, XLA's defaults (jax 0.6.0: the "thunk" runtime)
    "xla-default": dict(cpus=None, xla=None, label="2 cores, XLA defaults"),
}


def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- options

def parse_rows(text):
    rows = []
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        net, _, scale = item.partition(":")
        if net not in NAMES or not scale:
            raise SystemExit(f"--rows: `{item}` is not NET:SCALE with NET coba or cuba")
        rows.append((net, float(scale)))
    return rows


def row_key(net, scale):
    return f"{net}:{scale:g}"


def row_label(net, scale):
    return f"{NAMES[net]} {int(3200 * scale) + int(800 * scale):,}".replace(",", " ")


def parse_skips(items):
    """`brainstate` (every row) or `brainstate:coba:100` (that row) -> {(peer, row_key or None)}."""
    skips = set()
    for item in items:
        peer, _, row = item.partition(":")
        if peer not in PEERS:
            raise SystemExit(f"--skip-peer: `{peer}` is not one of {', '.join(PEERS)}")
        if row:
            net, scale = parse_rows(row)[0]
            skips.add((peer, row_key(net, scale)))
        else:
            skips.add((peer, None))
    return skips


def skipped(skips, peer, net, scale):
    return (peer, None) in skips or (peer, row_key(net, scale)) in skips


# ---------------------------------------------------------------- running one process

def cpu_stat():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = v[:8]
    return dict(busy=user + nice + system + irq + softirq, steal=steal)


def wait_quiet(max_wait, window=1.0, thresh=0.15):
    """Waits (at most max_wait s) until both cores together are < thresh busy over `window` s."""
    if max_wait <= 0:
        return dict(quiet_wait_s=0.0)
    t0 = time.perf_counter()
    while True:
        a = cpu_stat(); time.sleep(window); b = cpu_stat()
        frac = (b["busy"] - a["busy"]) / HZ / (window * os.cpu_count())
        if frac < thresh or time.perf_counter() - t0 > max_wait:
            return dict(quiet_wait_s=round(time.perf_counter() - t0, 1), busy_frac_before=round(frac, 3))


def measure(cmd, cwd=None, env=None, timeout=None, quiet_wait=0.0):
    """Runs cmd as a fresh process; returns (returncode, stdout, stderr, accounting): its wall
    time, and from its own rusage (os.wait4) its CPU seconds and peak RSS in MiB, and
    other_cpu_s = machine busy time (/proc/stat) - its CPU time, to flag disturbed runs."""
    q = wait_quiet(quiet_wait)
    s0, t0, ts = cpu_stat(), time.perf_counter(), now()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # read the pipes in threads so that a chatty child cannot block; reap it with wait4 for its rusage
    bufs = {"out": [], "err": []}
    def pump(stream, key):
        for line in stream:
            bufs[key].append(line)
    th = [threading.Thread(target=pump, args=(p.stdout, "out"), daemon=True),
          threading.Thread(target=pump, args=(p.stderr, "err"), daemon=True)]
    for t in th:
        t.start()
    killed = []
    timer = threading.Timer(timeout, lambda: (killed.append(True), p.kill())) if timeout else None
    if timer:
        timer.start()
    _, status, ru = os.wait4(p.pid, 0)
    if timer:
        timer.cancel()
    t1, s1 = time.perf_counter(), cpu_stat()
    for t in th:
        t.join()
    p.returncode = os.waitstatus_to_exitcode(status)
    out, err = "".join(bufs["out"]), "".join(bufs["err"])
    if killed:
        err += f"\n[compare.py] killed after {timeout} s"
    own = ru.ru_utime + ru.ru_stime
    busy = (s1["busy"] - s0["busy"]) / HZ
    acc = dict(**q, t_start=ts, t_end=now(), process_wall_s=round(t1 - t0, 3), own_cpu_s=round(own, 3),
               process_peak_rss_mib=round(ru.ru_maxrss / 1024, 1), machine_busy_s=round(busy, 3),
               other_cpu_s=round(busy - own, 3), steal_s=(s1["steal"] - s0["steal"]) / HZ)
    return p.returncode, out, err, acc


def result_lines(text):
    return [json.loads(l[7:]) for l in text.splitlines() if l.startswith("RESULT ")]


# ---------------------------------------------------------------- the three engines

class Runner:
    def __init__(self, args):
        self.a = args
        self.examples = args.examples
        self.bs_python = os.path.join(BRAINSTATE, "venv", "bin", "python")
        self.b2_python = os.path.join(BRIAN2, "venv", "bin", "python")

    def dur_flag(self):
        return f"{self.a.duration:g}s"

    def neurodim(self, net, scale, precision, threads, seed):
        cmd = [os.path.join(self.examples, net), "--variant", "brainstate", "--scale", f"{scale:g}",
               "--threads", str(threads), "--precision", precision, "--duration", self.dur_flag(),
               "--seed", str(seed), "--no-raster", "--json"]
        rc, out, err, acc = measure(cmd, timeout=self.a.timeout, quiet_wait=self.a.quiet_wait)
        rec = dict(cmd=shlex.join(cmd), **acc)
        if rc != 0:
            return dict(rec, ok=False, error=err.strip()[-2000:])
        j = json.loads(out.strip().splitlines()[-1])
        return dict(rec, ok=True, sim_s=j["sim_s"], sim_s_per_simulated_s=j["sim_s"] / j["duration_s"],
                    spikes=j["spikes"], rate_hz=j["rate_hz"], neurons=j["neurons"],
                    synapses=j["synapses"], peak_rss_mib=j.get("peak_rss_mib"), build_s=j.get("build_s"),
                    engine_threads=j.get("threads"), engine_precision=j.get("precision"), nd=j)

    def brainstate(self, net, scale, precision, setup, seed):
        st = BRAINSTATE_SETUPS[setup]
        cmd = [self.bs_python, "bench.py", net, "once", "--scale", f"{scale:g}", "--precision", precision,
               "--duration", f"{self.a.duration:g}", "--seed", str(seed)]
        if not self.a.brainstate_raster:
            cmd.append("--count-only")
        if st["cpus"]:
            cmd = ["taskset", "-c", st["cpus"]] + cmd
        env = dict(os.environ, JAX_PLATFORMS="cpu")
        env.pop("XLA_FLAGS", None)
        if st["xla"]:
            env["XLA_FLAGS"] = st["xla"]
        rc, out, err, acc = measure(cmd, cwd=BRAINSTATE, env=env, timeout=self.a.timeout,
                                    quiet_wait=self.a.quiet_wait)
        rec = dict(cmd=("XLA_FLAGS=" + shlex.quote(st["xla"]) + " " if st["xla"] else "") + shlex.join(cmd),
                   setup=setup, **acc)
        res = [r for r in result_lines(out) if r.get("event") == "once"]
        if rc != 0 or not res:
            return dict(rec, ok=False, error=(err.strip() or out.strip())[-2000:])
        r = res[0]
        return dict(rec, ok=True, sim_s=r["sim_s"], sim_s_per_simulated_s=r["sim_s_per_simulated_s"],
                    spikes=r["spikes"], rate_hz=r["rate_hz"], neurons=r["neurons"], synapses=r["synapses"],
                    peak_rss_mib=acc["process_peak_rss_mib"], build_s=r["build_s"], compile_s=r["compile_s"],
                    bs=r)

    def brian2_dir(self, net, scale, precision):
        return os.path.join(BRIAN2, "build", f"cmp_{net}_s{scale:g}_{precision}_d{self.a.duration:g}")

    def brian2_build(self, net, scale, precision):
        """Generates and compiles the standalone project (Brian2 runs it once, not counted)."""
        d = self.brian2_dir(net, scale, precision)
        cmd = [self.b2_python, f"{net}.py", "--variant", "brainstate", "--scale", f"{scale:g}",
               "--precision", precision, "--duration", f"{self.a.duration:g}", "--dir", d,
               "--make-jobs", str(self.a.make_jobs)]
        t0 = time.perf_counter()
        p = subprocess.run(cmd, cwd=BRIAN2, capture_output=True, text=True, timeout=self.a.timeout)
        res = result_lines(p.stdout)
        rec = dict(cmd=shlex.join(cmd), wall_s=round(time.perf_counter() - t0, 3), dir=d)
        if p.returncode != 0 or not res:
            return dict(rec, ok=False, error=(p.stderr.strip() or p.stdout.strip())[-3000:])
        return dict(rec, ok=True, first_run=res[0])

    def brian2(self, net, scale, precision, neurons):
        d = self.brian2_dir(net, scale, precision)
        results = os.path.join(d, "results")
        wall_file = os.path.join(results, "bench_wall_loop.txt")
        if os.path.exists(wall_file):
            os.remove(wall_file)
        rc, out, err, acc = measure(["./main"], cwd=d, timeout=self.a.timeout,
                                           quiet_wait=self.a.quiet_wait)
        rec = dict(cmd=f"cd {os.path.relpath(d, ROOT)} && ./main", **acc)
        if rc != 0 or not os.path.exists(wall_file):
            return dict(rec, ok=False, error=(err.strip() or out.strip())[-2000:])
        wall = float(open(wall_file).read())
        spk = [f for f in os.listdir(results) if f.startswith("_dynamic_array_spikemonitor_i_")]
        n = os.path.getsize(os.path.join(results, spk[0])) // 4 if spk else None
        return dict(rec, ok=True, sim_s=wall, sim_s_per_simulated_s=wall / self.a.duration, spikes=n,
                    rate_hz=(n / neurons / self.a.duration) if n is not None else None, neurons=neurons,
                    peak_rss_mib=acc["process_peak_rss_mib"])


# ---------------------------------------------------------------- the tables

def fmt(x):
    if x is None:
        return "—"
    if x >= 100:
        return f"{x:.0f}"
    return f"{x:.3g}"


def ok_runs(runs):
    return [r for r in runs if r.get("ok")]


def median_field(runs, key):
    xs = [r[key] for r in ok_runs(runs) if r.get(key) is not None]
    return statistics.median(xs) if xs else None


def peer_precisions(args, prec):
    """(brainstate's, Brian2's) precision in the table of neurodim's `prec`."""
    return (prec, prec) if args.peer_precision == "match" else ("f32", "f64")


def cell(runs, not_run):
    """(median, text): '—' when skipped or not run, 'failed' when every run failed."""
    if not_run or not runs:
        return None, "—"
    m = median_field(runs, "sim_s_per_simulated_s")
    return (None, "failed") if m is None else (m, fmt(m))


def tables(args, rows, results, skips):
    """results[(row_key, engine, precision, threads or setup or None)] -> list of run records."""
    out = []
    rounds = f"{args.rounds} alternating round{'s' if args.rounds != 1 else ''}"
    for prec in args.nd_precisions:
        bs_prec, b2_prec = peer_precisions(args, prec)
        out += ["", f"neurodim `{prec}`, brainstate `{bs_prec}`, Brian2 `{b2_prec}`: seconds of wall time "
                f"per simulated second, medians of {rounds} of {args.duration:g}-s runs; ours = the faster "
                f"neurodim column (bold)" + (f"; brainstate = its faster setup" if len(args.setups) > 1 else "")
                + ".", "",
                "| network | neurodim 1 thread | neurodim 2 threads | brainstate | Brian2 "
                "| brainstate / ours | Brian2 / ours | neurodim peak RSS |",
                "|---|---|---|---|---|---|---|---|"]
        for net, scale in rows:
            k = row_key(net, scale)
            nd = {t: cell(results.get((k, "neurodim", prec, t), []), t not in args.threads) for t in (1, 2)}
            ours_t = min((t for t in nd if nd[t][0] is not None), key=lambda t: nd[t][0], default=None)
            ours = nd[ours_t][0] if ours_t else None
            nd_c = {t: (f"**{c}**" if t == ours_t else c) for t, (m, c) in nd.items()}
            bs_skip = skipped(skips, "brainstate", net, scale)
            bs = {st: cell(results.get((k, "brainstate", bs_prec, st), []), bs_skip) for st in args.setups}
            best = min((st for st in bs if bs[st][0] is not None), key=lambda st: bs[st][0], default=None)
            if best:
                mb = bs[best][0]
                cb = bs[best][1] + (f" ({BRAINSTATE_SETUPS[best]['label']})" if len(args.setups) > 1 else "")
            else:
                mb, cb = None, ("—" if bs_skip else "failed")
            m2, c2 = cell(results.get((k, "brian2", b2_prec, None), []), skipped(skips, "brian2", net, scale))
            rb = f"{mb / ours:.2f}×" if mb is not None and ours else "—"
            r2 = f"{m2 / ours:.2f}×" if m2 is not None and ours else "—"
            rss = median_field(results.get((k, "neurodim", prec, ours_t), []), "peak_rss_mib") if ours_t else None
            rss_c = f"{rss:.0f} MiB" if rss is not None else "—"
            out.append(f"| {row_label(net, scale)} | {nd_c[1]} | {nd_c[2]} | {cb} | {c2} | {rb} | {r2} | {rss_c} |")
    # every run's figures: the engines must agree on the network's activity
    out += ["", "Every configuration (medians; the rates must agree):", "",
            "| network | run | s per simulated s (min–max) | rate | peak RSS | runs |", "|---|---|---|---|---|---|"]
    for net, scale in rows:
        k = row_key(net, scale)
        for (rk, eng, prec, var), runs in results.items():
            if rk != k:
                continue
            name = {"neurodim": f"neurodim `{prec}` {var} thread{'s' if var != 1 else ''}",
                    "brainstate": f"brainstate `{prec}` {BRAINSTATE_SETUPS.get(var, {}).get('label', var)}",
                    "brian2": f"Brian2 `{prec}`"}[eng]
            good = ok_runs(runs)
            if not good:
                out.append(f"| {row_label(net, scale)} | {name} | failed | | | 0 of {len(runs)} |")
                continue
            xs = [r["sim_s_per_simulated_s"] for r in good]
            rate, rss = median_field(good, "rate_hz"), median_field(good, "peak_rss_mib")
            out.append(f"| {row_label(net, scale)} | {name} | {fmt(statistics.median(xs))} ({fmt(min(xs))}–{fmt(max(xs))}) "
                       f"| {rate:.2f} Hz | {'—' if rss is None else f'{rss:.0f} MiB'} | {len(good)} of {len(runs)} |")
    return "\n".join(out)


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", default="coba:1,coba:10,cuba:1,cuba:10,coba:100",
                    help="NET:SCALE,... (N = 4000*SCALE; default %(default)s)")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds per row (default 3)")
    ap.add_argument("--precision", choices=["f32", "f64", "both"], default="both",
                    help="neurodim's --precision (default both: one table each)")
    ap.add_argument("--peer-precision", choices=["native", "match"], default="native",
                    help="native (default): brainstate in float32 and Brian2 in float64, their defaults, "
                         "run once per round for both tables; match: the peers in neurodim's precision, "
                         "run per table (brainstate precision 64 for f64, Brian2 float32 for f32)")
    ap.add_argument("--duration", type=float, default=1.0, help="simulated seconds per run (default 1)")
    ap.add_argument("--threads", default="1,2", help="neurodim's thread counts (default 1,2)")
    ap.add_argument("--skip-peer", action="append", default=[], metavar="PEER[:NET:SCALE]",
                    help="do not run brainstate or brian2, on every row or on one row "
                         "(e.g. brian2:coba:100); repeatable; the table shows —")
    ap.add_argument("--brainstate-setups", default="2cpu,1cpu",
                    help="how brainstate runs, each once per round: " + "; ".join(
                        f"{k}: {v['label']}" + (f", taskset -c {v['cpus']}" if v["cpus"] else "")
                        + f", XLA_FLAGS={v['xla'] or 'unset'}" for k, v in BRAINSTATE_SETUPS.items())
                    + " (default %(default)s; its column is the faster one)")
    ap.add_argument("--brainstate-raster", action="store_true",
                    help="brainstate returns the dense (T, N) spike raster of its example instead of the "
                         "spike count per step (4 bytes per neuron and step: 1.6 GB per simulated second "
                         "at 40 000 neurons)")
    ap.add_argument("--make-jobs", type=int, default=os.cpu_count(),
                    help="parallel jobs of Brian2's standalone compile (default %(default)s)")
    ap.add_argument("--quiet-wait", type=float, default=10.0,
                    help="before each run, wait up to this many seconds for the machine to be < 15%% busy "
                         "(default 10; 0: do not wait)")
    ap.add_argument("--timeout", type=float, default=3600.0, help="seconds before a run is killed (default 3600)")
    ap.add_argument("--examples", default=os.environ.get("NEURODIM_EXAMPLES",
                                                         os.path.join(ROOT, "target", "release", "examples")),
                    help="neurodim's release examples (default $NEURODIM_EXAMPLES or target/release/examples)")
    ap.add_argument("--out", default=os.path.join(HERE, "runs.jsonl"), help="JSON lines, appended")
    args = ap.parse_args()
    args.nd_precisions = ["f32", "f64"] if args.precision == "both" else [args.precision]
    args.threads = [int(t) for t in args.threads.split(",") if t]
    args.setups = [s for s in args.brainstate_setups.split(",") if s]
    for st in args.setups:
        if st not in BRAINSTATE_SETUPS:
            raise SystemExit(f"--brainstate-setups: `{st}` is not one of {', '.join(BRAINSTATE_SETUPS)}")
    rows = parse_rows(args.rows)
    skips = parse_skips(args.skip_peer)
    runner = Runner(args)

    for net in {n for n, _ in rows}:
        if not os.access(os.path.join(args.examples, net), os.X_OK):
            raise SystemExit(f"no {os.path.join(args.examples, net)}: cargo build --release --examples")
    for peer, py in (("brainstate", runner.bs_python), ("brian2", runner.b2_python)):
        if not all(skipped(skips, peer, n, s) for n, s in rows) and not os.access(py, os.X_OK):
            raise SystemExit(f"no {py}: make the venv as {peer}/README.md says (or --skip-peer {peer})")

    cmdline = "python3 benches/peers/compare.py" + ("" if len(sys.argv) == 1 else " " + shlex.join(sys.argv[1:]))
    begin = now()
    outf = open(args.out, "a")

    def emit(rec):
        outf.write(json.dumps(rec) + "\n")
        outf.flush()

    emit(dict(event="begin", ts=begin, cmd=cmdline, host=platform.node(), cpus=os.cpu_count(),
              kernel=platform.release(), rows=args.rows, rounds=args.rounds, duration_s=args.duration,
              precision=args.precision, peer_precision=args.peer_precision, threads=args.threads,
              brainstate_setups={s: BRAINSTATE_SETUPS[s] for s in args.setups},
              brainstate_raster=args.brainstate_raster, skip_peer=args.skip_peer))
    # the precisions Brian2 runs in, over all tables
    b2_precs = sorted({peer_precisions(args, prec)[1] for prec in args.nd_precisions})
    results = {}
    t_all = time.perf_counter()
    for net, scale in rows:
        k = row_key(net, scale)
        row_t0 = time.perf_counter()
        # Brian2's projects are built (and run once, not counted) before the row's rounds
        b2_ok = {}
        if not skipped(skips, "brian2", net, scale):
            for prec in b2_precs:
                log(f"[{k}] building Brian2 ({prec}) ...")
                b = runner.brian2_build(net, scale, prec)
                emit(dict(event="brian2_build", ts=now(), row=k, precision=prec, **b))
                b2_ok[prec] = b["ok"]
                if b["ok"]:
                    fr = b["first_run"]
                    log(f"[{k}] Brian2 built and run once in {b['wall_s']:.0f} s (its loop "
                        f"{fr['loop_wall_per_sim_s']:.3g} s/s, {fr['rate_hz']:.2f} Hz; not counted)")
                else:
                    log(f"[{k}] Brian2 build FAILED:\n{b['error']}")
        neurons = int(3200 * scale) + int(800 * scale)
        plan = []
        for prec in args.nd_precisions:
            plan += [("neurodim", prec, t) for t in args.threads]
            if args.peer_precision == "match":
                plan += [("brainstate", prec, st) for st in args.setups] + [("brian2", prec, None)]
        if args.peer_precision == "native":
            plan += [("brainstate", "f32", st) for st in args.setups] + [("brian2", "f64", None)]
        plan = [(e, p, v) for e, p, v in plan if e == "neurodim" or not skipped(skips, e, net, scale)]
        for rnd in range(args.rounds):
            for eng, prec, var in plan:
                if eng == "neurodim":
                    r = runner.neurodim(net, scale, prec, var, rnd)
                elif eng == "brainstate":
                    r = runner.brainstate(net, scale, prec, var, rnd)
                elif b2_ok.get(prec):
                    r = runner.brian2(net, scale, prec, neurons)
                else:
                    continue
                rec = {**dict(event="run", ts=now(), row=k, net=net, scale=scale, round=rnd, engine=eng,
                              precision=prec, threads=var if eng == "neurodim" else None,
                              setup=var if eng == "brainstate" else None, duration_s=args.duration), **r}
                emit(rec)
                results.setdefault((k, eng, prec, var), []).append(rec)
                name = f"{eng} {prec}" + (f" {var}" if var else "")
                if r["ok"]:
                    log(f"[{k} round {rnd + 1}/{args.rounds}] {name:<20} {r['sim_s_per_simulated_s']:8.4g} s/s "
                        f"{r['rate_hz']:6.2f} Hz {r.get('peak_rss_mib') or 0:6.0f} MiB   process "
                        f"{r['process_wall_s']:.1f} s, others used {r['other_cpu_s']:.1f} CPU-s")
                else:
                    log(f"[{k} round {rnd + 1}/{args.rounds}] {name} FAILED:\n{r['error']}")
        log(f"[{k}] row done in {time.perf_counter() - row_t0:.0f} s")
    end = now()
    runs = [r for v in results.values() for r in ok_runs(v)]
    disturbed = [r for r in runs if r.get("other_cpu_s", 0) > 0.1 * r["process_wall_s"]]
    setups = "; ".join(f"{BRAINSTATE_SETUPS[s]['label']}" + (f" (taskset -c {BRAINSTATE_SETUPS[s]['cpus']})"
                       if BRAINSTATE_SETUPS[s]["cpus"] else "") + f", XLA_FLAGS={BRAINSTATE_SETUPS[s]['xla'] or 'unset'}"
                       for s in args.setups)
    text = (f"Measured {begin[:16].replace('T', ' ')}–{end[11:16]} UTC on {platform.node()} ({os.cpu_count()} "
            f"cores) by `{cmdline}`. Each figure: wall seconds of the simulation loop per simulated second "
            f"(build and compilation excluded), every run a fresh process. neurodim: "
            f"`target/release/examples/{{coba,cuba}}` (brainstate's parameters, 80 targets per source). "
            + ("brainstate not run. " if all(skipped(skips, "brainstate", n, s) for n, s in rows) else
               f"brainstate {'returning the dense raster' if args.brainstate_raster else 'returning the spike count per step'}; "
               f"setups: {setups}. ")
            + ("Brian2 not run. " if all(skipped(skips, "brian2", n, s) for n, s in rows) else
               "Brian2: cpp_standalone, one thread, its project built before the row. ")
            + f"{len(disturbed)} of {len(runs)} runs shared the machine with other processes for more than 10 % of "
            f"their wall time (`other_cpu_s` in {os.path.relpath(args.out, ROOT)}).")
    text += "\n" + tables(args, rows, results, skips)
    emit(dict(event="end", ts=end, total_s=round(time.perf_counter() - t_all, 1), table=text))
    outf.close()
    print(text)
    log(f"total {time.perf_counter() - t_all:.0f} s")


if __name__ == "__main__":
    main()
