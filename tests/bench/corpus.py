"""A synthetic evidence base of N summaries, and the same text as plain MyST.

The summaries follow the authoring contract; the plain version has the same
words with the directives replaced by ordinary headings, for a build with
MyST and pydata-sphinx-theme alone.
"""

from __future__ import annotations

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


def _prose(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraphs(rng: random.Random, count: int, words: int) -> str:
    return "\n\n".join(_prose(rng, words) for _ in range(count))


def summary_parts(number: int) -> dict[str, object]:
    """The facts and text of summary ``number`` (deterministic)."""
    rng = random.Random(number)
    hub_number = number // 2  # most hubs have a summary in two years
    year = YEARS[(number % 2) + 2 * (hub_number % 2)]
    return {
        "slug": f"hub-{hub_number:04d}",
        "hub": f"Hub {hub_number:04d} Maths Hub",
        "year": year,
        "region": rng.sample(list(REGIONS), k=rng.choice([1, 1, 1, 2])),
        "goal": rng.choice(list(STRATEGIC_GOALS)),
        "methods": rng.sample(list(METHODS), k=3),
        "tags": rng.sample(TAGS, k=3),
        "questions": [_prose(rng, 18).rstrip(".") + "?" for _ in range(2)],
        "case": _prose(rng, 25),
        "context": _paragraphs(rng, 4, 60),
        "activity": _paragraphs(rng, 2, 60),
        "themes": [
            (
                f"Theme {t + 1} of hub {hub_number} in {year}",
                rng.choice(["finding", "finding", "process"]),
                rng.sample(TAGS, k=2),
                _paragraphs(rng, 2, 45),
                _prose(rng, 30),
            )
            for t in range(5)
        ],
        "conclusion": _paragraphs(rng, 1, 60),
    }


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
        appendices=None,
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
"""  # type: ignore[arg-type]


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


def write_corpus(folder: Path, hubs: int) -> tuple[Path, Path]:
    """Write the evidence site and the plain site with ``hubs`` summaries each.

    The evidence site's summaries go into its ``conf.py``'s folder of summaries,
    written with its vocabularies, as ``evidence new`` would.
    """
    evidence, plain = folder / "evidence", folder / "plain"
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
    ):
        shutil.copy(REPOSITORY / name, evidence / name)
    settings = read_settings(evidence)
    hubs_dir = {evidence: settings.hubs_dir, plain: "hubs"}
    for site, folder_name in hubs_dir.items():
        (site / folder_name).mkdir(parents=True)
    shutil.copy(
        REPOSITORY / "hubs/index.md", evidence / hubs_dir[evidence] / "index.md"
    )
    shutil.copytree(REPOSITORY / "docs", evidence / "docs")
    shutil.copytree(REPOSITORY / "browse", evidence / "browse")
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
        parts = summary_parts(number)
        where = Path(year_folder(str(parts["year"])), str(parts["slug"]))
        for site, text in (
            (evidence, evidence_summary(parts, settings.vocabularies)),
            (plain, plain_summary(parts)),
        ):
            (site / hubs_dir[site] / where).mkdir()
            (site / hubs_dir[site] / where / "index.md").write_text(text)
    return evidence, plain


def edit_one_summary(site: Path, number: int = 0, *, plain: bool = False) -> None:
    """Change the text of one theme of one summary (as an author would)."""
    parts = summary_parts(number)
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
