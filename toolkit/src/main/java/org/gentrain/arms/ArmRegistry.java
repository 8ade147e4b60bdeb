package org.gentrain.arms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.ErmObjective;
import org.gentrain.train.Recipe;
import org.gentrain.train.TrainingHook;

/**
 * The one place where arm names are resolved. Every technique package registers its parts
 * through an {@link ArmProvider} (found with {@link ServiceLoader}); a user adds parts or whole
 * recipes at run time with {@link #register}. The command line, {@code Ablation}, the benchmark,
 * JShell and notebooks all resolve names here, with one grammar ({@link ArmSpec}) and one set of
 * rules, checked before anything trains:
 *
 * <ul>
 *   <li>every part must be known, and an arm has at most one objective;
 *   <li>an arm's own setting ({@code @key=value}) must be read by one of its parts, and may not be
 *       one that a part fixes ({@code maxup-cutout} fixes {@code augment=cutout});
 *   <li>a shared setting must be read by at least one arm of the run and may not contradict a
 *       setting that an arm's part fixes;
 *   <li>every value must be of its setting's type and in its range.
 * </ul>
 *
 * <pre>{@code
 * ArmRegistry.global().register("erm-smooth", "ERM with a smoothed target",
 *         () -> Recipe.of(new SmoothedObjective(0.1)));
 * Ablation.quick("erm", "erm-smooth", "maxup-cutout").run();
 * }</pre>
 */
public final class ArmRegistry {

    private static ArmRegistry global;

    private final Map<String, ArmPart> parts = new LinkedHashMap<>();
    private final List<Supplier<? extends TrainingHook>> probes = new ArrayList<>();

    private ArmRegistry() {
        register(ArmPart.objective("erm")
                .setDescription("plain cross-entropy (empirical risk minimisation), the baseline")
                .setFactory(o -> new ErmObjective())
                .build());
    }

    /**
     * The registry every command and {@code Ablation} use: the built-in techniques, found on the class
     * path, and whatever was registered at run time.
     */
    public static synchronized ArmRegistry global() {
        if (global == null) {
            global = withBuiltIns();
        }
        return global;
    }

    /** A new registry with the techniques found on the class path (independent of {@link #global()}). */
    public static ArmRegistry withBuiltIns() {
        ArmRegistry registry = new ArmRegistry();
        for (ArmProvider provider : ServiceLoader.load(ArmProvider.class, ArmRegistry.class.getClassLoader())) {
            registry.add(provider);
        }
        return registry;
    }

    /** A new registry that knows only {@code erm}. */
    public static ArmRegistry empty() {
        return new ArmRegistry();
    }

    /** Adds a provider's parts and probes. */
    public synchronized ArmRegistry add(ArmProvider provider) {
        provider.parts().forEach(this::register);
        probes.addAll(provider.probes());
        return this;
    }

    /**
     * Adds a part.
     *
     * @throws IllegalArgumentException if a part of that name exists
     */
    public synchronized ArmRegistry register(ArmPart part) {
        if (parts.containsKey(part.name())) {
            throw new IllegalArgumentException("arm part " + part.name() + " is registered already");
        }
        parts.put(part.name(), part);
        return this;
    }

    /** Adds a whole recipe under a name: {@code factory} is called once per run. */
    public ArmRegistry register(String name, String description, Supplier<Recipe> factory) {
        return register(ArmPart.recipe(name, description, factory));
    }

    /** Every part, in registration order. */
    public synchronized List<ArmPart> parts() {
        return List.copyOf(parts.values());
    }

    /** The names of every part. */
    public synchronized List<String> names() {
        return List.copyOf(parts.keySet());
    }

    /** The probes every ablation run gets by default, one fresh hook per run from each. */
    public synchronized List<Supplier<? extends TrainingHook>> probes() {
        return List.copyOf(probes);
    }

    /**
     * The part of that name.
     *
     * @throws IllegalArgumentException listing the known names
     */
    public synchronized ArmPart part(String name) {
        ArmPart part = parts.get(name);
        if (part == null) {
            throw new IllegalArgumentException(
                    "unknown arm part '" + name + "'; known: " + String.join(", ", parts.keySet()));
        }
        return part;
    }

