"""A deterministic generator of realistic Peak Press files for the benchmarks.

``Block(steps, seed)`` is one workflow block: its spec (``spec_text``) and a block
deployment giving values for it (``deployment_text``). The same ``(steps, seed)``
always gives the same bytes. Every spec is clean under ``speclint check --strict``:

- all four step types (from 5 steps on: the first five are a standard step on a
  shared image, a sql step, an http step, a standard step with an inline image and
  an export step), parents forming a DAG (each step names earlier steps only),
  conditions on parents' output parameters and on parents' statuses;
- ``config.images`` used through ``imageRef``, inline images, and an existing image
  (``imageDetails``) in private blocks;
- a cron trigger (valid 5-field expression), sometimes a webhook trigger;
- watchers of all three kinds (user, webhook, email);
- build parameters of all seven types, each referenced as a whole value
  (``"@param:NAME"``) in a field of its type, their number growing with the steps;
- run parameters with options and conditions (basic and composite, one hidden).

No ``artifact`` key: the local-file rules (which read the block's folder) do not
apply, so a spec can be checked wherever it is written.

Run as a script to write a corpus: ``python bench/corpus.py OUT --count 20``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# -- vocabulary -------------------------------------------------------------------------

_DOMAINS = (
    "demand",
    "pricing",
    "inventory",
    "churn",
    "supply",
    "markdown",
    "assortment",
    "promotion",
    "replenishment",
    "footfall",
)
_NOUNS = (
    "sales",
    "stores",
    "skus",
    "promotions",
    "weather",
    "holidays",
    "prices",
    "returns",
    "orders",
    "customers",
    "suppliers",
    "shipments",
    "baskets",
    "margins",
    "stock",
)
_VERBS = {
    "standard": ("train", "score", "clean", "aggregate", "validate", "featurise"),
    "sql": ("extract", "stage", "merge", "dedupe", "snapshot"),
    "http": ("fetch", "notify", "acknowledge", "refresh"),
    "export": ("export", "publish"),
}
_CRONS = (
    "0 4 * * 1",
    "30 2 * * *",
    "*/15 * * * *",
    "0 6 1 * *",
    "15 3 * * 1-5",
    "0 */6 * * *",
    "45 23 * * 0",
)
_TENANTS = ("acme-retail-uk", "acme-retail-ie", "acme-retail-fr", "acme-retail-de")
_SECRETS = ("snowflake-reader", "snowflake-writer", "erp-service-account", "s3-reader")
_INSTANCES = ((20, "Small (1 CPU, 2 GB)"), (21, "Medium (2 CPU, 8 GB)"))
_INSTANCES += ((22, "Large (4 CPU, 16 GB)"), (23, "X-Large (8 CPU, 32 GB)"))
_STORAGE = ("10GB", "20GB", "50GB", "100GB")
_PEOPLE = ("priya.shah", "tomas.byrne", "amara.okafor", "li.wei", "jonas.berg")
_MAIL = "acme-retail.example"

#: a value that ``"@param:NAME"`` fills, by the role of the field (role -> type)
_ROLE_TYPES = {
    "command": "string",
    "storage": "string",
    "instance": "number",
    "timeout": "number",
    "runtime_alert": "number",
    "use_cache": "boolean",
    "compress": "boolean",
    "secrets": "string_array",
    "recipients": "string_array",
    "exit_codes": "number_array",
    "env": "object",
    "build_args": "object",
    "gates": "object_array",
}
#: roles whose parameter fills one field only (its default fits that one step)
_SINGLE_USE = frozenset({"gates"})
#: how many fields of a role share one parameter, roughly
_FIELDS_PER_PARAM = 8


@dataclass
class _Slot:
    """A field that either a build parameter or a literal fills (decided later)."""

    role: str
    literal: Any
    context: dict[str, Any] = field(default_factory=dict)
    param: str | None = None


@dataclass
class _Param:
    section: str
    name: str
    type: str
    definition: dict[str, Any]
    role: str = ""


# -- the block --------------------------------------------------------------------------


class Block:
    """One generated workflow block: a spec and a deployment of it."""

    def __init__(self, steps: int, seed: int = 0) -> None:
        if steps < 1:
            raise ValueError("a workflow needs at least one step")
        self.steps_count = steps
        self.seed = seed
        self._rng = random.Random(f"speclint-bench/{seed}/{steps}")
        rng = self._rng
        self.domain = rng.choice(_DOMAINS)
        self.noun = rng.choice(_NOUNS)
        self.name = f"{self.domain}-{self.noun}-{seed}"
        self.id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        self.version = f"1.{rng.randrange(6)}.{rng.randrange(10)}"
        self.scope = rng.choice(("private", "private", "public", "shared"))
        self._slots: list[_Slot] = []
        self._role_count: dict[str, int] = {}
        self._used_names: dict[str, int] = {}
        self.images = self._images()
        self.steps = self._steps()
        self.triggers = self._triggers()
        self.watchers = self._watchers()
        self.build = self._build_params()
        self.run = self._run_params()

    # -- names ---------------------------------------------------------------------

    def _unique(self, base: str) -> str:
        count = self._used_names.get(base, 0) + 1
        self._used_names[base] = count
        return base if count == 1 else f"{base}-{count}"

    def _slot(self, role: str, literal: Any, **context: Any) -> _Slot:
        slot = _Slot(role, literal, dict(context))
        self._slots.append(slot)
        self._role_count[role] = self._role_count.get(role, 0) + 1
        return slot

    def _has(self, role: str) -> bool:
        return role in self._role_count

    # -- config ----------------------------------------------------------------------

    def _images(self) -> dict[str, dict[str, Any]]:
        count = 1 + min(11, self.steps_count // 40)
        images: dict[str, dict[str, Any]] = {}
        for i in range(count):
            name = f"{self.domain}-{('base', 'ml', 'etl', 'gpu')[i % 4]}"
            name = name if i < 4 else f"{name}-{i // 4 + 1}"
            images[name] = self._image_build(name)
        return images

    def _image_build(self, name: str) -> dict[str, Any]:
        rng = self._rng
        image: dict[str, Any] = {
            "context": ".",
            "dockerfile": f"docker/Dockerfile.{name}",
            "version": f"1.{rng.randrange(4)}.{rng.randrange(10)}",
            "buildArguments": self._slot(
                "build_args",
                {"PYTHON_VERSION": rng.choice(("3.10", "3.11", "3.12"))},
            ),
        }
        if rng.random() < 0.5:
            image["secrets"] = ["pip-index-url"]
        image["useCache"] = self._slot("use_cache", rng.random() < 0.7)
        return image

    def _step_types(self) -> Iterator[str]:
        forced = ("standard", "sql", "http", "standard", "export")
        rng = self._rng
        for i in range(self.steps_count):
            if i < len(forced):
                yield forced[i]
            else:
                roll = rng.random()
                yield (
                    "standard"
                    if roll < 0.55
                    else "sql"
                    if roll < 0.75
                    else "http"
                    if roll < 0.87
                    else "export"
                )

    def _steps(self) -> dict[str, dict[str, Any]]:
        rng = self._rng
        steps: dict[str, dict[str, Any]] = {}
        names: list[str] = []
        outputs: dict[str, tuple[str, str]] = {}  # step -> (output parameter, value)
        image_names = list(self.images)
        standard = 0
        for i, kind in enumerate(self._step_types()):
            name = self._unique(f"{rng.choice(_VERBS[kind])}-{rng.choice(_NOUNS)}")
            parents = self._parents(i, names)
            if kind == "standard":
                if standard < len(image_names) or standard == 0:
                    source = "imageRef"
                elif standard == len(image_names) or standard == 1:
                    source = "image"
                else:
                    roll = rng.random()
                    source = "imageRef" if roll < 0.6 else "image"
                    if roll > 0.9 and self.scope == "private":
                        source = "imageDetails"
                ref = image_names[standard % len(image_names)]
                body = self._standard(name, parents, source, ref, outputs)
                standard += 1
            elif kind == "sql":
                body = self._sql(name, parents, outputs)
            elif kind == "http":
                body = self._http(name, parents)
                if "outputParameters" in body:
                    outputs[name] = (next(iter(body["outputParameters"])), "ok")
            else:
                body = self._export(parents)
            self._conditions(body, parents, outputs)
            steps[name] = body
            names.append(name)
        return steps

    def _parents(self, index: int, names: list[str]) -> list[str]:
        if index == 0:
            return []
        rng = self._rng
        window = names[max(0, index - 12) :]
        roll = rng.random()
        count = 0 if roll < 0.1 else 1 if roll < 0.65 else 2 if roll < 0.9 else 3
        if index < 5:  # the first steps (one of each type) always have a parent
            count = max(count, 1)
        return sorted(rng.sample(window, min(count, len(window))), key=names.index)

    def _standard(
        self,
        name: str,
        parents: list[str],
        source: str,
        ref: str,
        outputs: dict[str, tuple[str, str]],
    ) -> dict[str, Any]:
        rng = self._rng
        body: dict[str, Any] = {}
        if rng.random() < 0.3:
            body["type"] = "standard"
        if parents:
            body["parents"] = parents
        if source == "imageRef":
            body["imageRef"] = ref
        elif source == "image":
            body["image"] = self._image_build(name)
        else:
            body["imageDetails"] = {
                "id": rng.randrange(1000, 9999),
                "versionId": rng.randrange(1, 12),
            }
        module = f"acme_{self.domain}.{name.split('-')[0]}"
        command = f"python -m {module} --table {name.split('-')[-1].upper()}"
        body["command"] = self._slot("command", command, module=module)
        body["resources"] = {
            "instanceTypeId": self._slot("instance", rng.choice(_INSTANCES)[0]),
            "storage": self._slot("storage", rng.choice(_STORAGE)),
        }
        if rng.random() < 0.6:
            body["stepTimeout"] = self._slot("timeout", rng.choice((900, 1800, 3600)))
        if rng.random() < 0.2:
            body["clearImageCache"] = self._slot("use_cache", False)
        env = {
            "LOG_LEVEL": rng.choice(("info", "debug", "warning")),
            "SOURCE_SCHEMA": rng.choice(("RAW", "STAGE", "MASTER")),
            "BATCH_SIZE": str(rng.choice((500, 1000, 5000))),
        }
        body["parameters"] = {
            "env": self._slot("env", env),
            "secrets": self._slot("secrets", sorted(rng.sample(_SECRETS, 2))),
        }
        if rng.random() < 0.5:
            output = rng.choice(("status", "rows", "model_version"))
            body["outputParameters"] = {output: f"/tmp/outputs/{output}.txt"}
            outputs[name] = (output, "passed")
        if rng.random() < 0.7 or not self._has("exit_codes"):
            retry: dict[str, Any] = {
                "duration": rng.choice((10, 30, 60)),
                "exitCodes": self._slot("exit_codes", [1, 137]),
                "exponentialBackoff": rng.random() < 0.5,
                "numberOfRetries": rng.randrange(1, 5),
            }
            body["runConfiguration"] = {"retryOptions": retry}
            if rng.random() < 0.2:
                body["runConfiguration"]["skipConfiguration"] = {
                    "skip": False,
                    "skipDAG": False,
                }
        if parents and (rng.random() < 0.15 or not self._has("gates")):
            gate = [{"condition": "all-of", "parents": parents, "status": ["success"]}]
            body["executionParameters"] = {
                "parentStatus": self._slot("gates", gate, parents=parents)
            }
        return body

    def _sql(
        self, name: str, parents: list[str], outputs: dict[str, tuple[str, str]]
    ) -> dict[str, Any]:
        rng = self._rng
        body: dict[str, Any] = {"type": "sql"}
        if parents:
            body["parents"] = parents
        body["sqlQueryPath"] = f"sql/{name.replace('-', '_')}.sql"
        parameters: dict[str, Any] = {
            "env": {"TARGET_SCHEMA": rng.choice(("STAGE", "MASTER", "PUBLISH"))}
        }
        inherited = [p for p in parents if p in outputs]
        if inherited:
            output = outputs[inherited[0]][0]
            parameters["inherit"] = {output.upper(): output}
        body["parameters"] = parameters
        return body

    def _http(self, name: str, parents: list[str]) -> dict[str, Any]:
        rng = self._rng
        method = rng.choice(("get", "post", "patch"))
        body: dict[str, Any] = {"type": "http", "method": method}
        if parents:
            body["parents"] = parents
        host = rng.choice(("erp", "hooks", "calendar", "pos"))
        body["url"] = f"https://{host}.{_MAIL}/api/v2/{self.noun}/{name}"
        if method != "get":
            body["payload"] = json.dumps({"block": self.name, "step": name})
        body["headers"] = {"absolute": {"Accept": "application/json"}}
        if rng.random() < 0.5:
            body["headers"]["secrets"] = {"X-Signature": f"{host}-hook-signature"}
        if rng.random() < 0.4:
            body["auth"] = {
                "type": "oauth",
                "clientId": f"acme-{self.domain}",
                "clientSecret": f"{host}-client-secret",
                "authUrl": f"https://auth.{host}.{_MAIL}/oauth2/token",
            }
        else:
            body["auth"] = {"type": "no-auth"}
        if method == "get":
            body["outputParameters"] = {"response": "response.txt"}
        return body

    def _export(self, parents: list[str]) -> dict[str, Any]:
        rng = self._rng
        body: dict[str, Any] = {"type": "export"}
        if parents:
            body["parents"] = parents
        body.update(
            {
                "schema": "PUBLISH",
                "table": f"{self.domain}_{rng.choice(_NOUNS)}".upper(),
                "sortBy": rng.choice(("WEEK", "STORE_ID", "SKU")),
                "sortOrder": rng.choice(("asc", "desc")),
                "compression": self._slot("compress", rng.random() < 0.5),
            }
        )
        return body

    def _conditions(
        self,
        body: dict[str, Any],
        parents: list[str],
        outputs: dict[str, tuple[str, str]],
    ) -> None:
        with_output = [p for p in parents if p in outputs]
        if not with_output or self._rng.random() < 0.6:
            return
        output, value = outputs[with_output[-1]]
        execution = body.setdefault("executionParameters", {})
        execution["conditional"] = [
            {
                "condition": "equals",
                "paramName": output,
                "stepName": with_output[-1],
                "value": value,
            }
        ]

    def _triggers(self) -> list[dict[str, Any]]:
        triggers: list[dict[str, Any]] = [{"cron": self._rng.choice(_CRONS)}]
        if self._rng.random() < 0.3:
            triggers.append({"webhook": True})
        return triggers

    def _watchers(self) -> list[dict[str, Any]]:
        rng = self._rng
        person = rng.choice(_PEOPLE)
        return [
            {
                "user": f"{person}@{_MAIL}",
                "events": {"success": False, "fail": True},
            },
            {
                "webhook": {
                    "name": f"{self.domain}-channel",
                    "url": f"https://hooks.{_MAIL}/{self.domain}/runs",
                    "payload": json.dumps(
                        {"text": f"{self.name} run finished", "channel": "#ops"}
                    ),
                },
                "events": {"success": True, "fail": True},
            },
            {
                "email": {
                    "name": f"{self.domain}-on-call",
                    "recipients": {
                        "to": self._slot(
                            "recipients", [f"{self.domain}-oncall@{_MAIL}"]
                        )
                    },
                },
                "events": {
                    "fail": True,
                    "runtimeExceeded": self._slot("runtime_alert", 120),
                },
            },
        ]

    # -- parameters ------------------------------------------------------------------

    def _build_params(self) -> list[_Param]:
        """Parameters for the slots: every parameter fills at least one field."""
        rng = self._rng
        by_role: dict[str, list[_Slot]] = {}
        for slot in self._slots:
            by_role.setdefault(slot.role, []).append(slot)
        params: list[_Param] = []
        for role, slots in by_role.items():
            if role in _SINGLE_USE:
                count = max(1, len(slots) // _FIELDS_PER_PARAM)
                chosen = slots[:: max(1, len(slots) // count)][:count]
                for n, slot in enumerate(chosen):
                    param = self._build_param(role, n, slot)
                    slot.param = param.name
                    params.append(param)
                continue
            count = max(1, len(slots) // _FIELDS_PER_PARAM)
            mine = [self._build_param(role, n, slots[n]) for n in range(count)]
            params.extend(mine)
            for index, slot in enumerate(slots):
                if index < count:
                    slot.param = mine[index].name
                elif rng.random() < 0.35:
                    slot.param = rng.choice(mine).name
        return params

    def _build_param(self, role: str, n: int, slot: _Slot) -> _Param:
        ptype = _ROLE_TYPES[role]
        name = role if n == 0 else f"{role}_{n + 1}"
        title = role.replace("_", " ").capitalize()
        definition: dict[str, Any] = {"name": name, "type": ptype, "title": title}
        literal = slot.literal
        if role == "command":
            definition["required"] = True
            definition["description"] = "Command the step runs."
            definition["defaultValue"] = literal
        elif role == "storage":
            definition["options"] = [{"title": s, "value": s} for s in _STORAGE]
            definition["defaultValue"] = literal
        elif role == "instance":
            definition["required"] = True
            definition["options"] = [{"title": t, "value": v} for v, t in _INSTANCES]
            definition["defaultValue"] = literal
        elif role in ("env", "build_args"):
            definition["properties"] = [
                {
                    "name": key,
                    "type": "string",
                    **({"required": True} if i == 0 else {}),
                }
                for i, key in enumerate(literal)
            ]
            definition["defaultValue"] = dict(literal)
        elif role == "gates":
            definition["description"] = "Which parent outcomes let the step run."
            definition["properties"] = [
                {
                    "name": "condition",
                    "type": "string",
                    "required": True,
                    "options": [
                        {"title": "All of", "value": "all-of"},
                        {"title": "One of", "value": "one-of"},
                    ],
                },
                {"name": "parents", "type": "string_array", "required": True},
                {
                    "name": "status",
                    "type": "string_array",
                    "required": True,
                    "options": [
                        {"title": "Success", "value": "success"},
                        {"title": "Failure", "value": "failure"},
                    ],
                },
            ]
            definition["defaultValue"] = literal
        else:
            definition["defaultValue"] = literal
        return _Param("build", name, ptype, definition, role)

    def _run_params(self) -> list[_Param]:
        groups = 1 + self.steps_count // 200
        params: list[_Param] = []
        for g in range(groups):
            params.extend(self._run_group("" if g == 0 else f"_{g + 1}"))
        return params

    def _run_group(self, suffix: str) -> list[_Param]:
        rng = self._rng

        def param(name: str, ptype: str, **rest: Any) -> _Param:
            definition = {"name": f"{name}{suffix}", "type": ptype, **rest}
            return _Param("run", f"{name}{suffix}", ptype, definition)

        regions = ("london", "south-east", "scotland", "ireland")
        return [
            param(
                "horizon_weeks",
                "number",
                required=True,
                title="Forecast horizon (weeks)",
                options=[{"title": f"{w} weeks", "value": w} for w in (4, 13, 26)],
                defaultValue=13,
            ),
            param(
                "store_regions",
                "string_array",
                title="Store regions",
                options=[
                    {"title": r.replace("-", " ").title(), "value": r} for r in regions
                ],
                defaultValue=sorted(rng.sample(regions, 2)),
            ),
            param("quantiles", "number_array", defaultValue=[0.1, 0.5, 0.9]),
            param("include_promotions", "boolean", defaultValue=True),
            param(
                "promo_source",
                "string",
                options=[
                    {"title": "Campaign planner", "value": "campaign-planner"},
                    {"title": "Partner feed", "value": "partner-feed"},
                ],
                defaultValue="campaign-planner",
                conditions=[
                    {
                        "dependsOn": f"include_promotions{suffix}",
                        "operator": "equals",
                        "value": True,
                    }
                ],
            ),
            param(
                "partner_account",
                "string",
                required=True,
                title="Partner account",
                description="Only asked for when promotions come from the partner feed.",
                hideValue=True,
                conditions=[
                    {
                        "conditionType": "AND",
                        "conditions": [
                            {
                                "dependsOn": f"include_promotions{suffix}",
                                "operator": "equals",
                                "value": True,
                            },
                            {
                                "dependsOn": f"promo_source{suffix}",
                                "operator": "equals",
                                "value": "partner-feed",
                            },
                        ],
                    }
                ],
            ),
            param(
                "publish_options",
                "object",
                properties=[
                    {"name": "keep_weeks", "type": "number"},
                    {"name": "overwrite", "type": "boolean"},
                ],
                defaultValue={"keep_weeks": 104, "overwrite": False},
            ),
            param(
                "category_uplifts",
                "object_array",
                properties=[
                    {"name": "category", "type": "string", "required": True},
                    {"name": "uplift", "type": "number", "required": True},
                ],
                defaultValue=[{"category": "garden", "uplift": 1.15}],
            ),
        ]

    # -- output ----------------------------------------------------------------------

    def spec_data(self) -> dict[str, Any]:
        rng = random.Random(f"speclint-bench/meta/{self.seed}/{self.steps_count}")
        title = f"{self.domain.title()} {self.noun.title()}"
        metadata: dict[str, Any] = {
            "name": self.name,
            "title": title,
            "summary": f"Weekly {self.domain} model over {self.noun}",
            "description": (
                f"Pulls {self.noun} history from the warehouse, builds features and\n"
                f"trains the {self.domain} model in {self.steps_count} steps.\n"
            ),
            "descriptionContentType": "text/markdown",
            "imageUrl": f"https://assets.{_MAIL}/blocks/{self.name}.png",
            "tags": [{"name": self.domain}, {"name": self.noun}],
        }
        config: dict[str, Any] = {}
        if any("imageRef" in step for step in self.steps.values()):
            config["images"] = self.images
        config["steps"] = self.steps
        config["triggers"] = self.triggers
        config["watchers"] = self.watchers
        data: dict[str, Any] = {
            "body": {
                "version": 1,
                "kind": "workflow",
                "metadata": metadata,
                "release": {
                    "version": self.version,
                    "notes": f"Release {self.version} of the {title} block.",
                },
                "config": _resolve(config),
            },
            "parameters": {
                "build": [p.definition for p in self.build],
                "run": [p.definition for p in self.run],
            },
            "featured": rng.random() < 0.3,
            "scope": self.scope,
        }
        if self.scope == "shared":
            data["tenants"] = sorted(rng.sample(_TENANTS, 2))
        data["autoRunOnDeploy"] = rng.random() < 0.2
        return data

    def spec_text(self) -> str:
        header = (
            f"# {self.name}: a generated workflow block of {self.steps_count} steps.\n"
            "#   peak blocks specs create spec.yaml\n"
        )
        return header + dump(self.spec_data(), blank_before=_SPEC_BLANKS)

    def deployment_data(self) -> dict[str, Any]:
        rng = random.Random(f"speclint-bench/values/{self.seed}/{self.steps_count}")
        build = {p.name: _value(p, rng) for p in self.build if rng.random() < 0.8}
        run: dict[str, Any] = {}
        for p in self.run:
            if p.name.startswith("partner_account"):
                continue
            if rng.random() < 0.8:
                run[p.name] = _value(p, rng)
        for p in self.run:  # the hidden account, given while its conditions hold
            if p.name.startswith("partner_account"):
                suffix = p.name[len("partner_account") :]
                promotions = run.get(f"include_promotions{suffix}", True)
                source = run.get(f"promo_source{suffix}", "campaign-planner")
                if promotions and source == "partner-feed":
                    run[p.name] = f"partner-{rng.randrange(1000, 9999)}"
        return {
            "body": {
                "metadata": {
                    "name": f"{self.name}-uk",
                    "title": f"{self.domain.title()} {self.noun.title()} (UK)",
                    "summary": f"{self.domain.title()} model for the UK stores",
                    "tags": [{"name": "uk"}, {"name": "production"}],
                },
                "parameters": {"build": build, "run": run},
                "revision": {"notes": "Generated deployment for the benchmarks."},
                "spec": {"id": self.id, "release": {"version": self.version}},
            }
        }

    def deployment_text(self) -> str:
        header = (
            f"# Deployment of {self.name} {self.version}.\n"
            "#   peak blocks deployments create deployment.yaml\n"
        )
        return header + dump(self.deployment_data())


def _value(param: _Param, rng: random.Random) -> Any:
    """A deployment value for a parameter: of its type, among its options."""
    definition = param.definition
    options = [o["value"] for o in definition.get("options", [])]
    ptype = param.type
    if options and ptype.endswith("_array"):
        return sorted(rng.sample(options, rng.randrange(1, len(options) + 1)))
    if options:
        return rng.choice(options)
    default = definition.get("defaultValue")
    if ptype == "boolean":
        return rng.random() < 0.5
    if ptype == "number":
        return rng.choice((30, 60, 90, 180)) if default is not None else 1
    if ptype == "string":
        return f"{default} --run {rng.randrange(100)}" if default else "value"
    if ptype == "number_array":
        return sorted(rng.sample((1, 2, 75, 137, 143), 2))
    if ptype == "string_array" and param.role == "recipients":
        return [f"{p}@{_MAIL}" for p in rng.sample(_PEOPLE, 2)]
    if ptype == "string_array":
        return sorted(rng.sample(_SECRETS, 2))
    if ptype == "object" and param.role in ("env", "build_args"):
        return {k: f"{v}" for k, v in default.items()}
    if ptype == "object" and isinstance(default, dict):
        keep = {"keep_weeks": rng.choice((52, 104, 156)), "overwrite": False}
        return {k: keep.get(k, v) for k, v in default.items()}
    if ptype == "number_array" and param.section == "run":
        return [0.1, 0.5, 0.9] if rng.random() < 0.5 else [0.05, 0.5, 0.95]
    if ptype == "object_array" and param.role == "gates":
        gate = dict(default[0])
        gate["condition"] = rng.choice(("all-of", "one-of"))
        gate["status"] = ["success", "failure"] if rng.random() < 0.3 else ["success"]
        return [gate]
    return default


def _resolve(value: Any) -> Any:
    """Slots -> "@param:NAME" or their literal."""
    if isinstance(value, _Slot):
        return f"@param:{value.param}" if value.param else _resolve(value.literal)
    if isinstance(value, dict):
        return {k: _resolve(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v) for v in value]
    return value


# -- a small YAML emitter (block style, as people write specs) -------------------------

_PLAIN = re.compile(r"[A-Za-z/][\w./()+,=?&%@:' -]*|\d+[A-Za-z]+|\d+\.\d+\.\d+")
_RESERVED = frozenset(
    {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
)
#: a blank line before these keys, and between the entries of mappings at "PATH/*"
_SPEC_BLANKS = frozenset({("parameters",), ("body", "config", "steps", "*")})
#: lists whose short mappings are written in flow style, ``- {title: A, value: 1}``
_FLOW_ITEMS = frozenset({"options", "tags"})


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if (
        _PLAIN.fullmatch(text)
        and ": " not in text
        and " #" not in text
        and not text.endswith((" ", ":"))
        and text.lower() not in _RESERVED
    ):
        return text
    if '"' in text and "'" not in text and "\n" not in text:
        return f"'{text}'"
    return json.dumps(text, ensure_ascii=False)


def _flow(items: list[Any]) -> str | None:
    if not items or not all(
        isinstance(i, (str, int, float, bool)) and "\n" not in str(i) for i in items
    ):
        return None
    text = "[" + ", ".join(_scalar(i) for i in items) + "]"
    return text if len(text) <= 60 and "," not in "".join(map(str, items)) else None


def _flow_mapping(item: Any) -> str | None:
    if not isinstance(item, dict) or not all(
        isinstance(v, (str, int, float, bool)) for v in item.values()
    ):
        return None
    parts = [f"{_scalar(k)}: {_scalar(v)}" for k, v in item.items()]
    text = "{" + ", ".join(parts) + "}"
    return (
        text
        if len(text) <= 60 and "," not in "".join(map(str, item.values()))
        else None
    )


def dump(data: Any, blank_before: frozenset[tuple[str, ...]] = frozenset()) -> str:
    """Block-style YAML: two-space indents, lists indented under their key, short
    lists of scalars in flow style, multi-line strings as literal blocks."""
    lines: list[str] = []
    _mapping(data, 0, (), lines, blank_before)
    return "\n".join(lines) + "\n"


def _mapping(
    data: dict[str, Any],
    indent: int,
    path: tuple[str, ...],
    lines: list[str],
    blanks: frozenset[tuple[str, ...]],
    first_prefix: str | None = None,
) -> None:
    pad = " " * indent
    for n, (key, value) in enumerate(data.items()):
        if n and ((*path, "*") in blanks or (*path, key) in blanks):
            lines.append("")
        lead = first_prefix if (n == 0 and first_prefix is not None) else pad
        _entry(f"{lead}{_scalar(key)}:", value, indent, (*path, key), lines, blanks)


def _entry(
    head: str,
    value: Any,
    indent: int,
    path: tuple[str, ...],
    lines: list[str],
    blanks: frozenset[tuple[str, ...]],
) -> None:
    if isinstance(value, dict):
        if not value:
            lines.append(f"{head} {{}}")
            return
        lines.append(head)
        _mapping(value, indent + 2, path, lines, blanks)
    elif isinstance(value, list):
        flow = _flow(value)
        if flow is not None or not value:
            lines.append(f"{head} {flow or '[]'}")
            return
        lines.append(head)
        _sequence(value, indent + 2, path, lines, blanks)
    elif isinstance(value, str) and "\n" in value:
        lines.append(f"{head} |")
        lines.extend(f"{' ' * (indent + 2)}{line}" for line in value.splitlines())
    else:
        lines.append(f"{head} {_scalar(value)}")


def _sequence(
    items: list[Any],
    indent: int,
    path: tuple[str, ...],
    lines: list[str],
    blanks: frozenset[tuple[str, ...]],
) -> None:
    pad = " " * indent
    for item in items:
        flow = _flow_mapping(item) if path and path[-1] in _FLOW_ITEMS else None
        if flow is not None:
            lines.append(f"{pad}- {flow}")
        elif isinstance(item, dict) and item:
            _mapping(item, indent + 2, path, lines, blanks, first_prefix=f"{pad}- ")
        elif isinstance(item, list) and item:
            lines.append(f"{pad}-")
            _sequence(item, indent + 2, path, lines, blanks)
        else:
            text = "{}" if isinstance(item, dict) else "[]"
            lines.append(
                f"{pad}- {text if isinstance(item, (dict, list)) else _scalar(item)}"
            )


# -- corpora -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    spec: Path
    deployment: Path
    steps: int
    seed: int


def steps_for(index: int, seed: int, low: int = 5, high: int = 30) -> int:
    """The number of steps of the ``index``-th spec of a corpus (most are small)."""
    rng = random.Random(f"speclint-bench/sizes/{seed}/{index}")
    return min(high, low + int(rng.expovariate(1 / 6)))


def write_block(folder: Path, steps: int, seed: int, stem: str) -> Written:
    block = Block(steps, seed)
    folder.mkdir(parents=True, exist_ok=True)
    spec = folder / f"{stem}.spec.yaml"
    deployment = folder / f"{stem}.deployment.yaml"
    spec.write_text(block.spec_text(), encoding="utf-8")
    deployment.write_text(block.deployment_text(), encoding="utf-8")
    return Written(spec, deployment, steps, seed)


def write_corpus(
    folder: Path, count: int, seed: int = 0, low: int = 5, high: int = 30
) -> list[Written]:
    """``count`` blocks (spec and deployment each) in ``folder``, sizes low..high steps."""
    return [
        write_block(
            folder,
            steps_for(i, seed, low, high),
            seed * 100_000 + i,
            f"block-{i:04d}",
        )
        for i in range(count)
    ]


def write_catalog(folder: Path, written: list[Written]) -> Path:
    """A catalog mapping each written spec's id to its file (for deployment checks)."""
    lines = ["specs:"]
    for item in written:
        block_id = Block(item.steps, item.seed).id
        lines.append(f"  {block_id}: {item.spec.relative_to(folder).as_posix()}")
    catalog = folder / "catalog.yaml"
    catalog.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return catalog


def spec_of_lines(lines: int, seed: int = 0) -> Block:
    """A block of at least 5 steps (every step type) whose spec is closest to
    ``lines`` lines long; the search over step counts and seeds is deterministic."""
    best: tuple[int, Block] | None = None
    for steps in range(5, 200):
        shortest = None
        for offset in range(20):
            block = Block(steps, seed + offset)
            length = block.spec_text().count("\n")
            shortest = length if shortest is None else min(shortest, length)
            if best is None or abs(length - lines) < best[0]:
                best = (abs(length - lines), block)
        if best is not None and (best[0] == 0 or (shortest or 0) - lines > best[0]):
            break
    assert best is not None
    return best[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write into")
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--steps", type=int, help="every block has this many steps")
    args = parser.parse_args()
    if args.steps:
        for i in range(args.count):
            write_block(args.out, args.steps, args.seed * 100_000 + i, f"block-{i:04d}")
    else:
        write_corpus(args.out, args.count, args.seed)
    print(f"wrote {args.count} specs and deployments to {args.out}")


if __name__ == "__main__":
    main()
