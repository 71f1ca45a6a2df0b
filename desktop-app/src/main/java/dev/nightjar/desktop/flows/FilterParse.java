package dev.nightjar.desktop.flows;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The outcome of parsing what the user typed into a filter box: the filter, or what is
 * wrong and where ("unknown field 'x'; use one of: … (at character 4)"). Pages keep their
 * last valid filter while the user is mid-edit, so an error carries no filter.
 *
 * @param <F> the page's filter (FlowFilter, RequestFilter)
 */
public record FilterParse<F>(Optional<F> filter, String error) {

    /** A filter language's parser. */
    @FunctionalInterface
    public interface Parser<F> {
        F parse(String text) throws FilterSyntaxException;
    }

    /** Tells {@code error} what is wrong ("" when nothing), and {@code valid} the filter when it parsed. */
    public void apply(Consumer<String> error, Consumer<F> valid) {
        error.accept(this.error);
        filter.ifPresent(valid);
    }

    public static <F> FilterParse<F> of(String text, Parser<F> parser) {
        try {
            return new FilterParse<>(Optional.of(parser.parse(text)), "");
        } catch (FilterSyntaxException e) {
            return new FilterParse<>(Optional.empty(), e.getMessage() + " (at character " + (e.position() + 1) + ")");
        }
    }
}
