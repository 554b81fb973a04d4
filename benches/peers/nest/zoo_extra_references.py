#!/usr/bin/env python3
"""Further neuron references of NEST 3.10, in the layout of ``zoo_references.py``'s neuron cases.

Writes ``crates/dyn/tests/it/references/nest_zoo_extra.json``:

* ``izhikevich`` with ``consistent_integration`` False (Izhikevich's published scheme, which NEST
  intends for h = 1 ms) at h = 1.0 and 0.1 ms, for the DC, spike and step-current inputs of
  ``zoo_references.py``;
* ``gif_psc_exp`` made deterministic, so that every value can be compared and not only the
  statistics of its escape noise: ``lambda_0`` 0 (the hazard is zero: it never fires) and
  ``lambda_0`` 10^30 /s with ``Delta_V`` 1000 mV (the hazard times h exceeds 37 at every V of these
  runs, so ``-expm1(-lambda*h)`` rounds to 1 and any uniform draw in [0, 1) fires: it fires in every
  step it is not refractory), each at h = 0.1, 0.2, 0.5, 1 ms for the three inputs, with the
  adaptation kernels of ``zoo_references.GIF_PARAMS``.

Every case is replayed through ``zoo_model.py`` (with no forced spikes) and must agree within
``zoo_references.MODEL_TOL``.

Usage:  benches/peers/nest/venv/bin/python benches/peers/nest/zoo_extra_references.py
"""

import json
import os
import sys

os.environ.setdefault("PYNEST_QUIET", "1")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import zoo_model  # noqa: E402
import zoo_references as zoo  # noqa: E402

OUT = os.path.join(zoo.REPO, "crates", "dyn", "tests", "it", "references", "nest_zoo_extra.json")

VARIANTS = [
    # (id prefix, NEST model, parameters, resolutions)
    ("izhikevich_published", "izhikevich", {"consistent_integration": False}, [1.0, 0.1]),
    ("gif_psc_exp_silent", "gif_psc_exp", dict(zoo.GIF_PARAMS, lambda_0=0.0), zoo.RESOLUTIONS),
    ("gif_psc_exp_certain", "gif_psc_exp", dict(zoo.GIF_PARAMS, lambda_0=1e30, Delta_V=1000.0),
     zoo.RESOLUTIONS),
]


def check(case, prefix):
    """The case against zoo_model.py (gif_psc_exp: with NEST's spike steps), and the spike pattern the
    parameters make certain."""
    worst, _, _, spikes_equal = zoo.model_replay(case)
    assert worst <= zoo.MODEL_TOL and spikes_equal, (case["id"], worst)
    steps = case["spike_steps"]
    if prefix == "gif_psc_exp_silent":
        assert steps == [], case["id"]
    if prefix == "gif_psc_exp_certain":
        # the first step fires, then one in every R + 1 (R refractory steps after each spike)
        R = zoo_model.ms_to_steps_ceil(case["neuron"]["t_ref"], case["resolution"])
        assert steps == list(range(1, case["record"]["n"] + 1, R + 1)), case["id"]


def main():
    import nest
    try:
        nest.verbosity = nest.VerbosityLevel.ERROR
    except Exception:  # noqa: BLE001
        pass
    cases = []
    for prefix, model, params, resolutions in VARIANTS:
        saved = dict(zoo.MODELS[model])
        zoo.MODELS[model] = dict(saved, params=params)
        for h in resolutions:
            for kind in ("dc", "spikes", "step_current"):
                case = zoo.neuron_case(nest, model, h, kind)
                case["id"] = case["id"].replace(model, prefix, 1)
                check(case, prefix)
                cases.append(case)
        zoo.MODELS[model] = saved
    out = dict(generator="benches/peers/nest/zoo_extra_references.py", nest_version=nest.__version__,
               rng_seed=zoo.RNG_SEED, conventions="as nest_zoo.json", neurons=cases)
    with open(OUT + ".tmp", "w") as f:
        json.dump(out, f, indent=1)
    os.replace(OUT + ".tmp", OUT)
    for case in cases:
        print(case["id"], "spikes:", case["spike_steps"][:8], "..." if len(case["spike_steps"]) > 8 else "")


if __name__ == "__main__":
    main()
