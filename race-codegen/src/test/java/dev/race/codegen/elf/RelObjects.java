package dev.race.codegen.elf;

import dev.race.format.elf.Elf;
import dev.race.format.elf.ElfObject;
import dev.race.format.elf.ElfRelocations;
import dev.race.format.elf.ElfSection;
import dev.race.format.elf.ElfSymbols;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test-side helpers for the relocatable writer: turn a compiler's object (read by race-format) into a
 * {@link RelImage}, merge two objects the way {@code ld -r} would, and reduce {@code readelf -W -S -s -r} output to
 * lines that do not depend on section or symbol numbering, so an original and a rewritten object can be compared.
 */
final class RelObjects {
    private RelObjects() {
    }

    static ElfObject read(Path file) throws IOException {
        return ElfObject.read(file.getFileName().toString(), ByteBuffer.wrap(Files.readAllBytes(file)));
    }

    private static boolean kept(ElfSection s) {
        return s.isAlloc();
    }

    private static byte[] bytes(ElfSection s) {
        if (s.isNobits()) {
            return new byte[0];
        }
        ByteBuffer c = s.contents();
        byte[] b = new byte[c.remaining()];
        c.get(b);
        return b;
    }

    /** Every allocatable section, every symbol defined outside non-alloc sections, every relocation of them. */
    static RelImage image(ElfObject o) {
        Map<Integer, Integer> secMap = new HashMap<>();
        List<ElfSection> kept = new ArrayList<>();
        for (ElfSection s : o.sections()) {
            if (kept(s)) {
                if (s.hasFlag(Elf.SHF_GROUP)) {
                    throw new AssertionError("test sources must not use section groups: " + s.name());
                }
                secMap.put(s.index(), kept.size());
                kept.add(s);
            }
        }
        ElfSymbols syms = o.symbols();
        Map<Integer, Integer> symMap = new HashMap<>();
        List<RelSymbol> symbols = new ArrayList<>();
        for (int i = 1; i < syms.count(); i++) {
            int shndx = syms.shndx(i);
            int section;
            if (shndx == Elf.SHN_UNDEF) {
                section = RelSymbol.UNDEF;
            } else if (shndx == Elf.SHN_ABS) {
                section = RelSymbol.ABS;
            } else if (shndx == Elf.SHN_COMMON) {
                section = RelSymbol.COMMON;
            } else if (secMap.containsKey(shndx)) {
                section = secMap.get(shndx);
            } else {
                continue; // a symbol of a non-alloc section, e.g. debug info: not part of the image
            }
            symMap.put(i, symbols.size());
            symbols.add(new RelSymbol(syms.name(i), syms.value(i), syms.size(i), syms.type(i).ordinal(),
                    syms.binding(i).ordinal(), syms.visibility(i).ordinal(), section));
        }
        Map<Integer, List<RelReloc>> relocs = new HashMap<>();
        for (ElfRelocations r : o.relocations()) {
            if (!secMap.containsKey(r.target())) {
                continue;
            }
            List<RelReloc> list = relocs.computeIfAbsent(r.target(), k -> new ArrayList<>());
            for (int i = 0; i < r.count(); i++) {
                int sym = r.symbol(i) == 0 ? RelReloc.NO_SYMBOL : symMap.get(r.symbol(i));
                list.add(new RelReloc(r.offset(i), r.type(i), sym, r.addend(i)));
            }
        }
        List<RelSection> sections = new ArrayList<>();
        for (ElfSection s : kept) {
            sections.add(new RelSection(s.name(), s.type(), s.flags(), Math.max(1, s.addralign()), s.entsize(),
                    bytes(s), s.size(), relocs.getOrDefault(s.index(), List.of())));
        }
        return new RelImage(o.machine(), sections, symbols);
    }

    /** One output section being assembled from the inputs' pieces. */
    private static final class Piece {
        final ElfSection first;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long size;
        long alignment = 1;
        final List<RelReloc> relocs = new ArrayList<>();

        Piece(ElfSection first) {
            this.first = first;
        }
    }

