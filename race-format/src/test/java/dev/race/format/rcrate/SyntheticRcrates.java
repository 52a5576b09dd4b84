package dev.race.format.rcrate;

import dev.race.format.marker.Marker;
import dev.race.format.marker.Markers;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Path;
import dev.race.steg.testgen.RandomCrates;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded, well-formed {@link RcrateFile}s: a random crate and import views (RandomCrates), code sections
 * including NOBITS, COMDAT and plain groups, symbols in sections and UNDEF/ABS/COMMON, ordinary relocations
 * and semantic ones against a query of every marker kind.
 */
final class SyntheticRcrates {
    private SyntheticRcrates() {
    }

    static RcrateFile generate(long seed) {
        Random r = new Random(seed);
        Crate crate = RandomCrates.generate(seed, 1 + r.nextInt(12));
        List<Crate> imports = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) imports.add(RandomCrates.generate(r.nextLong(), r.nextInt(6)));
        RcrateTarget target = r.nextBoolean() ? RcrateTarget.X86_64 : RcrateTarget.AARCH64;

        List<String> objects = new ArrayList<>();
        for (int i = 1 + r.nextInt(3); i > 0; i--) objects.add("obj" + objects.size() + ".o");
        objects.add("libdep.a(part.o)");

        int groupCount = r.nextInt(3);
        int sectionCount = 2 + r.nextInt(6);
        List<RSection> sections = new ArrayList<>();
        List<List<Integer>> members = new ArrayList<>();
        for (int g = 0; g < groupCount; g++) members.add(new ArrayList<>());
        String[] names = {".text", ".data", ".rodata.cst16", ".text.hot", ".init_array"};
        for (int i = 0; i < sectionCount; i++) {
            boolean nobits = i == 1 || r.nextInt(5) == 0;
            int size = 8 + r.nextInt(200);
            byte[] data = new byte[nobits ? 0 : size];
            r.nextBytes(data);
            int group = groupCount > 0 && r.nextBoolean() ? r.nextInt(groupCount) : -1;
            if (group >= 0) members.get(group).add(i);
            sections.add(new RSection(objects.get(r.nextInt(objects.size())), nobits ? ".bss" : names[r.nextInt(names.length)],
                    nobits ? RSection.SHT_NOBITS : 1, 2 | (nobits ? 1 : r.nextInt(8)), 1L << r.nextInt(7),
                    r.nextInt(3) * 8, size, ByteBuffer.wrap(data), group));
        }
        List<RGroup> groups = new ArrayList<>();
        for (int g = 0; g < groupCount; g++) groups.add(new RGroup("_ZN4comdat" + g, g % 2 == 0, members.get(g)));

        List<Marker> queries = List.of(
                new Marker.Offset(Path.of("engine", "Transform"), List.of("pos", "0")),
                new Marker.Size(Path.of("engine", "Transform")),
                new Marker.Align(Path.of("engine", "math", "Vec3")),
                new Marker.Slot(Path.of("engine", "Plugin"), "name"),
                new Marker.Tag(Path.of("engine", "Shape"), "Rect"),
                new Marker.Vtable(Path.of("engine", "Plugin"), Path.of("plugin", "Physics")));

        int defined = 3 + r.nextInt(10);
        int n = defined + 3 + queries.size();
        String[] name = new String[n];
        long[] value = new long[n];
        long[] size = new long[n];
        int[] section = new int[n];
        byte[] binding = new byte[n];
        byte[] type = new byte[n];
        byte[] visibility = new byte[n];
        int[] object = new int[n];
        for (int i = 0; i < n; i++) {
            name[i] = "sym_" + i + (r.nextInt(4) == 0 ? "_ünï" : "");
            value[i] = r.nextInt(64);
            size[i] = r.nextInt(32);
            section[i] = r.nextInt(sectionCount);
            binding[i] = (byte) r.nextInt(3);
            type[i] = (byte) r.nextInt(3);
            visibility[i] = (byte) r.nextInt(4);
            object[i] = r.nextInt(objects.size() + 1) - 1;
        }
        section[defined] = RSymbols.UNDEF;
        section[defined + 1] = RSymbols.ABS;
        section[defined + 2] = RSymbols.COMMON;
        value[defined + 2] = 16;
        for (int q = 0; q < queries.size(); q++) {
            name[defined + 3 + q] = Markers.mangle(queries.get(q));
            section[defined + 3 + q] = RSymbols.UNDEF;
        }
        RSymbols symbols = new RSymbols(name, value, size, section, binding, type, visibility, object);

        List<Integer> withData = new ArrayList<>();
        for (int i = 0; i < sectionCount; i++) if (!sections.get(i).isNobits()) withData.add(i);
        int m = withData.isEmpty() ? 0 : 1 + r.nextInt(20) + queries.size();
        int[] rs = new int[m];
        long[] ro = new long[m];
        int[] rt = new int[m];
        int[] rsym = new int[m];
        long[] ra = new long[m];
        int[] rq = new int[m];
        for (int i = 0; i < m; i++) {
            rs[i] = withData.get(r.nextInt(withData.size()));
            rt[i] = target == RcrateTarget.X86_64 ? (r.nextBoolean() ? 2 : 11) : (r.nextBoolean() ? 283 : 261);
            ro[i] = r.nextInt((int) sections.get(rs[i]).size() - 3);
            ra[i] = r.nextInt(17) - 8;
            boolean semantic = i < queries.size();
            rq[i] = semantic ? i : -1;
            rsym[i] = semantic ? defined + 3 + i : r.nextInt(defined + 3);
        }
        RRelocations relocations = new RRelocations(rs, ro, rt, rsym, ra, rq);
        return new RcrateFile(target, crate, imports, objects, sections, groups, symbols, relocations, queries);
    }
}
