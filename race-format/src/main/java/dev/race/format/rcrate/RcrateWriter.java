package dev.race.format.rcrate;

import dev.race.format.io.AtomicFiles;
import dev.race.format.marker.Marker;
import dev.race.format.marker.Markers;
import dev.race.steg.codec.StegCodec;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Version;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import static dev.race.format.rcrate.RcrateFormat.*;

/**
 * Writes an {@link RcrateFile} in the .rcrate container format (docs/rcrate-format.md). The output depends only
 * on the content: strings are numbered by first use in a fixed walk, sections are laid out in kind order, and
 * padding is zero, so equal files give equal bytes. The file is checked first with the same cross-reference
 * rules the reader enforces, so nothing is written that {@link RcrateReader} would refuse; a violation is an
 * {@link IllegalArgumentException} naming the offending entry.
 */
public final class RcrateWriter {
    private RcrateWriter() {
    }

    public static byte[] write(RcrateFile f) {
        validate(f);
        Strings strings = new Strings();
        byte[][] body = new byte[KIND_COUNT + 1][];
        body[OBJECTS] = objects(f, strings);
        body[SECTIONS] = sectionMeta(f, strings);
        body[CODE] = code(f);
        body[GROUPS] = groups(f, strings);
        body[SYMBOLS] = symbols(f, strings);
        body[RELOCATIONS] = relocations(f);
        body[QUERIES] = queries(f, strings);
        body[STEG] = StegCodec.encode(f.crate());
        body[IMPORTS] = imports(f);
        body[STRINGS] = strings.encode();

        Crate crate = f.crate();
        Version v = crate.version();
        byte[] name = utf8(crate.name(), "crate name");
        byte[] pre = utf8(v.preRelease(), "pre-release");
        byte[] build = utf8(v.build(), "build metadata");
        long tableOffset = align(HEADER_SIZE + name.length + pre.length + build.length, 8);
        long offset = tableOffset + (long) KIND_COUNT * SECTION_ENTRY_SIZE;
        long[] sectionOffset = new long[KIND_COUNT + 1];
        for (int k = 1; k <= KIND_COUNT; k++) {
            offset = align(offset, k == CODE ? CODE_ALIGN : SECTION_ALIGN);
            sectionOffset[k] = offset;
            offset += body[k].length;
        }
        if (offset > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the .rcrate would be " + offset + " bytes; the limit is 2 GiB");
        }
        ByteBuffer out = ByteBuffer.allocate((int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC);
        out.putShort((short) MAJOR).putShort((short) MINOR);
        out.putShort((short) f.target().elfMachine()).putShort((short) 0);
        out.putInt(0).putInt(0);                                // required, optional header flags
        out.putInt((int) tableOffset).putInt(KIND_COUNT);
        out.putLong(v.major()).putLong(v.minor()).putLong(v.patch());
        out.putShort((short) name.length).putShort((short) pre.length).putShort((short) build.length);
        out.putShort((short) 0);
        out.put(name).put(pre).put(build);
        out.position((int) tableOffset);
        for (int k = 1; k <= KIND_COUNT; k++) {
            CRC32C crc = new CRC32C();
            crc.update(body[k]);
            out.putInt(k).putInt(SECTION_REQUIRED).putLong(sectionOffset[k]).putLong(body[k].length);
            out.putInt((int) crc.getValue()).putInt(0);
        }
        for (int k = 1; k <= KIND_COUNT; k++) {
            out.position((int) sectionOffset[k]);
            out.put(body[k]);
        }
        return out.array();
    }

    /**
     * Writes {@code f} to {@code out} through a temporary file in the same directory and a rename, so readers
     * never see a partial file and a failure leaves {@code out} as it was.
     */
    public static void writeAtomically(Path out, RcrateFile f) throws IOException {
        AtomicFiles.write(out, write(f));
    }

    /** The reader's cross-reference rules, applied before writing. */
    private static void validate(RcrateFile f) {
        int sections = f.sections().size();
        for (int i = 0; i < sections; i++) {
            RSection s = f.sections().get(i);
            if (s.group() < -1 || s.group() >= f.groups().size()) {
                throw new IllegalArgumentException("section " + i + " (" + s.name() + "): group " + s.group()
                        + " out of range (" + f.groups().size() + " groups)");
            }
        }
        for (int g = 0; g < f.groups().size(); g++) {
            for (int m : f.groups().get(g).sections()) {
                if (m < 0 || m >= sections) {
                    throw new IllegalArgumentException("group " + g + ": member " + m + " out of range ("
                            + sections + " sections)");
                }
            }
        }
        RSymbols sym = f.symbols();
        for (int i = 0; i < sym.count(); i++) {
            int s = sym.section(i);
            if (s >= sections || s < RSymbols.COMMON) {
                throw new IllegalArgumentException("symbol " + i + " (" + sym.name(i) + "): section " + s
                        + " out of range (" + sections + " sections)");
            }
            if (sym.object(i) < -1 || sym.object(i) >= f.objects().size()) {
                throw new IllegalArgumentException("symbol " + i + " (" + sym.name(i) + "): object " + sym.object(i)
                        + " out of range (" + f.objects().size() + " objects)");
            }
        }
        RRelocations r = f.relocations();
        int machine = f.target().elfMachine();
        for (int i = 0; i < r.count(); i++) {
            int s = r.section(i);
            if (s < 0 || s >= sections) {
                throw new IllegalArgumentException("relocation " + i + ": section " + s + " out of range");
            }
            RSection target = f.sections().get(s);
            long width = patchWidth(machine, r.type(i));
            if (target.isNobits() || r.offset(i) < 0 || r.offset(i) > target.size() - width) {
                throw new IllegalArgumentException("relocation " + i + ": offset 0x" + Long.toHexString(r.offset(i))
                        + " + " + width + " outside section " + s + " (" + target.name() + ")");
            }
            if (r.symbol(i) < 0 || r.symbol(i) >= sym.count()) {
                throw new IllegalArgumentException("relocation " + i + ": symbol " + r.symbol(i) + " out of range");
            }
            if (r.query(i) < -1 || r.query(i) >= f.queries().size()) {
                throw new IllegalArgumentException("relocation " + i + ": query " + r.query(i) + " out of range");
            }
        }
    }

    private static byte[] objects(RcrateFile f, Strings strings) {
        Buf b = new Buf();
        b.u32(f.objects().size());
        for (String o : f.objects()) b.u32(strings.index(o));
        return b.bytes();
    }

    private static byte[] sectionMeta(RcrateFile f, Strings strings) {
        Buf b = new Buf();
        b.u32(f.sections().size());
        long data = 0;
        for (RSection s : f.sections()) {
            b.u32(strings.index(s.origin())).u32(strings.index(s.name())).u32(s.type()).u32(s.group());
            b.u64(s.flags()).u64(s.align()).u64(s.entsize()).u64(s.size());
            if (s.isNobits()) {
                b.u64(0);
            } else {
                b.u64(data);
                data = align(data + s.size(), CODE_ALIGN);
            }
        }
        return b.bytes();
    }

    private static byte[] code(RcrateFile f) {
        Buf b = new Buf();
        for (RSection s : f.sections()) {
            if (s.isNobits()) continue;
            b.out.write(toArray(s.bytes()), 0, (int) s.size());
            b.pad(CODE_ALIGN);
        }
        return b.bytes();
    }

    private static byte[] groups(RcrateFile f, Strings strings) {
        Buf b = new Buf();
        b.u32(f.groups().size());
        for (RGroup g : f.groups()) {
            b.u32(strings.index(g.signature())).u32(g.comdat() ? GROUP_COMDAT : 0).u32(g.sections().size());
            for (int m : g.sections()) b.u32(m);
        }
        return b.bytes();
    }

    private static byte[] symbols(RcrateFile f, Strings strings) {
        RSymbols s = f.symbols();
        Buf b = new Buf();
        b.u32(s.count());
        for (int i = 0; i < s.count(); i++) {
            b.u32(strings.index(s.name(i))).u32(s.section(i)).u64(s.value(i)).u64(s.size(i));
            b.u8(s.binding(i)).u8(s.type(i)).u8(s.visibility(i)).u8(0).u32(s.object(i));
        }
        return b.bytes();
    }

    private static byte[] relocations(RcrateFile f) {
        RRelocations r = f.relocations();
        Buf b = new Buf();
        b.u32(r.count());
        for (int i = 0; i < r.count(); i++) {
            b.u32(r.section(i)).u32(r.type(i)).u64(r.offset(i)).u64(r.addend(i)).u32(r.symbol(i)).u32(r.query(i));
        }
        return b.bytes();
    }

    private static byte[] queries(RcrateFile f, Strings strings) {
        Buf b = new Buf();
        b.u32(f.queries().size());
        for (Marker m : f.queries()) b.u32(strings.index(Markers.mangle(m)));
        return b.bytes();
    }

    private static byte[] imports(RcrateFile f) {
        Buf b = new Buf();
        b.u32(f.imports().size());
        for (Crate c : f.imports()) {
            byte[] blob = StegCodec.encode(c);
            b.u32(blob.length);
            b.out.write(blob, 0, blob.length);
        }
        return b.bytes();
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] a = new byte[buffer.remaining()];
        buffer.get(a);
        return a;
    }

