package dev.race.bindgen;

import java.util.List;

/**
 * The crate cannot be given bindings: each problem is one message naming the item (and, for a name clash, both
 * items). Thrown by {@link Bindgen#generate}; nothing is written then.
 */
public final class BindgenException extends Exception {
    private final List<String> problems;

    public BindgenException(List<String> problems) {
        super(problems.isEmpty() ? "bindgen failed" : String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** One message per problem, in a deterministic order. */
    public List<String> problems() {
        return problems;
    }
}
