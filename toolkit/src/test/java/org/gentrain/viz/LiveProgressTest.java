package org.gentrain.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.gentrain.train.TrainingHook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Live displays: shown once, then replaced in place under the same display id; none outside a kernel. */
class LiveProgressTest {

    @AfterEach
    void stopKernel() {
        BaseKernel.run(null);
    }

    @Test
    void outsideAKernelThereIsNoLiveDisplaySoProgressStaysText() {
        assertEquals("none", NotebookDisplay.kernel());
        assertTrue(NotebookDisplay.live().isEmpty());
        assertTrue(LiveProgress.inNotebook("erm seed 1", 10, 2).isEmpty());
    }

    @Test
    void aLiveDisplayIsShownOnceAndThenUpdatedUnderItsDisplayId() {
        BaseKernel kernel = new BaseKernel();
        BaseKernel.run(kernel);
        assertEquals("jjava", NotebookDisplay.kernel());

        NotebookDisplay.LiveDisplay live = NotebookDisplay.live().orElseThrow();
        live.show("first");
        live.show("second");
        live.showHtml("<b>third</b>", "third");

        assertEquals(1, kernel.displayed.size());
        assertEquals("first", kernel.displayed.get(0).data().get("text/plain"));
        assertEquals(live.id(), kernel.displayed.get(0).getDisplayId());
        assertEquals(2, kernel.updated.size());
        for (DisplayData update : kernel.updated) {
            assertEquals(live.id(), update.getDisplayId());
        }
        assertEquals("<b>third</b>", kernel.updated.get(1).data().get("text/html"));
        assertTrue(!NotebookDisplay.live().orElseThrow().id().equals(live.id()), "each live display has its own id");
    }

    @Test
    void liveProgressShowsTheEpochAndUpdatesItsOneDisplayAtTheEpochsEnd() {
        BaseKernel kernel = new BaseKernel();
        BaseKernel.run(kernel);
        Optional<TrainingHook> hook = LiveProgress.inNotebook("erm seed 1", 10, 2);
        assertTrue(hook.isPresent());

        hook.get().onEpochStart(null, 1);
        hook.get().onEpochEnd(null, 1);
        hook.get().onEpochStart(null, 2);

        assertEquals(1, kernel.displayed.size());
        assertTrue(kernel.displayed.get(0).data().get("text/plain").toString().contains("erm seed 1 epoch 1/2"));
        String last = kernel.updated
                .get(kernel.updated.size() - 1)
                .data()
                .get("text/plain")
                .toString();
        assertTrue(last.contains("epoch 1/2") && last.contains("epoch 2/2"), last);
        assertTrue(last.matches("(?s).*0/10 loss NaN 0 ms/step.*"), last);
        String html = kernel.updated.get(0).data().get("text/html").toString();
        assertTrue(html.startsWith("<pre class=\"gentrain-progress\">"), html);
    }
}
