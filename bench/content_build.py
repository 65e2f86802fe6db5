"""Time `studybot content build` on the provided document.

Runs the build on a temporary copy of content/ (so the working tree is not touched) in fresh
processes, so every run pays for importing and loading jieba as a real `studybot content build`
does. Prints the seconds per run and the machine.

    python bench/content_build.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUILD = "from bot.curation.cli import content_app; content_app()"


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def _copy_content(target: Path) -> Path:
    content = target / "content"
    for part in ("sources", "reference"):
        shutil.copytree(REPO / "content" / part, content / part)
    shutil.copy(REPO / "content" / "dictionary.txt", content / "dictionary.txt")
    overrides = REPO / "content" / "overrides.yaml"
    if overrides.exists():
        shutil.copy(overrides, content / "overrides.yaml")
    return content


def _run_once(content: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-c", BUILD, "build", "--content-dir", str(content)]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=REPO)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        content = _copy_content(Path(tmp))
        times = [_run_once(content) for _ in range(runs)]
    print(
        f"content build: median {statistics.median(times):.2f} s, "
        f"min {min(times):.2f} s, max {max(times):.2f} s over {runs} runs (whole process)"
    )
    print(
        f"machine: {_cpu_model()}, {os.cpu_count()} CPUs, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


if __name__ == "__main__":
    main()
