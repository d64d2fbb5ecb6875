package dev.mcppol.cli;

import dev.mcppol.runtime.bundle.BundleSignatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "keygen", description = "Write a new Ed25519 key pair for signing bundles: PREFIX.key (keep secret) and PREFIX.pub.")
public final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PREFIX")
    Path prefix;

    @Override
    public Integer call() throws Exception {
        Path key = prefix.resolveSibling(prefix.getFileName() + ".key");
        Path pub = prefix.resolveSibling(prefix.getFileName() + ".pub");
        for (Path p : new Path[] {key, pub}) {
            if (Files.exists(p)) {
                spec.commandLine().getErr().println("mcppol keygen: " + p + " exists; not overwriting it");
                return ExitCodes.UNUSABLE;
            }
        }
        KeyPair pair = BundleSignatures.generate();
        Files.writeString(key, BundleSignatures.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(pub, BundleSignatures.pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        spec.commandLine().getOut().println("wrote " + key + " (private: sign with `compile --signing-key`) and " + pub
                + " (public: check with `--verify-key`)");
        return ExitCodes.OK;
    }
}