    private static byte[] utf8(String s, String what) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException(what + " is longer than 65535 bytes");
        }
        return b;
    }

    /** The string table: each distinct string once, numbered in order of first use. */
    private static final class Strings {
        private final Map<String, Integer> index = new HashMap<>();
        private final List<String> order = new ArrayList<>();

        int index(String s) {
            return index.computeIfAbsent(s, k -> {
                if (!k.equals(new String(k.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))) {
                    throw new IllegalArgumentException("string is not valid Unicode (unpaired surrogate): " + k);
                }
                order.add(k);
                return order.size() - 1;
            });
        }

        byte[] encode() {
            Buf b = new Buf();
            b.u32(order.size());
            for (String s : order) {
                byte[] u = s.getBytes(StandardCharsets.UTF_8);
                b.u32(u.length);
                b.out.write(u, 0, u.length);
            }
            return b.bytes();
        }
    }

    /** A little-endian byte sink. */
    private static final class Buf {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Buf u8(int v) {
            out.write(v);
            return this;
        }

        Buf u32(int v) {
            for (int i = 0; i < 32; i += 8) out.write(v >>> i);
            return this;
        }

        Buf u64(long v) {
            for (int i = 0; i < 64; i += 8) out.write((int) (v >>> i));
            return this;
        }

        void pad(int alignment) {
            while (out.size() % alignment != 0) out.write(0);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
