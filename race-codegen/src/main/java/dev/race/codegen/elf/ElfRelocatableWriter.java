package dev.race.codegen.elf;

import dev.race.format.elf.Elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link RelImage} as an ELF64 little-endian relocatable object ({@code ET_REL}), the file a system linker
 * ({@code gcc app.o -o app}, GNU ld, lld, mold) finishes into an executable.
 *
 * <p>File shape: ELF header; each section's bytes at an offset aligned to its {@code sh_addralign} (NOBITS takes no
 * file space); one {@code SHT_RELA} per section with relocations; {@code .symtab}, {@code .strtab},
 * {@code .shstrtab}; then the section header table: null, the image's sections in list order, their
 * {@code .rela<name>} sections, {@code .symtab}, {@code .strtab}, {@code .shstrtab} and an empty
 * {@code .note.GNU-stack}, whose presence without SHF_EXECINSTR tells GNU ld the code needs no executable stack.
 *
 * <p>The output depends only on the image (no clocks, no hash order), so equal images give equal bytes.
 */
public final class ElfRelocatableWriter {
    private static final int EHDR_SIZE = 64;
    private static final int SHDR_SIZE = 64;
    private static final int SYM_SIZE = 24;
    private static final int RELA_SIZE = 24;

    private ElfRelocatableWriter() {
    }

