package dev.nightjar.sensor.cli;

import dev.nightjar.protocol.v1.FoldedStack;
import dev.nightjar.protocol.v1.StackSamples;
import java.util.StringJoiner;

/** A folded stack as text: frame names root first, joined by ';' (the flame graph tools' format). */
final class StackText {

    private StackText() {
    }

    static String folded(StackSamples samples, FoldedStack stack) {
        StringJoiner text = new StringJoiner(";");
        for (int index : stack.getFramesList()) {
            // An index outside the table is a sensor bug; show it rather than fail the whole line.
            text.add(index < samples.getFramesCount() ? samples.getFrames(index).getName().replace(';', ':')
                    : "[bad frame #" + index + "]");
        }
        return text.toString();
    }
}
