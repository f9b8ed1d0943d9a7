"""Jinja rendering the way the peak CLI does it, with a line map back to the template.

The peak CLI renders every file with Jinja2 before parsing YAML: variables from
``-v/--params-file`` and ``-p/--params`` (``-p`` wins), environment variables as
``{{ os_env.NAME }}``, ``{% include %}`` searched in the working directory and then
beside the including files, indented to its column, and ``context:`` lines of included
files rewritten relative to the root file. It renders undefined variables as empty
strings; speclint renders them the same way and reports each one.

speclint renders in a sandbox, and an include may not leave the folder tree the check
runs in. Each template line carries an invisible marker through rendering, so every
rendered line is traced back to the file and line it came from.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from speclint.model import Location

_OPENERS = ("{{", "{%", "{#")
_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_MARK = "\ue000"  # a private-use character (not a line break anywhere); removed before parsing
_MARKED = re.compile(_MARK + r"(\d+):(\d+)" + _MARK)
_INCLUDE_LINE = re.compile(
    r"^(?P<prefix>.*?)(?P<tag>\{%[-+]?\s*include\s+(?P<args>.*?)[-+]?%\})(?P<rest>.*)$"
)
_CONTEXT_LINE = re.compile(r"^(\s*context\s*:\s+)(.+)$", re.MULTILINE)


_MARK_MESSAGE = (
    '"{name}" holds the private-use character U+E000, which speclint uses to trace '
    "rendered lines; it cannot render this template"
)
#: A template may render at most this many characters, in at most this many seconds.
_MAX_OUTPUT = 20 * 1024 * 1024
_MAX_SECONDS = 2.0


class TemplateLimit(Exception):
    """A template that renders too much or too long."""


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _bounded(chunks: Any) -> str:
    """Join rendered chunks, refusing more than _MAX_OUTPUT characters."""
    out: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > _MAX_OUTPUT:
            raise TemplateLimit(f"it renders to more than {_MAX_OUTPUT // 2**20} MiB")
        out.append(chunk)
    return "".join(out)


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Stop a render that runs too long (on the main thread, where signals reach)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise TemplateLimit(f"it takes longer than {seconds:g} s to render")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def is_template(text: str) -> bool:
    return any(opener in text for opener in _OPENERS)


@dataclass(frozen=True)
class TemplateProblem:
    rule: str
    file: str
    location: Location
    message: str


@dataclass
class Rendered:
    text: str
    #: rendered line (1-based, index + 1) -> (file, line, columns the line moved right)
    lines: list[tuple[str, int, int]] = field(default_factory=list)
    #: every template file read -> its lines (for showing source lines)
    sources: dict[str, list[str]] = field(default_factory=dict)
    problems: list[TemplateProblem] = field(default_factory=list)


@dataclass(frozen=True)
class Variables:
    """What a template may use: ``-v``/``-p`` values and the environment."""

    params: Mapping[str, Any] = field(default_factory=dict)
    environ: Mapping[str, str] = field(default_factory=dict)
    #: the folder includes are searched from first, and may not leave
    root: str = "."

    @classmethod
    def from_environment(
        cls, root: str | None = None, params: Mapping[str, Any] | None = None
    ) -> Variables:
        return cls(
            params=dict(params or {}), environ=dict(os.environ), root=root or "."
        )


def _relative(path: str) -> str:
    """A path as users see it: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


