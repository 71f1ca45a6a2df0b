package dev.nightjar.sensor.collect;

import dev.nightjar.sensor.btf.BtfFormatException;
import dev.nightjar.sensor.libbpf.BpfException;
import dev.nightjar.sensor.libbpf.BpfLoadException;
import dev.nightjar.sensor.libbpf.Errno;

/** Turns a failed start into the sentence a FeatureState carries. */
public final class FailureReasons {

    private FailureReasons() {
    }

    /**
     * @param feature e.g. "drops"
     * @param tracepoint the tracepoint the feature's main program attaches to, named when the kernel lacks it
     * @param requirement what the kernel must have, e.g. "skb:kfree_skb with a drop reason (kernel 5.17+)"
     */
    public static String describe(String feature, String tracepoint, String requirement, RuntimeException failure) {
        if (failure instanceof BpfException bpf) {
            if (bpf.operation().equals("bpf_program__set_attach_target") && bpf.errno() == Errno.ESRCH) {
                return feature + " off: tracepoint '" + tracepoint + "' not found in this kernel's BTF; "
                        + feature + " need " + requirement;
            }
            if (bpf instanceof BpfLoadException load && (bpf.errno() == Errno.EPERM
                    || (bpf.errno() == Errno.EACCES && load.verifierLog().isBlank()))) {
                return feature + " off: the kernel refused to load the eBPF program (" + bpf.errorText()
                        + "); run the sensor as root, or with CAP_BPF, CAP_PERFMON and CAP_SYS_RESOURCE";
            }
            return feature + " off: " + bpf.getMessage();
        }
        if (failure instanceof BtfFormatException || failure instanceof FeatureUnavailableException) {
            return feature + " off: " + failure.getMessage();
        }
        return feature + " off: unexpected " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
