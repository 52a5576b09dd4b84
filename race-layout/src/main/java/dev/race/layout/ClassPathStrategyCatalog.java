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
        LayoutStrategy found = s == null ? null : s.get(name);
        return found == null ? OptionalInt.empty() : OptionalInt.of(found.version());
    }

    @Override
    public List<String> names() {
        LayoutStrategies s = strategies();
        return s == null ? List.of() : s.names();
    }

    @Override
    public String hint() {
        try {
            LayoutStrategies.current();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return LayoutStrategies.hint();
    }

    private static LayoutStrategies strategies() {
        try {
            return LayoutStrategies.current();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
