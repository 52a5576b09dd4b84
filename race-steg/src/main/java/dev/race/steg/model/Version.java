package dev.race.steg.model;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A semantic version {@code MAJOR.MINOR.PATCH[-PRE][+BUILD]}; build metadata is kept but ignored in ordering. */
public record Version(long major, long minor, long patch, String preRelease, String build) implements Comparable<Version> {
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-([0-9A-Za-z.-]+))?(?:\\+([0-9A-Za-z.-]+))?");

    public Version {
        Objects.requireNonNull(preRelease, "preRelease");
        Objects.requireNonNull(build, "build");
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("negative version component");
        }
    }

    public static Version of(long major, long minor, long patch) {
        return new Version(major, minor, patch, "", "");
    }

    /** Parses a semver string; throws {@link IllegalArgumentException} with the offending text. */
    public static Version parse(String text) {
        Matcher m = SEMVER.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a semantic version (expected MAJOR.MINOR.PATCH)");
        }
        try {
            return new Version(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    m.group(4) == null ? "" : m.group(4), m.group(5) == null ? "" : m.group(5));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a version component that is too large");
        }
    }

    @Override
    public int compareTo(Version o) {
        int c = Long.compare(major, o.major);
        if (c == 0) c = Long.compare(minor, o.minor);
        if (c == 0) c = Long.compare(patch, o.patch);
        if (c == 0) {
            // a pre-release sorts before the release
            if (preRelease.isEmpty() != o.preRelease.isEmpty()) {
                return preRelease.isEmpty() ? 1 : -1;
            }
            c = preRelease.compareTo(o.preRelease);
        }
        return c;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease)
                + (build.isEmpty() ? "" : "+" + build);
    }
}
