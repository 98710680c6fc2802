"""A build's output equals a fresh build's, whatever was built into its folder before.

A summary carrying sentinel words in every part (themes, a tag of its own, an
appendix page, an appendix file, its hub's name) is withdrawn, deleted, renamed
or moved; an incremental build into the same folder must then hold no trace of
what is gone, and be the same, file for file and byte for byte, as a fresh
build of the same sources.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .helpers import GOOD_SUMMARY, build, every_file, summary_files, write_site
from .views_site import SITE_INDEX, site_files

NETWORK_CONF = (
    'extensions = ["hub_evidence"]\nmyst_enable_extensions = ["colon_fence"]\n'
    'evidence_audience = "network"\n'
)
WORD = "Quillwharf"
"""In every part of the summary that goes away, and nowhere else."""
FOLDER = "hubs/2023-24/quillwharf"


def sentinel_summary() -> dict[str, str | bytes]:
    text = (
        GOOD_SUMMARY.replace("Northshire Maths Hub", f"{WORD} Maths Hub")
        .replace("anonymised_use: true", "anonymised_use: false")
        .replace("Finding text.", f"{WORD} teachers found it so.")
        .replace(":tags: confidence", f":tags: confidence, {WORD.lower()}-tag")
        .replace("Case study <case-study.pdf>", f"{WORD} case study <case-study.pdf>")
    )
    files = summary_files(text, folder=FOLDER)
    files[f"{FOLDER}/survey.md"] = f"# {WORD} survey\n\nQuestions.\n"
    files[f"{FOLDER}/case-study.pdf"] = f"%PDF-1.4 {WORD}\n".encode()
    return files


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def narrow_sharing(srcdir: Path) -> None:
    edit(srcdir / FOLDER / "index.md", "sharing: network", "sharing: hub")


def back_to_draft(srcdir: Path) -> None:
    edit(srcdir / FOLDER / "index.md", "status: published", "status: draft")


def delete(srcdir: Path) -> None:
    shutil.rmtree(srcdir / FOLDER)


def rename_folder(srcdir: Path) -> None:
    (srcdir / FOLDER).rename(srcdir / "hubs/2023-24/quill-wharf")


def move_year(srcdir: Path) -> None:
    (srcdir / FOLDER).rename(srcdir / "hubs/2024-25/quillwharf")
    edit(srcdir / "hubs/2024-25/quillwharf/index.md", "2023/24", "2024/25")


WITHDRAWN: dict[str, Callable[[Path], None]] = {
    "sharing narrowed": narrow_sharing,
    "back to draft": back_to_draft,
    "deleted": delete,
}
RELOCATED: dict[str, Callable[[Path], None]] = {
    "folder renamed": rename_folder,
    "moved to another year": move_year,
}


def rebuilt_and_fresh(
    tmp_path: Path, change: Callable[[Path], None], parallel: int = 0
) -> tuple[Path, Path]:
    """The output of a build, a change, an incremental build; and a fresh build's."""
    srcdir = write_site(
        tmp_path / "src", site_files() | sentinel_summary(), NETWORK_CONF, SITE_INDEX
    )
    first = build(srcdir, parallel=parallel)
    assert first.warnings == []
    assert traces(first.outdir)
    assert (first.outdir / FOLDER / "index.html").is_file()
    change(srcdir)
    again = build(srcdir, parallel=parallel, fresh=False)
    assert again.warnings == []
    copy = tmp_path / "fresh"
    shutil.copytree(srcdir, copy, ignore=shutil.ignore_patterns("_build"))
    fresh = build(copy, parallel=parallel)
    return again.outdir, fresh.outdir


def traces(outdir: Path) -> list[str]:
    """The files that hold the sentinel word (compressed ones opened)."""
    files = every_file(outdir, opened=True)
    return sorted(name for name, data in files.items() if WORD.encode() in data)


def assert_same_files(rebuilt_dir: Path, fresh_dir: Path) -> None:
    rebuilt, fresh = every_file(rebuilt_dir), every_file(fresh_dir)
    assert len(fresh) > 20
    assert sorted(rebuilt.keys() - fresh.keys()) == [], "left behind"
    assert sorted(fresh.keys() - rebuilt.keys()) == [], "missing"
    assert sorted(n for n in fresh if rebuilt[n] != fresh[n]) == [], "different"


@pytest.mark.parametrize("change", list(WITHDRAWN))
def test_a_withdrawn_summary_leaves_no_trace_and_the_rebuild_equals_a_fresh_one(
    tmp_path: Path, change: str
) -> None:
    rebuilt, fresh = rebuilt_and_fresh(tmp_path, WITHDRAWN[change])
    assert traces(rebuilt) == []
    assert_same_files(rebuilt, fresh)


@pytest.mark.parametrize("change", list(RELOCATED))
def test_a_moved_summary_leaves_nothing_at_its_old_place(
    tmp_path: Path, change: str
) -> None:
    rebuilt, fresh = rebuilt_and_fresh(tmp_path, RELOCATED[change])
    assert not (rebuilt / FOLDER).exists()
    assert traces(rebuilt)
    assert_same_files(rebuilt, fresh)


def test_a_parallel_rebuild_after_a_deletion_equals_a_fresh_one(
    tmp_path: Path,
) -> None:
    rebuilt, fresh = rebuilt_and_fresh(tmp_path, delete, parallel=2)
    assert traces(rebuilt) == []
    assert_same_files(rebuilt, fresh)


def test_files_the_build_did_not_write_are_left_alone_and_reported(
    tmp_path: Path,
) -> None:
    srcdir = write_site(tmp_path / "src", site_files(), NETWORK_CONF, SITE_INDEX)
    outdir = build(srcdir).outdir
    stray = outdir / "notes" / "mine.txt"
    stray.parent.mkdir()
    stray.write_text("not the build's")
    again = build(srcdir, fresh=False)
    assert stray.read_text() == "not the build's"
    assert "notes/mine.txt" in again.status


def test_a_link_shows_the_new_title_of_the_page_it_links_to(tmp_path: Path) -> None:
    links = (
        "# Links\n\nSee {doc}`hubs/2023-24/calderbrook/index` and "
        "[](hubs/2024-25/fenmarsh/index.md).\n"
    )
    # The summaries are not in the navigation bar (their titles would be on
    # every page): only the links show them.
    hubs = "# Summaries\n\n```{toctree}\n:glob:\n\n*/*/index\n```\n"
    files = site_files() | {"links.md": links, "hubs/index.md": hubs}
    index = "# Site\n\n```{toctree}\nhubs/index\nlinks\nfindings\ndashboard\nbrowse/index\n```\n"
    srcdir = write_site(tmp_path / "src", files, NETWORK_CONF, index)
    build(srcdir)
    for summary in ("2023-24/calderbrook", "2024-25/fenmarsh"):
        edit(
            srcdir / f"hubs/{summary}/index.md", "Maths Hub\n", "Maths Hub (renamed)\n"
        )
    again = build(srcdir, fresh=False)
    assert again.warnings == []
    head, body = (again.outdir / "links.html").read_text().split("<body", 1)
    assert body.count("Maths Hub (renamed)") == 2
    # The page's description (its first paragraph) has the new titles too.
    assert head.count("Maths Hub (renamed)") == 2
    copy = tmp_path / "fresh"
    shutil.copytree(srcdir, copy, ignore=shutil.ignore_patterns("_build"))
    assert_same_files(again.outdir, build(copy).outdir)
