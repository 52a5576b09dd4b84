package dev.race.vtable;

import dev.race.codegen.ArgShape;

import java.util.List;
import java.util.Objects;

/**
 * One method slot of a vtable, in slot order. {@code symbol} is the function that fills it: the impl's own
 * method, or, when {@code fromDefault}, the trait's default body, which takes the vtable as its second argument
 * and so must be reached through a trampoline. {@code argsAfterSelf} are the shapes of the arguments after
 * {@code self} (what a trampoline must place around the inserted vtable argument, by the target's calling
 * convention): always known for a default-filled slot; for a slot the impl fills (no trampoline) null when a
 * parameter's passing is not modelled.
 */
public record VtableEntry(String method, String symbol, boolean fromDefault, List<ArgShape> argsAfterSelf) {
    public VtableEntry {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(symbol, "symbol");
        argsAfterSelf = argsAfterSelf == null ? null : List.copyOf(argsAfterSelf);
    }
}
