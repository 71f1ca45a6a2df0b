package dev.nightjar.desktop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.app.AppInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DesktopCommandTest {

    @Test
    void versionPrintsNameAndVersion() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new DesktopCommand());
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute("--version");
        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith(AppInfo.nameAndVersion());
    }
}
