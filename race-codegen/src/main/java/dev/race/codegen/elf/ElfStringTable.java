package dev.race.codegen.elf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An ELF string table (gABI "String Table"): a leading NUL, then each distinct name once with its terminating NUL,
 * in first-use order, so equal inputs give equal bytes. Shared by the executable and relocatable writers.
 */
final class ElfStringTable {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Map<String, Integer> offsets = new HashMap<>();

    ElfStringTable() {
        bytes.write(0);
    }

    /** The offset of {@code s} in the table, adding it on first use. */
    int add(String s) {
        return offsets.computeIfAbsent(s, k -> {
            int off = bytes.size();
            bytes.writeBytes(k.getBytes(StandardCharsets.UTF_8));
            bytes.write(0);
            return off;
        });
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }
}
