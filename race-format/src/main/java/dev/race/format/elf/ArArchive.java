package dev.race.format.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A static archive ({@code !<arch>\n}, the common ar format as written by GNU and BSD ar). Each member has a
 * 60-byte header: name[16], date[12], uid[6], gid[6], mode[8], size[10] (decimal, space padded) and the magic
 * {@code `\n}; its data follows, padded to an even offset.
 * <ul>
 *   <li>GNU names: {@code name/} (terminated by a slash), {@code /N} (offset N into the {@code //} member, where
 *       names end with {@code /\n}). The symbol index {@code /} (and {@code /SYM64/}) is skipped.</li>
 *   <li>BSD names: {@code #1/N}: the name is the first N bytes of the member data, the rest is the member.
 *       The symbol index {@code __.SYMDEF} (also {@code __.SYMDEF SORTED}) is skipped.</li>
 * </ul>
 * Thin archives ({@code !<thin>\n}) hold no member bytes and are rejected. Every field is checked as for
 * {@link ElfObject}: failures are {@link ElfFormatException}s naming the archive and the offset.
 */
public final class ArArchive {
    private static final byte[] MAGIC = "!<arch>\n".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 60;

    private final String fileName;
    private final List<ArMember> members;

    private ArArchive(String fileName, List<ArMember> members) {
        this.fileName = fileName;
        this.members = members;
    }

    public String fileName() {
        return fileName;
    }

    /** The members in archive order, symbol index and long-name table excluded. */
    public List<ArMember> members() {
        return members;
    }

    public static boolean isArchive(ByteBuffer bytes) {
        ByteBuffer b = bytes.slice();
        if (b.limit() < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b.get(i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code bytes} start with a thin archive's magic ({@code !<thin>\n}): member names, no member bytes. */
    public static boolean isThin(ByteBuffer bytes) {
        ByteBuffer b = bytes.slice();
        return b.limit() >= 8 && "!<thin>\n".equals(ascii(b, 0, 8));
    }

    public static ArArchive read(String fileName, ByteBuffer bytes) {
        ByteBuffer b = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        int length = b.limit();
        if (!isArchive(b)) {
            throw new ElfFormatException(fileName, 0, isThin(b) ? "thin archives (!<thin>) are not supported: they "
                    + "hold no member bytes" : "not an archive (no !<arch> magic)");
        }
        List<ArMember> members = new ArrayList<>();
        ByteBuffer longNames = null;
        long pos = MAGIC.length;
        while (pos < length) {
            if (length - pos < HEADER) {
                throw new ElfFormatException(fileName, pos, "member header extends past the end of the archive ("
                        + hex(pos) + " + 0x3c > " + hex(length) + ")");
            }
            int h = (int) pos;
            if (b.get(h + 58) != '`' || b.get(h + 59) != '\n') {
                throw new ElfFormatException(fileName, h + 58, "member header does not end with the `\\n magic");
            }
            long size = decimal(fileName, b, h + 48, 10, "member size");
            long data = pos + HEADER;
            if (size > length - data) {
                throw new ElfFormatException(fileName, h + 48, "member size " + size + " extends past the end of "
                        + "the archive (" + hex(data) + " + " + hex(size) + " > " + hex(length) + ")");
            }
            String raw = ascii(b, h, 16);
            String name;
            long start = data;
            long memberSize = size;
            if (raw.startsWith("#1/")) {
                long n = decimal(fileName, b, h + 3, 13, "BSD name length");
                if (n > size) {
                    throw new ElfFormatException(fileName, h + 3, "BSD name length " + n + " is longer than the "
                            + "member (" + size + " bytes)");
                }
                name = cString(b, (int) data, (int) n);
                start = data + n;
                memberSize = size - n;
            } else if (raw.startsWith("// ")) {
                longNames = b.slice((int) data, (int) size);
                name = null;
            } else if (raw.startsWith("/ ") || raw.startsWith("/SYM64/ ")) {
                name = null; // GNU symbol index
            } else if (raw.startsWith("/")) {
                long off = decimal(fileName, b, h + 1, 15, "long name offset");
                if (longNames == null) {
                    throw new ElfFormatException(fileName, h, "member refers to long name " + off
                            + " but the archive has no // name table before it");
                }
                if (off >= longNames.limit()) {
                    throw new ElfFormatException(fileName, h + 1, "long name offset " + off + " is outside the // "
                            + "name table (" + longNames.limit() + " bytes)");
                }
                name = longName(longNames, (int) off);
            } else {
                int slash = raw.indexOf('/');
                name = slash >= 0 ? raw.substring(0, slash) : raw.stripTrailing();
            }
            if (name != null && !name.startsWith("__.SYMDEF")) {
                members.add(new ArMember(name, pos, b.slice((int) start, (int) memberSize)));
            }
            pos = data + size + (size & 1);
        }
        return new ArArchive(fileName, List.copyOf(members));
    }

    /** A GNU long name: up to {@code /\n} (or a NUL / the table's end). */
    private static String longName(ByteBuffer table, int off) {
        int end = off;
        while (end < table.limit() && table.get(end) != '\n' && table.get(end) != 0) {
            end++;
        }
        if (end > off && table.get(end - 1) == '/') {
            end--;
        }
        return ascii(table, off, end - off);
    }

    private static String cString(ByteBuffer b, int off, int n) {
        int end = off;
        while (end < off + n && b.get(end) != 0) {
            end++;
        }
        return ascii(b, off, end - off);
    }

    /** A decimal field padded with spaces; at most 10 digits here, so it cannot overflow a long. */
    private static long decimal(String file, ByteBuffer b, int at, int width, String what) {
        long v = 0;
        int digits = 0;
        int i = 0;
        for (; i < width; i++) {
            int c = b.get(at + i);
            if (c < '0' || c > '9') {
                break;
            }
            if (digits++ == 12) {
                throw new ElfFormatException(file, at, what + " has too many digits");
            }
            v = v * 10 + (c - '0');
        }
        if (digits == 0) {
            throw new ElfFormatException(file, at, what + " `" + ascii(b, at, width).strip() + "` is not a decimal "
                    + "number");
        }
        for (; i < width; i++) {
            if (b.get(at + i) != ' ') {
                throw new ElfFormatException(file, at + i, what + " `" + ascii(b, at, width).strip()
                        + "` is not a decimal number");
            }
        }
        return v;
    }

    private static String ascii(ByteBuffer b, int off, int n) {
        byte[] out = new byte[n];
        b.get(off, out);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
