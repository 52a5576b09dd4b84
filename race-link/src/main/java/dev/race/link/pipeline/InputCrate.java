package dev.race.link.pipeline;

import dev.race.format.rcrate.RcrateFile;

import java.util.Objects;

/**
 * One input of a link: {@code name} is how messages name it (the file name the user gave, e.g.
 * {@code plugin.rcrate}), {@code file} its decoded content.
 */
public record InputCrate(String name, RcrateFile file) {
    public InputCrate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
    }

    /** {@code engine@2.0.0}: how contract messages name a crate. */
    public String crateId() {
        return file.crate().name() + "@" + file.crate().version();
    }
}
