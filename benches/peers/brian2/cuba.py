"""CUBA E/I network (Vogels & Abbott 2005 / Brette et al. 2007), 4000·scale LIF neurons, E first.

--variant brian2 (default): Brian2's documentation CUBA example, as neurodim's
  `cuba --variant brian2`: tau_m 20 ms, E_L -49 mV, hard reset, current traces (tau 5 / 10 ms)
  jumping by 1.62 mV / -9 mV, no external input, V0 uniform in [V_reset, V_th], each pair
  connected with probability 0.02 (at every scale, as the example).
--variant brainstate: brainstate's CUBA benchmark (benchmark/CUBA_2005.py, LIFRef), as neurodim's
  `cuba` (default variant): V_rest -49 mV, R = 1 ohm, 20 mA drive, soft reset (V -= 10 mV),
  1.62 mS / -9 mS into Expon traces with CUBA outputs of scale 1 V, V0 ~ Normal(-55, 2) mV,
  each source with exactly 80 targets drawn with replacement.
"""
import harness

def build(args):
    from brian2 import NeuronGroup, ms, mV, mS, mA, ohm, volt, siemens
    n_exc, n_inh = harness.sizes(args.scale)
    N = n_exc + n_inh
    taum = 20*ms; taue = 5*ms; taui = 10*ms
    Vt = -50*mV; Vr = -60*mV; El = -49*mV
    if args.variant == "brian2":
        eqs = '''
        dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
        dge/dt = -ge/taue : volt
        dgi/dt = -gi/taui : volt
        '''
        P = NeuronGroup(N, eqs, threshold='v>Vt', reset='v = Vr', refractory=5*ms,
                        method='exact')
        P.v = 'Vr + rand() * (Vt - Vr)'
        P.ge = 0*mV
        P.gi = 0*mV
        we = (60*0.27/10)*mV   # excitatory synaptic weight (voltage)
        wi = (-20*4.5/10)*mV   # inhibitory synaptic weight
    else:
        R = 1*ohm; I = 20*mA; scale = 1*volt
        eqs = '''
        dv/dt  = (-(v-El) + R*(I + (ge+gi)*scale))/taum : volt (unless refractory)
        ge : siemens
        gi : siemens
        '''
        # exponential Euler, as brainstate (exact within a step, ge and gi constant over it);
        # the traces decay as harness.BRAINSTATE_DECAY says
        P = NeuronGroup(N, eqs, threshold='v>=Vt', reset='v -= Vt - Vr', refractory=5*ms,
                        method='exponential_euler')
        P.v = '-55*mV + 2*mV*randn()'
        P.ge = 0*siemens
        P.gi = 0*siemens
        P.run_regularly(harness.BRAINSTATE_DECAY, when='before_synapses')
        we = 1.62*mS
        wi = -9.0*mS
    ns = {k: v for k, v in locals().items() if not k.startswith('_') and k not in ('args', 'P', 'N', 'n_exc', 'n_inh')}
    if args.variant == "brian2":
        return harness.connect_ei(P, n_exc, ns, p=0.02)
    return harness.connect_ei(P, n_exc, ns, fan_out=80)

if __name__ == "__main__":
    harness.main("cuba", ["brian2", "brainstate"], build)
