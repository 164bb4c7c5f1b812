package io.scamp.discovery;

/**
 * What building the actions of one record may cost, in characters: a fixed multiple of the
 * record's JSON line. A short text can stand for many actions (a v4 run {@code [100000, name]},
 * the record-wide sector and envelopes every v3 action takes), and each action is built with
 * its own strings and lists, so without a budget a record of a few kilobytes could make the
 * parser allocate gigabytes before its signature is even checked. The interop records use less
 * than a tenth of the budget. Not thread-safe: one per record.
 */
final class ActionBudget {
    /** Characters of actions allowed per character of the JSON line. */
    static final int PER_CHARACTER = 64;
    /** What one action costs beyond its texts: the entry, its strings and lists. */
    static final int PER_ACTION = 64;

    private final long limit;
    private long left;

    /**
     * @param jsonLength the length of the record's JSON line
     */
    ActionBudget(int jsonLength) {
        limit = (long) PER_CHARACTER * jsonLength;
        left = limit;
    }

    /**
     * Charges one action before it is built.
     *
     * @param characters the length of the texts it is built from (namespace, name, sector, flags,
     *     envelopes; one per envelope a v3 action shares with its record)
     * @throws IllegalArgumentException once the actions cost more than the budget
     */
    void charge(long characters) {
        left -= PER_ACTION + characters;
        if (left < 0) {
            throw new IllegalArgumentException("the actions expand past " + limit + " characters, "
                    + PER_CHARACTER + " times the JSON line");
        }
    }
}
