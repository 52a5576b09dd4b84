package dev.race.format.importer;

/**
 * A located import error: the object, the section and offset that used (or defined) the offending symbol, the
 * relocation type's name when a relocation is at fault, and what is wrong.
 */
public record ImportError(String object, String section, long offset, String typeName, String problem) {
    /** {@code plugin.o: .text+0x1c: R_X86_64_SIZE32: unsupported relocation type ...}. */
    public String message() {
        return object + ": " + section + "+0x" + Long.toHexString(offset) + ": "
                + (typeName == null ? "" : typeName + ": ") + problem;
    }

    @Override
    public String toString() {
        return message();
    }
}
