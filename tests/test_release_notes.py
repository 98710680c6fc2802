"""Release notes: each release records what it changed for readers, from the
release live before it; ``--history`` lists them, a rollback says what it
takes back, and the notes never name what the folder's audience may not see.

The first tests compare hand-made ``evidence.json`` files (what a build
writes, :mod:`hub_evidence.output.exports`); the last publish real builds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hub_evidence.tools import publish as publishing
from hub_evidence.tools.release_notes import describe, fingerprint, release_changes

from .helpers import PUBLIC_SUMMARY, build_for, git, site_repository, summary_files
from .test_cli import run


def theme(title: str, finding: str = "Finding text.") -> dict[str, Any]:
    anchor = title.lower().replace(" ", "-")
    return {
        "anchor": anchor,
        "url": f"x.html#{anchor}",
        "title": title,
        "kind": "finding",
        "tags": [],
        "finding": finding,
        "implication": "What the hub might do.",
    }


def summary(
    slug: str, hub: str, *themes: dict[str, Any], **front: Any
) -> dict[str, Any]:
    return {
        "slug": slug,
        "url": f"hubs/2024-25/{slug}/index.html",
        "title": hub,
        "hub": hub,
        "year": "2024/25",
        "region": ["North West"],
        "evaluators": ["A. Evaluator"],
        **front,
        "methods": ["survey"],
        "themes": list(themes),
    }


def release(
    folder: Path, *summaries: dict[str, Any], audience: str = "network"
) -> Path:
    folder.mkdir(parents=True)
    data = {"format_version": 1, "audience": audience, "summaries": list(summaries)}
    (folder / "evidence.json").write_text(json.dumps(data))
    return folder


NORTH = summary("north", "Illustrative North Hub", theme("Confidence grew"))
SOUTH = summary(
    "south",
    "Illustrative South Hub",
    theme("Talk improved"),
    theme("Time was short"),
    theme("Leaders engaged", "Leaders came to every session."),
    theme("Old title", "Unchanged text."),
)


def test_a_first_release_says_so(tmp_path: Path) -> None:
    changes = release_changes(release(tmp_path / "a", NORTH, SOUTH), None)
    assert changes == {"first": True, "summaries": 2, "themes": 5}
    assert describe(changes) == ["First release: 2 summaries, 5 themes."]


def test_summaries_added_removed_and_updated_with_their_themes(tmp_path: Path) -> None:
    before = release(tmp_path / "before", NORTH, SOUTH)
    south = summary(
        "south",
        "Illustrative South Hub",
        theme("Talk improved", "Talk improved in every class."),  # edited
        theme("Leaders engaged", "Leaders came to every session."),  # as it was
        theme("New title", "Unchanged text."),  # renamed
        theme("Parents joined", "Parents came."),  # added; "Time was short" removed
        region=["North West", "North East"],
    )
    east = summary("east", "Illustrative East Hub", theme("One"), theme("Two"))
    after = release(tmp_path / "after", south, east)
    changes = release_changes(after, before)
    assert changes["since"] == "before"
    assert changes["added"] == [
        {
            "id": "2024-25/east",
            "hub": "Illustrative East Hub",
            "year": "2024/25",
            "themes": 2,
        }
    ]
    assert changes["removed"] == [
        {"id": "2024-25/north", "hub": "Illustrative North Hub", "year": "2024/25"}
    ]
    [updated] = changes["updated"]
    assert updated["id"] == "2024-25/south"
    assert updated["details"] == ["region"]
    assert {
        kind: [t["title"] for t in themes] for kind, themes in updated["themes"].items()
    } == {
        "edited": ["Talk improved"],
        "added": ["Parents joined"],
        "renamed": ["New title"],
        "removed": ["Time was short"],
    }
    assert updated["themes"]["renamed"][0]["from"] == "Old title"
    # Fingerprints of the text, never the text itself.
    edited = updated["themes"]["edited"][0]
    assert edited["fingerprint"] == fingerprint(south["themes"][0])
    assert edited["fingerprint"] != fingerprint(SOUTH["themes"][0])
    assert "every class" not in json.dumps(changes)
    assert describe(changes) == [
        "Added: Illustrative East Hub 2024/25 (2 themes)",
        "Updated: Illustrative South Hub 2024/25: themes changed: 'Talk improved' "
        "edited, 'Parents joined' added, 'Old title' renamed 'New title', "
        "'Time was short' removed; details changed: region",
        "Removed: Illustrative North Hub 2024/25",
    ]


def test_a_release_that_changes_no_summary_says_so(tmp_path: Path) -> None:
    before = release(tmp_path / "before", NORTH)
    moved = {**NORTH, "themes": [{**NORTH["themes"][0], "anchor": "x", "url": "y"}]}
    changes = release_changes(release(tmp_path / "after", moved), before)
    assert (changes["added"], changes["updated"], changes["removed"]) == ([], [], [])
    assert describe(changes) == ["No summary or theme changed."]


def test_nothing_is_named_from_a_release_for_another_audience(tmp_path: Path) -> None:
    network = release(tmp_path / "network", NORTH, SOUTH)
    public = release(tmp_path / "public", SOUTH, audience="public")
    for after, before in ((public, network), (network, public)):
        changes = release_changes(after, before)
        assert set(changes) == {"since", "unknown"}
        assert "Illustrative" not in json.dumps(changes)
        assert describe(changes) == [
            "Changes not known: the release before it has another kind of "
            "evidence.json."
        ]


def test_a_release_without_readable_evidence_is_not_known(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "evidence.json").write_text('{"summaries": [{"slug": 1}]')
    changes = release_changes(release(tmp_path / "new", NORTH), broken)
    assert changes == {
        "since": "broken",
        "unknown": "the release before it has no readable evidence.json",
    }
    # Releases published before releases had notes have no line of them.
    assert describe(None) == []


# -- publishing real builds -----------------------------------------------------

SOUTHSHIRE = (
    PUBLIC_SUMMARY.replace("Northshire", "Southshire")
    .replace("Confidence with early number grew", "Reasoning was heard more often")
    .replace("Finding text.", "Pupils explained their methods.")
)


def add_summary(srcdir: Path, text: str, folder: str) -> None:
    for name, content in summary_files(text, folder).items():
        path = srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)


def commit(srcdir: Path, message: str, audience: str = "network") -> Path:
    """Commit the site's changes and build it, as the publish workflow does."""
    git(srcdir, "add", "-A")
    git(srcdir, "commit", "-qm", message)
    return build_for(srcdir, audience)


