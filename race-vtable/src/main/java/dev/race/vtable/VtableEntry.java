package dev.race.vtable;

import java.util.Objects;

/**
 * One method slot of a vtable, in slot order. {@code symbol} is the function that fills it: the impl's own
 * method, or, when {@code fromDefault}, the trait's default body, which takes the vtable as its second argument
 * and so must be reached through a trampoline. {@code intArgsAfterSelf} counts the integer-class arguments after
 * {@code self} (what a trampoline must shift to make room for the vtable argument): it is always known for a
 * default-filled slot; for a slot the impl fills (no trampoline) it is -1 when a parameter's passing is not modelled.
 */
public record VtableEntry(String method, String symbol, boolean fromDefault, int intArgsAfterSelf) {
    public VtableEntry {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(symbol, "symbol");
    }
}