def render(
    text: str,
    name: str,
    variables: Variables,
    display: Callable[[str], str] = _relative,
) -> Rendered:
    """Render a template file's text; never raises for a bad template."""
    import jinja2
    import jinja2.meta
    from jinja2.sandbox import SandboxedEnvironment

    root = os.path.realpath(variables.root)
    files: list[str] = [display(name)]
    sources: dict[str, list[str]] = {display(name): text.splitlines()}
    problems: list[TemplateProblem] = []
    root_dir = os.path.dirname(os.path.abspath(name))
    search = [root, root_dir]

    def mark(source: str, index: int) -> str:
        return _add_markers(source, index)

    class Loader(jinja2.BaseLoader):
        def get_source(
            self, environment: jinja2.Environment, template: str
        ) -> tuple[str, str | None, Callable[[], bool] | None]:
            if template == "\x00root":
                return _indent_includes(mark(text, 0)), None, lambda: True
            for folder in list(search):
                candidate = os.path.realpath(os.path.join(folder, template))
                if os.path.isfile(candidate):
                    break
            else:
                searched = ", ".join(map(display, search))
                raise jinja2.TemplateNotFound(
                    template,
                    f'included file "{template}" not found (searched {searched})',
                )
            if os.path.commonpath([candidate, root]) != root:
                raise jinja2.TemplateNotFound(
                    template,
                    f'included file "{template}" is outside {display(root)}; speclint '
                    "reads includes only inside the folder it checks",
                )
            try:
                with open(candidate, encoding="utf-8") as handle:
                    included = handle.read()
            except (OSError, UnicodeDecodeError):
                raise jinja2.TemplateNotFound(
                    template, f'included file "{template}" cannot be read as UTF-8 text'
                ) from None
            if _MARK in included:
                raise jinja2.TemplateNotFound(
                    template, _MARK_MESSAGE.format(name=template)
                )
            folder = os.path.dirname(candidate)
            if folder not in search:
                search.append(folder)
            included = _rewrite_context(included, folder, root_dir)
            index = len(files)
            files.append(display(candidate))
            sources[display(candidate)] = included.splitlines()
            return _indent_includes(mark(included, index)), candidate, lambda: True

    undefined_names: list[tuple[str, int]] = []

    class Recorder(jinja2.ChainableUndefined):
        """Renders as the empty string, as the CLI's default Undefined does."""

        def __str__(self) -> str:
            return ""

    class Sandbox(SandboxedEnvironment):
        """No Python reaches the template, and no expression builds a huge value."""

        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            too_big = (
                _number(right)
                and _number(left)
                and (abs(right) > 64 or abs(left) > 2**64)
            )
            if operator == "**" and too_big:
                raise SecurityError("a power that large is not allowed here")
            if operator == "*":
                sized = [v for v in (left, right) if isinstance(v, (str, list, tuple))]
                counts = [v for v in (left, right) if _number(v)]
                if sized and counts and len(sized[0]) * abs(counts[0]) > _MAX_OUTPUT:
                    raise SecurityError("a repetition that large is not allowed here")
            return super().call_binop(context, operator, left, right)

    from jinja2.exceptions import SecurityError

    env = Sandbox(loader=Loader(), autoescape=False, undefined=Recorder)
    context: dict[str, Any] = dict(variables.params)
    context["os_env"] = dict(variables.environ)
    root_name = display(name)
    if _MARK in text:
        problems.append(
            TemplateProblem(
                "template-error",
                root_name,
                Location(1, 1),
                _MARK_MESSAGE.format(name=root_name),
            )
        )
        return Rendered("", [], sources, problems)
    try:
        source_root, _, _ = env.loader.get_source(env, "\x00root")  # type: ignore[union-attr]
        tree = env.parse(source_root)
        undefined_names.extend(_undefined(tree, context, jinja2))
        with _deadline(_MAX_SECONDS):
            output = _bounded(env.get_template("\x00root").generate(context))
    except jinja2.TemplateSyntaxError as err:
        file = display(err.filename) if err.filename else root_name
        problems.append(
            TemplateProblem(
                "template-error",
                file,
                Location(err.lineno or 1, 1),
                f"template syntax: {_plain(err.message)}",
            )
        )
        return Rendered("", [], sources, problems)
    except jinja2.TemplateNotFound as err:
        where = _include_at(text, str(err.name))
        problems.append(
            TemplateProblem(
                "template-error",
                root_name,
                where,
                _plain(str(err.message or err)),
            )
        )
        return Rendered("", [], sources, problems)
    except jinja2.TemplateError as err:
        problems.append(
            TemplateProblem(
                "template-error",
                root_name,
                Location(1, 1),
                f"template cannot be rendered: {_plain(str(err))}",
            )
        )
        return Rendered("", [], sources, problems)
    except TemplateLimit as err:
        problems.append(
            TemplateProblem(
                "template-error", root_name, Location(1, 1), f"template refused: {err}"
            )
        )
        return Rendered("", [], sources, problems)
    except RecursionError:
        problems.append(
            TemplateProblem(
                "template-error",
                root_name,
                Location(1, 1),
                "template includes or calls itself without end (the peak CLI refuses a "
                "circular include too)",
            )
        )
        return Rendered("", [], sources, problems)
    except Exception as err:  # any failure inside the template is the template's
        problems.append(
            TemplateProblem(
                "template-error",
                root_name,
                Location(1, 1),
                f"template cannot be rendered: {type(err).__name__}: {_plain(str(err))}",
            )
        )
        return Rendered("", [], sources, problems)
    for variable, line in undefined_names:
        if variable.startswith("os_env."):
            message = (
                f'environment variable "{variable[7:]}" is not set; the peak CLI would '
                "render it as an empty string"
            )
        else:
            message = (
                f'template variable "{variable}" is not defined; the peak CLI would render '
                "it as an empty string (give it with -v/--params-file or -p NAME=VALUE)"
            )
        source_line = (
            sources[root_name][line - 1] if line <= len(sources[root_name]) else ""
        )
        column = source_line.find(variable.split(".")[-1]) + 1 or 1
        problems.append(
            TemplateProblem(
                "template-undefined", root_name, Location(line, column), message
            )
        )
    clean, lines = _strip_markers(output, files, root_name, sources)
    return Rendered(clean, lines, sources, problems)


