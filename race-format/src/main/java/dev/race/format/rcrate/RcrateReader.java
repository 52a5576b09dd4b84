package dev.race.format.rcrate;

import dev.race.format.marker.Marker;
import dev.race.format.marker.MarkerException;
import dev.race.format.marker.Markers;
import dev.race.steg.codec.StegCodec;
import dev.race.steg.codec.StegFormatException;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Version;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import static dev.race.format.rcrate.RcrateFormat.*;

/**
 * Reads an .rcrate (docs/rcrate-format.md) from a memory-mapped file or a buffer without copying code bytes:
 * the {@link RSection#data()} of the decoded file are slices of the input buffer.
 *
 * <p>{@link #read} and {@link #open} check the header and the section table (magic, version, required flags,
 * target, every section's extent and kind) so {@link #target()}, {@link #crateName()} and
 * {@link #crateVersion()} are available at once. {@link #file()} decodes the rest on first use: it checks each
 * section's CRC-32C, then every count against the bytes that would hold it before allocating, and every index
 * between tables. Any problem is an {@link RcrateFormatException} naming the file offset; no other exception
 * escapes, and every loop is bounded by a count already checked against the input.
 */
public final class RcrateReader {
    private final String fileName;
    private final ByteBuffer buf;
    private final RcrateTarget target;
    private final String crateName;
    private final Version crateVersion;
    /** Per known kind: offset and length in the file, stored CRC, and the table entry's own offset. */
    private final long[] offset = new long[KIND_COUNT + 1];
    private final long[] length = new long[KIND_COUNT + 1];
    private final int[] crc = new int[KIND_COUNT + 1];
    private final long[] entry = new long[KIND_COUNT + 1];
    private RcrateFile file;

    private RcrateReader(String fileName, ByteBuffer buf) {
        this.fileName = fileName;
        this.buf = buf;
        int size = buf.limit();
        if (size < MAGIC.length || !buf.slice(0, MAGIC.length).equals(ByteBuffer.wrap(MAGIC))) {
            if (size < MAGIC.length && buf.slice(0, size).equals(ByteBuffer.wrap(MAGIC, 0, size))) {
                throw error(0, "truncated header: " + size + " bytes, the header needs " + HEADER_SIZE);
            }
            throw error(0, "not an .rcrate file (bad magic)");
        }
        if (size < HEADER_SIZE) {
            throw error(0, "truncated header: " + size + " bytes, the header needs " + HEADER_SIZE);
        }
        int major = u16(8);
        int minor = u16(10);
        if (major > MAJOR) {
            throw error(8, "rcrate format version " + major + "." + minor + " is newer than this RACE supports ("
                    + MAJOR + "." + MINOR + ")");
        }
        if (major == 0) {
            throw error(8, "rcrate format version 0." + minor + " was never written");
        }
        int machine = u16(12);
        target = RcrateTarget.byElfMachine(machine);
        if (target == null) {
            throw error(12, "unsupported target: ELF e_machine " + machine);
        }
        int required = buf.getInt(16);
        if ((required & ~KNOWN_REQUIRED_FLAGS) != 0) {
            throw error(16, String.format("unknown required header flags 0x%x", required & ~KNOWN_REQUIRED_FLAGS));
        }
        long tableOffset = u32(24);
        long count = u32(28);
        int nameLength = u16(0x38);
        int preLength = u16(0x3A);
        int buildLength = u16(0x3C);
        long identityEnd = HEADER_SIZE + nameLength + preLength + buildLength;
        if (identityEnd > size) {
            throw error(0x38, "truncated header: the crate name and version need 0x" + Long.toHexString(identityEnd)
                    + " bytes, the file has 0x" + Integer.toHexString(size));
        }
        crateName = utf8(HEADER_SIZE, nameLength, "crate name");
        String pre = utf8(HEADER_SIZE + nameLength, preLength, "pre-release");
        String build = utf8(HEADER_SIZE + nameLength + preLength, buildLength, "build metadata");
        try {
            crateVersion = new Version(buf.getLong(0x20), buf.getLong(0x28), buf.getLong(0x30), pre, build);
        } catch (IllegalArgumentException e) {
            throw error(0x20, "bad crate version: " + e.getMessage());
        }
        if (tableOffset < identityEnd || tableOffset % 8 != 0) {
            throw error(24, "section table offset 0x" + Long.toHexString(tableOffset)
                    + " is not 8-aligned after the header (which ends at 0x" + Long.toHexString(identityEnd) + ")");
        }
        if (tableOffset > size || count > (size - tableOffset) / SECTION_ENTRY_SIZE) {
            throw error(24, "truncated section table: " + count + " entries of " + SECTION_ENTRY_SIZE
                    + " bytes at 0x" + Long.toHexString(tableOffset) + " extend past the end of the file (0x"
                    + Integer.toHexString(size) + " bytes)");
        }
        long tableEnd = tableOffset + count * SECTION_ENTRY_SIZE;
        Arrays.fill(entry, -1);
        for (int i = 0; i < count; i++) {
            int e = (int) (tableOffset + (long) i * SECTION_ENTRY_SIZE);
            long kind = u32(e);
            long flags = u32(e + 4);
            long off = buf.getLong(e + 8);
            long len = buf.getLong(e + 16);
            if (!known(kind)) {
                if ((flags & SECTION_REQUIRED) != 0) {
                    throw error(e, "section table entry " + i + ": unknown required section kind " + kind);
                }
                continue;                                     // an optional extension this reader skips
            }
            int k = (int) kind;
            if (entry[k] >= 0) {
                throw error(e, "section table entry " + i + ": second " + kindName(k) + " section");
            }
            if (off < tableEnd || off > size || len < 0 || len > size - off) {
                throw error(e + 8, "section " + kindName(k) + " (0x" + Long.toHexString(off) + " + 0x"
                        + Long.toHexString(len) + ") is not inside the file after the section table (0x"
                        + Long.toHexString(tableEnd) + " .. 0x" + Integer.toHexString(size) + ")");
            }
            if (off % (k == CODE ? CODE_ALIGN : 8) != 0) {
                throw error(e + 8, "section " + kindName(k) + " at 0x" + Long.toHexString(off) + " is not "
                        + (k == CODE ? CODE_ALIGN : 8) + "-aligned");
            }
            entry[k] = e;
            offset[k] = off;
            length[k] = len;
            crc[k] = buf.getInt(e + 24);
        }
        for (int k = 1; k <= KIND_COUNT; k++) {
            if (entry[k] < 0) {
                throw error(24, "missing section " + kindName(k));
            }
        }
    }

