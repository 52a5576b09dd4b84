package dev.race.vtable;

import dev.race.codegen.ArgShape;
import dev.race.steg.model.Path;

import java.util.List;
import java.util.Objects;

/**
 * One method slot of a vtable, in slot order. {@code symbol} is the function that fills it: the impl's own
 * method, or, when {@code fromDefault}, the trait's default body, which takes the vtable as its second argument
 * and so must be reached through a trampoline. {@code argsAfterSelf} are the shapes of the arguments after
 * {@code self} (what a trampoline must place around the inserted vtable argument, by the target's calling
 * convention): always known for a default-filled slot; for a slot the impl fills (no trampoline) null when a
 * parameter's passing is not modelled. {@code owner} is the trait that declares the method: the vtable's own trait, or
 * for an inherited slot the supertrait (whose vtable of the same type a default body's trampoline passes, so the body
 * finds the other methods of its trait at that trait's slots); null means the vtable's own trait.
 */
public record VtableEntry(String method, String symbol, boolean fromDefault, List<ArgShape> argsAfterSelf,
                          Path owner) {
    public VtableEntry {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(symbol, "symbol");
        argsAfterSelf = argsAfterSelf == null ? null : List.copyOf(argsAfterSelf);
    }

    /** A slot of the vtable's own trait. */
    public VtableEntry(String method, String symbol, boolean fromDefault, List<ArgShape> argsAfterSelf) {
        this(method, symbol, fromDefault, argsAfterSelf, null);
    }
}
