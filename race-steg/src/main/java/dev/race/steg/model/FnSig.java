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
        effects = Collections.unmodifiableSortedSet(new TreeSet<>(effects));
    }
}
