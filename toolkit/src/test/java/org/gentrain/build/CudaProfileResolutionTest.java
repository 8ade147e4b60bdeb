package org.gentrain.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GPU build resolves from Maven Central: the {@code cuda} profile's dependency tree (and that
 * of {@code djl-0.33}, the same DJL stack on CPU natives) is collected by Maven from POMs alone,
 * so the 2.4 GB {@code pytorch-native-cu124} jar is never downloaded here. {@code
 * dependency:tree} only warns when a POM is missing (the README's former {@code cu128} natives
 * for PyTorch 2.7.1 did exactly that), so the test reads Maven's output for such warnings. It
 * needs Maven Central, or those POMs in the local repository when the build runs offline.
 */
class CudaProfileResolutionTest {

    private static final long TIMEOUT_SECONDS = 120;

    @Test
    void cudaProfileResolvesDjl033WithTheCu124NativesFromPomsAlone() throws Exception {
        MavenTree.Result tree = resolved("cuda");
        assertEquals(List.of("ai.djl:api:jar:0.33.0:compile"), tree.artifactsOf("ai.djl:"), MavenTree.describe(tree));
        assertEquals(
                List.of(
                        "ai.djl.pytorch:pytorch-engine:jar:0.33.0:compile",
                        "ai.djl.pytorch:pytorch-jni:jar:2.5.1-0.33.0:runtime",
                        "ai.djl.pytorch:pytorch-native-cu124:jar:linux-x86_64:2.5.1:runtime"),
                tree.artifactsOf("ai.djl.pytorch:"),
                MavenTree.describe(tree));
    }

    @Test
    void djl033ProfileResolvesTheSameStackWithCpuNatives() throws Exception {
        MavenTree.Result tree = resolved("djl-0.33");
        assertEquals(
                List.of(
                        "ai.djl.pytorch:pytorch-engine:jar:0.33.0:compile",
                        "ai.djl.pytorch:pytorch-jni:jar:2.5.1-0.33.0:runtime",
                        "ai.djl.pytorch:pytorch-native-cpu:jar:linux-x86_64:2.5.1:runtime"),
                tree.artifactsOf("ai.djl.pytorch:"),
                MavenTree.describe(tree));
    }

    @Test
    void aMissingNativesPomIsAProblemThoughMavenSucceeds() {
        // Maven 3.8's words when the README's former natives (cu128 for 2.7.1) were asked for:
        // the build succeeded and the tree listed the jar all the same.
        List<String> output = List.of(
                "[INFO] Downloading from central: https://repo.maven.apache.org/maven2/ai/djl/pytorch/"
                        + "pytorch-native-cu128/2.7.1/pytorch-native-cu128-2.7.1.pom",
                "[WARNING] The POM for ai.djl.pytorch:pytorch-native-cu128:jar:linux-x86_64:2.7.1 is missing, "
                        + "no dependency information available",
                "[INFO] +- ai.djl.pytorch:pytorch-native-cu128:jar:linux-x86_64:2.7.1:runtime",
                "[INFO] BUILD SUCCESS");
        assertEquals(List.of(output.get(1)), MavenTree.problems(output));
    }

    @Test
    void anUnreachableRepositoryIsAProblem() {
        List<String> output = List.of(
                "[INFO] BUILD FAILURE",
                "[ERROR] Failed to execute goal on project gentrain-toolkit: Could not resolve dependencies");
        assertEquals(output, MavenTree.problems(output));
    }

    @Test
    void aResolvedTreeHasNoProblems() {
        List<String> output = List.of(
                "[INFO] +- ai.djl.pytorch:pytorch-native-cu124:jar:linux-x86_64:2.5.1:runtime", "[INFO] BUILD SUCCESS");
        assertTrue(MavenTree.problems(output).isEmpty());
    }

    private static MavenTree.Result resolved(String profile) throws Exception {
        MavenTree.Result tree = MavenTree.run(profile, TIMEOUT_SECONDS);
        if (tree.exitCode() != 0 || !tree.problems().isEmpty()) {
            fail("the " + profile + " profile's dependency tree does not resolve: every POM must come from Maven "
                    + "Central (reachable from this machine) or, offline, from the local repository.\n"
                    + MavenTree.describe(tree));
        }
        return tree;
    }
}
