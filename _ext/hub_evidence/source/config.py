"""The site's ``evidence_*`` settings: declared once, validated at ``config-inited``.

Each field of :class:`EvidenceConfig` is registered as a flat ``evidence_<name>``
Sphinx configuration value; the author guide's settings reference is generated
from the same fields (their ``help`` metadata).
"""

from __future__ import annotations

import dataclasses as dc
import re
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..state import build_state
from . import vocabulary as vocab
from .topics import TopicVocabulary, read_topics
from .warnings_ import EvidenceWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


def _vocabulary_field(name: str) -> Any:
    """The ``evidence_<name>`` setting of a vocabulary, as :data:`.VOCABULARIES`
    describes it (its default terms, noun and help)."""
    setting = vocab.VOCABULARIES[name]
    return dc.field(
        default_factory=lambda: dict(setting.defaults),
        metadata={"noun": setting.noun, "help": setting.help, "vocabulary": True},
    )


@dc.dataclass(frozen=True)
class EvidenceConfig:
    """The evidence site's settings (``evidence_<name>`` in ``conf.py``)."""

    hubs_dir: str = dc.field(
        default="hubs",
        metadata={
            "help": "Folder (relative to the source folder) that holds "
            "``<year>/<hub>/index.md`` summaries."
        },
    )
    audience: str = dc.field(
        default="network",
        metadata={
            "help": "Who the build is for: ``network`` (the intranet: published "
            "summaries shared with the network or the public), ``public`` "
            "(published and public only) or ``preview`` (everything, with a "
            "banner). Set it with ``sphinx-build -D evidence_audience=public``.",
            "choices": ("network", "public", "preview"),
        },
    )
    edit_url: str = dc.field(
        default="",
        metadata={
            "help": "Where a page's source is edited, with ``{path}`` for its path in "
            "the repository, e.g. "
            "``https://github.com/ORG/REPO/edit/main/{path}``; empty for no link.",
            "optional": True,
        },
    )
    suggest_url: str = dc.field(
        default="",
        metadata={
            "help": "Where a reader suggests a change to a page, with ``{path}``, e.g. "
            "``https://github.com/ORG/REPO/issues/new?title={path}``; empty for no "
            "link.",
            "optional": True,
        },
    )
    browse_dir: str = dc.field(
        default="browse",
        metadata={
            "help": "The URL folder of the browse pages (one per strategic goal, "
            "region, year, method and tag, and one timeline per hub), which the build "
            "makes from the summaries. Its index pages are ordinary pages there: "
            "`index.md`, and `index.md` in each facet's folder."
        },
    )
    search_page: str = dc.field(
        default="search-evidence",
        metadata={
            "help": "The page that holds the evidence search (`{evidence-search}`): "
            "the search box at the top of every page and the address `search.html` "
            "lead to it."
        },
    )
    topics: str = dc.field(
        default="hubs/topics.yaml",
        metadata={
            "help": "The topics file (relative to the source folder): the topics "
            "that `tags` and `:tags:` are written with, their labels, groups and "
            "other names. A site without this file keeps free tags."
        },
    )
    # One setting per vocabulary of :data:`.vocabulary.VOCABULARIES`, in its order.
    strategic_goals: dict[str, str] = _vocabulary_field("strategic_goals")
    regions: dict[str, str] = _vocabulary_field("regions")
    methods: dict[str, str] = _vocabulary_field("methods")
    focus_areas: dict[str, str] = _vocabulary_field("focus_areas")
    theme_kinds: dict[str, str] = _vocabulary_field("theme_kinds")
    statuses: dict[str, str] = _vocabulary_field("statuses")
    sharing_levels: dict[str, str] = _vocabulary_field("sharing_levels")
    synonyms: dict[str, dict[str, list[str]]] = dc.field(
        default_factory=lambda: {
            name: {key: list(words) for key, words in by_key.items()}
            for name, by_key in vocab.SYNONYMS.items()
        },
        metadata={
            "help": "Other words authors write for a vocabulary's keys, by "
            'vocabulary: ``{"methods": {"survey": ["questionnaire"]}}``. '
            "Such a word is still a mistake, but its warning suggests the key "
            '("Did you mean `survey`?"). Replaces the defaults, which are listed '
            "with each vocabulary.",
            "synonyms": True,
        },
    )
    topic_vocabulary: TopicVocabulary | None = dc.field(
        default=None, metadata={"loaded": True}
    )
    """The topics read from the ``topics`` file (None if it has none): not a
    setting, but read with them at start-up, so that everything made from the
    settings (labels, digests of browse pages) sees the topics too."""

    @cached_property
    def vocabularies(self) -> dict[str, vocab.Vocabulary]:
        """Each vocabulary field as a :class:`~.vocabulary.Vocabulary`."""
        return {
            f.name: vocab.Vocabulary(
                f.metadata["noun"],
                getattr(self, f.name),
                self.synonyms.get(f.name, {}),
            )
            for f in dc.fields(self)
            if f.metadata.get("vocabulary")
        }

    @classmethod
    def from_sphinx(cls, config: Config) -> EvidenceConfig:
        """Build from the (already validated) flat ``evidence_*`` values."""
        return cls(
            **{f.name: getattr(config, f"evidence_{f.name}") for f in setting_fields()}
        )


def setting_fields() -> list[dc.Field[Any]]:
    """The fields that are ``evidence_*`` settings (not what is read with them)."""
    return [f for f in dc.fields(EvidenceConfig) if not f.metadata.get("loaded")]