    /** Maps {@code file} read-only and checks its header and section table. */
    public static RcrateReader open(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new RcrateFormatException(file.toString(), 0, "file of " + size
                        + " bytes is larger than the 2 GiB an .rcrate may have");
            }
            return read(file.toString(), ch.map(FileChannel.MapMode.READ_ONLY, 0, size));
        }
    }

    /** Checks the header and section table of the .rcrate in {@code bytes} from its position to its limit. */
    public static RcrateReader read(String fileName, ByteBuffer bytes) {
        return new RcrateReader(fileName, bytes.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    public RcrateTarget target() {
        return target;
    }

    public String crateName() {
        return crateName;
    }

    public Version crateVersion() {
        return crateVersion;
    }

    /** Decodes the whole file on the first call (then cached); see the class comment for what is checked. */
    public synchronized RcrateFile file() {
        if (file == null) {
            file = new Decoder().decode();
        }
        return file;
    }

    /**
     * The largest section alignment (and COMMON symbol alignment) a crate may ask for: 64 KiB, the largest page
     * size of any supported target (AArch64 with 64 KiB pages). Anything above is refused where it is read, so
     * no later stage pads by an amount that comes from the input.
     */
    public static final long MAX_ALIGN = 1L << 16;
    /** The largest symbol binding, type and visibility numbers (the packer's numbering, docs/rcrate-format.md 3.7). */
    static final int MAX_BINDING = 3;
    static final int MAX_TYPE = 7;
    static final int MAX_VISIBILITY = 3;

    /** {@code s} with NUL bytes shown as {@code \0}, for messages. */
    private static String printable(String s) {
        return s.replace("\0", "\\0");
    }

    private RcrateFormatException error(long at, String problem) {
        return new RcrateFormatException(fileName, at, problem);
    }

    private int u16(int at) {
        return Short.toUnsignedInt(buf.getShort(at));
    }

    private long u32(int at) {
        return Integer.toUnsignedLong(buf.getInt(at));
    }

    private String utf8(int at, int n, String what) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer c = d.decode(buf.slice(at, n));
            return c.toString();
        } catch (CharacterCodingException e) {
            throw error(at, what + " is not valid UTF-8");
        }
    }

    /** Decodes the sections in dependency order; one instance per {@link #file()} call. */
    private final class Decoder {
        private String[] strings;

        RcrateFile decode() {
            for (int k = 1; k <= KIND_COUNT; k++) {
                checkCrc(k);
            }
            strings = strings();
            List<String> objects = objects();
            Crate crate = steg(offset[STEG], length[STEG], "STEG");
            if (!crate.name().equals(crateName) || !crate.version().equals(crateVersion)) {
                throw error(offset[STEG], "the header names crate " + crateName + " " + crateVersion
                        + " but the STEG blob is " + crate.name() + " " + crate.version());
            }
            List<Crate> imports = imports();
            Cursor meta = cursor(SECTIONS);
            int sectionCount = meta.count(SECTION_META_SIZE);
            Cursor groupCursor = cursor(GROUPS);
            int groupCount = groupCursor.count(12);
            List<RSection> sections = sections(meta, sectionCount, groupCount);
            List<RGroup> groups = groups(groupCursor, groupCount, sectionCount);
            RSymbols symbols = symbols(sections.size(), objects.size());
            List<Marker> queries = queries();
            RRelocations relocations = relocations(sections, symbols.count(), queries.size());
            try {
                return new RcrateFile(target, crate, imports, objects, sections, groups, symbols, relocations,
                        queries);
            } catch (IllegalArgumentException e) {
                throw error(0, "inconsistent content: " + e.getMessage());
            }
        }

        private void checkCrc(int k) {
            CRC32C c = new CRC32C();
            c.update(buf.slice((int) offset[k], (int) length[k]));
            int computed = (int) c.getValue();
            if (computed != crc[k]) {
                throw error(entry[k] + 24, String.format("section %s: CRC-32C mismatch (stored 0x%08x, computed 0x%08x)",
                        kindName(k), crc[k], computed));
            }
        }

        private Cursor cursor(int k) {
            return new Cursor(kindName(k), (int) offset[k], (int) (offset[k] + length[k]));
        }

        private String[] strings() {
            Cursor c = cursor(STRINGS);
            int n = c.count(4);
            String[] out = new String[n];
            for (int i = 0; i < n; i++) {
                long len = c.u32();
                c.need(len, "string " + i);
                out[i] = utf8(c.pos, (int) len, "string " + i);
                c.pos += (int) len;
            }
            c.end();
            return out;
        }

        private String str(Cursor c) {
            int at = c.pos;
            long i = c.u32();
            if (i >= strings.length) {
                throw error(at, c.what + ": string index " + i + " out of range (" + strings.length + " strings)");
            }
            return strings[(int) i];
        }

        private List<String> objects() {
            Cursor c = cursor(OBJECTS);
            int n = c.count(4);
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) out.add(str(c));
            c.end();
            return out;
        }

        private Crate steg(long at, long len, String what) {
            try {
                return StegCodec.decode(buf.slice((int) at, (int) len));
            } catch (StegFormatException e) {
                throw error(at + e.offset(), what + ": " + e.problem());
            } catch (IllegalArgumentException e) {
                throw error(at, what + ": " + e.getMessage());
            }
        }

        private List<Crate> imports() {
            Cursor c = cursor(IMPORTS);
            int n = c.count(4);
            List<Crate> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long len = c.u32();
                c.need(len, "import view " + i);
                out.add(steg(c.pos, len, "import view " + i));
                c.pos += (int) len;
            }
            c.end();
            return out;
        }

        private List<RSection> sections(Cursor c, int n, int groupCount) {
            int codeStart = (int) offset[CODE];
            long codeLength = length[CODE];
            List<RSection> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int at = c.pos;
                String origin = str(c);
                String name = str(c);
                int type = c.i32();
                int group = c.i32();
                long flags = c.u64();
                long align = c.u64();
                long entsize = c.u64();
                long size = c.u64();
                long data = c.u64();
                String what = "section " + i + " (" + printable(name) + ")";
                if (name.isEmpty()) {
                    throw error(at + 4, "section " + i + ": empty name");
                }
                if (name.indexOf('\0') >= 0) {
                    throw error(at + 4, what + ": name contains a NUL byte");
                }
                if (align != 0 && Long.bitCount(align) != 1) {
                    throw error(at + 24, what + ": alignment " + Long.toUnsignedString(align)
                            + " is not a power of two");
                }
                if (Long.compareUnsigned(align, MAX_ALIGN) > 0) {
                    throw error(at + 24, what + ": alignment " + Long.toUnsignedString(align)
                            + " is above the maximum " + MAX_ALIGN);
                }
                if (entsize < 0) {
                    throw error(at + 32, what + ": negative entry size " + entsize);
                }
                if (size < 0) {
                    throw error(at + 40, what + ": negative size " + size);
                }
                if (group < -1 || group >= groupCount) {
                    throw error(at + 12, "section " + i + " (" + name + "): group " + group + " out of range ("
                            + groupCount + " groups)");
                }
                ByteBuffer bytes;
                if (type == RSection.SHT_NOBITS) {
                    if (data != 0) {
                        throw error(at + 48, "section " + i + " (" + name + "): NOBITS with a data offset");
                    }
                    bytes = ByteBuffer.allocate(0);
                } else {
                    if (data < 0 || data % CODE_ALIGN != 0 || data > codeLength || size < 0
                            || size > codeLength - data) {
                        throw error(at + 40, "section " + i + " (" + name + "): data 0x" + Long.toHexString(data)
                                + " + 0x" + Long.toHexString(size) + " is not a " + CODE_ALIGN
                                + "-aligned range of CODE (0x" + Long.toHexString(codeLength) + " bytes)");
                    }
                    bytes = buf.slice(codeStart + (int) data, (int) size);
                }
                try {
                    out.add(new RSection(origin, name, type, flags, align, entsize, size, bytes, group));
                } catch (IllegalArgumentException e) {
                    throw error(at, "section " + i + ": " + e.getMessage());
                }
            }
            c.end();
            return out;
        }

        private List<RGroup> groups(Cursor c, int n, int sectionCount) {
            List<RGroup> out = new ArrayList<>(n);
            for (int g = 0; g < n; g++) {
                String signature = str(c);
                int flagsAt = c.pos;
                long flags = c.u32();
                if ((flags & ~GROUP_COMDAT) != 0) {
                    throw error(flagsAt, "group " + g + ": unknown flags 0x" + Long.toHexString(flags));
                }
                int m = c.count(4);
                List<Integer> members = new ArrayList<>(m);
                for (int j = 0; j < m; j++) {
                    int at = c.pos;
                    long s = c.u32();
                    if (s >= sectionCount) {
                        throw error(at, "group " + g + ": member " + s + " out of range (" + sectionCount
                                + " sections)");
                    }
                    members.add((int) s);
                }
                out.add(new RGroup(signature, (flags & GROUP_COMDAT) != 0, members));
            }
            c.end();
            return out;
        }

        private RSymbols symbols(int sectionCount, int objectCount) {
            Cursor c = cursor(SYMBOLS);
            int n = c.count(SYMBOL_SIZE);
            String[] name = new String[n];
            long[] value = new long[n];
            long[] size = new long[n];
            int[] section = new int[n];
            byte[] binding = new byte[n];
            byte[] type = new byte[n];
            byte[] visibility = new byte[n];
            int[] object = new int[n];
            for (int i = 0; i < n; i++) {
                int at = c.pos;
                name[i] = str(c);
                section[i] = c.i32();
                value[i] = c.u64();
                size[i] = c.u64();
                binding[i] = c.u8();
                type[i] = c.u8();
                visibility[i] = c.u8();
                c.u8();
                object[i] = c.i32();
                if (section[i] >= sectionCount || section[i] < RSymbols.COMMON) {
                    throw error(at + 4, "symbol " + i + " (" + name[i] + "): section " + section[i]
                            + " out of range (" + sectionCount + " sections)");
                }
                String what = "symbol " + i + " (" + printable(name[i]) + ")";
                int b = binding[i] & 0xFF;
                int t = type[i] & 0xFF;
                int v = visibility[i] & 0xFF;
                if (name[i].indexOf('\0') >= 0) {
                    throw error(at, what + ": name contains a NUL byte");
                }
                if (b > MAX_BINDING) {
                    throw error(at + 24, what + ": unknown binding " + b + " (known: 0 LOCAL .. 3 UNIQUE)");
                }
                if (t > MAX_TYPE) {
                    throw error(at + 25, what + ": unknown type " + t + " (known: 0 NOTYPE .. 7 IFUNC)");
                }
                if (v > MAX_VISIBILITY) {
                    throw error(at + 26, what + ": unknown visibility " + v + " (known: 0 DEFAULT .. 3 PROTECTED)");
                }
                if (name[i].isEmpty() && b != 0) {
                    throw error(at, "symbol " + i + ": empty name (only a local symbol may have none)");
                }
                if (size[i] < 0) {
                    throw error(at + 16, what + ": negative size " + size[i]);
                }
                if (section[i] == RSymbols.COMMON && (value[i] <= 0 || Long.bitCount(value[i]) != 1
                        || value[i] > MAX_ALIGN)) {
                    throw error(at + 8, what + ": a common symbol's value is its alignment, but "
                            + Long.toUnsignedString(value[i]) + " is not a power of two up to " + MAX_ALIGN);
                }
                if (object[i] < -1 || object[i] >= objectCount) {
                    throw error(at + 28, "symbol " + i + " (" + name[i] + "): object " + object[i]
                            + " out of range (" + objectCount + " objects)");
                }
            }
            c.end();
            return new RSymbols(name, value, size, section, binding, type, visibility, object);
        }

        private List<Marker> queries() {
            Cursor c = cursor(QUERIES);
            int n = c.count(4);
            List<Marker> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int at = c.pos;
                String s = str(c);
                try {
                    out.add(Markers.demangle(s));
                } catch (MarkerException | IllegalArgumentException e) {
                    throw error(at, "query " + i + ": " + e.getMessage());
                }
            }
            c.end();
            return out;
        }

        private RRelocations relocations(List<RSection> sections, int symbolCount, int queryCount) {
            Cursor c = cursor(RELOCATIONS);
            int n = c.count(RELOCATION_SIZE);
            int[] section = new int[n];
            long[] offs = new long[n];
            int[] type = new int[n];
            int[] symbol = new int[n];
            long[] addend = new long[n];
            int[] query = new int[n];
            int machine = target.elfMachine();
            for (int i = 0; i < n; i++) {
                int at = c.pos;
                section[i] = c.i32();
                type[i] = c.i32();
                offs[i] = c.u64();
                addend[i] = c.u64();
                symbol[i] = c.i32();
                query[i] = c.i32();
                if (section[i] < 0 || section[i] >= sections.size()) {
                    throw error(at, "relocation " + i + ": section index " + Integer.toUnsignedString(section[i])
                            + " out of range (" + sections.size() + " sections)");
                }
                if (type[i] < 0) {
                    throw error(at + 4, "relocation " + i + ": type " + Integer.toUnsignedString(type[i])
                            + " is out of range (relocation types are below 2^31)");
                }
                RSection s = sections.get(section[i]);
                long width = patchWidth(machine, type[i]);
                if (s.isNobits() || offs[i] < 0 || offs[i] > s.size() - width) {
                    throw error(at + 8, "relocation " + i + ": offset 0x" + Long.toHexString(offs[i]) + " + "
                            + width + " is outside section " + section[i] + " (" + s.name() + ", "
                            + (s.isNobits() ? "NOBITS" : "0x" + Long.toHexString(s.size()) + " bytes") + ")");
                }
                if (symbol[i] < 0 || symbol[i] >= symbolCount) {
                    throw error(at + 24, "relocation " + i + ": symbol index " + Integer.toUnsignedString(symbol[i])
                            + " out of range (" + symbolCount + " symbols)");
                }
                if (query[i] < -1 || query[i] >= queryCount) {
                    throw error(at + 28, "relocation " + i + ": query index " + query[i] + " out of range ("
                            + queryCount + " queries)");
                }
            }
            c.end();
            return new RRelocations(section, offs, type, symbol, addend, query);
        }
    }

    /** A bounded read position inside one section; {@code pos} is a file offset. */
    private final class Cursor {
        final String what;
        final int end;
        int pos;

        Cursor(String what, int start, int end) {
            this.what = what;
            this.pos = start;
            this.end = end;
        }

        void need(long n, String item) {
            if (n > end - pos) {
                throw error(pos, what + ": " + item + " needs " + n + " bytes but the section has " + (end - pos)
                        + " left");
            }
        }

        /** A u32 count of entries of at least {@code minSize} bytes each, checked against the bytes left. */
        int count(int minSize) {
            int at = pos;
            long n = u32();
            if (n > (end - pos) / minSize) {
                throw error(at, what + ": count " + n + " needs at least " + n * minSize + " bytes but the section has "
                        + (end - pos) + " left");
            }
            return (int) n;
        }

        long u32() {
            need(4, "a 4-byte field");
            long v = Integer.toUnsignedLong(buf.getInt(pos));
            pos += 4;
            return v;
        }

        int i32() {
            return (int) u32();
        }

        long u64() {
            need(8, "an 8-byte field");
            long v = buf.getLong(pos);
            pos += 8;
            return v;
        }

        byte u8() {
            need(1, "a byte");
            return buf.get(pos++);
        }

        void end() {
            if (pos != end) {
                throw error(pos, what + ": " + (end - pos) + " bytes after the last entry");
            }
        }
    }
}
