package io.github.spencerpark.jupyter.kernel.display;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test double of the Jupyter base kernel's DisplayData, with its public constructor and setter as
 * IJava 1.3 has them: {@code DisplayData(String text)} and {@code putData(String, Object)}.
 */
public class DisplayData {

    private final Map<String, Object> data = new LinkedHashMap<>();

    public DisplayData(String textData) {
        data.put("text/plain", textData);
    }

    public void putData(String mimeType, Object value) {
        data.put(mimeType, value);
    }

    /** What was put, by MIME type. */
    public Map<String, Object> data() {
        return data;
    }
}
