package org.gentrain.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gentrain.arms.ArmRegistry;
import org.gentrain.data.KnownDataset;
import org.gentrain.train.OptimizerSettings;
import org.junit.jupiter.api.Test;

class ProtocolTest {

    private static final String GOOD = String.join(
            "\n",
            "# a comment",
            "title = t",
            "source = s",
            "dataset = cifar10",
            "model = resnet20",
            "optimizer = sgd",
            "lr = 0.1",
            "momentum = 0.9",
            "weight-decay = 5e-4",
            "schedule = step:100,150@0.1",
            "epochs = 200",
            "train-augmentation = crop-flip:4",
            "arms = erm, cot",
            "reported-metric = test error (%)",
            "reported.erm = 5.46",
            "reported.cot = 4.86");

    private static String rejection(String text) {
        return assertThrows(IllegalArgumentException.class, () -> Protocol.parse("p", text))
                .getMessage();
    }

    @Test
    void everyBuiltInProtocolParsesAndNamesArmsTheRegistryKnows() {
        List<Protocol> protocols = Protocol.builtIn();
        assertEquals(Protocol.BUILT_IN.size(), protocols.size());
        for (Protocol protocol : protocols) {
            for (String arm : protocol.arms()) {
                assertTrue(ArmRegistry.global().knows(arm), protocol.name() + ": " + arm);
            }
            assertTrue(protocol.epochs() >= 20, protocol.name());
        }
        Protocol cot = Protocol.named("cot-cifar10");
        assertEquals(KnownDataset.CIFAR10, cot.dataset());
        assertEquals("preact-resnet18", cot.model());
        assertEquals(0.1f, cot.optimizer().learningRateAt(0), 1e-7);
        assertEquals(0.01f, cot.optimizer().learningRateAt(100), 1e-7);
        assertEquals(0.001f, cot.optimizer().learningRateAt(150), 1e-7);
        assertEquals(5.46, cot.reported().get("erm"), 0);
    }

    @Test
    void aFileIsReadIntoItsFields() {
        Protocol p = Protocol.parse("p", GOOD);
        assertEquals(OptimizerSettings.Kind.SGD, p.optimizer().kind());
        assertEquals(128, p.batchSize(), "the default batch size");
        assertEquals(List.of("erm", "cot"), p.arms());
        assertEquals(5.0, p.asReported(0.95), 1e-9, "error in percent");
        assertEquals(0.1f, p.withEpochs(2).optimizer().learningRateAt(1), 1e-7, "milestones beyond a short run");
        assertEquals(2, p.withEpochs(2).epochs());
        assertNull(Protocol.parse("p", GOOD.replace("crop-flip:4", "none")).augmentation());
    }

    @Test
    void badFilesAreRejectedNamingTheField() {
        assertEquals(
                "protocol p: field model: "
                        + assertThrows(
                                        IllegalArgumentException.class,
                                        () -> org.gentrain.models.Models.description("resnet21"))
                                .getMessage(),
                rejection(GOOD.replace("resnet20", "resnet21")));
        assertEquals(
                "protocol p: field lr must be a number > 0, was '0'", rejection(GOOD.replace("lr = 0.1", "lr = 0")));
        assertEquals(
                "protocol p: field epochs must be an integer >= 1, was 'many'",
                rejection(GOOD.replace("epochs = 200", "epochs = many")));
        assertTrue(rejection(GOOD.replace("title = t", "titel = t")).startsWith("protocol p: unknown field 'titel'"));
        assertEquals("protocol p: field title is missing", rejection(GOOD.replace("title = t\n", "")));
        assertEquals(
                "protocol p: field optimizer must be sgd or adam, was 'lbfgs'",
                rejection(GOOD.replace("optimizer = sgd", "optimizer = lbfgs")));
        assertEquals(
                "protocol p: reported.mhe names no arm of the protocol; its arms: erm, cot",
                rejection(GOOD + "\nreported.mhe = 1"));
        assertEquals(
                "protocol p: field train-augmentation must be none or crop-flip:P (P >= 0 pixels), was 'cutout'",
                rejection(GOOD.replace("crop-flip:4", "cutout")));
        assertTrue(rejection(GOOD.replace("dataset = cifar10", "dataset = svhn"))
                .startsWith("protocol p: field dataset must be one of fashion-mnist"));
        assertEquals(
                "protocol must be one of " + String.join(", ", Protocol.BUILT_IN) + ", was 'x'",
                assertThrows(IllegalArgumentException.class, () -> Protocol.named("x"))
                        .getMessage());
    }
}
