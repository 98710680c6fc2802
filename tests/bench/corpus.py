"""A synthetic evidence base of N summaries, and the same text as plain MyST.

The summaries follow the authoring contract; the plain version has the same
words with the directives replaced by ordinary headings, for a build with
MyST and pydata-sphinx-theme alone.

Two kinds of text. *Uniform* (the default, the build bench's from the start,
kept so that its figures stay comparable): every summary draws its words
evenly from the same 35, so every search matches nearly every record.
*Varied* (``varied=True``): words drawn with a Zipf-like distribution (the
word of rank r is used in proportion to 1/r) from a seeded vocabulary of
about 3,000: a few dozen common English words, the 35 above, then made-up
words; sections and themes of varied length and number; theme titles of
their own; an appendix page in one summary of four. A search for a
frequent word then matches many records and one for a rare word few, as in
real evidence. Both are deterministic: the same number gives the same text.
"""

from __future__ import annotations

import itertools
import random
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hub_evidence.source.model import HubSummary, year_folder
from hub_evidence.source.vocabulary import METHODS, REGIONS, STRATEGIC_GOALS
from hub_evidence.tools.siteconf import read_settings
from hub_evidence.tools.summary_file import SummaryDocument, ThemeText, summary_markdown

if TYPE_CHECKING:
    from collections.abc import Mapping

    from hub_evidence.source.vocabulary import Vocabulary

REPOSITORY = Path(__file__).resolve().parents[2]
YEARS = ["2021/22", "2022/23", "2023/24", "2024/25"]
TAGS = [
    "confidence", "transition", "teaching-assistants", "non-specialists", "fluency",
    "reasoning", "mastering-number", "early-years", "work-groups", "sktm", "core-maths",
    "gcse-resit", "leadership", "sustainability", "subject-knowledge", "assessment",
    "representations", "parental-engagement", "tsm", "year-7", "ks2", "ks3", "a-level",
    "mixed-age", "timetabling", "rural", "coastal", "recruitment", "early-career",
    "professional-development",
]  # fmt: skip
WORDS = [
    "teachers",
    "schools",
    "hub",
    "work",
    "group",
    "lesson",
    "pupils",
    "number",
    "fluency",
    "reasoning",
    "leaders",
    "evidence",
    "sessions",
    "support",
    "mathematics",
    "mastery",
    "classroom",
    "practice",
    "visits",
    "time",
    "confidence",
    "planning",
    "assessment",
    "representations",
    "structure",
    "progress",
    "collaboration",
    "observation",
    "interview",
    "survey",
    "attainment",
    "subject",
    "knowledge",
    "specialist",
    "network",
]


COMMON = [
    "the", "and", "of", "to", "in", "with", "for", "that", "was", "were", "their",
    "on", "as", "by", "at", "from", "this", "more", "how", "which", "they", "about",
    "some", "most", "across", "after", "when", "each", "between", "through",
]  # fmt: skip
"""English words as frequent as in real prose: the top of the varied vocabulary."""
VOCABULARY_SIZE = 3000
ONSETS = ["b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "br",
          "cl", "dr", "gr", "pl", "st", "tr", "sh", "ch", "th", "w"]  # fmt: skip
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou"]
CODAS = ["", "", "", "", "n", "r", "s", "t", "l", "nd", "st", "ng", "m"]


def _made_up_words(count: int, seed: int = 18) -> list[str]:
    """``count`` distinct pronounceable words of one to three syllables (seeded)."""
    rng = random.Random(seed)
    taken = set(COMMON) | set(WORDS)
    words: list[str] = []
    while len(words) < count:
        word = "".join(
            rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
            for _ in range(rng.choice([1, 2, 2, 2, 3]))
        )
        if word not in taken:
            taken.add(word)
            words.append(word)
    return words


VARIED_WORDS = [*COMMON, *WORDS, *_made_up_words(VOCABULARY_SIZE - 65)]
"""The varied vocabulary, most frequent first."""
_ZIPF = list(itertools.accumulate(1 / rank for rank in range(1, len(VARIED_WORDS) + 1)))


def _words(rng: random.Random, count: int, varied: bool) -> list[str]:
    if varied:
        return rng.choices(VARIED_WORDS, cum_weights=_ZIPF, k=count)
    return [rng.choice(WORDS) for _ in range(count)]


