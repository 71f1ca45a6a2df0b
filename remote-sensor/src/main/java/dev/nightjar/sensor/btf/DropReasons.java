package dev.nightjar.sensor.btf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The running kernel's {@code enum skb_drop_reason}, read from its BTF. The
 * numbers move between kernel versions (6.18 has NOT_SPECIFIED = 2, older
 * kernels 1), so nothing here is hard-coded. Names lose the
 * {@code SKB_DROP_REASON_} prefix ({@code SKB_} for SKB_CONSUMED and
 * SKB_NOT_DROPPED_YET).
 */
public final class DropReasons {

    public static final String ENUM_NAME = "skb_drop_reason";
    private static final String PREFIX = "SKB_DROP_REASON_";
    private static final String SHORT_PREFIX = "SKB_";
    /** Reasons of other subsystems (mac80211, openvswitch, ...) carry the subsystem in the high 16 bits. */
    private static final long SUBSYSTEM_MASK = 0xffff0000L;

    private final Map<Integer, String> names;
    private final Map<String, Integer> codes;

    private DropReasons(Map<Integer, String> names, Map<String, Integer> codes) {
        this.names = names;
        this.codes = codes;
    }

    /**
     * @throws BtfFormatException when the kernel has no such enum (kernels before 5.17 have no drop reasons)
     */
    public static DropReasons fromKernel(KernelBtf btf) {
        Map<String, Long> values = btf.enumValues(ENUM_NAME).orElseThrow(() -> new BtfFormatException(
                "the kernel's BTF has no enum " + ENUM_NAME + ": drop reasons need kernel 5.17 or newer"));
        Map<Integer, String> names = new LinkedHashMap<>();
        Map<String, Integer> codes = new LinkedHashMap<>();
        values.forEach((enumerator, value) -> {
            String name = shortName(enumerator);
            if (name.equals("MAX") || name.equals("SUBSYS_MASK")) {
                return; // bounds, not reasons
            }
            int code = (int) (long) value;
            names.putIfAbsent(code, name);
            codes.putIfAbsent(name, code);
        });
        return new DropReasons(Collections.unmodifiableMap(names), Collections.unmodifiableMap(codes));
    }

    static String shortName(String enumerator) {
        if (enumerator.startsWith(PREFIX)) {
            return enumerator.substring(PREFIX.length());
        }
        if (enumerator.startsWith(SHORT_PREFIX)) {
            return enumerator.substring(SHORT_PREFIX.length());
        }
        return enumerator;
    }

    /** The reason's name on this kernel, or a descriptive placeholder for values it does not list. */
    public String name(int code) {
        String name = names.get(code);
        if (name != null) {
            return name;
        }
        long unsigned = Integer.toUnsignedLong(code);
        if ((unsigned & SUBSYSTEM_MASK) != 0) {
            return "SUBSYSTEM_" + (unsigned >>> 16) + "_REASON_" + (unsigned & 0xffff);
        }
        return "UNKNOWN_" + unsigned;
    }

    /** The value of a reason name (without prefix) on this kernel. */
    public OptionalInt code(String name) {
        Integer code = codes.get(name);
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    /** Every reason of this kernel, value to name. */
    public Map<Integer, String> all() {
        return names;
    }
}
