package dev.race.link.pipeline;

import java.util.Arrays;
import java.util.function.ObjLongConsumer;

/**
 * The link's global names, each interned once with an int id (in first-seen order) and bound to its definition
 * ({@code input << 32 | symbol}, never negative). An open-addressing table over primitive arrays: a look-up
 * allocates nothing and boxes nothing, unlike the {@code HashMap<String, Long>} it replaces. Written by one thread
 * (symbol resolution), then only read, from any thread.
 */
final class GlobalSymbols {
    /** What {@link #get} returns for a name nothing defines. */
    static final long NONE = -1;

    private String[] names = new String[64];
    private long[] definitions = new long[64];
    /**
     * Two ints per slot: id + 1 (0: empty) and the name's hash, compared before the name itself (mangled names
     * often share long prefixes). Length twice a power of two, at most half the slots full.
     */
    private int[] slots = new int[256];
    private int size;

    /** The definition of {@code name}, or {@link #NONE}. */
    long get(String name) {
        int id = id(name);
        return id < 0 ? NONE : definitions[id];
    }

    /** The id of {@code name}, or -1 if it has none. */
    int id(String name) {
        int hash = mix(name.hashCode());
        int mask = (slots.length >> 1) - 1;
        for (int h = hash & mask; ; h = (h + 1) & mask) {
            int e = slots[2 * h];
            if (e == 0) {
                return -1;
            }
            if (slots[2 * h + 1] == hash && names[e - 1].equals(name)) {
                return e - 1;
            }
        }
    }

    /** Binds {@code name} to {@code definition} (replacing an earlier binding); returns the name's id. */
    int put(String name, long definition) {
        if (definition < 0) {
            throw new IllegalArgumentException("a definition is never negative: " + definition);
        }
        int hash = mix(name.hashCode());
        int mask = (slots.length >> 1) - 1;
        int h = hash & mask;
        for (; ; h = (h + 1) & mask) {
            int e = slots[2 * h];
            if (e == 0) {
                break;
            }
            if (slots[2 * h + 1] == hash && names[e - 1].equals(name)) {
                definitions[e - 1] = definition;
                return e - 1;
            }
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            definitions = Arrays.copyOf(definitions, size * 2);
        }
        int id = size++;
        names[id] = name;
        definitions[id] = definition;
        slots[2 * h] = id + 1;
        slots[2 * h + 1] = hash;
        if (size * 2 > slots.length >> 1) {
            rehash();
        }
        return id;
    }

    int size() {
        return size;
    }

    String name(int id) {
        return names[id];
    }

    long definition(int id) {
        return definitions[id];
    }

    /** Every name with its definition, in id (first-seen) order. */
    void forEach(ObjLongConsumer<String> action) {
        for (int id = 0; id < size; id++) {
            action.accept(names[id], definitions[id]);
        }
    }

    /** Every definition, ascending: input order, then symbol order, so nothing depends on hashing. */
    long[] definitionsInOrder() {
        long[] d = Arrays.copyOf(definitions, size);
        Arrays.sort(d);
        return d;
    }

    private void rehash() {
        int[] s = new int[slots.length * 2];
        int mask = (s.length >> 1) - 1;
        for (int h0 = 0; h0 < slots.length; h0 += 2) {
            if (slots[h0] == 0) {
                continue;
            }
            int hash = slots[h0 + 1];
            int h = hash & mask;
            while (s[2 * h] != 0) {
                h = (h + 1) & mask;
            }
            s[2 * h] = slots[h0];
            s[2 * h + 1] = hash;
        }
        slots = s;
    }

    /** Spreads a string hash over the low bits the table uses (linear probing dislikes clustered hashes). */
    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
