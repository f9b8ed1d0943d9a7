"""A fuzz campaign: minutes of mutated fixtures against ``check`` and ``render``.

The test suite runs the same mutations a few hundred times (tests/test_properties.py,
derandomized); this runs them for as long as you give it, from a seed:

    python3 bench/fuzz.py --minutes 5 --seed 0

Each input is a real fixture mutated as data (tests/strategies.py: nodes deleted,
duplicated, retyped, reordered, renamed, moved; dumped as YAML or JSON; maybe cut),
or its bytes flipped, or a render case (spec and values mutated, ``--set`` values),
or a spec with marker secrets injected after mutation. Every command runs in-process
through the CLI, in a fresh folder, with sockets blocked. Counted:

- crashes: an exception out of the CLI, or exit 3 (an internal error)
- usage exits: exit 2 on an input's content
- timeouts: an input that took more than ``--timeout`` seconds (2 by default)
- positions outside: a finding whose line or column is not inside its file
- secrets leaked: a marker secret in any output
- inputs modified: an input whose checksum changed
- network attempts: any socket connection

Failing inputs are saved under ``--save`` (a temporary folder by default) with a note
of the command. The last line is the summary. Not a test: CI never runs it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import socket
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers import Run, run  # noqa: E402
from tests.limits import Overtime, inside, time_limit  # noqa: E402
from tests.strategies import (  # noqa: E402
    dump_text,
    fixture_data,
    mutate_data,
    mutated_fixture,
    node_paths,
    render_case,
    render_sources,
)

FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")
HEADLINE = re.compile(
    r"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (error|warning|info): .*\[[a-z-]+\]$"
)
#: a runaway input is stopped here (the per-input bound counted is --timeout)
HARD_LIMIT = 60.0
MARK = "MKRzq"
SENTINEL = "zzSENTINELzz"
#: literals written into the text in place of one value (campaign only: the suite's
#: properties stay green, and the known problems have their own xfail tests)
HOSTILE_LITERALS = [
    "1" + "0" * 4400,  # more digits than Python's int-from-string limit
    "9" * 5000,
    "1e99999",
    "-1e-99999",
    "0o777",
    "0b101",
    "1_000",
    "0x_1F",
    "2024-13-45",
    "2001-12-14t21:59:43.10-05:00",
    "190:20:30",
    ".inf",
    "-.nan",
    "~",
    "!!binary aGVsbG8=",
    "!!python/object/apply:os.system [x]",
    "!!timestamp 2024-02-30",
    "!!int 0xZZ",
    "!!float abc",
    "!!bool maybe",
    "&x foo",
    "*undefined",
    "@param:" + "x" * 1000,
    "'unterminated",
    '"\\uD800"',
    '"\\U0010FFFF"',
    '"\\x00"',
    "- [a, {b: [c, {d: e}]}]",
    "{a: 1, a: 2}",
    "<<: *undefined",
    "? complex",
    "|\n  block\n   text",
]
#: rare: a long run of letters (the quadratic secret pattern; seconds per input)
LONG_LETTERS = "a" * 60_000


@dataclass
class Tally:
    inputs: Counter[str] = field(default_factory=Counter)
    problems: Counter[str] = field(default_factory=Counter)
    #: "problem: signature" -> (how many, the first input saved)
    signatures: dict[str, tuple[int, str]] = field(default_factory=dict)
    slowest: tuple[float, str] = (0.0, "")

    def record(self, problem: str, signature: str, saved: str) -> None:
        self.problems[problem] += 1
        key = f"{problem}: {signature}"
        count, first = self.signatures.get(key, (0, saved))
        self.signatures[key] = (count + 1, first)


class Campaign:
    def __init__(self, seed: int, timeout: float, save: Path) -> None:
        self.rnd = random.Random(seed)
        self.timeout = timeout
        self.save = save
        self.tally = Tally()
        self.network = 0
        self.count = 0

    # -- one input ------------------------------------------------------------------

    def run_input(
        self,
        target: str,
        files: dict[str, bytes],
        commands: list[list[str]],
        markers: tuple[str, ...] = (),
    ) -> None:
        self.count += 1
        self.tally.inputs[target] += 1
        with tempfile.TemporaryDirectory(prefix="speclint-fuzz-") as name:
            folder = Path(name)
            for file, raw in files.items():
                (folder / file).write_bytes(raw)
            before = _digests(folder)
            for args in commands:
                self._one(target, folder, files, args, markers)
            if _digests(folder, exclude=("out.",)) != before:
                self._problem("inputs modified", "an input changed", files, commands[0])

    def _one(
        self,
        target: str,
        folder: Path,
        files: dict[str, bytes],
        args: list[str],
        markers: tuple[str, ...],
    ) -> None:
        start = time.perf_counter()
        try:
            with time_limit(HARD_LIMIT):
                result = run(args, cwd=folder)
        except Overtime:
            self._problem("timeouts", f"over {HARD_LIMIT} s", files, args)
            return
        except Exception as err:  # a crash: the CLI let an exception out
            frame = traceback.extract_tb(err.__traceback__)[-1]
            where = f"{Path(frame.filename).name}:{frame.lineno}"
            self._problem("crashes", f"{type(err).__name__} at {where}", files, args)
            return
        seconds = time.perf_counter() - start
        if seconds > self.tally.slowest[0]:
            self.tally.slowest = (seconds, f"{target} {' '.join(args[:2])}")
        if seconds > self.timeout:
            self._problem("timeouts", f"{target} {args[0]}", files, args)
        if result.code == 3 or "internal error" in result.stderr:
            line = result.stderr.strip().splitlines()[-1] if result.stderr else ""
            self._problem(
                "crashes", _internal(line) + _where(folder, args), files, args
            )
        elif result.code == 2:
            line = result.stderr.strip().splitlines()[-1] if result.stderr else ""
            self._problem("usage exits", line[:120], files, args)
        self._positions(result, folder, files, args)
        for marker in markers:
            outputs = [result.stdout, result.stderr]
            outputs += [p.read_text(errors="replace") for p in folder.glob("out.*")]
            if any(marker in text for text in outputs):
                self._problem("secrets leaked", f"{args[0]} {args[1:3]}", files, args)
                break

    def _positions(
        self, result: Run, folder: Path, files: dict[str, bytes], args: list[str]
    ) -> None:
        sets = [args[i + 1] for i, arg in enumerate(args) if arg == "--set"]
        stream = result.stdout if args[0] == "check" else result.stderr
        for line in stream.splitlines():
            match = HEADLINE.match(line)
            if match is None:
                continue
            row, column, file = int(match["line"]), int(match["col"]), match["file"]
            if file == "--set":
                ok = 1 <= row <= len(sets) and 1 <= column <= len(sets[row - 1]) + 1
            elif (folder / file).is_file():
                ok = inside((folder / file).read_bytes(), row, column)
            else:
                ok = True  # a template's include or a catalog file elsewhere
            if not ok:
                rule = line.rsplit("[", 1)[-1]
                self._problem("positions outside", rule, files, args)

    def _problem(
        self, problem: str, signature: str, files: dict[str, bytes], args: list[str]
    ) -> None:
        case = self.save / f"{problem.replace(' ', '-')}-{self.count:06d}"
        if not case.exists():
            case.mkdir(parents=True)
            for file, raw in files.items():
                (case / file).write_bytes(raw)
        with open(case / "commands", "a", encoding="utf-8") as note:
            note.write("speclint " + " ".join(args) + f"    # {signature}\n")
        self.tally.record(problem, signature, str(case))

    # -- generators -------------------------------------------------------------------

    def check_mutated(self) -> None:
        _, text, suffix = mutated_fixture(self.rnd)
        fmt = self.rnd.choice(FORMATS)
        self.run_input(
            "check",
            {"spec" + suffix: text.encode("utf-8", "surrogatepass")},
            [["check", "--format", fmt, "--output", f"out.{fmt}", "spec" + suffix]],
        )

    def check_bytes_flipped(self) -> None:
        source, _ = self.rnd.choice(fixture_data())
        raw = bytearray((ROOT / source).read_bytes())
        for _ in range(self.rnd.randint(1, 8)):
            i = self.rnd.randrange(len(raw) or 1)
            op = self.rnd.random()
            if op < 0.4 and raw:
                raw[i] = self.rnd.randrange(256)
            elif op < 0.7:
                raw[i:i] = bytes([self.rnd.randrange(256)])
            elif raw:
                del raw[i]
        suffix = Path(source).suffix
        self.run_input(
            "check-bytes",
            {"spec" + suffix: bytes(raw)},
            [["check", "--format", "text", "spec" + suffix]],
        )

    def hostile_scalar(self) -> None:
        """A fixture with one value replaced, in the text, by a hostile literal."""
        _, data = self.rnd.choice(fixture_data())
        data = mutate_data(data, self.rnd, 0)
        paths = [p for p in node_paths(data) if p]
        if not paths:
            return
        path = self.rnd.choice(paths)
        node = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = SENTINEL
        text, suffix = dump_text(data, self.rnd)
        literal = (
            LONG_LETTERS
            if self.rnd.random() < 0.003
            else self.rnd.choice(HOSTILE_LITERALS)
        )
        quoted = f'"{SENTINEL}"' if suffix == ".json" else SENTINEL
        text = text.replace(quoted, literal, 1)
        self.run_input(
            "check-literal",
            {"spec" + suffix: text.encode("utf-8", "surrogatepass")},
            [["check", "--format", "text", "spec" + suffix]],
        )

    def render_mutated(self) -> None:
        spec, values = self.rnd.choice(render_sources())
        files, args = render_case(self.rnd, spec, values)
        encoded = {
            name: text.encode("utf-8", "surrogatepass") for name, text in files.items()
        }
        self.run_input("render", encoded, [["render", *args]])

    def secrets(self) -> None:
        spec, _ = self.rnd.choice(render_sources())
        steps = self.rnd.choice((0, 0, 1, 2))  # 0: an unchanged copy
        spec = mutate_data(spec, self.rnd, steps)
        markers = tuple(f"{MARK}{i}{self.count:06d}" for i in range(5))
        if not _inject_secrets(spec, markers):
            return
        spec_text, suffix = dump_text(spec, self.rnd)
        files = {"spec" + suffix: spec_text.encode()}
        given = {"parameters": {"build": {"hidden_marker_p": markers[1]}, "run": {}}}
        files["values.json"] = json.dumps(given).encode()
        fmt = self.rnd.choice(FORMATS)
        commands = [
            ["check", "--format", fmt, "--output", f"out.{fmt}", "spec" + suffix],
            ["render", "spec" + suffix, "--values", "values.json", "--explain"],
            [
                "render",
                "spec" + suffix,
                "--set",
                f"hidden_marker_p={markers[2]}",
                "--format",
                "json",
            ],
        ]
        self.run_input("secrets", files, commands, markers)

    def step(self) -> None:
        choice = self.rnd.random()
        if choice < 0.4:
            self.check_mutated()
        elif choice < 0.5:
            self.check_bytes_flipped()
        elif choice < 0.6:
            self.hostile_scalar()
        elif choice < 0.85:
            self.render_mutated()
        else:
            self.secrets()


def _inject_secrets(spec: Any, markers: tuple[str, ...]) -> bool:
    """A hidden string parameter (default and options markers), referenced from a step's
    env, next to a credential-named literal and a token-looking value. False when the
    mutated spec has no step to hold them."""
    if not isinstance(spec, dict):
        return False
    body = spec.get("body")
    config = body.get("config") if isinstance(body, dict) else None
    steps = config.get("steps") if isinstance(config, dict) else None
    if not isinstance(steps, dict):
        return False
    step = next((s for s in steps.values() if isinstance(s, dict)), None)
    if step is None:
        return False
    parameters = step.setdefault("parameters", {})
    if not isinstance(parameters, dict):
        return False
    env = parameters.setdefault("env", {})
    if not isinstance(env, dict):
        return False
    env["HIDDEN_VALUE"] = "@param:hidden_marker_p"
    env["DB_PASSWORD"] = markers[3]
    env["NOTE"] = "ghp_" + markers[4] + "x" * (36 - len(markers[4]))
    sections = spec.get("parameters")
    if not isinstance(sections, dict):
        sections = spec["parameters"] = {}
    build = sections.get("build")
    if not isinstance(build, list):
        build = sections["build"] = []
    build.append(
        {
            "name": "hidden_marker_p",
            "type": "string",
            "hideValue": True,
            "defaultValue": markers[0],
            "options": [
                {"title": "A", "value": markers[0]},
                {"title": "B", "value": markers[1]},
                {"title": "C", "value": markers[2]},
            ],
        }
    )
    return True


def _internal(line: str) -> str:
    """The exception type and message of an internal-error line, without file names."""
    match = re.search(r"internal error(?: while checking [^:]+)?: ([^;]+)", line)
    text = match.group(1) if match else line
    return re.sub(r"\d{3,}", "N", text)[:140]


def _where(folder: Path, args: list[str]) -> str:
    """ " at FILE:LINE", the innermost frame of the traceback ``--debug`` prints."""
    try:
        result = run([*args, "--debug"], cwd=folder)
    except Exception as err:
        frame = traceback.extract_tb(err.__traceback__)[-1]
        return f" at {Path(frame.filename).name}:{frame.lineno}"
    frames = re.findall(r'File "([^"]+)", line (\d+)', result.stderr)
    return f" at {Path(frames[-1][0]).name}:{frames[-1][1]}" if frames else ""


def _digests(folder: Path, exclude: tuple[str, ...] = ()) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(exclude)
    }


def _block_network(campaign: Campaign) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        campaign.network += 1
        raise OSError("the fuzz campaign blocks the network")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=2.0, help="seconds per input")
    parser.add_argument("--save", type=Path, help="where failing inputs go")
    options = parser.parse_args(argv)
    save = options.save or Path(tempfile.mkdtemp(prefix="speclint-fuzz-failures-"))
    cache = tempfile.mkdtemp(prefix="speclint-fuzz-cache-")
    os.environ["SPECLINT_CACHE_DIR"] = cache
    campaign = Campaign(options.seed, options.timeout, save)
    _block_network(campaign)
    deadline = time.monotonic() + options.minutes * 60
    started = time.monotonic()
    next_report = started + 60
    try:
        while time.monotonic() < deadline:
            campaign.step()
            if time.monotonic() > next_report:
                next_report += 60
                print(
                    f"  {(time.monotonic() - started) / 60:.0f} min: {campaign.count} "
                    f"inputs, problems {dict(campaign.tally.problems)}",
                    file=sys.stderr,
                )
    finally:
        minutes = (time.monotonic() - started) / 60
        shutil.rmtree(cache, ignore_errors=True)
    tally = campaign.tally
    for signature, (count, saved) in sorted(tally.signatures.items()):
        print(f"{count:6d}  {signature}  (first: {saved})")
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(tally.inputs.items()))
    counts = {
        name: tally.problems.get(name, 0)
        for name in (
            "crashes",
            "usage exits",
            "timeouts",
            "positions outside",
            "secrets leaked",
            "inputs modified",
        )
    }
    print(
        f"slowest input: {tally.slowest[0]:.2f} s ({tally.slowest[1]}); "
        f"failing inputs saved in {save}"
    )
    print(
        f"fuzz: {minutes:.1f} min, seed {options.seed}: {campaign.count} inputs "
        f"({kinds}); "
        + ", ".join(f"{name} {count}" for name, count in counts.items())
        + f", network attempts {campaign.network}"
    )
    return 1 if any(counts.values()) or campaign.network else 0


if __name__ == "__main__":
    sys.exit(main())
