package org.gentrain.arms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.ModelTransform;
import org.gentrain.train.Objective;
import org.gentrain.train.Recipe;
import org.gentrain.train.Regularizer;

/**
 * A named part that arm names are built from: an objective ({@code maxup-cutout}), a regulariser
 * ({@code comhe-rp}), a model transform ({@code opt-cayley}) or a whole recipe of a user's own.
 * It declares the settings it reads, with types, defaults and ranges, and the settings it fixes
 * (a preset such as {@code maxup-cutout} fixes {@code augment=cutout}), and builds a fresh part from
 * checked settings every time it is asked.
 *
 * <pre>{@code
 * ArmPart.objective("my-loss")
 *         .setDescription("cross-entropy with label smoothing")
 *         .optSetting(Setting.real("smoothing", 0.1, 0, 1, "mass moved to the other classes"))
 *         .setFactory(settings -> new SmoothedObjective(settings.getDouble("smoothing")))
 *         .build();
 * }</pre>
 *
 * <p>The factory receives {@link ArmOptions} holding a checked value for every declared key (the
 * default where none was given), so it reads them without fallbacks ({@link ArmOptions#getInt(String)}).
 */
public final class ArmPart {

    /** What a part contributes to a recipe. */
    public enum Kind {
        /** The per-batch objective; an arm has at most one (default {@code erm}). */
        OBJECTIVE,
        /** A penalty added to the objective's loss. */
        REGULARIZER,
        /** A rewrite of the model before training. */
        TRANSFORM,
        /** A whole recipe (an objective with its regularisers and transforms), as a user registers one. */
        RECIPE
    }

    private final String name;
    private final Kind kind;
    private final String description;
    private final List<Setting> settings;
    private final Map<String, String> fixed;
    private final Function<ArmOptions, ?> factory;

    private ArmPart(Builder builder) {
        if (builder.name == null || !builder.name.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("arm part name must be lower-case letters, digits, '-', '.' or '_', "
                    + "was '" + builder.name + "'");
        }
        this.name = builder.name;
        this.kind = builder.kind;
        this.description = Objects.requireNonNullElse(builder.description, "");
        this.settings = List.copyOf(builder.settings);
        this.factory = Objects.requireNonNull(builder.factory, "factory of arm part " + name);
        Map<String, String> checkedFixed = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : builder.fixed.entrySet()) {
            Setting setting = setting(entry.getKey());
            if (setting == null) {
                throw new IllegalArgumentException(
                        "arm part " + name + " fixes " + entry.getKey() + ", which it does not declare");
            }
            checkedFixed.put(entry.getKey(), setting.check(entry.getValue()));
        }
        this.fixed = Map.copyOf(checkedFixed);
        List<String> keys = settings.stream().map(Setting::key).toList();
        if (keys.stream().distinct().count() != keys.size()) {
            throw new IllegalArgumentException("arm part " + name + " declares a key twice: " + keys);
        }
        if (keys.contains(Arm.LEARNING_RATE)) {
            throw new IllegalArgumentException("arm part " + name + " may not declare " + Arm.LEARNING_RATE
                    + ": every arm has it (the arm's learning rate)");
        }
    }

    /** A builder of an objective part. */
    public static Builder objective(String name) {
        return new Builder(name, Kind.OBJECTIVE);
    }

    /** A builder of a regulariser part. */
    public static Builder regularizer(String name) {
        return new Builder(name, Kind.REGULARIZER);
    }

    /** A builder of a model-transform part. */
    public static Builder transform(String name) {
        return new Builder(name, Kind.TRANSFORM);
    }

    /** A part that stands for a whole recipe of your own, built fresh for every run. */
    public static ArmPart recipe(String name, String description, java.util.function.Supplier<Recipe> factory) {
        Objects.requireNonNull(factory, "factory");
        return new Builder(name, Kind.RECIPE)
                .setDescription(description)
                .setFactory(o -> factory.get())
                .build();
    }

    /** The name, as arm names write it. */
    public String name() {
        return name;
    }

    /** What the part contributes. */
    public Kind kind() {
        return kind;
    }

    /** One line saying what the part does. */
    public String description() {
        return description;
    }

    /** The settings the part reads, fixed ones included. */
    public List<Setting> settings() {
        return settings;
    }

    /** The settings this part fixes, by key; they cannot be given. */
    public Map<String, String> fixed() {
        return fixed;
    }

    /** The declared setting of that key, or null. */
    public Setting setting(String key) {
        return settings.stream().filter(s -> s.key().equals(key)).findFirst().orElse(null);
    }

    /** Whether the part declares the key and does not fix it. */
    public boolean accepts(String key) {
        return setting(key) != null && !fixed.containsKey(key);
    }

    /**
     * A fresh part from the given settings.
     *
     * @param values a checked value for every declared key
     * @return an {@link Objective}, {@link Regularizer}, {@link ModelTransform} or {@link Recipe}, by {@link #kind()}
     */
    Object build(ArmOptions values) {
        Object part = factory.apply(values);
        Class<?> expected = switch (kind) {
            case OBJECTIVE -> Objective.class;
            case REGULARIZER -> Regularizer.class;
            case TRANSFORM -> ModelTransform.class;
            case RECIPE -> Recipe.class;
        };
        if (!expected.isInstance(part)) {
            throw new IllegalStateException("arm part " + name + " built "
                    + (part == null ? "null" : part.getClass().getName()) + ", not a " + expected.getSimpleName());
        }
        return part;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds an {@link ArmPart}. */
    public static final class Builder {
        private final String name;
        private final Kind kind;
        private String description;
        private final List<Setting> settings = new ArrayList<>();
        private final Map<String, String> fixed = new LinkedHashMap<>();
        private Function<ArmOptions, ?> factory;

        private Builder(String name, Kind kind) {
            this.name = name;
            this.kind = kind;
        }

        /** One line saying what the part does, for {@code gentrain arms}. */
        public Builder setDescription(String description) {
            this.description = description;
            return this;
        }

        /** A setting the part reads. */
        public Builder optSetting(Setting setting) {
            settings.add(Objects.requireNonNull(setting, "setting"));
            return this;
        }

        /** Settings the part reads. */
        public Builder optSettings(List<Setting> list) {
            list.forEach(this::optSetting);
            return this;
        }

        /** Fixes a declared setting to a value no arm may change (a preset). */
        public Builder optFixed(String key, String value) {
            fixed.put(key, value);
            return this;
        }

        /** Builds the part from checked settings; called once per run. */
        public Builder setFactory(Function<ArmOptions, ?> factory) {
            this.factory = factory;
            return this;
        }

        /** The part. */
        public ArmPart build() {
            return new ArmPart(this);
        }
    }
}
