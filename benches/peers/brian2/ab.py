"""Interleaved A/B on the same machine: Brian2's compiled 1-s standalone binaries
(build/{cuba,coba}/main, made by a run of cuba.py / coba.py) against neurodim's release examples
(`cargo build --release --examples`; $NEURODIM_EXAMPLES, default ../../../target/release/examples)
on the matching parameter sets (neurodim `cuba --variant brian2`, `coba --variant brette`).
Usage: venv/bin/python ab.py N"""
import json, os, sys
import bench
HERE = bench.HERE
EXAMPLES = os.environ.get("NEURODIM_EXAMPLES",
                          os.path.join(HERE, "..", "..", "..", "target", "release", "examples"))
n = int(sys.argv[1])
bench.emit(dict(event="begin", mode="ab", n=n, t=bench.now()))
for i in range(1, n + 1):
    for model, variant in (("cuba", "brian2"), ("coba", "brette")):
        d = os.path.join(HERE, "build", model)
        p, m = bench.measure(["./main"], cwd=d)
        bench.emit(dict(mode="ab", engine="brian2", model=model, run=i, cmd=f"cd build/{model} && ./main",
                        **m, **bench.read_bin_results(d, 1.0)))
        cmd = [os.path.join(EXAMPLES, model), "--variant", variant, "--no-raster", "--json", "--seed", str(i - 1)]
        p, m = bench.measure(cmd, cwd=HERE)
        j = json.loads(p.stdout.strip().splitlines()[-1])
        bench.emit(dict(mode="ab", engine="neurodim", model=model, run=i, cmd=" ".join(cmd), **m, nd=j))
bench.emit(dict(event="end", mode="ab", t=bench.now()))
