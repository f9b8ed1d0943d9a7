"""A typed, read-only view of one loaded Press file, built once and shared by the rules."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from speclint import params
from speclint.kinds import BLOCK_SPEC_KINDS, KINDS, Detected, Kind, body_key, snake
from speclint.load import Document
from speclint.model import Path
from speclint.params import ParamDef

if TYPE_CHECKING:
    from speclint.catalog import Catalog
    from speclint.template import Variables


def dig(data: Any, path: Path, default: Any = None) -> Any:
    """The value at ``path`` inside ``data``, or ``default``."""
    node = data
    for part in path:
        if isinstance(node, dict) and isinstance(part, str):
            if part not in node:
                return default
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int):
            if not 0 <= part < len(node):
                return default
            node = node[part]
        else:
            return default
    return node


class Context(NamedTuple):
    """What a check may know beyond the file.

    ``catalog``: block spec ids -> files (for checks across files); ``root``: the folder
    that relative local paths (``artifact.path``) are resolved against, as the peak CLI
    resolves them against its working directory (None: the working directory).
    """

    catalog: Catalog | None = None
    root: str | None = None
    #: template variables (``-v``/``-p``) and environment, for files with Jinja
    variables: Variables | None = None


class Ref(NamedTuple):
    name: str
    path: Path


class Entry(NamedTuple):
    """A named item of a map in the file (a step, an image)."""

    name: str
    path: Path
    value: Any


#: the context of a spec made without one (a named tuple, so one can be shared)
_NO_CONTEXT = Context()


class Spec:
    # no __slots__: the cached properties keep their values in the instance's __dict__

    def __init__(
        self,
        doc: Document,
        detected: Detected,
        context: Context = _NO_CONTEXT,
        memo: dict[str, Any] | None = None,
    ) -> None:
        self.doc = doc
        self.detected = detected
        self.context = context
        #: per-spec memo for rule families that share one expensive pass (schema
        #: validation)
        self.memo: dict[str, Any] = memo if memo is not None else {}

    @property
    def kind(self) -> Kind:
        return KINDS[self.detected.kind]

    @property
    def kind_id(self) -> str:
        return self.detected.kind

    @property
    def cli(self) -> bool:
        return self.detected.layout == "cli"

    @property
    def data(self) -> Any:
        return self.doc.data

    @cached_property
    def body_path(self) -> Path:
        if self.cli:
            key = body_key(self.data)
            return (key,) if key is not None else ()
        return ()

    @cached_property
    def body(self) -> dict[str, Any]:
        value = self.get(self.body_path)
        return value if isinstance(value, dict) else {}

    def get(self, path: Path, default: Any = None) -> Any:
        return dig(self.data, path, default)

    # -- command-level keys ------------------------------------------------------------

    def command_path(self, name: str) -> Path | None:
        """Where a command-level key (``scope``, ``parameters``, ...) is in this file.

        In the CLI layout it sits at the top (any spelling the CLI converts to the same
        snake_case name); in a bare body, next to ``config``.
        """
        if self.cli:
            wanted = snake(name)
            for key in self.data:
                if snake(key) == wanted:
                    return (key,)
            return None
        return (name,) if name in self.body else None

    def command_value(self, name: str, default: Any = None) -> Any:
        path = self.command_path(name)
        return default if path is None else self.get(path, default)

    # -- parameters --------------------------------------------------------------------

    @cached_property
    def params_path(self) -> Path | None:
        return self.command_path("parameters")

    @cached_property
    def definitions(self) -> tuple[ParamDef, ...]:
        """Every build and run definition in file order (duplicates included)."""
        if self.params_path is None or self.kind_id not in (
            "block-spec",
            "block-spec-release",
            "app-spec",
            "app-spec-release",
        ):
            return ()
        found: list[ParamDef] = []
        sections = self.get(self.params_path)
        if not isinstance(sections, dict):
            return ()
        for section in ("build", "run"):
            items = sections.get(section)
            if not isinstance(items, list):
                continue
            for index, raw in enumerate(items):
                definition = params.read_definition(
                    raw, (*self.params_path, section, index), section
                )
                if definition is not None:
                    found.append(definition)
        return tuple(found)

    def declared(self, section: str) -> dict[str, ParamDef]:
        """name -> first definition in that section."""
        out: dict[str, ParamDef] = {}
        for definition in self.definitions:
            if definition.section == section:
                out.setdefault(definition.name, definition)
        return out

    # -- config ------------------------------------------------------------------------

    @property
    def name(self) -> str | None:
        """``metadata.name`` of the body (a block's name in app deployments)."""
        metadata = self.body.get("metadata")
        name = metadata.get("name") if isinstance(metadata, dict) else None
        return name if isinstance(name, str) else None

    @property
    def is_block_spec(self) -> bool:
        return self.kind_id in BLOCK_SPEC_KINDS

    @cached_property
    def config_path(self) -> Path:
        return (*self.body_path, "config")

    @cached_property
    def config(self) -> Any:
        return self.body.get("config")

    @cached_property
    def is_service(self) -> bool:
        kind = self.body.get("kind")
        if kind in ("workflow", "service"):
            return bool(kind == "service")
        config = self.config
        if not isinstance(config, dict) or "steps" in config:
            return False
        return bool(
            set(config)
            & {"serviceType", "image", "imageDetails", "entrypoint", "healthCheckURL"}
        )

    @cached_property
    def strings(self) -> tuple[tuple[Path, str], ...]:
        """Every string value inside a block's config, with its path (one walk)."""
        if not self.is_block_spec or self.config is None:
            return ()
        found: list[tuple[Path, str]] = []
        stack: list[tuple[Path, Any]] = [(self.config_path, self.config)]
        while stack:
            path, node = stack.pop()
            if isinstance(node, str):
                found.append((path, node))
            elif isinstance(node, dict):
                stack.extend(((*path, k), v) for k, v in node.items())
            elif isinstance(node, list):
                stack.extend(((*path, i), v) for i, v in enumerate(node))
        found.reverse()
        return tuple(found)

    @cached_property
    def refs(self) -> tuple[Ref, ...]:
        """Whole-value ``@param:`` references in config."""
        out = []
        for path, text in self.strings:
            name = params.whole_ref(text)
            if name is not None:
                out.append(Ref(name, path))
        return tuple(out)

    def entries(self, *keys: str) -> Iterator[Entry]:
        """The named items of a map under config (``steps``, ``images``)."""
        node = self.config
        path = self.config_path
        for key in keys:
            if not isinstance(node, dict):
                return
            node = node.get(key)
            path = (*path, key)
        if isinstance(node, dict):
            for name, value in node.items():
                yield Entry(name, (*path, name), value)

    def workflow_items(self, key: str) -> Iterator[tuple[int, Path, dict[str, Any]]]:
        """(1-based number, path, mapping) of each item of a workflow's config list
        (``triggers``, ``watchers``); nothing when the list is absent, a whole
        ``@param:`` reference, or of a type the schema reports."""
        if (
            not self.is_block_spec
            or self.is_service
            or not isinstance(self.config, dict)
        ):
            return
        items = self.config.get(key)
        if not isinstance(items, list):
            return
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield index + 1, (*self.config_path, key, index), item

    @cached_property
    def steps(self) -> tuple[Entry, ...]:
        if not self.is_block_spec or self.is_service:
            return ()
        return tuple(self.entries("steps"))
