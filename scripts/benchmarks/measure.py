"""Run a command as a child process and measure it: wall time, CPU time, peak memory.

Every command runs under `spawn.py`, a small launcher that times it and reaps it with
`os.wait4`: peak memory is the command's maximum resident set size as the kernel reports it
(on Linux, the largest of the command and the descendants it waited for, such as git), and CPU
time is user plus system time of the command and those descendants. The launcher is needed
because a child forked straight from this (large) process would report at least our own RSS.

`interleave` runs several commands round-robin (A, B, A, B, ...) so that noise from the
machine lands on all of them alike.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["ChildFailed", "Sample", "Series", "interleave", "run_child"]

SPAWN = Path(__file__).resolve().parent / "spawn.py"


@dataclass(frozen=True, slots=True)
class Sample:
    seconds: float
    """Wall time of the whole child, or what the child reported (serve: the rebuild)."""
    cpu_seconds: float
    """User plus system time of the child and its waited-for children."""
    max_rss_mib: float
    extra: Mapping[str, float] = field(default_factory=dict)
    """Numbers the child printed (the serve loop: first build, rebuild, git calls)."""


@dataclass
class Series:
    """All samples of one command at one size."""

    samples: list[Sample] = field(default_factory=list)

    @property
    def seconds(self) -> list[float]:
        return [sample.seconds for sample in self.samples]

    def median(self, name: str = "seconds") -> float:
        if name == "seconds":
            return statistics.median(sample.seconds for sample in self.samples)
        if name == "cpu_seconds":
            return statistics.median(sample.cpu_seconds for sample in self.samples)
        if name == "max_rss_mib":
            return statistics.median(sample.max_rss_mib for sample in self.samples)
        return statistics.median(sample.extra[name] for sample in self.samples)

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Series:
        """A series as `to_json` wrote it (so a saved run can be shown again)."""
        samples = data.get("samples")
        found = cls()
        for item in samples if isinstance(samples, list) else []:
            found.samples.append(
                Sample(
                    seconds=float(item["seconds"]),
                    cpu_seconds=float(item["cpu_seconds"]),
                    max_rss_mib=float(item["max_rss_mib"]),
                    extra={key: float(value) for key, value in item.get("extra", {}).items()},
                )
            )
        return found

    def to_json(self) -> dict[str, object]:
        extras = sorted({key for sample in self.samples for key in sample.extra})
        return {
            "samples": [asdict(sample) for sample in self.samples],
            "median_seconds": self.median(),
            "median_cpu_seconds": self.median("cpu_seconds"),
            "median_max_rss_mib": self.median("max_rss_mib"),
            **{f"median_{key}": self.median(key) for key in extras},
        }


class ChildFailed(RuntimeError):
    pass


def run_child(
    argv: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    log: Path,
    parse: Callable[[str], Mapping[str, float]] | None = None,
    report: str | None = None,
) -> Sample:
    """Run `argv` through the `spawn.py` launcher and measure it.

    Output goes to `log` (appended). With `parse`, the child's stdout is parsed into `extra`;
    with `report`, that entry of `extra` is the sample's `seconds` instead of the wall time.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="opsbook-bench-usage-") as folder:
        usage_file = Path(folder, "usage.json")
        launcher = [sys.executable, "-I", "-S", str(SPAWN), str(usage_file), *argv]
        with log.open("ab") as sink:
            sink.write(f"\n$ (cd {cwd} && {' '.join(argv)})\n".encode())
            sink.flush()
            done = subprocess.run(
                launcher,
                cwd=cwd,
                env=dict(env),
                stdout=subprocess.PIPE if parse else sink,
                stderr=sink,
                check=False,
            )
            stdout = done.stdout or b""
            sink.write(stdout)
        if done.returncode != 0 or not usage_file.is_file():
            raise ChildFailed(f"{' '.join(argv)} exited with {done.returncode}; see {log}")
        usage = json.loads(usage_file.read_text(encoding="utf-8"))
    extra = dict(parse(stdout.decode("utf-8", "replace"))) if parse else {}
    # ru_maxrss is in KiB on Linux (bytes on macOS)
    rss_kib = usage["maxrss"] / 1024 if sys.platform == "darwin" else usage["maxrss"]
    return Sample(
        seconds=float(extra[report] if report else usage["seconds"]),
        cpu_seconds=float(usage["user"] + usage["system"]),
        max_rss_mib=float(rss_kib) / 1024,
        extra=extra,
    )


def interleave(
    runners: Mapping[str, Callable[[], Sample]],
    repeat: int,
    *,
    progress: Callable[[str, int, Sample], None] | None = None,
) -> dict[str, Series]:
    """Each runner `repeat` times, round-robin in the given order."""
    results = {name: Series() for name in runners}
    for round_number in range(repeat):
        for name, runner in runners.items():
            sample = runner()
            results[name].samples.append(sample)
            if progress is not None:
                progress(name, round_number, sample)
    return results
