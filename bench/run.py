"""speclint against the floor (Python starting plus libyaml parsing) and its peers.

One run measures everything, interleaved: every round runs each measurement once (the
cold single-file pair several times, alternating), the order rotating from round to
round, so that a slow minute on a shared machine lands on all of them alike. Medians
over the rounds; ratios are ratios of medians from this same run.

    python3 -m pip install -r bench/requirements.txt   # check-jsonschema, yamllint
    python3 bench/run.py            # the real run: writes bench/RESULTS.md
    python3 bench/run.py --quick    # a smoke run: one round, fewer repetitions

Generated files go to --workdir (default: a temporary folder, removed afterwards);
nothing is written inside the repository but bench/RESULTS.md. A benchmark, not a
test: CI never runs it and nothing fails on speed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "RESULTS.md"
REQUIREMENTS = "bench/requirements.txt"

SINGLE_LINES = 300  # the cold single file and the warm re-check
BATCH = 1_000  # specs in the batch, deployments rendered
SCALE = (1_000, 10_000)  # steps of the two scaling specs
TARGETS = {
    "cold": 1.5,
    "batch": 2.5,
    "scale": 11.0,
    "warm_ms": 5.0,
    "cached": 0.5,
}
FLOOR_COLD = "import yaml; yaml.load(open('spec.yaml'), Loader=yaml.CSafeLoader)"
FLOOR_BATCH = (
    "import sys, yaml\n"
    "for path in sys.argv[1:]:\n"
    "    with open(path, 'rb') as handle:\n"
    "        yaml.compose(handle, Loader=yaml.CSafeLoader)\n"
)


class BenchError(Exception):
    """A measured command did not do what it should (wrong exit code, findings)."""


# -- running one command -------------------------------------------------------------


@dataclass
class Command:
    key: str
    argv: list[str]
    cwd: Path
    env: dict[str, str] | None = None
    expect: tuple[int, ...] = (0,)
    capture: bool = False  # stdout kept in logs/KEY.out
    json_out: bool = False  # stdout is a JSON payload (the in-process tasks)


@dataclass
class Sample:
    seconds: float
    rss_kib: int
    code: int
    payload: dict[str, Any] | None = None


#: A small process that starts every measured command and waits for it. Linux gives a
#: child the memory high-water mark of the process it was forked from, so children of
#: this (large) script would all report at least its size; the launcher stays ~10 MiB.
_LAUNCHER = r"""
import json, os, sys, time
flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
for line in sys.stdin:
    job = json.loads(line)
    null = os.open(os.devnull, os.O_RDONLY)
    out = os.open(job["stdout"], flags, 0o644)
    err = os.open(job["stderr"], flags, 0o644)
    actions = [(os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, out, 1),
               (os.POSIX_SPAWN_DUP2, err, 2)]
    os.chdir(job["cwd"])
    start = time.perf_counter()
    pid = os.posix_spawn(job["argv"][0], job["argv"], job["env"], file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    for fd in (null, out, err):
        os.close(fd)
    with open("/proc/self/status") as status_file:  # VmHWM: this process's own peak
        own = next((int(l.split()[1]) for l in status_file if l.startswith("VmHWM")), 0)
    print(json.dumps([seconds, usage.ru_maxrss, os.waitstatus_to_exitcode(status), own]),
          flush=True)
"""


class Launcher:
    """Runs commands one at a time: wall time and the child's own peak RSS (KiB)."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-S", "-c", _LAUNCHER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.own_kib = 0

    def run(self, command: Command, logs: Path) -> Sample:
        out_path = logs / f"{command.key}.out"
        err_path = logs / f"{command.key}.err"
        keep = command.capture or command.json_out
        job = {
            "argv": command.argv,
            "cwd": str(command.cwd),
            "env": command.env if command.env is not None else dict(os.environ),
            "stdout": str(out_path) if keep else os.devnull,
            "stderr": str(err_path),
        }
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise BenchError(f"{command.key}: the launcher stopped")
        seconds, rss_kib, code, own = json.loads(answer)
        self.own_kib = max(self.own_kib, own)
        if code not in command.expect:
            tail = err_path.read_text(errors="replace").strip().splitlines()[-5:]
            raise BenchError(
                f"{command.key}: exit code {code} (expected {command.expect}): "
                + " | ".join(tail)
            )
        payload = json.loads(out_path.read_text()) if command.json_out else None
        return Sample(seconds, rss_kib, code, payload)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


# -- the tools -------------------------------------------------------------------------


def _script(name: str) -> str | None:
    """A console script of this interpreter (not a pyenv shim: a shim is a shell
    script that starts pyenv first and would add tens of milliseconds), else PATH."""
    scripts = Path(sysconfig.get_path("scripts"))
    for candidate in (scripts / name, Path(sys.executable).parent / name):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found and "/shims/" in found:
        return None
    return found


@dataclass
class Speclint:
    argv: list[str]
    env: dict[str, str]
    how: str
    commit: str = ""
    help_text: str = ""

    @property
    def cache(self) -> bool:
        return "--cache-dir" in self.help_text

    @property
    def no_cache(self) -> list[str]:
        return ["--no-cache"] if "--no-cache" in self.help_text else []

    @property
    def jobs(self) -> bool:
        """Whether this speclint spreads many files over worker processes."""
        return "--jobs" in self.help_text


#: What pip writes as the `speclint` console script, pointed at the snapshot.
_CONSOLE_SCRIPT = """#!{python}
# -*- coding: utf-8 -*-
import re
import sys
sys.path.insert(0, {snapshot!r})
from speclint.main import main
if __name__ == "__main__":
    sys.argv[0] = re.sub(r"(-script\\.pyw|\\.exe)?$", "", sys.argv[0])
    sys.exit(main())
"""


def snapshot_speclint(root: Path) -> Speclint:
    """A copy of this checkout's speclint/ taken now, run through a console script
    like pip's: the tree may change while the benchmark runs (others work on it), and
    one run must measure one version."""
    snapshot = root / "snapshot"
    if snapshot.exists():
        shutil.rmtree(snapshot)
    shutil.copytree(
        REPO / "speclint",
        snapshot / "speclint",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    # byte-compiled, as `pip install` leaves a package: without it every run compiles
    # speclint from source when PYTHONDONTWRITEBYTECODE is set (as in some sandboxes)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(snapshot / "speclint")],
        check=True,
    )
    script = snapshot / "bin" / "speclint"
    script.parent.mkdir()
    script.write_text(
        _CONSOLE_SCRIPT.format(python=sys.executable, snapshot=str(snapshot))
    )
    script.chmod(0o755)
    commit = _git("rev-parse", "--short", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--", "speclint"))
    how = (
        "a console script like pip's running a copy of speclint/ taken at the start "
        f"(commit {commit}{', with uncommitted changes' if dirty else ''})"
    )
    return _with_help(Speclint([str(script)], dict(os.environ), how, commit=commit))


def _git(*args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(REPO), *args], capture_output=True, text=True, check=False
    )
    return done.stdout.strip()


def _with_help(speclint: Speclint) -> Speclint:
    speclint.help_text = subprocess.run(
        [*speclint.argv, "check", "--help"],
        env=speclint.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return speclint


def _version(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
    except OSError:
        return "not installed"
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[0] if text else "unknown"


def _dist(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


# -- the corpus ------------------------------------------------------------------------


@dataclass
class Corpus:
    root: Path
    single: Path
    single_lines: int
    single_steps: int
    batch: Path
    specs: list[str]  # relative to batch
    deployments: list[str]
    batch_lines: int
    scale: dict[int, Path]
    scale_lines: dict[int, int]
    schema: Path


def build_corpus(root: Path, speclint: Speclint, count: int) -> Corpus:
    sys.path.insert(0, str(REPO))
    from bench import corpus

    single = root / "single"
    single.mkdir(parents=True, exist_ok=True)
    block = corpus.spec_of_lines(SINGLE_LINES)
    (single / "spec.yaml").write_text(block.spec_text(), encoding="utf-8")
    (single / "deployment.yaml").write_text(block.deployment_text(), encoding="utf-8")
    batch = root / "batch"
    written = corpus.write_corpus(batch, count, seed=1)
    corpus.write_catalog(batch, written)
    scale: dict[int, Path] = {}
    for steps in SCALE:
        scale[steps] = corpus.write_block(
            root / "scale", steps, seed=1, stem=f"steps-{steps}"
        ).spec
    schema = root / "block-spec.schema.json"
    exported = subprocess.run(
        [*speclint.argv, "schema", "--kind", "block-spec"],
        env=speclint.env,
        capture_output=True,
        check=True,
    ).stdout
    schema.write_bytes(exported)
    return Corpus(
        root=root,
        single=single / "spec.yaml",
        single_lines=_lines(single / "spec.yaml"),
        single_steps=block.steps_count,
        batch=batch,
        specs=[w.spec.name for w in written],
        deployments=[w.deployment.name for w in written],
        batch_lines=sum(_lines(w.spec) for w in written),
        scale=scale,
        scale_lines={steps: _lines(path) for steps, path in scale.items()},
        schema=schema,
    )


def _lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


# -- the in-process tasks (run in a child interpreter, print JSON) ---------------------


def task_warm(root: Path, repetitions: int) -> dict[str, Any]:
    """What the language server does on each change: check the buffer's text."""
    sys.path.insert(0, str(root / "snapshot"))
    try:
        from speclint.server import check
    except ImportError:  # no pygls: the same call the server makes
        from speclint.engine import check_bytes
        from speclint.spec import Context
        from speclint.template import Variables

        def check(text: str, name: str, root: str) -> list[Any]:
            context = Context(root=root, variables=Variables.from_environment(root))
            return check_bytes(text.encode(), name, context=context).diagnostics

    spec = root / "single" / "spec.yaml"
    text = spec.read_text(encoding="utf-8")
    folder = str(spec.parent)
    findings = 0
    for i in range(20):  # warm-up: lazy imports, compiled schemas
        findings = len(check(f"{text}# edit {i}\n", str(spec), folder))
    times = []
    for i in range(repetitions):
        edited = f"{text}# edit {i}\n"  # a new text each time, as an editor sends
        start = time.perf_counter()
        check(edited, str(spec), folder)
        times.append(time.perf_counter() - start)
    times.sort()
    return {
        "median": statistics.median(times),
        "p90": times[int(len(times) * 0.9)],
        "min": times[0],
        "repetitions": repetitions,
        "findings": findings,
        "speclint": sys.modules["speclint"].__file__,
    }


def task_render(root: Path) -> dict[str, Any]:
    """render_file over every deployment of the batch, in one interpreter."""
    sys.path.insert(0, str(root / "snapshot"))
    import yaml

    from speclint.render import render_file

    batch = root / "batch"
    pairs = [
        (str(spec), str(spec.with_name(spec.name.replace(".spec.", ".deployment."))))
        for spec in sorted(batch.glob("*.spec.yaml"))
    ]
    start = time.perf_counter()
    for spec_path, values_path in pairs:
        for path in (spec_path, values_path):
            with open(path, "rb") as handle:
                yaml.compose(handle, Loader=yaml.CSafeLoader)
    parse = time.perf_counter() - start
    render_file(pairs[0][0], [pairs[0][1]], [])  # warm-up: lazy imports
    failures = 0
    start = time.perf_counter()
    for spec_path, values_path in pairs:
        rendered = render_file(spec_path, [values_path], [])
        if rendered.output is None or rendered.findings:
            failures += 1
    total = time.perf_counter() - start
    return {
        "total": total,
        "parse": parse,
        "count": len(pairs),
        "failures": failures,
        "speclint": sys.modules["speclint"].__file__,
    }


def task_scale(root: Path, first: int) -> dict[str, Any]:
    """check_bytes on the two scaling specs, after start-up and lazy imports."""
    sys.path.insert(0, str(root / "snapshot"))
    from speclint.engine import check_bytes

    check_bytes((root / "single" / "spec.yaml").read_bytes(), "spec.yaml")
    order = list(SCALE) if first == SCALE[0] else list(reversed(SCALE))
    out: dict[str, Any] = {}
    for steps in order:
        path = root / "scale" / f"steps-{steps}.spec.yaml"
        raw = path.read_bytes()
        start = time.perf_counter()
        result = check_bytes(raw, path.name)
        out[str(steps)] = time.perf_counter() - start
        out[f"findings-{steps}"] = len(result.diagnostics)
    out["speclint"] = sys.modules["speclint"].__file__
    return out


# -- the measurements ------------------------------------------------------------------


@dataclass
class Plan:
    corpus: Corpus
    speclint: Speclint
    cjs: str | None
    yamllint: str | None
    rounds: int
    cold_pairs: int
    warm_repetitions: int
    launcher: Launcher
    commands: dict[str, Command] = field(default_factory=dict)
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def make_commands(plan: Plan) -> None:
    c, s = plan.corpus, plan.speclint
    py = sys.executable
    uncached = s.no_cache
    this = str(Path(__file__).resolve())
    commands = [
        Command(
            "cold.speclint", [*s.argv, "check", *uncached, "spec.yaml"], c.single.parent
        ),
        Command("cold.floor", [py, "-c", FLOOR_COLD], c.single.parent),
        Command("cold.python", [py, "-c", "pass"], c.single.parent),
        Command("cold.nosite", [py, "-S", "-c", "pass"], c.single.parent),
        Command("batch.speclint", [*s.argv, "check", *uncached, *c.specs], c.batch),
        Command("batch.floor", [py, "-c", FLOOR_BATCH, *c.specs], c.batch),
    ]
    if s.jobs:
        commands.append(
            Command(
                "batch.onejob",
                [*s.argv, "check", *uncached, "--jobs", "1", *c.specs],
                c.batch,
            )
        )
    if plan.cjs:
        commands.append(
            Command(
                "batch.cjs",
                [plan.cjs, "--schemafile", str(c.schema), *c.specs],
                c.batch,
            )
        )
    if plan.yamllint:
        commands.append(
            Command(
                "batch.yamllint",
                [plan.yamllint, "-d", "default", "-f", "parsable", *c.specs],
                c.batch,
                expect=(0, 1),  # 1: it reports problems (see the notes)
            )
        )
    for steps, path in c.scale.items():
        commands.append(
            Command(
                f"scale.{steps}",
                [*s.argv, "check", *uncached, str(path)],
                path.parent,
            )
        )
    task = [py, this, "--workdir", str(c.root), "--task"]
    commands += [
        Command(
            "scale.inproc",
            [*task, "scale", "--first", str(SCALE[0])],
            c.root,
            s.env,
            json_out=True,
        ),
        Command("render.loop", [*task, "render"], c.root, s.env, json_out=True),
        Command(
            "render.cli",
            [
                *s.argv,
                "render",
                c.specs[0],
                "--values",
                c.deployments[0],
            ],
            c.batch,
        ),
        Command(
            "warm",
            [*task, "warm", "--repetitions", str(plan.warm_repetitions)],
            c.root,
            s.env,
            json_out=True,
        ),
    ]
    if s.cache:
        cache = c.root / "cache"
        commands.append(
            Command(
                "cached",
                [*s.argv, "check", "--cache-dir", str(cache), *c.specs],
                c.batch,
            )
        )
    for command in commands:
        if command.env is None:
            command.env = s.env
    plan.commands = {command.key: command for command in commands}


def check_setup(plan: Plan, logs: Path) -> None:
    """Each tool once, untimed: the corpus is clean, the peers accept it (this also
    warms the page cache and writes the .pyc files)."""
    c, s = plan.corpus, plan.speclint
    files = [*c.specs, *c.deployments]
    strict = Command(
        "setup.strict",
        [
            *s.argv,
            "check",
            "--strict",
            *s.no_cache,
            "--catalog",
            "catalog.yaml",
            *files,
        ],
        c.batch,
        s.env,
    )
    plan.launcher.run(strict, logs)
    plan.notes.append(
        f"The {len(c.specs):,} specs and their {len(c.deployments):,} deployments "
        "are clean under `speclint check --strict --catalog` (checked before timing)."
    )
    for key in ("cold.speclint", "cold.floor", "scale.1000", "batch.floor"):
        plan.launcher.run(plan.commands[key], logs)
    if "batch.cjs" in plan.commands:
        plan.launcher.run(plan.commands["batch.cjs"], logs)
        plan.notes.append(
            f"check-jsonschema validates the same {len(c.specs):,} specs against "
            "`speclint schema --kind block-spec` (draft-07) and passes them all."
        )
    if "batch.yamllint" in plan.commands:
        command = plan.commands["batch.yamllint"]
        probe = Command(
            "setup.yamllint", command.argv, command.cwd, command.env, (0, 1), True
        )
        plan.launcher.run(probe, logs)
        problems = (logs / "setup.yamllint.out").read_text().splitlines()
        kinds: dict[str, int] = {}
        for line in problems:
            rule = line.rsplit("(", 1)[-1].split(")")[0].split(" ")[0]
            kinds[rule] = kinds.get(rule, 0) + 1
        top = ", ".join(
            f"{n:,} {k}" for k, n in sorted(kinds.items(), key=lambda x: -x[1])
        )
        plan.notes.append(
            "yamllint runs with its default config (`-d default`, not relaxed) and "
            f"reports {len(problems):,} problems on the corpus ({top}); its output "
            "goes to /dev/null while timed."
        )
    if s.cache:
        plan.launcher.run(
            plan.commands["cached"], logs
        )  # the first run fills the cache
        plan.notes.append(
            "The cached row is a second run with `--cache-dir` over the same unchanged "
            "files; the cache was filled by an untimed first run."
        )


def measure(plan: Plan, logs: Path, say: Callable[[str], None]) -> None:
    keys = [k for k in plan.commands if not k.startswith("cold.")]
    blocks: list[str] = ["cold", *keys]
    for key in plan.commands:
        plan.samples[key] = []
    for round_index in range(plan.rounds):
        shift = round_index % len(blocks)
        order = blocks[shift:] + blocks[:shift]
        say(f"round {round_index + 1}/{plan.rounds}: {' '.join(order)}")
        for block in order:
            if block == "cold":
                group = ["cold.speclint", "cold.floor", "cold.python", "cold.nosite"]
                for pair in range(plan.cold_pairs):
                    shift = (pair + round_index) % len(group)
                    for key in group[shift:] + group[:shift]:
                        plan.samples[key].append(
                            plan.launcher.run(plan.commands[key], logs)
                        )
                continue
            command = plan.commands[block]
            if block == "scale.inproc":  # alternate which spec is checked first
                first = SCALE[round_index % 2]
                command.argv[-1] = str(first)
            plan.samples[block].append(plan.launcher.run(command, logs))


# -- the report ------------------------------------------------------------------------


def _median(plan: Plan, key: str) -> float | None:
    samples = plan.samples.get(key)
    return statistics.median(s.seconds for s in samples) if samples else None


def _payload_median(plan: Plan, key: str, field_name: str) -> float | None:
    samples = plan.samples.get(key)
    if not samples:
        return None
    return statistics.median(float((s.payload or {})[field_name]) for s in samples)


def _rss(plan: Plan, key: str) -> str:
    samples = plan.samples.get(key)
    if not samples:
        return ""
    return f"{statistics.median(s.rss_kib for s in samples) / 1024:.0f} MiB"


def _time(seconds: float | None) -> str:
    if seconds is None:
        return "not available"
    if seconds < 0.01:
        return f"{seconds * 1000:.2f} ms"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _x(ratio: float | None) -> str:
    return "" if ratio is None else f"{ratio:.2f}x"


def _met(ok: bool | None) -> str:
    return "" if ok is None else ("**yes**" if ok else "**no**")


def table(plan: Plan) -> list[str]:
    c = plan.corpus
    rows: list[tuple[str, str, str, str, str, str, str]] = []
    cold, cold_floor = _median(plan, "cold.speclint"), _median(plan, "cold.floor")
    r = _ratio(cold, cold_floor)
    rows.append(
        (
            f"cold single file ({c.single_lines} lines, {c.single_steps} steps)",
            "`speclint check spec.yaml`",
            _time(cold),
            _rss(plan, "cold.speclint"),
            f"{_x(r)} floor",
            f"≤ {TARGETS['cold']}x",
            _met(r is not None and r <= TARGETS["cold"]),
        )
    )
    rows.append(
        (
            "",
            "floor: `python -c \"import yaml; yaml.load(open('spec.yaml'), "
            'Loader=yaml.CSafeLoader)"`',
            _time(cold_floor),
            _rss(plan, "cold.floor"),
            "1.00x",
            "",
            "",
        )
    )
    python = _median(plan, "cold.python")
    rows.append(
        (
            "",
            "reference: Python start-up alone, `python -c pass`",
            _time(python),
            _rss(plan, "cold.python"),
            f"{_x(_ratio(python, cold_floor))} floor",
            "",
            "",
        )
    )
    nosite = _median(plan, "cold.nosite")
    rows.append(
        (
            "",
            "reference: no `site` (so no `.pth` files), `python -S -c pass`",
            _time(nosite),
            _rss(plan, "cold.nosite"),
            f"{_x(_ratio(nosite, cold_floor))} floor",
            "",
            "",
        )
    )
    batch, floor = _median(plan, "batch.speclint"), _median(plan, "batch.floor")
    r = _ratio(batch, floor)
    rows.append(
        (
            f"batch: {len(c.specs):,} specs, {c.batch_lines:,} lines, one invocation",
            f"`speclint check <{len(c.specs):,} files>`",
            _time(batch),
            _rss(plan, "batch.speclint"),
            f"{_x(r)} floor",
            f"≤ {TARGETS['batch']}x",
            _met(r is not None and r <= TARGETS["batch"]),
        )
    )
    onejob = _median(plan, "batch.onejob")
    if onejob is not None:
        rows.append(
            (
                "",
                f"same in one process: `speclint check --jobs 1 <{len(c.specs):,} files>`",
                _time(onejob),
                _rss(plan, "batch.onejob"),
                f"{_x(_ratio(onejob, floor))} floor",
                "",
                "",
            )
        )
    rows.append(
        (
            "",
            "floor: one interpreter, `yaml.compose(f, Loader=yaml.CSafeLoader)` per file",
            _time(floor),
            _rss(plan, "batch.floor"),
            "1.00x",
            "",
            "",
        )
    )
    peers = []
    for key, label in (
        ("batch.cjs", "`check-jsonschema --schemafile block-spec.schema.json <files>`"),
        ("batch.yamllint", "`yamllint -d default <files>`"),
    ):
        t = _median(plan, key)
        peers.append(t)
        shown = _time(t) if key in plan.commands else "not installed"
        rows.append(
            (
                "",
                label,
                shown,
                _rss(plan, key),
                f"{_x(_ratio(t, floor))} floor" if t else "",
                "",
                "",
            )
        )
    known = [p for p in peers if p is not None]
    faster = batch is not None and len(known) == 2 and all(batch < p for p in known)
    rows.append(
        (
            "batch vs. peers",
            "speclint time / peer time",
            "",
            "",
            " · ".join(
                f"{_x(_ratio(batch, p))} {name}"
                for p, name in zip(peers, ("check-jsonschema", "yamllint"), strict=True)
                if p is not None
            )
            or "peers not installed",
            "faster than both",
            _met(faster if len(known) == 2 else None),
        )
    )
    small, large = (_median(plan, f"scale.{n}") for n in SCALE)
    r = _ratio(large, small)
    for n, t in zip(SCALE, (small, large), strict=True):
        rows.append(
            (
                "scaling" if n == SCALE[0] else "",
                f"`speclint check` one spec of {n:,} steps ({c.scale_lines[n]:,} lines)",
                _time(t),
                _rss(plan, f"scale.{n}"),
                "",
                "",
                "",
            )
        )
    rows.append(
        (
            "",
            f"{SCALE[1]:,} / {SCALE[0]:,} steps, whole command (linear is 10)",
            "",
            "",
            _x(r),
            f"≤ {TARGETS['scale']:g}x",
            _met(r is not None and r <= TARGETS["scale"]),
        )
    )
    small_in = _payload_median(plan, "scale.inproc", str(SCALE[0]))
    large_in = _payload_median(plan, "scale.inproc", str(SCALE[1]))
    r_in = _ratio(large_in, small_in)
    rows.append(
        (
            "",
            f"same, `check_bytes` in process (no start-up): {_time(small_in)} → "
            f"{_time(large_in)}",
            "",
            _rss(plan, "scale.inproc"),
            _x(r_in),
            f"≤ {TARGETS['scale']:g}x",
            _met(r_in is not None and r_in <= TARGETS["scale"]),
        )
    )
    total = _payload_median(plan, "render.loop", "total")
    parse = _payload_median(plan, "render.loop", "parse")
    rows.append(
        (
            f"render {len(c.deployments):,} deployments",
            "`speclint.render.render_file(spec, [deployment], [])` loop, one interpreter",
            f"{_time(total)} ({_time(total / len(c.deployments) if total else None)} each)",
            _rss(plan, "render.loop"),
            f"{_x(_ratio(total, parse))} composing the same "
            f"{2 * len(c.deployments):,} files in process",
            "",
            "",
        )
    )
    rows.append(
        (
            "",
            "one CLI render: `speclint render spec.yaml --values deployment.yaml`",
            _time(_median(plan, "render.cli")),
            _rss(plan, "render.cli"),
            "",
            "",
            "",
        )
    )
    warm = _payload_median(plan, "warm", "median")
    p90 = _payload_median(plan, "warm", "p90")
    rows.append(
        (
            f"warm re-check ({c.single_lines} lines) in one process",
            f"`speclint.server.check(text, ...)`, median of {plan.warm_repetitions} "
            f"after a warm-up (p90 {_time(p90)})",
            _time(warm),
            _rss(plan, "warm"),
            "",
            f"≤ {TARGETS['warm_ms']:g} ms",
            _met(warm is not None and warm * 1000 <= TARGETS["warm_ms"]),
        )
    )
    cached = _median(plan, "cached")
    r = _ratio(cached, floor)
    rows.append(
        (
            f"second run, {len(c.specs):,} unchanged files, cached",
            f"`speclint check --cache-dir DIR <{len(c.specs):,} files>`",
            _time(cached) if plan.speclint.cache else "not available",
            _rss(plan, "cached"),
            f"{_x(r)} batch floor" if r else "",
            f"≤ {TARGETS['cached']}x",
            _met(r <= TARGETS["cached"] if r is not None else None),
        )
    )
    head = (
        "measure",
        "command",
        "median",
        "peak RSS",
        "ratio",
        "target",
        "met",
    )
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def environment(plan: Plan, load: tuple[Sequence[float], Sequence[float]]) -> list[str]:
    import yaml

    try:
        from yaml import _yaml  # type: ignore[attr-defined]

        libyaml = f"libyaml {_yaml.get_version_string()}"
    except (ImportError, AttributeError):
        libyaml = "no libyaml"
    cpu = "unknown"
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    os_name = platform.platform()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = f"{line.split('=', 1)[1].strip(chr(34))}, Linux {platform.release()}"
    except OSError:
        pass
    sys.path.insert(0, str(plan.corpus.root / "snapshot"))
    import speclint

    return [
        f"- machine: {cpu}, {os.cpu_count()} cores, {memory} memory",
        f"- OS: {os_name}",
        f"- Python: {platform.python_implementation()} {platform.python_version()} "
        f"(`{sys.executable}`)",
        f"- speclint {speclint.__version__}, run as {plan.speclint.how}",
        f"- PyYAML {yaml.__version__}, "
        + (f"C loader in use ({libyaml})" if yaml.__with_libyaml__ else "pure Python"),
        f"- jsonschema {_dist('jsonschema')}, click {_dist('click')}",
        "- check-jsonschema "
        + (
            _version([plan.cjs, "--version"]).split()[-1]
            if plan.cjs
            else "not installed"
        ),
        "- yamllint "
        + (
            _version([plan.yamllint, "--version"]).split()[-1]
            if plan.yamllint
            else "not installed"
        ),
        f"- load average (1, 5, 15 min) at start {_load(load[0])}, at end {_load(load[1])}",
        "- `.pth` files run by every interpreter start (the floor's too): "
        + (", ".join(f"`{name}`" for name in _pth_files()) or "none"),
    ]


def _pth_files() -> list[str]:
    import site

    found: set[str] = set()
    for folder in site.getsitepackages():
        found.update(p.name for p in Path(folder).glob("*.pth"))
    return sorted(found)


def _load(values: Sequence[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def report(
    plan: Plan, load: tuple[Sequence[float], Sequence[float]], quick: bool
) -> str:
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    method = (
        f"{plan.rounds} rounds; each round runs every measurement once and the cold "
        f"group (speclint, floor and the two start-up references) {plan.cold_pairs} "
        "times (rotating which goes first), the order of "
        "the measurements rotating from round to round; medians over all samples. "
        "Peak RSS: `ru_maxrss` of each child from `os.wait4` (the per-process "
        "figure that `getrusage(RUSAGE_CHILDREN)` aggregates; `/usr/bin/time` is not "
        "used, so timings carry no wrapper), median over samples."
    )
    lines = [
        "# speclint benchmark results",
        "",
        f"Written by `python bench/run.py{' --quick' if quick else ''}` on {when}. "
        "A benchmark, not a test: numbers of one run on one machine.",
        "",
        *environment(plan, load),
        "",
        *table(plan),
        "",
        "## How",
        "",
        f"- {method}",
        "- speclint's snapshot is byte-compiled (`compileall`) as `pip install` "
        "leaves an installed package"
        + (
            " (this environment sets PYTHONDONTWRITEBYTECODE=1: without that step "
            "every run would compile speclint's modules from source)"
            if os.environ.get("PYTHONDONTWRITEBYTECODE")
            else ""
        )
        + ".",
        "- Cold and batch runs pass "
        + (
            "`--no-cache`, so they measure checking, not the result cache."
            if plan.speclint.no_cache
            else "no cache option (this speclint has none)."
        ),
        *(
            [
                "- The batch row is speclint as users run it: many files are spread "
                f"over one worker process per CPU ({os.cpu_count()} here, forked "
                "after start-up); the row under it is the same run with `--jobs 1`. "
                "The floor is one process either way."
            ]
            if plan.speclint.jobs
            else []
        ),
        "- The warm re-check appends a different comment to the text each time, as "
        "an editor sends a changed buffer, so no cache keyed on the text can answer.",
        "- The corpus comes from `bench/corpus.py` (seeded): workflow block specs "
        "with all four step types, a DAG of parents, images by reference and inline, "
        "cron triggers, watchers of the three kinds, build parameters of the seven "
        "types referenced by `@param:` and run parameters with options and conditions.",
        *[f"- {note}" for note in plan.notes],
        "",
    ]
    return "\n".join(lines)


# -- main ------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark speclint against the floor and its peers."
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    parser.add_argument(
        "--workdir", type=Path, help="where generated files go (default: a temp folder)"
    )
    parser.add_argument("--rounds", type=int, help="rounds (default 5, --quick 1)")
    parser.add_argument(
        "--corpus-only",
        action="store_true",
        help="write the corpus to --workdir and stop (for profiling by hand)",
    )
    parser.add_argument(
        "--batch", type=int, default=BATCH, help=f"specs in the batch (default {BATCH})"
    )
    parser.add_argument(
        "--task", choices=("warm", "render", "scale"), help=argparse.SUPPRESS
    )
    parser.add_argument("--repetitions", type=int, default=200, help=argparse.SUPPRESS)
    parser.add_argument("--first", type=int, default=SCALE[0], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.task:
        root = args.workdir
        if args.task == "warm":
            payload = task_warm(root, args.repetitions)
        elif args.task == "render":
            payload = task_render(root)
        else:
            payload = task_scale(root, args.first)
        print(json.dumps(payload))
        return 0

    def say(text: str) -> None:
        print(f"[bench] {text}", file=sys.stderr, flush=True)

    temporary = args.workdir is None
    root = (
        Path(tempfile.mkdtemp(prefix="speclint-bench-")) if temporary else args.workdir
    )
    root = root.resolve()
    if root == REPO or REPO in root.parents:
        parser.error("--workdir must be outside the repository")
    root.mkdir(parents=True, exist_ok=True)
    try:
        return _run(args, root, say)
    finally:
        if temporary:
            shutil.rmtree(root, ignore_errors=True)


def _run(args: argparse.Namespace, root: Path, say: Callable[[str], None]) -> int:
    launcher = Launcher()  # first, while this process is small
    try:
        return _prepare(args, root, say, launcher)
    finally:
        launcher.close()


def _prepare(
    args: argparse.Namespace, root: Path, say: Callable[[str], None], launcher: Launcher
) -> int:
    load_start = os.getloadavg()
    speclint = snapshot_speclint(root)
    say(f"speclint: {speclint.how}")
    cjs, yamllint = _script("check-jsonschema"), _script("yamllint")
    if cjs is None or yamllint is None:
        missing = [
            n for n, p in (("check-jsonschema", cjs), ("yamllint", yamllint)) if not p
        ]
        say(
            f"{' and '.join(missing)} not installed: their rows stay empty; "
            f"install the peers with `python3 -m pip install -r {REQUIREMENTS}`"
        )
    say(f"writing the corpus to {root}")
    started = time.perf_counter()
    corpus_ = build_corpus(root, speclint, args.batch)
    say(
        f"corpus: {len(corpus_.specs):,} specs ({corpus_.batch_lines:,} lines), "
        f"{corpus_.single_lines}-line single spec, scaling specs "
        + ", ".join(f"{n:,} lines" for n in corpus_.scale_lines.values())
        + f" in {time.perf_counter() - started:.1f} s"
    )
    if args.corpus_only:
        return 0
    quick = args.quick
    plan = Plan(
        corpus=corpus_,
        speclint=speclint,
        cjs=cjs,
        yamllint=yamllint,
        rounds=args.rounds or (1 if quick else 5),
        cold_pairs=3 if quick else 10,
        warm_repetitions=200 if quick else 500,
        launcher=launcher,
    )
    return _measure_and_report(plan, root, quick, load_start, say)


def _measure_and_report(
    plan: Plan,
    root: Path,
    quick: bool,
    load_start: tuple[float, float, float],
    say: Callable[[str], None],
) -> int:
    speclint = plan.speclint
    make_commands(plan)
    logs = root / "logs"
    logs.mkdir(exist_ok=True)
    say("checking the setup (untimed): corpus clean, peers accept it")
    check_setup(plan, logs)
    if not speclint.cache:
        say("speclint check has no --cache-dir: the cached row is 'not available'")
    measure(plan, logs, say)
    for sample in plan.samples.get("render.loop", []):
        if sample.payload and sample.payload["failures"]:
            raise BenchError(f"render: {sample.payload['failures']} renders failed")
    for sample in plan.samples.get("warm", []):
        if sample.payload and sample.payload["findings"]:
            raise BenchError("warm: the 300-line spec has findings")
    plan.notes.append(
        "Every measured command is started by a small launcher process (`python -S`, "
        f"{plan.launcher.own_kib / 1024:.0f} MiB) with `posix_spawn`, timed there and "
        "reaped with `os.wait4`; a child's peak RSS starts at its launcher's size, so "
        "readings are exact above that."
    )
    for key in ("warm", "render.loop", "scale.inproc"):
        for sample in plan.samples.get(key, []):
            imported = Path((sample.payload or {}).get("speclint", ""))
            if root / "snapshot" not in imported.parents:
                raise BenchError(f"{key} imported speclint from {imported}")
    commit = _git("rev-parse", "--short", "HEAD")
    if commit != speclint.commit:
        plan.notes.append(
            f"The checkout moved from {speclint.commit} to {commit} during the run; "
            "every number is of the snapshot taken at the start."
        )
    text = report(plan, (load_start, os.getloadavg()), quick)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    say(f"wrote {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
