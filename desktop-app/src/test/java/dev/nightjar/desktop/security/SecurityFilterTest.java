package dev.nightjar.desktop.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.desktop.testing.SecurityFixtures;
import dev.nightjar.desktop.textfilter.TextFilter;
import dev.nightjar.desktop.textfilter.TextFilterException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Security filter's terms on the fixture's four events, and the values it refuses. */
class SecurityFilterTest {

    private static final List<SecurityRow> ROWS = SecurityRows.of(SecurityFixtures.events(),
            id -> id.equals(SecurityFixtures.CART_CONTAINER) ? Optional.of("shop/cart-0") : Optional.empty());

    private static List<String> shown(String text) throws TextFilterException {
        TextFilter<SecurityRow> filter = SecurityFilter.parse(text, SecurityFixtures.POLICIES);
        return ROWS.stream().filter(filter::test).map(r -> r.kind() + " " + r.comm()).toList();
    }

    @Test
    void rowsNameThePodTheBinaryAndWhatHappened() {
        assertThat(ROWS).extracting(SecurityRow::pod, SecurityRow::binary, SecurityRow::what).containsExactly(
                org.assertj.core.groups.Tuple.tuple("shop/cart-0", "/usr/bin/cat", "/proc/sys/kernel/hostname"),
                org.assertj.core.groups.Tuple.tuple("shop/cart-0", "/bin/sh", "/bin/sh"),
                org.assertj.core.groups.Tuple.tuple("host", "/usr/bin/passwd", "/usr/bin/passwd euid 1000 -> 0"),
                org.assertj.core.groups.Tuple.tuple("shop/cart-0", "[cat]", "1,990 more suppressed by the rate limit"));
        assertThat(SecurityRows.of(SecurityFixtures.events(), id -> Optional.empty()).getFirst().pod())
                .as("a container the cluster does not name").isEqualTo("container c0ffeec0ffee");
    }

    @Test
    void eachTermNarrowsToTheEventsItNames() throws Exception {
        assertThat(shown("policy=sensitive-kernel-paths")).containsExactly("file-open cat", "rate-limit cat");
        assertThat(shown("pod=shop/cart-0 severity=critical")).containsExactly("file-open cat");
        assertThat(shown("pod=cart-*")).hasSize(3);
        assertThat(shown("pod=host")).containsExactly("privilege passwd");
        assertThat(shown("binary=cat")).as("the file name alone").containsExactly("file-open cat");
        assertThat(shown("binary=/bin/sh")).containsExactly("exec sh");
        assertThat(shown("path=/proc/sys/kernel/*")).containsExactly("file-open cat");
        assertThat(shown("severity=critical,warning !kind=exec")).containsExactly("file-open cat", "privilege passwd");
        assertThat(shown("hostname")).as("free text, the command lines included")
                .containsExactly("file-open cat", "exec sh");
        assertThat(shown("policy=setuid-*")).containsExactly("privilege passwd");
    }

    @Test
    void aSeverityKindOrPolicyThatDoesNotExistIsRefusedWithTheOnesThatDo() {
        assertThatThrownBy(() -> shown("severity=high"))
                .hasMessage("unknown severity 'high'; use one of: critical, warning, info");
        assertThatThrownBy(() -> shown("kind=open"))
                .hasMessageStartingWith("unknown kind 'open'; use one of: file-open, exec,");
        assertThatThrownBy(() -> shown("pod=shop/cart-0 policy=sensitive-kernel-paths,no-such-policy"))
                .isInstanceOfSatisfying(TextFilterException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("unknown policy 'no-such-policy'; use one of: "
                            + String.join(", ", SecurityFixtures.POLICIES));
                    assertThat(e.position()).as("at the bad value").isEqualTo(
                            "pod=shop/cart-0 policy=sensitive-kernel-paths,".length());
                });
        assertThatThrownBy(() -> shown("user=root")).hasMessageStartingWith("unknown field 'user'; use one of: binary,");
    }
}
