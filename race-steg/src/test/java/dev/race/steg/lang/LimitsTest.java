package dev.race.steg.lang;

import dev.race.steg.model.Item;
import dev.race.steg.model.Type;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The front end's limits (docs/steg.md, "Limits"): nesting is refused fast, long lines are elided around the caret. */
class LimitsTest {
    private static String nestedArrays(int n) {
        return "[".repeat(n) + "u8" + "; 1]".repeat(n);
    }

    @Test
    void fortyThousandNestedArraysAreRefusedAtOnce() {
        // took 114 s and 716 MB before the depth was checked ahead of the parser
        String src = "crate d 1.0.0;\nstruct A { x: " + nestedArrays(40_000) + " }\n";
        CompileResult r = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> StegCompiler.compile(new Source("deep.steg", src)));
        assertThat(r.crates()).isEmpty();
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.message()).startsWith("this nests more than 256 levels deep");
            assertThat(d.line()).isEqualTo(2);
            // `{` is level 1, so the 256th `[` is the 257th level
            assertThat(d.column()).isEqualTo("struct A { x: ".length() + 256);
        });
    }

    @Test
    void chainsOfFunctionTypesCountToo() {
        // 40,000 `fn() ->` overflowed the parser's stack ("input nests too deeply to compile" at 1:1, after seconds)
        String src = "crate d 1.0.0;\npub type T = " + "fn() -> ".repeat(40_000) + "u8;\n";
        CompileResult r = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> StegCompiler.compile(new Source("fn.steg", src)));
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.message()).startsWith("this nests more than 256 levels deep");
            assertThat(d.line()).isEqualTo(2);
        });
        String ok = "crate d 1.0.0;\npub type T = " + "extern \"C\" fn(u8) -> ".repeat(200) + "u8;\n";
        assertThat(StegCompiler.compile(new Source("ok.steg", ok)).diagnostics()).isEmpty();
    }

    @Test
    void deeplyNestedBlockCommentsLexInLinearTime() {
        // the lexer's recursive nested-comment rule ran for minutes on 40,000 levels (and seconds on 256); a comment
        // costs nothing after lexing, so its depth has no limit. Quotes and `//` inside a comment change nothing.
        String src = "crate d 1.0.0;\n" + "/* \" // ".repeat(40_000) + "*/".repeat(40_000) + "\npub struct A;\n";
        CompileResult r = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> StegCompiler.compile(new Source("deep.steg", src)));
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.crates().get(0).items()).hasSize(1);
        // one level short of closing: unterminated, at its opening
        String open = "crate d 1.0.0;\npub struct A;\n  " + "/*".repeat(3) + "*/".repeat(2) + "\n";
        assertThat(StegCompiler.compile(new Source("open.steg", open)).diagnostics()).singleElement()
                .satisfies(d -> {
                    assertThat(d.message()).isEqualTo("unterminated block comment");
                    assertThat(d.line()).isEqualTo(3);
                    assertThat(d.column()).isEqualTo(3);
                });
    }

    @Test
    void theDeepestAllowedNestingCompiles() {
        // `{` plus 255 arrays: exactly the limit
        String src = "crate d 1.0.0;\nstruct A { x: " + nestedArrays(255) + " }\n";
        CompileResult r = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> StegCompiler.compile(new Source("deep.steg", src)));
        assertThat(r.diagnostics()).isEmpty();
        Type t = ((Item.Struct) r.crates().get(0).items().get(0)).fields().get(0).type();
        int depth = 0;
        while (t instanceof Type.Array a) {
            t = a.element();
            depth++;
        }
        assertThat(depth).isEqualTo(255);
        assertThat(StegCompiler.compile(new Source("deep.steg",
                "crate d 1.0.0;\nstruct A { x: " + nestedArrays(256) + " }\n")).diagnostics())
                .singleElement().satisfies(d -> assertThat(d.message()).startsWith("this nests more than 256"));
    }

    @Test
    void pointerChainsModulesAndGenericsCountToo() {
        for (String src : new String[] {
                "crate d 1.0.0;\nstruct A { x: " + "&".repeat(300) + "u8 }\n",
                "crate d 1.0.0;\nstruct A { x: " + "*const ".repeat(300) + "u8 }\n",
                "crate d 1.0.0;\nstruct A { x: " + "&&".repeat(150) + "u8 }\n",
                "crate d 1.0.0;\n" + "mod m { ".repeat(300) + "}".repeat(300) + "\n",
                "crate d 1.0.0;\nstruct A { x: " + "Box<".repeat(300) + "u8" + ">".repeat(300) + " }\n"}) {
            CompileResult r = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> StegCompiler.compile(new Source("deep.steg", src)));
            assertThat(r.diagnostics()).as(src).singleElement()
                    .satisfies(d -> assertThat(d.message()).startsWith("this nests more than 256"));
        }
        // a long flat line is not nesting
        String wide = "crate d 1.0.0;\nstruct A { " + "x: (u8, u8), ".repeat(0) + fields(2000) + " }\n";
        assertThat(StegCompiler.compile(new Source("wide.steg", wide)).diagnostics()).isEmpty();
    }

    private static String fields(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("f").append(i).append(": &[(u8, *const u16); 2], ");
        }
        return b.toString();
    }

    @Test
    void aLongLineIsElidedAroundTheCaret() {
        String line = "x".repeat(5000) + "@" + "y".repeat(5000);
        String rendered = new Diagnostic(Severity.ERROR, "f.steg", 3, 5001, "unknown character `@`", line).render();
        String[] parts = rendered.split("\n");
        assertThat(parts).hasSize(3);
        assertThat(parts[0]).isEqualTo("f.steg:3:5001: error: unknown character `@`");
        assertThat(parts[1]).isEqualTo("..." + "x".repeat(60) + "@" + "y".repeat(59) + "...");
        assertThat(parts[1].charAt(parts[2].length() - 1)).isEqualTo('@');
        assertThat(parts[2]).isEqualTo(" ".repeat(63) + "^");
        // near the start: no leading ellipsis, caret where it was
        String early = new Diagnostic(Severity.ERROR, "f.steg", 1, 3, "m", line).render().split("\n")[1];
        assertThat(early).isEqualTo("x".repeat(62) + "...");
        // a line at the limit is shown whole
        String ok = "z".repeat(Diagnostic.MAX_SHOWN_LINE);
        assertThat(new Diagnostic(Severity.ERROR, "f.steg", 1, 100, "m", ok).render().split("\n")[1]).isEqualTo(ok);
    }
}
