"""Reference numbers of a peer for neurodim's Song-Miller-Abbott example: runs PEER/stdp_song.py
(one process at a time) for seeds 1..S and writes
crates/dyn/tests/it/references/PEER_stdp_song.json:

    {"generator", "PEER_version", "duration_s", "parameters": {...}, "notes",
     "runs": [{"seed", "rate_hz", "n_out_spikes", "weights": [w/Wmax per input, 6 decimals]}]}

and prints, per seed, the fraction of weights below 0.1 and above 0.9 (in units of Wmax), the mean
weight, the output rate over the last 20 % of the run and the simulation's wall time per simulated
second (the timing is not written to the file, which is the same on every run on this machine).

Run it with the peer's own Python (its venv, see PEER/README.md), from anywhere:

    benches/peers/brian2/venv/bin/python benches/peers/stdp_song_refs.py brian2   # ~30 s
    benches/peers/nest/venv/bin/python benches/peers/stdp_song_refs.py nest        # ~40 s per seed

Options: --seeds S (default 4), --duration SECONDS (default 100), --out PATH.
"""
import argparse, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

NOTES = {
    "brian2": ("Brian2 cpp_standalone, one thread; v0 = El (Brian2's example leaves it at 0 V); "
               "rate_hz = output spikes in the final 20 % of the run / (0.2*duration_s); "
               "weights = final w/gmax per Poisson input, input order, rounded to 6 decimals"),
    "nest": ("NEST 3.10, one thread; iaf_cond_exp, stdp_synapse (additive), delay 0.1 ms; "
             "rate_hz = output spikes in the final 20 % of the run / (0.2*duration_s); "
             "weights = final w/Wmax per Poisson input, input order, rounded to 6 decimals"),
}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("peer", choices=sorted(NOTES), help="whose stdp_song.py to run")
    p.add_argument("--seeds", type=int, default=4, help="seeds 1..S (default %(default)s)")
    p.add_argument("--duration", type=float, default=100.0, help="simulated seconds (default %(default)s)")
    p.add_argument("--out", help="default crates/dyn/tests/it/references/PEER_stdp_song.json")
    args = p.parse_args()
    peer_dir = os.path.join(HERE, args.peer)
    sys.path.insert(0, peer_dir)
    import stdp_song
    out = args.out or os.path.join(ROOT, "crates", "dyn", "tests", "it", "references",
                                   f"{args.peer}_stdp_song.json")
    runs, version = [], None
    print(f"{'seed':>4} {'w<0.1':>7} {'w>0.9':>7} {'mean w':>7} {'rate Hz':>8} {'out spikes':>10} {'sim_s':>7}")
    for s in range(1, args.seeds + 1):
        cmd = [sys.executable, os.path.join(peer_dir, "stdp_song.py"), "--seed", str(s),
               "--duration", repr(args.duration), "--json"]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            sys.stderr.write(r.stderr[-4000:])
            raise SystemExit(f"stdp_song.py failed for seed {s}")
        d = json.loads(r.stdout)
        version = d[args.peer]
        w = d["weights"]
        n = len(w)
        lo = sum(x < 0.1 for x in w) / n
        hi = sum(x > 0.9 for x in w) / n
        print(f"{s:>4} {lo:>7.3f} {hi:>7.3f} {sum(w) / n:>7.3f} {d['rate_hz']:>8.2f} "
              f"{d['n_out_spikes']:>10} {d['sim_s']:>7.4f}", flush=True)
        runs.append(dict(seed=s, rate_hz=d["rate_hz"], n_out_spikes=d["n_out_spikes"],
                         weights=[round(x, 6) for x in w]))
    doc = {"generator": os.path.relpath(os.path.join(peer_dir, "stdp_song.py"), ROOT),
           f"{args.peer}_version": version, "duration_s": args.duration,
           "parameters": stdp_song.parameters(), "notes": NOTES[args.peer], "runs": runs}
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {out} ({os.path.getsize(out)} bytes)")


if __name__ == "__main__":
    main()
