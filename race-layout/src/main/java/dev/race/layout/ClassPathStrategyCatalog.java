package dev.race.layout;

import dev.race.steg.lang.StrategyCatalog;

import java.util.List;
import java.util.OptionalInt;

/**
 * The .steg compiler's view of {@link LayoutStrategies#current()}: registered in
 * {@code META-INF/services/dev.race.steg.lang.StrategyCatalog}, so that compiling a .steg where race-layout is on
 * the class path checks every {@code #[repr(strategy = "name")]} against the strategies a link would use and
 * records their versions. Looks the strategies up at each call (the context class loader may change).
 */
public final class ClassPathStrategyCatalog implements StrategyCatalog {
    @Override
    public OptionalInt version(String name) {
        LayoutStrategies s = strategies();
        LayoutStrategy found;
        try {
            found = s == null ? null : s.get(name);
        } catch (LayoutException e) {
            // two providers of the name: the solver reports them by name when the struct is laid out
            return OptionalInt.of(0);
        }
        return found == null ? OptionalInt.empty() : OptionalInt.of(found.version());
    }

    @Override
    public List<String> names() {
        LayoutStrategies s = strategies();
        return s == null ? List.of() : s.names();
    }

    @Override
    public String hint() {
        LayoutStrategies s = strategies();
        return s == null ? LayoutStrategies.hint() : s.remedy();
    }

    private static LayoutStrategies strategies() {
        try {
            return LayoutStrategies.current();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
