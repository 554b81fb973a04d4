"""Vogels & Abbott 2005 / Brette et al. 2007 COBA benchmark in physical units, 4000 LIF neurons."""
import harness

def build():
    from brian2 import NeuronGroup, ms, mV, pF, nS, pA
    C = 200*pF; gL = 10*nS; EL = -60*mV; Vt = -50*mV; Vr = -60*mV
    Ee = 0*mV; Ei = -80*mV; taue = 5*ms; taui = 10*ms
    we = 6*nS; wi = 67*nS; I = 200*pA
    eqs = '''
    dv/dt = (gL*(EL-v) + ge*(Ee-v) + gi*(Ei-v) + I)/C : volt (unless refractory)
    dge/dt = -ge/taue : siemens
    dgi/dt = -gi/taui : siemens
    '''
    # Note: with conductances in the equation the system is not linear-constant-coefficient,
    # so 'exact' is not applicable; use Brian2's default choice (exponential_euler).
    P = NeuronGroup(4000, eqs, threshold='v>Vt', reset='v = Vr', refractory=5*ms,
                    method='exponential_euler')
    P.v = '-55*mV + 5*mV*randn()'   # v0 ~ Normal(-55 mV, 5 mV)
    P.ge = 0*nS
    P.gi = 0*nS
    return harness.connect_ei(P, {k: v for k, v in locals().items() if not k.startswith('_')})

if __name__ == "__main__":
    harness.main("coba", build)
