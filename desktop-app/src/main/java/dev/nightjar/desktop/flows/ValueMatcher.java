package dev.nightjar.desktop.flows;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** One value of a filter term: a glob for names, a CIDR for IPs, a number or range for ports. */
sealed interface ValueMatcher {

    boolean matches(String text);

    boolean matchesPort(int port);

    static ValueMatcher forField(FlowField field, String raw, int position) throws FilterSyntaxException {
        return switch (field) {
            case IP -> Cidr.parse(raw, position);
            case PORT -> PortRange.parse(raw, position);
            default -> known(field, Glob.of(raw), position);
        };
    }

    /** A glob that must match one of the field's known values, when it has a fixed set. */
    private static Glob known(FlowField field, Glob glob, int position) throws FilterSyntaxException {
        java.util.Optional<java.util.List<String>> known = field.knownValues();
        if (known.isEmpty() || known.get().stream().anyMatch(glob::matches)) {
            return glob;
        }
        String note = field == FlowField.PROTOCOL ? " (flows are TCP, UDP and ICMP: no layer 7 protocols yet)" : "";
        throw new FilterSyntaxException("unknown " + field.canonicalName() + " '" + glob.raw() + "'; use one of: "
                + String.join(", ", known.get()) + note, position);
    }

    /** Case-insensitive, {@code *} matches any run of characters. */
    record Glob(String raw, Pattern pattern) implements ValueMatcher {
        static Glob of(String raw) {
            StringBuilder regex = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            for (char c : raw.toCharArray()) {
                if (c == '*') {
                    regex.append(Pattern.quote(literal.toString())).append(".*");
                    literal.setLength(0);
                } else {
                    literal.append(c);
                }
            }
            regex.append(Pattern.quote(literal.toString()));
            return new Glob(raw, Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE));
        }

        @Override
        public boolean matches(String text) {
            return !text.isEmpty() && pattern.matcher(text).matches();
        }

        @Override
        public boolean matchesPort(int port) {
            return false;
        }
    }

    record PortRange(String raw, int low, int high) implements ValueMatcher {
        static PortRange parse(String raw, int position) throws FilterSyntaxException {
            String[] parts = raw.split("-", 2);
            try {
                int low = Integer.parseInt(parts[0]);
                int high = parts.length == 2 ? Integer.parseInt(parts[1]) : low;
                if (low < 0 || high > 65535 || low > high) {
                    throw new NumberFormatException();
                }
                return new PortRange(raw, low, high);
            } catch (NumberFormatException e) {
                throw new FilterSyntaxException("'" + raw + "' is not a port or port range (0-65535, e.g. 8080 or 8000-8100)", position);
            }
        }

        @Override
        public boolean matches(String text) {
            return false;
        }

        @Override
        public boolean matchesPort(int port) {
            return port >= low && port <= high;
        }
    }

    /** An address or a CIDR block, IPv4 or IPv6. */
    record Cidr(String raw, byte[] network, int prefixLength) implements ValueMatcher {
        private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

        static Cidr parse(String raw, int position) throws FilterSyntaxException {
            String[] parts = raw.split("/", 2);
            if (!IP_LITERAL.matcher(parts[0]).matches()) {
                throw new FilterSyntaxException("'" + raw + "' is not an IP address or CIDR block", position);
            }
            try {
                byte[] address = InetAddress.getByName(parts[0]).getAddress();
                int bits = address.length * 8;
                int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
                if (prefix < 0 || prefix > bits) {
                    throw new FilterSyntaxException("prefix length /" + prefix + " is out of range for " + parts[0], position);
                }
                return new Cidr(raw, address, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new FilterSyntaxException("'" + raw + "' is not an IP address or CIDR block", position);
            }
        }

        @Override
        public boolean matches(String ipText) {
            if (ipText.isEmpty() || !IP_LITERAL.matcher(ipText).matches()) {
                return false;
            }
            try {
                byte[] candidate = InetAddress.getByName(ipText).getAddress();
                if (candidate.length != network.length) {
                    return false;
                }
                int drop = network.length * 8 - prefixLength;
                return new BigInteger(1, candidate).shiftRight(drop).equals(new BigInteger(1, network).shiftRight(drop));
            } catch (UnknownHostException e) {
                return false;
            }
        }

        @Override
        public boolean matchesPort(int port) {
            return false;
        }

        @Override
        public String toString() {
            return raw.toLowerCase(Locale.ROOT);
        }
    }
}
