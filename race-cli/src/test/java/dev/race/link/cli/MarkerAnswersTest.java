package dev.race.link.cli;

import dev.race.link.pipeline.VtableLinkTest;
import dev.race.link.testing.CliRunner;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.race.link.testing.CliRunner.race;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --map} and {@code race dump --against} list each marker with what it received and where it is used,
 * checked against oracles outside RACE: readelf's relocations and symbols of the objects gcc wrote (the sites),
 * the executable's symbol table and vtable bytes (the vtable address and slot offsets), {@code race layout} and the
 * program's own output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MarkerAnswersTest {
    Workspace ws;
    Path engine;
    Path plugin;
    Path pluginObject;
    Path pluginSteg;
    Path engineSteg;

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        ws = new Workspace(tmp);
        engineSteg = ws.write("engine.steg", VtableLinkTest.ENGINE_STEG);
        pluginSteg = ws.write("plugin.steg", VtableLinkTest.PLUGIN_STEG);
        engine = ws.pack("engine.rcrate", engineSteg, List.of(), ws.cc("engine", VtableLinkTest.ENGINE_C,
                Workspace.NO_PIC));
        pluginObject = ws.cc("plugin", VtableLinkTest.PLUGIN_C, Workspace.NO_PIC);
        plugin = ws.pack("plugin.rcrate", pluginSteg, List.of(engineSteg), pluginObject);
    }

    /** marker name to (the rest of its head line, its "used at" lines), from a map or a dump. */
    private static Map<String, Map.Entry<String, List<String>>> markers(String text, String heading) {
        Map<String, Map.Entry<String, List<String>>> out = new LinkedHashMap<>();
        int at = text.indexOf(heading);
        assertThat(at).as("no %s in%n%s", heading, text).isNotNegative();
        String current = null;
        for (String line : text.substring(at + 1).lines().skip(1).toList()) {
            if (line.startsWith("    used at ")) {
                out.get(current).getValue().add(line.substring("    used at ".length()));
            } else if (line.startsWith("__race_")) {
                String[] parts = line.split("\\s+", 2);
                current = parts[0];
                out.put(current, Map.entry(parts[1], new ArrayList<>()));
            } else {
                break;
            }
        }
        return out;
    }

    /** readelf -rW of an object: marker name to its sites, "OBJ:SECTION+0xOFF (in FN)", in relocation order. */
    private Map<String, List<String>> readelfSites(Path object, String origin) throws Exception {
        // the functions of each section: readelf -sW (Num Value Size Type Bind Vis Ndx Name)
        Map<String, List<String[]>> fnsBySection = new TreeMap<>();
        Map<String, String> sectionNames = new TreeMap<>();
        for (String line : ws.exec("readelf", "-SW", object.toString()).lines().toList()) {
            Matcher m = Pattern.compile("^\\s*\\[\\s*(\\d+)]\\s+(\\S+)").matcher(line);
            if (m.find()) {
                sectionNames.put(m.group(1), m.group(2));
            }
        }
        for (String line : ws.exec("readelf", "-sW", object.toString()).lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 8 && f[3].equals("FUNC") && f[6].matches("\\d+")) {
                fnsBySection.computeIfAbsent(sectionNames.get(f[6]), k -> new ArrayList<>()).add(f);
            }
        }
        Map<String, List<String>> out = new TreeMap<>();
        String section = null;
        for (String line : ws.exec("readelf", "-rW", object.toString()).lines().toList()) {
            Matcher h = Pattern.compile("^Relocation section '\\.rela(\\S+)'").matcher(line);
            if (h.find()) {
                section = h.group(1);
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length >= 5 && f[0].matches("[0-9a-f]{16}") && f[4].startsWith("__race_")) {
                long off = Long.parseLong(f[0], 16);
                String fn = null;
                for (String[] s : fnsBySection.getOrDefault(section, List.of())) {
                    long v = Long.parseLong(s[1], 16);
                    long size = Long.parseLong(s[2]);
                    if (off >= v && off < v + size) {
                        fn = s[7];
                    }
                }
                String site = origin + "(" + object.getFileName() + "):" + section + "+0x" + Long.toHexString(off)
                        + (fn == null ? "" : " (in " + fn + ")");
                List<String> l = out.computeIfAbsent(f[4], k -> new ArrayList<>());
                if (!l.contains(site)) {
                    l.add(site);
                }
            }
        }
        return out;
    }

    private Map<String, Long> symbols(Path exe) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        for (String line : ws.exec("readelf", "-sW", exe.toString()).lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 8 && f[1].matches("[0-9a-f]{16}")) {
                out.put(f[7], Long.parseLong(f[1], 16));
            }
        }
        return out;
    }

    @Test
    void theMapListsEveryMarkerWithItsAnswerAndEverySiteThatUsesIt() throws Exception {
        Path exe = ws.dir.resolve("app");
        Path map = ws.dir.resolve("app.map");
        CliRunner.Cli r = race("link", "--map", map.toString(), "-o", exe.toString(), engine.toString(),
                plugin.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ws.run(exe).out()).isEqualTo("7\n35\n70\n16\n8\n");
        String text = Files.readString(map);
        Map<String, Map.Entry<String, List<String>>> ms = markers(text, "\nmarkers (");

        // the sites: exactly the relocations gcc wrote against each marker, in both objects
        Map<String, List<String>> expected = new TreeMap<>(readelfSites(pluginObject, plugin.toString()));
        readelfSites(ws.dir.resolve("engine.o"), engine.toString()).forEach((k, v) ->
                expected.merge(k, v, (a, b) -> {
                    List<String> all = new ArrayList<>(b);
                    all.addAll(a);
                    return all;
                }));
        assertThat(ms.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, sites) -> assertThat(ms.get(name).getValue()).as(name)
                .containsExactlyInAnyOrderElementsOf(sites));

        // the vtable's address is its symbol's in the executable, and each slot offset finds the method there
        Map<String, Long> syms = symbols(exe);
        String vtbl = "__race_vtbl_6engine6Plugin_6plugin7Physics";
        assertThat(ms.get(vtbl).getKey()).isEqualTo("vtable engine::Plugin for plugin::Physics = 0x"
                + Long.toHexString(syms.get(vtbl)));
        byte[] image = Files.readAllBytes(exe);
        for (String[] slot : List.of(new String[] {"__race_slot_6engine6Plugin_4name", "physics_name"},
                new String[] {"__race_slot_6engine6Plugin_5build", "physics_build"})) {
            String head = ms.get(slot[0]).getKey();
            Matcher m = Pattern.compile("^vtable-slot engine::Plugin::\\w+ = (\\d+)$").matcher(head);
            assertThat(m.find()).as(head).isTrue();
            long word = readWord(ws, exe, image, syms.get(vtbl) + Long.parseLong(m.group(1)));
            assertThat(word).as(slot[0]).isEqualTo(syms.get(slot[1]));
        }

        // an offset: what race layout solves for the same crates
        String layout = race("layout", engineSteg.toString(), pluginSteg.toString()).out();
        Matcher g = Pattern.compile("(?m)^\\s+(\\d+)\\s+\\d+\\s+\\d+\\s+gravity:").matcher(layout);
        Matcher off = Pattern.compile("= (\\d+)$").matcher(ms.get("__race_off_6plugin7Physics_7gravity").getKey());
        assertThat(off.find()).isTrue();
        assertThat(g.find()).as(layout).isTrue();
        assertThat(off.group(1)).isEqualTo(g.group(1));
    }

    /** In a relocatable output a vtable marker gets its offset in its output section, as readelf shows the symbol. */
    @Test
    void aRelocatableOutputsMapGivesTheVtablesOffsetInItsSection() throws Exception {
        Path obj = ws.dir.resolve("app.o");
        Path map = ws.dir.resolve("app-r.map");
        CliRunner.Cli r = race("link", "-r", "-Map=" + map, "-o", obj.toString(), engine.toString(), plugin.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String vtbl = "__race_vtbl_6engine6Plugin_6plugin7Physics";
        Map<String, String> sectionNames = new TreeMap<>();
        for (String line : ws.exec("readelf", "-SW", obj.toString()).lines().toList()) {
            Matcher m = Pattern.compile("^\\s*\\[\\s*(\\d+)]\\s+(\\S+)").matcher(line);
            if (m.find()) {
                sectionNames.put(m.group(1), m.group(2));
            }
        }
        String[] sym = ws.exec("readelf", "-sW", obj.toString()).lines().map(l -> l.trim().split("\\s+"))
                .filter(f -> f.length == 8 && f[7].equals(vtbl)).findFirst().orElseThrow();
        assertThat(markers(Files.readString(map), "\nmarkers (").get(vtbl).getKey())
                .isEqualTo("vtable engine::Plugin for plugin::Physics = offset 0x" + Long.toHexString(Long.parseLong(
                        sym[1], 16)) + " in " + sectionNames.get(sym[6]));
    }

    /** The 8-byte little-endian word at a virtual address of the executable (readelf -lW gives the segments). */
    private static long readWord(Workspace ws, Path exe, byte[] image, long address) throws Exception {
        for (String line : ws.exec("readelf", "-lW", exe.toString()).lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && f[0].equals("LOAD")) {
                long offset = Long.decode(f[1]);
                long vaddr = Long.decode(f[2]);
                long filesz = Long.decode(f[4]);
                if (address >= vaddr && address + 8 <= vaddr + filesz) {
                    return ByteBuffer.wrap(image, (int) (offset + address - vaddr), 8).order(ByteOrder.LITTLE_ENDIAN)
                            .getLong();
                }
            }
        }
        throw new AssertionError("no LOAD segment holds 0x" + Long.toHexString(address));
    }

    @Test
    void dumpAgainstTheEngineAnswersThePluginsQueriesAsTheLinkDoes() throws Exception {
        Path map = ws.dir.resolve("app2.map");
        assertThat(race("link", "--map", map.toString(), "-o", ws.dir.resolve("app2").toString(), engine.toString(),
                plugin.toString()).code()).isZero();
        Map<String, Map.Entry<String, List<String>>> linked = markers(Files.readString(map), "\nmarkers (");

        CliRunner.Cli d = race("dump", plugin.toString(), "--against", engine.toString());
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(d.out()).startsWith(race("dump", plugin.toString()).out());
        Map<String, Map.Entry<String, List<String>>> answered = markers(d.out(), "\nanswers against " + engine);
        assertThat(answered.keySet()).containsExactlyInAnyOrderElementsOf(readelfSites(pluginObject,
                plugin.toString()).keySet());
        answered.forEach((name, a) -> {
            assertThat(a.getValue()).as(name).isEqualTo(linked.get(name).getValue());
            if (name.startsWith("__race_vtbl_")) {
                assertThat(a.getKey()).endsWith("= an address (assigned when the link places it)");
            } else {
                assertThat(a.getKey()).as(name).isEqualTo(linked.get(name).getKey());
            }
        });

        CliRunner.Cli json = race("dump", "--json", plugin.toString(), "--against", engine.toString());
        assertThat(json.code()).isZero();
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.out());
        assertThat(root.get("answers")).hasSize(answered.size());
        assertThat(root.get("answers").get(0).get("marker").asText()).isEqualTo(answered.keySet().iterator().next());

        // without the engine the plugin's import cannot be checked: the link's refusal, and no answers
        Path other = ws.pack("other.rcrate", ws.write("other.steg", "crate other 1.0.0;\n"), List.of());
        CliRunner.Cli none = race("dump", plugin.toString(), "--against", other.toString());
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).contains("race: error: ").contains("engine").endsWith("; no query answered\n");
    }
}
