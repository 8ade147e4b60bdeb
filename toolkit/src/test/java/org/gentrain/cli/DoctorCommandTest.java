package org.gentrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gentrain.train.Devices;
import org.junit.jupiter.api.Test;

class DoctorCommandTest {

    @Test
    void doctorPrintsTheReportAndExitsZero() {
        GentrainCommandTest.Outcome outcome = GentrainCommandTest.run("doctor");
        assertEquals(0, outcome.code(), outcome.err());
        List<String> lines = outcome.out().lines().toList();
        assertTrue(lines.get(0).startsWith("java:"), outcome.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("DJL:")), outcome.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("natives from:")), outcome.out());
        String auto = lines.get(lines.size() - 1);
        assertEquals("--device auto: " + Devices.explain("auto"), auto);
    }

    @Test
    void doctorIsListedInTheHelp() {
        GentrainCommandTest.Outcome outcome = GentrainCommandTest.run("--help");
        assertTrue(outcome.out().lines().anyMatch(l -> l.trim().startsWith("doctor")), outcome.out());
    }
}
