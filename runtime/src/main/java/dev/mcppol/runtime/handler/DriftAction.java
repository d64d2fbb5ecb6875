package dev.mcppol.runtime.handler;

/** What {@code --on-drift} does when a live tool differs from the bundle's schema. */
public enum DriftAction {
    /** Report it on stderr and keep deciding by the policy. */
    WARN,
    /** Report it and deny every call of that tool until the bundle is recompiled against the new schema. */
    DENY
}
