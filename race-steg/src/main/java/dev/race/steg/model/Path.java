package dev.race.steg.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The identity of an item: its crate name followed by module and item names, e.g. {@code engine::math::Vec3}.
 * Identities are paths, never indices, so that two separately compiled views of one crate agree on them.
 * A value class (equal segments, equal paths), written out rather than as a record to cache its hash.
 */
public final class Path implements Comparable<Path> {
    private final List<String> segments;
    /** Paths are hash keys everywhere in a link (items, layouts, queries): the hash is computed once. */
    private final int hash;

    public Path(List<String> segments) {
        Objects.requireNonNull(segments, "segments");
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a path has at least one segment");
        }
        this.segments = List.copyOf(segments);
        this.hash = this.segments.hashCode();
    }

    public List<String> segments() {
        return segments;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Path p && hash == p.hash && segments.equals(p.segments);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    public static Path of(String... segments) {
        return new Path(Arrays.asList(segments));
    }

    /** Parses {@code a::b::c}. */
    public static Path parse(String text) {
        return new Path(Arrays.asList(text.split("::", -1)));
    }

    /** The crate this path belongs to: its first segment. */
    public String crate() {
        return segments.get(0);
    }

    /** The last segment: the item's own name. */
    public String name() {
        return segments.get(segments.size() - 1);
    }

    public Path child(String segment) {
        List<String> s = new ArrayList<>(segments.size() + 1);
        s.addAll(segments);
        s.add(segment);
        return new Path(s);
    }

    /** The enclosing module (or crate) path; the crate root has no parent. */
    public Path parent() {
        if (segments.size() == 1) {
            throw new IllegalStateException("the crate root " + this + " has no parent");
        }
        return new Path(segments.subList(0, segments.size() - 1));
    }

    public int size() {
        return segments.size();
    }

    @Override
    public int compareTo(Path o) {
        int n = Math.min(segments.size(), o.segments.size());
        for (int i = 0; i < n; i++) {
            int c = segments.get(i).compareTo(o.segments.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(segments.size(), o.segments.size());
    }

    @Override
    public String toString() {
        return String.join("::", segments);
    }
}
