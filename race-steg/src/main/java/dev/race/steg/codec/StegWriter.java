package dev.race.steg.codec;

import dev.race.steg.model.Crate;
import dev.race.steg.model.Field;
import dev.race.steg.model.FnSig;
import dev.race.steg.model.ImplMethod;
import dev.race.steg.model.Item;
import dev.race.steg.model.Param;
import dev.race.steg.model.Path;
import dev.race.steg.model.Repr;
import dev.race.steg.model.TraitMethod;
import dev.race.steg.model.Type;
import dev.race.steg.model.Variant;
import dev.race.steg.model.Version;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one crate in the canonical form: the body is written first while strings are numbered in order
 * of first use, then header + string table + body are concatenated. Equal crates walk identically, so
 * they produce identical bytes.
 */
final class StegWriter {
    private final Sink body = new Sink();
    private final Map<String, Integer> stringIndex = new HashMap<>();
    private final List<String> strings = new ArrayList<>();
    private final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private StegWriter() {
    }

    static byte[] write(Crate crate) {
        StegWriter w = new StegWriter();
        w.crate(crate);
        Sink out = new Sink();
        out.bytes(Wire.MAGIC);
        // Version 2 only adds field defaults: a crate without any is written as version 1, byte for byte as
        // before, so older readers keep reading it and there is still one encoding per crate.
        // Version 3 adds supertraits, frozen traits and drop glue, again only for a crate that uses them;
        // version 4 named layout strategies, likewise.
        out.u16le(w.version);
        out.u16le(0);
        out.uleb(w.strings.size());
        for (String s : w.strings) {
            byte[] b = w.utf8(s);
            out.uleb(b.length);
            out.bytes(b);
        }
        out.bytes(w.body.toArray());
        return out.toArray();
    }

    private boolean withDefaults;
    private boolean v3;
    private int version;

    private void crate(Crate crate) {
        version = StegCodec.versionFor(crate);
        withDefaults = version >= 2;
        v3 = version >= 3;
        str(crate.name());
        version(crate.version());
        body.uleb(crate.items().size());
        for (Item item : crate.items()) {
            item(item);
        }
    }

    private void version(Version v) {
        body.uleb(v.major());
        body.uleb(v.minor());
        body.uleb(v.patch());
        str(v.preRelease());
        str(v.build());
    }

    private void item(Item item) {
        if (item instanceof Item.Struct s) {
            body.u8(Wire.I_STRUCT);
            path(s.path());
            body.u8(Wire.visibilityCode(s.visibility()));
            repr(s.repr());
            body.u8((s.frozen() ? Wire.F_FROZEN : 0) | (s.nonExhaustive() ? Wire.F_NON_EXHAUSTIVE : 0));
            if (v3) {
                optionalStr(s.dropSymbol());
            }
            body.u8(Wire.shapeCode(s.shape()));
            fields(s.fields());
        } else if (item instanceof Item.Enum e) {
            body.u8(Wire.I_ENUM);
            path(e.path());
            body.u8(Wire.visibilityCode(e.visibility()));
            repr(e.repr());
            body.u8((e.frozen() ? Wire.F_FROZEN : 0) | (e.nonExhaustive() ? Wire.F_NON_EXHAUSTIVE : 0));
            if (v3) {
                optionalStr(e.dropSymbol());
            }
            body.uleb(e.variants().size());
            for (Variant v : e.variants()) {
                variant(v);
            }
        } else if (item instanceof Item.Trait t) {
            body.u8(Wire.I_TRAIT);
            path(t.path());
            body.u8(Wire.visibilityCode(t.visibility()));
            if (v3) {
                body.u8(t.frozen() ? Wire.F_TRAIT_FROZEN : 0);
                body.uleb(t.supertraits().size());
                for (Path p : t.supertraits()) {
                    path(p);
                }
            }
            body.uleb(t.methods().size());
            for (TraitMethod m : t.methods()) {
                str(m.name());
                sig(m.sig());
                optionalStr(m.defaultSymbol());
            }
        } else if (item instanceof Item.Impl i) {
            body.u8(Wire.I_IMPL);
            path(i.path());
            path(i.trait());
            type(i.forType(), 1);
            body.uleb(i.methods().size());
            for (ImplMethod m : i.methods()) {
                str(m.name());
                str(m.symbol());
            }
        } else if (item instanceof Item.Function f) {
            body.u8(Wire.I_FUNCTION);
            path(f.path());
            body.u8(Wire.visibilityCode(f.visibility()));
            str(f.symbol());
            body.u8(f.external() ? Wire.F_EXTERNAL : 0);
            sig(f.sig());
        } else if (item instanceof Item.TypeAlias a) {
            body.u8(Wire.I_TYPE_ALIAS);
            path(a.path());
            body.u8(Wire.visibilityCode(a.visibility()));
            type(a.target(), 1);
        } else {
            throw new IllegalStateException("unknown STEG model class " + item.getClass().getName());
        }
    }

    private void repr(Repr r) {
        body.u8(Wire.reprKindCode(r.kind()));
        if (r.kind() == Repr.Kind.STRATEGY) {
            str(r.strategy());
            body.uleb(r.strategyVersion());
        }
        body.uleb(r.packed());
        body.uleb(r.align());
        body.u8(r.intType() == null ? 0 : Wire.primCode(r.intType()));
    }

