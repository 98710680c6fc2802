"""A build reads the sources and writes only its output (promise 2).

Every file of a checkout of the site is digested before and after builds for
each audience, with both HTML builders, serial and parallel, from scratch and
again after an edit: no file may be created, changed or deleted. (The
combinations are spread over five builds rather than taken all together.)
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from .helpers import sphinx_build

SUMMARY = "hubs/2023-24/severnside/index.md"
"""A public summary: in every audience's build."""


def digests(checkout: Path) -> dict[str, str]:
    """Every file of the checkout but git's own (git may refresh its index)."""
    return {
        path.relative_to(checkout).as_posix(): hashlib.sha256(
            path.read_bytes()
        ).hexdigest()
        for path in sorted(checkout.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(checkout).parts
    }


def test_no_build_writes_into_the_source_tree(
    site_checkout: Path, tmp_path: Path
) -> None:
    checkout = tmp_path / "site"
    shutil.copytree(site_checkout, checkout, symlinks=True)
    out = tmp_path / "out"  # outside the checkout, as `nox -s build` keeps it

    def run(name: str, audience: str, builder: str, jobs: str) -> Path:
        sphinx_build(
            checkout,
            out / name,
            *("-b", builder, "-j", jobs, "-W", "--keep-going", "-n"),
            *("-d", str(out / f"{name}.doctrees")),
            *("-D", f"evidence_audience={audience}"),
        )
        return out / name

    before = digests(checkout)
    assert SUMMARY in before and "browse/tags/index.md" in before
    network = run("network", "network", "html", "1")
    public = run("public", "public", "dirhtml", "2")
    run("preview", "preview", "html", "2")
    assert digests(checkout) == before
    # The browse pages were made (into the output only).
    assert (network / "browse/tags/confidence.html").is_file()
    assert (public / "browse/tags/confidence/index.html").is_file()

    summary = checkout / SUMMARY
    text = summary.read_text(encoding="utf-8")
    assert "tags: [transition," in text
    summary.write_text(
        text.replace("tags: [transition,", "tags: [lesson-study, transition,"),
        encoding="utf-8",
    )
    # A new tag is a new topic, added to the topics in the same change.
    with (checkout / "hubs/topics.yaml").open("a", encoding="utf-8") as topics:
        topics.write(
            "  lesson-study:\n    label: Lesson study\n    scope: Use for lesson"
            " study.\n    group: teacher-development\n"
        )
    edited = digests(checkout)
    run("network", "network", "html", "1")
    run("public", "public", "dirhtml", "2")
    assert digests(checkout) == edited
    # The edit reached the output: a new tag's page.
    assert (network / "browse/tags/lesson-study.html").is_file()
    assert (public / "browse/tags/lesson-study/index.html").is_file()
