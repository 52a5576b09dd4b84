package dev.race.link.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.race.format.elf.Elf;
import dev.race.format.elf.RelocationTypes;
import dev.race.format.marker.Markers;
import dev.race.format.pack.Sites;
import dev.race.format.rcrate.RGroup;
import dev.race.format.rcrate.RRelocations;
import dev.race.format.rcrate.RSection;
import dev.race.format.rcrate.RSymbols;
import dev.race.format.rcrate.RcrateFile;
import dev.race.steg.lang.StegPrinter;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Path;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code race dump}: an .rcrate for people (aligned tables, hex offsets, sections grouped by the object they
 * came from) or as JSON for tools. Symbol types, bindings and visibilities use readelf's words; relocation
 * types their ABI names; a semantic relocation also shows its query in words.
 */
public final class DumpReport {
    private static final String[] TYPES = {"NOTYPE", "OBJECT", "FUNC", "SECTION", "FILE", "COMMON", "TLS", "IFUNC"};
    private static final String[] BINDINGS = {"LOCAL", "GLOBAL", "WEAK", "UNIQUE"};
    private static final String[] VISIBILITIES = {"DEFAULT", "INTERNAL", "HIDDEN", "PROTECTED"};

    private DumpReport() {
    }

    public static String text(String fileName, RcrateFile f) {
        StringBuilder b = new StringBuilder();
        int machine = f.target().elfMachine();
        b.append("file     ").append(fileName).append('\n');
        b.append("target   ").append(f.target().cliName()).append('\n');
        b.append("crate    ").append(id(f.crate())).append('\n');
        b.append("objects  ").append(f.objects().isEmpty() ? "(none: a crate without code)"
                : String.join(", ", f.objects())).append('\n');
        List<String> imports = new ArrayList<>();
        for (Crate c : f.imports()) {
            imports.add(id(c) + " (" + c.items().size() + (c.items().size() == 1 ? " item)" : " items)"));
        }
        b.append("imports  ").append(imports.isEmpty() ? "(none)" : String.join(", ", imports)).append('\n');

        b.append("\nsections (").append(f.sections().size()).append(")\n");
        String origin = null;
        Table t = null;
        for (int i = 0; i < f.sections().size(); i++) {
            RSection s = f.sections().get(i);
            if (!s.origin().equals(origin)) {
                if (t != null) {
                    t.appendTo(b, "    ");
                }
                origin = s.origin();
                b.append("  ").append(origin).append('\n');
                t = new Table("idx", "name", "type", "flags", "size", "align", "entsize", "group");
            }
            t.row(Integer.toString(i), s.name(), Elf.sectionTypeName(machine, s.type()), Elf.sectionFlagLetters(s.flags()),
                    hex(s.size()), Long.toString(s.align()), s.entsize() == 0 ? "" : Long.toString(s.entsize()),
                    s.group() < 0 ? "" : Integer.toString(s.group()));
        }
        if (t != null) {
            t.appendTo(b, "    ");
        }
        if (!f.groups().isEmpty()) {
            b.append("\ngroups (").append(f.groups().size()).append(")\n");
            Table g = new Table("idx", "kind", "signature", "sections");
            for (int i = 0; i < f.groups().size(); i++) {
                RGroup gr = f.groups().get(i);
                g.row(Integer.toString(i), gr.comdat() ? "COMDAT" : "group", gr.signature(),
                        String.join(" ", gr.sections().stream().map(String::valueOf).toList()));
            }
            g.appendTo(b, "  ");
        }

        RSymbols sy = f.symbols();
        b.append("\nsymbols (").append(sy.count()).append(")\n");
        Table st = new Table("idx", "value", "size", "type", "bind", "vis", "section", "object", "name");
        for (int i = 0; i < sy.count(); i++) {
            st.row(Integer.toString(i), hex(sy.value(i)), Long.toString(sy.size(i)), word(TYPES, sy.type(i)),
                    word(BINDINGS, sy.binding(i)), word(VISIBILITIES, sy.visibility(i)), section(f, sy.section(i)),
                    f.objects().isEmpty() ? "" : f.objects().get(sy.object(i)), symbolName(f, i));
        }
        st.appendTo(b, "  ");

        RRelocations r = f.relocations();
        long semantic = 0;
        for (int i = 0; i < r.count(); i++) {
            semantic += r.isSemantic(i) ? 1 : 0;
        }
        b.append("\nrelocations (").append(r.count()).append(", ").append(semantic).append(" semantic, ")
                .append(f.queries().size()).append(f.queries().size() == 1 ? " query" : " queries").append(")\n");
        Table rt = new Table("where", "type", "symbol", "addend", "query");
        for (int i = 0; i < r.count(); i++) {
            RSection s = f.sections().get(r.section(i));
            rt.row(s.origin() + ":" + s.name() + "+" + hex(r.offset(i)),
                    RelocationTypes.describe(machine, r.type(i)), symbolName(f, r.symbol(i)), addend(r.addend(i)),
                    r.isSemantic(i) ? Sites.describe(f.queries().get(r.query(i))) : "");
        }
        rt.appendTo(b, "  ");

        Map<Path, List<String>> sites = Sites.of(f);
        b.append("\nsites (items the code depends on)\n");
        if (sites.isEmpty()) {
            b.append("  (none)\n");
        }
        sites.forEach((p, l) -> {
            b.append("  ").append(p).append('\n');
            l.forEach(s -> b.append("    ").append(s).append('\n'));
        });

        b.append("\nsteg of ").append(id(f.crate())).append('\n');
        indent(b, StegPrinter.print(f.crate()));
        for (Crate c : f.imports()) {
            b.append("\nimport view ").append(id(c)).append('\n');
            indent(b, StegPrinter.print(c));
        }
        return b.toString();
    }

