package dev.race.link.vtable;

import dev.race.codegen.Target;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.link.pipeline.InputCrate;
import dev.race.vtable.VtablePlan;

import java.util.List;

/** Turns vtable plans into a synthetic input (placeholder until the vtable work lands). */
public final class VtableMaterializer {
    private VtableMaterializer() {
    }

    public static InputCrate materialize(List<VtablePlan> plans, Target target, RcrateTarget rt) {
        throw new UnsupportedOperationException("vtable materialization is not implemented yet");
    }
}
