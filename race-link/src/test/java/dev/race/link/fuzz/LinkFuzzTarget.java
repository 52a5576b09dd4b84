package dev.race.link.fuzz;

import dev.race.link.LinkResult;
import dev.race.link.RaceLinker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Fuzz target for a whole link (docs/fuzzing.md): the bytes, with their section CRCs re-sealed (otherwise nearly
 * every mutation stops at the checksum), are a plugin .rcrate linked with a fixed valid engine (the drift example's
 * engine 2.0, packed) into a temporary output. {@link RaceLinker#link()} must return a {@link LinkResult}, never
 * throw; a failed link reports an error and leaves no output file (nor any temporary file) behind, a successful
 * one writes exactly its image.
 *
 * <p>Called by {@link LinkFuzzTest} (regression mode in {@code mvn verify}) and by the standalone Jazzer driver
 * in {@code bench/fuzz.sh}.
 */
public final class LinkFuzzTarget {
    static final String ENGINE = "engine-2.0-rcrate";
    private static final Path DIR;
    private static final Path ENGINE_FILE;
    private static final Path PLUGIN_FILE;
    private static final Path OUTPUT;

    static {
        try {
            DIR = Files.createTempDirectory("race-link-fuzz");
            ENGINE_FILE = DIR.resolve("engine.rcrate");
            PLUGIN_FILE = DIR.resolve("plugin.rcrate");
            OUTPUT = DIR.resolve("app");
            try (InputStream in = LinkFuzzTarget.class.getResourceAsStream(ENGINE)) {
                if (in == null) throw new IllegalStateException("resource " + ENGINE + " missing");
                Files.write(ENGINE_FILE, in.readAllBytes());
            }
            Runtime.getRuntime().addShutdownHook(new Thread(LinkFuzzTarget::cleanUp));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private LinkFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) throws IOException {
        Files.write(PLUGIN_FILE, seal(data.clone()));
        Files.deleteIfExists(OUTPUT);
        LinkResult r = RaceLinker.builder().input(ENGINE_FILE).input(PLUGIN_FILE).output(OUTPUT).threads(1)
                .build().link();
        Set<Path> left;
        try (Stream<Path> s = Files.list(DIR)) {
            left = Set.copyOf(s.toList());
        }
        if (r.ok()) {
            if (!r.errors().isEmpty()) throw new AssertionError("ok link with errors: " + r.errors());
            if (!OUTPUT.equals(r.output()) || !Files.isRegularFile(OUTPUT)) {
                throw new AssertionError("ok link did not write its output");
            }
            if (!java.util.Arrays.equals(Files.readAllBytes(OUTPUT), r.image())) {
                throw new AssertionError("the output file is not the image of the result");
            }
            if (!left.equals(Set.of(ENGINE_FILE, PLUGIN_FILE, OUTPUT))) {
                throw new AssertionError("files left in the output directory: " + left);
            }
        } else {
            if (r.errors().isEmpty()) throw new AssertionError("failed link without an error");
            if (r.output() != null || r.image() != null) throw new AssertionError("failed link has an output");
            if (!left.equals(Set.of(ENGINE_FILE, PLUGIN_FILE))) {
                throw new AssertionError("a failed link left files behind: " + left);
            }
        }
    }

    /**
     * Recomputes the CRC-32C of every section-table entry that lies inside the file (docs/rcrate-format.md: the
     * table offset and count are the u32s at 0x18 and 0x1C, entries are 32 bytes: kind, flags, u64 offset, u64
     * length, u32 CRC at +24); damaged entries are left alone.
     */
    static byte[] seal(byte[] bytes) {
        if (bytes.length < 0x20) return bytes;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long table = Integer.toUnsignedLong(b.getInt(0x18));
        long count = Integer.toUnsignedLong(b.getInt(0x1C));
        for (long i = 0; i < count && table + 32 * i + 32 <= bytes.length; i++) {
            int e = (int) (table + 32 * i);
            long off = b.getLong(e + 8);
            long len = b.getLong(e + 16);
            if (off < 0 || len < 0 || off > bytes.length || len > bytes.length - off) continue;
            CRC32C c = new CRC32C();
            c.update(bytes, (int) off, (int) len);
            b.putInt(e + 24, (int) c.getValue());
        }
        return bytes;
    }

    private static void cleanUp() {
        for (Path p : List.of(ENGINE_FILE, PLUGIN_FILE, OUTPUT, DIR)) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temporary directory; nothing else to do at exit
            }
        }
    }
}
