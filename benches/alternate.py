#!/usr/bin/env python3
"""Times commands that print neurodim's `--json` line, in turn, and compares their `sim_s`.

    python3 benches/alternate.py ROUNDS 'COMMAND_A' 'COMMAND_B' ...

Each round runs every command once, in the order given (A B … A B …), so that the host's drift
(tens of percent within minutes on a shared VM) affects all of them alike. For each command it
prints the `sim_s` of every round, their median, and the median over the rounds of the ratio
`sim_s(A) / sim_s(command)`: how many times faster than the first command it is. The first
command is the baseline (an older build, one thread, another precision).

Example, the first engine against today's, f64, 4 000 neurons:

    python3 benches/alternate.py 5 \\
        'OLD/target/release/examples/coba --json --no-raster' \\
        'target/release/examples/coba --json --no-raster --precision f64'
"""
import json
import shlex
import statistics
import subprocess
import sys


def sim_s(command):
    """The `sim_s` of the last JSON line the command prints (Brian2's network scripts prefix
    theirs with `RESULT ` and call it `loop_wall_per_sim_s`)."""
    out = subprocess.run(shlex.split(command), capture_output=True, text=True, check=True).stdout
    lines = [line.removeprefix("RESULT ") for line in out.splitlines()]
    line = [line for line in lines if line.startswith("{")][-1]
    result = json.loads(line)
    return result["sim_s"] if "sim_s" in result else result["loop_wall_per_sim_s"]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rounds, commands = int(sys.argv[1]), sys.argv[2:]
    times = {command: [] for command in commands}
    for _ in range(rounds):
        for command in commands:
            times[command].append(sim_s(command))
    baseline = times[commands[0]]
    for command in commands:
        ratios = [b / t for b, t in zip(baseline, times[command])]
        rounds_s = " ".join(f"{t:.4g}" for t in times[command])
        print(f"{command}\n  sim_s {rounds_s}; median {statistics.median(times[command]):.4g}; "
              f"first / this {statistics.median(ratios):.3f}")


if __name__ == "__main__":
    main()
