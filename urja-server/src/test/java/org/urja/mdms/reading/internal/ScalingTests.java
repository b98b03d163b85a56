package org.urja.mdms.reading.internal;

import java.math.BigDecimal;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.urja.mdms.reading.Channel;

import static org.assertj.core.api.Assertions.assertThat;

/** The integer scaling of the ingestion hot path rounds exactly like the BigDecimal one (half-up, away from zero). */
class ScalingTests {

    @Test
    void integerScalingEqualsBigDecimalScaling() {
        Random random = new Random(1);
        for (int i = 0; i < 200_000; i++) {
            int decimals = random.nextInt(10);
            long unscaled = random.nextInt(4) == 0 ? random.nextLong() / (1L << random.nextInt(63))
                    : random.nextInt(10_000_000) - 5_000_000;
            Channel channel = Channel.values()[random.nextInt(Channel.values().length)];
            Integer expected = ReadingIngestion.scaled(BigDecimal.valueOf(unscaled, decimals), channel);
            long actual = ReadingIngestion.scaled(unscaled, decimals, channel.scale());
            assertThat(actual).as(unscaled + "e-" + decimals + " " + channel)
                    .isEqualTo(expected == null ? Long.MIN_VALUE : expected.longValue());
        }
        assertThat(ReadingIngestion.scaled(5, 4, 1000)).isEqualTo(1);    // 0.0005 kWh = 0.5 Wh → 1
        assertThat(ReadingIngestion.scaled(-5, 4, 1000)).isEqualTo(-1);
        assertThat(ReadingIngestion.scaled(4, 4, 1000)).isZero();
        assertThat(ReadingIngestion.scaled(Long.MAX_VALUE, 0, 1000)).isEqualTo(Long.MIN_VALUE);
    }
}
