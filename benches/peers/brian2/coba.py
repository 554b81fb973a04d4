"""COBA E/I network (Vogels & Abbott 2005 / Brette et al. 2007), 4000·scale LIF neurons, E first.

--variant brette (default): the benchmark in physical units, as neurodim's `coba --variant brette`:
  C 200 pF, gL 10 nS, hard reset, 6 nS / 67 nS, 200 pA drive, V0 ~ Normal(-55, 5) mV, each pair
  connected with probability 80/N.
--variant brainstate: brainstate's COBA benchmark (benchmark/COBA_2005.py, LIFRef), as neurodim's
  `coba` (default variant): R = 1 ohm, tau 20 ms, 20 mA drive, soft reset (V -= 10 mV), 0.6 mS /
  6.7 mS conductances (mS·mV = uA against 20 mA: weak recurrent input), V0 ~ Normal(-55, 2) mV,
  each source with exactly 80 targets drawn with replacement.

--stdp (brette variant only): the excitatory synapses (E->all, as neurodim's coba --variant
  brette-stdp) are plastic, additive all-to-all STDP with Brian2's
  event-driven traces as in stdp_song.py (taupre = taupost = 20 ms, Wmax = 12 nS = 2*we, initial
  weight we = 6 nS; at a pre spike ge += w, Apre += lambda*Wmax, w = clip(w + Apost, 0, Wmax); at a
  post spike Apost -= alpha*lambda*Wmax, w = clip(w + Apre, 0, Wmax); lambda 0.01, alpha 1.05, no
  delay). I->all stays static. Each pair is still connected with probability 80/N (the same
  network distribution; another draw than without the flag). Project directory
  build/coba_brette_s<S>_stdp; the RESULT line adds stdp, n_synapses_ee (the plastic synapses)
  and their final weights' mean, fraction at 0 and at Wmax.
  Without the flag the script builds and runs exactly what it did before.
"""
import harness

def build(args):
    from brian2 import NeuronGroup, ms, mV, pF, nS, pA, mS, mA, ohm
    n_exc, n_inh = harness.sizes(args.scale)
    N = n_exc + n_inh
    Ee = 0*mV; Ei = -80*mV; taue = 5*ms; taui = 10*ms; Vt = -50*mV; Vr = -60*mV
    if args.variant == "brette":
        C = 200*pF; gL = 10*nS; EL = -60*mV
        we = 6*nS; wi = 67*nS; I = 200*pA
        eqs = '''
        dv/dt = (gL*(EL-v) + ge*(Ee-v) + gi*(Ei-v) + I)/C : volt (unless refractory)
        dge/dt = -ge/taue : siemens
        dgi/dt = -gi/taui : siemens
        '''
        reset = 'v = Vr'
        v0 = '-55*mV + 5*mV*randn()'
    else:
        R = 1*ohm; tau = 20*ms; EL = -60*mV
        we = 0.6*mS; wi = 6.7*mS; I = 20*mA
        eqs = '''
        dv/dt = (-(v-EL) + R*(I + ge*(Ee-v) + gi*(Ei-v)))/tau : volt (unless refractory)
        ge : siemens
        gi : siemens
        '''
        reset = 'v -= Vt - Vr'                # brainstate's soft reset
        v0 = '-55*mV + 2*mV*randn()'
    # With conductances in the equation the system is not linear-constant-coefficient, so 'exact'
    # is not applicable; exponential Euler is Brian2's default here and what brainstate uses.
    # brainstate variant: the conductances are parameters of v's equation, decayed as
    # harness.BRAINSTATE_DECAY says.
    P = NeuronGroup(N, eqs, threshold='v>=Vt', reset=reset, refractory=5*ms,
                    method='exponential_euler')
    P.v = v0
    P.ge = 0*nS
    P.gi = 0*nS
    if args.variant == "brainstate":
        P.run_regularly(harness.BRAINSTATE_DECAY, when='before_synapses')
    ns = {k: v for k, v in locals().items() if not k.startswith('_') and k not in ('args', 'P', 'N', 'n_exc', 'n_inh')}
    if args.stdp:
        return connect_stdp(P, n_exc, ns, p=80.0 / N)
    if args.variant == "brette":
        return harness.connect_ei(P, n_exc, ns, p=80.0 / N)
    return harness.connect_ei(P, n_exc, ns, fan_out=80)

def connect_stdp(P, n_exc, ns, p):
    """harness.connect_ei's pairwise-Bernoulli wiring with every excitatory synapse plastic (--stdp)."""
    from brian2 import Synapses, SpikeMonitor, ms, nS
    import numpy as np
    ns = dict(ns, taupre=20*ms, taupost=20*ms, Wmax=2*ns['we'], lam=0.01, alpha=1.05)
    Cee = Synapses(P[:n_exc], P,
                   '''w : siemens
                      dApre/dt = -Apre / taupre : siemens (event-driven)
                      dApost/dt = -Apost / taupost : siemens (event-driven)''',
                   on_pre='''ge_post += w
                           Apre += lam*Wmax
                           w = clip(w + Apost, 0*nS, Wmax)''',
                   on_post='''Apost -= alpha*lam*Wmax
                            w = clip(w + Apre, 0*nS, Wmax)''')
    Ci = Synapses(P[n_exc:], P, on_pre='gi += wi')
    for S in (Cee, Ci):
        S.connect(p=p)
    Cee.w = ns['we']
    s_mon = SpikeMonitor(P)

    def after_run():
        w = np.asarray(Cee.w[:] / nS)
        wmax = float(ns['Wmax'] / nS)
        return dict(stdp=True, n_synapses_ee=int(len(w)), w_ee_mean_nS=float(w.mean()),
                    w_ee_frac_0=float(np.mean(w <= 0.0)), w_ee_frac_wmax=float(np.mean(w >= wmax)))
    return dict(mon=s_mon, N=len(P), objects=[P, Cee, Ci, s_mon], namespace=ns,
                synapses=[Cee, Ci], after_run=after_run,
                wiring=f"pairwise Bernoulli p={p:g}, E->all plastic (additive STDP)")

def add_args(parser):
    parser.add_argument("--stdp", action="store_true",
                        help="plastic excitatory (E->all) synapses, additive all-to-all STDP (brette variant only)")

def dir_tag(args):
    if args.stdp and args.variant != "brette":
        raise SystemExit("--stdp is for --variant brette only")
    return "_stdp" if args.stdp else ""

if __name__ == "__main__":
    harness.main("coba", ["brette", "brainstate"], build, add_args=add_args, dir_tag=dir_tag)
