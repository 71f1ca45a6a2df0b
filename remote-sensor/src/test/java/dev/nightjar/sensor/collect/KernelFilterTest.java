package dev.nightjar.sensor.collect;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.protocol.v1.Filter;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class KernelFilterTest {

    @Test
    void aFilterTheKernelMapsCannotHoldIsRefusedWithTheLimit() {
        Filter tooMany = Filter.newBuilder()
                .addAllCgroupIds(LongStream.rangeClosed(1, KernelFilter.MAX_VALUES + 1).boxed().toList()).build();
        assertThatThrownBy(() -> KernelFilter.validate(tooMany))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1024 cgroup ids");
        assertThatThrownBy(() -> KernelFilter.validate(Filter.newBuilder().addPorts(70_000).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000").hasMessageContaining("1-65535");
        assertThatThrownBy(() -> KernelFilter.validate(Filter.newBuilder().addPorts(0).build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> KernelFilter.validate(Filter.newBuilder().addPorts(443).addPids(1).build()))
                .doesNotThrowAnyException();
    }
}
