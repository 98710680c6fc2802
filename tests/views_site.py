"""A small evidence base for the cross-hub view tests: three hubs, two years."""

from __future__ import annotations

from pathlib import Path

from .helpers import GOOD_SUMMARY, summary_files

REPOSITORY = Path(__file__).parent.parent
BROWSE_INDEXES: dict[str, str | bytes] = {
    path.relative_to(REPOSITORY).as_posix(): path.read_text(encoding="utf-8")
    for path in sorted((REPOSITORY / "browse").rglob("*.md"))
}
"""The site's own browse index pages (the pages under them are made by builds)."""


def summary(
    hub: str,
    year: str,
    region: str,
    goal: str,
    *,
    tags: str = "confidence",
    theme: str = "Confidence with early number grew",
    finding: str = "Finding text.",
    methods: str = "interviews, survey, lesson-observation",
    kind: str = "finding",
) -> str:
    """The contract's example summary, with these facts and one theme."""
    return (
        GOOD_SUMMARY.replace("Northshire Maths Hub", hub)
        .replace("year: 2023/24", f"year: {year}")
        .replace("region: North West", f"region: {region}")
        .replace("strategic_goal: primary", f"strategic_goal: {goal}")
        .replace("Confidence with early number grew", theme)
        .replace(":tags: confidence", f":tags: {tags}")
        .replace(":kind: finding", f":kind: {kind}")
        .replace("Finding text.", finding)
        .replace(
            ":methods: interviews, survey, lesson-observation", f":methods: {methods}"
        )
    )


FINDINGS_PAGE = """# Findings

## All

```{findings}
:group-by: strategic-goal
```

## North West or London, secondary only

```{findings}
:region: North West, London
:strategic-goal: secondary
```

## Anonymised

```{findings}
:anonymise:
```

## Catalogue of 2024/25

```{hub-catalogue}
:year: 2024/25
```

## Counts

```{evidence-chart}
:by: region
```
"""


DASHBOARD_PAGE = """# Dashboard

```{evidence-chart}
:by: kind
```
"""


def site_files() -> dict[str, str | bytes]:
    """Three hubs (one in both years) and a page of views."""
    files: dict[str, str | bytes] = {}
    files |= summary_files(
        summary(
            "Northshire Maths Hub",
            "2023/24",
            "North West",
            "primary",
            tags="confidence, early-years",
        ),
        folder="hubs/2023-24/northshire",
    )
    files |= summary_files(
        summary(
            "Northshire Maths Hub",
            "2024/25",
            "North West",
            "primary",
            theme="Confidence lasted",
            finding="Confidence lasted into a second year.",
            tags="confidence",
        ),
        folder="hubs/2024-25/northshire",
    )
    files |= summary_files(
        summary(
            "Fenmarsh Maths Hub",
            "2024/25",
            "London",
            "secondary",
            theme="Non-specialists gained subject knowledge",
            finding="Non-specialist teachers gained subject knowledge.",
            tags="non-specialists",
            methods="focus-group",
            kind="process",
        ),
        folder="hubs/2024-25/fenmarsh",
    )
    files |= summary_files(
        summary(
            "Calderbrook Maths Hub",
            "2023/24",
            "Yorkshire and the Humber",
            "post-16",
            theme="Core Maths grew",
            finding="Core Maths entries grew.",
            tags="core-maths",
        ),
        folder="hubs/2023-24/calderbrook",
    )
    files["findings.md"] = FINDINGS_PAGE
    files["dashboard.md"] = DASHBOARD_PAGE
    return files | BROWSE_INDEXES


SITE_INDEX = """# Test site

```{toctree}
:glob:

hubs/*/*/index
findings
dashboard
browse/index
```
"""
