package dev.race.vtable;

/** A vtable or slot that cannot be synthesized: the message names the trait, the type and the method. */
public final class VtableException extends RuntimeException {
    public VtableException(String message) {
        super(message);
    }
}
