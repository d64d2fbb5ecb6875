package dev.mcppol.runtime.approval;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Approval ids: {@code apr-} and 16 base32 characters (80 random bits), so an agent that sees its own
 * id cannot guess another's, and an id is safe as a file name and a Redis key.
 */
public final class ApprovalIds {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final Pattern FORM = Pattern.compile("apr-[a-z2-7]{16}");

    private final SecureRandom random = new SecureRandom();

    public String next() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        StringBuilder b = new StringBuilder("apr-");
        for (byte x : bytes) {
            b.append(ALPHABET[(x & 0xff) % 32]);
        }
        return b.toString();
    }

    /** True for a well-formed id; anything else is refused before it reaches a path or a key. */
    public static boolean valid(String id) {
        return id != null && FORM.matcher(id).matches();
    }
}
