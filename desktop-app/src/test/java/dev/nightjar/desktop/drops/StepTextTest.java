package dev.nightjar.desktop.drops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepTextTest {

    @Test
    void commandsBetweenBackticksBecomeCommandPartsWithoutTheBackticks() {
        String step = "`ss -ltnp` and `ss -lunp` in the destination's network namespace; in skmem, `r` is the queue.";
        assertThat(StepText.parse(step)).containsExactly(
                new StepText.Part("ss -ltnp", true),
                new StepText.Part(" and ", false),
                new StepText.Part("ss -lunp", true),
                new StepText.Part(" in the destination's network namespace; in skmem, ", false),
                new StepText.Part("r", true),
                new StepText.Part(" is the queue.", false));
        assertThat(StepText.commands(step)).as("a lone word is not offered to copy").containsExactly("ss -ltnp", "ss -lunp");
    }

    @Test
    void everyStepOfTheCatalogueReadsWithoutBackticks() {
        for (DropReasonInfo reason : DropReasonCatalog.builtIn().entries()) {
            for (String step : reason.nextSteps()) {
                assertThat(StepText.parse(step)).as(reason.name() + ": " + step)
                        .allSatisfy(p -> assertThat(p.text()).doesNotContain("`"));
            }
        }
    }

    @Test
    void anUnpairedBacktickIsKeptAsText() {
        assertThat(StepText.parse("look at `this")).containsExactly(new StepText.Part("look at `this", false));
    }
}
