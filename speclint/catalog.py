"""The catalog: block spec ids -> local spec files, for checks that cross files.

```yaml
specs:
  0bddb4c6-40c5-45c3-b477-fceb2c051609: blocks/forecast/spec.yaml   # relative to this file
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from speclint.kinds import detect
from speclint.load import load_bytes

if TYPE_CHECKING:
    from speclint.spec import Spec


class CatalogError(Exception):
    """The catalog cannot be used: a usage problem, reported in one line."""


@dataclass
class Catalog:
    path: Path
    entries: dict[str, Path]
    _specs: dict[str, Spec | None] = field(default_factory=dict)

    def __contains__(self, spec_id: object) -> bool:
        return spec_id in self.entries

    def spec(self, spec_id: str) -> Spec | None:
        """The spec file the catalog names for an id (None when it is no Press spec)."""
        from speclint.spec import Context, Spec

        if spec_id not in self._specs:
            file = self.entries[spec_id]
            doc = load_bytes(file.read_bytes(), str(file))
            detected = detect(doc.data)
            self._specs[spec_id] = (
                Spec(doc, detected, Context()) if detected is not None else None
            )
        return self._specs[spec_id]


def load_catalog(path: str) -> Catalog:
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as err:
        raise CatalogError(
            f"cannot read catalog {path}: {err.strerror or err}"
        ) from None
    doc = load_bytes(raw, path)
    if doc.problems and doc.data is None:
        first = doc.problems[0]
        raise CatalogError(
            f"catalog {path}:{first.location.line}:{first.location.column}: {first.message}"
        )
    specs = doc.data.get("specs") if isinstance(doc.data, dict) else None
    if not isinstance(specs, dict):
        raise CatalogError(
            f'catalog {path}: expected a mapping "specs: {{spec id: file}}"'
        )
    entries: dict[str, Path] = {}
    for spec_id, target in specs.items():
        if not isinstance(target, str) or not target:
            raise CatalogError(
                f'catalog {path}: the file for "{spec_id}" must be a path'
            )
        resolved = (file.parent / target).resolve()
        if not resolved.is_file():
            raise CatalogError(
                f'catalog {path}: "{spec_id}" names {target}, which is not a file'
            )
        entries[spec_id] = resolved
    return Catalog(file, entries)
