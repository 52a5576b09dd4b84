package dev.race.steg.codec;

import dev.race.steg.model.Crate;
import dev.race.steg.model.Field;
import dev.race.steg.model.FnSig;
import dev.race.steg.model.ImplMethod;
import dev.race.steg.model.Item;
import dev.race.steg.model.Param;
import dev.race.steg.model.Path;
import dev.race.steg.model.PrimKind;
import dev.race.steg.model.Repr;
import dev.race.steg.model.Shape;
import dev.race.steg.model.TraitMethod;
import dev.race.steg.model.Type;
import dev.race.steg.model.Variant;
import dev.race.steg.model.Version;
import dev.race.steg.model.Visibility;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads one STEG blob, treating every byte as hostile. Three invariants keep it safe on any input:
 * every count and length is checked against the bytes that remain before anything is allocated for it
 * (each element of a list occupies at least one byte, so a count larger than the remainder is already
 * wrong); every loop iteration consumes at least one byte, so work is linear in the input; and type
 * recursion stops at {@link Wire#MAX_TYPE_DEPTH}. The reader also insists on the canonical form (strings
 * numbered in order of first use, none unused, minimal integers, sorted effects), so a blob that decodes
 * re-encodes to exactly the same bytes.
 */
final class StegReader {
    private final ByteBuffer buf;
    private final int base;
    private final int limit;
    private int pos;

    private String[] strings;
    /** The number of distinct strings referenced so far; the next new reference must be this index. */
    private int stringsUsed;
    /** Version 2 and later: every field carries a default (length 0 when it has none). */
    private boolean withDefaults;
    private boolean sawDefault;
    private int formatVersion;
    /** Version 3: structs and enums carry a drop symbol, traits their flags and supertraits. */
    private boolean v3;
    private boolean sawV3;
    private boolean sawStrategy;

    private StegReader(ByteBuffer buf) {
        this.buf = buf;
        this.base = buf.position();
        this.limit = buf.limit();
        this.pos = base;
    }

    static Crate read(ByteBuffer buffer) {
        return new StegReader(buffer).crate();
    }

