"""Brian2 documentation CUBA example (Brette et al. 2007 benchmark), 4000 LIF neurons."""
import harness

def build():
    from brian2 import NeuronGroup, ms, mV
    taum = 20*ms; taue = 5*ms; taui = 10*ms
    Vt = -50*mV; Vr = -60*mV; El = -49*mV
    eqs = '''
    dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt
    '''
    P = NeuronGroup(4000, eqs, threshold='v>Vt', reset='v = Vr', refractory=5*ms,
                    method='exact')
    P.v = 'Vr + rand() * (Vt - Vr)'
    P.ge = 0*mV
    P.gi = 0*mV
    we = (60*0.27/10)*mV   # excitatory synaptic weight (voltage)
    wi = (-20*4.5/10)*mV   # inhibitory synaptic weight
    return harness.connect_ei(P, {k: v for k, v in locals().items() if not k.startswith('_')})

if __name__ == "__main__":
    harness.main("cuba", build)
