package dev.race.layout;

import dev.race.steg.model.PrimKind;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The data layout of a target: pointer size and alignment, and the size and alignment of every primitive.
 * Each target is a resource {@code dev/race/layout/targets/<name>.properties}; {@code targets.list} names them.
 * Keys: {@code pointer.size}, {@code pointer.align}, and {@code <PRIM>.size} / {@code <PRIM>.align} for every
 * {@link PrimKind} constant name (U8, I128, BOOL, CHAR, UNIT, NEVER ...).
 */
public final class TargetSpec {
    private static final String DIR = "targets/";
    private static final Map<String, TargetSpec> KNOWN = loadAll();

    private final String name;
    private final int pointerSize;
    private final int pointerAlign;
    private final Map<PrimKind, Integer> sizes;
    private final Map<PrimKind, Integer> aligns;

    private TargetSpec(String name, int pointerSize, int pointerAlign, Map<PrimKind, Integer> sizes,
                       Map<PrimKind, Integer> aligns) {
        this.name = name;
        this.pointerSize = pointerSize;
        this.pointerAlign = pointerAlign;
        this.sizes = sizes;
        this.aligns = aligns;
    }

    /** The target called {@code name}; IllegalArgumentException listing the known names otherwise. */
    public static TargetSpec named(String name) {
        TargetSpec t = KNOWN.get(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown target '" + name + "' (known targets: "
                    + String.join(", ", names()) + ")");
        }
        return t;
    }

    /** Known target names, sorted. */
    public static List<String> names() {
        return List.copyOf(KNOWN.keySet());
    }

    public String name() {
        return name;
    }

    public int pointerSize() {
        return pointerSize;
    }

    public int pointerAlign() {
        return pointerAlign;
    }

    public int sizeOf(PrimKind k) {
        return sizes.get(k);
    }

    public int alignOf(PrimKind k) {
        return aligns.get(k);
    }

    @Override
    public String toString() {
        return "target " + name;
    }

    private static Map<String, TargetSpec> loadAll() {
        Map<String, TargetSpec> m = new TreeMap<>();
        for (String line : read(DIR + "targets.list").split("\n")) {
            String n = line.strip();
            if (!n.isEmpty() && !n.startsWith("#")) m.put(n, load(n));
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static TargetSpec load(String name) {
        Properties p = new Properties();
        try (InputStream in = TargetSpec.class.getResourceAsStream(DIR + name + ".properties")) {
            if (in == null) throw new IllegalStateException("missing target resource " + DIR + name + ".properties");
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int ps = intProp(p, name, "pointer.size");
        int pa = intProp(p, name, "pointer.align");
        Map<PrimKind, Integer> sizes = new EnumMap<>(PrimKind.class);
        Map<PrimKind, Integer> aligns = new EnumMap<>(PrimKind.class);
        List<String> problems = new ArrayList<>();
        for (PrimKind k : PrimKind.values()) {
            int s = intProp(p, name, k.name() + ".size");
            int a = intProp(p, name, k.name() + ".align");
            if (a <= 0 || Integer.bitCount(a) != 1) problems.add(k + ".align is not a power of two");
            if (s % a != 0) problems.add(k + ".size is not a multiple of its alignment");
            sizes.put(k, s);
            aligns.put(k, a);
        }
        if (sizes.get(PrimKind.USIZE) != ps || sizes.get(PrimKind.ISIZE) != ps) problems.add("usize/isize must be pointer-sized");
        if (!problems.isEmpty()) throw new IllegalStateException("target " + name + ": " + String.join("; ", problems));
        return new TargetSpec(name, ps, pa, java.util.Collections.unmodifiableMap(sizes),
                java.util.Collections.unmodifiableMap(aligns));
    }

    private static int intProp(Properties p, String target, String key) {
        String v = p.getProperty(key);
        if (v == null) throw new IllegalStateException("target " + target + ": missing key " + key);
        return Integer.parseInt(v.strip());
    }

    private static String read(String resource) {
        try (InputStream in = TargetSpec.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