def history(target: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads((target / "history.json").read_text())[
        "releases"
    ]
    return entries


def test_publishing_two_builds_records_the_difference_and_history_shows_it(
    tmp_path: Path,
) -> None:
    srcdir = site_repository(tmp_path / "src")
    target = tmp_path / "intranet"
    first = publishing.publish(build_for(srcdir), target, "network")
    # A second summary, and the first one's theme edited and a theme added.
    add_summary(srcdir, SOUTHSHIRE, "hubs/2023-24/southshire")
    north = srcdir / "hubs/2023-24/northshire/index.md"
    north.write_text(
        north.read_text()
        .replace("Finding text.", "Finding text, checked again.")
        .replace(
            ":::::\n\n:::{conclusion}",
            "::::{theme} Leaders met each term\n:kind: process\nThey met.\n\n"
            ":::{implication}\nKeep meeting.\n:::\n::::\n:::::\n\n:::{conclusion}",
        )
    )
    second = publishing.publish(
        commit(srcdir, "Southshire; Northshire's themes"), target, "network"
    )

    [one, two] = history(target)
    assert one["changes"] == {"first": True, "summaries": 1, "themes": 1}
    assert two["changes"]["since"] == first.name
    listing = run("publish", "--history", "--to", str(target), cwd=srcdir)
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert lines[0].startswith(f"{second.name} (live)")
    assert lines[1:4] == [
        "    Added: Southshire Maths Hub 2023/24 (1 theme)",
        "    Updated: Northshire Maths Hub 2023/24: themes changed: 'Confidence with "
        "early number grew' edited, 'Leaders met each term' added",
        "    Commits:",
    ]
    assert lines[4].endswith("Southshire; Northshire's themes")
    assert lines[5].startswith(first.name)
    assert lines[6] == "    First release: 1 summary, 1 theme."

    back = run("publish", "--rollback", "--to", str(target), cwd=tmp_path)
    assert back.returncode == 0, back.stderr
    assert back.stdout.splitlines()[1:] == [
        f"It took back what {second.name} changed:",
        "    Added: Southshire Maths Hub 2023/24 (1 theme)",
        "    Updated: Northshire Maths Hub 2023/24: themes changed: 'Confidence with "
        "early number grew' edited, 'Leaders met each term' added",
    ]
    after = run("publish", "--history", "--to", str(target), cwd=srcdir).stdout
    lines = after.splitlines()
    assert lines[0].startswith(f"rolled back from {second.name} to {first.name}")
    assert lines[1:3] == [
        f"    It took back what {second.name} changed:",
        "        Added: Southshire Maths Hub 2023/24 (1 theme)",
    ]


def test_a_withdrawn_summary_is_removed_by_name_only_and_other_audiences_never_named(
    tmp_path: Path,
) -> None:
    # The public folder: Northshire and Eastshire are public, Southshire is
    # shared with the network only.
    network_only = SOUTHSHIRE.replace("sharing: public", "sharing: network")
    srcdir = site_repository(tmp_path / "src")
    add_summary(srcdir, network_only, "hubs/2023-24/southshire")
    eastshire = (
        PUBLIC_SUMMARY.replace("Northshire", "Eastshire")
        .replace("Confidence with early number grew", "Number talks spread")
        .replace("Finding text.", "Teachers used number talks.")
        .replace("What the hub might do about it.", "Share the talks.")
    )
    add_summary(srcdir, eastshire, "hubs/2023-24/eastshire")
    target = tmp_path / "public"
    publishing.publish(commit(srcdir, "Three hubs", "public"), target, "public")
    # Southshire is edited, Northshire withdrawn (back to a draft).
    south = srcdir / "hubs/2023-24/southshire/index.md"
    south.write_text(south.read_text().replace("their methods", "their thinking"))
    north = srcdir / "hubs/2023-24/northshire/index.md"
    north.write_text(north.read_text().replace("status: published", "status: draft"))
    built = commit(srcdir, "Withdraw Northshire", "public")
    publishing.publish(built, target, "public")

    notes = history(target)[-1]["changes"]
    assert describe(notes) == ["Removed: Northshire Maths Hub 2023/24"]
    recorded = (target / "history.json").read_text()
    assert "Southshire" not in recorded  # never in the public site
    for words in ("Confidence with early number grew", "Finding text", "What the hub"):
        assert words not in recorded, words
    listing = run("publish", "--history", "--to", str(target), cwd=srcdir).stdout
    assert "Southshire" not in listing
