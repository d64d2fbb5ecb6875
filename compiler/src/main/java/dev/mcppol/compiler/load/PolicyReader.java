package dev.mcppol.compiler.load;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.diag.SourceFiles;
import dev.mcppol.compiler.dsl.DslFrontEnd;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.BundleFormatException;
import dev.mcppol.runtime.bundle.BundleReader;
import dev.mcppol.runtime.json.Json;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Reads a policy argument in whichever format it is: the DSL, Intercept YAML, PolicyLayer JSON or a
 * compiled bundle (which carries a magic key). Extension and content decide unless a format is forced.
 */
public final class PolicyReader {

    /** Exactly one of {@code policy} and {@code bundle} is set when reading succeeded. */
    public record Read(Policy policy, Bundle bundle, byte[] bytes) {
    }

    private static final Read NOTHING = new Read(null, null, null);

    private final java.security.PublicKey verifyKey;

    public PolicyReader() {
        this(null);
    }

    /** @param verifyKey a bundle read must be signed by this key (null: its hash is checked only) */
    public PolicyReader(java.security.PublicKey verifyKey) {
        this.verifyKey = verifyKey;
    }

    public Read read(Path file, InputFormat format, Diagnostics diagnostics, SourceFiles sources) {
        String name = file.toString();
        byte[] bytes;
        String text;
        try {
            bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            diagnostics.error(DiagnosticKind.UNREADABLE_FILE, Span.none(name), "no such file");
            return NOTHING;
        } catch (CharacterCodingException e) {
            diagnostics.error(DiagnosticKind.UNREADABLE_FILE, Span.none(name), "not UTF-8 text");
            return NOTHING;
        } catch (IOException e) {
            diagnostics.error(DiagnosticKind.UNREADABLE_FILE, Span.none(name), "cannot read: " + e.getMessage());
            return NOTHING;
        }
        return read(file, text, bytes, format, diagnostics, sources);
    }

    /**
     * Reads a policy whose text is already in memory (an editor's unsaved buffer): the same formats,
     * diagnostics and file name as reading {@code file} from disk would give.
     */
    public Read read(Path file, String text, InputFormat format, Diagnostics diagnostics, SourceFiles sources) {
        return read(file, text, text.getBytes(StandardCharsets.UTF_8), format, diagnostics, sources);
    }

    private Read read(Path file, String text, byte[] bytes, InputFormat format, Diagnostics diagnostics,
                      SourceFiles sources) {
        String name = file.toString();
        sources.add(name, text);
        InputFormat f = format == InputFormat.AUTO ? sniff(name, text) : format;
        if (verifyKey != null && f != InputFormat.BUNDLE) {
            // A source file carries no signature: accepting one would make --verify-key a no-op.
            diagnostics.error(DiagnosticKind.UNREADABLE_FILE, Span.none(name), "--verify-key accepts only a signed"
                    + " bundle, and this is a policy source (" + f.name().toLowerCase(Locale.ROOT) + "); compile and"
                    + " sign it first: mcppol compile " + name + " --signing-key KEY -o BUNDLE");
            return NOTHING;
        }
        switch (f) {
            case BUNDLE -> {
                try {
                    Bundle b = new BundleReader(verifyKey).read(bytes, name);
                    return new Read(null, b, bytes);
                } catch (BundleFormatException e) {
                    String m = e.getMessage();
                    diagnostics.error(DiagnosticKind.UNREADABLE_FILE, Span.none(name),
                            m.startsWith(name + ": ") ? m.substring(name.length() + 2) : m);
                    return NOTHING;
                }
            }
            case INTERCEPT, POLICYLAYER -> {
                Policy p = Importers.importPolicy(f, name, text, diagnostics);
                return new Read(p, null, null);
            }
            default -> {
                return new Read(DslFrontEnd.parse(name, text, diagnostics), null, null);
            }
        }
    }

    /** The format of a file: a JSON bundle by its magic key, else by extension, else the DSL. */
    public static InputFormat sniff(String name, String text) {
        String lower = name.toLowerCase(Locale.ROOT);
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode root = Json.tree(() -> Json.MAPPER.readTree(text));
                if (BundleReader.isBundle(root)) {
                    return InputFormat.BUNDLE;
                }
            } catch (RuntimeException e) {
                // Not JSON after all; the extension decides below, and that reader reports the error.
            }
            if (!lower.endsWith(".yaml") && !lower.endsWith(".yml")) {
                return lower.endsWith(".mcppol") ? InputFormat.DSL : InputFormat.POLICYLAYER;
            }
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return InputFormat.INTERCEPT;
        }
        if (lower.endsWith(".json")) {
            return InputFormat.POLICYLAYER;
        }
        return InputFormat.DSL;
    }
}
