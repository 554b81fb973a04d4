"""Benchmark driver (no Brian2 import). Records, per run: UTC start/end timestamps, the
script's RESULT json (or, for --binaries mode, the timings read from the results dir),
and machine-wide CPU accounting from /proc/stat during the run, so that runs disturbed by
other processes on this shared 2-core VM can be flagged:
  other_cpu_s = (machine busy jiffies - own process CPU) ; steal_s = hypervisor steal.
Usage:
  venv/bin/python bench.py scripts  N  [extra script args...]   # N interleaved cuba/coba script runs (run 1 --clean)
  venv/bin/python bench.py binaries N                          # N interleaved runs of the compiled build/*/main
"""
import json, os, subprocess, sys, time, datetime, resource

HERE = os.path.dirname(os.path.abspath(__file__))
PY = os.path.join(HERE, "venv", "bin", "python")
HZ = os.sysconf("SC_CLK_TCK")
LOG = os.path.join(HERE, "runs.jsonl")

def stat():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = v[:8]
    return dict(busy=user + nice + system + irq + softirq, idle=idle + iowait, steal=steal)

def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")

def loadavg():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]

def wait_quiet(max_wait=30.0, window=1.0, thresh=0.15):
    """Wait until the machine (both cores) is < thresh busy over a `window`-second sample."""
    t0 = time.perf_counter()
    while True:
        a = stat(); time.sleep(window); b = stat()
        frac = (b["busy"] - a["busy"]) / HZ / (window * os.cpu_count())
        if frac < thresh or time.perf_counter() - t0 > max_wait:
            return dict(quiet_wait_s=round(time.perf_counter() - t0, 1), busy_frac_before=round(frac, 3))

def measure(cmd, cwd=None):
    q = wait_quiet()
    s0, t0, r0 = stat(), time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    ts0, la0 = now(), loadavg()
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    t1, s1, r1 = time.perf_counter(), stat(), resource.getrusage(resource.RUSAGE_CHILDREN)
    own = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
    busy = (s1["busy"] - s0["busy"]) / HZ
    return p, dict(**q, t_start=ts0, t_end=now(), loadavg1_start=la0, process_wall_s=t1 - t0,
                   own_cpu_s=own, machine_busy_s=busy, other_cpu_s=busy - own,
                   steal_s=(s1["steal"] - s0["steal"]) / HZ)

def emit(rec):
    line = json.dumps(rec)
    print(line, flush=True)
    with open(LOG, "a") as f:
        f.write(line + "\n")

def read_bin_results(d, duration, neurons=4000):
    r = os.path.join(d, "results")
    cpu = float(open(os.path.join(r, "last_run_info.txt")).read().split()[0])
    wall = float(open(os.path.join(r, "bench_wall_loop.txt")).read())
    spk = [f for f in os.listdir(r) if f.startswith("_dynamic_array_spikemonitor_i_")][0]
    n = os.path.getsize(os.path.join(r, spk)) // 4
    return dict(loop_wall_s=wall, last_run_time_cpu_s=cpu, n_spikes=n, rate_hz=n / neurons / duration)

def main():
    mode, n = sys.argv[1], int(sys.argv[2])
    extra = sys.argv[3:]
    emit(dict(event="begin", mode=mode, n=n, extra=extra, t=now(), uptime=subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()))
    for i in range(1, n + 1):
        for model in os.environ.get("BENCH_MODELS", "cuba coba").split():
            if mode == "scripts":
                cmd = [PY, f"{model}.py", "--tag", f"run{i}"] + extra + (["--clean"] if i == 1 and "--noclean" not in extra else [])
                cmd = [c for c in cmd if c != "--noclean"]
                p, m = measure(cmd, cwd=HERE)
                res = [l for l in p.stdout.splitlines() if l.startswith("RESULT ")]
                if not res:
                    print(p.stdout[-3000:], p.stderr[-3000:]); raise SystemExit("run failed")
                rec = dict(mode=mode, run=i, cmd=" ".join(cmd), **m, **json.loads(res[0][7:]))
            else:
                d = os.path.join(HERE, "build", model)
                p, m = measure(["./main"], cwd=d)
                assert p.returncode == 0, p.stderr
                rec = dict(mode=mode, model=model, run=i, cmd=f"cd build/{model} && ./main", **m,
                           **read_bin_results(d, float(os.environ.get("BENCH_DURATION", "1"))))
            rec.pop("profile", None) if not rec.get("profile") else None
            emit(rec)
    emit(dict(event="end", t=now(), uptime=subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()))

if __name__ == "__main__":
    main()
