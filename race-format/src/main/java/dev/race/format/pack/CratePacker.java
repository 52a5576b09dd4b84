package dev.race.format.pack;

import dev.race.format.elf.Elf;
import dev.race.format.elf.ElfGroup;
import dev.race.format.elf.ElfObject;
import dev.race.format.elf.ElfRelocations;
import dev.race.format.elf.ElfSection;
import dev.race.format.elf.ElfSymbols;
import dev.race.format.importer.ImportError;
import dev.race.format.importer.ImportScan;
import dev.race.format.importer.ObjectImporter;
import dev.race.format.importer.SemanticRelocation;
import dev.race.format.marker.Marker;
import dev.race.format.rcrate.RGroup;
import dev.race.format.rcrate.RRelocations;
import dev.race.format.rcrate.RSection;
import dev.race.format.rcrate.RSymbols;
import dev.race.format.rcrate.RcrateFile;
import dev.race.format.rcrate.RcrateReader;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.steg.compat.Boundaries;
import dev.race.steg.compat.Mismatch;
import dev.race.steg.lang.StegPrinter;
import dev.race.steg.model.Crate;
import dev.race.steg.model.ImplMethod;
import dev.race.steg.model.Item;
import dev.race.steg.model.TraitMethod;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Packs a crate: its compiled STEG, the import views it was compiled against and its relocatable objects become
 * one {@link RcrateFile}. Every content section of every object is copied (symbol, string, relocation and group
 * tables are re-expressed in the crate's own tables; {@code .note.GNU-stack} only says "no executable stack");
 * all objects' symbols go into one table, object after object, each object's null symbol included, so crate
 * symbol = base of the object + ELF index; relocations keep their order and point at crate sections and
 * symbols; marker relocations become semantic with their query deduplicated into {@link RcrateFile#queries()}.
 *
 * <p>Refused, with every error collected: an object for another machine; marker names that do not decode,
 * defined markers and unsupported relocation types ({@link ObjectImporter}); a function the STEG declares
 * but no object defines; a query naming an item, member, variant or method that neither the crate nor an
 * import view declares (one error per marker, listing every site that uses it).
 *
 * <p>Import views are trimmed to what the crate uses (see {@link ImportTrimmer}).
 */
public final class CratePacker {
    private static final int STB_GLOBAL = 1;
    private static final int STB_WEAK = 2;

    private CratePacker() {
    }

    /**
     * @param crate   the crate's own STEG
     * @param imports the STEG of each dependency as this crate was compiled against it (untrimmed)
     * @param target  the machine the code is for
     * @param objects the objects, in link order; each one's {@link ElfObject#fileName()} is its origin
     *                ({@code plugin.o}, {@code libplugin.a(step.o)})
     */
    public static PackResult pack(Crate crate, List<Crate> imports, RcrateTarget target, List<ElfObject> objects) {
        return pack(crate, imports, target, objects, true);
    }

    /**
     * {@code boundaries} false skips the by-value rule ({@link Boundaries}): only tests use it, to make the crates
     * packed before the rule existed that the link must still refuse.
     */
    static PackResult pack(Crate crate, List<Crate> imports, RcrateTarget target, List<ElfObject> objects,
                           boolean boundaries) {
        List<PackError> errors = new ArrayList<>();
        String crateName = "crate " + crate.name() + " " + crate.version();

        List<ElfObject> usable = new ArrayList<>();
        List<ImportScan> scans = new ArrayList<>();
        for (ElfObject o : objects) {
            if (o.machine() != target.elfMachine()) {
                errors.add(new PackError(o.fileName(), "object is for " + Elf.machineName(o.machine())
                        + " but the target is " + target.cliName() + " (" + Elf.machineName(target.elfMachine())
                        + ")"));
                continue;
            }
            String refused = refusedObject(o);
            if (refused != null) {
                errors.add(new PackError(o.fileName(), refused));
                continue;
            }
            ImportScan scan = ObjectImporter.scan(o);
            for (ImportError e : scan.errors()) {
                errors.add(new PackError(e.object(), e.message().substring(e.object().length() + 2)));
            }
            usable.add(o);
            scans.add(scan);
        }

        Code code = copyCode(usable, scans, errors);
        for (int i = 0; i < code.relocations.count(); i++) {
            if (code.relocations.section(i) < 0) {
                // a relocation of a section that is not packed (reported by copyCode): the checks below would
                // follow its section index
                return new PackResult(null, errors);
            }
        }
        checkDefinitions(crate, crateName, code.symbols, errors);

        RcrateFile draft = new RcrateFile(target, crate, imports, usable.stream().map(ElfObject::fileName).toList(),
                code.sections, code.groups, code.symbols, code.relocations, code.queries);
        errors.addAll(new QueryChecker(crate, imports).check(draft));
        if (!errors.isEmpty()) {
            return new PackResult(null, errors);
        }
        List<Crate> trimmed = ImportTrimmer.trim(crate, imports, code.queries, code.symbols);
        if (boundaries) {
            checkBoundaries(crate, imports, trimmed, crateName, errors);
            if (!errors.isEmpty()) {
                return new PackResult(null, errors);
            }
        }
        return new PackResult(new RcrateFile(target, crate, trimmed, draft.objects(), code.sections, code.groups,
                code.symbols, code.relocations, code.queries), List.of());
    }

    private record Code(List<RSection> sections, List<RGroup> groups, RSymbols symbols, RRelocations relocations,
                        List<Marker> queries) {
    }

    /**
     * Why an object cannot be packed as it is, or null. Both would otherwise give a program that is silently wrong:
     * <ul>
     *   <li>an object whose {@code .note.GNU-stack} is {@code SHF_EXECINSTR} asks for an executable stack (gcc emits
     *       it for a nested function whose address is taken: its trampoline is written on the stack), and RACE's
     *       programs always have a non-executable one, so the program would fault;</li>
     *   <li>a gcc {@code -flto} object without {@code -ffat-lto-objects} holds only GIMPLE ({@code .gnu.lto_*}
     *       sections and the {@code __gnu_lto_slim} marker symbol), no machine code: packed, it would link as an
     *       empty object.</li>
     * </ul>
     */
    static String refusedObject(ElfObject o) {
        for (ElfSection s : o.sections()) {
            if (s.name().equals(".note.GNU-stack") && (s.flags() & Elf.SHF_EXECINSTR) != 0) {
                return "object asks for an executable stack (its .note.GNU-stack section is SHF_EXECINSTR, as gcc makes"
                        + " it for a nested function whose address is taken), and a RACE program's stack is never"
                        + " executable; hint: do not take the address of nested functions (or the assembly's"
                        + " `.section .note.GNU-stack,\"x\"`), so the code needs no executable stack";
            }
        }
        ElfSymbols sy = o.symbols();
        for (int i = 0; i < sy.count(); i++) {
            if (sy.name(i).equals("__gnu_lto_slim")) {
                return "a gcc -flto object holds GCC's intermediate language, not machine code: RACE links machine"
                        + " code only; compile it without -flto (or with -fno-lto), or with -ffat-lto-objects";
            }
        }
        return null;
    }

    /** Sections whose content lives in the crate's own tables, or that carry nothing to link. */
    private static boolean dropped(ElfSection s) {
        return switch (s.type()) {
            case Elf.SHT_NULL, Elf.SHT_SYMTAB, Elf.SHT_STRTAB, Elf.SHT_RELA, Elf.SHT_REL, Elf.SHT_GROUP,
                    Elf.SHT_SYMTAB_SHNDX, Elf.SHT_LLVM_ADDRSIG -> true;
            // .llvm_addrsig (above) lists symbol-table indices of the object, which renumbering invalidates;
            // it only enables identical-code folding, so dropping it is safe
            // .gnu.lto_*: the intermediate language of a -ffat-lto-objects object, for an LTO link RACE does not do;
            // the object's machine code is packed without it
            default -> s.name().equals(".note.GNU-stack") || s.name().startsWith(".gnu.lto_");
        };
    }

    /**
     * Why a section the crate would keep cannot be held by an .rcrate (docs/rcrate-format.md, section table), or
     * null: ELF allows what the format refuses (a nameless section, an alignment above {@link RcrateReader#MAX_ALIGN})
     * and a damaged object may hold what ELF itself forbids (an alignment that is not a power of two, sizes of 2^63
     * and more); packed as they are, they would give a file the reader then rejects.
     */
    static String unpackable(ElfSection s) {
        long align = s.addralign();
        if (align != 0 && Long.bitCount(align) != 1) {
            return "alignment " + Long.toUnsignedString(align) + " is not a power of two";
        }
        if (Long.compareUnsigned(align, RcrateReader.MAX_ALIGN) > 0) {
            return "alignment " + Long.toUnsignedString(align) + " is above the " + RcrateReader.MAX_ALIGN
                    + " an .rcrate can hold";
        }
        if (s.name().isEmpty()) {
            return "a section without a name cannot be packed";
        }
        if (s.entsize() < 0) {
            return "entry size " + Long.toUnsignedString(s.entsize()) + " is too large";
        }
        if (s.size() < 0) {
            return "size " + Long.toUnsignedString(s.size()) + " is too large";
        }
        return null;
    }

    /**
     * Why a symbol cannot be held by an .rcrate's symbol table (docs/rcrate-format.md), or null: a size of 2^63 or
     * more, a nameless symbol that is not local, a common symbol whose alignment (its value) is not a power of two
     * up to {@link RcrateReader#MAX_ALIGN}. Packed as they are, they would give a file the reader rejects.
     */
    static String unpackable(String name, long value, long size, int section, byte binding) {
        if (size < 0) {
            return "size " + Long.toUnsignedString(size) + " is too large";
        }
        if (name.isEmpty() && binding != 0) {
            return "a global or weak symbol without a name";
        }
        if (section == RSymbols.COMMON && (value <= 0 || Long.bitCount(value) != 1 || value > RcrateReader.MAX_ALIGN)) {
            return "a common symbol's alignment " + Long.toUnsignedString(value) + " is not a power of two up to "
                    + RcrateReader.MAX_ALIGN;
        }
        return null;
    }

    /**
     * Why a relocation cannot be held by an .rcrate (its type is 2^31 or more, or the bytes it patches are not all
     * inside the section), or null; the phrase ends where the section is named.
     */
    static String unpackable(int machine, int type, long offset, long sectionSize) {
        if (type < 0) {
            return "type " + Integer.toUnsignedString(type) + " is out of range for";
        }
        int width = RRelocations.patchWidth(machine, type);
        if (offset < 0 || offset > sectionSize - width) {
            return "offset 0x" + Long.toHexString(offset) + " + " + width + " is outside";
        }
        return null;
    }

    private static Code copyCode(List<ElfObject> objects, List<ImportScan> scans, List<PackError> errors) {
        List<RSection> sections = new ArrayList<>();
        List<RGroup> groups = new ArrayList<>();
        List<int[]> sectionMaps = new ArrayList<>();
        for (ElfObject o : objects) {
            int n = o.sections().size();
            int[] groupOf = new int[n];
            Arrays.fill(groupOf, -1);
            int[] map = new int[n];
            Arrays.fill(map, -1);
            int next = sections.size();
            for (ElfSection s : o.sections()) {
                if (!dropped(s)) {
                    map[s.index()] = next++;
                }
            }
            for (ElfGroup g : o.groups()) {
                List<Integer> members = new ArrayList<>();
                for (int m : g.members()) {
                    if (map[m] >= 0) {
                        members.add(map[m]);
                        groupOf[m] = groups.size();
                    }
                }
                groups.add(new RGroup(g.signature(), g.comdat(), members));
            }
            for (ElfSection s : o.sections()) {
                if (map[s.index()] >= 0) {
                    String bad = unpackable(s);
                    if (bad != null) {
                        errors.add(new PackError(o.fileName(), "section " + s.index() + " ("
                                + (s.name().isEmpty() ? "no name" : s.name()) + "): " + bad));
                    }
                    sections.add(new RSection(o.fileName(), s.name(), s.type(), s.flags(), s.addralign(),
                            s.entsize(), s.size(), s.contents(), groupOf[s.index()]));
                }
            }
            sectionMaps.add(map);
        }

        int total = 0;
        for (ElfObject o : objects) {
            total += o.symbols().count();
        }
        String[] name = new String[total];
        long[] value = new long[total];
        long[] size = new long[total];
        int[] section = new int[total];
        byte[] binding = new byte[total];
        byte[] type = new byte[total];
        byte[] visibility = new byte[total];
        int[] object = new int[total];
        int[] base = new int[objects.size()];
        int k = 0;
        for (int oi = 0; oi < objects.size(); oi++) {
            ElfObject o = objects.get(oi);
            ElfSymbols s = o.symbols();
            int[] map = sectionMaps.get(oi);
            base[oi] = k;
            for (int i = 0; i < s.count(); i++, k++) {
                name[k] = s.name(i);
                value[k] = s.value(i);
                size[k] = s.size(i);
                binding[k] = (byte) s.binding(i).ordinal();
                type[k] = (byte) s.type(i).ordinal();
                visibility[k] = (byte) s.visibility(i).ordinal();
                object[k] = oi;
                int ndx = s.shndx(i);
                if (ndx == Elf.SHN_UNDEF) {
                    section[k] = RSymbols.UNDEF;
                } else if (ndx == Elf.SHN_ABS) {
                    section[k] = RSymbols.ABS;
                } else if (ndx == Elf.SHN_COMMON) {
                    section[k] = RSymbols.COMMON;
                } else if (map[ndx] >= 0) {
                    section[k] = map[ndx];
                } else if (s.type(i) == ElfSymbols.Type.SECTION || s.type(i) == ElfSymbols.Type.FILE) {
                    // the section symbol of a table that is not copied: nothing can use it
                    section[k] = RSymbols.UNDEF;
                } else {
                    section[k] = RSymbols.UNDEF;
                    errors.add(new PackError(o.fileName(), "symbol " + s.name(i) + " is defined in "
                            + o.section(ndx).name() + ", a section that is not packed"));
                }
                String bad = unpackable(name[k], value[k], size[k], section[k], binding[k]);
                if (bad != null) {
                    errors.add(new PackError(o.fileName(), "symbol " + i
                            + (name[k].isEmpty() ? "" : " (" + name[k] + ")") + ": " + bad));
                }
            }
        }

        Map<Marker, Integer> queries = new LinkedHashMap<>();
        int relocs = 0;
        for (ElfObject o : objects) {
            for (ElfRelocations r : o.relocations()) {
                relocs += r.count();
            }
        }
        int[] rSection = new int[relocs];
        long[] rOffset = new long[relocs];
        int[] rType = new int[relocs];
        int[] rSymbol = new int[relocs];
        long[] rAddend = new long[relocs];
        int[] rQuery = new int[relocs];
        int j = 0;
        for (int oi = 0; oi < objects.size(); oi++) {
            ElfObject o = objects.get(oi);
            Map<Long, Marker> semantic = new HashMap<>();
            for (SemanticRelocation sr : scans.get(oi).semantic()) {
                semantic.put(((long) sr.relocationSection() << 32) | sr.index(), sr.marker());
            }
            int[] map = sectionMaps.get(oi);
            for (ElfRelocations r : o.relocations()) {
                int target = map[r.target()];
                if (target < 0) {
                    errors.add(new PackError(o.fileName(), r.name() + " patches "
                            + o.section(r.target()).name() + ", a section that is not packed"));
                } else if (o.section(r.target()).type() == Elf.SHT_NOBITS && r.count() > 0) {
                    errors.add(new PackError(o.fileName(), r.name() + " patches "
                            + o.section(r.target()).name() + ", a NOBITS section (it has no bytes to patch)"));
                }
                boolean inBytes = target >= 0 && o.section(r.target()).type() != Elf.SHT_NOBITS;
                for (int i = 0; i < r.count(); i++, j++) {
                    if (inBytes) {
                        String bad = unpackable(o.machine(), r.type(i), r.offset(i), o.section(r.target()).size());
                        if (bad != null) {
                            errors.add(new PackError(o.fileName(), r.name() + " entry " + i + ": " + bad + " "
                                    + o.section(r.target()).name() + " (0x"
                                    + Long.toHexString(o.section(r.target()).size()) + " bytes)"));
                        }
                    }
                    rSection[j] = target;
                    rOffset[j] = r.offset(i);
                    rType[j] = r.type(i);
                    rSymbol[j] = base[oi] + r.symbol(i);
                    rAddend[j] = r.addend(i);
                    Marker m = semantic.get(((long) r.sectionIndex() << 32) | i);
                    rQuery[j] = m == null ? -1 : queries.computeIfAbsent(m, x -> queries.size());
                }
            }
        }
        return new Code(sections, groups, new RSymbols(name, value, size, section, binding, type, visibility, object),
                new RRelocations(rSection, rOffset, rType, rSymbol, rAddend, rQuery), List.copyOf(queries.keySet()));
    }

    /**
     * A resilient type crosses a function boundary only behind a pointer (docs/contracts.md): the crate's own
     * functions, trait methods and fn pointer types, and those of its trimmed import views (what it uses of them),
     * must not take or return one by value.
     */
    private static void checkBoundaries(Crate crate, List<Crate> imports, List<Crate> trimmed, String crateName,
                                        List<PackError> errors) {
        for (Mismatch m : Boundaries.byValue(crate, imports)) {
            errors.add(new PackError(crateName, Boundaries.phrase(m) + ": expected " + m.expected() + ", found "
                    + m.found() + "; " + Boundaries.hint(m)));
        }
        for (Crate view : trimmed) {
            if (view.name().equals(crate.name())) continue;
            List<Crate> context = new ArrayList<>(imports);
            context.add(crate);
            for (Mismatch m : Boundaries.byValue(view, context)) {
                errors.add(new PackError(crateName, "the view of " + view.name() + " " + view.version() + " it uses "
                        + Boundaries.phrase(m) + ": expected " + m.expected() + ", found " + m.found() + "; "
                        + Boundaries.hint(m)));
            }
        }
    }

    /** Every function body the crate's STEG promises must be defined (global or weak) by some object. */
    private static void checkDefinitions(Crate crate, String crateName, RSymbols symbols, List<PackError> errors) {
        Set<String> defined = new HashSet<>();
        for (int i = 0; i < symbols.count(); i++) {
            if (symbols.section(i) != RSymbols.UNDEF
                    && (symbols.binding(i) == STB_GLOBAL || symbols.binding(i) == STB_WEAK)) {
                defined.add(symbols.name(i));
            }
        }
        for (Item item : crate.items()) {
            if (item instanceof Item.Function f && !f.external()) {
                need(defined, f.path().toString(), f.symbol(), crateName, errors);
            } else if (item instanceof Item.Impl impl) {
                String owner = "<" + StegPrinter.canonicalTypeText(impl.forType()) + " as " + impl.trait() + ">";
                for (ImplMethod m : impl.methods()) {
                    need(defined, owner + "::" + m.name(), m.symbol(), crateName, errors);
                }
            } else if (item instanceof Item.Trait t) {
                for (TraitMethod m : t.methods()) {
                    if (m.defaultSymbol() != null) {
                        need(defined, t.path() + "::" + m.name() + " (default body)", m.defaultSymbol(), crateName,
                                errors);
                    }
                }
            }
        }
    }

    private static void need(Set<String> defined, String function, String symbol, String crateName,
                             List<PackError> errors) {
        if (!defined.contains(symbol)) {
            errors.add(new PackError(crateName, "function " + function + " is declared with symbol " + symbol
                    + ", which no object defines (as a global or weak symbol)"));
        }
    }
}