def _plain(message: str | None) -> str:
    text = (message or "").strip().rstrip(".")
    return text[:1].lower() + text[1:]


def _undefined(
    tree: Any, context: dict[str, Any], jinja2: Any
) -> list[tuple[str, int]]:
    """Names the template reads that nothing defines, with the line of each first use."""
    from jinja2 import meta, nodes

    free = meta.find_undeclared_variables(tree)
    found: list[tuple[str, int]] = []
    seen: set[str] = set()
    environ = context.get("os_env", {})
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
        if isinstance(node, (nodes.Getattr, nodes.Getitem)):
            target = node.node
            if isinstance(target, nodes.Name) and target.name == "os_env":
                key = (
                    node.attr
                    if isinstance(node, nodes.Getattr)
                    else getattr(node.arg, "value", None)
                )
                if (
                    isinstance(key, str)
                    and key not in environ
                    and f"os_env.{key}" not in seen
                ):
                    seen.add(f"os_env.{key}")
                    found.append((f"os_env.{key}", node.lineno))
            continue
        if (
            node.ctx == "load"
            and node.name in free
            and node.name not in context
            and node.name not in seen
        ):
            seen.add(node.name)
            found.append((node.name, node.lineno))
    return found


def _add_markers(text: str, file_index: int) -> str:
    """Put a marker at the end of every line that is not inside a Jinja tag."""
    out: list[str] = []
    inside: str | None = None
    line = 1
    i = 0
    length = len(text)
    while i < length:
        if inside is None:
            opener = text[i : i + 2]
            if opener in _CLOSERS:
                inside = _CLOSERS[opener]
                out.append(opener)
                i += 2
                continue
        elif text.startswith(inside, i):
            out.append(inside)
            i += 2
            inside = None
            continue
        char = text[i]
        if char == "\n":
            if inside is None:
                out.append(f"{_MARK}{file_index}:{line}{_MARK}")
            line += 1
        out.append(char)
        i += 1
    if inside is None and not text.endswith("\n"):
        out.append(f"{_MARK}{file_index}:{line}{_MARK}")
    return "".join(out)


def _indent_includes(text: str) -> str:
    """An include is indented to the column of its tag, as the peak CLI does it; the
    text after the tag on that line is dropped, as the peak CLI drops it."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        match = _INCLUDE_LINE.match(line)
        if match is None:
            continue
        prefix = match.group("prefix")
        marker = _MARKED.search(match.group("rest"))
        width = len(_MARKED.sub("", prefix))
        lines[index] = (
            f"{prefix}{{% filter indent({width}) %}}{{% include {match.group('args')} %}}"
            f"{{% endfilter %}}"
        )
        del marker
    return "\n".join(lines)


def _rewrite_context(text: str, folder: str, root_dir: str) -> str:
    """``context:`` values of an included file, made relative to the root file's folder."""

    def rewrite(match: re.Match[str]) -> str:
        value = match.group(2).strip().strip("'\"")
        return match.group(1) + os.path.relpath(os.path.join(folder, value), root_dir)

    return _CONTEXT_LINE.sub(rewrite, text)


def _strip_markers(
    output: str, files: list[str], root_name: str, sources: dict[str, list[str]]
) -> tuple[str, list[tuple[str, int, int]]]:
    """Rendered text without markers, and where each of its lines came from.

    A line copied from its template unchanged but moved right (an included file's
    lines, indented to the include's column) keeps its columns through the shift.
    """
    lines: list[tuple[str, int, int]] = []
    clean: list[str] = []
    last = (root_name, 1)
    for raw in output.split("\n"):
        match = _MARKED.search(raw)
        text = _MARKED.sub("", raw)
        shift = 0
        if match is not None:
            last = (files[int(match.group(1))], int(match.group(2)))
            template_lines = sources.get(last[0], [])
            if 0 < last[1] <= len(template_lines):
                original = template_lines[last[1] - 1]
                if original and text.endswith(original):
                    shift = len(text) - len(original)
        lines.append((*last, shift))
        clean.append(text)
    return "\n".join(clean), lines


def _include_at(text: str, name: str) -> Location:
    """Where the root file includes ``name`` (its first line when it does not)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if "include" in line and name in line:
            return Location(number, line.find("{%") + 1 or 1)
    return Location(1, 1)
