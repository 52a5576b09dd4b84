package dev.race.bindgen.c;

import dev.race.steg.model.Path;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The C identifiers of one header and who produced each: an item path, or a member of one
 * ({@code engine::Transform.scale}, {@code engine::Shape::Circle}). Two owners of one identifier are a problem that
 * names both. C keeps struct/enum tags apart from ordinary identifiers, so tags are a namespace of their own; item
 * base names ({@code engine::math::Vec3} gives {@code engine_math_Vec3}) are a third, so that two items meeting on
 * one name are reported as such even when neither declares the bare name.
 */
final class CNames {
    enum Space { ORDINARY, TAG, ITEM }

    /** C99 keywords, the C11 ones, and the names this header's helpers and bodies use. */
    private static final Set<String> RESERVED = Set.of(
            "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
            "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
            "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
            "volatile", "while", "_Bool", "_Complex", "_Imaginary", "_Alignas", "_Alignof", "_Atomic", "_Generic",
            "_Noreturn", "_Static_assert", "_Thread_local", "asm", "bool", "true", "false", "self", "offsetof",
            "NULL", "size_t", "ptrdiff_t");

    private final Map<Space, Map<String, String>> owners = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    CNames() {
        for (Space s : Space.values()) {
            owners.put(s, new LinkedHashMap<>());
        }
    }

    /** {@code engine::math::Vec3} -> {@code engine_math_Vec3}. */
    static String of(Path path) {
        return String.join("_", path.segments());
    }

    /**
     * A bare name (a struct member, a parameter) that C would read as a keyword, a helper or a reserved name gets a
     * trailing {@code _}; a tuple field {@code 0} becomes {@code _0}.
     */
    static String member(String name) {
        if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
            return "_" + name;
        }
        if (RESERVED.contains(name) || name.startsWith("race_") || name.startsWith("__")
                || name.startsWith("int") && name.endsWith("_t") || name.startsWith("uint") && name.endsWith("_t")) {
            return name + "_";
        }
        return name;
    }

    /** Records that {@code owner} declares {@code ident}; a second, different owner is a problem. */
    String claim(Space space, String ident, String owner) {
        String prev = owners.get(space).putIfAbsent(ident, owner);
        if (prev != null && !prev.equals(owner)) {
            String what = switch (space) {
                case ORDINARY -> "C name";
                case TAG -> "C struct or enum tag";
                case ITEM -> "C name";
            };
            problems.add(what + " `" + ident + "` is generated for both `" + prev + "` and `" + owner
                    + "`; rename one of them");
        }
        return ident;
    }

    String claim(String ident, String owner) {
        return claim(Space.ORDINARY, ident, owner);
    }

    boolean taken(String ident) {
        return owners.get(Space.ORDINARY).containsKey(ident);
    }

    List<String> problems() {
        return problems;
    }
}
