"""The README's worked render example and its options stay true."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from speclint.checks import RULES
from tests.helpers import ROOT, run

README = (ROOT / "README.md").read_text()


def test_worked_render_example(tmp_path: Path) -> None:
    example = README.split("A worked example.", 1)[1]
    spec, deployment = re.findall(r"```yaml\n(.*?)```", example, re.DOTALL)[:2]
    (tmp_path / "spec.yaml").write_text(spec)
    (tmp_path / "prod.yaml").write_text(deployment)
    console = re.findall(r"```console\n(.*?)```", example, re.DOTALL)
    first = console[0].splitlines()
    result = run(shlex.split(first[0].removeprefix("$ speclint ")), cwd=tmp_path)
    assert result.code == 0
    assert result.stdout == "\n".join(first[1:]) + "\n"
    (tmp_path / "prod.yaml").write_text(
        deployment.replace("instance: 23", 'instance: "23"')
    )
    second = console[1].splitlines()
    result = run(shlex.split(second[0].removeprefix("$ speclint ")), cwd=tmp_path)
    assert result.stderr == second[1] + "\n"
    assert result.code == int(second[3])


def test_every_long_option_in_the_readme_exists() -> None:
    from click.testing import CliRunner

    from speclint.cli import cli

    helps = "".join(
        CliRunner().invoke(cli, [command, "--help"]).output
        for command in (
            "check",
            "render",
            "rules",
            "explain",
            "schema",
            "graph",
            "server",
        )
    )
    for option in set(re.findall(r"`(--[a-z][a-z-]+)", README)):
        assert option in helps, option


def test_quick_start_is_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("##", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None
    assert len(block.group(1).strip().splitlines()) == 2


def test_every_rule_family_id_named_in_the_readme_exists() -> None:
    ids = {rule.id for rule in RULES}
    for named in re.findall(
        r"`([a-z]+(?:-[a-z]+)+)`", README.split("## Rules", 1)[1].split("## Exit", 1)[0]
    ):
        assert named in ids, named
