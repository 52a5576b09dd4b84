package dev.race.link.contract;

import dev.race.layout.TargetSpec;
import dev.race.link.api.Diagnostic;
import dev.race.link.api.SemverMode;
import dev.race.link.pipeline.InputCrate;

import java.util.List;

/**
 * Checks every import view of every input against the input that exports that crate (DESIGN.md, "Contracts
 * checked at link time").
 */
public final class ContractChecker {
    private ContractChecker() {
    }

    /** All contract diagnostics of the link, in a deterministic order (errors and warnings). */
    public static List<Diagnostic> check(List<InputCrate> inputs, SemverMode mode, TargetSpec target) {
        return List.of();
    }
}
