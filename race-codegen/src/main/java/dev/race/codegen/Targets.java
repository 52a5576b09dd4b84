package dev.race.codegen;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Looks up {@link Target}s registered in {@code META-INF/services/dev.race.codegen.Target}. Nothing is cached:
 * each call reads the service registrations afresh, so there is no static mutable state.
 */
public final class Targets {
    private Targets() {
    }

    /** Every registered target, in registration order. */
    public static List<Target> all() {
        return ServiceLoader.load(Target.class, Targets.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }

    /** The target for ELF {@code e_machine}, if one is registered. */
    public static Optional<Target> forMachine(int elfMachine) {
        return all().stream().filter(t -> t.elfMachine() == elfMachine).findFirst();
    }

    /** The target called {@code name} (e.g. {@code "x86_64"}), if one is registered. */
    public static Optional<Target> named(String name) {
        return all().stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
