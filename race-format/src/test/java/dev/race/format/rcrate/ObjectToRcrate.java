package dev.race.format.rcrate;

import dev.race.format.elf.Elf;
import dev.race.format.elf.ElfGroup;
import dev.race.format.elf.ElfObject;
import dev.race.format.elf.ElfRelocations;
import dev.race.format.elf.ElfSection;
import dev.race.format.elf.ElfSymbols;
import dev.race.format.marker.Marker;
import dev.race.format.marker.Markers;
import dev.race.steg.model.Crate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test-only conversion of one ELF object into an {@link RcrateFile} (the real packer lives elsewhere): every
 * section but the ELF bookkeeping ones (symbol/string tables, RELA, groups) becomes a crate section, every symbol
 * is kept at its index, relocations against a marker become semantic ones with a deduplicated query.
 */
final class ObjectToRcrate {
    /** ELF STB_* / STT_* numbers by the reader's enum ordinal. */
    private static final int[] BINDING = {0, 1, 2, 10};
    private static final int[] TYPE = {0, 1, 2, 3, 4, 5, 6, 10};

    private ObjectToRcrate() {
    }

    static RcrateFile convert(ElfObject o, Crate crate) {
        String origin = o.fileName();
        int[] map = new int[o.sections().size()];
        Arrays.fill(map, -1);
        List<ElfSection> kept = new ArrayList<>();
        for (ElfSection s : o.sections()) {
            int t = s.type();
            if (t == Elf.SHT_NULL || t == Elf.SHT_SYMTAB || t == Elf.SHT_STRTAB || t == Elf.SHT_RELA
                    || t == Elf.SHT_GROUP || t == Elf.SHT_SYMTAB_SHNDX) continue;
            map[s.index()] = kept.size();
            kept.add(s);
        }
        List<RGroup> groups = new ArrayList<>();
        int[] groupOf = new int[o.sections().size()];
        Arrays.fill(groupOf, -1);
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
        List<RSection> sections = new ArrayList<>();
        for (ElfSection s : kept) {
            sections.add(new RSection(origin, s.name(), s.type(), s.flags(), s.addralign(), s.entsize(), s.size(),
                    s.contents(), groupOf[s.index()]));
        }
        ElfSymbols es = o.symbols();
        int n = es.count();
        String[] name = new String[n];
        long[] value = new long[n];
        long[] size = new long[n];
        int[] section = new int[n];
        byte[] binding = new byte[n];
        byte[] type = new byte[n];
        byte[] visibility = new byte[n];
        int[] object = new int[n];
        for (int i = 0; i < n; i++) {
            name[i] = es.name(i);
            value[i] = es.value(i);
            size[i] = es.size(i);
            int shndx = es.shndx(i);
            section[i] = switch (shndx) {
                case Elf.SHN_UNDEF -> RSymbols.UNDEF;
                case Elf.SHN_ABS -> RSymbols.ABS;
                case Elf.SHN_COMMON -> RSymbols.COMMON;
                default -> map[shndx] >= 0 ? map[shndx] : RSymbols.UNDEF;
            };
            binding[i] = (byte) BINDING[es.binding(i).ordinal()];
            type[i] = (byte) TYPE[es.type(i).ordinal()];
            visibility[i] = (byte) es.visibility(i).ordinal();
        }
        RSymbols symbols = new RSymbols(name, value, size, section, binding, type, visibility, object);

        Map<Marker, Integer> queries = new LinkedHashMap<>();
        List<int[]> ints = new ArrayList<>();
        List<long[]> longs = new ArrayList<>();
        for (ElfRelocations r : o.relocations()) {
            if (map[r.target()] < 0) continue;
            for (int i = 0; i < r.count(); i++) {
                String sym = es.name(r.symbol(i));
                int q = -1;
                if (Markers.isMarker(sym)) {
                    q = queries.computeIfAbsent(Markers.demangle(sym), k -> queries.size());
                }
                ints.add(new int[] {map[r.target()], r.type(i), r.symbol(i), q});
                longs.add(new long[] {r.offset(i), r.addend(i)});
            }
        }
        int m = ints.size();
        int[] rs = new int[m];
        int[] rt = new int[m];
        int[] rsym = new int[m];
        int[] rq = new int[m];
        long[] ro = new long[m];
        long[] ra = new long[m];
        for (int i = 0; i < m; i++) {
            rs[i] = ints.get(i)[0];
            rt[i] = ints.get(i)[1];
            rsym[i] = ints.get(i)[2];
            rq[i] = ints.get(i)[3];
            ro[i] = longs.get(i)[0];
            ra[i] = longs.get(i)[1];
        }
        RcrateTarget target = RcrateTarget.byElfMachine(o.machine());
        return new RcrateFile(target, crate, List.of(), List.of(origin), sections, groups, symbols,
                new RRelocations(rs, ro, rt, rsym, ra, rq), List.copyOf(queries.keySet()));
    }
}
