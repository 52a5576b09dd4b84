package dev.race.steg.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A crate's declarations: its name, version, and items in declaration order. Items are found by path.
 * Two crates are equal when name, version and items (in order) are equal.
 */
public final class Crate {
    private final String name;
    private final Version version;
    private final List<Item> items;
    private final Map<Path, Item> byPath;

    public Crate(String name, Version version, List<Item> items) {
        this.name = Objects.requireNonNull(name);
        this.version = Objects.requireNonNull(version);
        this.items = List.copyOf(items);
        Map<Path, Item> m = new LinkedHashMap<>();
        for (Item it : this.items) {
            if (!it.path().crate().equals(name)) {
                throw new IllegalArgumentException("item " + it.path() + " does not belong to crate " + name);
            }
            if (m.putIfAbsent(it.path(), it) != null) {
                throw new IllegalArgumentException("duplicate item " + it.path());
            }
        }
        this.byPath = Collections.unmodifiableMap(m);
    }

    public String name() {
        return name;
    }

    public Version version() {
        return version;
    }

    public List<Item> items() {
        return items;
    }

    public Optional<Item> item(Path path) {
        return Optional.ofNullable(byPath.get(path));
    }

    public Map<Path, Item> itemsByPath() {
        return byPath;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Crate c && name.equals(c.name) && version.equals(c.version) && items.equals(c.items);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, items);
    }

    @Override
    public String toString() {
        return "crate " + name + " " + version + " (" + items.size() + " items)";
    }
}
