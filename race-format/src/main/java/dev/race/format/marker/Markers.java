package dev.race.format.marker;

import dev.race.steg.model.Path;

import java.util.ArrayList;
import java.util.List;

/**
 * The marker-symbol grammar (docs/markers.md):
 * <pre>
 *   marker  = "__race_" ( "off_" path "_" members | "size_" path | "align_" path
 *                       | "slot_" path "_" segment | "tag_" path "_" segment | "vtbl_" path "_" path | "init_" path
 *                       | "upcast_" path "_" path
 *                       | "has_" path [ "_" members ] )
 *   path    = segment segment { segment }           (crate, then module and item names)
 *   segment = length identifier                     (length: decimal, no leading zero, = identifier length)
 *   members = member { member }
 *   member  = segment | "0" index "_"               (a tuple field: "0" then its decimal index, then "_")
 * </pre>
 * Every segment is length-prefixed, so a marker is a valid C identifier and decodes without lookahead or
 * ambiguity: a length never starts with {@code 0}, an identifier never starts with a digit, and a tuple-field
 * index is closed by {@code _}.
 */
public final class Markers {
    public static final String PREFIX = "__race_";

    private static final String KINDS = "off, size, align, slot, tag, vtbl, upcast, init or has";
    /** Longer than any symbol a linker should meet; bounds the length arithmetic. */
    private static final int MAX_LENGTH = 1 << 20;

    private Markers() {
    }

    public static boolean isMarker(String symbol) {
        return symbol.startsWith(PREFIX);
    }

    /** The symbol name for {@code m}; throws MarkerException when a name in it is not an ASCII identifier. */
    public static String mangle(Marker m) {
        StringBuilder b = new StringBuilder(PREFIX);
        if (m instanceof Marker.Offset o) {
            b.append("off_");
            path(b, o.type(), "type path");
            members(b.append('_'), o.member());
        } else if (m instanceof Marker.Has h) {
            path(b.append("has_"), h.type(), "type path");
            if (!h.member().isEmpty()) {
                members(b.append('_'), h.member());
            }
        } else if (m instanceof Marker.Size s) {
            path(b.append("size_"), s.type(), "type path");
        } else if (m instanceof Marker.Init i) {
            path(b.append("init_"), i.type(), "type path");
        } else if (m instanceof Marker.Align a) {
            path(b.append("align_"), a.type(), "type path");
        } else if (m instanceof Marker.Slot s) {
            path(b.append("slot_"), s.trait(), "trait path");
            segment(b.append('_'), s.method(), "method");
        } else if (m instanceof Marker.Tag t) {
            path(b.append("tag_"), t.enumType(), "enum path");
            segment(b.append('_'), t.variant(), "variant");
        } else if (m instanceof Marker.Vtable v) {
            path(b.append("vtbl_"), v.trait(), "trait path");
            path(b.append('_'), v.type(), "type path");
        } else if (m instanceof Marker.Upcast u) {
            path(b.append("upcast_"), u.sub(), "trait path");
            path(b.append('_'), u.sup(), "supertrait path");
        } else {
            throw new IllegalStateException("unknown marker " + m);
        }
        return b.toString();
    }

    private static void members(StringBuilder b, List<String> members) {
        for (String member : members) {
            if (isIndex(member)) {
                b.append('0').append(member).append('_');
            } else {
                segment(b, member, "member");
            }
        }
    }

    private static void path(StringBuilder b, Path p, String what) {
        if (p.size() < 2) {
            throw new MarkerException(p.toString(), -1, "cannot mangle " + what + " `" + p
                    + "`: it needs a crate and an item name (at least two segments)");
        }
        for (String s : p.segments()) {
            segment(b, s, what + " segment");
        }
    }

    private static void segment(StringBuilder b, String name, String what) {
        if (!isIdentifier(name)) {
            throw new MarkerException(name, -1, "cannot mangle " + what + " `" + name
                    + "`: not an ASCII identifier [A-Za-z_][A-Za-z0-9_]*");
        }
        b.append(name.length()).append(name);
    }

