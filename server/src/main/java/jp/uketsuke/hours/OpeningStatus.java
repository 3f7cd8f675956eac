package jp.uketsuke.hours;

/**
 * Whether a tenant is answering at a moment, and if not, why: a flow says different things outside hours
 * (営業時間外), on a national holiday (本日は祝日) and on the tenant's own closed days (年末年始休業).
 */
public sealed interface OpeningStatus {

    /** The case as a name a call flow's document can branch on. */
    Kind kind();

    enum Kind { OPEN, CLOSED, HOLIDAY, CLOSED_DAY }

    /** Open now, within {@code interval}. */
    record Open(OpenInterval interval) implements OpeningStatus {
        @Override
        public Kind kind() {
            return Kind.OPEN;
        }
    }

    /** An ordinary or special day, but outside its open intervals. */
    record Closed() implements OpeningStatus {
        @Override
        public Kind kind() {
            return Kind.CLOSED;
        }
    }

    /** A national holiday (祝日, 振替休日, 国民の休日) on which the tenant closes; {@code name} is its Japanese name. */
    record Holiday(String name) implements OpeningStatus {
        @Override
        public Kind kind() {
            return Kind.HOLIDAY;
        }
    }

    /** One of the tenant's closed periods or a date it closed; {@code name} is what the tenant called it, or null. */
    record ClosedDay(String name) implements OpeningStatus {
        @Override
        public Kind kind() {
            return Kind.CLOSED_DAY;
        }
    }
}
