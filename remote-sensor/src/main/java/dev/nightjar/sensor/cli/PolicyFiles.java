package dev.nightjar.sensor.cli;

import dev.nightjar.sensor.security.policy.PolicyException;
import dev.nightjar.sensor.security.policy.PolicyParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --policy FILE.yaml}: read (bounded) and checked here, so a mistake is reported before connecting. */
final class PolicyFiles {

    private PolicyFiles() {
    }

    static List<String> read(List<Path> files) throws CliFailure {
        List<String> documents = new ArrayList<>();
        for (Path file : files) {
            try {
                long size = Files.size(file);
                if (size > PolicyParser.MAX_BYTES) {
                    throw new CliFailure(CliFailure.USAGE, "--policy " + file + ": " + size + " bytes; a policy may"
                            + " have at most " + PolicyParser.MAX_BYTES);
                }
                String yaml = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                PolicyParser.parse(yaml);
                documents.add(yaml);
            } catch (PolicyException e) {
                throw new CliFailure(CliFailure.USAGE, "--policy " + file + " refused: " + e.getMessage());
            } catch (IOException e) {
                throw new CliFailure(CliFailure.USAGE, "--policy " + file + ": cannot read it (" + e.getMessage() + ")");
            }
        }
        return documents;
    }
}
