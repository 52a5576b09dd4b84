package dev.race.codegen.elf;

import dev.race.format.elf.Elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes a laid-out {@link ExecImage} as a static, fixed-address ({@code ET_EXEC}) ELF64 little-endian file.
 *
 * <p>File shape: ELF header, program headers, then one {@code PT_LOAD} per run of address-adjacent sections with
 * the same permissions (R, RX or RW), each placed at a file offset congruent to its address modulo the page size
 * so the kernel can mmap it directly. The headers themselves are mapped too, by a read-only {@code PT_LOAD} of
 * file offset 0 one page below the first segment, described by a {@code PT_PHDR}: a libc's start-up (musl's
 * {@code __init_tls}, glibc's {@code _dl_relocate_static_pie}, {@code dl_iterate_phdr}) reads them through
 * {@code AT_PHDR}, which the kernel derives from where they are mapped; a trailing NOBITS section ({@code .bss}) makes the segment's memsz exceed its
 * filesz and the kernel zero-fills the rest. Each NOTE section also gets a {@code PT_NOTE}, and a
 * {@code PT_GNU_STACK} header asks for a non-executable stack. After
 * the segments come {@code .symtab}, {@code .strtab}, {@code .shstrtab} and the section header table, which the
 * loader ignores but readelf, objdump and gdb use.
 *
 * <p>The output depends only on the image (no clocks, no hash order), so equal images give equal bytes.
 */
public final class ElfExecutableWriter {
    private static final int EHDR_SIZE = 64;
    private static final int PHDR_SIZE = 56;
    private static final int SHDR_SIZE = 64;
    private static final int SYM_SIZE = 24;

    private ElfExecutableWriter() {
    }

    /** A PT_LOAD: sections (by index into the image list) sorted by address, all with permission {@code pf}. */
    private record Segment(int pf, List<Integer> members, long vaddr, long fileEnd, long memEnd) {
    }

    /** Validates {@code image} and returns the executable's bytes; throws {@link ElfOutputException} if invalid. */
    public static byte[] write(ExecImage image) {
        FilePlan plan = plan(image);
        byte[] file = new byte[plan.size()];
        ByteBuffer out = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<OutputSection> sections = image.sections();
        for (int i = 0; i < sections.size(); i++) {
            OutputSection s = sections.get(i);
            if (!s.isNobits()) {
                s.copyTo(out, (int) plan.secOffset[i]);
            }
        }
        plan.writeHeaders(file);
        return file;
    }