    /** Returns the object file's bytes; the image was validated when it was built. */
    public static byte[] write(RelImage image) {
        List<RelSection> sections = image.sections();
        int n = sections.size();

        // Symbol table: the null symbol, every STB_LOCAL symbol, then globals and weaks, each group in the caller's
        // order (gABI "Symbol Table": locals precede the others, sh_info = index of the first non-local).
        // newIndex maps a caller's symbol index to its index in the file, for the relocations' r_info.
        List<RelSymbol> symbols = image.symbols();
        int[] newIndex = new int[symbols.size()];
        List<RelSymbol> ordered = new ArrayList<>(symbols.size());
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < symbols.size(); i++) {
                RelSymbol s = symbols.get(i);
                if (s.isLocal() == (pass == 0)) {
                    newIndex[i] = ordered.size() + 1;
                    ordered.add(s);
                }
            }
        }
        int firstGlobal = 1 + (int) symbols.stream().filter(RelSymbol::isLocal).count();
        ElfStringTable strtab = new ElfStringTable();
        ByteBuffer symtab = le(SYM_SIZE * (ordered.size() + 1L));
        symtab.position(SYM_SIZE);
        for (RelSymbol s : ordered) {
            symtab.putInt(s.name().isEmpty() ? 0 : strtab.add(s.name()));
            symtab.put((byte) ((s.binding() << 4) | s.type()));
            symtab.put((byte) s.visibility());
            symtab.putShort((short) shndx(s.section()));
            symtab.putLong(s.value());
            symtab.putLong(s.size());
        }
        byte[] strBytes = strtab.bytes();

        // One Elf64_Rela table per section with relocations: r_info = (symbol << 32) | type (gABI ELF64_R_INFO).
        List<Integer> relocated = new ArrayList<>();
        List<byte[]> relaBytes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<RelReloc> relocs = sections.get(i).relocs();
            if (relocs.isEmpty()) {
                continue;
            }
            ByteBuffer rela = le((long) RELA_SIZE * relocs.size());
            for (RelReloc r : relocs) {
                long sym = r.symbol() == RelReloc.NO_SYMBOL ? 0 : newIndex[r.symbol()];
                rela.putLong(r.offset());
                rela.putLong((sym << 32) | (r.type() & 0xffffffffL));
                rela.putLong(r.addend());
            }
            relocated.add(i);
            relaBytes.add(rela.array());
        }
        int relaCount = relocated.size();
        int symtabIndex = 1 + n + relaCount;
        int strtabIndex = symtabIndex + 1;
        int shstrtabIndex = symtabIndex + 2;
        int shnum = symtabIndex + 4;

        ElfStringTable shstrtab = new ElfStringTable();
        int[] secName = new int[n];
        for (int i = 0; i < n; i++) {
            secName[i] = shstrtab.add(sections.get(i).name());
        }
        int[] relaName = new int[relaCount];
        for (int k = 0; k < relaCount; k++) {
            relaName[k] = shstrtab.add(".rela" + sections.get(relocated.get(k)).name());
        }
        int symtabName = shstrtab.add(".symtab");
        int strtabName = shstrtab.add(".strtab");
        int shstrtabName = shstrtab.add(".shstrtab");
        int stackName = shstrtab.add(RelImage.GNU_STACK);
        byte[] shstrBytes = shstrtab.bytes();

        // File offsets: contents aligned to sh_addralign as assemblers do, tables aligned to their 8-byte entries.
        long cursor = EHDR_SIZE;
        long[] secOffset = new long[n];
        for (int i = 0; i < n; i++) {
            RelSection s = sections.get(i);
            if (s.isNobits()) {
                secOffset[i] = cursor;
                continue;
            }
            cursor = ElfBytes.align(cursor, s.alignment());
            secOffset[i] = cursor;
            cursor += s.size();
            checkSize(cursor);
        }
        long[] relaOffset = new long[relaCount];
        for (int k = 0; k < relaCount; k++) {
            cursor = ElfBytes.align(cursor, 8);
            relaOffset[k] = cursor;
            cursor += relaBytes.get(k).length;
            checkSize(cursor);
        }
        long symtabOff = ElfBytes.align(cursor, 8);
        long strtabOff = symtabOff + symtab.capacity();
        long shstrtabOff = strtabOff + strBytes.length;
        long stackOff = shstrtabOff + shstrBytes.length;
        long shoff = ElfBytes.align(stackOff, 8);
        long total = checkSize(shoff + (long) SHDR_SIZE * shnum);
        ByteBuffer out = le(total);

        // ELF header (gABI "ELF Header"): no program headers in a relocatable file.
        // ELFOSABI_GNU when a symbol uses a GNU extension (STT_GNU_IFUNC), as gcc and ld -r mark such objects: the
        // type number is OS-specific, and tools read it as IFUNC only under the GNU OS/ABI
        boolean gnu = image.symbols().stream().anyMatch(sym -> sym.type() == ExecElf.STT_GNU_IFUNC);
        out.put(new byte[] {0x7f, 'E', 'L', 'F', 2 /* ELFCLASS64 */, 1 /* ELFDATA2LSB */, 1 /* EV_CURRENT */,
                (byte) (gnu ? 3 /* ELFOSABI_GNU */ : 0 /* ELFOSABI_NONE */)});
        out.position(16);
        out.putShort((short) Elf.ET_REL);
        out.putShort((short) image.machine());
        out.putInt(1); // e_version
        out.putLong(0); // e_entry
        out.putLong(0); // e_phoff
        out.putLong(shoff);
        out.putInt(0); // e_flags: none defined for x86-64 or AArch64
        out.putShort((short) EHDR_SIZE);
        out.putShort((short) 0); // e_phentsize
        out.putShort((short) 0); // e_phnum
        out.putShort((short) SHDR_SIZE);
        out.putShort((short) shnum);
        out.putShort((short) shstrtabIndex);

        for (int i = 0; i < n; i++) {
            RelSection s = sections.get(i);
            if (!s.isNobits()) {
                out.put((int) secOffset[i], s.contents());
            }
        }
        for (int k = 0; k < relaCount; k++) {
            out.put((int) relaOffset[k], relaBytes.get(k));
        }
        out.put((int) symtabOff, symtab.array());
        out.put((int) strtabOff, strBytes);
        out.put((int) shstrtabOff, shstrBytes);

        out.position((int) shoff + SHDR_SIZE); // header 0 is the all-zero null section
        for (int i = 0; i < n; i++) {
            RelSection s = sections.get(i);
            ElfBytes.sectionHeader(out, secName[i], s.type(), s.flags(), 0, secOffset[i],
                    s.size(), 0, 0, s.alignment(), s.entsize());
        }
        for (int k = 0; k < relaCount; k++) {
            // sh_link: the symbol table the entries index; sh_info: the section they patch (1-based header index),
            // which SHF_INFO_LINK marks as a section index (gABI "Section Header", sh_link and sh_info table).
            ElfBytes.sectionHeader(out, relaName[k], Elf.SHT_RELA, Elf.SHF_INFO_LINK, 0, relaOffset[k],
                    relaBytes.get(k).length, symtabIndex, relocated.get(k) + 1, 8, RELA_SIZE);
        }
        ElfBytes.sectionHeader(out, symtabName, Elf.SHT_SYMTAB, 0, 0, symtabOff,
                symtab.capacity(), strtabIndex, firstGlobal, 8, SYM_SIZE);
        ElfBytes.sectionHeader(out, strtabName, Elf.SHT_STRTAB, 0, 0, strtabOff, strBytes.length, 0, 0, 1, 0);
        ElfBytes.sectionHeader(out, shstrtabName, Elf.SHT_STRTAB, 0, 0, shstrtabOff, shstrBytes.length, 0, 0, 1, 0);
        // GNU convention: an empty .note.GNU-stack without SHF_EXECINSTR means "this object needs no executable
        // stack"; without it GNU ld 2.39+ warns and may mark the program's stack executable.
        ElfBytes.sectionHeader(out, stackName, Elf.SHT_PROGBITS, 0, 0, stackOff, 0, 0, 0, 1, 0);
        return out.array();
    }

    /** st_shndx for a symbol's section: 1-based header index, or the reserved SHN_UNDEF/SHN_ABS/SHN_COMMON. */
    private static int shndx(int section) {
        if (section == RelSymbol.UNDEF) {
            return Elf.SHN_UNDEF;
        }
        if (section == RelSymbol.ABS) {
            return Elf.SHN_ABS;
        }
        if (section == RelSymbol.COMMON) {
            return Elf.SHN_COMMON;
        }
        return section + 1;
    }

    private static long checkSize(long size) {
        if (size > Integer.MAX_VALUE - 8) {
            throw new ElfOutputException("the object would be at least " + size + " bytes, more than the 2 GiB "
                    + "this writer supports");
        }
        return size;
    }

    private static ByteBuffer le(long size) {
        return ByteBuffer.allocate((int) checkSize(size)).order(ByteOrder.LITTLE_ENDIAN);
    }
}
