package org.gentrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The label tree: its named grouping, its factories and its one-line rejections of bad mappings. */
class LabelGroupsTest {

    private static String rejection(Runnable make) {
        return assertThrows(IllegalArgumentException.class, make::run).getMessage();
    }

    @Test
    void fashionMnistGroupsAreTopsBottomsFootwearAndBags() {
        LabelGroups groups = LabelGroups.fashionMnist();
        assertEquals(10, groups.classes());
        assertEquals(List.of("tops", "bottoms", "footwear", "bags"), groups.groupNames());
        assertArrayEquals(new int[] {0, 2, 4, 6}, groups.classesOf(0));
        assertArrayEquals(new int[] {1, 3}, groups.classesOf(1));
        assertArrayEquals(new int[] {5, 7, 9}, groups.classesOf(2));
        assertArrayEquals(new int[] {8}, groups.classesOf(3));
        assertEquals("Shirt", FashionMnist.CLASSES.get(groups.classesOf(0)[3]));
        assertEquals("Ankle boot", FashionMnist.CLASSES.get(groups.classesOf(2)[2]));
    }

    @Test
    void theNameAndTheWrittenOutGroupsParseToTheSameTree() {
        assertSame(LabelGroups.fashionMnist(), LabelGroups.parse("fashion-mnist"));
        LabelGroups written = LabelGroups.parse(" 0,2,4,6 | 1,3 | 5,7,9 | 8 ");
        assertEquals(LabelGroups.fashionMnist(), written);
        assertEquals("0,2,4,6|1,3|5,7,9|8", written.toString());
        assertEquals(written, LabelGroups.parse(written.toString()));
    }

    @Test
    void coarseLabelsGiveTheGroupOfEveryClass() {
        int[] coarse = new int[100];
        for (int c = 0; c < 100; c++) {
            coarse[c] = c % 20;
        }
        LabelGroups groups = LabelGroups.ofCoarseLabels(coarse);
        assertEquals(100, groups.classes());
        assertEquals(20, groups.groups());
        assertArrayEquals(new int[] {3, 23, 43, 63, 83}, groups.classesOf(3));
        assertEquals("group19", groups.groupNames().get(19));
        coarse[0] = 7;
        assertEquals(0, groups.groupOf(0), "the tree keeps its own copy");
    }

    @Test
    void aClassInTwoGroupsIsRejectedNamingIt() {
        assertEquals(
                "groups: class 2 is in group 0 and group 1, each class must be in exactly one",
                rejection(() -> LabelGroups.parse("0,2|1,2")));
    }

    @Test
    void aClassInNoGroupIsRejectedNamingIt() {
        assertEquals(
                "groups: class 1 is in no group (classes must be 0..3, each in one)",
                rejection(() -> LabelGroups.parse("0,2|3")));
    }

    @Test
    void anEmptyGroupIsRejectedNamingIt() {
        assertEquals("groups: group 1 of '0,1||2' is empty", rejection(() -> LabelGroups.parse("0,1||2")));
        assertEquals(
                "label groups: group 1 holds no class (groups must be numbered 0..2 without gaps)",
                rejection(() -> LabelGroups.ofCoarseLabels(new int[] {0, 2, 0})));
    }

    @Test
    void aNegativeGroupOrClassIsRejectedNamingIt() {
        assertEquals(
                "label groups: class 1 has group -1, groups must be >= 0",
                rejection(() -> LabelGroups.ofCoarseLabels(new int[] {0, -1})));
        assertEquals("groups: class -3 in group 1 is negative", rejection(() -> LabelGroups.parse("0|-3")));
    }

    @Test
    void textThatIsNeitherANameNorClassNumbersIsRejectedSayingWhatIsAllowed() {
        assertEquals(
                "groups: 'cifar' in group 0 of 'cifar' is not a class number (write e.g. 0,2,4,6|1,3|5,7,9|8"
                        + " or 'fashion-mnist')",
                rejection(() -> LabelGroups.parse("cifar")));
        assertEquals(
                "groups must be 'fashion-mnist' or classes like 0,2,4,6|1,3|5,7,9|8, was empty",
                rejection(() -> LabelGroups.parse(" ")));
    }

    @Test
    void fewerThanTwoClassesOrMismatchedNamesAreRejected() {
        assertEquals(
                "label groups must map at least 2 classes, was 1",
                rejection(() -> LabelGroups.ofCoarseLabels(new int[] {0})));
        assertEquals(
                "label groups: 1 group names given for 2 groups",
                rejection(() -> LabelGroups.ofCoarseLabels(new int[] {0, 1}, List.of("a"))));
    }

    @Test
    void requireClassesNamesBothCounts() {
        assertEquals(
                "groups map 10 classes but the data has 100 classes",
                rejection(() -> LabelGroups.fashionMnist().requireClasses(100, "the data")));
        LabelGroups.fashionMnist().requireClasses(10, "the data");
    }
}
