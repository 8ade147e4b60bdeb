package org.dflib.jjava.jupyter.kernel.display;

import java.util.LinkedHashMap;
import java.util.Map;

/** Test double of jjava-jupyter's DisplayData: MIME bundle and display id. */
public class DisplayData {

    private final Map<String, Object> data = new LinkedHashMap<>();
    private String displayId;

    public DisplayData(String textData) {
        data.put("text/plain", textData);
    }

    public void putData(String mimeType, Object value) {
        data.put(mimeType, value);
    }

    public void setDisplayId(String id) {
        this.displayId = id;
    }

    public String getDisplayId() {
        return displayId;
    }

    /** What was put, by MIME type. */
    public Map<String, Object> data() {
        return data;
    }
}
