package dev.race.bindgen.rust;

import java.util.Set;

/**
 * Rust identifiers for generated bindings: keyword escaping, snake-case conversion, and rustc's own
 * naming-lint predicates (so an item gets {@code #[allow(non_snake_case)]} only when rustc would warn).
 */
final class RustNames {
    private RustNames() {
    }

    /** Strict and reserved keywords of Rust 2021 that a .steg identifier may still be (they need {@code r#}). */
    private static final Set<String> KEYWORDS = Set.of("as", "async", "await", "box", "break", "const", "continue",
            "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
            "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "static",
            "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where",
            "while", "yield", "abstract", "become");

    /** {@code name} as a Rust identifier: a keyword becomes a raw identifier {@code r#name}. */
    static String ident(String name) {
        return KEYWORDS.contains(name) ? "r#" + name : name;
    }

    /** {@code CamelCase} (or anything) to {@code snake_case}: {@code HTTPServer} -> {@code http_server}. */
    static String snake(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean prevLowerOrDigit = i > 0 && (Character.isLowerCase(name.charAt(i - 1))
                        || Character.isDigit(name.charAt(i - 1)));
                boolean acronymEnd = i > 0 && Character.isUpperCase(name.charAt(i - 1))
                        && i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                if ((prevLowerOrDigit || acronymEnd) && b.length() > 0 && b.charAt(b.length() - 1) != '_') {
                    b.append('_');
                }
                b.append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** rustc's {@code is_snake_case} (the non_snake_case lint): no upper case, no {@code __} inside. */
    static boolean isSnake(String ident) {
        String s = strip(ident);
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '_') start++;
        while (end > start && s.charAt(end - 1) == '_') end--;
        boolean allowUnderscore = true;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '_') {
                if (!allowUnderscore) return false;
                allowUnderscore = false;
            } else if (Character.isUpperCase(c)) {
                return false;
            } else {
                allowUnderscore = true;
            }
        }
        return true;
    }

    /** rustc's {@code is_camel_case} (the non_camel_case_types lint). */
    static boolean isCamel(String ident) {
        String s = strip(ident);
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '_') start++;
        while (end > start && s.charAt(end - 1) == '_') end--;
        if (start == end) return true;
        String n = s.substring(start, end);
        if (Character.isLowerCase(n.charAt(0)) || n.contains("__")) return false;
        for (int i = 0; i + 1 < n.length(); i++) {
            char a = n.charAt(i);
            char b = n.charAt(i + 1);
            if (hasCase(a) && b == '_' || hasCase(b) && a == '_') return false;
        }
        return true;
    }

    private static boolean hasCase(char c) {
        return Character.isUpperCase(c) || Character.isLowerCase(c);
    }

    private static String strip(String ident) {
        return ident.startsWith("r#") ? ident.substring(2) : ident;
    }
}
