package dev.nightjar.sensor.requests;

import static dev.nightjar.sensor.requests.SeedConversations.concat;
import static dev.nightjar.sensor.requests.SeedConversations.pg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.sensor.requests.privacy.RequestMasking;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The servers' error texts in the Request events, per protocol, with masking on (the default)
 * and off (the subscription's unmask switch): the values in them masked or kept, the error
 * code and the wording kept either way.
 */
class ErrorTextMaskingTest {

    private static final String EMAIL = "alice@example.com";

    @Test
    void postgresErrorMessages() {
        Conversation failing = Conversation.tcp(1)
                .client(pg('Q', ("INSERT INTO users (email) VALUES ('" + EMAIL + "')\0").getBytes(StandardCharsets.UTF_8)))
                .server(concat(pg('E', ("SERROR\0C23505\0Mduplicate key value violates unique constraint \"users_email_key\"\0"
                        + "DKey (email)=(" + EMAIL + ") already exists.\0\0").getBytes(StandardCharsets.UTF_8)),
                        pg('Z', new byte[] {'I'})))
                .client(pg('Q', "SELECT 1 + 'x'\0".getBytes(StandardCharsets.UTF_8)))
                .server(concat(pg('E', ("SERROR\0C22P02\0Minvalid input syntax for type integer: \"" + EMAIL + "\"\0\0")
                        .getBytes(StandardCharsets.UTF_8)), pg('Z', new byte[] {'I'})));

        List<Request> masked = requests(failing, false);
        assertThat(masked).extracting(r -> r.getPostgres().getSqlstate() + " " + r.getPostgres().getErrorMessage())
                .containsExactly("23505 duplicate key value violates unique constraint \"users_email_key\"",
                        "22P02 invalid input syntax for type integer: \"?\"");
        assertThat(masked).allSatisfy(r -> assertThat(r.toString()).doesNotContain(EMAIL));

        List<Request> unmasked = requests(failing, true);
        assertThat(unmasked).extracting(r -> r.getPostgres().getErrorMessage())
                .containsExactly("duplicate key value violates unique constraint \"users_email_key\"",
                        "invalid input syntax for type integer: \"" + EMAIL + "\"");
        assertThat(unmasked.getFirst().toString()).as("DETAIL is never kept").doesNotContain("already exists");
    }

    @Test
    void redisErrorReplies() {
        Conversation failing = Conversation.tcp(1)
                .client("*2\r\n$3\r\nFOO\r\n$17\r\n" + EMAIL + "\r\n")
                .server("-ERR unknown command 'FOO', with args beginning with: '" + EMAIL + "' \r\n");

        assertThat(requests(failing, false)).extracting(r -> r.getRedis().getError())
                .containsExactly("ERR unknown command '?', with args beginning with: '?' ");
        assertThat(requests(failing, true)).extracting(r -> r.getRedis().getError())
                .containsExactly("ERR unknown command 'FOO', with args beginning with: '" + EMAIL + "' ");
    }

    @Test
    void grpcMessages() throws Exception {
        Conversation failing = SeedConversations.recordedGrpc("user 8123 <" + EMAIL + "> not found");

        assertThat(requests(failing, false)).extracting(r -> r.getHttp().getGrpcStatus() + " " + r.getHttp().getGrpcMessage())
                .containsExactly("14 user ? <?> not found");
        assertThat(requests(failing, true)).extracting(r -> r.getHttp().getGrpcMessage())
                .containsExactly("user 8123 <" + EMAIL + "> not found");
    }

    @Test
    void anEventMadeUnmaskedForOneStreamMasksLikeOneMadeMasked() throws Exception {
        Conversation failing = SeedConversations.recordedGrpc("id 42 is 'gone'");
        Request unmasked = requests(failing, true).getFirst();
        Request masked = requests(failing, false).getFirst();

        assertThat(RequestMasking.mask(unmasked)).isEqualTo(masked);
        assertThat(RequestMasking.mask(masked)).isEqualTo(masked);
    }

    /** The failing exchanges' Request events (the successes are only counted). */
    private static List<Request> requests(Conversation conversation, boolean unmask) {
        CollectedEvents events = new CollectedEvents();
        RequestAssembler assembler = new RequestAssembler(events);
        assembler.configure(Filter.newBuilder().setRequestUnmaskLiterals(unmask).build());
        conversation.feedAndClose(assembler);
        return events.requests();
    }
}
