package dev.race.format.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One member of a static archive: its name (long and BSD names resolved), the byte offset of its header in the
 * archive, and a zero-copy read-only view of its bytes.
 */
public record ArMember(String name, long headerOffset, ByteBuffer bytes) {
    @Override
    public ByteBuffer bytes() {
        return bytes.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A name for messages: {@code lib.a(member.o)}. */
    public String qualifiedName(String archiveName) {
        return archiveName + "(" + name + ")";
    }
}
