"""Run one command and write its wall time and resource usage as JSON (a benchmark helper).

    python -I -S scripts/benchmarks/spawn.py USAGE_FILE COMMAND [ARG ...]

Why a launcher: on Linux a child's peak RSS (`ru_maxrss`) starts at the RSS of the process it
was forked from, because exec records the old address space's high-water mark. Forked from the
benchmark, which holds a whole generated knowledge base, every child would report at least the
benchmark's own size. This launcher is a small, freshly started interpreter (about 10 MiB), so
what it reports is the command's own peak, give or take that floor.

The command inherits stdin, stdout and stderr; the launcher exits with its exit status.
"""

import json
import os
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 3:
        sys.stderr.write("usage: spawn.py USAGE_FILE COMMAND [ARG ...]\n")
        return 2
    usage_file, argv = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    child = subprocess.Popen(argv)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    with open(usage_file, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "seconds": elapsed,
                "user": usage.ru_utime,
                "system": usage.ru_stime,
                "maxrss": usage.ru_maxrss,
                "returncode": child.returncode,
            },
            handle,
        )
    return child.returncode


if __name__ == "__main__":
    sys.exit(main())
