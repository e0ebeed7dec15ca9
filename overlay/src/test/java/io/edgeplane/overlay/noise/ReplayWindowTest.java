package io.edgeplane.overlay.noise;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The cases of wireguard-go's replay_test.go, for a 2048-bit ring (window 1984). */
class ReplayWindowTest {

    private static final long LIMIT = Protocol.REJECT_AFTER_MESSAGES;
    private static final int W = ReplayWindow.WINDOW_SIZE;

    @Test
    void acceptsEachCounterOnceInAnyOrderWithinTheWindow() {
        ReplayWindow f = new ReplayWindow();
        assertTrue(f.check(0, LIMIT));
        assertFalse(f.check(0, LIMIT));
        assertTrue(f.check(1, LIMIT));
        assertTrue(f.check(3, LIMIT));
        assertTrue(f.check(2, LIMIT));
        assertFalse(f.check(2, LIMIT));
        assertTrue(f.check(10, LIMIT));
        assertTrue(f.check(9, LIMIT));
        assertFalse(f.check(10, LIMIT));
    }

    @Test
    void dropsWhatFellOutOfTheWindow() {
        ReplayWindow f = new ReplayWindow();
        assertTrue(f.check(W + 1, LIMIT));
        assertTrue(f.check(1, LIMIT), "exactly the window size behind is still inside");
        assertFalse(f.check(0, LIMIT), "one more is outside");
        assertTrue(f.check(W + 2, LIMIT));
        assertFalse(f.check(1, LIMIT));
        assertTrue(f.check(2L * W, LIMIT));
        assertFalse(f.check(W - 1, LIMIT));
        assertTrue(f.check(W + 3, LIMIT));
    }

    @Test
    void bigJumpsClearTheRing() {
        ReplayWindow f = new ReplayWindow();
        for (long i = 0; i < ReplayWindow.TOTAL_BITS; i++) {
            assertTrue(f.check(i, LIMIT));
        }
        long far = 1_000_000;
        assertTrue(f.check(far, LIMIT));
        for (long i = far - W; i < far; i++) {
            assertTrue(f.check(i, LIMIT), "counter " + i);
        }
        for (long i = far - W; i <= far; i++) {
            assertFalse(f.check(i, LIMIT));
        }
    }

    @Test
    void refusesCountersAtTheMessageLimit() {
        ReplayWindow f = new ReplayWindow();
        assertFalse(f.check(LIMIT, LIMIT));
        assertTrue(f.check(LIMIT - 1, LIMIT));
        assertFalse(f.check(-1L, LIMIT), "2^64-1 is above the limit when compared unsigned");
    }
}
