package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI keeps nothing between runs: no class of it has a static field that can be reassigned, and
 * where a run happens (its directory, its environment) is a value passed to {@link Main#run}, so two
 * runs in two folders side by side each see their own.
 */
class NoGlobalStateTest {

    @Test
    void noStaticFieldOfTheCliCanBeReassigned() throws Exception {
        Path classes = classesRoot();
        List<String> mutable = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes.resolve("dev/mcppol/cli"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, getClass().getClassLoader());
                for (Field field : c.getDeclaredFields()) {
                    int m = field.getModifiers();
                    // $VALUES, $assertionsDisabled and switch maps are the compiler's own, and final or synthetic.
                    if (Modifier.isStatic(m) && !Modifier.isFinal(m) && !field.isSynthetic()) {
                        mutable.add(c.getName() + "." + field.getName());
                    }
                }
            }
        }
        assertThat(mutable).isEmpty();
    }

    @Test
    void runsInTwoFoldersAtOnceEachSeeTheirOwn(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        CheckCommandTest.Run[] results = new CheckCommandTest.Run[2];
        Thread ta = new Thread(() -> results[0] = initAndTest(a));
        Thread tb = new Thread(() -> results[1] = initAndTest(b));
        ta.start();
        tb.start();
        ta.join();
        tb.join();
        assertThat(results[0].out()).as(results[0].err()).endsWith("4 passed, 0 failed\n");
        assertThat(results[1].out()).as(results[1].err()).endsWith("4 passed, 0 failed\n");
        assertThat(a.resolve("mcppol.yaml")).exists();
        assertThat(b.resolve("mcppol.yaml")).exists();
        assertThat(Path.of(System.getProperty("user.dir")).resolve("mcppol.yaml")).doesNotExist();
    }

    private static CheckCommandTest.Run initAndTest(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CheckCommandTest.Run init = CheckCommandTest.runIn(folder, "init");
        return init.code() != 0 ? init : CheckCommandTest.runIn(folder, "test");
    }

    private static Path classesRoot() throws URISyntaxException {
        return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
