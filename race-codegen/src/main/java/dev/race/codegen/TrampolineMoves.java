package dev.race.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The data moves of a default-method trampoline, independent of any instruction set: given where each argument
 * after self is when the trampoline is entered (the {@code dyn} caller's view, self first) and where the default
 * body expects it (self, then the vtable, then the same arguments), the moves that take every part from the
 * first place to the second, in an order that never overwrites a part before it is read:
 * <ol>
 *   <li>{@link #stores()}: every word the default body expects on the stack, into the trampoline's outgoing
 *       argument area (from a register, or from the caller's stack area through a scratch register). Only when
 *       {@link #needsFrame()}; otherwise the caller's stack area is exactly the one the body expects and a tail
 *       jump keeps it;</li>
 *   <li>{@link #registerMoves()}: register to register, ordered so that a register is written only once no
 *       pending move still reads it (a cycle, which the calling conventions RACE models never produce, is broken
 *       with the scratch register);</li>
 *   <li>{@link #loads()}: caller stack words that the body expects in a register.</li>
 * </ol>
 * A part in a floating-point or vector register must be in the same register for both; anything else is refused
 * with an IllegalArgumentException naming the argument (the trampolines move general-register and stack words only).
 */
public final class TrampolineMoves {
    /** One eight-byte (or whole-register) move. */
    public record Move(ArgLoc from, ArgLoc to) {
        public Move {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    private final List<Move> stores;
    private final List<Move> registerMoves;
    private final List<Move> loads;
    private final boolean needsFrame;

    private TrampolineMoves(List<Move> stores, List<Move> registerMoves, List<Move> loads, boolean needsFrame) {
        this.stores = List.copyOf(stores);
        this.registerMoves = List.copyOf(registerMoves);
        this.loads = List.copyOf(loads);
        this.needsFrame = needsFrame;
    }

    /**
     * Plans the moves. {@code entry.get(i)} and {@code body.get(i)} are the parts of {@code args.get(i)} at entry
     * and where the body expects them; {@code scratch} is a general register that holds no argument;
     * {@code name} renders a location for messages, {@code target} prefixes them.
     */
    public static TrampolineMoves plan(String target, List<ArgShape> args, List<List<ArgLoc>> entry,
                                       List<List<ArgLoc>> body, int scratch, Function<ArgLoc, String> name) {
        if (args.size() != entry.size() || args.size() != body.size()) {
            throw new IllegalArgumentException("one location list per argument is needed");
        }
        List<Move> words = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            List<ArgLoc> from = entry.get(i);
            List<ArgLoc> to = body.get(i);
            boolean same = from.size() == to.size();
            for (int k = 0; same && k < from.size(); k++) {
                boolean vf = from.get(k).where() == ArgLoc.Where.FPR;
                boolean vt = to.get(k).where() == ArgLoc.Where.FPR;
                same = vf == vt && (!vf || from.get(k).equals(to.get(k)));
            }
            if (!same) {
                throw new IllegalArgumentException(target + ": inserting the vtable argument would move "
                        + args.get(i).what() + " from " + names(from, name) + " to " + names(to, name)
                        + ", and a trampoline moves only general-register and stack words");
            }
            for (int k = 0; k < from.size(); k++) {
                if (from.get(k).where() != ArgLoc.Where.FPR) {
                    words.add(new Move(from.get(k), to.get(k)));
                }
            }
        }
        boolean frame = words.stream().anyMatch(m -> m.to().isStack() && !m.from().equals(m.to()));
        List<Move> stores = new ArrayList<>();
        List<Move> regs = new ArrayList<>();
        List<Move> loads = new ArrayList<>();
        for (Move m : words) {
            if (m.to().isStack()) {
                if (frame) {
                    stores.add(m);
                }
            } else if (m.from().isStack()) {
                loads.add(m);
            } else if (!m.from().equals(m.to())) {
                regs.add(m);
            }
        }
        return new TrampolineMoves(stores, order(regs, ArgLoc.gpr(scratch)), loads, frame);
    }

    /** Parallel-move sequencing: emit a move whose destination no pending move reads; break a cycle via scratch. */
    private static List<Move> order(List<Move> pending, ArgLoc scratch) {
        List<Move> todo = new ArrayList<>(pending);
        List<Move> out = new ArrayList<>();
        while (!todo.isEmpty()) {
            Move ready = null;
            for (Move m : todo) {
                if (todo.stream().noneMatch(p -> p != m && p.from().equals(m.to()))) {
                    ready = m;
                    break;
                }
            }
            if (ready != null) {
                out.add(ready);
                todo.remove(ready);
                continue;
            }
            ArgLoc blocked = todo.get(0).to();
            out.add(new Move(blocked, scratch));
            for (int i = 0; i < todo.size(); i++) {
                if (todo.get(i).from().equals(blocked)) {
                    todo.set(i, new Move(scratch, todo.get(i).to()));
                }
            }
        }
        return out;
    }

    private static String names(List<ArgLoc> locs, Function<ArgLoc, String> name) {
        if (locs.isEmpty()) {
            return "nowhere";
        }
        List<String> s = new ArrayList<>();
        for (ArgLoc l : locs) {
            s.add(name.apply(l));
        }
        return String.join(", ", s);
    }

    public List<Move> stores() {
        return stores;
    }

    public List<Move> registerMoves() {
        return registerMoves;
    }

    public List<Move> loads() {
        return loads;
    }

    /** Whether the body's stack arguments differ from the caller's, so the trampoline must call, not tail-jump. */
    public boolean needsFrame() {
        return needsFrame;
    }
}