    private Crate crate() {
        header();
        stringTable();
        String name = str("the crate name");
        Version version = version();
        int count = count("the item count");
        List<Item> items = listFor(count);
        Map<Path, Integer> seen = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int start = pos;
            Item item = item();
            if (!item.path().crate().equals(name)) {
                throw fail(start, "expected an item of crate " + quote(name) + ", found " + quote(item.path().toString()));
            }
            Integer first = seen.putIfAbsent(item.path(), start);
            if (first != null) {
                throw fail(start, "duplicate item " + quote(item.path().toString()) + " (first declared at offset "
                        + hex(first - base) + ")");
            }
            items.add(item);
        }
        if (pos != limit) {
            throw fail(pos, "expected the end of the data after the last item, found " + (limit - pos) + " more bytes");
        }
        if (stringsUsed != strings.length) {
            throw fail(pos, "expected every string of the table to be used, found " + (strings.length - stringsUsed)
                    + " unused (first unused: string " + stringsUsed + ")");
        }
        if (formatVersion == 2 && !sawDefault) {
            throw fail(base + 4, "expected STEG format version 1 for a crate without field defaults, found version "
                    + "2 (the canonical encoding uses version 2 only when a field has a default)");
        }
        if (formatVersion == 3 && !sawV3) {
            throw fail(base + 4, "expected STEG format version " + (sawDefault ? 2 : 1) + " for a crate without "
                    + "supertraits, frozen traits or drop glue, found version 3 (the canonical encoding uses version 3 "
                    + "only when a crate has one of them)");
        }
        if (formatVersion == 4 && !sawStrategy) {
            throw fail(base + 4, "expected STEG format version " + (sawV3 ? 3 : sawDefault ? 2 : 1) + " for a crate "
                    + "without layout strategies, found version 4 (the canonical encoding uses version 4 only when a "
                    + "struct names a layout strategy)");
        }
        try {
            return new Crate(name, version, items);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw fail(pos, "the crate is invalid: " + e.getMessage());
        }
    }

    private void header() {
        for (int i = 0; i < Wire.MAGIC.length; i++) {
            if (pos + i >= limit || buf.get(pos + i) != Wire.MAGIC[i]) {
                throw fail(pos, "expected magic \"STEG\" (53 54 45 47), found " + hexBytes(pos, Math.min(limit, pos + 4)));
            }
        }
        pos += 4;
        int versionAt = pos;
        int version = u16("the format version");
        if (version > StegCodec.FORMAT_VERSION) {
            throw fail(versionAt, "STEG format version " + version + " is newer than this RACE supports ("
                    + StegCodec.FORMAT_VERSION + ")");
        }
        if (version < 1) {
            throw fail(versionAt, "expected STEG format version 1 to " + StegCodec.FORMAT_VERSION + ", found " + version
                    + " (no such version was ever written)");
        }
        withDefaults = version >= 2;
        v3 = version >= 3;
        this.formatVersion = version;
        int flagsAt = pos;
        int flags = u16("the flags");
        if ((flags & ~Wire.KNOWN_FLAGS) != 0) {
            throw fail(flagsAt, String.format("expected no unknown flag bits, found flags 0x%04X (unknown bits 0x%04X)",
                    flags, flags & ~Wire.KNOWN_FLAGS));
        }
    }

    private void stringTable() {
        int count = count("the string count");
        strings = new String[count];
        Map<String, Integer> index = new HashMap<>();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int i = 0; i < count; i++) {
            int lengthAt = pos;
            int length = count("the byte length of a string");
            int start = pos;
            ByteBuffer in = buf.duplicate();
            in.limit(start + length).position(start);
            // UTF-8 never has more UTF-16 units than bytes, so this buffer is big enough.
            CharBuffer out = CharBuffer.allocate(length);
            utf8.reset();
            CoderResult r = utf8.decode(in, out, true);
            if (!r.isError()) {
                r = utf8.flush(out);
            }
            if (r.isError()) {
                throw fail(in.position(), "expected UTF-8 in string " + i + ", found the invalid byte sequence "
                        + hexBytes(in.position(), Math.min(in.position() + r.length(), start + length)));
            }
            String s = out.flip().toString();
            Integer dup = index.putIfAbsent(s, i);
            if (dup != null) {
                throw fail(lengthAt, "expected each string once in the string table, found string " + i + " "
                        + quote(s) + " repeating string " + dup);
            }
            strings[i] = s;
            pos = start + length;
        }
    }

    private Version version() {
        long major = uleb("the major version");
        long minor = uleb("the minor version");
        long patch = uleb("the patch version");
        String pre = str("the pre-release");
        String build = str("the build metadata");
        return new Version(major, minor, patch, pre, build);
    }

    private Item item() {
        int start = pos;
        int tag = u8("an item tag");
        try {
            switch (tag) {
                case Wire.I_STRUCT: {
                    Path path = path("the struct path");
                    Visibility vis = visibility();
                    Repr repr = repr();
                    int flags = flags(Wire.F_FROZEN | Wire.F_NON_EXHAUSTIVE);
                    String drop = dropSymbol();
                    Shape shape = shape();
                    List<Field> fields = fields();
                    return new Item.Struct(path, vis, repr, (flags & Wire.F_FROZEN) != 0,
                            (flags & Wire.F_NON_EXHAUSTIVE) != 0, shape, fields, drop);
                }
                case Wire.I_ENUM: {
                    Path path = path("the enum path");
                    Visibility vis = visibility();
                    Repr repr = repr();
                    int flags = flags(Wire.F_FROZEN | Wire.F_NON_EXHAUSTIVE);
                    String drop = dropSymbol();
                    int n = count("the variant count");
                    List<Variant> variants = listFor(n);
                    for (int i = 0; i < n; i++) {
                        variants.add(variant());
                    }
                    return new Item.Enum(path, vis, repr, (flags & Wire.F_FROZEN) != 0,
                            (flags & Wire.F_NON_EXHAUSTIVE) != 0, variants, drop);
                }
                case Wire.I_TRAIT: {
                    Path path = path("the trait path");
                    Visibility vis = visibility();
                    boolean frozen = false;
                    List<Path> supers = List.of();
                    if (v3) {
                        frozen = (flags(Wire.F_TRAIT_FROZEN) & Wire.F_TRAIT_FROZEN) != 0;
                        int ns = count("the supertrait count");
                        supers = listFor(ns);
                        for (int i = 0; i < ns; i++) {
                            supers.add(path("a supertrait"));
                        }
                        sawV3 |= frozen || ns > 0;
                    }
                    int n = count("the method count");
                    List<TraitMethod> methods = listFor(n);
                    for (int i = 0; i < n; i++) {
                        String name = str("a method name");
                        FnSig sig = sig();
                        String def = optionalStr("a default symbol");
                        methods.add(new TraitMethod(name, sig, def));
                    }
                    return new Item.Trait(path, vis, frozen, supers, methods);
                }
                case Wire.I_IMPL: {
                    Path path = path("the impl path");
                    Path trait = path("the implemented trait");
                    Type forType = type(1);
                    int n = count("the method count");
                    List<ImplMethod> methods = listFor(n);
                    for (int i = 0; i < n; i++) {
                        String name = str("a method name");
                        String symbol = str("a method symbol");
                        methods.add(new ImplMethod(name, symbol));
                    }
                    return new Item.Impl(path, trait, forType, methods);
                }
                case Wire.I_FUNCTION: {
                    Path path = path("the function path");
                    Visibility vis = visibility();
                    String symbol = str("the function symbol");
                    int flags = flags(Wire.F_EXTERNAL);
                    FnSig sig = sig();
                    return new Item.Function(path, vis, symbol, (flags & Wire.F_EXTERNAL) != 0, sig);
                }
                case Wire.I_TYPE_ALIAS: {
                    Path path = path("the alias path");
                    Visibility vis = visibility();
                    Type target = type(1);
                    return new Item.TypeAlias(path, vis, target);
                }
                default:
                    throw fail(start, String.format("expected an item tag (0x01..0x06), found 0x%02X", tag));
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            // The model's own constructors are the last word on validity; their refusal is corrupt input here.
            throw fail(start, "the item is invalid: " + e.getMessage());
        }
    }

    /** Version 3: a struct's or enum's optional drop-glue symbol; always null before. */
    private String dropSymbol() {
        if (!v3) {
            return null;
        }
        String s = optionalStr("a drop glue symbol");
        sawV3 |= s != null;
        return s;
    }

    private Repr repr() {
        int kindAt = pos;
        int kindCode = u8("a repr kind");
        Repr.Kind kind = Wire.reprKindOf(kindCode);
        if (kind == null || kind == Repr.Kind.STRATEGY && formatVersion < 4) {
            throw fail(kindAt, String.format("expected a repr kind (0 Rust, 1 C, 2 transparent%s), found 0x%02X",
                    formatVersion >= 4 ? ", 3 strategy" : "; 3, a layout strategy, needs format version 4", kindCode));
        }
        String strategy = null;
        int strategyVersion = 0;
        if (kind == Repr.Kind.STRATEGY) {
            int nameAt = pos;
            strategy = str("a layout strategy name");
            if (strategy.isEmpty()) {
                throw fail(nameAt, "expected a layout strategy name, found the empty string");
            }
            strategyVersion = intValue("the layout strategy version");
            sawStrategy = true;
        }
        int packed = intValue("the repr packed value");
        int align = intValue("the repr align value");
        int intAt = pos;
        int code = u8("a repr integer type");
        PrimKind intType = null;
        if (code != 0) {
            intType = Wire.primOf(code);
            if (intType == null || !intType.isInteger()) {
                throw fail(intAt, String.format("expected 0 or an integer primitive code (0x01..0x0C) for the repr "
                        + "integer type, found 0x%02X", code));
            }
        }
        if (kind == Repr.Kind.STRATEGY) {
            if (intType != null) {
                throw fail(intAt, "expected no integer type in a layout strategy repr (it is for enums)");
            }
            return new Repr(kind, packed, align, null, strategy, strategyVersion);
        }
        return new Repr(kind, packed, align, intType);
    }

    private List<Field> fields() {
        int n = count("the field count");
        List<Field> fields = listFor(n);
        for (int i = 0; i < n; i++) {
            String name = str("a field name");
            Visibility vis = visibility();
            Type type = type(1);
            BigInteger dflt = null;
            if (withDefaults) {
                dflt = integer("field default");
                sawDefault |= dflt != null;
            }
            fields.add(new Field(name, vis, type, dflt));
        }
        return fields;
    }

    private Variant variant() {
        String name = str("a variant name");
        Shape shape = shape();
        List<Field> fields = fields();
        BigInteger discriminant = integer("discriminant");
        return new Variant(name, shape, fields, discriminant);
    }

    /** uleb length + minimal big-endian two's complement bytes; null for length 0. */
    private BigInteger integer(String what) {
        int lengthAt = pos;
        int length = count("the " + what + " length");
        if (length == 0) {
            return null;
        }
        int bytesAt = pos;
        byte[] b = new byte[length];
        buf.get(pos, b);
        pos += length;
        // Minimal two's complement: a leading 0x00 is redundant before a byte whose top bit is clear,
        // a leading 0xFF before one whose top bit is set.
        if (length > 1 && ((b[0] == 0 && b[1] >= 0) || (b[0] == -1 && b[1] < 0))) {
            throw fail(lengthAt, "expected a minimal two's complement " + what + ", found a redundant leading byte in "
                    + hexBytes(bytesAt, Math.min(bytesAt + 16, pos)));
        }
        return new BigInteger(b);
    }

    private FnSig sig() {
        String abi = str("the ABI");
        int n = count("the parameter count");
        List<Param> params = listFor(n);
        for (int i = 0; i < n; i++) {
            String name = str("a parameter name");
            params.add(new Param(name, type(1)));
        }
        Type ret = type(1);
        int e = count("the effect count");
        TreeSet<String> effects = new TreeSet<>();
        String previous = null;
        for (int i = 0; i < e; i++) {
            int at = pos;
            String effect = str("an effect");
            if (previous != null && previous.compareTo(effect) >= 0) {
                throw fail(at, "expected effects in strictly increasing order, found " + quote(effect) + " after "
                        + quote(previous));
            }
            effects.add(effect);
            previous = effect;
        }
        return new FnSig(abi, params, ret, effects);
    }

    private Type type(int depth) {
        int start = pos;
        if (depth > Wire.MAX_TYPE_DEPTH) {
            throw fail(start, "type nesting deeper than " + Wire.MAX_TYPE_DEPTH + " levels");
        }
        int tag = u8("a type tag");
        switch (tag) {
            case Wire.T_PRIM: {
                int codeAt = pos;
                int code = u8("a primitive code");
                PrimKind k = Wire.primOf(code);
                if (k == null) {
                    throw fail(codeAt, String.format("expected a primitive code (0x01..0x12), found 0x%02X", code));
                }
                return new Type.Prim(k);
            }
            case Wire.T_ARRAY: {
                Type element = type(depth + 1);
                return new Type.Array(element, uleb("the array length"));
            }
            case Wire.T_TUPLE: {
                int countAt = pos;
                int n = count("the tuple element count");
                if (n == 0) {
                    throw fail(countAt, "expected at least one tuple element, found 0 (the unit type is a primitive)");
                }
                List<Type> elements = listFor(n);
                for (int i = 0; i < n; i++) {
                    elements.add(type(depth + 1));
                }
                return new Type.Tuple(elements);
            }
            case Wire.T_REF:
                return new Type.Ref(false, type(depth + 1));
            case Wire.T_REF_MUT:
                return new Type.Ref(true, type(depth + 1));
            case Wire.T_PTR_CONST:
                return new Type.RawPtr(false, type(depth + 1));
            case Wire.T_PTR_MUT:
                return new Type.RawPtr(true, type(depth + 1));
            case Wire.T_BOX:
                return new Type.BoxOf(type(depth + 1));
            case Wire.T_SLICE:
                return new Type.Slice(type(depth + 1));
            case Wire.T_STR:
                return Type.STR;
            case Wire.T_OPTION:
                return new Type.OptionOf(type(depth + 1));
            case Wire.T_FN_PTR: {
                String abi = str("the ABI");
                int n = count("the parameter count");
                List<Type> params = listFor(n);
                for (int i = 0; i < n; i++) {
                    params.add(type(depth + 1));
                }
                return new Type.FnPtr(abi, params, type(depth + 1));
            }
            case Wire.T_DYN:
                return new Type.Dyn(path("the trait of a dyn type"));
            case Wire.T_NAMED:
                return new Type.Named(path("the path of a named type"));
            case Wire.T_SELF:
                return Type.SELF;
            default:
                throw fail(start, String.format("expected a type tag (0x01..0x0F), found 0x%02X", tag));
        }
    }

    /**
     * A list for n decoded elements. Never sized by n alone: nested lists (a tuple of tuples ...) each pass the
     * remaining-bytes check, so presizing by declared counts could allocate depth times the input size.
     */
    private static <T> List<T> listFor(int n) {
        return new ArrayList<>(Math.min(n, 16));
    }

    private Path path(String what) {
        int at = pos;
        int n = count("the segment count of a path");
        if (n == 0) {
            throw fail(at, "expected at least one segment in " + what + ", found 0");
        }
        List<String> segments = listFor(n);
        for (int i = 0; i < n; i++) {
            segments.add(str("a path segment"));
        }
        return new Path(segments);
    }

    private Visibility visibility() {
        int at = pos;
        int code = u8("a visibility");
        Visibility v = Wire.visibilityOf(code);
        if (v == null) {
            throw fail(at, String.format("expected a visibility (0 pub, 1 pub(crate), 2 private), found 0x%02X", code));
        }
        return v;
    }

    private Shape shape() {
        int at = pos;
        int code = u8("a shape");
        Shape s = Wire.shapeOf(code);
        if (s == null) {
            throw fail(at, String.format("expected a shape (0 named, 1 tuple, 2 unit), found 0x%02X", code));
        }
        return s;
    }

    private int flags(int known) {
        int at = pos;
        int f = u8("the item flags");
        if ((f & ~known) != 0) {
            throw fail(at, String.format("expected item flags within 0x%02X, found 0x%02X", known, f));
        }
        return f;
    }

    private String optionalStr(String what) {
        int at = pos;
        int present = u8("a presence byte");
        if (present == 0) {
            return null;
        }
        if (present != 1) {
            throw fail(at, String.format("expected a presence byte (0 or 1) for %s, found 0x%02X", what, present));
        }
        return str(what);
    }

    /** A string-table reference; new strings must be referenced in table order (the canonical numbering). */
    private String str(String what) {
        int at = pos;
        long i = uleb(what);
        if (i >= strings.length) {
            throw fail(at, "expected a string index below " + strings.length + " for " + what + ", found " + i);
        }
        if (i > stringsUsed) {
            throw fail(at, "expected string index at most " + stringsUsed + " for " + what + " (strings are numbered "
                    + "in order of first use), found " + i);
        }
        if (i == stringsUsed) {
            stringsUsed++;
        }
        return strings[(int) i];
    }

    /** A LEB128 count or length: it cannot exceed the bytes that remain, since each element takes one or more. */
    private int count(String what) {
        int at = pos;
        long n = uleb(what);
        if (n > limit - pos) {
            throw fail(at, "expected " + what + " to fit in the " + (limit - pos) + " remaining bytes, found " + n);
        }
        return (int) n;
    }

    private int intValue(String what) {
        int at = pos;
        long n = uleb(what);
        if (n > Integer.MAX_VALUE) {
            throw fail(at, "expected " + what + " at most " + Integer.MAX_VALUE + ", found " + n);
        }
        return (int) n;
    }

    /**
     * Unsigned LEB128 of a value in [0, 2^63): at most 9 bytes. The canonical form has no trailing zero groups,
     * so a multi-byte encoding whose last byte is 0x00 is refused.
     */
    private long uleb(String what) {
        int start = pos;
        long value = 0;
        for (int i = 0; ; i++) {
            if (pos >= limit) {
                throw fail(pos, "expected " + what + " (LEB128), found the end of the data");
            }
            int b = buf.get(pos++) & 0xFF;
            if (i == 8 && (b & 0x80) != 0) {
                throw fail(start, "expected " + what + " below 2^63 (at most 9 LEB128 bytes), found a longer value");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw fail(start, "expected a minimal LEB128 for " + what + ", found a redundant trailing 0x00");
                }
                return value;
            }
        }
    }

    private int u8(String what) {
        if (pos >= limit) {
            throw fail(pos, "expected " + what + ", found the end of the data");
        }
        return buf.get(pos++) & 0xFF;
    }

    private int u16(String what) {
        if (limit - pos < 2) {
            throw fail(pos, "expected " + what + " (2 bytes), found the end of the data");
        }
        int v = (buf.get(pos) & 0xFF) | (buf.get(pos + 1) & 0xFF) << 8;
        pos += 2;
        return v;
    }

    private StegFormatException fail(int absolute, String problem) {
        return new StegFormatException(absolute - base, problem);
    }

    private static String hex(long offset) {
        return String.format("0x%X", offset);
    }

    private String hexBytes(int from, int to) {
        if (from >= to) {
            return "the end of the data";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02X", buf.get(i) & 0xFF));
        }
        return sb.toString();
    }

    /** A string for a message: quoted, control characters escaped, long ones cut. */
    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("'");
        int n = Math.min(s.length(), 60);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > n) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }
}
