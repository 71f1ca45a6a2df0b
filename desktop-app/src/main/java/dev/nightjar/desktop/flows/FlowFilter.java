package dev.nightjar.desktop.flows;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A parsed flow filter: every term must hold. Its {@link #text()} is the
 * canonical expression the user can copy, paste and edit.
 *
 * <p>Language, in the spirit of {@code hubble observe} flags:
 * <pre>
 *   ns=shop                      either side in namespace shop
 *   from-pod=shop/frontend-*     the side that connected is a frontend pod
 *   to-port=8080,8443            destination port 8080 or 8443 (ranges: 8000-8100)
 *   ip=10.0.0.0/8                either side in a CIDR (IPv4 or IPv6)
 *   proto=tcp state=ESTABLISHED node=worker-1 comm=curl
 *   verdict=DROPPED,REFUSED      how the flow went (see Verdicts)
 *   role=both                    both sockets on the node (client, server, both)
 *   from-workload=frontend       the client's workload
 *   !ns=kube-system              negation
 *   "payment timeout" redis      free text, matched against names and addresses
 * </pre>
 * A value of a field with a fixed set (proto, state, verdict, role) that matches none
 * of them, such as {@code proto=http}, is an error naming the valid ones, not an empty table.
 */
public final class FlowFilter implements Predicate<FlowRow> {

    private static final FlowFilter EVERYTHING = new FlowFilter(List.of());

    private final List<FilterTerm> terms;

    FlowFilter(List<FilterTerm> terms) {
        this.terms = List.copyOf(terms);
    }

    public static FlowFilter everything() {
        return EVERYTHING;
    }

    public static FlowFilter parse(String expression) throws FilterSyntaxException {
        return FlowFilterParser.parse(expression);
    }

    /** The filter of words already split (by another page's filter that passes flow terms on). */
    public static FlowFilter parse(List<FilterWords.Word> words) throws FilterSyntaxException {
        return FlowFilterParser.parse(words);
    }

    @Override
    public boolean test(FlowRow row) {
        for (FilterTerm term : terms) {
            if (!term.test(row)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    public String text() {
        return terms.stream().map(FilterTerm::text).collect(Collectors.joining(" "));
    }

    @Override
    public String toString() {
        return text();
    }
}