def _default(field: dc.Field[Any]) -> Any:
    if field.default_factory is not dc.MISSING:
        return field.default_factory()
    return field.default


def normalise_setting(field: dc.Field[Any], value: Any) -> Any:
    """The value in the field's shape, or raise ``ValueError`` saying why not."""
    if field.metadata.get("optional"):
        if not isinstance(value, str):
            raise ValueError("must be a string")
        if value and "{path}" not in value:
            raise ValueError("must contain `{path}`")
        return value.strip()
    if field.metadata.get("synonyms"):
        return _synonyms(value)
    if not field.metadata.get("vocabulary"):
        if not isinstance(value, str) or not value.strip():
            raise ValueError("must be a non-empty string")
        choices = field.metadata.get("choices")
        if choices and value.strip() not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}")
        return value.strip().strip("/")
    if isinstance(value, (list, tuple)):
        value = {item: item for item in value}
    if not isinstance(value, dict) or not value:
        raise ValueError("must be a non-empty list of keys or a dict of key: label")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ValueError("keys and labels must be strings")
    return dict(value)


def _synonyms(value: Any) -> dict[str, dict[str, list[str]]]:
    """``{vocabulary: {key: [words]}}``, a single word allowed instead of a list."""
    vocabularies = [
        f.name for f in dc.fields(EvidenceConfig) if f.metadata.get("vocabulary")
    ]
    if not isinstance(value, dict):
        raise ValueError("must be a dict of vocabulary: {key: [words]}")
    checked: dict[str, dict[str, list[str]]] = {}
    for name, by_key in value.items():
        if name not in vocabularies:
            raise ValueError(
                f"names `{name}`, which is not a vocabulary (use "
                f"{vocab.or_list(vocabularies)})"
            )
        if not isinstance(by_key, dict):
            raise ValueError(f"must give `{name}` as a dict of key: [words]")
        checked[name] = {}
        for key, words in by_key.items():
            listed = [words] if isinstance(words, str) else words
            if not isinstance(key, str) or not isinstance(listed, (list, tuple)):
                raise ValueError(f"must give each key of `{name}` a list of words")
            if not all(isinstance(word, str) for word in listed):
                raise ValueError(f"must give the words for `{key}` as text")
            checked[name][key] = list(listed)
    return checked


def _check_synonym_keys(app: Sphinx, config: Config) -> None:
    """Warn about synonyms set in ``conf.py`` for a key its vocabulary lacks.

    The default synonyms of a vocabulary a site has replaced are dropped
    quietly (see :class:`~.vocabulary.Vocabulary`); synonyms the site wrote
    itself for a key that does not exist are a mistake worth a message.
    """
    synonyms: dict[str, dict[str, list[str]]] = config.evidence_synonyms
    field = next(f for f in dc.fields(EvidenceConfig) if f.name == "synonyms")
    if synonyms == _default(field):
        return
    for name, by_key in synonyms.items():
        terms: dict[str, str] = getattr(config, f"evidence_{name}")
        missing = [key for key in by_key if key not in terms]
        if missing:
            warn(
                EvidenceWarning.CONFIG,
                f"`evidence_synonyms` gives words for {vocab.or_list(missing)}, "
                f"which `evidence_{name}` does not have (its keys are "
                f"{vocab.or_list(terms)}); those words are not suggested.",
                location=_setting_location(app, config, "evidence_synonyms"),
            )


def setup_config(app: Sphinx) -> None:
    """Register every field as ``evidence_<name>`` and validate them on start-up."""
    for field in setting_fields():
        app.add_config_value(f"evidence_{field.name}", _default(field), "env")
    app.connect("config-inited", _validate, priority=400)
    app.connect("config-inited", _check_synonym_keys, priority=401)
    app.connect("config-inited", _keep_validated, priority=402)


def _validate(app: Sphinx, config: Config) -> None:
    """Replace each invalid value by its default, with a warning."""
    for field in setting_fields():
        name = f"evidence_{field.name}"
        try:
            value = normalise_setting(field, getattr(config, name))
        except ValueError as error:
            value = _default(field)
            warn(
                EvidenceWarning.CONFIG,
                f"`{name}` {error}; the default is used instead.",
                location=_setting_location(app, config, name),
            )
        setattr(config, name, value)


def _setting_location(
    app: Sphinx, config: Config, name: str
) -> str | tuple[None, None]:
    """``conf.py:<line>`` where ``name`` is set, if it is set there (not by -D)."""
    conf = Path(app.confdir, "conf.py")
    if name not in config.overrides and conf.is_file():
        lines = conf.read_text(encoding="utf-8", errors="replace").splitlines()
        for number, line in enumerate(lines, start=1):
            if re.match(rf"{name}\s*[:=]", line):
                return f"{conf}:{number}"
    return (None, None)  # given with -D on the command line


def _keep_validated(app: Sphinx, config: Config) -> None:
    """Keep this build's validated settings, and its topics, in its state (once,
    not per page)."""
    settings = EvidenceConfig.from_sphinx(config)
    file = Path(app.srcdir, settings.topics)
    topics, problems = read_topics(file, settings.topics)
    for problem in problems:
        warn(problem.kind, problem.message, location=f"{file}:{problem.line}")
    build_state(app).config = dc.replace(settings, topic_vocabulary=topics)


def get_config(env: BuildEnvironment) -> EvidenceConfig:
    """The validated settings of this build."""
    config = build_state(env).config
    assert config is not None, "read at config-inited, before any document"
    return config
