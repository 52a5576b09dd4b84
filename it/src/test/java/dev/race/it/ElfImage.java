package dev.race.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A linked ELF64 little-endian file as the tests need it: its sections (name, type, flags, address, size), its
 * global symbols, and the bytes at a virtual address (zeros inside a {@code SHT_NOBITS} section). Written here,
 * independently of RACE's own readers, so that the oracle does not share code with what it checks.
 */
final class ElfImage {
    static final int SHT_SYMTAB = 2;
    static final int SHT_NOBITS = 8;
    static final long SHF_ALLOC = 2;

    record Section(String name, int type, long flags, long addr, long offset, long size) {
        boolean alloc() {
            return (flags & SHF_ALLOC) != 0;
        }

        boolean contains(long a, long len) {
            return Long.compareUnsigned(a, addr) >= 0 && Long.compareUnsigned(a + len, addr + size) <= 0;
        }
    }

    private final Path file;
    private final ByteBuffer buf;
    private final List<Section> sections = new ArrayList<>();
    private final Map<String, Long> globals = new LinkedHashMap<>();

    private ElfImage(Path file, byte[] bytes) {
        this.file = file;
        this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 64 || buf.getInt(0) != 0x464c457f || bytes[4] != 2 || bytes[5] != 1) {
            throw new IllegalArgumentException(file + ": not an ELF64 little-endian file");
        }
        long shoff = buf.getLong(0x28);
        int shentsize = Short.toUnsignedInt(buf.getShort(0x3a));
        int shnum = Short.toUnsignedInt(buf.getShort(0x3c));
        int shstrndx = Short.toUnsignedInt(buf.getShort(0x3e));
        long[] nameOff = new long[shnum];
        int[] links = new int[shnum];
        List<long[]> raw = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            int h = (int) (shoff + (long) i * shentsize);
            nameOff[i] = Integer.toUnsignedLong(buf.getInt(h));
            links[i] = buf.getInt(h + 40);
            raw.add(new long[] {buf.getInt(h + 4), buf.getLong(h + 8), buf.getLong(h + 16), buf.getLong(h + 24),
                    buf.getLong(h + 32)});
        }
        long strOff = raw.get(shstrndx)[3];
        for (int i = 0; i < shnum; i++) {
            long[] r = raw.get(i);
            sections.add(new Section(cString(strOff + nameOff[i]), (int) r[0], r[1], r[2], r[3], r[4]));
        }
        for (int i = 0; i < shnum; i++) {
            Section s = sections.get(i);
            if (s.type() != SHT_SYMTAB) continue;
            long names = sections.get(links[i]).offset();
            for (long e = s.offset() + 24; e + 24 <= s.offset() + s.size(); e += 24) {
                int info = buf.get((int) e + 4);
                int shndx = Short.toUnsignedInt(buf.getShort((int) e + 6));
                if ((info >> 4) != 1 || shndx == 0) continue; // global and defined only
                globals.put(cString(names + Integer.toUnsignedLong(buf.getInt((int) e))), buf.getLong((int) e + 8));
            }
        }
    }

    static ElfImage read(Path file) throws IOException {
        return new ElfImage(file, Files.readAllBytes(file));
    }

    private String cString(long off) {
        int end = (int) off;
        while (buf.get(end) != 0) end++;
        return new String(buf.array(), (int) off, end - (int) off, StandardCharsets.US_ASCII);
    }

    List<Section> sections() {
        return sections;
    }

    /** Defined global symbols: name to value. */
    Map<String, Long> globals() {
        return globals;
    }

    /** The {@code len} bytes at virtual address {@code addr}; IllegalArgumentException when no section holds them. */
    byte[] bytesAt(long addr, int len) {
        for (Section s : sections) {
            if (!s.alloc() || !s.contains(addr, len)) continue;
            byte[] out = new byte[len];
            if (s.type() != SHT_NOBITS) {
                System.arraycopy(buf.array(), (int) (s.offset() + addr - s.addr()), out, 0, len);
            }
            return out;
        }
        throw new IllegalArgumentException(file + ": no section holds 0x" + Long.toHexString(addr) + "+" + len);
    }
}
