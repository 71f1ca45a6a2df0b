package dev.nightjar.sensor.requests.postgres;

import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.PostgresRequest;
import dev.nightjar.sensor.requests.parse.Bytes;
import dev.nightjar.sensor.requests.parse.ConnectionParser;
import dev.nightjar.sensor.requests.parse.Exchange;
import dev.nightjar.sensor.requests.parse.ExchangeSink;
import dev.nightjar.sensor.requests.parse.ParseCounters;
import dev.nightjar.sensor.requests.parse.PendingExpiry;
import dev.nightjar.sensor.requests.privacy.SqlLiterals;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PostgreSQL's frontend/backend protocol 3 on one connection. An exchange is one cycle that
 * ends with ReadyForQuery: a simple Query, or the extended protocol's Parse/Bind/Execute up to
 * Sync. Kept: the statement (truncated), the last CommandComplete tag, the first ErrorResponse's
 * SQLSTATE and message. Message bodies are read only for those types, at most
 * {@link PgMessageReader#MAX_BODY} bytes each; the rest (rows, COPY data) is skipped by length.
 */
public final class PostgresParser implements ConnectionParser {

    static final int PROTOCOL_3 = 196608;
    static final int SSL_REQUEST = 80877103;
    static final int GSSENC_REQUEST = 80877104;
    static final int CANCEL_REQUEST = 80877102;
    static final int MAX_PENDING = 256;
    static final int MAX_PREPARED = 64;
    static final int MAX_MESSAGE_CHARS = 256;

    private final ParseCounters counters;
    private final PgMessageReader frontend;
    private final PgMessageReader backend;
    private final ArrayDeque<Cycle> pending = new ArrayDeque<>();
    /** Named prepared statements' text, so a Bind of one parsed earlier has its statement. */
    private final Map<String, String> prepared = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_PREPARED;
        }
    };
    private Cycle building;
    private boolean startupCycle;
    private boolean expectSslAnswer;
    private boolean encrypted;
    private final String joinedIncomplete;

    /** One query cycle from its first frontend message to ReadyForQuery. */
    private static final class Cycle {
        final long startNs;
        String statement = "";
        boolean extended;
        long requestBytes;
        long responseBytes;
        String tag = "";
        String sqlstate = "";
        String error = "";
        final String incomplete;

        Cycle(long startNs, String incomplete) {
            this.startNs = startNs;
            this.incomplete = incomplete;
        }
    }

    public PostgresParser(ParseCounters counters, boolean fromStart) {
        this.counters = counters;
        this.frontend = new PgMessageReader(fromStart, counters);
        this.backend = new PgMessageReader(false, counters);
        this.startupCycle = fromStart;
        this.joinedIncomplete = fromStart ? "" : "joined mid-stream: the startup was not seen";
    }

    /**
     * A StartupMessage, SSLRequest, GSSENCRequest or CancelRequest: the first thing a client
     * sends (maybe followed by more, when its first calls were joined).
     */
    public static boolean looksLikeStartup(byte[] data) {
        if (data.length < 8) {
            return false;
        }
        int length = Bytes.int32(data, 0);
        int code = Bytes.int32(data, 4);
        return length >= 8 && length <= Math.min(data.length, 10_000)
                && (code == PROTOCOL_3 || code == SSL_REQUEST || code == GSSENC_REQUEST || code == CANCEL_REQUEST);
    }

    /** A simple Query or a Parse as one whole call: a connection joined after its startup. */
    public static boolean looksLikeQuery(byte[] data) {
        if (data.length < 6 || (data[0] != 'Q' && data[0] != 'P')) {
            return false;
        }
        int length = Bytes.int32(data, 1);
        return length >= 5 && length + 1 <= data.length && data[length] == 0;
    }

    @Override
    public void data(boolean fromClient, byte[] data, long callBytes, long timestampNs, ExchangeSink out) {
        if (encrypted) {
            counters.unparsedBytes(callBytes);
            return;
        }
        if (!fromClient && expectSslAnswer && data.length > 0) {
            expectSslAnswer = false;
            if (data[0] == 'S' || data[0] == 'G') {
                encrypted = true; // TLS or GSS follows: only a TLS library's uprobes see its plaintext
                counters.unparsedBytes(callBytes - 1);
                return;
            }
            byte[] rest = java.util.Arrays.copyOfRange(data, 1, data.length);
            data(false, rest, callBytes - 1, timestampNs, out);
            return;
        }
        if (fromClient) {
            frontend.read(data, callBytes, timestampNs, (type, body, length, total) -> frontendMessage(type, body, length, total, timestampNs));
        } else {
            backend.read(data, callBytes, timestampNs, (type, body, length, total) -> backendMessage(type, body, length, total, timestampNs, out));
        }
    }

    private void frontendMessage(int type, byte[] body, int length, long total, long ts) {
        if (type == PgMessageReader.STARTUP) {
            int code = length >= 4 ? Bytes.int32(body, 0) : 0;
            if (code == SSL_REQUEST || code == GSSENC_REQUEST) {
                expectSslAnswer = true;
            }
            startupCycle = code == PROTOCOL_3;
            return;
        }
        if (type == 'X' || type == 'p' || type == 'd' || type == 'c' || type == 'f') {
            return; // terminate, password (never read), COPY data
        }
        if (building == null) {
            building = new Cycle(ts, pending.isEmpty() && !startupCycle ? joinedIncomplete : "");
        }
        building.requestBytes += total;
        switch (type) {
            case 'Q' -> {
                building.statement = SqlLiterals.truncate(cString(body, 0, length));
                close();
            }
            case 'P' -> {
                int nameEnd = indexOfZero(body, 0, length);
                String name = cString(body, 0, length);
                String statement = SqlLiterals.truncate(cString(body, nameEnd + 1, length));
                building.extended = true;
                building.statement = statement;
                if (!name.isEmpty()) {
                    prepared.put(name, statement);
                }
            }
            case 'B' -> {
                building.extended = true;
                int portalEnd = indexOfZero(body, 0, length);
                String statementName = cString(body, portalEnd + 1, length);
                if (building.statement.isEmpty()) {
                    building.statement = prepared.getOrDefault(statementName, "");
                }
            }
            case 'S' -> close();
            default -> building.extended |= type == 'E' || type == 'D';
        }
    }

    private void close() {
        if (pending.size() == MAX_PENDING) {
            pending.pollFirst();
            counters.unmatchedResponse();
        }
        pending.addLast(building);
        building = null;
    }

    private void backendMessage(int type, byte[] body, int length, long total, long ts, ExchangeSink out) {
        Cycle head = pending.peekFirst();
        if (head != null) {
            head.responseBytes += total;
        }
        switch (type) {
            case 'C' -> {
                if (head != null) {
                    head.tag = cString(body, 0, length);
                }
            }
            case 'E' -> {
                if (head != null && head.sqlstate.isEmpty()) {
                    readError(head, body, length);
                }
            }
            case 'Z' -> {
                if (startupCycle) {
                    startupCycle = false; // authentication finished: not a query
                    return;
                }
                Cycle done = pending.pollFirst();
                if (done == null) {
                    counters.unmatchedResponse();
                    return;
                }
                out.exchange(exchange(done, ts, false));
            }
            default -> {
                // rows, descriptions, parameter status: counted in the sizes only
            }
        }
    }

    private static void readError(Cycle cycle, byte[] body, int length) {
        int i = 0;
        while (i < length && body[i] != 0) {
            int field = body[i];
            int end = indexOfZero(body, i + 1, length);
            String value = new String(body, i + 1, end - i - 1, StandardCharsets.UTF_8);
            if (field == 'C') {
                cycle.sqlstate = value;
            } else if (field == 'M') {
                cycle.error = value.length() > MAX_MESSAGE_CHARS ? value.substring(0, MAX_MESSAGE_CHARS - 1) + "…" : value;
            }
            i = end + 1;
        }
    }

    private Exchange exchange(Cycle c, long endNs, boolean noResponse) {
        boolean failed = !c.sqlstate.isEmpty();
        PostgresRequest detail = PostgresRequest.newBuilder().setStatement(c.statement).setExtendedProtocol(c.extended)
                .setCommandTag(c.tag).setSqlstate(c.sqlstate).setErrorMessage(c.error).build();
        return new Exchange(AppProtocol.APP_PROTOCOL_POSTGRES, c.startNs, noResponse ? 0 : endNs, c.requestBytes,
                c.responseBytes, failed, noResponse, c.incomplete, detail);
    }

    private static int indexOfZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return to;
    }

    private static String cString(byte[] b, int from, int to) {
        if (from >= to) {
            return "";
        }
        return new String(b, from, indexOfZero(b, from, to) - from, StandardCharsets.UTF_8);
    }

    @Override
    public void expire(long nowNs, long timeoutNs, ExchangeSink out) {
        PendingExpiry.expire(pending.iterator(), c -> c.startNs, nowNs, timeoutNs, c -> out.exchange(exchange(c, 0, true)));
    }
}
