package dev.race.codegen.elf;

import dev.race.format.elf.Elf;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One section of a relocatable output: its bytes with every resolved relocation already applied, and the
 * relocations left for the next linker. There is no address: in an ET_REL file sections start at 0 and symbols
 * and relocations use section offsets.
 *
 * @param name      section name, e.g. {@code .text}; the writer names its relocations {@code .rela<name>}
 * @param type      SHT_PROGBITS, SHT_NOBITS, SHT_INIT_ARRAY, SHT_FINI_ARRAY or SHT_NOTE
 * @param flags     sh_flags (SHF_ALLOC, SHF_WRITE, SHF_EXECINSTR, SHF_MERGE, SHF_STRINGS, SHF_TLS, ...); not
 *                  SHF_GROUP, as the writer emits no section groups
 * @param alignment sh_addralign, a power of two (1 for none)
 * @param entsize   sh_entsize: entry size of a table or mergeable section, else 0
 * @param bytes     contents (empty for NOBITS); copied in and out, so the record stays immutable
 * @param size      size in memory; equal to {@code bytes.length} unless NOBITS
 * @param relocs    relocations that patch this section, in the order they are to be written
 */
public record RelSection(String name, int type, long flags, long alignment, long entsize, byte[] bytes, long size,
                         List<RelReloc> relocs) {
    public RelSection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bytes, "bytes");
        bytes = bytes.clone();
        relocs = List.copyOf(relocs);
        if (name.isEmpty()) {
            throw new ElfOutputException("a section needs a name");
        }
        if (name.indexOf('\0') >= 0) {
            // ELF string tables are NUL-terminated: the name would be cut short.
            throw new ElfOutputException("section " + name.replace("\0", "\\0") + ": name contains a NUL "
                    + "character");
        }
        if (type != Elf.SHT_PROGBITS && type != Elf.SHT_NOBITS && type != Elf.SHT_INIT_ARRAY
                && type != Elf.SHT_FINI_ARRAY && type != Elf.SHT_NOTE) {
            throw new ElfOutputException("section " + name + ": type " + Elf.sectionTypeName(0, type)
                    + " cannot be written by the relocatable writer (expected PROGBITS, NOBITS, INIT_ARRAY, "
                    + "FINI_ARRAY or NOTE)");
        }
        if (size < 0) {
            throw new ElfOutputException("section " + name + ": negative size " + size);
        }
        if (type == Elf.SHT_NOBITS ? bytes.length != 0 : bytes.length != size) {
            throw new ElfOutputException("section " + name + ": size " + size + " does not match its "
                    + bytes.length + " content bytes");
        }
        if (alignment < 1 || Long.bitCount(alignment) != 1) {
            throw new ElfOutputException("section " + name + ": alignment " + alignment + " is not a power of two");
        }
        if (entsize < 0) {
            throw new ElfOutputException("section " + name + ": negative entry size " + entsize);
        }
        if ((flags & Elf.SHF_GROUP) != 0) {
            throw new ElfOutputException("section " + name + ": SHF_GROUP is set but the relocatable writer emits "
                    + "no section groups");
        }
        if (type == Elf.SHT_NOBITS && !relocs.isEmpty()) {
            // A relocation patches file bytes; a NOBITS section has none (gABI "Relocation").
            throw new ElfOutputException("section " + name + " is NOBITS but has " + relocs.size()
                    + " relocations; zero-fill has no bytes to patch");
        }
        for (int i = 0; i < relocs.size(); i++) {
            RelReloc r = relocs.get(i);
            if (r.offset() >= size) {
                throw new ElfOutputException(String.format("section %s: relocation %d at offset 0x%x lies outside "
                        + "the section (size 0x%x)", name, i, r.offset(), size));
            }
        }
    }

    /** A section with contents: PROGBITS, INIT_ARRAY, FINI_ARRAY or NOTE. */
    public static RelSection withBytes(String name, int type, long flags, long alignment, long entsize, byte[] bytes,
                                       List<RelReloc> relocs) {
        return new RelSection(name, type, flags, alignment, entsize, bytes, bytes.length, relocs);
    }

    /** A zero-initialised section ({@code .bss}, {@code .tbss}) of {@code size} bytes; it cannot have relocations. */
    public static RelSection nobits(String name, long flags, long alignment, long size) {
        return new RelSection(name, Elf.SHT_NOBITS, flags, alignment, 0, new byte[0], size, List.of());
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes without a copy, for the writer. */
    byte[] contents() {
        return bytes;
    }

    public boolean isNobits() {
        return type == Elf.SHT_NOBITS;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RelSection s && s.name.equals(name) && s.type == type && s.flags == flags
                && s.alignment == alignment && s.entsize == entsize && s.size == size
                && Arrays.equals(s.bytes, bytes) && s.relocs.equals(relocs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, flags, alignment, entsize, size, Arrays.hashCode(bytes), relocs);
    }

    @Override
    public String toString() {
        return String.format("%s %s size 0x%x align %d, %d relocations", name, Elf.sectionTypeName(0, type), size,
                alignment, relocs.size());
    }
}
