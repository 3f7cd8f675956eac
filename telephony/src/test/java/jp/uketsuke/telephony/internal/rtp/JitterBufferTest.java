package jp.uketsuke.telephony.internal.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitterBufferTest {

    private static byte[] p(int n) {
        return new byte[] {(byte) n};
    }

    @Test
    void reorderedPacketsComeOutInSequence() {
        JitterBuffer buffer = new JitterBuffer(2, 8);
        buffer.offer(11, p(11));
        buffer.offer(10, p(10));
        buffer.offer(12, p(12));
        assertThat(buffer.poll()).containsExactly(10);
        assertThat(buffer.poll()).containsExactly(11);
        assertThat(buffer.poll()).containsExactly(12);
    }

    @Test
    void duplicatesAndLatePacketsAreRefused() {
        JitterBuffer buffer = new JitterBuffer(1, 8);
        assertThat(buffer.offer(5, p(5))).isEqualTo(JitterBuffer.Verdict.ACCEPTED);
        assertThat(buffer.offer(5, p(5))).isEqualTo(JitterBuffer.Verdict.DUPLICATE);
        buffer.poll();
        assertThat(buffer.offer(5, p(5))).isEqualTo(JitterBuffer.Verdict.LATE);
        assertThat(buffer.offer(4, p(4))).isEqualTo(JitterBuffer.Verdict.LATE);
    }

    @Test
    void sequenceWrapAroundKeepsOrder() {
        JitterBuffer buffer = new JitterBuffer(2, 8);
        buffer.offer(65535, p(1));
        buffer.offer(0, p(2));
        buffer.offer(1, p(3));
        assertThat(buffer.poll()).containsExactly(1);
        assertThat(buffer.poll()).containsExactly(2);
        assertThat(buffer.poll()).containsExactly(3);
    }

    @Test
    void aLostPacketIsSkippedOnceItsSlotHasPassed() {
        JitterBuffer buffer = new JitterBuffer(2, 8);
        buffer.offer(1, p(1));
        buffer.offer(2, p(2));
        assertThat(buffer.poll()).containsExactly(1);
        assertThat(buffer.poll()).containsExactly(2);
        buffer.offer(4, p(4));
        assertThat(buffer.poll()).as("waiting for 3").isNull();
        assertThat(buffer.offer(3, p(3))).isEqualTo(JitterBuffer.Verdict.LATE);
        assertThat(buffer.poll()).containsExactly(4);
    }

    @Test
    void aFloodIsBoundedByCapacity() {
        JitterBuffer buffer = new JitterBuffer(2, 4);
        int overflow = 0;
        for (int i = 0; i < 10; i++) {
            if (buffer.offer(i, p(i)) == JitterBuffer.Verdict.OVERFLOW) {
                overflow++;
            }
        }
        assertThat(overflow).isEqualTo(6);
        assertThat(buffer.poll()).containsExactly(6);
    }
}
