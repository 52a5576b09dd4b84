package dev.race.layout;

import dev.race.steg.model.Repr;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code #[repr(transparent)]}: the struct has exactly one field that is not zero-sized, and is laid out
 * exactly as that field (size, alignment, and, through the solver, niche); every other field must be
 * zero-sized with alignment 1, so it can sit at offset 0 without changing anything.
 */
public final class TransparentStrategy implements LayoutStrategy {
    @Override
    public String name() {
        return "transparent";
    }

    @Override
    public StructPlacement place(List<FieldLayout> fields, Repr repr, TargetSpec target) {
        if (repr.packed() != 0 || repr.align() != 0) {
            throw new LayoutException(null, "repr(transparent) cannot be combined with packed or align");
        }
        List<String> sized = new ArrayList<>();
        FieldLayout main = null;
        for (FieldLayout f : fields) {
            if (f.size() != 0) {
                sized.add(f.name());
                main = f;
            } else if (f.align() != 1) {
                throw new LayoutException(null, "repr(transparent): zero-sized field `" + f.name()
                        + "` has alignment " + f.align() + "; only alignment 1 is allowed beside the main field");
            }
        }
        if (sized.size() != 1) {
            throw new LayoutException(null, "repr(transparent) needs exactly one non-zero-sized field, found "
                    + sized.size() + (sized.isEmpty() ? "" : " (" + String.join(", ", sized) + ")"));
        }
        return new StructPlacement(new long[fields.size()], main.size(), main.align());
    }
}
