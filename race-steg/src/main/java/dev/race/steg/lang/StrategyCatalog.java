package dev.race.steg.lang;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.WeakHashMap;

/**
 * The layout strategies the .steg compiler may name ({@code #[repr(strategy = "name")]}): which names are provided
 * and in which version. The compiler checks every named strategy against it, reporting a name nobody provides at
 * the attribute that names it, and records the provided version in the crate when the source does not pin one.
 *
 * <p>{@code race-steg} knows no strategy itself: the layout solver's module ({@code race-layout}) provides the
 * catalog of the strategies on the class path through {@link ServiceLoader}
 * ({@code META-INF/services/dev.race.steg.lang.StrategyCatalog}); {@link #discover()} finds it.
 */
public interface StrategyCatalog {
    /** The version of the strategy named {@code name}, or empty when no strategy of that name is provided. */
    OptionalInt version(String name);

    /** The names provided, sorted (for messages). */
    List<String> names();

    /** How to provide a strategy that is missing (one sentence, for messages). */
    default String hint() {
        return "put the jar that provides it (a META-INF/services/dev.race.layout.LayoutStrategy entry) on the "
                + "class path, or name it in RACE_STRATEGY_PATH";
    }

    /**
     * The catalog found through {@link ServiceLoader} on the calling thread's context class loader (this interface's
     * own loader when there is none); null when no module provides one, as when race-steg is used alone. Cached per
     * class loader.
     */
    static StrategyCatalog discover() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        if (l == null) l = StrategyCatalog.class.getClassLoader();
        synchronized (Found.CACHE) {
            if (Found.CACHE.containsKey(l)) return Found.CACHE.get(l);
            StrategyCatalog c = ServiceLoader.load(StrategyCatalog.class, l).findFirst().orElse(null);
            Found.CACHE.put(l, c);
            return c;
        }
    }

    /** The catalogs found, per class loader. */
    final class Found {
        private static final Map<ClassLoader, StrategyCatalog> CACHE = new WeakHashMap<>();

        private Found() {
        }
    }
}
