package dev.nightjar.desktop.drops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/DROP-REASONS.md is the built-in catalogue, rendered: this test fails when the two
 * disagree. Regenerate with {@code -Dnightjar.updateDocs=true}.
 */
class DropReasonsDocTest {

    private static final Path DOC = Path.of("../docs/DROP-REASONS.md");

    @Test
    void theDocumentedCatalogueIsTheBuiltInOne() throws IOException {
        String rendered = render(DropReasonCatalog.builtIn());
        if (Boolean.getBoolean("nightjar.updateDocs")) {
            Files.writeString(DOC, rendered, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/DROP-REASONS.md is stale: rerun this test with -Dnightjar.updateDocs=true")
                .isEqualTo(rendered);
    }

    static String render(DropReasonCatalog catalog) {
        StringBuilder md = new StringBuilder();
        md.append("# Packet drop reasons\n\n")
                .append("What the Drops view says about each reason the kernel gives for dropping a packet\n")
                .append("(`enum skb_drop_reason`), grouped as the view groups them. Written for Linux ")
                .append(catalog.referenceKernel()).append(";\n")
                .append("a reason this catalogue does not know is still shown, by its kernel name.\n")
                .append("Generated from `desktop-app/src/main/resources/dev/nightjar/desktop/drops/drop-reasons.json`\n")
                .append("by `DropReasonsDocTest`; edit the JSON, not this file.\n");
        List<DropReasonInfo> entries = catalog.entries().stream()
                .sorted(Comparator.comparing((DropReasonInfo i) -> i.category().ordinal()).thenComparing(DropReasonInfo::name))
                .toList();
        DropCategory current = null;
        for (DropReasonInfo info : entries) {
            if (info.category() != current) {
                current = info.category();
                md.append("\n## ").append(current.label()).append("\n");
            }
            md.append("\n### `").append(info.name()).append("` — ").append(info.title()).append("\n\n");
            md.append(info.explanation()).append("\n\n");
            md.append("*Severity:* ").append(info.severity().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            if (!info.severityNote().isEmpty()) {
                md.append(" — ").append(info.severityNote());
            }
            md.append('\n');
            if (info.sinceKnown()) {
                md.append("*Since:* Linux ").append(info.since()).append('\n');
            }
            if (!info.history().isEmpty()) {
                md.append("*History:* ").append(info.history()).append('\n');
            }
            list(md, "Usual causes", info.causes());
            list(md, "What to check next", info.nextSteps());
        }
        return md.toString();
    }

    private static void list(StringBuilder md, String heading, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        md.append("\n").append(heading).append(":\n");
        for (String item : items) {
            md.append("- ").append(item).append('\n');
        }
    }
}