    public static String json(String fileName, RcrateFile f) {
        StringWriter w = new StringWriter();
        int machine = f.target().elfMachine();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("file", fileName);
            g.writeStringField("target", f.target().cliName());
            g.writeObjectFieldStart("crate");
            g.writeStringField("name", f.crate().name());
            g.writeStringField("version", f.crate().version().toString());
            g.writeStringField("steg", StegPrinter.print(f.crate()));
            g.writeEndObject();
            g.writeArrayFieldStart("objects");
            for (String o : f.objects()) {
                g.writeString(o);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("imports");
            for (Crate c : f.imports()) {
                g.writeStartObject();
                g.writeStringField("name", c.name());
                g.writeStringField("version", c.version().toString());
                g.writeArrayFieldStart("items");
                for (var it : c.items()) {
                    g.writeString(it.path().toString());
                }
                g.writeEndArray();
                g.writeStringField("steg", StegPrinter.print(c));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("sections");
            for (int i = 0; i < f.sections().size(); i++) {
                RSection s = f.sections().get(i);
                g.writeStartObject();
                g.writeNumberField("index", i);
                g.writeStringField("origin", s.origin());
                g.writeStringField("name", s.name());
                g.writeStringField("type", Elf.sectionTypeName(machine, s.type()));
                g.writeStringField("flags", Elf.sectionFlagLetters(s.flags()));
                g.writeNumberField("size", s.size());
                g.writeNumberField("align", s.align());
                g.writeNumberField("entsize", s.entsize());
                g.writeNumberField("group", s.group());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("groups");
            for (RGroup gr : f.groups()) {
                g.writeStartObject();
                g.writeStringField("signature", gr.signature());
                g.writeBooleanField("comdat", gr.comdat());
                g.writeArrayFieldStart("sections");
                for (int s : gr.sections()) {
                    g.writeNumber(s);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            RSymbols sy = f.symbols();
            g.writeArrayFieldStart("symbols");
            for (int i = 0; i < sy.count(); i++) {
                g.writeStartObject();
                g.writeNumberField("index", i);
                g.writeStringField("name", sy.name(i));
                g.writeNumberField("value", sy.value(i));
                g.writeNumberField("size", sy.size(i));
                g.writeStringField("type", word(TYPES, sy.type(i)));
                g.writeStringField("binding", word(BINDINGS, sy.binding(i)));
                g.writeStringField("visibility", word(VISIBILITIES, sy.visibility(i)));
                g.writeStringField("section", section(f, sy.section(i)));
                g.writeNumberField("object", sy.object(i));
                g.writeEndObject();
            }
            g.writeEndArray();
            RRelocations r = f.relocations();
            g.writeArrayFieldStart("relocations");
            for (int i = 0; i < r.count(); i++) {
                g.writeStartObject();
                g.writeNumberField("section", r.section(i));
                g.writeNumberField("offset", r.offset(i));
                g.writeStringField("type", RelocationTypes.describe(machine, r.type(i)));
                g.writeNumberField("symbol", r.symbol(i));
                g.writeStringField("symbolName", symbolName(f, r.symbol(i)));
                g.writeNumberField("addend", r.addend(i));
                if (r.isSemantic(i)) {
                    g.writeStringField("query", Sites.describe(f.queries().get(r.query(i))));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("queries");
            for (var q : f.queries()) {
                g.writeStartObject();
                g.writeStringField("marker", Markers.mangle(q));
                g.writeStringField("query", Sites.describe(q));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("sites");
            for (Map.Entry<Path, List<String>> e : Sites.of(f).entrySet()) {
                g.writeArrayFieldStart(e.getKey().toString());
                for (String s : e.getValue()) {
                    g.writeString(s);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w + "\n";
    }

    private static String id(Crate c) {
        return c.name() + "@" + c.version();
    }

    private static void indent(StringBuilder b, String text) {
        text.lines().forEach(l -> b.append(l.isEmpty() ? "" : "  " + l).append('\n'));
    }

    private static String word(String[] words, int i) {
        return i >= 0 && i < words.length ? words[i] : Integer.toString(i);
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static String addend(long a) {
        return a < 0 ? "-0x" + Long.toHexString(-a) : "+0x" + Long.toHexString(a);
    }

    private static String section(RcrateFile f, int s) {
        return switch (s) {
            case RSymbols.UNDEF -> "UND";
            case RSymbols.ABS -> "ABS";
            case RSymbols.COMMON -> "COM";
            default -> s + " " + f.sections().get(s).name();
        };
    }

    /** A symbol's name; a nameless section symbol is shown as its section's name. */
    private static String symbolName(RcrateFile f, int i) {
        RSymbols s = f.symbols();
        if (s.name(i).isEmpty() && s.type(i) == 3 && s.section(i) >= 0) {
            return f.sections().get(s.section(i)).name();
        }
        return s.name(i);
    }

    /** Left-aligned columns sized to their widest cell. */
    private static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        void row(String... cells) {
            rows.add(cells);
        }

        void appendTo(StringBuilder b, String indent) {
            int n = rows.get(0).length;
            int[] width = new int[n];
            for (String[] r : rows) {
                for (int i = 0; i < n; i++) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder(indent);
                for (int i = 0; i < n; i++) {
                    line.append(r[i]);
                    if (i + 1 < n) {
                        line.append(" ".repeat(width[i] - r[i].length() + 2));
                    }
                }
                b.append(line.toString().stripTrailing()).append('\n');
            }
        }
    }
}
