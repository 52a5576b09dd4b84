package dev.race.codegen.elf;

import dev.race.format.elf.Elf;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything {@link ElfRelocatableWriter} needs: the content of one relocatable object (ET_REL), ready for
 * {@code gcc app.o} or any system linker to finish. Section {@code i} of the list is section header {@code i + 1};
 * symbols may come in any order (the writer puts locals first and renumbers relocations accordingly).
 *
 * <p>The constructor checks every cross-reference, so a {@code RelImage} always writes: symbols name existing
 * sections and lie inside them, relocations name existing symbols, non-local names are unique, and no section
 * takes a name the writer uses itself.
 *
 * @param machine  EM_X86_64 or EM_AARCH64
 * @param sections the sections, in section header order
 * @param symbols  the symbols, referred to by index from {@link RelReloc#symbol()}
 */
public record RelImage(int machine, List<RelSection> sections, List<RelSymbol> symbols) {
    /** Section names the writer creates itself; a caller's section of that name would be ambiguous. */
    static final String GNU_STACK = ".note.GNU-stack";
    private static final Set<String> RESERVED = Set.of(".symtab", ".strtab", ".shstrtab", GNU_STACK);
    /** The writer adds 5 headers (null, .symtab, .strtab, .shstrtab, .note.GNU-stack) and one per .rela. */
    private static final int MAX_HEADERS = Elf.SHN_LORESERVE;

    public RelImage {
        sections = List.copyOf(sections);
        symbols = List.copyOf(symbols);
        if (machine != Elf.EM_X86_64 && machine != Elf.EM_AARCH64) {
            throw new ElfOutputException("cannot write an object for " + Elf.machineName(machine)
                    + " (expected x86-64 or AArch64)");
        }
        int headers = 5;
        for (RelSection s : sections) {
            if (RESERVED.contains(s.name())) {
                throw new ElfOutputException("section " + s.name() + " is written by the relocatable writer itself;"
                        + " leave it out of the image");
            }
            headers += s.relocs().isEmpty() ? 1 : 2;
        }
        // Without SHN_XINDEX, section indices must stay below SHN_LORESERVE (gABI "Extended Section Numbering").
        if (headers >= MAX_HEADERS) {
            throw new ElfOutputException("the object would have " + headers + " section headers; the writer "
                    + "supports fewer than " + MAX_HEADERS + " (no extended section numbering)");
        }
        Map<String, Integer> nonLocal = new HashMap<>();
        for (int i = 0; i < symbols.size(); i++) {
            RelSymbol sym = symbols.get(i);
            String what = sym.name().isEmpty() ? "section symbol " + i : "symbol " + sym.name();
            if (sym.section() >= sections.size()) {
                throw new ElfOutputException(what + " refers to section index " + sym.section()
                        + " but the image has " + sections.size() + " sections");
            }
            if (sym.section() >= 0) {
                // Symbol values are section offsets here; one past the end is allowed (end markers).
                RelSection in = sections.get(sym.section());
                if (sym.value() < 0 || sym.value() > in.size()) {
                    throw new ElfOutputException(String.format("%s at offset 0x%x lies outside its section %s "
                            + "(size 0x%x)", what, sym.value(), in.name(), in.size()));
                }
            }
            if (!sym.isLocal()) {
                Integer before = nonLocal.putIfAbsent(sym.name(), i);
                if (before != null) {
                    throw new ElfOutputException("symbol " + sym.name() + " is global twice (symbols " + before
                            + " and " + i + "); the next linker would see two definitions or references");
                }
            }
        }
        for (RelSection s : sections) {
            List<RelReloc> relocs = s.relocs();
            for (int i = 0; i < relocs.size(); i++) {
                int sym = relocs.get(i).symbol();
                if (sym >= symbols.size()) {
                    throw new ElfOutputException(String.format("section %s: relocation %d at offset 0x%x refers to "
                            + "symbol %d but the image has %d symbols", s.name(), i, relocs.get(i).offset(), sym,
                            symbols.size()));
                }
            }
        }
    }
}
