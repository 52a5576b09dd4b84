package dev.race.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The target-neutral half of a default-method trampoline: the {@code dyn} caller passed (self, args...), the
 * default body takes (self, the vtable, args...); both lists are placed by the target's calling convention and
 * the moves between them planned by {@link TrampolineMoves}. Only the instructions that carry out the moves are
 * the target's ({@link Target#defaultMethodTrampoline(List)}).
 *
 * @param moves          the stores, register moves and loads that take each argument after self from where the
 *                       caller left it to where the body expects it
 * @param bodyStackBytes the bytes of stacked arguments the body takes (the trampoline's outgoing argument area
 *                       when {@link TrampolineMoves#needsFrame()})
 */
public record DefaultMethodArgs(TrampolineMoves moves, long bodyStackBytes) {

    /**
     * Places both lists with {@code convention} (self and the vtable are pointers of {@code pointerSize} bytes) and
     * plans the moves; {@code target}, {@code scratch} and {@code name} are those of {@link TrampolineMoves#plan}.
     */
    public static DefaultMethodArgs plan(String target, List<ArgShape> argsAfterSelf, long pointerSize,
                                         Function<List<ArgShape>, ArgAssignment> convention, int scratch,
                                         Function<ArgLoc, String> name) {
        List<ArgShape> entryArgs = new ArrayList<>();
        entryArgs.add(ArgShape.integer("self", pointerSize));
        entryArgs.addAll(argsAfterSelf);
        List<ArgShape> bodyArgs = new ArrayList<>();
        bodyArgs.add(ArgShape.integer("self", pointerSize));
        bodyArgs.add(ArgShape.integer("the vtable", pointerSize));
        bodyArgs.addAll(argsAfterSelf);
        ArgAssignment entry = convention.apply(entryArgs);
        ArgAssignment body = convention.apply(bodyArgs);
        TrampolineMoves moves = TrampolineMoves.plan(target, argsAfterSelf, entry.parts().subList(1, entryArgs.size()),
                body.parts().subList(2, bodyArgs.size()), scratch, name);
        return new DefaultMethodArgs(moves, body.stackBytes());
    }
}
