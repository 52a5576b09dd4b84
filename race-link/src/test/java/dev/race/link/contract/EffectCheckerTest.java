package dev.race.link.contract;

import dev.race.link.api.Diagnostic;
import dev.race.link.contract.EffectChecker.Declaration;
import dev.race.link.contract.EffectChecker.Graph;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules of {@link EffectChecker} on call graphs built by hand (EffectGraphLinkTest builds them from code). */
class EffectCheckerTest {
    private static Declaration decl(String name, String... effects) {
        return new Declaration(name, "c@1.0.0 (c.rcrate)", new TreeSet<>(List.of(effects)));
    }

    private static Graph graph() {
        return new Graph(site -> "c.o:.text+0x" + Long.toHexString(site));
    }

    private static List<String> messages(List<Diagnostic> ds) {
        return ds.stream().map(Diagnostic::message).toList();
    }

    @Test
    void aDeclarationMustCoverWhatItReachesThroughUndeclaredCode() {
        Graph g = graph();
        int step = g.node("c::step", decl("c::step"), true, false);
        int helper = g.node("helper", null, true, false);
        int spawn = g.node("c::spawn", decl("c::spawn", "alloc"), true, false);
        int malloc = g.node("malloc", decl("malloc", "alloc"), true, false);
        g.edge(step, helper, EffectChecker.RESOLVED_BRANCH, 0x10);
        g.edge(helper, spawn, EffectChecker.RELOCATION, 0x24);
        g.edge(spawn, malloc, EffectChecker.RELOCATION, 0x40);
        List<Diagnostic> ds = EffectChecker.check(g, new int[]{step}, Set.of());
        assertThat(messages(ds)).containsExactly("c::step is declared without effect alloc but reaches a function "
                + "declared with it: c::step -> helper -> c::spawn -> malloc (effects(alloc))");
        assertThat(ds.get(0).details()).containsExactly(
                "declared: no effects (by c@1.0.0 (c.rcrate))",
                "c::step -> helper: a branch the assembler resolved at c.o:.text+0x10",
                "helper -> c::spawn: referenced at c.o:.text+0x24",
                "c::spawn -> malloc: referenced at c.o:.text+0x40",
                "declare effects(alloc) for c::step, or keep its code from reaching malloc");
    }

    @Test
    void everyEffectIsCheckedAndEveryLyingDeclarationIsReportedInNodeOrder() {
        Graph g = graph();
        int main = g.node("c::main", decl("c::main", "io"), true, false);
        int run = g.node("c::run", decl("c::run"), true, false);
        int fail = g.node("c::fail", decl("c::fail", "io", "panic"), true, false);
        g.edge(main, run, EffectChecker.RELOCATION, 1);
        g.edge(run, fail, EffectChecker.RELOCATION, 2);
        assertThat(messages(EffectChecker.check(g, new int[]{main}, Set.of()))).containsExactly(
                "c::run is declared without effect io but reaches a function declared with it: c::run -> c::fail "
                        + "(effects(io, panic))",
                "c::main is declared without effect panic but reaches a function declared with it: c::main -> c::run "
                        + "-> c::fail (effects(io, panic))",
                "c::run is declared without effect panic but reaches a function declared with it: c::run -> c::fail "
                        + "(effects(io, panic))");
    }

    @Test
    void cyclesEndAndDataNodesAreFollowedThroughButNeverJudged() {
        Graph g = graph();
        int a = g.node("c::a", decl("c::a"), true, false);
        int b = g.node("b", null, true, false);
        int vtable = g.node("__race_vtbl_x", null, false, false);
        int m = g.node("<c::T as c::Tr>::m", decl("<c::T as c::Tr>::m", "alloc"), true, false);
        g.edge(a, b, EffectChecker.RELOCATION, 1);
        g.edge(b, a, EffectChecker.RELOCATION, 2);
        g.edge(b, vtable, EffectChecker.RELOCATION, 3);
        g.edge(vtable, m, EffectChecker.RELOCATION, 4);
        g.edge(m, b, EffectChecker.RELOCATION, 5);
        assertThat(messages(EffectChecker.check(g, new int[]{a}, Set.of()))).containsExactly("c::a is declared "
                + "without effect alloc but reaches a function declared with it: c::a -> b -> __race_vtbl_x -> "
                + "<c::T as c::Tr>::m (effects(alloc))");
    }

