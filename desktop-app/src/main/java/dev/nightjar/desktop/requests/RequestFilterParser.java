package dev.nightjar.desktop.requests;

import dev.nightjar.desktop.flows.FilterSyntaxException;
import dev.nightjar.desktop.flows.FilterWords;
import dev.nightjar.desktop.flows.FlowFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Reads the language described on {@link RequestFilter}; flow terms go to the Flows filter's parser. */
final class RequestFilterParser {

    /** Flow fields that describe a connection's state, which a request does not have. */
    private static final Set<String> FLOW_ONLY = Set.of("state", "verdict");
    private static final Pattern STATUS_CODE = Pattern.compile("[1-5]\\d\\d");
    private static final Pattern STATUS_CLASS = Pattern.compile("[1-5]xx", Pattern.CASE_INSENSITIVE);

    private RequestFilterParser() {
    }

    static RequestFilter parse(String expression) throws FilterSyntaxException {
        if (expression == null || expression.isBlank()) {
            return RequestFilter.everything();
        }
        List<RequestFilter.Term> terms = new ArrayList<>();
        for (FilterWords.Word word : FilterWords.split(expression)) {
            terms.add(term(word));
        }
        return new RequestFilter(terms);
    }

    private static RequestFilter.Term term(FilterWords.Word word) throws FilterSyntaxException {
        if (!word.isField()) {
            return freeText(word);
        }
        var field = RequestField.byName(word.key());
        if (field.isPresent()) {
            return fieldTerm(word, field.get());
        }
        String bare = word.key().toLowerCase(Locale.ROOT).replaceFirst("^(from-|to-)", "");
        if (FLOW_ONLY.contains(bare)) {
            throw new FilterSyntaxException("'" + bare + "' describes a connection, not a request; filter the Flows"
                    + " page by it, or use one of: " + RequestField.allNames(), word.textPosition());
        }
        FlowFilter flow;
        try {
            flow = FlowFilter.parse(List.of(word));
        } catch (FilterSyntaxException e) {
            if (e.getMessage().startsWith("unknown field")) {
                throw new FilterSyntaxException(e.getMessage() + ", " + RequestField.allNames(), e.position());
            }
            throw e;
        }
        return new RequestFilter.Term(flow.text(), row -> flow.test(row.asFlow()));
    }

    /** Free text: the Flows filter's (names, process, node), or the method, target or status. */
    private static RequestFilter.Term freeText(FilterWords.Word word) throws FilterSyntaxException {
        FilterWords.Word positive = new FilterWords.Word(word.textPosition(), false, word.quoted(), word.text());
        FlowFilter flow = FlowFilter.parse(List.of(positive));
        String lower = word.text().toLowerCase(Locale.ROOT);
        Predicate<RequestRow> hit = row -> flow.test(row.asFlow()) || contains(row.method(), lower)
                || contains(row.target(), lower) || contains(row.status(), lower);
        return new RequestFilter.Term((word.negated() ? "!" : "") + flow.text(), word.negated() ? hit.negate() : hit);
    }

    private static boolean contains(String text, String lowerNeedle) {
        return text.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }

    private static RequestFilter.Term fieldTerm(FilterWords.Word word, RequestField field) throws FilterSyntaxException {
        int position = word.textPosition() + word.key().length() + 1;
        if (word.value().isEmpty()) {
            throw new FilterSyntaxException("'" + word.key() + "=' needs a value", position);
        }
        String[] values = word.value().split(",", -1);
        if (field == RequestField.MIN_LATENCY && values.length > 1) {
            throw new FilterSyntaxException("min-latency takes one duration, e.g. min-latency=100ms", position);
        }
        Predicate<RequestRow> any = row -> false;
        for (String value : values) {
            if (value.isEmpty()) {
                throw new FilterSyntaxException("empty value in '" + word.value() + "'", position);
            }
            any = any.or(valueTest(field, value, position));
            position += value.length() + 1;
        }
        String text = (word.negated() ? "!" : "") + field.canonicalName() + "=" + word.value();
        return new RequestFilter.Term(text, word.negated() ? any.negate() : any);
    }

    private static Predicate<RequestRow> valueTest(RequestField field, String value, int position)
            throws FilterSyntaxException {
        return switch (field) {
            case PROTOCOL -> {
                Pattern p = known(field, value, AppProtocols.NAMES, position);
                yield row -> p.matcher(row.protocol()).matches();
            }
            case HTTP_STATUS -> httpStatus(value, position);
            case HTTP_METHOD -> {
                Pattern p = known(field, value, AppProtocols.HTTP_METHODS, position);
                yield row -> row.request().hasHttp() && p.matcher(row.method()).matches();
            }
            case HTTP_PATH -> {
                Pattern p = GlobPattern.of(value, false);
                yield row -> row.request().hasHttp() && p.matcher(row.target()).matches();
            }
            case DNS_QUERY -> {
                Pattern p = GlobPattern.of(stripDot(value), true);
                yield row -> row.request().hasDns() && p.matcher(stripDot(row.target())).matches();
            }
            case DNS_RCODE -> {
                Pattern p = codeOrName(field, value, AppProtocols.DNS_RCODES, position);
                yield row -> row.request().hasDns() && !row.request().getNoResponse()
                        && p.matcher(row.status()).matches();
            }
            case GRPC_STATUS -> {
                Pattern p = codeOrName(field, value, AppProtocols.GRPC_STATUSES, position);
                yield row -> row.request().hasHttp() && row.request().getHttp().getGrpc()
                        && !row.request().getNoResponse() && p.matcher(row.status()).matches();
            }
            case MIN_LATENCY -> {
                long ns = Durations.parseNs(value, position);
                yield row -> row.latencyNs() >= ns;
            }
        };
    }

    private static Predicate<RequestRow> httpStatus(String value, int position) throws FilterSyntaxException {
        if (STATUS_CODE.matcher(value).matches()) {
            int code = Integer.parseInt(value);
            return row -> row.httpStatus() == code;
        }
        if (STATUS_CLASS.matcher(value).matches()) {
            int hundreds = value.charAt(0) - '0';
            return row -> row.httpStatus() / 100 == hundreds;
        }
        throw new FilterSyntaxException("'" + value + "' is not an HTTP status: a code from 100 to 599 (500)"
                + " or a class from 1xx to 5xx (5xx)", position);
    }

    /** A number in the table's range becomes its name; a name (glob) must match one of the table. */
    private static Pattern codeOrName(RequestField field, String value, List<String> names, int position)
            throws FilterSyntaxException {
        if (value.chars().allMatch(Character::isDigit)) {
            int code = Integer.parseInt(value.length() > 3 ? "999" : value);
            if (code >= names.size()) {
                throw new FilterSyntaxException("unknown " + field.canonicalName() + " " + value + "; codes go from 0 to "
                        + (names.size() - 1) + ": " + String.join(", ", names), position);
            }
            return Pattern.compile(Pattern.quote(names.get(code)));
        }
        return known(field, value, names, position);
    }

    private static Pattern known(RequestField field, String value, List<String> names, int position)
            throws FilterSyntaxException {
        Pattern p = GlobPattern.of(value, true);
        if (names.stream().noneMatch(n -> p.matcher(n).matches())) {
            throw new FilterSyntaxException("unknown " + field.canonicalName() + " '" + value + "'; use one of: "
                    + String.join(", ", names), position);
        }
        return p;
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