    /**
     * Validates {@code image} and lays out its file without writing it: where each section's contents go
     * ({@link FilePlan#sectionOffset}) and how long the file is. A caller that writes the contents of
     * {@link OutputSection#reserved reserved} sections itself patches them straight into one buffer of
     * {@link FilePlan#size()} bytes, then has {@link FilePlan#writeHeaders} fill in everything else: the bytes equal
     * {@link #write}'s. Throws {@link ElfOutputException} if invalid.
     */
    public static FilePlan plan(ExecImage image) {
        List<OutputSection> sections = image.sections();
        checkSections(image);
        List<Segment> segments = segments(image);

        // Headers first, then each segment at the first offset >= the previous end that is congruent to its
        // address modulo the page size (gABI: p_offset % p_align == p_vaddr % p_align).
        // NOTE sections also get a PT_NOTE each (gABI "Note Section"), so readelf -n and loaders find them.
        List<Integer> notes = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).type() == Elf.SHT_NOTE) {
                notes.add(i);
            }
        }
        notes.sort(Comparator.comparingLong((Integer i) -> sections.get(i).address()).thenComparing(i -> i));
        int phnum = 2 + segments.size() + notes.size() + 1; // PT_PHDR and the headers' PT_LOAD first
        long page = image.pageSize();
        long firstVaddr = segments.stream().mapToLong(Segment::vaddr).min().orElse(image.pageSize() * 2);
        long headersVaddr = (firstVaddr & -page) - page;
        if (headersVaddr < page) {
            throw new ElfOutputException(String.format("the first segment at 0x%x leaves no page below it for the"
                    + " program headers (start the image at 0x%x or above)", firstVaddr, 2 * page));
        }
        long headersSize = EHDR_SIZE + (long) PHDR_SIZE * phnum;
        long cursor = EHDR_SIZE + (long) PHDR_SIZE * phnum;
        long[] segOffset = new long[segments.size()];
        long[] secOffset = new long[sections.size()];
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            long off = cursor + Math.floorMod(s.vaddr() - cursor, page);
            segOffset[i] = off;
            for (int m : s.members()) {
                secOffset[m] = off + (sections.get(m).address() - s.vaddr());
            }
            cursor = off + (s.fileEnd() - s.vaddr());
        }

        // Symbol table: the null symbol, then every local, then globals and weaks (gABI: sh_info of .symtab is one
        // greater than the last local's index). Stable within each group, so the caller's order is kept.
        ElfStringTable strtab = new ElfStringTable();
        List<OutputSymbol> ordered = new ArrayList<>();
        image.symbols().stream().filter(OutputSymbol::isLocal).forEach(ordered::add);
        int firstGlobal = ordered.size() + 1;
        image.symbols().stream().filter(s -> !s.isLocal()).forEach(ordered::add);
        ByteBuffer symtab = le(SYM_SIZE * (ordered.size() + 1));
        symtab.position(SYM_SIZE);
        for (OutputSymbol s : ordered) {
            symtab.putInt(strtab.add(s.name()));
            symtab.put((byte) ((s.binding() << 4) | s.type()));
            symtab.put((byte) 0); // st_other: STV_DEFAULT
            symtab.putShort((short) (s.section() == OutputSymbol.ABS ? Elf.SHN_ABS : s.section() + 1));
            symtab.putLong(s.value());
            symtab.putLong(s.size());
        }
        byte[] strBytes = strtab.bytes();

        ElfStringTable shstrtab = new ElfStringTable();
        int[] secName = new int[sections.size()];
        for (int i = 0; i < sections.size(); i++) {
            secName[i] = shstrtab.add(sections.get(i).name());
        }
        int symtabName = shstrtab.add(".symtab");
        int strtabName = shstrtab.add(".strtab");
        int shstrtabName = shstrtab.add(".shstrtab");
        byte[] shstrBytes = shstrtab.bytes();

        long symtabOff = ElfBytes.align(cursor, 8);
        long strtabOff = symtabOff + symtab.capacity();
        long shstrtabOff = strtabOff + strBytes.length;
        long shoff = ElfBytes.align(shstrtabOff + shstrBytes.length, 8);
        int shnum = sections.size() + 4;
        long total = shoff + (long) SHDR_SIZE * shnum;
        if (total > Integer.MAX_VALUE - 8) {
            throw new ElfOutputException("executable would be " + total + " bytes, more than this writer supports");
        }
        return new FilePlan(image, segments, notes, phnum, headersVaddr, headersSize, segOffset, secOffset, symtab,
                strBytes, secName, symtabName, strtabName, shstrtabName, shstrBytes, symtabOff, strtabOff,
                shstrtabOff, shoff, shnum, firstGlobal, (int) total);
    }

    /** The file layout of one image ({@link #plan}): section offsets, size, and the headers and tables to write. */
    public static final class FilePlan {
        private final ExecImage image;
        private final List<Segment> segments;
        private final List<Integer> notes;
        private final int phnum;
        private final long headersVaddr;
        private final long headersSize;
        private final long[] segOffset;
        private final long[] secOffset;
        private final ByteBuffer symtab;
        private final byte[] strBytes;
        private final int[] secName;
        private final int symtabName;
        private final int strtabName;
        private final int shstrtabName;
        private final byte[] shstrBytes;
        private final long symtabOff;
        private final long strtabOff;
        private final long shstrtabOff;
        private final long shoff;
        private final int shnum;
        private final int firstGlobal;
        private final int size;

        private FilePlan(ExecImage image, List<Segment> segments, List<Integer> notes, int phnum, long headersVaddr,
                         long headersSize, long[] segOffset, long[] secOffset, ByteBuffer symtab, byte[] strBytes,
                         int[] secName, int symtabName, int strtabName, int shstrtabName, byte[] shstrBytes,
                         long symtabOff, long strtabOff, long shstrtabOff, long shoff, int shnum, int firstGlobal,
                         int size) {
            this.image = image;
            this.segments = segments;
            this.notes = notes;
            this.phnum = phnum;
            this.headersVaddr = headersVaddr;
            this.headersSize = headersSize;
            this.segOffset = segOffset;
            this.secOffset = secOffset;
            this.symtab = symtab;
            this.strBytes = strBytes;
            this.secName = secName;
            this.symtabName = symtabName;
            this.strtabName = strtabName;
            this.shstrtabName = shstrtabName;
            this.shstrBytes = shstrBytes;
            this.symtabOff = symtabOff;
            this.strtabOff = strtabOff;
            this.shstrtabOff = shstrtabOff;
            this.shoff = shoff;
            this.shnum = shnum;
            this.firstGlobal = firstGlobal;
            this.size = size;
        }

        /** The file's length in bytes. */
        public int size() {
            return size;
        }

        /** Where the contents of section {@code i} (of the image's list) start in the file. */
        public long sectionOffset(int i) {
            return secOffset[i];
        }

        /**
         * Writes everything but the sections' contents into {@code file} (of {@link #size()} bytes, zero where
         * nothing is written): the ELF and program headers, the symbol and string tables, the section headers.
         */
        public void writeHeaders(byte[] file) {
            if (file.length != size) {
                throw new IllegalArgumentException("the file is " + file.length + " bytes, the plan " + size);
            }
            List<OutputSection> sections = image.sections();
            long page = image.pageSize();
            ByteBuffer out = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);

            // ELF header (gABI "ELF Header").
            out.put(new byte[] {0x7f, 'E', 'L', 'F', 2 /* ELFCLASS64 */, 1 /* ELFDATA2LSB */, 1 /* EV_CURRENT */,
                    0 /* ELFOSABI_NONE */});
            out.position(16);
            out.putShort((short) ExecElf.ET_EXEC);
            out.putShort((short) image.machine());
            out.putInt(1); // e_version
            out.putLong(image.entry());
            out.putLong(EHDR_SIZE); // e_phoff
            out.putLong(shoff);
            out.putInt(0); // e_flags: none defined for x86-64 or AArch64
            out.putShort((short) EHDR_SIZE);
            out.putShort((short) PHDR_SIZE);
            out.putShort((short) phnum);
            out.putShort((short) SHDR_SIZE);
            out.putShort((short) shnum);
            out.putShort((short) (shnum - 1)); // e_shstrndx: .shstrtab is last

            // gABI: PT_PHDR precedes every PT_LOAD, and PT_LOADs are sorted by address
            out.putInt(ExecElf.PT_PHDR);
            out.putInt(ExecElf.PF_R);
            out.putLong(EHDR_SIZE);
            out.putLong(headersVaddr + EHDR_SIZE);
            out.putLong(headersVaddr + EHDR_SIZE);
            out.putLong((long) PHDR_SIZE * phnum);
            out.putLong((long) PHDR_SIZE * phnum);
            out.putLong(8);
            out.putInt(ExecElf.PT_LOAD);
            out.putInt(ExecElf.PF_R);
            out.putLong(0);
            out.putLong(headersVaddr);
            out.putLong(headersVaddr);
            out.putLong(headersSize);
            out.putLong(headersSize);
            out.putLong(page);
            for (int i = 0; i < segments.size(); i++) {
                Segment s = segments.get(i);
                out.putInt(ExecElf.PT_LOAD);
                out.putInt(s.pf());
                out.putLong(segOffset[i]);
                out.putLong(s.vaddr());
                out.putLong(s.vaddr()); // p_paddr: same as vaddr, as ld writes for a plain executable
                out.putLong(s.fileEnd() - s.vaddr());
                out.putLong(s.memEnd() - s.vaddr());
                out.putLong(page);
            }
            for (int i : notes) {
                OutputSection n = sections.get(i);
                out.putInt(ExecElf.PT_NOTE);
                out.putInt(ExecElf.PF_R);
                out.putLong(secOffset[i]);
                out.putLong(n.address());
                out.putLong(n.address());
                out.putLong(n.size());
                out.putLong(n.size());
                out.putLong(n.alignment());
            }
            out.putInt(ExecElf.PT_GNU_STACK);
            out.putInt(ExecElf.PF_R | ExecElf.PF_W);
            out.putLong(0);
            out.putLong(0);
            out.putLong(0);
            out.putLong(0);
            out.putLong(0);
            out.putLong(16);

            out.put((int) symtabOff, symtab.array());
            out.put((int) strtabOff, strBytes);
            out.put((int) shstrtabOff, shstrBytes);

            out.position((int) shoff + SHDR_SIZE); // header 0 is the all-zero null section
            for (int i = 0; i < sections.size(); i++) {
                OutputSection s = sections.get(i);
                boolean array = s.type() == Elf.SHT_INIT_ARRAY || s.type() == Elf.SHT_FINI_ARRAY;
                ElfBytes.sectionHeader(out, secName[i], s.type(), s.flags(), s.address(), secOffset[i],
                        s.size(), 0, 0, s.alignment(), array ? 8 : 0);
            }
            int strtabIndex = sections.size() + 2;
            ElfBytes.sectionHeader(out, symtabName, Elf.SHT_SYMTAB, 0, 0, symtabOff,
                    symtab.capacity(), strtabIndex, firstGlobal, 8, SYM_SIZE);
            ElfBytes.sectionHeader(out, strtabName, Elf.SHT_STRTAB, 0, 0, strtabOff, strBytes.length, 0, 0, 1, 0);
            ElfBytes.sectionHeader(out, shstrtabName, Elf.SHT_STRTAB, 0, 0, shstrtabOff, shstrBytes.length, 0, 0, 1, 0);
        }
    }

    private static void checkSections(ExecImage image) {
        List<OutputSection> sections = image.sections();
        for (OutputSection s : sections) {
            if ((s.flags() & Elf.SHF_ALLOC) == 0) {
                throw new ElfOutputException("section " + s.name() + " is not allocatable (no SHF_ALLOC)");
            }
            if (s.alignment() < 1 || Long.bitCount(s.alignment()) != 1) {
                throw new ElfOutputException("section " + s.name() + ": alignment " + s.alignment()
                        + " is not a power of two");
            }
            if (s.address() % s.alignment() != 0) {
                throw new ElfOutputException(String.format("section %s at 0x%x is not aligned to %d", s.name(),
                        s.address(), s.alignment()));
            }
            if (s.writable() && s.executable()) {
                throw new ElfOutputException("section " + s.name()
                        + " is both writable and executable (W+X); the writer refuses W+X segments");
            }
        }
        List<OutputSection> byAddress = sections.stream()
                .sorted(Comparator.comparingLong(OutputSection::address)).toList();
        // Compare each section with the one reaching furthest so far, not only its neighbour: an empty section
        // between two others must not hide their overlap.
        OutputSection a = null;
        for (OutputSection b : byAddress) {
            if (a != null && b.address() < a.end() && b.size() > 0) {
                throw new ElfOutputException(String.format("sections %s [0x%x, 0x%x) and %s [0x%x, 0x%x) overlap",
                        a.name(), a.address(), a.end(), b.name(), b.address(), b.end()));
            }
            if (a == null || b.end() > a.end()) {
                a = b;
            }
        }
        boolean entryInCode = sections.stream()
                .anyMatch(s -> s.executable() && image.entry() >= s.address() && image.entry() < s.end());
        if (!entryInCode) {
            throw new ElfOutputException(String.format("entry point 0x%x is not inside an executable section",
                    image.entry()));
        }
        for (OutputSymbol sym : image.symbols()) {
            if (sym.section() != OutputSymbol.ABS && (sym.section() < 0 || sym.section() >= sections.size())) {
                throw new ElfOutputException("symbol " + sym.name() + " refers to section index " + sym.section()
                        + " but the image has " + sections.size() + " sections");
            }
            // A section-relative symbol holds an address inside its section; one past the end is allowed
            // (end markers like __bss_end), anything else means layout and symbol values disagree.
            if (sym.section() != OutputSymbol.ABS) {
                OutputSection in = sections.get(sym.section());
                if (sym.value() < in.address() || sym.value() > in.end()) {
                    throw new ElfOutputException(String.format("symbol %s at 0x%x lies outside its section %s"
                            + " [0x%x, 0x%x)", sym.name(), sym.value(), in.name(), in.address(), in.end()));
                }
            }
        }
    }

    /** Groups address-adjacent sections of equal permission into segments; refuses layouts the kernel can't map. */
    private static List<Segment> segments(ExecImage image) {
        List<OutputSection> sections = image.sections();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong((Integer i) -> sections.get(i).address()).thenComparing(i -> i));
        List<Segment> out = new ArrayList<>();
        List<Integer> run = new ArrayList<>();
        int runPf = -1;
        for (int i : order) {
            int pf = permissions(sections.get(i));
            if (pf != runPf && !run.isEmpty()) {
                out.add(segment(sections, runPf, run));
                run = new ArrayList<>();
            }
            runPf = pf;
            run.add(i);
        }
        if (!run.isEmpty()) {
            out.add(segment(sections, runPf, run));
        }
        // The kernel maps whole pages: two segments on one page would get one set of permissions (the later
        // mapping replaces the earlier), so each segment must start on a page the previous one does not touch.
        long page = image.pageSize();
        for (int i = 1; i < out.size(); i++) {
            Segment a = out.get(i - 1);
            Segment b = out.get(i);
            if (Math.floorDiv(b.vaddr(), page) * page < ElfBytes.align(a.memEnd(), page)) {
                throw new ElfOutputException(String.format(
                        "segments %s (ends 0x%x) and %s (starts 0x%x) share a 0x%x-byte page; start %s on a new page",
                        describe(sections, a), a.memEnd(), describe(sections, b), b.vaddr(), page,
                        sections.get(b.members().get(0)).name()));
            }
        }
        return out;
    }

    private static Segment segment(List<OutputSection> sections, int pf, List<Integer> members) {
        long vaddr = sections.get(members.get(0)).address();
        long fileEnd = vaddr;
        long memEnd = vaddr;
        OutputSection nobits = null;
        for (int m : members) {
            OutputSection s = sections.get(m);
            if (s.isNobits()) {
                nobits = nobits == null ? s : nobits;
            } else {
                if (nobits != null && s.size() > 0) {
                    // filesz is one prefix of the segment: file-backed bytes cannot follow zero-fill.
                    throw new ElfOutputException("section " + s.name() + " has contents but follows NOBITS section "
                            + nobits.name() + " in the same segment; place NOBITS sections last");
                }
                fileEnd = Math.max(fileEnd, s.end());
            }
            memEnd = Math.max(memEnd, s.end());
        }
        return new Segment(pf, List.copyOf(members), vaddr, fileEnd, memEnd);
    }

    private static String describe(List<OutputSection> sections, Segment s) {
        String perm = s.pf() == (ExecElf.PF_R | ExecElf.PF_X) ? "RX" : s.pf() == (ExecElf.PF_R | ExecElf.PF_W)
                ? "RW" : "R";
        return perm + " [" + String.join(" ", s.members().stream().map(i -> sections.get(i).name()).toList()) + "]";
    }

    private static int permissions(OutputSection s) {
        return ExecElf.PF_R | (s.writable() ? ExecElf.PF_W : 0) | (s.executable() ? ExecElf.PF_X : 0);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
