"""``evidence new``: a new summary, laid out as the template, for its author to fill.

The front matter is filled from what the author gave; the template's guidance
(the six context prompts, the pairing of themes with implications) is written
as MyST comments (``%`` lines), which never appear on the page. Until the
author writes each section, the checks say which ones are still empty.
"""

from __future__ import annotations

import dataclasses as dc
from pathlib import Path

from .model import YEAR_PATTERN, year_folder
from .vocabulary import tag_slug

CONTEXT_PROMPTS = (
    "Brief overview of hub region and current activity/capacity in areas of focus",
    "How does the area of focus relate to a national priority?",
    "Why is the focus important and interesting to the hub?",
    "The teacher/school profile",
    "Engagement with the Maths Hub (historical)",
    "Events to be aware of during the period of data collection",
)
"""The template's "To include:" prompts for the context."""


class ScaffoldError(Exception):
    """The summary cannot be created; the message says why."""


@dc.dataclass(frozen=True)
class NewSummary:
    """What the author tells ``evidence new``."""

    hub: str
    year: str
    region: str = ""
    goal: str = ""
    evaluators: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """The hub's folder: ``Northshire Maths Hub`` -> ``northshire``."""
        name = self.hub.strip()
        if name.lower().endswith(" maths hub"):
            name = name[: -len(" maths hub")]
        return tag_slug(name)


def _value(text: str, example: str) -> str:
    return f" {text}" if text else f"  # for example: {example}"


def summary_text(new: NewSummary) -> str:
    """The new summary's MyST text."""
    evaluators = ", ".join(new.evaluators)
    prompts = "\n".join(f"% - {prompt}" for prompt in CONTEXT_PROMPTS)
    return f"""---
hub: {new.hub}
year: {new.year}
region:{_value(new.region, "North West")}
strategic_goal:{_value(new.goal, "primary")}
goal_statement:  # the aspect of the strategic goal, in words
research_questions:
  # - one line per research question
case:  # the answer to "What is the case?"
evaluators: [{evaluators}]
focus: []  # strategic-goal, local, tsm
tags: []  # topics, as lowercase words joined by hyphens
status: draft
sharing: hub  # hub, network or public: agree it with the hub
anonymised_use: false  # true once the hub agrees to anonymised use
---

# {new.hub}

:::{{context}}
% Replace these comment lines (starting with %) with the context. To include:
{prompts}
:::

:::{{activity}}
:methods:
% What was done, when, and how the data were collected. List the methods on the
% line above (their names are in the author guide), e.g. interviews, survey.
:::

:::::{{themes}}
% One theme per finding or process theme, each with its possible implication.
% Copy the whole theme block (from ::::{{theme}} to ::::) for each further theme.

::::{{theme}} Write the theme's title here
:kind: finding
:tags:
% The finding (or, for a process theme, what was learnt about the process).

:::{{implication}}
% What the hub might do about it.
:::
::::
:::::

:::{{conclusion}}
% What the evaluation concludes.
:::

:::{{appendices}}
% Links to other outputs, e.g. {{download}}`Case study (PDF) <case-study.pdf>`,
% with the files saved in this folder. Delete this section if there are none.
:::
"""


def create_summary(new: NewSummary, project: Path, hubs_dir: str = "hubs") -> Path:
    """Write the new summary's ``index.md``; its path."""
    if not new.hub.strip() or not new.slug:
        raise ScaffoldError("Give the hub's name, like --hub 'Northshire Maths Hub'.")
    if not YEAR_PATTERN.match(new.year):
        raise ScaffoldError(f"Write the year like 2024/25, not `{new.year}`.")
    path = project / hubs_dir / year_folder(new.year) / new.slug / "index.md"
    if path.exists():
        raise ScaffoldError(f"{path} already exists: edit it instead.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(summary_text(new), encoding="utf-8")
    return path