    private void fields(List<Field> fields) {
        body.uleb(fields.size());
        for (Field f : fields) {
            str(f.name());
            body.u8(Wire.visibilityCode(f.visibility()));
            type(f.type(), 1);
            if (withDefaults) {
                integer(f.defaultValue());
            }
        }
    }

    /** uleb length + minimal big-endian two's complement bytes; length 0 for none. */
    private void integer(BigInteger v) {
        if (v == null) {
            body.uleb(0);
        } else {
            // BigInteger.toByteArray is the minimal big-endian two's complement form the format requires.
            byte[] b = v.toByteArray();
            body.uleb(b.length);
            body.bytes(b);
        }
    }

    private void variant(Variant v) {
        str(v.name());
        body.u8(Wire.shapeCode(v.shape()));
        fields(v.fields());
        integer(v.discriminant());
    }

    private void sig(FnSig sig) {
        str(sig.abi());
        body.uleb(sig.params().size());
        for (Param p : sig.params()) {
            str(p.name());
            type(p.type(), 1);
        }
        type(sig.ret(), 1);
        // Sorted here, not trusted from the set: FnSig copies a caller's SortedSet with that set's own
        // comparator, so two equal signatures can iterate their effects in different orders.
        List<String> effects = new ArrayList<>(sig.effects());
        effects.sort(null);
        body.uleb(effects.size());
        for (String e : effects) {
            str(e);
        }
    }

    private void type(Type t, int depth) {
        if (depth > Wire.MAX_TYPE_DEPTH) {
            throw new IllegalArgumentException("type nesting deeper than " + Wire.MAX_TYPE_DEPTH
                    + " levels cannot be encoded (a STEG reader rejects it)");
        }
        if (t instanceof Type.Prim p) {
            body.u8(Wire.T_PRIM);
            body.u8(Wire.primCode(p.kind()));
        } else if (t instanceof Type.Array a) {
            body.u8(Wire.T_ARRAY);
            type(a.element(), depth + 1);
            body.uleb(a.length());
        } else if (t instanceof Type.Tuple tu) {
            body.u8(Wire.T_TUPLE);
            body.uleb(tu.elements().size());
            for (Type e : tu.elements()) {
                type(e, depth + 1);
            }
        } else if (t instanceof Type.Ref r) {
            body.u8(r.mutable() ? Wire.T_REF_MUT : Wire.T_REF);
            type(r.target(), depth + 1);
        } else if (t instanceof Type.RawPtr r) {
            body.u8(r.mutable() ? Wire.T_PTR_MUT : Wire.T_PTR_CONST);
            type(r.target(), depth + 1);
        } else if (t instanceof Type.BoxOf b) {
            body.u8(Wire.T_BOX);
            type(b.target(), depth + 1);
        } else if (t instanceof Type.Slice s) {
            body.u8(Wire.T_SLICE);
            type(s.element(), depth + 1);
        } else if (t instanceof Type.Str) {
            body.u8(Wire.T_STR);
        } else if (t instanceof Type.OptionOf o) {
            body.u8(Wire.T_OPTION);
            type(o.inner(), depth + 1);
        } else if (t instanceof Type.FnPtr f) {
            body.u8(Wire.T_FN_PTR);
            str(f.abi());
            body.uleb(f.params().size());
            for (Type p : f.params()) {
                type(p, depth + 1);
            }
            type(f.ret(), depth + 1);
        } else if (t instanceof Type.Dyn d) {
            body.u8(Wire.T_DYN);
            path(d.trait());
        } else if (t instanceof Type.Named n) {
            body.u8(Wire.T_NAMED);
            path(n.path());
        } else if (t instanceof Type.SelfType) {
            body.u8(Wire.T_SELF);
        } else {
            throw new IllegalStateException("unknown STEG model class " + t.getClass().getName());
        }
    }

    private void path(Path p) {
        body.uleb(p.segments().size());
        for (String s : p.segments()) {
            str(s);
        }
    }

    private void optionalStr(String s) {
        if (s == null) {
            body.u8(0);
        } else {
            body.u8(1);
            str(s);
        }
    }

    private void str(String s) {
        Integer i = stringIndex.get(s);
        if (i == null) {
            i = strings.size();
            utf8(s); // refuse an unencodable string now, while the caller can still tell which one
            stringIndex.put(s, i);
            strings.add(s);
        }
        body.uleb(i);
    }

    private byte[] utf8(String s) {
        try {
            ByteBuffer b = utf8.reset().encode(CharBuffer.wrap(s));
            return Arrays.copyOfRange(b.array(), b.arrayOffset() + b.position(), b.arrayOffset() + b.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("string '" + s + "' is not valid Unicode (unpaired surrogate) and cannot be encoded as UTF-8");
        }
    }

    /** A growable little byte vector. */
    private static final class Sink {
        private byte[] buf = new byte[256];
        private int size;

        void u8(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        void u16le(int v) {
            u8(v & 0xFF);
            u8((v >>> 8) & 0xFF);
        }

        /** Unsigned LEB128: 7 bits per byte, least significant group first, high bit = more bytes follow. */
        void uleb(long v) {
            if (v < 0) {
                throw new IllegalArgumentException("negative value " + v + " cannot be written as an unsigned LEB128");
            }
            do {
                int b = (int) (v & 0x7F);
                v >>>= 7;
                u8(v != 0 ? b | 0x80 : b);
            } while (v != 0);
        }

        void bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, size);
        }

        private void ensure(int n) {
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
            }
        }
    }
}
