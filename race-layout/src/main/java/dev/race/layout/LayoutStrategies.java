package dev.race.layout;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The layout strategies a solver can use, by name: the built-in "c", "race" and "transparent", and whatever
 * {@link ServiceLoader} finds for {@link LayoutStrategy} on a class loader (a strategy jar on the class path). A
 * provider cannot replace a built-in strategy; when two providers give the same name, using that name is an
 * error naming both. Immutable.
 *
 * <p>{@link #current()} is what a {@link LayoutSolver} (and the .steg compiler, through
 * {@link ClassPathStrategyCatalog}) uses unless given a registry: the calling thread's context class loader,
 * extended by the jars and directories of the system property {@code race.strategy.path} or, when that is unset,
 * the environment variable {@code RACE_STRATEGY_PATH} (entries separated by the platform's path separator,
 * {@code :} on Linux).
 */
public final class LayoutStrategies {
    /** The system property naming strategy jars; it wins over {@link #PATH_VARIABLE}. */
    public static final String PATH_PROPERTY = "race.strategy.path";
    /** The environment variable naming strategy jars. */
    public static final String PATH_VARIABLE = "RACE_STRATEGY_PATH";

    /** The names of the built-in strategies, which no provider replaces. */
    public static final List<String> BUILT_IN = List.of("c", "race", "transparent");

    private static final Map<ClassLoader, LayoutStrategies> BY_LOADER = new java.util.WeakHashMap<>();
    private static final Map<String, ClassLoader> PATH_LOADERS = new HashMap<>();

    private final Map<String, LayoutStrategy> byName;
    /** Names two providers give: name to the provider classes. */
    private final Map<String, List<String>> conflicts;
    private final String origin;
    /** Why the strategy path could not be used (an entry that does not exist), or null. */
    private final String problem;

    private LayoutStrategies(Map<String, LayoutStrategy> byName, Map<String, List<String>> conflicts, String origin,
                             String problem) {
        this.byName = Collections.unmodifiableMap(new TreeMap<>(byName));
        this.conflicts = Map.copyOf(conflicts);
        this.origin = origin;
        this.problem = problem;
    }

    /** The built-in strategies and the given ones (a given one cannot replace a built-in). */
    public static LayoutStrategies of(List<? extends LayoutStrategy> strategies) {
        Builder b = new Builder();
        strategies.forEach(b::add);
        return b.build("the given strategies");
    }

    /**
     * The built-in strategies and those {@link ServiceLoader} finds on {@code loader}, cached per loader. A provider
     * that cannot be loaded is an {@link IllegalArgumentException} naming it.
     */
    public static LayoutStrategies load(ClassLoader loader) {
        synchronized (BY_LOADER) {
            LayoutStrategies s = BY_LOADER.get(loader);
            if (s == null) {
                Builder b = new Builder();
                try {
                    for (LayoutStrategy found : ServiceLoader.load(LayoutStrategy.class, loader)) {
                        b.add(found);
                    }
                } catch (ServiceConfigurationError e) {
                    throw new IllegalArgumentException("cannot load a layout strategy from the class path: "
                            + e.getMessage());
                }
                s = b.build("the class path");
                BY_LOADER.put(loader, s);
            }
            return s;
        }
    }

    /**
     * The strategies of the calling thread's context class loader (or this class's loader), extended by
     * {@code race.strategy.path} / {@code RACE_STRATEGY_PATH}. When a path entry does not exist, the path is not
     * used and {@link #remedy()} names the entry: a link that needs no strategy from it is not disturbed, one that
     * does is told why the strategy is missing. Throws {@link IllegalArgumentException} only when a provider on
     * the class path cannot be loaded.
     */
    public static LayoutStrategies current() {
        ClassLoader base = Thread.currentThread().getContextClassLoader();
        if (base == null) base = LayoutStrategies.class.getClassLoader();
        String path = System.getProperty(PATH_PROPERTY);
        String from = PATH_PROPERTY;
        if (path == null) {
            path = System.getenv(PATH_VARIABLE);
            from = PATH_VARIABLE;
        }
        if (path == null || path.isBlank()) return load(base);
        ClassLoader withPath;
        try {
            withPath = pathLoader(base, path, from);
        } catch (IllegalArgumentException e) {
            LayoutStrategies s = load(base);
            return new LayoutStrategies(s.byName, s.conflicts, s.origin, e.getMessage());
        }
        return load(withPath);
    }

    private static ClassLoader pathLoader(ClassLoader parent, String path, String from) {
        String key = System.identityHashCode(parent) + "\0" + path;
        synchronized (PATH_LOADERS) {
            ClassLoader l = PATH_LOADERS.get(key);
            if (l != null) return l;
            List<URL> urls = new ArrayList<>();
            for (String entry : path.split(File.pathSeparator)) {
                if (entry.isEmpty()) continue;
                Path p = Path.of(entry);
                if (!Files.exists(p)) {
                    throw new IllegalArgumentException(from + ": " + entry + ": no such file (expected a layout "
                            + "strategy jar or a directory of classes)");
                }
                try {
                    urls.add(p.toAbsolutePath().toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalArgumentException(from + ": " + entry + ": " + e.getMessage());
                }
            }
            l = new URLClassLoader("race-strategy-path", urls.toArray(URL[]::new), parent);
            PATH_LOADERS.put(key, l);
            return l;
        }
    }

    /** The strategy named {@code name}, or null when none is provided; a name two providers give is a LayoutException. */
    public LayoutStrategy get(String name) {
        List<String> both = conflicts.get(name);
        if (both != null) {
            throw new LayoutException(null, "two providers on " + origin + " give layout strategy `" + name + "`: "
                    + String.join(" and ", both) + "; keep only one of their jars");
        }
        return byName.get(name);
    }

    /** The names provided, sorted. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** {@link #hint()}, after the reason the strategy path could not be used when there is one. */
    public String remedy() {
        return problem == null ? hint() : problem + "; " + hint();
    }

    /** Where a missing strategy would come from, for messages. */
    public static String hint() {
        return "put the jar that provides it (a META-INF/services/dev.race.layout.LayoutStrategy entry) on the class "
                + "path, or name it in " + PATH_VARIABLE + " (docs/layout.md, \"Writing a layout strategy\")";
    }

    private static final class Builder {
        final Map<String, LayoutStrategy> byName = new LinkedHashMap<>();
        final Map<String, List<String>> conflicts = new HashMap<>();

        Builder() {
            for (LayoutStrategy s : List.of(new CStrategy(), new RaceStrategy(), new TransparentStrategy())) {
                byName.put(s.name(), s);
            }
        }

        void add(LayoutStrategy s) {
            LayoutStrategy old = byName.get(s.name());
            if (old == null) {
                byName.put(s.name(), s);
            } else if (old.getClass() != s.getClass() && !BUILT_IN.contains(s.name())) {
                conflicts.computeIfAbsent(s.name(), k -> new ArrayList<>(List.of(old.getClass().getName())))
                        .add(s.getClass().getName());
            }
        }

        LayoutStrategies build(String origin) {
            return new LayoutStrategies(byName, conflicts, origin, null);
        }
    }
}
