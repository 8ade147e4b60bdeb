"""The "Java (gentrain)" kernel against jupyter_kernel_test's protocol checks.

Run with the kernelspec installed (JUPYTER_PATH may point at a temporary folder):
    GENTRAIN_KERNEL=gentrain-java /usr/bin/python3 -m unittest -v kernel_protocol_test
or as a script, which also writes every check's outcome as JSON to $GENTRAIN_RESULTS.

Checks that rapaio-jupyter-kernel 2.3.0 is known to miss are marked expectedFailure with the
reason, so that the run stays green while they fail and turns red the day they pass (then remove
the mark). jupyter_kernel_test 0.4.5 has no interrupt check; test_interrupt adds one.
"""
import json
import os
import sys
import time
import unittest

import jupyter_kernel_test
from jupyter_client.manager import start_new_kernel

KERNEL = os.environ.get("GENTRAIN_KERNEL", "gentrain-java")
STARTUP_TIMEOUT = 30


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

    @unittest.expectedFailure
    def test_kernel_info(self):
        """rapaio 2.3.0's kernel_info_reply has no "status" field, which the v5 schema requires."""
        super().test_kernel_info()

    @unittest.expectedFailure
    def test_execute_result(self):
        """rapaio 2.3.0 sends a cell's value as text/html only; the protocol wants text/plain too."""
        super().test_execute_result()

    @unittest.expectedFailure
    def test_inspect(self):
        """With the cursor after the last letter of a name (the stock check) rapaio finds nothing."""
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


class InterruptTests(unittest.TestCase):
    """In a kernel of its own, so that a cell the interrupt fails to stop blocks no other check."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_kernel()

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    @unittest.expectedFailure
    def test_interrupt(self):
        """rapaio 2.3.0 acknowledges interrupt_request but the running cell goes on to its end."""
        msg_id = self.kc.execute("Thread.sleep(20_000);")
        time.sleep(3)
        self.km.interrupt_kernel()
        started = time.time()
        while True:
            reply = self.kc.get_shell_msg(timeout=30)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        self.assertLess(time.time() - started, 10, "the cell was not stopped by the interrupt")
        self.assertNotEqual(reply["content"]["status"], "ok")


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