    static boolean isIdentifier(String s) {
        if (s.isEmpty() || s.length() > MAX_LENGTH || isDigit(s.charAt(0))) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isIdentChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A tuple-field index: {@code 0} or a decimal without a leading zero. */
    static boolean isIndex(String s) {
        if (s.isEmpty() || s.length() > 18 || (s.charAt(0) == '0' && s.length() > 1)) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_';
    }

    /** Decodes a marker symbol; throws MarkerException naming the problem and its position in the name. */
    public static Marker demangle(String symbol) {
        return new Decoder(symbol).marker();
    }

    /** A cursor over one symbol name; every error names the position it stopped at. */
    private static final class Decoder {
        private final String s;
        private int pos;

        Decoder(String s) {
            this.s = s;
        }

        private MarkerException error(int at, String problem) {
            return new MarkerException(s, at, problem);
        }

        Marker marker() {
            if (!s.startsWith(PREFIX)) {
                throw error(0, "a marker starts with " + PREFIX);
            }
            if (s.length() > MAX_LENGTH) {
                throw error(0, "the name is longer than " + MAX_LENGTH + " characters");
            }
            pos = PREFIX.length();
            int end = s.indexOf('_', pos);
            String kind = s.substring(pos, end < 0 ? s.length() : end);
            Marker m = switch (kind) {
                case "off" -> {
                    start(kind, end);
                    Path type = path("type path");
                    second(kind, "a member path");
                    yield new Marker.Offset(type, members());
                }
                case "size" -> {
                    start(kind, end);
                    yield new Marker.Size(path("type path"));
                }
                case "init" -> {
                    start(kind, end);
                    yield new Marker.Init(path("type path"));
                }
                case "align" -> {
                    start(kind, end);
                    yield new Marker.Align(path("type path"));
                }
                case "slot" -> {
                    start(kind, end);
                    Path trait = path("trait path");
                    second(kind, "a method name");
                    yield new Marker.Slot(trait, single("method name"));
                }
                case "tag" -> {
                    start(kind, end);
                    Path enumType = path("enum path");
                    second(kind, "a variant name");
                    yield new Marker.Tag(enumType, single("variant name"));
                }
                case "vtbl" -> {
                    start(kind, end);
                    Path trait = path("trait path");
                    second(kind, "a type path");
                    yield new Marker.Vtable(trait, path("type path"));
                }
                case "upcast" -> {
                    start(kind, end);
                    Path sub = path("trait path");
                    second(kind, "a supertrait path");
                    yield new Marker.Upcast(sub, path("supertrait path"));
                }
                case "has" -> {
                    start(kind, end);
                    Path type = path("type path");
                    if (pos >= s.length()) {
                        yield new Marker.Has(type, List.of());
                    }
                    second(kind, "a member path");
                    yield new Marker.Has(type, members());
                }
                default -> throw error(pos, "unknown marker kind `" + kind + "` (expected " + KINDS + ")");
            };
            if (pos < s.length()) {
                throw error(pos, "trailing characters `" + s.substring(pos) + "` after a complete `" + kind
                        + "` marker");
            }
            return m;
        }

        /** Steps over {@code <kind>_}; {@code end} is the index of that underscore or -1. */
        private void start(String kind, int end) {
            if (end < 0) {
                throw error(s.length(), "a `" + kind + "` marker needs `_` and a path after its kind");
            }
            pos = end + 1;
        }

        /** Steps over the `_` before a kind's second part. */
        private void second(String kind, String what) {
            if (pos >= s.length()) {
                throw error(pos, "missing second part: a `" + kind + "` marker needs `_` and " + what
                        + " after the first path");
            }
            if (s.charAt(pos) != '_') {
                throw error(pos, "expected `_` before " + what + ", found `" + s.charAt(pos) + "`");
            }
            pos++;
        }

        private Path path(String what) {
            int start = pos;
            List<String> segments = new ArrayList<>();
            segments.add(segment(what));
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                segments.add(segment(what));
            }
            if (segments.size() < 2) {
                throw error(start, "the " + what + " `" + segments.get(0) + "` has one segment; it needs a crate "
                        + "and an item name (e.g. 6engine9Transform)");
            }
            return new Path(segments);
        }

        /** A method or variant name: exactly one segment. */
        private String single(String what) {
            String name = segment(what);
            if (pos < s.length() && isDigit(s.charAt(pos))) {
                throw error(pos, "a " + what + " is a single segment, found another segment");
            }
            return name;
        }

        private List<String> members() {
            List<String> members = new ArrayList<>();
            do {
                if (pos < s.length() && s.charAt(pos) == '0') {
                    members.add(index());
                } else {
                    members.add(segment("member path"));
                }
            } while (pos < s.length() && isDigit(s.charAt(pos)));
            return members;
        }

        /** {@code 0 <index> _}: a tuple field. */
        private String index() {
            int start = pos;
            pos++;
            int digits = pos;
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos == digits) {
                throw error(start, "a tuple field (`0`) needs its decimal index, e.g. `00_` for field 0");
            }
            String index = s.substring(digits, pos);
            if (!isIndex(index)) {
                throw error(digits, "tuple field index `" + index + "` has a leading zero or is too long");
            }
            if (pos >= s.length() || s.charAt(pos) != '_') {
                throw error(pos, "tuple field index `" + index + "` is not closed by `_`");
            }
            pos++;
            return index;
        }

        private String segment(String what) {
            int start = pos;
            if (pos >= s.length()) {
                throw error(pos, "expected the length of a " + what + " segment, found the end of the name");
            }
            char c = s.charAt(pos);
            if (!isDigit(c)) {
                throw error(pos, "expected the length of a " + what + " segment, found `" + c + "`");
            }
            if (c == '0') {
                throw error(pos, "segment length has a leading zero");
            }
            long n = 0;
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                n = Math.min(n * 10 + (s.charAt(pos) - '0'), MAX_LENGTH + 1L);
                pos++;
            }
            if (pos >= s.length()) {
                throw error(start, "segment length " + s.substring(start, pos)
                        + " is not followed by a name (the name is truncated)");
            }
            int left = s.length() - pos;
            if (n > left) {
                throw error(start, "segment length " + s.substring(start, pos) + " runs past the end of the name ("
                        + left + " characters left)");
            }
            int end = pos + (int) n;
            for (int i = pos; i < end; i++) {
                char ch = s.charAt(i);
                if (!isIdentChar(ch)) {
                    throw error(i, String.format("character `%s` (U+%04X) is not allowed in an identifier",
                            ch, (int) ch));
                }
            }
            // The length's digits were read greedily, so the identifier cannot start with a digit.
            String name = s.substring(pos, end);
            pos = end;
            return name;
        }
    }
}
