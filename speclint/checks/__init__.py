"""The explicit registry of every rule: id, severity, one-line summary, check.

A check is a generator over the typed Spec that yields Hits (a data path and a
message); the engine stamps id, severity and location. Rules with no check are
reported by the loader (syntax, duplicate-key) or the engine (not-press-file).
"""

from __future__ import annotations

from collections.abc import Iterator

from speclint.checks import (
    app,
    images,
    literals,
    local_files,
    paramdefs,
    refs,
    scope,
    services,
    steps,
    steptypes,
    structure,
    triggers,
    values,
    watchers,
)
from speclint.checks.base import Check, Rule
from speclint.model import Hit, Severity
from speclint.spec import Spec

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def _values(rule_id: str) -> Check:
    def check(spec: Spec) -> Iterator[Hit]:
        yield from values.hits(spec)[rule_id]

    check.__name__ = f"values_{rule_id.replace('-', '_')}"
    return check


def _structure(rule_id: str) -> Check:
    def check(spec: Spec) -> Iterator[Hit]:
        yield from structure.hits(spec)[rule_id]

    check.__name__ = f"structure_{rule_id.replace('-', '_')}"
    return check


def _both(first: Check, second: Check) -> Check:
    def check(spec: Spec) -> Iterator[Hit]:
        yield from first(spec)
        yield from second(spec)

    return check