    @Test
    void withoutAPolicyAnUndeclaredExternalFunctionIsOpaqueAndWithOneItHasEveryEffect() {
        Graph g = graph();
        int start = g.node("_start", null, true, false);
        int main = g.node("c::main", decl("c::main"), true, false);
        int memcpy = g.node("memcpy", null, true, true);
        int free = g.node("free", decl("free"), true, true);
        g.edge(start, main, EffectChecker.RELOCATION, 1);
        g.edge(main, memcpy, EffectChecker.RELOCATION, 2);
        g.edge(main, free, EffectChecker.RELOCATION, 3);
        assertThat(EffectChecker.check(g, new int[]{start}, Set.of())).isEmpty();
        Graph p = graph();
        int s2 = p.node("_start", null, true, false);
        int m2 = p.node("c::main", decl("c::main"), true, false);
        int c2 = p.node("memcpy", null, true, true);
        int f2 = p.node("free", decl("free"), true, true);
        p.edge(s2, m2, EffectChecker.RELOCATION, 1);
        p.edge(m2, c2, EffectChecker.RELOCATION, 2);
        p.edge(m2, f2, EffectChecker.RELOCATION, 3);
        List<Diagnostic> ds = EffectChecker.check(p, new int[]{s2}, Set.of("alloc"));
        assertThat(messages(ds)).containsExactly("--forbid alloc: _start reaches memcpy, which no input defines and "
                + "no STEG declares: _start -> c::main -> memcpy (undeclared)");
        assertThat(ds.get(0).details()).last().isEqualTo("memcpy has no STEG declaration, so it counts as having "
                + "every effect; declare it in a platform .steg, e.g. `extern fn memcpy(...);` with no effects");
    }

    @Test
    void thePolicyJudgesOnlyWhatTheRootsReachAndNamesTheForbiddenEffectsDeclared() {
        Graph g = graph();
        int start = g.node("_start", null, true, false);
        int main = g.node("c::main", decl("c::main", "alloc", "io", "panic"), true, false);
        int spawn = g.node("c::spawn", decl("c::spawn", "alloc"), true, false);
        int unused = g.node("c::unused", decl("c::unused", "panic"), true, false);
        g.edge(start, main, EffectChecker.RELOCATION, 1);
        g.edge(main, spawn, EffectChecker.RELOCATION, 2);
        List<Diagnostic> ds = EffectChecker.check(g, new int[]{start}, Set.of("panic", "alloc"));
        assertThat(messages(ds)).containsExactly("--forbid alloc,panic: _start reaches c::main, declared with "
                + "effects(alloc, panic): _start -> c::main -> c::spawn (effects(alloc))");
        assertThat(unused).isEqualTo(3); // declared panic, in the binary, but nothing reaches it: not refused
    }

    @Test
    void everyErrorIsReportedSoThatTheirCountIsTrue() {
        Graph g = graph();
        int malloc = g.node("malloc", decl("malloc", "alloc"), true, false);
        for (int i = 0; i < 150; i++) {
            g.edge(g.node("c::f" + i, decl("c::f" + i), true, false), malloc, EffectChecker.RELOCATION, i);
        }
        List<String> ms = messages(EffectChecker.check(g, new int[0], Set.of()));
        assertThat(ms).hasSize(150); // the command line caps what it prints (--error-limit), not the checker
        assertThat(ms.get(0)).startsWith("c::f0 is declared without effect alloc");
        assertThat(ms.get(149)).startsWith("c::f149 is declared without effect alloc");
    }
}