    /** Whether every part of the arm name is known (its settings are not checked). */
    public synchronized boolean knows(String arm) {
        try {
            return parts.keySet().containsAll(ArmSpec.parse(arm).parts());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** One arm, resolved with no shared settings. */
    public Arm resolve(String arm) {
        return resolve(arm, ArmOptions.defaults());
    }

    /**
     * One arm, resolved and checked together with the run's shared settings, all of which it must
     * read (use {@link #resolveAll} for several arms that share settings).
     */
    public Arm resolve(String arm, ArmOptions shared) {
        return resolveAll(List.of(arm), shared).get(0);
    }

    /**
     * The arms of one run, resolved and checked together: every rule of this class, every part
     * built once to check it.
     *
     * @throws IllegalArgumentException one line naming the arm, the key and the allowed values
     */
    public List<Arm> resolveAll(List<String> arms, ArmOptions shared) {
        List<Arm> resolved = new ArrayList<>();
        Set<String> readByAny = new TreeSet<>();
        for (String label : arms) {
            resolved.add(resolveOne(ArmSpec.parse(label), shared, readByAny));
        }
        for (String key : shared.asMap().keySet()) {
            if (!readByAny.contains(key)) {
                List<String> names =
                        arms.stream().map(a -> ArmSpec.parse(a).label()).toList();
                throw new IllegalArgumentException("setting " + key + " is not read by "
                        + (names.size() == 1
                                ? "arm " + names.get(0) + "; its settings: "
                                : "any of the arms " + String.join(", ", names) + "; their settings: ")
                        + listOrNone(readByAny));
            }
        }
        return resolved;
    }

    private Arm resolveOne(ArmSpec spec, ArmOptions shared, Set<String> readByAny) {
        String label = spec.label();
        List<ArmPart> chosen = new ArrayList<>();
        String objective = null;
        for (String name : spec.parts()) {
            ArmPart part;
            synchronized (this) {
                part = parts.get(name);
            }
            if (part == null) {
                throw new IllegalArgumentException(
                        "unknown part '" + name + "' in arm '" + label + "'; known: " + knownNames());
            }
            if (chosen.contains(part)) {
                throw new IllegalArgumentException("arm '" + label + "' names " + name + " twice");
            }
            if (part.kind() == ArmPart.Kind.OBJECTIVE || part.kind() == ArmPart.Kind.RECIPE) {
                if (objective != null) {
                    throw new IllegalArgumentException(
                            "arm '" + label + "' names two objectives: " + objective + " and " + name);
                }
                objective = name;
            }
            chosen.add(part);
        }
        Float learningRate = null;
        for (Map.Entry<String, String> entry : spec.settings().entrySet()) {
            String key = entry.getKey();
            if (key.equals(Arm.LEARNING_RATE)) {
                learningRate = learningRate(label, entry.getValue());
                continue;
            }
            for (ArmPart part : chosen) {
                if (part.fixed().containsKey(key)) {
                    throw new IllegalArgumentException("arm '" + label + "': " + part.name() + " fixes " + key + "="
                            + part.fixed().get(key) + "; name a part that reads " + key + " instead"
                            + suggestion(part, key, entry.getValue()));
                }
            }
            if (chosen.stream().noneMatch(p -> p.accepts(key))) {
                throw new IllegalArgumentException("arm '" + label + "': " + String.join("+", spec.parts())
                        + " has no setting " + key + "; its settings: " + listOrNone(declared(chosen)) + " and lr");
            }
        }
        List<ArmOptions> values = new ArrayList<>();
        Map<String, String> effective = new LinkedHashMap<>();
        for (ArmPart part : chosen) {
            Map<String, String> map = new LinkedHashMap<>();
            for (Setting setting : part.settings()) {
                String key = setting.key();
                String value = setting.defaultValue();
                if (part.fixed().containsKey(key)) {
                    String given = shared.asMap().get(key);
                    if (given != null
                            && !given.trim().equalsIgnoreCase(part.fixed().get(key))) {
                        throw new IllegalArgumentException("setting " + key + "=" + given + " contradicts arm " + label
                                + ", whose part " + part.name() + " fixes " + key + "="
                                + part.fixed().get(key)
                                + "; give it to an arm as @" + key + "=" + given + " instead");
                    }
                    value = part.fixed().get(key);
                } else if (spec.settings().containsKey(key)) {
                    value = checked(label, setting, spec.settings().get(key));
                } else if (shared.asMap().containsKey(key)) {
                    value = checked(label, setting, shared.asMap().get(key));
                }
                if (value != null) {
                    map.put(key, value);
                    effective.put(key, value);
                }
            }
            values.add(ArmOptions.of(map));
        }
        // Build every part once: it checks what the types cannot (an augmentation chain, a
        // power's name), and says which keys these settings make it read.
        Set<String> read = new TreeSet<>();
        for (int i = 0; i < chosen.size(); i++) {
            ArmPart part = chosen.get(i);
            ArmOptions partValues = values.get(i);
            try {
                partValues.keysReadBy(part::build).stream()
                        .filter(part::accepts)
                        .forEach(read::add);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("arm '" + label + "': " + e.getMessage(), e);
            }
        }
        for (String key : spec.settings().keySet()) {
            if (!key.equals(Arm.LEARNING_RATE) && !read.contains(key)) {
                throw new IllegalArgumentException("arm '" + label + "': " + key + " has no effect with these settings"
                        + " (" + describeFixed(chosen) + "); the settings it reads: " + listOrNone(read) + " and lr");
            }
        }
        readByAny.addAll(read);
        return Arm.of(label, chosen, values, learningRate, effective);
    }

    private static String checked(String label, Setting setting, String value) {
        try {
            return setting.check(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("arm '" + label + "': " + e.getMessage(), e);
        }
    }

    private static Float learningRate(String label, String value) {
        try {
            float rate = Float.parseFloat(value.trim());
            if (rate > 0 && Float.isFinite(rate)) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("arm '" + label + "': lr must be a number > 0, was '" + value + "'");
    }

    private String suggestion(ArmPart fixing, String key, String value) {
        List<String> readers;
        synchronized (this) {
            readers = parts.values().stream()
                    .filter(p -> p.kind() == fixing.kind() && p.accepts(key))
                    .map(ArmPart::name)
                    .toList();
        }
        return readers.isEmpty() ? "" : ", such as " + readers.get(0) + "@" + key + "=" + value;
    }

    private static String describeFixed(List<ArmPart> chosen) {
        String fixed = chosen.stream()
                .flatMap(p -> p.fixed().entrySet().stream())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return chosen.stream().map(ArmPart::name).collect(Collectors.joining("+"))
                + (fixed.isEmpty() ? "" : ", " + fixed);
    }

    private static Set<String> declared(List<ArmPart> chosen) {
        Set<String> keys = new TreeSet<>();
        chosen.forEach(
                p -> p.settings().stream().map(Setting::key).filter(p::accepts).forEach(keys::add));
        return keys;
    }

    private static String listOrNone(Set<String> keys) {
        return keys.isEmpty() ? "none" : String.join(", ", keys);
    }

    /** Every known name, grouped by kind, for error messages. */
    public synchronized String knownNames() {
        Map<ArmPart.Kind, List<String>> byKind = new LinkedHashMap<>();
        for (ArmPart part : parts.values()) {
            byKind.computeIfAbsent(part.kind(), k -> new ArrayList<>()).add(part.name());
        }
        return byKind.entrySet().stream()
                .map(e -> kindName(e.getKey()) + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String kindName(ArmPart.Kind kind) {
        return switch (kind) {
            case OBJECTIVE -> "objectives";
            case REGULARIZER -> "regularisers";
            case TRANSFORM -> "transforms";
            case RECIPE -> "recipes";
        };
    }

    /**
     * The registry as {@code gentrain arms} prints it: every part with its kind, description, and
     * each setting's default, allowed values and description; fixed settings marked.
     */
    public synchronized String describe() {
        StringBuilder text = new StringBuilder();
        for (ArmPart.Kind kind : ArmPart.Kind.values()) {
            List<ArmPart> ofKind =
                    parts.values().stream().filter(p -> p.kind() == kind).toList();
            if (ofKind.isEmpty()) {
                continue;
            }
            text.append(kindName(kind)).append(":\n");
            for (ArmPart part : ofKind) {
                text.append(String.format("  %-20s %s%n", part.name(), part.description()));
                Set<String> shown = new LinkedHashSet<>();
                for (Map.Entry<String, String> fixed : part.fixed().entrySet()) {
                    shown.add(fixed.getKey());
                    text.append(String.format("  %-20s   %s = %s (fixed)%n", "", fixed.getKey(), fixed.getValue()));
                }
                for (Setting setting : part.settings()) {
                    if (!shown.contains(setting.key())) {
                        text.append(String.format("  %-20s   %s%n", "", setting));
                    }
                }
            }
        }
        text.append("An arm joins at most one objective with any regularisers and transforms, then its own settings:\n")
                .append("  maxup-cutout+comhe-rp+opt-cayley@copies=8@lr=0.02   (every arm also takes lr)\n");
        return text.toString();
    }
}
