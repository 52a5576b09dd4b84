package dev.race.bindgen.rust;

import dev.race.bindgen.BindgenException;
import dev.race.bindgen.BindgenRequest;

/**
 * The Rust bindings of a crate: one module {@code <crate>.rs}, meant to sit at the user's crate root as
 * {@code mod <crate>;} (so a crate's module names an import's items as {@code crate::<dep>::Item}).
 *
 * <p>What is generated per item kind (docs/bindgen.md, "Rust"):
 * <ul>
 *   <li>resilient struct: an opaque type ({@code [u8; 0]} plus a pinned phantom: it cannot be constructed, moved
 *       out of a reference or sized by Rust) with {@code size()}, {@code align()}, {@code from_ptr},
 *       {@code from_mut_ptr} and per field a getter, setter, {@code _ref} and {@code _mut} projection (only the
 *       projections for an opaque field type; {@code _at(i)} for an array of them; {@code _ptr} for a field with no
 *       Rust form);</li>
 *   <li>{@code #[frozen]} struct: a {@code #[repr(C)]} Copy struct with its fields at the solver's offsets and
 *       {@code const} assertions of its size, alignment and every offset;</li>
 *   <li>enum: an opaque type, a {@code <Enum>Variant} Rust enum (with {@code Unknown}), {@code variant()},
 *       {@code set_variant()} and per payload field {@code unsafe} accessors;</li>
 *   <li>trait: {@code <Trait>Dyn { data, vtable }} with one {@code unsafe} call wrapper per method; per impl of
 *       this crate a vtable getter {@code <trait>_vtable_<type>()};</li>
 *   <li>function: an {@code extern "C"} declaration under its {@code #[symbol]} name ({@code &str} / {@code &[T]}
 *       as {@code RaceStr} / {@code RaceSlice<T>}, like the C bindings' race_str / race_slice); a signature with
 *       no C form (a resilient type by value) is a {@code // not bound} comment.</li>
 * </ul>
 * Two generated names that would clash in one module or impl are a {@link BindgenException} naming both items.
 * Every layout constant is a marker symbol read through {@code race_const} (docs/markers.md).
 */
public final class RustBindings {
    private RustBindings() {
    }

    /** The module's source text; deterministic for the same request. */
    public static String generate(BindgenRequest request) throws BindgenException {
        return new RustGenerator(request).run();
    }
}
