package org.gentrain.build;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs {@code mvn dependency:tree} on the toolkit module with a profile: Maven collects the
 * dependency graph from POMs alone, so no jar (least of all a multi-gigabyte natives jar) is
 * downloaded. It uses the installed Maven ({@code maven.home} from the build, else {@code mvn} on
 * the PATH), the build's local repository, and {@code -o} when the build itself is offline.
 */
final class MavenTree {

    /** What Maven says when a dependency's POM cannot be had; dependency:tree only warns then. */
    private static final Pattern PROBLEM =
            Pattern.compile("The POM for \\S+ is (missing|invalid)|^\\[ERROR\\]|Could not (transfer|resolve|find)"
                    + "|Failed to (read artifact descriptor|collect dependencies)|BUILD FAILURE");

    record Result(int exitCode, List<String> lines, List<String> command) {

        /** The lines that say a POM is missing or invalid, or that Maven failed. */
        List<String> problems() {
            return MavenTree.problems(lines);
        }

        /** The tree's lines for artifacts of {@code groupId} (e.g. {@code ai.djl}). */
        List<String> artifactsOf(String groupPrefix) {
            List<String> found = new ArrayList<>();
            for (String line : lines) {
                String text = line.replaceFirst("^\\[INFO\\] ", "").replaceFirst("^[|+\\\\\\- ]+", "");
                if (text.startsWith(groupPrefix)) {
                    found.add(text.trim());
                }
            }
            return found;
        }
    }

    private MavenTree() {}

    static List<String> problems(List<String> lines) {
        List<String> found = new ArrayList<>();
        for (String line : lines) {
            if (PROBLEM.matcher(line).find()) {
                found.add(line);
            }
        }
        return found;
    }

    static Result run(String profile, long timeoutSeconds) throws IOException, InterruptedException {
        Path root = projectRoot();
        List<String> command = new ArrayList<>(List.of(
                mavenExecutable(),
                "-B",
                "-f",
                root.resolve("pom.xml").toString(),
                "-P" + profile,
                "-pl",
                "toolkit",
                "dependency:tree"));
        String repo = System.getProperty("gentrain.maven.repo.local");
        if (repo != null && !repo.isBlank() && !repo.startsWith("${")) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        if ("offline=true".equals(System.getProperty("gentrain.maven.offline"))) {
            command.add("-o");
        }
        Path log = Files.createTempFile("gentrain-mvn-tree", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                lines.add("[ERROR] gentrain test: Maven did not finish within " + timeoutSeconds + " s");
                return new Result(-1, lines, command);
            }
            return new Result(process.exitValue(), Files.readAllLines(log, StandardCharsets.UTF_8), command);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The project's root folder: {@code gentrain.root}, else the parent of the module's folder. */
    static Path projectRoot() {
        String configured = System.getProperty("gentrain.root");
        Path root = configured != null && !configured.startsWith("${")
                ? Paths.get(configured)
                : Paths.get(System.getProperty("user.dir")).getParent();
        if (root == null
                || !Files.isRegularFile(root.resolve("pom.xml"))
                || !Files.isDirectory(root.resolve("toolkit"))) {
            throw new IllegalStateException("cannot find gentrain's root folder (pom.xml and toolkit/); was " + root);
        }
        return root.toAbsolutePath().normalize();
    }

    private static String mavenExecutable() {
        String home = System.getProperty("maven.home");
        if (home != null && !home.isBlank() && !home.startsWith("${")) {
            Path mvn = Paths.get(home, "bin", "mvn");
            if (Files.isExecutable(mvn)) {
                return mvn.toString();
            }
        }
        return "mvn";
    }

    static String describe(Result result) {
        StringBuilder text = new StringBuilder("ran: ")
                .append(String.join(" ", result.command()))
                .append(" (exit ")
                .append(result.exitCode())
                .append(")\n");
        List<String> problems = result.problems();
        for (String line : problems.isEmpty() ? tail(result.lines(), 20) : problems) {
            text.append("  ").append(line).append('\n');
        }
        return text.toString();
    }

    private static List<String> tail(List<String> lines, int n) {
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
}
