package dev.nightjar.desktop.syscalls;

import dev.nightjar.desktop.textfilter.TextFilter;
import dev.nightjar.desktop.textfilter.TextFilterException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Syscalls page's filter (language: {@link TextFilter}). Fields: syscall, comm, pid,
 * pod (the timeline group: "ns/pod", a container or the host), node, errno, target; free
 * text matches all of them.
 */
public final class SyscallFilter {

    private static final TextFilter.Fields<SyscallRow> FIELDS = fields();

    private SyscallFilter() {
    }

    private static TextFilter.Fields<SyscallRow> fields() {
        Map<String, Function<SyscallRow, List<String>>> byName = new LinkedHashMap<>();
        byName.put("syscall", r -> List.of(r.syscall()));
        byName.put("comm", r -> List.of(r.comm()));
        byName.put("pid", r -> List.of(Integer.toString(r.pid())));
        byName.put("pod", r -> List.of(r.group()));
        byName.put("node", r -> List.of(r.node()));
        byName.put("errno", r -> List.of(r.errno()));
        byName.put("target", r -> List.of(r.target()));
        return new TextFilter.Fields<>(Map.copyOf(byName), SyscallRow::texts);
    }

    public static TextFilter<SyscallRow> everything() {
        return TextFilter.everything(FIELDS);
    }

    public static TextFilter<SyscallRow> parse(String text) throws TextFilterException {
        return TextFilter.parse(text, FIELDS);
    }
}
