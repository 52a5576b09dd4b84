package dev.race.format.rcrate;

import dev.race.format.elf.ElfFormatException;
import dev.race.format.elf.ElfObject;
import dev.race.format.importer.ImportScan;
import dev.race.format.importer.ObjectImporter;

import java.nio.ByteBuffer;

/**
 * Fuzz target for the ELF reader and the importer's classification (docs/rcrate-format.md, "Fuzzing"): only
 * {@link ElfFormatException} may escape {@link ElfObject#read}, with an offset inside the input; an object it
 * accepts is scanned by {@link ObjectImporter#scan} without an exception.
 *
 * <p>Called by {@link RcrateFuzzTest#elfObjectImport} and by the standalone Jazzer driver in {@code bench/fuzz.sh}.
 */
public final class ElfImportFuzzTarget {
    private ElfImportFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        ElfObject o;
        try {
            o = ElfObject.read("fuzz.o", ByteBuffer.wrap(data));
        } catch (ElfFormatException e) {
            if (e.offset() < 0 || e.offset() > data.length) {
                throw new AssertionError("offset " + e.offset() + " outside the " + data.length + " input bytes", e);
            }
            return;
        }
        ImportScan scan = ObjectImporter.scan(o);
        if (scan.object() != o) throw new AssertionError("the scan is not of the object read");
    }
}
