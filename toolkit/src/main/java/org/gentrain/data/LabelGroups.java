package org.gentrain.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A two-level label tree: every fine class {@code 0..K-1} belongs to exactly one coarse group
 * {@code 0..G-1}, and every group holds at least one class. Hierarchical complement objective
 * training (HCOT) flattens the wrong classes inside and outside the true class's group
 * separately; CIFAR-100's 20 superclasses of 5 classes each are the paper's example.
 *
 * <p>Ways to make one:
 *
 * <ul>
 *   <li>{@link #ofCoarseLabels(int[])}: the group of each class, such as CIFAR-100's coarse label
 *       of each fine label ({@code int[100]});
 *   <li>{@link #parse(String)}: a named grouping ({@link #FASHION_MNIST_NAME}) or groups written
 *       out, classes separated by commas and groups by bars, such as {@code 0,2,4,6|1,3|5,7,9|8};
 *   <li>{@link #fashionMnist()}: Fashion-MNIST's four groups (this toolkit's choice; the data set
 *       defines none): <b>tops</b> = T-shirt/top 0, pullover 2, coat 4, shirt 6; <b>bottoms</b>
 *       = trouser 1, dress 3; <b>footwear</b> = sandal 5, sneaker 7, ankle boot 9; <b>bags</b> =
 *       bag 8.
 * </ul>
 *
 * <p>Immutable. Invalid mappings are rejected with one line naming the offending class or group.
 */
public final class LabelGroups {

    /** The name that {@link #parse} reads as {@link #fashionMnist()}. */
    public static final String FASHION_MNIST_NAME = "fashion-mnist";

    private static final LabelGroups FASHION_MNIST =
            ofCoarseLabels(new int[] {0, 1, 0, 1, 0, 2, 0, 2, 3, 2}, List.of("tops", "bottoms", "footwear", "bags"));

    private final int[] groupOfClass;
    private final List<String> groupNames;

    private LabelGroups(int[] groupOfClass, List<String> groupNames) {
        this.groupOfClass = groupOfClass;
        this.groupNames = groupNames;
    }

    /**
     * The tree with {@code coarseOfFine[c]} as the group of class {@code c}; groups are named
     * {@code group0, group1, ...}.
     *
     * @throws IllegalArgumentException if there are fewer than 2 classes, a group index is
     *     negative, or a group between 0 and the largest index holds no class
     */
    public static LabelGroups ofCoarseLabels(int[] coarseOfFine) {
        return ofCoarseLabels(coarseOfFine, null);
    }

    /**
     * As {@link #ofCoarseLabels(int[])}, with a name for every group.
     *
     * @throws IllegalArgumentException also if the number of names differs from the number of groups
     */
    public static LabelGroups ofCoarseLabels(int[] coarseOfFine, List<String> groupNames) {
        if (coarseOfFine == null || coarseOfFine.length < 2) {
            throw new IllegalArgumentException("label groups must map at least 2 classes, was "
                    + (coarseOfFine == null ? "none" : coarseOfFine.length));
        }
        int groups = 0;
        for (int c = 0; c < coarseOfFine.length; c++) {
            if (coarseOfFine[c] < 0) {
                throw new IllegalArgumentException(
                        "label groups: class " + c + " has group " + coarseOfFine[c] + ", groups must be >= 0");
            }
            groups = Math.max(groups, coarseOfFine[c] + 1);
        }
        int[] sizes = new int[groups];
        for (int g : coarseOfFine) {
            sizes[g]++;
        }
        for (int g = 0; g < groups; g++) {
            if (sizes[g] == 0) {
                throw new IllegalArgumentException("label groups: group " + g
                        + " holds no class (groups must be numbered 0.." + (groups - 1) + " without gaps)");
            }
        }
        List<String> names = new ArrayList<>();
        if (groupNames == null) {
            for (int g = 0; g < groups; g++) {
                names.add("group" + g);
            }
        } else if (groupNames.size() != groups) {
            throw new IllegalArgumentException(
                    "label groups: " + groupNames.size() + " group names given for " + groups + " groups");
        } else {
            names.addAll(groupNames);
        }
        return new LabelGroups(coarseOfFine.clone(), Collections.unmodifiableList(names));
    }

    /** Fashion-MNIST's four groups: tops, bottoms, footwear, bags (see the class comment). */
    public static LabelGroups fashionMnist() {
        return FASHION_MNIST;
    }

    /**
     * A named grouping ({@value #FASHION_MNIST_NAME}) or groups written out as classes separated
     * by commas and groups by bars, such as {@code 0,2,4,6|1,3|5,7,9|8} (group {@code g} is the
     * {@code g}-th list; spaces are ignored). The classes must be exactly {@code 0..K-1}, each in
     * one group.
     *
     * @throws IllegalArgumentException naming the offending class or group, or the allowed forms
     */
    public static LabelGroups parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(
                    "groups must be '" + FASHION_MNIST_NAME + "' or classes like 0,2,4,6|1,3|5,7,9|8, was empty");
        }
        String trimmed = text.strip();
        if (trimmed.toLowerCase(Locale.ROOT).equals(FASHION_MNIST_NAME)) {
            return fashionMnist();
        }
        String[] groupTexts = trimmed.split("\\|", -1);
        List<int[]> groups = new ArrayList<>();
        int largest = -1;
        for (int g = 0; g < groupTexts.length; g++) {
            String groupText = groupTexts[g].strip();
            if (groupText.isEmpty()) {
                throw new IllegalArgumentException("groups: group " + g + " of '" + trimmed + "' is empty");
            }
            String[] classTexts = groupText.split(",", -1);
            int[] classes = new int[classTexts.length];
            for (int i = 0; i < classTexts.length; i++) {
                try {
                    classes[i] = Integer.parseInt(classTexts[i].strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "groups: '" + classTexts[i].strip() + "' in group " + g + " of '" + trimmed
                                    + "' is not a class number (write e.g. 0,2,4,6|1,3|5,7,9|8 or '"
                                    + FASHION_MNIST_NAME + "')");
                }
                if (classes[i] < 0) {
                    throw new IllegalArgumentException(
                            "groups: class " + classes[i] + " in group " + g + " is negative");
                }
                largest = Math.max(largest, classes[i]);
            }
            groups.add(classes);
        }
        int[] groupOf = new int[largest + 1];
        Arrays.fill(groupOf, -1);
        for (int g = 0; g < groups.size(); g++) {
            for (int c : groups.get(g)) {
                if (groupOf[c] >= 0) {
                    throw new IllegalArgumentException("groups: class " + c + " is in group " + groupOf[c]
                            + " and group " + g + ", each class must be in exactly one");
                }
                groupOf[c] = g;
            }
        }
        for (int c = 0; c < groupOf.length; c++) {
            if (groupOf[c] < 0) {
                throw new IllegalArgumentException(
                        "groups: class " + c + " is in no group (classes must be 0.." + largest + ", each in one)");
            }
        }
        return ofCoarseLabels(groupOf);
    }

    /** {@code K}, the number of fine classes. */
    public int classes() {
        return groupOfClass.length;
    }

    /** {@code G}, the number of groups. */
    public int groups() {
        return groupNames.size();
    }

    /** The group of class {@code c}. */
    public int groupOf(int c) {
        return groupOfClass[c];
    }

    /** The group of every class, a copy. */
    public int[] groupOfClasses() {
        return groupOfClass.clone();
    }

    /** The classes of group {@code g}, ascending. */
    public int[] classesOf(int g) {
        return Arrays.stream(indices()).filter(c -> groupOfClass[c] == g).toArray();
    }

    /** The groups' names. */
    public List<String> groupNames() {
        return groupNames;
    }

    /**
     * Requires this tree to cover exactly {@code classes} classes.
     *
     * @param what what has that many classes, for the message (such as {@code "the model's
     *     logits"})
     * @throws IllegalArgumentException if the counts differ
     */
    public void requireClasses(int classes, String what) {
        if (classes != classes()) {
            throw new IllegalArgumentException(
                    "groups map " + classes() + " classes but " + what + " has " + classes + " classes");
        }
    }

    /** The groups written out as {@link #parse} reads them, such as {@code 0,2,4,6|1,3|5,7,9|8}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int g = 0; g < groups(); g++) {
            if (g > 0) {
                text.append('|');
            }
            int[] members = classesOf(g);
            for (int i = 0; i < members.length; i++) {
                text.append(i > 0 ? "," : "").append(members[i]);
            }
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LabelGroups that && Arrays.equals(groupOfClass, that.groupOfClass);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(groupOfClass);
    }

    private int[] indices() {
        int[] all = new int[groupOfClass.length];
        Arrays.setAll(all, i -> i);
        return all;
    }
}
