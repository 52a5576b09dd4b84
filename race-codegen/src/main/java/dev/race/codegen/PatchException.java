package dev.race.codegen;

/**
 * A relocation that cannot be applied: a value out of range or misaligned, or an instruction at the site that
 * is not the form the relocation requires. The message names the location; it is a user error, so it carries no
 * stack trace.
 */
public final class PatchException extends RuntimeException {
    private final Location location;

    public PatchException(Location location, String relocation, String problem) {
        super(location.prefix() + ": " + relocation + " against " + location.symbol() + " " + problem, null, false,
                false);
        this.location = location;
    }

    public Location location() {
        return location;
    }
}
