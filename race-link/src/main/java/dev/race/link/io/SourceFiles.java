package dev.race.link.io;

import dev.race.format.io.AtomicFiles;
import dev.race.steg.lang.Source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads {@code .steg} files as strict UTF-8, turning I/O failures into one-line user errors. */
public final class SourceFiles {
    private SourceFiles() {
    }

    /** A problem reading an input file, with a message fit for the user (names the file). */
    public static final class InputException extends Exception {
        public InputException(String message) {
            super(message);
        }
    }

    public static Source read(Path file) throws InputException {
        String name = file.toString();
        String notRegular = AtomicFiles.notRegular(file);
        if (notRegular != null) {
            throw new InputException(notRegular);
        }
        String large = AtomicFiles.tooLarge(file, null);
        if (large != null) {
            throw new InputException(large);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(name + ": no such file");
        } catch (IOException e) {
            throw new InputException(name + ": cannot read: " + e.getMessage());
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
                text = text.substring(1);
            }
            return new Source(name, text);
        } catch (CharacterCodingException e) {
            throw new InputException(name + ": not valid UTF-8 text (is this a .steg file?)");
        }
    }
}
