package dev.race.format.pack;

import dev.race.format.elf.ElfObject;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.steg.model.Crate;

import java.util.List;

/**
 * Packs a crate as {@code race pack} did before the by-value rule (docs/contracts.md, "Resilient types cross calls
 * behind pointers"), through {@link CratePacker}'s package-private hook: the .rcrate an old toolchain wrote, which
 * the link must refuse on its own.
 */
public final class PackBeforeTheRule {
    private PackBeforeTheRule() {
    }

    public static PackResult pack(Crate crate, List<Crate> imports, RcrateTarget target, List<ElfObject> objects) {
        return CratePacker.pack(crate, imports, target, objects, false);
    }
}
