package dev.race.format.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An ELF64 little-endian relocatable object (ET_REL) for x86-64 or AArch64, read from a byte buffer
 * (typically a memory-mapped file or an archive member) without copying section contents.
 *
 * <p>{@link #read} checks every declaration it relies on before using it: header fields, the section header
 * table, each section's file range, string tables, the symbol table, relocation and group sections, and every
 * index between them. Anything wrong raises {@link ElfFormatException} naming the file, the byte offset of the
 * wrong declaration and the problem; no other exception escapes, and no allocation is sized by a declared
 * count before that count is checked against the bytes that would hold it. After {@code read} returns, the
 * accessors cannot fail.
 */
public final class ElfObject {
    private static final int EHDR_SIZE = 64;
    private static final int SHDR_SIZE = 64;
    private static final int SYM_SIZE = 24;
    private static final int RELA_SIZE = 24;

    private final String fileName;
    private final ByteBuffer bytes;
    private final int machine;
    private final int flags;
    private final List<ElfSection> sections;
    private final ElfSymbols symbols;
    private final List<ElfRelocations> relocations;
    private final List<ElfGroup> groups;

    private ElfObject(String fileName, ByteBuffer bytes, int machine, int flags, List<ElfSection> sections,
                      ElfSymbols symbols, List<ElfRelocations> relocations, List<ElfGroup> groups) {
        this.fileName = fileName;
        this.bytes = bytes;
        this.machine = machine;
        this.flags = flags;
        this.sections = sections;
        this.symbols = symbols;
        this.relocations = relocations;
        this.groups = groups;
    }

    /** Reads the object in {@code bytes} from its position to its limit; {@code fileName} is used in messages. */
    public static ElfObject read(String fileName, ByteBuffer bytes) {
        return new Reader(fileName, bytes.slice().order(ByteOrder.LITTLE_ENDIAN)).read();
    }

    public String fileName() {
        return fileName;
    }

    /** The whole object, read-only, little-endian. */
    public ByteBuffer bytes() {
        return bytes.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** e_machine: {@link Elf#EM_X86_64} or {@link Elf#EM_AARCH64}. */
    public int machine() {
        return machine;
    }

    public int flags() {
        return flags;
    }

    /** All sections by index; index 0 is the null section. */
    public List<ElfSection> sections() {
        return sections;
    }

    public ElfSection section(int index) {
        return sections.get(index);
    }

    /** The symbol table; empty (count 0) when the object has none. */
    public ElfSymbols symbols() {
        return symbols;
    }

    /** Every SHT_RELA section, in section order. */
    public List<ElfRelocations> relocations() {
        return relocations;
    }

    public List<ElfGroup> groups() {
        return groups;
    }

    /** The NUL-terminated string at {@code offset}; the table's last byte is known to be NUL. */
    static String string(ByteBuffer table, int offset) {
        int end = offset;
        while (table.get(end) != 0) {
            end++;
        }
        byte[] b = new byte[end - offset];
        table.get(offset, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** One read: the checks, in the order the structures depend on each other. */
    private static final class Reader {
        private final String file;
        private final ByteBuffer b;
        private final long length;
        private int machine;
        private int flags;
        private long shoff;
        private int count;
        private final List<ElfSection> sections = new ArrayList<>();

        Reader(String file, ByteBuffer b) {
            this.file = file;
            this.b = b;
            this.length = b.limit();
        }

        private ElfFormatException error(long offset, String problem) {
            return new ElfFormatException(file, offset, problem);
        }

        private static String hex(long v) {
            return "0x" + Long.toHexString(v);
        }

        private int u16(long at) {
            return Short.toUnsignedInt(b.getShort((int) at));
        }

        private long u32(long at) {
            return Integer.toUnsignedLong(b.getInt((int) at));
        }

        private long u64(long at) {
            return b.getLong((int) at);
        }

        /** True when [offset, offset + size) lies inside the file; unsigned, without overflow. */
        private boolean fits(long offset, long size) {
            return Long.compareUnsigned(offset, length) <= 0 && Long.compareUnsigned(size, length - offset) <= 0;
        }

        ElfObject read() {
            header();
            sectionHeaders();
            ElfSymbols symbols = symbolTable();
            List<ElfRelocations> relocations = relocationSections(symbols);
            List<ElfGroup> groups = groupSections(symbols);
            return new ElfObject(file, b, machine, flags, List.copyOf(sections), symbols, List.copyOf(relocations),
                    List.copyOf(groups));
        }

        /** Why a file without the ELF magic is not an object, naming the formats a build hands over by mistake. */
        private String notElf() {
            int m0 = length >= 4 ? b.getInt(0) : 0;
            // LLVM bitcode: 'B' 'C' 0xC0 0xDE, or the bitcode wrapper 0x0B17C0DE (little-endian words)
            if (m0 == 0xDEC04342 || m0 == 0x0B17C0DE) {
                return "LLVM bitcode, not machine code (an object from clang -flto, or rustc -C linker-plugin-lto):"
                        + " RACE links machine code only; compile it without -flto (or with -fno-lto)";
            }
            if (ArArchive.isThin(b)) {
                return "a thin archive (!<thin>, made by ar --thin or ar T): it names its member files but does not"
                        + " hold them, and RACE reads only regular archives; pass the member objects themselves or make"
                        + " a regular archive (ar rc lib.a MEMBERS...)";
            }
            return "not an ELF file (no \\x7fELF magic)";
        }

        /** ELF header (gABI "ELF Header"): identification, then the fields this reader depends on. */
        private void header() {
            if (length < 4 || b.get(0) != 0x7f || b.get(1) != 'E' || b.get(2) != 'L' || b.get(3) != 'F') {
                throw error(0, notElf());
            }
            if (length < EHDR_SIZE) {
                throw error(0, "file too short for an ELF64 header (" + length + " < 64 bytes)");
            }
            int cls = b.get(4) & 0xff;
            if (cls != 2) {
                throw error(4, "unsupported ELF class " + cls + (cls == 1 ? " (ELFCLASS32)" : "")
                        + "; only ELFCLASS64 objects are read");
            }
            int data = b.get(5) & 0xff;
            if (data != 1) {
                throw error(5, "unsupported byte order " + data + (data == 2 ? " (ELFDATA2MSB, big-endian)" : "")
                        + "; only little-endian (ELFDATA2LSB) objects are read");
            }
            if (b.get(6) != 1) {
                throw error(6, "unsupported ELF identification version " + (b.get(6) & 0xff) + " (expected 1)");
            }
            int type = u16(16);
            if (type != Elf.ET_REL) {
                String what = switch (type) {
                    case 0 -> "ET_NONE";
                    case 2 -> "ET_EXEC, an executable";
                    case 3 -> "ET_DYN, a shared object or PIE";
                    case 4 -> "ET_CORE, a core dump";
                    default -> "unknown";
                };
                throw error(16, "unsupported ELF type " + type + " (" + what
                        + "); only relocatable objects (ET_REL) are read");
            }
            machine = u16(18);
            if (machine != Elf.EM_X86_64 && machine != Elf.EM_AARCH64) {
                throw error(18, "unsupported machine " + machine + "; only x86-64 (62) and AArch64 (183) are read");
            }
            if (u32(20) != 1) {
                throw error(20, "unsupported ELF version " + u32(20) + " (expected 1)");
            }
            shoff = u64(40);
            flags = b.getInt(48);
            int ehsize = u16(52);
            if (ehsize < EHDR_SIZE) {
                throw error(52, "ELF header size " + ehsize + " is smaller than 64");
            }
        }

        /** Section header table, with gABI extended section numbering (e_shnum/e_shstrndx in section 0). */
        private void sectionHeaders() {
            long shnum = u16(60);
            long shstrndx = u16(62);
            if (shoff == 0) {
                if (shnum != 0) {
                    throw error(60, "e_shnum is " + shnum + " but there is no section header table (e_shoff 0)");
                }
                return;
            }
            int shentsize = u16(58);
            if (shentsize != SHDR_SIZE) {
                throw error(58, "section header size " + shentsize + " is not 64");
            }
            if (!fits(shoff, SHDR_SIZE)) {
                throw error(40, "section header table at " + hex(shoff) + " starts past the end of the file ("
                        + hex(length) + ")");
            }
            if (shnum == 0) {
                shnum = u64(shoff + 32); // sh_size of section 0 holds the real count
                if (shnum == 0) {
                    throw error(shoff + 32, "extended section count in section 0 is zero");
                }
            }
            if (shstrndx == Elf.SHN_XINDEX) {
                shstrndx = u32(shoff + 40); // sh_link of section 0 holds the real index
            }
            long room = (length - shoff) / SHDR_SIZE;
            if (Long.compareUnsigned(shnum, room) > 0) {
                long bad = room; // first header that does not fit
                throw error(shoff + bad * SHDR_SIZE, "section header " + bad + " extends past the end of the file ("
                        + hex(shoff + bad * SHDR_SIZE) + " + 0x40 > " + hex(length) + "); e_shnum is " + shnum);
            }
            count = (int) shnum;
            if (shstrndx >= count) {
                throw error(62, "section name table index " + shstrndx + " is not a section (" + count + " sections)");
            }
            long[] nameOff = new long[count];
            ByteBuffer names = null;
            for (int i = 0; i < count; i++) {
                long h = shoff + (long) i * SHDR_SIZE;
                nameOff[i] = u32(h);
                int type = b.getInt((int) h + 4);
                long size = u64(h + 32);
                long offset = u64(h + 24);
                if (type != Elf.SHT_NOBITS && type != Elf.SHT_NULL && !fits(offset, size)) {
                    throw error(h + 24, "section " + i + " contents extend past the end of the file (" + hex(offset)
                            + " + " + hex(size) + " > " + hex(length) + ")");
                }
            }
            if (shstrndx != Elf.SHN_UNDEF) {
                names = stringTable((int) shstrndx, shoff + shstrndx * SHDR_SIZE, "section name table");
            }
            for (int i = 0; i < count; i++) {
                long h = shoff + (long) i * SHDR_SIZE;
                int type = b.getInt((int) h + 4);
                long offset = u64(h + 24);
                long size = u64(h + 32);
                String name = "";
                if (names != null) {
                    if (nameOff[i] >= names.limit()) {
                        throw error(h, "section " + i + " name offset " + hex(nameOff[i])
                                + " is outside the section name table (size " + hex(names.limit()) + ")");
                    }
                    name = string(names, (int) nameOff[i]);
                } else if (nameOff[i] != 0) {
                    throw error(h, "section " + i + " has a name but the object has no section name table");
                }
                boolean hasBytes = type != Elf.SHT_NOBITS && type != Elf.SHT_NULL;
                ByteBuffer contents = hasBytes ? b.slice((int) offset, (int) size) : b.slice(0, 0);
                sections.add(new ElfSection(i, name, type, u64(h + 8), u64(h + 16), offset, size, (int) u32(h + 40),
                        (int) u32(h + 44), u64(h + 48), u64(h + 56), contents));
            }
        }

        /** A string table must be SHT_STRTAB and, if not empty, end with NUL, so every name in it terminates. */
        private ByteBuffer stringTable(int index, long declaredAt, String what) {
            long h = shoff + (long) index * SHDR_SIZE;
            int type = b.getInt((int) h + 4);
            if (type != Elf.SHT_STRTAB) {
                throw error(declaredAt, what + " (section " + index + ") has type "
                        + Elf.sectionTypeName(machine, type) + ", not STRTAB");
            }
            long offset = u64(h + 24);
            long size = u64(h + 32);
            if (size == 0 || b.get((int) (offset + size - 1)) != 0) {
                throw error(offset + Math.max(size, 1) - 1, what + " (section " + index
                        + ") does not end with a NUL byte");
            }
            return b.slice((int) offset, (int) size);
        }

        private ElfSection section(int i) {
            return sections.get(i);
        }

        private long headerOffset(int i) {
            return shoff + (long) i * SHDR_SIZE;
        }

        private String describe(int i) {
            String n = section(i).name();
            return "section " + i + (n.isEmpty() ? "" : " (" + n + ")");
        }

        /** Checks that a table section holds whole entries of the size the ABI fixes. */
        private int entries(int i, int entrySize, String what) {
            ElfSection s = section(i);
            if (s.entsize() != entrySize) {
                throw error(headerOffset(i) + 56, what + " " + describe(i) + " has entry size " + s.entsize()
                        + ", expected " + entrySize);
            }
            if (s.size() % entrySize != 0) {
                throw error(headerOffset(i) + 32, what + " " + describe(i) + " size " + hex(s.size())
                        + " is not a multiple of " + entrySize);
            }
            return (int) (s.size() / entrySize);
        }

        private ElfSymbols symbolTable() {
            int symtab = -1;
            int shndxTable = -1;
            for (ElfSection s : sections) {
                if (s.type() == Elf.SHT_SYMTAB) {
                    if (symtab >= 0) {
                        throw error(headerOffset(s.index()) + 4, "second symbol table " + describe(s.index())
                                + " (a relocatable object has one)");
                    }
                    symtab = s.index();
                } else if (s.type() == Elf.SHT_DYNSYM) {
                    throw error(headerOffset(s.index()) + 4, "dynamic symbol table " + describe(s.index())
                            + " in a relocatable object");
                }
            }
            if (symtab < 0) {
                return ElfSymbols.EMPTY;
            }
            for (ElfSection s : sections) {
                if (s.type() == Elf.SHT_SYMTAB_SHNDX && s.link() == symtab) {
                    shndxTable = s.index();
                }
            }
            ElfSection st = section(symtab);
            int n = entries(symtab, SYM_SIZE, "symbol table");
            if (st.link() <= 0 || st.link() >= count) {
                throw error(headerOffset(symtab) + 40, "symbol table's string table index " + st.link()
                        + " is not a section");
            }
            ByteBuffer strtab = stringTable(st.link(), headerOffset(symtab) + 40, "symbol string table");
            if (Integer.compareUnsigned(st.info(), n) > 0) {
                throw error(headerOffset(symtab) + 44, "symbol table's first global index " + st.info()
                        + " is past its " + n + " symbols");
            }
            if (shndxTable >= 0) {
                int m = entries(shndxTable, 4, "extended section index table");
                if (m != n) {
                    throw error(headerOffset(shndxTable) + 32, "extended section index table " + describe(shndxTable)
                            + " has " + m + " entries for " + n + " symbols");
                }
            }
            int[] name = new int[n];
            long[] value = new long[n];
            long[] size = new long[n];
            byte[] bind = new byte[n];
            byte[] type = new byte[n];
            byte[] vis = new byte[n];
            int[] shndx = new int[n];
            for (int i = 0; i < n; i++) {
                long at = st.offset() + (long) i * SYM_SIZE;
                long nameOff = u32(at);
                if (nameOff >= strtab.limit()) {
                    throw error(at, "symbol " + i + " name offset " + hex(nameOff)
                            + " is outside the string table (size " + hex(strtab.limit()) + ")");
                }
                name[i] = (int) nameOff;
                int info = b.get((int) at + 4) & 0xff;
                int bindValue = info >>> 4;
                bind[i] = switch (bindValue) {
                    case 0, 1, 2 -> (byte) bindValue;
                    case 10 -> (byte) ElfSymbols.Binding.UNIQUE.ordinal(); // STB_GNU_UNIQUE
                    default -> throw error(at + 4, "symbol " + i + " has unsupported binding " + bindValue);
                };
                int typeValue = info & 0xf;
                type[i] = switch (typeValue) {
                    case 0, 1, 2, 3, 4, 5, 6 -> (byte) typeValue;
                    case 10 -> (byte) ElfSymbols.Type.IFUNC.ordinal(); // STT_GNU_IFUNC
                    default -> throw error(at + 4, "symbol " + i + " has unsupported type " + typeValue);
                };
                vis[i] = (byte) (b.get((int) at + 5) & 3);
                int ndx = u16(at + 6);
                if (ndx == Elf.SHN_XINDEX) {
                    if (shndxTable < 0) {
                        throw error(at + 6, "symbol " + i + " uses SHN_XINDEX but there is no SHT_SYMTAB_SHNDX "
                                + "section for the symbol table");
                    }
                    long xat = section(shndxTable).offset() + 4L * i;
                    long x = u32(xat);
                    if (x == 0 || x >= count) {
                        throw error(xat, "symbol " + i + " extended section index " + x + " is not a section");
                    }
                    ndx = (int) x;
                } else if (ndx >= Elf.SHN_LORESERVE) {
                    if (ndx != Elf.SHN_ABS && ndx != Elf.SHN_COMMON) {
                        throw error(at + 6, "symbol " + i + " has unsupported reserved section index "
                                + hex(ndx));
                    }
                } else if (ndx >= count) {
                    throw error(at + 6, "symbol " + i + " section index " + ndx + " is not a section ("
                            + count + " sections)");
                }
                shndx[i] = ndx;
                value[i] = u64(at + 8);
                size[i] = u64(at + 16);
            }
            return new ElfSymbols(symtab, strtab, name, value, size, bind, type, vis, shndx, st.info());
        }

        private List<ElfRelocations> relocationSections(ElfSymbols symbols) {
            List<ElfRelocations> out = new ArrayList<>();
            for (ElfSection s : sections) {
                int i = s.index();
                if (s.type() == Elf.SHT_REL) {
                    throw error(headerOffset(i) + 4, "SHT_REL " + describe(i) + " is not supported: x86-64 and "
                            + "AArch64 ELF64 objects use SHT_RELA (explicit addends)");
                }
                if (s.type() != Elf.SHT_RELA) {
                    continue;
                }
                int n = entries(i, RELA_SIZE, "relocation section");
                if (s.link() != symbols.sectionIndex() || symbols.sectionIndex() < 0) {
                    throw error(headerOffset(i) + 40, "relocation " + describe(i) + " links to section " + s.link()
                            + ", not to the symbol table");
                }
                if (s.info() <= 0 || s.info() >= count) {
                    throw error(headerOffset(i) + 44, "relocation " + describe(i) + " applies to section "
                            + Integer.toUnsignedString(s.info()) + ", which is not a section");
                }
                ElfSection target = section(s.info());
                long[] offset = new long[n];
                int[] type = new int[n];
                int[] symbol = new int[n];
                long[] addend = new long[n];
                for (int k = 0; k < n; k++) {
                    long at = s.offset() + (long) k * RELA_SIZE;
                    offset[k] = u64(at);
                    if (Long.compareUnsigned(offset[k], target.size()) >= 0) {
                        throw error(at, "relocation " + k + " in " + describe(i) + " at offset " + hex(offset[k])
                                + " is outside " + describe(target.index()) + " (size " + hex(target.size()) + ")");
                    }
                    long info = u64(at + 8);
                    long sym = info >>> 32;
                    if (sym >= symbols.count()) {
                        throw error(at + 8, "relocation " + k + " in " + describe(i) + " names symbol " + sym
                                + " of " + symbols.count());
                    }
                    symbol[k] = (int) sym;
                    type[k] = (int) info;
                    addend[k] = u64(at + 16);
                }
                out.add(new ElfRelocations(i, s.name(), s.info(), offset, type, symbol, addend));
            }
            return out;
        }

        private List<ElfGroup> groupSections(ElfSymbols symbols) {
            List<ElfGroup> out = new ArrayList<>();
            for (ElfSection s : sections) {
                if (s.type() != Elf.SHT_GROUP) {
                    continue;
                }
                int i = s.index();
                int n = entries(i, 4, "group section");
                if (n == 0) {
                    throw error(headerOffset(i) + 32, "group " + describe(i) + " has no flag word");
                }
                if (s.link() != symbols.sectionIndex() || symbols.sectionIndex() < 0) {
                    throw error(headerOffset(i) + 40, "group " + describe(i) + " links to section " + s.link()
                            + ", not to the symbol table");
                }
                if (Integer.compareUnsigned(s.info(), symbols.count()) >= 0) {
                    throw error(headerOffset(i) + 44, "group " + describe(i) + " signature symbol "
                            + Integer.toUnsignedString(s.info()) + " is not a symbol");
                }
                long flagWord = u32(s.offset());
                List<Integer> members = new ArrayList<>(n - 1);
                for (int k = 1; k < n; k++) {
                    long at = s.offset() + 4L * k;
                    long m = u32(at);
                    if (m == 0 || m >= count) {
                        throw error(at, "group " + describe(i) + " member " + m + " is not a section");
                    }
                    members.add((int) m);
                }
                out.add(new ElfGroup(i, s.info(), symbols.name(s.info()), (flagWord & Elf.GRP_COMDAT) != 0,
                        members));
            }
            return out;
        }
    }
}
