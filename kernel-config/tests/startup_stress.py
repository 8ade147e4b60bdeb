"""Start-up stress test of the installed kernel: N starts, each must answer kernel_info in time.

    JUPYTER_PATH=/tmp/jp/share/jupyter /usr/bin/python3 startup_stress.py --count 100 --with-training

Each start is jupyter_client's start_new_kernel (start the process, then kernel_info_request until
the reply) with --timeout seconds (default 10); the kernel is shut down right after. With
--with-training, a second kernel trains an ablation (Ablation.quick("erm").epochs(1000)) for the
whole run, so that starts compete with a training job for the CPU, as they do on a laptop. The
load average before and after is printed with the counts, because figures from a shared machine
mean little without it. Exits 1 if any start failed. Not part of any CI run (100 starts take
minutes).
"""
import argparse
import os
import statistics
import sys
import time

from jupyter_client.manager import start_new_kernel


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100, help="number of starts (default 100)")
    parser.add_argument("--timeout", type=float, default=10, help="seconds each start may take (default 10)")
    parser.add_argument("--kernel", default=os.environ.get("GENTRAIN_KERNEL", "gentrain-java"))
    parser.add_argument("--with-training", action="store_true", help="train in another kernel meanwhile")
    args = parser.parse_args()
    if args.count < 1 or args.timeout <= 0:
        parser.error("--count must be at least 1 and --timeout positive")

    trainer = None
    if args.with_training:
        trainer = start_new_kernel(kernel_name=args.kernel, startup_timeout=60)
        trainer[1].execute('var stress = Ablation.quick("erm").epochs(1000).warmUp(false).progress(null).run();')
        time.sleep(15)  # let it reach its training steps

    load_before = os.getloadavg()
    seconds, failures = [], []
    for i in range(args.count):
        started = time.time()
        try:
            km, kc = start_new_kernel(kernel_name=args.kernel, startup_timeout=args.timeout)
            seconds.append(time.time() - started)
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        except Exception as e:  # a start that did not answer in time, or died
            failures.append((i + 1, time.time() - started, repr(e)))
            print("start %d failed after %.1f s: %r" % (i + 1, time.time() - started, e), file=sys.stderr)
    load_after = os.getloadavg()

    if trainer is not None:
        trainer[0].shutdown_kernel(now=True)

    print("kernel %s, %d starts, timeout %.0f s, %s" % (args.kernel, args.count, args.timeout,
          "a training kernel beside them" if args.with_training else "nothing else of ours running"))
    print("load average (1, 5, 15 min) before %.1f %.1f %.1f, after %.1f %.1f %.1f on %d cores"
          % (load_before + load_after + (os.cpu_count(),)))
    if seconds:
        print("answered kernel_info: median %.2f s, max %.2f s" % (statistics.median(seconds), max(seconds)))
    print("%d passed, %d failed" % (len(seconds), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
