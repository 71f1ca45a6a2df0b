package dev.nightjar.desktop.requests;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The layer-7 fields of the Requests filter, spelled as {@code hubble observe}'s flags. */
enum RequestField {
    PROTOCOL("protocol", "proto"),
    HTTP_STATUS("http-status"),
    HTTP_METHOD("http-method"),
    HTTP_PATH("http-path"),
    DNS_QUERY("dns-query"),
    DNS_RCODE("dns-rcode"),
    GRPC_STATUS("grpc-status"),
    MIN_LATENCY("min-latency");

    private final String name;
    private final String alias;

    RequestField(String name) {
        this(name, name);
    }

    RequestField(String name, String alias) {
        this.name = name;
        this.alias = alias;
    }

    String canonicalName() {
        return name;
    }

    static Optional<RequestField> byName(String typed) {
        String lower = typed.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.name.equals(lower) || f.alias.equals(lower)).findFirst();
    }

    static String allNames() {
        return Arrays.stream(values()).map(RequestField::canonicalName).collect(Collectors.joining(", "));
    }
}
