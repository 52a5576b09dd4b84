package dev.race.codegen;

import java.util.List;
import java.util.Objects;

/**
 * Code the linker makes itself (a default-method trampoline, ...): its bytes, with zero in every field a
 * relocation fills, and those relocations in the target's own ELF types, so that it is placed and patched
 * like any input section through {@link Target#relocate}.
 */
public record Stub(byte[] code, List<Reloc> relocs) {
    public Stub {
        code = code.clone();
        relocs = List.copyOf(relocs);
    }

    @Override
    public byte[] code() {
        return code.clone();
    }

    /** What a stub relocation refers to; the caller knows the actual symbols. */
    public enum Ref {
        /** The vtable the stub belongs to. */
        VTABLE,
        /** The function the stub transfers to (for a trampoline, the default body). */
        TARGET
    }

    /** A relocation at {@code offset} in the stub's code: ELF type {@code elfType} against {@code ref} + addend. */
    public record Reloc(int offset, int elfType, long addend, Ref ref) {
        public Reloc {
            Objects.requireNonNull(ref, "ref");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stub s && java.util.Arrays.equals(code, s.code) && relocs.equals(s.relocs);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(code) * 31 + relocs.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Stub[");
        for (int i = 0; i < code.length; i++) {
            if (i > 0) sb.append(' ');
            sb.append(String.format("%02x", code[i] & 0xff));
        }
        return sb.append(", relocs=").append(relocs).append(']').toString();
    }
}
