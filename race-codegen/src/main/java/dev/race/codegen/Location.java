package dev.race.codegen;

import java.util.Objects;

/**
 * Where a relocation is applied, for messages: the input object (file or archive member), the section, the
 * offset of the relocated field inside that section, and the symbol the relocation refers to.
 */
public record Location(String object, String section, long offset, String symbol) {
    public Location {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(symbol, "symbol");
    }

    /** {@code OBJ:SECTION+0xOFF}, the prefix of every patch message. */
    public String prefix() {
        return object + ":" + section + "+0x" + Long.toHexString(offset);
    }
}
