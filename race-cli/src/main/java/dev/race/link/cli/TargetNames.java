package dev.race.link.cli;

import dev.race.layout.TargetSpec;
import picocli.CommandLine;

/** The {@code --target} option of the commands that solve layouts: its completion candidates and its parsing. */
final class TargetNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
        return TargetSpec.names().iterator();
    }

    /** The target named by {@code --target}; an unknown name is a usage error that lists the known ones. */
    static TargetSpec spec(CommandLine.Model.CommandSpec spec, String target) {
        try {
            return TargetSpec.named(target);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown target '" + target
                    + "' for option '--target' (known: " + String.join(", ", TargetSpec.names()) + ")");
        }
    }
}
