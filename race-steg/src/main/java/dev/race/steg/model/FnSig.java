package dev.race.steg.model;

import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.Collections;

/**
 * A function signature: ABI ("Rust" or "C"), parameters, return type ({@code ()} when omitted) and
 * declared effects (names such as alloc, panic, io, block), kept sorted so equal sets compare equal.
 */
public record FnSig(String abi, List<Param> params, Type ret, SortedSet<String> effects) {
    public FnSig {
        Objects.requireNonNull(abi);
        params = List.copyOf(params);
        Objects.requireNonNull(ret);
        // copy through a plain Collection: new TreeSet<>(SortedSet) would keep the caller's comparator,
        // and two equal signatures could then list their effects in different orders
        TreeSet<String> natural = new TreeSet<>();
        natural.addAll(effects);
        effects = Collections.unmodifiableSortedSet(natural);
    }
}
