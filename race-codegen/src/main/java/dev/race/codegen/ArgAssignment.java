package dev.race.codegen;

import java.util.List;

/**
 * What a target's calling-convention model answers for an argument list: the parts of each argument, in order
 * ({@link ArgLoc}s: registers by machine number, stack words by offset from the first stacked argument), and the
 * bytes of stacked arguments the list takes. Which argument goes where is the target's (its package); this record
 * only carries the answer to the target-neutral planning ({@link DefaultMethodArgs}, {@link TrampolineMoves}).
 */
public record ArgAssignment(List<List<ArgLoc>> parts, long stackBytes) {
    public ArgAssignment {
        parts = parts.stream().map(List::copyOf).toList();
        if (stackBytes < 0) {
            throw new IllegalArgumentException("negative stacked-argument bytes: " + stackBytes);
        }
    }
}
