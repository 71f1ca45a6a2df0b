package dev.nightjar.protocol.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorTextsTest {

    @Test
    void postgresValuesAreMaskedAndTheNamesOfSchemaObjectsKept() {
        assertThat(ErrorTexts.mask("invalid input syntax for type integer: \"alice@example.com\""))
                .isEqualTo("invalid input syntax for type integer: \"?\"");
        assertThat(ErrorTexts.mask("duplicate key value violates unique constraint \"users_email_key\""))
                .isEqualTo("duplicate key value violates unique constraint \"users_email_key\"");
        assertThat(ErrorTexts.mask("Key (email)=(alice@example.com) already exists."))
                .isEqualTo("Key (email)=(?) already exists.");
        assertThat(ErrorTexts.mask("relation \"orders\" does not exist")).isEqualTo("relation \"orders\" does not exist");
        assertThat(ErrorTexts.mask("column \"emial\" of relation \"users\" does not exist"))
                .isEqualTo("column \"emial\" of relation \"users\" does not exist");
        assertThat(ErrorTexts.mask("value \"99999999999\" is out of range for type integer"))
                .isEqualTo("value \"?\" is out of range for type integer");
        assertThat(ErrorTexts.mask("password authentication failed for user \"alice\""))
                .isEqualTo("password authentication failed for user \"?\"");
        assertThat(ErrorTexts.mask("value too long for type character varying(10)"))
                .isEqualTo("value too long for type character varying(?)");
    }

    @Test
    void quotedTextNumbersIdsAndAddressesAreMaskedInFreeText() {
        assertThat(ErrorTexts.mask("ERR unknown command 'alice@example.com', with args beginning with: 'x' "))
                .isEqualTo("ERR unknown command '?', with args beginning with: '?' ");
        assertThat(ErrorTexts.mask("user 8123 <bob.smith@mail.example.org> not found, balance -12.50."))
                .isEqualTo("user ? <?> not found, balance ?.");
        assertThat(ErrorTexts.mask("order 3f2b8c1e-9d4a-4b7e-8f00-1a2b3c4d5e6f expired; blob 9f86d081884c7d65 gone"))
                .isEqualTo("order ? expired; blob ? gone");
        assertThat(ErrorTexts.mask("it's 'unclosed")).as("an unclosed quote masks to the end")
                .isEqualTo("it's '?'");
        assertThat(ErrorTexts.mask("can't reach 'db1', won't retry")).isEqualTo("can't reach '?', won't retry");
        assertThat(ErrorTexts.mask("a 'b''c' d")).as("a doubled quote is inside").isEqualTo("a '?' d");
    }

    @Test
    void wordsIdentifiersAndAddressesStay() {
        String plain = "WRONGTYPE Operation against a key holding the wrong kind of value";
        assertThat(ErrorTexts.mask(plain)).isEqualTo(plain);
        assertThat(ErrorTexts.mask("backend down: retry later")).isEqualTo("backend down: retry later");
        assertThat(ErrorTexts.mask("table t1 in utf8 via 10.0.0.5 and v1.2.3"))
                .isEqualTo("table t1 in utf8 via 10.0.0.5 and v1.2.3");
        assertThat(ErrorTexts.mask("")).isEmpty();
    }

    @Test
    void maskingIsIdempotent() {
        for (String text : new String[] {"invalid input syntax for type integer: \"abc\"", "Key (id)=(42) exists",
                "ERR 'x' 12 a@b.c", "constraint \"c_1\" of 3f2b8c1e"}) {
            String once = ErrorTexts.mask(text);
            assertThat(ErrorTexts.mask(once)).as(text).isEqualTo(once);
        }
    }
}
