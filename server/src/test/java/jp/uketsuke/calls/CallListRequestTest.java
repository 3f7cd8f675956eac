package jp.uketsuke.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every parameter of the call list refuses what it cannot read, naming itself; none is read as a wider list. */
class CallListRequestTest {

    static final UUID TENANT = UUID.randomUUID();

    static CallQuery parse(String name, String value) {
        return CallListQueryTest.filter(name, value).toQuery(TENANT, "user:hanako", CallListQueryTest.CATEGORIES, 50);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiterString = " | ", value = {
            "from | 2026-13-01", "from | 2026-02-30", "from | yesterday", "from | 1999-12-31", "from | +999999999-12-31",
            "from | 2026-04-01' or '1'='1", "to | 10000-01-01", "to | 2026/04/01",
            "status | CLOSED", "status | open", "status | OPEN;DROP TABLE calls", "outcome | MISSED",
            "outcome | IN_PROGRESS' --", "category | SPAM", "category | inquiry",
            "blocked | maybe", "blocked | 1", "mine | yes please", "caller | not a number",
            "caller | 090-1234-5678' or 1=1 --", "caller | 0901234567809012345678090123456780901", "cursor | abc",
            "cursor | ' union select * from users --", "callerRef | abc",
            "callerRef | 0000000000000000000000000000000000000000000000000000000000000000 or 1=1 --",
            "callerRef | ABCDEF0000000000000000000000000000000000000000000000000000000000",
            "callerRef | 09012345678", "callerRef | g000000000000000000000000000000000000000000000000000000000000000"})
    void aValueThatCannotBeReadIsRefusedNamingItsParameter(String name, String value) {
        assertThatThrownBy(() -> parse(name, value)).isInstanceOf(InvalidCallQueryException.class)
                .extracting(e -> ((InvalidCallQueryException) e).field()).isEqualTo(name);
    }

    @Test
    void aReversedPeriodAnOverlongTagAndControlCharactersAreRefused() {
        assertThatThrownBy(() -> new CallListRequest("2026-04-02", "2026-04-01", null, null, null, null, null, null, null, null, null)
                .toQuery(TENANT, "user:hanako", CallListQueryTest.CATEGORIES, 50))
                .isInstanceOf(InvalidCallQueryException.class).extracting(e -> ((InvalidCallQueryException) e).field())
                .isEqualTo("to");
        assertThatThrownBy(() -> parse("tag", "x".repeat(41))).isInstanceOf(InvalidCallQueryException.class);
        assertThatThrownBy(() -> parse("tag", "VIP\u0000")).isInstanceOf(InvalidCallQueryException.class);
        assertThatThrownBy(() -> parse("tag", "VIP\u202e")).isInstanceOf(InvalidCallQueryException.class);
        assertThatThrownBy(() -> parse("caller", "0".repeat(41))).isInstanceOf(InvalidCallQueryException.class);
    }

    @Test
    void aCallerIsGivenByNumberOrByReferenceNeverBoth() {
        String reference = "0123456789abcdef".repeat(4);
        assertThat(parse("callerRef", reference).callerRef()).isEqualTo(reference);
        assertThat(parse("callerRef", reference).searchesCaller()).isTrue();
        assertThat(parse("caller", "09012345678").searchesCaller()).isTrue();
        assertThat(parse("tag", "VIP").searchesCaller()).isFalse();
        assertThatThrownBy(() -> new CallListRequest(null, null, null, null, null, null, null, null, "09012345678",
                reference, null).toQuery(TENANT, "user:hanako", CallListQueryTest.CATEGORIES, 50))
                .isInstanceOf(InvalidCallQueryException.class).extracting(e -> ((InvalidCallQueryException) e).field())
                .isEqualTo("callerRef");
        // a reference in place of the number: the next page and the live reload keep it, without the number
        CallListRequest byReference = CallListQueryTest.filter("caller", "090-1234-5678").withCallerRef(reference);
        assertThat(byReference.caller()).isNull();
        assertThat(byReference.withCursor("x").callerRef()).isEqualTo(reference);
    }

    @Test
    void daysAreJapanDaysAndTheLastDayIsIncluded() {
        CallQuery q = new CallListRequest("2026-04-01", "2026-04-01", null, null, null, null, null, null, null, null, null)
                .toQuery(TENANT, "user:hanako", CallListQueryTest.CATEGORIES, 50);

        assertThat(q.from()).isEqualTo(Instant.parse("2026-03-31T15:00:00Z"));
        assertThat(q.to()).isEqualTo(Instant.parse("2026-04-01T15:00:00Z"));
    }

    @Test
    void sqlMetacharactersInATagAreAValueLikeAnyOther() {
        assertThat(parse("tag", "'; drop table calls; --").tag()).isEqualTo("'; drop table calls; --");
        assertThat(parse("mine", "on").assignee()).isEqualTo("user:hanako");
        assertThat(parse("caller", "０９０－１２３４－５６７８").caller()).isEqualTo("09012345678");
        assertThat(parse("blocked", "only").blocked()).isEqualTo(CallQuery.Blocked.ONLY);
    }
}
