package dev.nightjar.sensor.requests;

import dev.nightjar.protocol.v1.DnsRequest;
import dev.nightjar.protocol.v1.HttpRequest;
import dev.nightjar.protocol.v1.PostgresRequest;
import dev.nightjar.protocol.v1.RedisRequest;
import dev.nightjar.sensor.requests.http2.GrpcStatusNames;
import dev.nightjar.sensor.requests.parse.Exchange;
import dev.nightjar.sensor.requests.privacy.HttpPaths;
import java.util.Locale;

/**
 * The method, route and status class an exchange is counted under in RequestStats
 * (see the proto): few distinct values per service, and never a literal.
 */
public record ExchangeLabels(String method, String route, String statusClass) {

    private static final String[] STATUS_CLASSES = {"0xx", "1xx", "2xx", "3xx", "4xx", "5xx", "6xx", "7xx", "8xx", "9xx"};

    public static ExchangeLabels of(Exchange e) {
        return switch (e.detail()) {
            case HttpRequest http when http.getGrpc() -> new ExchangeLabels(http.getMethod(),
                    HttpPaths.route(http.getPath()),
                    e.noResponse() ? "none" : GrpcStatusNames.name(http.getGrpcStatus()));
            case HttpRequest http -> new ExchangeLabels(http.getMethod(), HttpPaths.route(http.getPath()),
                    e.noResponse() || http.getStatus() == 0 ? "none" : httpStatusClass(http.getStatus()));
            case DnsRequest dns -> new ExchangeLabels(dns.getQueryTypeName(), dns.getQueryName(),
                    e.noResponse() ? "none" : dns.getRcodeName());
            case PostgresRequest pg -> new ExchangeLabels(sqlCommand(pg.getStatement()), "",
                    e.noResponse() ? "none" : pg.getSqlstate().length() >= 2 ? pg.getSqlstate().substring(0, 2)
                            : e.error() ? "error" : "ok");
            case RedisRequest redis -> new ExchangeLabels(redis.getCommand(), "",
                    e.noResponse() ? "none" : e.error() ? "error" : "ok");
            default -> new ExchangeLabels("", "", e.noResponse() ? "none" : e.error() ? "error" : "ok");
        };
    }

    /** "2xx" for 200 to 299, and so on: one string per class, not one made per exchange. */
    static String httpStatusClass(int status) {
        int hundreds = status / 100;
        return hundreds >= 0 && hundreds < STATUS_CLASSES.length ? STATUS_CLASSES[hundreds] : hundreds + "xx";
    }

    /** The statement's first keyword, upper case ("SELECT"); "" for none. */
    static String sqlCommand(String statement) {
        int i = 0;
        while (i < statement.length() && !Character.isLetter(statement.charAt(i))) {
            i++;
        }
        int end = i;
        while (end < statement.length() && Character.isLetter(statement.charAt(end)) && end - i < 16) {
            end++;
        }
        return statement.substring(i, end).toUpperCase(Locale.ROOT);
    }
}
