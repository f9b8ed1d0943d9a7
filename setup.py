"""Build hook: ship the rule pages of rules/ inside the package.

The pages live at the top of the repository (one Markdown file per rule id) so that
they are easy to find and review; `speclint explain RULE` reads them from the
installed package, so the build copies them to speclint/rules/ in the wheel.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithRules(build_py):
    def run(self) -> None:
        super().run()
        source = Path(__file__).parent / "rules"
        target = Path(self.build_lib) / "speclint" / "rules"
        target.mkdir(parents=True, exist_ok=True)
        for page in sorted(source.glob("*.md")):
            shutil.copyfile(page, target / page.name)


setup(cmdclass={"build_py": BuildPyWithRules})
