package dev.race.link.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.race.layout.FieldLayout;
import dev.race.layout.Hole;
import dev.race.layout.TargetSpec;
import dev.race.layout.TypeLayout;
import dev.race.layout.VariantLayout;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Item;
import dev.race.steg.model.TypeText;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The layout report: a human table in the spirit of rustc's {@code -Zprint-type-sizes}, and JSON of the
 * shape {@code {"target":..,"types":[{"path","kind","size","align","fields":[{"name","offset","size"}]}]}}.
 */
public final class LayoutReport {
    private LayoutReport() {
    }

    public static String table(TargetSpec target, List<TypeLayout> layouts) {
        StringBuilder sb = new StringBuilder();
        sb.append("target ").append(target.name()).append(" (pointers ").append(target.pointerSize())
                .append(" bytes)\n");
        for (TypeLayout l : layouts) {
            sb.append('\n').append("type ").append(l.display()).append(": ")
                    .append(bytes(l.size())).append(", align ").append(l.align()).append(", ").append(describe(l))
                    .append('\n');
            if (l.variants().isEmpty()) {
                fieldRows(sb, l.fields(), l.holes(), "    ");
            } else {
                sb.append(String.format("    %6s  %5s  %5s  %s%n", "offset", "size", "align", "variant / field"));
                for (VariantLayout v : l.variants()) {
                    sb.append("    variant ").append(v.name());
                    if (v.discriminant() != null) {
                        sb.append(" = ").append(v.discriminant());
                    }
                    sb.append(", ").append(tagText(l, v)).append('\n');
                    for (FieldLayout f : byOffset(v.fields())) {
                        row(sb, f, "      ");
                    }
                }
            }
        }
        return sb.toString();
    }

    /** What the variant's tag marker answers, in words: the value the tag (or niche) holds for it. */
    private static String tagText(TypeLayout l, VariantLayout v) {
        if (v.tagValue() != null) {
            return switch (l.encoding()) {
                case NICHE -> "niche value " + v.tagValue();
                case SINGLE -> "tag marker " + v.tagValue() + " (not stored)";
                default -> "tag " + v.tagValue();
            };
        }
        return l.encoding() == TypeLayout.Encoding.NICHE ? "dataful: any value but the others' niche values"
                : "cannot exist: no tag value";
    }

    private static void fieldRows(StringBuilder sb, List<FieldLayout> fields, List<Hole> holes, String indent) {
        if (fields.isEmpty()) {
            return;
        }
        sb.append(String.format("%s%6s  %5s  %5s  %s%n", indent, "offset", "size", "align", "field"));
        List<Object> rows = new ArrayList<>(byOffset(fields));
        rows.addAll(holes);
        rows.sort(Comparator.comparingLong(o -> o instanceof FieldLayout f ? f.offset() : ((Hole) o).offset()));
        for (Object o : rows) {
            if (o instanceof FieldLayout f) {
                row(sb, f, indent);
            } else {
                Hole h = (Hole) o;
                sb.append(String.format("%s%6d  %5d  %5s  <padding>%n", indent, h.offset(), h.size(), ""));
            }
        }
    }

    private static void row(StringBuilder sb, FieldLayout f, String indent) {
        sb.append(String.format("%s%6d  %5d  %5d  %s: %s%n", indent, f.offset(), f.size(), f.align(), f.name(),
                TypeText.of(f.type())));
    }

    private static List<FieldLayout> byOffset(List<FieldLayout> fields) {
        List<FieldLayout> sorted = new ArrayList<>(fields);
        sorted.sort(Comparator.comparingLong(FieldLayout::offset)); // stable: ZSTs keep declaration order
        return sorted;
    }

    private static String bytes(long n) {
        return n + (n == 1 ? " byte" : " bytes");
    }

