"""``evidence publish``: releases, an atomic ``current`` link, rollback, refusals."""

from __future__ import annotations

import shutil
import urllib.request
from pathlib import Path

import pytest

from .browser import served
from .helpers import (
    GOOD_SUMMARY,
    SITE_INDEX,
    build,
    sphinx_build,
    summary_files,
    write_site,
)
from .test_cli import run


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def serves_complete(target: Path, built: Path) -> None:
    """``current`` is a whole build, byte for byte, and a web server serves it."""
    assert (target / "current").is_symlink()
    assert tree(target / "current") == tree(built)
    with served(target / "current") as site:
        for page in ("index.html", "search-evidence.html", "pagefind/pagefind.js"):
            with urllib.request.urlopen(site + page) as response:
                assert response.status == 200


def test_publish_twice_then_roll_back(built_site: Path, tmp_path: Path) -> None:
    target = tmp_path / "intranet"
    first = run("publish", str(built_site), "--to", str(target), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    serves_complete(target, built_site)
    second_build = small_build(tmp_path / "second")
    second = run("publish", str(second_build), "--to", str(target), cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    serves_complete(target, second_build)
    assert len(list((target / "releases").iterdir())) == 2
    back = run("publish", "--rollback", "--to", str(target), cwd=tmp_path)
    assert back.returncode == 0, back.stderr
    serves_complete(target, built_site)
    assert "Rolled back" in back.stdout
    # Nothing is left half-copied beside the releases.
    assert {p.name for p in target.iterdir()} == {"current", "releases"}
    assert not [p for p in (target / "releases").iterdir() if p.name.startswith(".")]


def small_build(folder: Path) -> Path:
    """A complete build of a small site for the network, as a reader makes it."""
    srcdir = write_site(
        folder / "src",
        summary_files(GOOD_SUMMARY),
        index=SITE_INDEX.replace("index\n```", "index\nsearch-evidence\n```"),
    )
    (srcdir / "search-evidence.md").write_text(
        "# Search\n\n:::{evidence-search}\n:::\n"
    )
    out = folder / "html"
    sphinx_build(srcdir, out, "-D", "evidence_audience=network")
    return out


@pytest.mark.parametrize("change", ["added", "removed", "edited"])
def test_a_folder_that_is_not_as_built_is_refused(
    built_site: Path, tmp_path: Path, change: str
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(built_site, copy)
    page = copy / "hubs/2023-24/northshire/index.html"
    if change == "added":
        (copy / "hubs/2023-24/old-page.html").write_text("withdrawn")
    elif change == "removed":
        page.unlink()
    else:
        page.write_text(page.read_text().replace("Northshire", "Southshire"))
    result = run("publish", str(copy), "--to", str(tmp_path / "t"), cwd=tmp_path)
    assert result.returncode == 1
    named = "old-page.html" if change == "added" else "northshire/index.html"
    assert named in result.stderr
    assert "Build it again into an empty folder" in result.stderr
    assert not (tmp_path / "t").exists()


def test_only_the_newest_releases_are_kept(built_site: Path, tmp_path: Path) -> None:
    target = tmp_path / "intranet"
    for _ in range(4):
        result = run(
            "publish", str(built_site), "--to", str(target), "--keep", "2", cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr
    releases = sorted((target / "releases").iterdir())
    assert len(releases) == 2
    assert (target / "current").resolve() == releases[-1]


def test_a_build_for_another_audience_is_refused(
    preview_site: Path, tmp_path: Path
) -> None:
    result = run(
        "publish", str(preview_site), "--to", str(tmp_path / "t"), cwd=tmp_path
    )
    assert result.returncode == 1
    assert "built for the preview audience, not network" in result.stderr
    assert not (tmp_path / "t").exists()


def test_a_build_with_warnings_is_refused(tmp_path: Path) -> None:
    bad = GOOD_SUMMARY.replace(":kind: finding", ":kind: findng")
    srcdir = write_site(tmp_path / "src", summary_files(bad))
    out = build(srcdir, evidence_audience="network").outdir
    result = run("publish", str(out), "--to", str(tmp_path / "t"), cwd=tmp_path)
    assert result.returncode == 1
    assert "with 1 warning(s)" in result.stderr


def test_an_unfinished_build_is_refused(built_site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(built_site, copy)
    (copy / ".evidence-build.json").unlink()
    result = run("publish", str(copy), "--to", str(tmp_path / "t"), cwd=tmp_path)
    assert result.returncode == 1
    assert "not a finished build" in result.stderr


def test_rollback_needs_an_earlier_release(built_site: Path, tmp_path: Path) -> None:
    target = tmp_path / "intranet"
    assert (
        run("publish", "--rollback", "--to", str(target), cwd=tmp_path).returncode == 1
    )
    run("publish", str(built_site), "--to", str(target), cwd=tmp_path)
    result = run("publish", "--rollback", "--to", str(target), cwd=tmp_path)
    assert result.returncode == 1
    assert "oldest release" in result.stderr
