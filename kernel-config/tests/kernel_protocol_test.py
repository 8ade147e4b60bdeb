"""The "Java (gentrain)" kernel against jupyter_kernel_test's protocol checks, plus interrupt
and live-display checks of our own.

Run with the kernelspec installed (JUPYTER_PATH may point at a temporary folder):
    GENTRAIN_KERNEL=gentrain-java /usr/bin/python3 -m unittest -v kernel_protocol_test
or as a script, which also writes every check's outcome as JSON to $GENTRAIN_RESULTS.

GENTRAIN_KERNEL_IMPL says which kernel the kernelspec runs: "gentrain" (the default, kernel/)
must pass every check. For "rapaio" (install.sh --kernel rapaio) the checks rapaio-jupyter-kernel
2.3.0 is known to miss are marked expectedFailure with the reason (RAPAIO_GAPS), so that a run
documents them and turns red the day one passes. jupyter_kernel_test 0.4.5 has no interrupt
check; the Interrupt tests add them.
"""
import json
import os
import queue
import sys
import time
import unittest

import jupyter_kernel_test
from jupyter_client.manager import start_new_kernel

KERNEL = os.environ.get("GENTRAIN_KERNEL", "gentrain-java")
IMPL = os.environ.get("GENTRAIN_KERNEL_IMPL", "gentrain")
STARTUP_TIMEOUT = 30

# What rapaio-jupyter-kernel 2.3.0 misses (with gentrain's launcher fixes), by check.
RAPAIO_GAPS = {
    "test_kernel_info": "its kernel_info_reply has no \"status\" field, which the v5 schema requires",
    "test_execute_result": "it sends a cell's value as text/html only; the protocol wants text/plain too",
    "test_inspect": "with the cursor after the last letter of a name (the stock check) it finds nothing",
    "test_interrupt_ends_a_sleeping_cell": "it acknowledges the interrupt but the cell goes on to its end",
    "test_interrupt_ends_training_and_keeps_the_session": "the interrupt does not reach the training thread",
    "test_live_progress_updates_one_display_in_place": "gentrain's live display needs jjava-jupyter's update API",
}


def known_gap(test):
    """Marks a check as an expected failure when the kernel under test is known to miss it."""
    if IMPL == "rapaio" and test.__name__ in RAPAIO_GAPS:
        return unittest.expectedFailure(test)
    return test


def start_kernel():
    """Starts the kernel; every start must answer kernel_info within STARTUP_TIMEOUT seconds."""
    return start_new_kernel(kernel_name=KERNEL, startup_timeout=STARTUP_TIMEOUT)


class GentrainKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'
    code_generate_error = 'throw new IllegalStateException("deliberate");'
    code_execute_result = [{"code": "6 * 7", "result": "42"}]
    # Through gentrain's own display helper: the kernel's display function, found at run time.
    code_display_data = [
        {"code": 'NotebookDisplay.html("<b>gentrain</b>");', "mime": "text/html"},
        {"code": "NotebookDisplay.show(new java.awt.image.BufferedImage(8, 8, "
                 "java.awt.image.BufferedImage.TYPE_INT_RGB));", "mime": "image/png"},
    ]
    completion_samples = [{"text": "Math.ab"}, {"text": "Ablation.qui"}]
    complete_code_samples = ["int a = 1;", 'System.out.println("x");']
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {"]
    code_inspect_sample = "Ablation"

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_kernel()

    def reply_to(self, msg_id, timeout=30):
        while True:
            reply = self.kc.get_shell_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply

    @known_gap
    def test_kernel_info(self):
        super().test_kernel_info()

    @known_gap
    def test_execute_result(self):
        super().test_execute_result()

    @known_gap
    def test_inspect(self):
        super().test_inspect()

    def test_inspect_with_the_cursor_inside_a_name(self):
        self.flush_channels()
        reply = self.reply_to(self.kc.inspect("Ablation", cursor_pos=3))
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertTrue(reply["content"]["found"])
        self.assertIn("org.gentrain.ablation.Ablation", reply["content"]["data"]["text/plain"])

    def test_completion_offers_toolkit_methods(self):
        """The start-up script imported org.gentrain.ablation.*: completion knows the toolkit."""
        self.flush_channels()
        reply = self.reply_to(self.kc.complete("Ablation.qui"))
        matches = reply["content"]["matches"]
        self.assertTrue(any("quick" in m for m in matches), "Ablation.qui completed to " + repr(matches))


def collect(kc, msg_id, timeout):
    """The cell's iopub messages and its execute_reply, or (messages, None) after timeout seconds."""
    messages = []
    reply = None
    end = time.time() + timeout
    while time.time() < end and (reply is None or not any(
            m["msg_type"] == "status" and m["content"]["execution_state"] == "idle" for m in messages)):
        try:
            msg = kc.get_iopub_msg(timeout=0.2)
            if msg["parent_header"].get("msg_id") == msg_id:
                messages.append(msg)
        except queue.Empty:
            pass
        if reply is None:
            try:
                shell = kc.get_shell_msg(timeout=0.05)
                if shell["parent_header"].get("msg_id") == msg_id:
                    reply = shell
            except queue.Empty:
                pass
    return messages, reply


def execute(kc, code, timeout=60):
    msg_id = kc.execute(code)
    return collect(kc, msg_id, timeout)


def plain_result(messages):
    for m in messages:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"].get("text/plain")
    return None


class InterruptTests(unittest.TestCase):
    """In a kernel of its own, so that a cell the interrupt fails to stop blocks no other check."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_kernel()

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def interrupt_and_wait(self, msg_id, seconds):
        """Interrupts the kernel and returns (messages, reply, seconds until the reply)."""
        self.km.interrupt_kernel()
        started = time.time()
        messages, reply = collect(self.kc, msg_id, seconds)
        return messages, reply, time.time() - started

    @known_gap
    def test_interrupt_ends_a_sleeping_cell(self):
        msg_id = self.kc.execute("Thread.sleep(20_000);")
        time.sleep(3)
        messages, reply, seconds = self.interrupt_and_wait(msg_id, 10)
        self.assertIsNotNone(reply, "no execute_reply within 10 s of the interrupt")
        self.assertLess(seconds, 10, "the cell was not stopped by the interrupt")
        self.assertEqual(reply["content"]["status"], "error")

    @known_gap
    def test_interrupt_ends_training_and_keeps_the_session(self):
        """A long training cell stops within a step; variables and imports defined before it stay."""
        _, reply = execute(self.kc, 'String before = "defined before the training";', 120)
        self.assertEqual(reply["content"]["status"], "ok")
        msg_id = self.kc.execute(
            "var result = Ablation.quick(\"erm\").epochs(50).warmUp(false).run();")
        # wait until it trains: the first progress output of the cell
        messages, reply = [], None
        end = time.time() + 240
        while time.time() < end and not any(m["msg_type"] in ("stream", "display_data", "update_display_data")
                                             for m in messages):
            more, reply = collect(self.kc, msg_id, 1)
            messages += more
            self.assertIsNone(reply, "the training cell ended before it was interrupted: " + repr(messages))
        self.assertTrue(messages, "the training cell showed no progress within 240 s")
        time.sleep(2)
        more, reply, seconds = self.interrupt_and_wait(msg_id, 30)
        self.assertIsNotNone(reply, "no execute_reply within 30 s of the interrupt")
        print("training cell answered %.1f s after the interrupt" % seconds, file=sys.stderr)
        self.assertLess(seconds, 10, "the training cell did not stop within 10 s of the interrupt")
        self.assertEqual(reply["content"]["status"], "error")
        errors = [m["content"] for m in more if m["msg_type"] == "error"]
        self.assertTrue(errors, "the interrupted cell showed no error")
        self.assertIn(errors[0]["ename"], ("AblationInterruptedException", "TrainingInterruptedException"))
        self.assertIn("training interrupted", errors[0]["evalue"])
        # the session is alive: a variable from before, and an import from the start-up script
        started = time.time()
        messages, reply = execute(self.kc, "before + \" / \" + Ablation.class.getSimpleName()", 10)
        self.assertIsNotNone(reply, "the kernel did not answer within 10 s after the interrupt")
        self.assertLess(time.time() - started, 10)
        self.assertEqual(reply["content"]["status"], "ok", repr(messages))
        self.assertIn("defined before the training / Ablation", plain_result(messages))


class LiveProgressTests(unittest.TestCase):
    """A training cell shows its progress as one display that it updates in place."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_kernel()

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    @known_gap
    def test_live_progress_updates_one_display_in_place(self):
        messages, reply = execute(
            self.kc, "var live = Ablation.quick(\"erm\").trainSize(600).testSize(200).epochs(2)"
                     ".warmUp(false).run();", 600)
        self.assertIsNotNone(reply, "the training cell did not end within 600 s")
        self.assertEqual(reply["content"]["status"], "ok", repr([m["content"] for m in messages
                                                                 if m["msg_type"] == "error"]))
        shown = [m for m in messages if m["msg_type"] == "display_data"
                 and "gentrain-progress" in m["content"]["data"].get("text/html", "")]
        self.assertEqual(len(shown), 1, "one progress display, was " + repr(shown))
        display_id = shown[0]["content"]["transient"]["display_id"]
        updates = [m for m in messages if m["msg_type"] == "update_display_data"
                   and m["content"]["transient"]["display_id"] == display_id]
        self.assertGreaterEqual(len(updates), 2, "the progress display was not updated in place")
        last = updates[-1]["content"]["data"]["text/plain"]
        self.assertIn("epoch 2/2", last)
        self.assertRegex(last, r"loss [0-9.]+ [0-9]+ ms/step")
        self.assertIn("text/plain", shown[0]["content"]["data"])


class RecordingResult(unittest.TextTestResult):
    """Keeps each check's outcome by name for the JSON report."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = {}

    def _put(self, test, outcome):
        self.outcomes[test.id().split(".")[-1]] = outcome

    def addSuccess(self, test):
        super().addSuccess(test)
        self._put(test, "ok")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._put(test, "FAIL")

    def addError(self, test, err):
        super().addError(test, err)
        self._put(test, "ERROR")

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._put(test, "skipped (nothing to check)")

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._put(test, "expected failure")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._put(test, "unexpected success")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self._put(test, "FAIL")


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    result = unittest.TextTestRunner(verbosity=2, resultclass=RecordingResult).run(suite)
    path = os.environ.get("GENTRAIN_RESULTS")
    if path:
        with open(path, "w") as out:
            json.dump(result.outcomes, out, indent=1)
    sys.exit(0 if result.wasSuccessful() else 1)
