package dev.mcppol.runtime.limit;

/**
 * An admission with the time it was decided at: with server time that is the Redis clock, which
 * the caller does not otherwise learn (the decision log and tests of the window need it).
 *
 * @param atMillis the "now" the script used; the caller's time when Redis was not consulted
 */
public record RedisAdmission(Admission admission, long atMillis) {
}
