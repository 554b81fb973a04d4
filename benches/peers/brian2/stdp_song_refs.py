"""Brian2 reference numbers for neurodim's Song-Miller-Abbott example: runs stdp_song.py (one
process at a time, build/stdp_song reused) for seeds 1..S and writes
crates/dyn/tests/it/references/brian2_stdp_song.json:

    {"generator", "brian2_version", "duration_s", "parameters": {...},
     "runs": [{"seed", "rate_hz", "n_out_spikes", "weights": [w/gmax per input, 6 decimals]}]}

and prints, per seed, the fraction of weights below 0.1 and above 0.9 (in units of gmax), the mean
weight, the output rate over the last 20 % of the run and network.run's wall time per simulated
second (the timing is not written to the file, which is the same on every run on this machine).

Usage: venv/bin/python stdp_song_refs.py [--seeds 4] [--duration 100] [--out PATH]
"""
import argparse, json, os, subprocess, sys

import stdp_song

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
OUT = os.path.join(ROOT, "crates", "dyn", "tests", "it", "references", "brian2_stdp_song.json")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seeds", type=int, default=4, help="seeds 1..S (default %(default)s)")
    p.add_argument("--duration", type=float, default=100.0, help="simulated seconds (default %(default)s)")
    p.add_argument("--out", default=OUT, help="default %(default)s")
    args = p.parse_args()
    runs, version = [], None
    print(f"{'seed':>4} {'w<0.1':>7} {'w>0.9':>7} {'mean w':>7} {'rate Hz':>8} {'out spikes':>10} {'sim_s':>7}")
    for s in range(1, args.seeds + 1):
        cmd = [sys.executable, os.path.join(HERE, "stdp_song.py"), "--seed", str(s),
               "--duration", repr(args.duration), "--json"]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            sys.stderr.write(r.stderr[-4000:])
            raise SystemExit(f"stdp_song.py failed for seed {s}")
        d = json.loads(r.stdout)
        version = d["brian2"]
        w = d["weights"]
        n = len(w)
        lo = sum(x < 0.1 for x in w) / n
        hi = sum(x > 0.9 for x in w) / n
        print(f"{s:>4} {lo:>7.3f} {hi:>7.3f} {sum(w) / n:>7.3f} {d['rate_hz']:>8.2f} "
              f"{d['n_out_spikes']:>10} {d['sim_s']:>7.4f}", flush=True)
        runs.append(dict(seed=s, rate_hz=d["rate_hz"], n_out_spikes=d["n_out_spikes"],
                         weights=[round(x, 6) for x in w]))
    doc = dict(generator=os.path.relpath(os.path.join(HERE, "stdp_song.py"), ROOT),
               brian2_version=version, duration_s=args.duration,
               parameters=stdp_song.parameters(),
               notes=("Brian2 cpp_standalone, one thread; v0 = El (Brian2's example leaves it at 0 V); "
                      "rate_hz = output spikes in the final 20 % of the run / (0.2*duration_s); "
                      "weights = final w/gmax per Poisson input, input order, rounded to 6 decimals"),
               runs=runs)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {args.out} ({os.path.getsize(args.out)} bytes)")


if __name__ == "__main__":
    main()