def _prose(rng: random.Random, words: int, varied: bool = False) -> str:
    if varied:  # sentences of varied length, not one the paragraph long
        words = max(4, words + rng.randint(-words // 2, words // 2))
    text = " ".join(_words(rng, words, varied))
    return text[0].upper() + text[1:] + "."


def _paragraphs(
    rng: random.Random, count: int, words: int, varied: bool = False
) -> str:
    if not varied:
        return "\n\n".join(_prose(rng, words) for _ in range(count))
    count = rng.randint(max(1, count - 1), count + 2)
    return "\n\n".join(
        " ".join(_prose(rng, words // 3, varied) for _ in range(rng.randint(2, 4)))
        for _ in range(count)
    )


def _theme_title(
    rng: random.Random, number: int, t: int, year: str, varied: bool
) -> str:
    if not varied:
        return f"Theme {t + 1} of hub {number // 2} in {year}"
    words = [w for w in _words(rng, 12, varied) if w not in COMMON][: rng.randint(3, 7)]
    title = " ".join(words or ["theme"])
    return title[0].upper() + title[1:]


def appendix_page(parts: dict[str, object]) -> str | None:
    """The text of the summary's appendix page (``survey.md``), or None if none."""
    text = parts.get("appendix")
    return None if text is None else f"# Survey instrument\n\n{text}\n"


def summary_parts(number: int, *, varied: bool = False) -> dict[str, object]:
    """The facts and text of summary ``number`` (deterministic).

    ``varied`` gives the varied text (module docstring); the facts (hub, year,
    region, goal, methods, tags) are the same either way.
    """
    rng = random.Random(number)
    hub_number = number // 2  # most hubs have a summary in two years
    year = YEARS[(number % 2) + 2 * (hub_number % 2)]
    parts: dict[str, object] = {
        "slug": f"hub-{hub_number:04d}",
        "hub": f"Hub {hub_number:04d} Maths Hub",
        "year": year,
        "region": rng.sample(list(REGIONS), k=rng.choice([1, 1, 1, 2])),
        "goal": rng.choice(list(STRATEGIC_GOALS)),
        "methods": rng.sample(list(METHODS), k=3),
        "tags": rng.sample(TAGS, k=3),
    }
    # The uniform text goes on from the facts' generator, as it always did.
    text = random.Random(f"varied {number}") if varied else rng
    parts |= {
        "questions": [_prose(text, 18, varied).rstrip(".") + "?" for _ in range(2)],
        "case": _prose(text, 25, varied),
        "context": _paragraphs(text, 4, 60, varied),
        "activity": _paragraphs(text, 2, 60, varied),
        "themes": [
            (
                _theme_title(text, number, t, year, varied),
                text.choice(["finding", "finding", "process"]),
                text.sample(TAGS, k=2),
                _paragraphs(text, 2, 45, varied),
                _prose(text, 30, varied),
            )
            for t in range(text.randint(3, 8) if varied else 5)
        ],
        "conclusion": _paragraphs(text, 1, 60, varied),
        "appendix": _paragraphs(text, 5, 60, varied)
        if varied and number % 4 == 0
        else None,
    }
    return parts


def evidence_summary(
    parts: dict[str, object], vocabularies: Mapping[str, Vocabulary] | None = None
) -> str:
    """A summary in the authoring contract, written as ``evidence new`` writes one."""
    p: dict[str, Any] = parts
    document = SummaryDocument(
        HubSummary(
            hub=p["hub"],
            year=p["year"],
            region=tuple(p["region"]),
            strategic_goal=(p["goal"],),
            research_questions=tuple(p["questions"]),
            case=p["case"],
            evaluators=("A. Evaluator",),
            tags=tuple(p["tags"]),
            status="published",
            sharing="network",
            anonymised_use=True,
            illustrative=True,
        ),
        context=p["context"],
        methods=tuple(p["methods"]),
        activity=p["activity"],
        themes=tuple(
            ThemeText(title, kind, tuple(tags), finding, implication)
            for title, kind, tags, finding, implication in p["themes"]
        ),
        conclusion=p["conclusion"],
        appendices=None if p.get("appendix") is None else "- {doc}`survey`",
    )
    return summary_markdown(document, vocabularies, guidance=False)


def plain_summary(parts: dict[str, object]) -> str:
    """The same text as plain MyST: headings instead of directives.

    The page has the same sections as the evidence site's (themes are rows of
    a table there, not sections, so they are bold paragraphs here).
    """
    p = parts
    themes = "\n\n".join(
        f"**{title}**\n\n*{kind.capitalize()}; {', '.join(tags)}*\n\n{finding}\n\n"
        f"**Possible implication:** {implication}"
        for title, kind, tags, finding, implication in p["themes"]  # type: ignore[attr-defined]
    )
    questions = "".join(f"\n  1. {q}" for q in p["questions"])  # type: ignore[attr-defined]
    appendix = (
        ""
        if p.get("appendix") is None
        else f"\n## Survey instrument\n\n{p['appendix']}\n"
    )
    return f"""# {p["hub"]}

- **Year:** {p["year"]}
- **Region:** {", ".join(p["region"])}
- **Strategic goal:** {p["goal"]}
- **Research questions:**{questions}
- **The case:** {p["case"]}
- **Data collection:** {", ".join(p["methods"])}
- **Tags:** {", ".join(p["tags"])}

## Context

{p["context"]}

## Activity and data collection

{p["activity"]}

## Themes and possible implications

{themes}

## Conclusion

{p["conclusion"]}
{appendix}"""  # type: ignore[arg-type]


def _year_page(year: str) -> str:
    return (
        f"# Summaries {year}\n\n```{{toctree}}\n:glob:\n:maxdepth: 1\n\n*/index\n```\n"
    )


PLAIN_CONF = """\
project = "Plain MyST benchmark"
extensions = ["myst_parser"]
html_theme = "pydata_sphinx_theme"
html_title = "Plain MyST benchmark"
exclude_patterns = ["_build"]
"""

PLAIN_INDEX = """# Plain MyST benchmark

```{toctree}
:maxdepth: 1

hubs/index
```
"""


def write_corpus(folder: Path, hubs: int, *, varied: bool = False) -> tuple[Path, Path]:
    """Write the evidence site and the plain site with ``hubs`` summaries each.

    The evidence site's summaries go into its ``conf.py``'s folder of summaries,
    written with its vocabularies, as ``evidence new`` would; ``varied`` gives
    the varied text (module docstring).
    """
    # Absolute: Sphinx reads conf.py from within its folder.
    evidence, plain = folder.resolve() / "evidence", folder.resolve() / "plain"
    for site in (evidence, plain):
        if site.exists():
            shutil.rmtree(site)
        site.mkdir(parents=True)
    for name in (
        "conf.py",
        "index.md",
        "findings.md",
        "dashboard.md",
        "search-evidence.md",
        "gap-map.md",
    ):
        shutil.copy(REPOSITORY / name, evidence / name)
    settings = read_settings(evidence)
    hubs_dir = {evidence: settings.hubs_dir, plain: "hubs"}
    for site, folder_name in hubs_dir.items():
        (site / folder_name).mkdir(parents=True)
    # The site's topics (they cover every tag of TAGS): the gap map's columns
    # are their groups, and the synthesis pages' topics their labels.
    shutil.copy(REPOSITORY / settings.topics, evidence / settings.topics)
    shutil.copy(
        REPOSITORY / "hubs/index.md", evidence / hubs_dir[evidence] / "index.md"
    )
    shutil.copytree(REPOSITORY / "docs", evidence / "docs")
    shutil.copytree(REPOSITORY / "browse", evidence / "browse")
    shutil.copytree(REPOSITORY / "synthesis", evidence / "synthesis")
    shutil.copytree(REPOSITORY / "_static", evidence / "_static")
    (plain / "conf.py").write_text(PLAIN_CONF)
    (plain / "index.md").write_text(PLAIN_INDEX)
    (plain / "hubs/index.md").write_text(
        "# Summaries\n\n```{toctree}\n:glob:\n:reversed:\n:maxdepth: 1\n\n*/index\n```\n"
    )
    for year in YEARS:
        for site in (evidence, plain):
            (site / hubs_dir[site] / year_folder(year)).mkdir()
            (site / hubs_dir[site] / year_folder(year) / "index.md").write_text(
                _year_page(year)
            )
    for number in range(hubs):
        parts = summary_parts(number, varied=varied)
        where = Path(year_folder(str(parts["year"])), str(parts["slug"]))
        for site, text in (
            (evidence, evidence_summary(parts, settings.vocabularies)),
            (plain, plain_summary(parts)),
        ):
            (site / hubs_dir[site] / where).mkdir()
            (site / hubs_dir[site] / where / "index.md").write_text(text)
        if (appendix := appendix_page(parts)) is not None:
            (evidence / hubs_dir[evidence] / where / "survey.md").write_text(appendix)
    return evidence, plain


def edit_one_summary(
    site: Path, number: int = 0, *, plain: bool = False, varied: bool = False
) -> None:
    """Change the text of one theme of one summary (as an author would)."""
    parts = summary_parts(number, varied=varied)
    where = (
        site
        / "hubs"
        / str(parts["year"]).replace("/", "-")
        / str(parts["slug"])
        / "index.md"
    )
    text = where.read_text()
    first_finding = parts["themes"][0][3]  # type: ignore[index]
    where.write_text(text.replace(first_finding, first_finding + " Edited.", 1))
