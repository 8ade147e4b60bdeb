package org.gentrain.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.gentrain.data.ImageSet;
import org.junit.jupiter.api.Test;

/** The text classifiers read token windows as [N, T] or as one-pixel-high images and give [N, K] logits. */
class TextClassifierTest {

    private static NDArray logits(Block block, NDManager manager, NDArray input) {
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 1, 5));
        return block.forward(new ParameterStore(manager, false), new NDList(input), false)
                .head();
    }

    @Test
    void bothClassifiersGiveTheSameLogitsForIndicesAndTheirImageForm() {
        TextClassificationSet set = new TextClassificationSet(
                new int[][] {{1, 2, 3, 4, 5}, {5, 4, 3, 2, 1}},
                new int[] {0, 2},
                List.of("a", "b", "c"),
                Vocabulary.builder().build(List.of("x", "y", "z", "w")),
                "test");
        ImageSet images = set.toImageSet();
        assertEquals(new Shape(1, 1, 5), images.imageShape());
        for (Block block : List.of(
                LstmTextClassifier.builder()
                        .setVocabularySize(6)
                        .setClasses(3)
                        .optEmbeddingSize(4)
                        .optHiddenSize(5)
                        .build(),
                ConvTextClassifier.builder()
                        .setVocabularySize(6)
                        .setClasses(3)
                        .optEmbeddingSize(4)
                        .optFilters(7)
                        .build())) {
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray fromImages = logits(block, manager, images.imagesArray(manager));
                NDArray fromIndices = block.forward(
                                new ParameterStore(manager, false),
                                new NDList(manager.create(new long[] {1, 2, 3, 4, 5, 5, 4, 3, 2, 1}, new Shape(2, 5))),
                                false)
                        .head();
                assertEquals(new Shape(2, 3), fromImages.getShape());
                assertEquals(0f, fromImages.sub(fromIndices).abs().max().getFloat(), 1e-6f);
                assertEquals(fromImages.getShape(), block.getOutputShapes(new Shape[] {new Shape(2, 1, 1, 5)})[0]);
            }
        }
    }

    @Test
    void evenFilterWidthIsRejected() {
        assertEquals(
                "width must be odd (to keep the length), was 4",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ConvTextClassifier.builder()
                                        .setVocabularySize(6)
                                        .setClasses(3)
                                        .optWidth(4)
                                        .build())
                        .getMessage());
    }
}
