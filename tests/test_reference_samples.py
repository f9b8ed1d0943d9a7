"""The sample files peak-sdk 1.29 ships (in ../shared, beside the checkout) give no error.

They are real files nobody here wrote; they are read in place, never copied into the
project. Checked from a folder that has the files they point to (a Dockerfile and the
ignore files their artifact names).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import ROOT, run

SAMPLES = ROOT.parent / "shared" / "reference" / "peak-sdk-1.29-samples"


@pytest.mark.skipif(
    not SAMPLES.is_dir(), reason="the shared reference samples are not here"
)
def test_reference_samples_give_no_error(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM python:3.11-slim\n")
    (tmp_path / ".gitignore").write_text("")
    (tmp_path / ".dockerignore").write_text("")
    shutil.copytree(SAMPLES, tmp_path / "samples")
    result = run(["check", "--format", "json", "samples"], cwd=tmp_path)
    errors = [d for d in json.loads(result.stdout) if d["severity"] == "error"]
    assert errors == []
    assert result.code == 0
    assert result.stderr.endswith(" in 20 files\n")
