// gentrain's JShell start-up: the toolkit's packages imported and a few helpers.
//   ./gentrain jshell                       (loads this file, then the prompt)
//   jshell> Ablation.quick("erm", "maxup-cutout").epochs(1).run()
// The import lines (and only they) are also the Jupyter kernel's start-up script: install.sh
// copies them, because rapaio-jupyter-kernel accepts imports only. gentrain's kernel, IJava and
// JJava run this whole file (GENTRAIN_KERNEL_STARTUP_SCRIPTS, IJAVA_STARTUP_SCRIPTS_PATH,
// JJAVA_STARTUP_SCRIPTS_PATH). Plain Java only: no JShell /commands, so that every kernel reads it.
import java.nio.file.*;
import java.util.*;
import java.util.stream.*;
import org.gentrain.ablation.*;
import org.gentrain.arms.*;
import org.gentrain.augment.*;
import org.gentrain.certify.*;
import org.gentrain.complement.*;
import org.gentrain.data.*;
import org.gentrain.energy.*;
import org.gentrain.maxup.*;
import org.gentrain.models.*;
import org.gentrain.orthogonal.*;
import org.gentrain.train.*;
import org.gentrain.viz.*;
import org.knowm.xchart.*;
import tech.tablesaw.api.*;
// show(x): a chart, image or table inline in a notebook; in JShell as text (images as a PNG file).
// A static import, not a method of this script, so that a notebook that imports it too is not
// ambiguous.
import static org.gentrain.viz.NotebookDisplay.show;

/** The class-balanced Fashion-MNIST subset inside the jar (6,000 training and 1,000 test images). */
TrainTestSplit embedded() {
    return FashionMnist.loadEmbedded();
}

/** Writes an XChart chart as a PNG file. */
void png(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, String file) throws java.io.IOException {
    Charts.writePng(chart, Path.of(file));
}

System.out.println("gentrain: toolkit imported; arm parts: " + ArmRegistry.global().knownNames());
System.out.println("gentrain: try  Ablation.quick(\"erm\").epochs(1).run()   and  show(result.accuracyChart())");