    /**
     * Combines objects into one image as {@code ld -r} does: same-named sections are concatenated (each piece at its
     * alignment), section symbols become the output section's symbol with the piece offset moved into the addend,
     * other symbols get the piece offset added to their value, and an undefined reference to a global another
     * object defines becomes a reference to that definition.
     */
    static RelImage combine(List<ElfObject> objects) {
        Map<String, Piece> pieces = new LinkedHashMap<>();
        List<Map<Integer, Long>> offsets = new ArrayList<>();
        for (ElfObject o : objects) {
            Map<Integer, Long> off = new HashMap<>();
            for (ElfSection s : o.sections()) {
                if (!kept(s)) {
                    continue;
                }
                Piece p = pieces.computeIfAbsent(s.name(), k -> new Piece(s));
                if (p.first.flags() != s.flags() || p.first.type() != s.type()) {
                    throw new AssertionError("section " + s.name() + " differs between inputs");
                }
                long a = Math.max(1, s.addralign());
                long start = (p.size + a - 1) & -a;
                if (!s.isNobits()) {
                    p.bytes.writeBytes(new byte[(int) (start - p.size)]);
                    p.bytes.writeBytes(bytes(s));
                }
                off.put(s.index(), start);
                p.size = start + s.size();
                p.alignment = Math.max(p.alignment, a);
            }
            offsets.add(off);
        }
        List<String> names = new ArrayList<>(pieces.keySet());
        List<RelSymbol> symbols = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            symbols.add(RelSymbol.ofSection(i));
        }
        // Pass 1: definitions. symIndex.get(k) maps object k's symbol index to the output symbol index.
        Map<String, Integer> globals = new HashMap<>();
        List<Map<Integer, Integer>> symIndex = new ArrayList<>();
        List<Map<Integer, Long>> sectionSymbolShift = new ArrayList<>();
        for (int k = 0; k < objects.size(); k++) {
            ElfObject o = objects.get(k);
            ElfSymbols syms = o.symbols();
            Map<Integer, Integer> map = new HashMap<>();
            Map<Integer, Long> shift = new HashMap<>();
            for (int i = 1; i < syms.count(); i++) {
                int shndx = syms.shndx(i);
                if (shndx == Elf.SHN_UNDEF || shndx == Elf.SHN_COMMON) {
                    continue; // pass 2
                }
                int section = RelSymbol.ABS;
                long value = syms.value(i);
                if (shndx != Elf.SHN_ABS) {
                    ElfSection s = o.section(shndx);
                    if (!kept(s)) {
                        continue;
                    }
                    section = names.indexOf(s.name());
                    long at = offsets.get(k).get(shndx);
                    if (syms.type(i) == ElfSymbols.Type.SECTION) {
                        map.put(i, section);
                        shift.put(i, at);
                        continue;
                    }
                    value += at;
                }
                RelSymbol sym = new RelSymbol(syms.name(i), value, syms.size(i), syms.type(i).ordinal(),
                        syms.binding(i).ordinal(), syms.visibility(i).ordinal(), section);
                if (!sym.isLocal()) {
                    if (globals.containsKey(sym.name())) {
                        throw new AssertionError("both inputs define " + sym.name());
                    }
                    globals.put(sym.name(), symbols.size());
                }
                map.put(i, symbols.size());
                symbols.add(sym);
            }
            symIndex.add(map);
            sectionSymbolShift.add(shift);
        }
        // Pass 2: references, resolved against the definitions or kept undefined once per name.
        for (int k = 0; k < objects.size(); k++) {
            ElfSymbols syms = objects.get(k).symbols();
            for (int i = 1; i < syms.count(); i++) {
                int shndx = syms.shndx(i);
                if (shndx != Elf.SHN_UNDEF && shndx != Elf.SHN_COMMON) {
                    continue;
                }
                String name = syms.name(i);
                Integer def = globals.get(name);
                if (def == null) {
                    def = symbols.size();
                    globals.put(name, def);
                    symbols.add(new RelSymbol(name, syms.value(i), syms.size(i), syms.type(i).ordinal(),
                            syms.binding(i).ordinal(), syms.visibility(i).ordinal(),
                            shndx == Elf.SHN_COMMON ? RelSymbol.COMMON : RelSymbol.UNDEF));
                }
                symIndex.get(k).put(i, def);
            }
        }
        for (int k = 0; k < objects.size(); k++) {
            ElfObject o = objects.get(k);
            for (ElfRelocations r : o.relocations()) {
                Long at = offsets.get(k).get(r.target());
                if (at == null) {
                    continue;
                }
                Piece p = pieces.get(o.section(r.target()).name());
                for (int i = 0; i < r.count(); i++) {
                    int sym = r.symbol(i) == 0 ? RelReloc.NO_SYMBOL : symIndex.get(k).get(r.symbol(i));
                    long addend = r.addend(i) + sectionSymbolShift.get(k).getOrDefault(r.symbol(i), 0L);
                    p.relocs.add(new RelReloc(at + r.offset(i), r.type(i), sym, addend));
                }
            }
        }
        List<RelSection> sections = new ArrayList<>();
        for (Piece p : pieces.values()) {
            ElfSection s = p.first;
            sections.add(new RelSection(s.name(), s.type(), s.flags(), p.alignment, s.entsize(),
                    s.isNobits() ? new byte[0] : p.bytes.toByteArray(), p.size, p.relocs));
        }
        return new RelImage(objects.get(0).machine(), sections, symbols);
    }

    // readelf -W -S: [Nr] Name Type Address Off Size ES Flg Lk Inf Al (Flg may be empty).
    private static final Pattern SECTION = Pattern.compile("^\\s*\\[\\s*(\\d+)]\\s+(\\S*)\\s+(\\S+)\\s+"
            + "\\p{XDigit}{16}\\s+\\p{XDigit}+\\s+(\\p{XDigit}+)\\s+(\\p{XDigit}+)\\s+([A-Za-z]*)\\s+(\\d+)\\s+(\\d+)"
            + "\\s+(\\d+)\\s*$", Pattern.MULTILINE);
    // readelf -W -s: Num: Value Size Type Bind Vis Ndx Name
    private static final Pattern SYMBOL = Pattern.compile("^\\s*\\d+:\\s+(\\p{XDigit}{16})\\s+(\\d+)\\s+(\\S+)\\s+"
            + "(\\S+)\\s+(\\S+)\\s+(\\S+)\\s?(.*)$", Pattern.MULTILINE);
    // readelf -W -r: Offset Info Type Symbol's Value  Symbol's Name + Addend
    private static final Pattern RELOC = Pattern.compile("^(\\p{XDigit}{16})\\s+\\p{XDigit}{16}\\s+(\\S+)\\s+(.*)$",
            Pattern.MULTILINE);
    private static final Pattern RELA_HEADER = Pattern.compile("^Relocation section '([^']+)'", Pattern.MULTILINE);

    /** What readelf says about a file, with section and symbol numbers replaced by names. */
    record Listing(List<String> sections, List<String> symbols, List<String> relocations) {
    }

    /**
     * Reduces {@code readelf -W -S -s -r} output of {@code file}: allocatable sections (name, type, size, entsize,
     * flags, alignment) in order, symbols sorted (value, size, type, binding, visibility, section name, name), and
     * relocations of allocatable sections in order per section (section, offset, type, symbol value, name + addend).
     */
    static Listing listing(Path dir, String file, String readelf) throws IOException {
        String out = Tools.run(dir, readelf, "-W", "-S", "-s", "-r", file);
        if (out.contains("Warning") || out.contains("Error")) {
            throw new AssertionError("readelf complains about " + file + ":\n" + out);
        }
        Map<String, String> nameOf = new HashMap<>();
        List<String> sections = new ArrayList<>();
        java.util.Set<String> allocNames = new java.util.HashSet<>();
        Matcher m = SECTION.matcher(out);
        while (m.find()) {
            nameOf.put(m.group(1), m.group(2));
            if (m.group(6).contains("A")) {
                sections.add(String.join(" ", m.group(2), m.group(3), m.group(4), m.group(5),
                        m.group(6).replace("I", ""), m.group(9)));
                allocNames.add(m.group(2));
            }
        }
        List<String> symbols = new ArrayList<>();
        m = SYMBOL.matcher(out);
        while (m.find()) {
            String ndx = nameOf.getOrDefault(m.group(6), m.group(6));
            if (nameOf.containsKey(m.group(6)) && !allocNames.contains(ndx)) {
                continue; // e.g. AArch64 gcc's section symbols for .comment and .note.GNU-stack: not in the image
            }
            symbols.add(String.join(" ", m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), ndx,
                    m.group(7).trim()));
        }
        symbols.sort(null);
        // Relocation listings, per section in file order: remember which .rela section each entry is in.
        TreeMap<Integer, String> headers = new TreeMap<>();
        m = RELA_HEADER.matcher(out);
        while (m.find()) {
            headers.put(m.start(), m.group(1));
        }
        List<String> relocations = new ArrayList<>();
        m = RELOC.matcher(out);
        while (m.find()) {
            String rela = headers.floorEntry(m.start()).getValue();
            if (allocNames.contains(rela.substring(".rela".length()))) {
                relocations.add(String.join(" ", rela, m.group(1), m.group(2), m.group(3).trim().replaceAll("\\s+",
                        " ")));
            }
        }
        return new Listing(sections, symbols, relocations);
    }
}
