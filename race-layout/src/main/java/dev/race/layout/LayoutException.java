package dev.race.layout;

import dev.race.steg.model.Path;

/** A user-facing layout error: the message names the item and what is wrong. Carries no stack trace. */
public final class LayoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path item;

    public LayoutException(Path item, String message) {
        super(item == null ? message : item + ": " + message, null, false, false);
        this.item = item;
    }

    /** The item the error is about, or null when the error is about an anonymous type. */
    public Path item() {
        return item;
    }
}
