package dev.race.link.api;

/**
 * How version numbers are weighed against structure. In both modes every import view is checked structurally
 * against its exporter. {@link #STRUCTURAL} (the default) reports a major-version mismatch that is structurally
 * compatible as a warning; {@link #STRICT} refuses it.
 */
public enum SemverMode {
    STRUCTURAL, STRICT
}