RULES: tuple[Rule, ...] = (
    # the loader and the engine
    Rule("syntax", ERROR, "the file cannot be read as YAML or JSON"),
    Rule(
        "template-error",
        ERROR,
        "a Jinja template that cannot be rendered (syntax, a missing include)",
    ),
    Rule(
        "template-undefined",
        ERROR,
        "a Jinja variable that is not defined, which the peak CLI renders empty",
    ),
    Rule(
        "duplicate-key",
        ERROR,
        "a mapping defines the same key twice",
        structure.top_level_duplicates,
    ),
    Rule(
        "suppression-unused",
        WARNING,
        "a speclint: ignore comment that silences nothing",
    ),
    Rule(
        "not-press-file",
        WARNING,
        "a file named on the command line is not a Press file",
    ),
    # structure, from the JSON Schema of each kind
    Rule(
        "unknown-top-level-key",
        ERROR,
        "a top-level key of a CLI file that the peak CLI drops without a word",
        _structure("unknown-top-level-key"),
    ),
    Rule(
        "unknown-key",
        WARNING,
        "a key that Press specs do not define",
        _structure("unknown-key"),
    ),
    Rule("missing-key", ERROR, "a required key is missing", _structure("missing-key")),
    Rule("value-type", ERROR, "a value has the wrong type", _structure("value-type")),
    Rule(
        "value-enum",
        ERROR,
        "a value is not one of the allowed choices",
        _structure("value-enum"),
    ),
    Rule(
        "value-bound", ERROR, "a value is outside its bounds", _structure("value-bound")
    ),
    # @param: references
    Rule(
        "param-undefined",
        ERROR,
        "@param: names a parameter that is not declared",
        refs.undefined,
    ),
    Rule(
        "param-run-in-config",
        ERROR,
        "@param: in config names a run parameter, which is not known at build time",
        refs.run_in_config,
    ),
    Rule(
        "param-embedded",
        WARNING,
        "@param: inside a longer string is not substituted",
        refs.embedded,
    ),
    Rule(
        "param-type-mismatch",
        ERROR,
        "a parameter's type does not fit the field its reference fills",
        refs.type_mismatch,
    ),
    Rule(
        "param-unused",
        WARNING,
        "a build parameter is declared but never referenced",
        refs.unused,
    ),
    # parameter definitions
    Rule(
        "param-duplicate",
        ERROR,
        "a parameter is declared twice in the same section",
        paramdefs.duplicate,
    ),
    Rule(
        "param-section-clash",
        WARNING,
        "a parameter is declared both as a build and as a run parameter",
        paramdefs.section_clash,
    ),
    Rule(
        "param-default-invalid",
        ERROR,
        "a default value does not match its parameter's type or properties",
        paramdefs.default_invalid,
    ),
    Rule(
        "param-default-not-in-options",
        ERROR,
        "a default value is not among the parameter's options",
        paramdefs.default_not_in_options,
    ),
    Rule(
        "param-option-invalid",
        ERROR,
        "an option value does not match its parameter's type",
        paramdefs.option_invalid,
    ),
    Rule(
        "param-options-empty",
        ERROR,
        "a parameter has an empty options list",
        paramdefs.options_empty,
    ),
    Rule(
        "param-hide-non-string",
        WARNING,
        "hideValue on a parameter that is not a string",
        paramdefs.hide_non_string,
    ),
    Rule(
        "param-condition-unknown",
        ERROR,
        "a parameter condition depends on a parameter that is not declared",
        paramdefs.condition_unknown,
    ),
    Rule(
        "param-section-unknown",
        ERROR,
        'parameters holds a section other than "build" and "run"',
        paramdefs.section_unknown,
    ),
    # steps
    Rule(
        "step-ref-undefined",
        ERROR,
        "a step names a parent or condition step that does not exist",
        steps.undefined,
    ),
    Rule("step-cycle", ERROR, "steps depend on each other in a cycle", steps.cycle),
    # images
    Rule(
        "image-source-missing",
        ERROR,
        "a standard step or a service has no image source",
        images.source_missing,
    ),
    Rule(
        "image-source-conflict",
        ERROR,
        "a standard step or a service has more than one image source",
        images.source_conflict,
    ),
    Rule(
        "image-ref-undefined",
        ERROR,
        "imageRef names an image that config.images does not define",
        images.ref_undefined,
    ),
    Rule(
        "image-unused",
        WARNING,
        "an image is defined but no step uses it",
        images.unused,
    ),
    Rule(
        "image-details-scope",
        ERROR,
        'imageDetails (an existing image) in a block whose scope is not "private"',
        images.details_scope,
    ),
    # scope and tenants
    Rule(
        "scope-tenants-missing",
        ERROR,
        'scope "shared" without a list of tenants',
        scope.tenants_missing,
    ),
    Rule(
        "scope-tenants-ignored",
        WARNING,
        'tenants given with a scope other than "shared"',
        scope.tenants_ignored,
    ),
    Rule(
        "release-key-ignored",
        WARNING,
        "featured, scope or tenants in a release file, which the peak CLI drops",
        scope.release_key_ignored,
    ),
    # workflow vocabulary: steps by type, triggers, watchers, services
    Rule(
        "http-auth-field-missing",
        ERROR,
        "an http step's auth lacks a field its auth type needs",
        steptypes.auth_field_missing,
    ),
    Rule(
        "http-payload-not-json",
        WARNING,
        "an http step's payload is not valid JSON",
        steptypes.payload_not_json,
    ),
    Rule(
        "sql-source-missing",
        ERROR,
        "a sql step has neither sqlQueryPath nor repository",
        steptypes.sql_source_missing,
    ),
    Rule(
        "sql-source-conflict",
        ERROR,
        "a sql step has both sqlQueryPath and repository",
        steptypes.sql_source_conflict,
    ),
    Rule(
        "trigger-kind-invalid",
        ERROR,
        'a trigger is not exactly one of {cron: "..."} and {webhook: true}',
        triggers.kind_invalid,
    ),
    Rule(
        "cron-invalid",
        ERROR,
        "a cron trigger's expression is not a valid 5-field cron expression",
        triggers.cron_invalid,
    ),
    Rule(
        "trigger-kind-repeated",
        WARNING,
        "a workflow has several triggers of the same kind",
        triggers.kind_repeated,
    ),
    Rule(
        "watcher-kind-invalid",
        ERROR,
        "a watcher does not have exactly one of user, webhook and email",
        watchers.kind_invalid,
    ),
    Rule(
        "watcher-email-invalid",
        ERROR,
        "a watcher's user or email recipient is not an email address",
        watchers.email_invalid,
    ),
    Rule(
        "watcher-url-invalid",
        ERROR,
        "a webhook watcher's url is not an http(s) URL",
        watchers.url_invalid,
    ),
    Rule(
        "watcher-payload-not-json",
        WARNING,
        "a webhook watcher's payload is not valid JSON",
        watchers.payload_not_json,
    ),
    Rule(
        "service-option-web-app-only",
        ERROR,
        'sessionStickiness or scaleToZero on a service whose serviceType is "api"',
        services.option_web_app_only,
    ),
    Rule(
        "health-check-url-invalid",
        ERROR,
        "a service's healthCheckURL is neither a path nor an http(s) URL",
        services.health_check_url_invalid,
    ),
    # literals: YAML 1.1 surprises, versions, secrets in plain text
    Rule(
        "yaml-implicit-type",
        WARNING,
        "YAML 1.1 reads a plain value or key as something other than the text written",
        literals.implicit_type,
    ),
    Rule(
        "version-not-semver",
        ERROR,
        "a release version is not a semantic version",
        literals.version_not_semver,
    ),
    Rule(
        "image-version-not-semver",
        WARNING,
        "an image version is not a semantic version",
        literals.image_version_not_semver,
    ),
    Rule(
        "secret-in-plain-text",
        WARNING,
        "a credential is written in plain text instead of held in a secret",
        literals.secret_in_plain_text,
    ),
    # local files: artifact, ignore files, Dockerfiles, SQL files
    Rule(
        "artifact-path-missing",
        ERROR,
        "artifact.path is not an existing directory",
        local_files.artifact_path_missing,
    ),
    Rule(
        "ignore-file-missing",
        ERROR,
        "an ignore file of the artifact is missing or not at its root",
        local_files.ignore_file_missing,
    ),
    Rule(
        "dockerfile-missing",
        ERROR,
        "an image's dockerfile is not in the artifact",
        local_files.dockerfile_missing,
    ),
    Rule(
        "sql-file-missing",
        ERROR,
        "a sql step's sqlQueryPath is not in the artifact",
        local_files.sql_file_missing,
    ),
    Rule(
        "artifact-too-large",
        ERROR,
        "the artifact zipped with its ignore files is over 10 MiB",
        local_files.artifact_too_large,
    ),
    # apps and their blocks
    Rule(
        "app-block-scope",
        ERROR,
        "a shared app uses a block that is not shared with all of its tenants",
        app.block_scope,
    ),
    Rule(
        "catalog-missing",
        INFO,
        "a spec id that the catalog does not list",
        _both(app.catalog_missing, _values("catalog-missing")),
    ),
    # deployment values against the spec (check with --catalog, and render)
    Rule(
        "param-value-unknown",
        ERROR,
        "a value for a parameter (or a block) that the spec does not declare",
        _values("param-value-unknown"),
    ),
    Rule(
        "param-value-invalid",
        ERROR,
        "a value does not match its parameter's type or properties",
        _values("param-value-invalid"),
    ),
    Rule(
        "param-value-not-in-options",
        ERROR,
        "a value is not among its parameter's options",
        _values("param-value-not-in-options"),
    ),
    Rule(
        "render-input",
        ERROR,
        "a file given to render that is not what render takes",
    ),
    Rule(
        "param-value-missing",
        ERROR,
        "a required parameter has no value and no default",
        _values("param-value-missing"),
    ),
)

BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
