"""The real Mermaid (the npm package, under Node and jsdom) as a test oracle.

``mermaid_read(texts)`` gives, for each diagram text, what Mermaid's journey parser stored and
what its rendered SVG shows (see tests/mermaid_js/parse.mjs), or ``{"error": …}`` when Mermaid
refuses the text. scripts/setup installs the package from tests/mermaid_js/package-lock.json;
without it these tests fail (they never skip).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

HARNESS = Path(__file__).parent / "mermaid_js"
# Node starts, loads Mermaid and jsdom (about 2 s), then parses each text in a few milliseconds.
TIMEOUT_SECONDS = 300


def mermaid_read(texts: list[str]) -> list[dict[str, Any]]:
    """One answer per text, in order, from one Node process."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not installed: the Mermaid conformance tests need Node.js")
    if not (HARNESS / "node_modules" / "mermaid").is_dir():
        raise RuntimeError(f"the mermaid npm package is not installed: run scripts/setup (npm ci --prefix {HARNESS})")
    done = subprocess.run(
        [node, str(HARNESS / "parse.mjs")], input=json.dumps(texts), capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT_SECONDS, check=False
    )
    # Lines end at "\n" only: str.splitlines() would also split at U+2028, U+2029 and U+0085,
    # which JSON writes unescaped inside strings.
    answers = [json.loads(line) for line in done.stdout.split("\n") if line.startswith("{")]
    if done.returncode != 0 or len(answers) != len(texts):
        raise RuntimeError(f"the Mermaid harness failed (exit {done.returncode}, {len(answers)} of {len(texts)} answers): {done.stderr[-2000:]}")
    return answers