    private static String describe(TypeLayout l) {
        StringBuilder d = new StringBuilder();
        switch (l.encoding()) {
            case NONE -> d.append("layout ").append(l.strategy());
            case TAGGED -> {
                d.append("enum, tagged");
                if (l.tag() != null) {
                    d.append(" (").append(l.tag().signed() ? "i" : "u").append(l.tag().size() * 8)
                            .append(" tag at offset ").append(l.tag().offset()).append(')');
                }
            }
            case NICHE -> {
                d.append("enum, niche-encoded");
                if (l.tag() != null) {
                    d.append(" (").append(l.tag().size()).append("-byte niche at offset ").append(l.tag().offset())
                            .append(')');
                }
            }
            case SINGLE -> d.append("enum, single variant");
            case EMPTY -> d.append("enum, no variants (uninhabited)");
        }
        d.append(l.frozen() ? ", frozen" : (l.encoding() == TypeLayout.Encoding.NONE && "race".equals(l.strategy()) ? ", resilient" : ""));
        return d.toString();
    }

    public static String json(TargetSpec target, List<Crate> crates, List<TypeLayout> layouts) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("target", target.name());
            g.writeArrayFieldStart("crates");
            for (Crate c : crates) {
                g.writeStartObject();
                g.writeStringField("name", c.name());
                g.writeStringField("version", c.version().toString());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("types");
            for (TypeLayout l : layouts) {
                g.writeStartObject();
                g.writeStringField("path", l.path() == null ? l.display() : l.path().toString());
                g.writeStringField("kind", kind(crates, l));
                g.writeNumberField("size", l.size());
                g.writeNumberField("align", l.align());
                g.writeStringField("strategy", l.strategy());
                g.writeBooleanField("frozen", l.frozen());
                if (l.encoding() != TypeLayout.Encoding.NONE) {
                    g.writeStringField("encoding", l.encoding().name().toLowerCase(java.util.Locale.ROOT));
                }
                if (l.tag() != null) {
                    g.writeObjectFieldStart("tag");
                    g.writeNumberField("offset", l.tag().offset());
                    g.writeNumberField("size", l.tag().size());
                    g.writeBooleanField("signed", l.tag().signed());
                    g.writeEndObject();
                }
                fields(g, "fields", l.fields());
                if (l.variants().isEmpty()) {
                    g.writeArrayFieldStart("holes");
                    for (Hole h : l.holes()) {
                        g.writeStartObject();
                        g.writeNumberField("offset", h.offset());
                        g.writeNumberField("size", h.size());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                } else {
                    g.writeArrayFieldStart("variants");
                    for (VariantLayout v : l.variants()) {
                        g.writeStartObject();
                        g.writeStringField("name", v.name());
                        if (v.discriminant() != null) {
                            g.writeFieldName("discriminant");
                            g.writeNumber(v.discriminant());
                        }
                        // what the variant's tag marker answers; null: no tag value denotes it
                        g.writeFieldName("tagValue");
                        if (v.tagValue() == null) g.writeNull();
                        else g.writeNumber(v.tagValue());
                        fields(g, "fields", v.fields());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return w.toString() + "\n";
    }

    private static void fields(JsonGenerator g, String name, List<FieldLayout> fields) throws IOException {
        g.writeArrayFieldStart(name);
        for (FieldLayout f : fields) {
            g.writeStartObject();
            g.writeStringField("name", f.name());
            g.writeStringField("type", TypeText.of(f.type()));
            g.writeNumberField("offset", f.offset());
            g.writeNumberField("size", f.size());
            g.writeNumberField("align", f.align());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static String kind(List<Crate> crates, TypeLayout l) {
        if (l.path() != null) {
            for (Crate c : crates) {
                Item it = c.item(l.path()).orElse(null);
                if (it instanceof Item.Struct) return "struct";
                if (it instanceof Item.Enum) return "enum";
                if (it instanceof Item.TypeAlias) return "alias";
            }
        }
        return l.variants().isEmpty() ? "struct" : "enum";
    }
}
