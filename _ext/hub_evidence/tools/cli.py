"""The ``evidence`` command: tools for authors and maintainers of the evidence site."""

from __future__ import annotations

import argparse
import dataclasses as dc
import sys
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path

from ..source.config import EvidenceConfig
from ..source.facets import FACETS
from ..source.vocabulary import VOCABULARIES
from .check import find_project, run_checks, run_sphinx, select, shorten
from .exportdocx import ExportError, export_summary, summary_files
from .history_listing import history_listing, taken_back
from .importdocx import DocumentError, import_document
from .publish import (
    CURRENT,
    PUBLISHABLE,
    WAIT,
    PublishError,
    publish,
    read_history,
    rollback,
)
from .scaffold import (
    YEAR_PAGE_NOTE,
    NewSummary,
    ScaffoldError,
    create_page_of_listed_year,
    create_summary,
)
from .siteconf import SettingsError, read_settings

AUDIENCES: tuple[str, ...] = next(
    field.metadata["choices"]
    for field in dc.fields(EvidenceConfig)
    if field.name == "audience"
)
"""The audiences a build can be for (the setting's own choices)."""


def _project(args: argparse.Namespace) -> Path | None:
    start = Path(args.project) if args.project else Path.cwd()
    project = find_project(start.resolve())
    if project is None:
        print(
            f"No conf.py found in {start} or the folders above it: run this inside "
            "the evidence site's repository, or give --project.",
            file=sys.stderr,
        )
    return project


def _check(args: argparse.Namespace) -> int:
    project = _project(args)
    if project is None:
        return 2
    missing = [path for path in args.paths if not Path(path).exists()]
    if missing:
        print(f"No such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    reports = select(run_checks(project, jobs=args.jobs), [Path(p) for p in args.paths])
    for report in reports:
        print(shorten(report, Path.cwd()))
    files = {report.path for report in reports if report.path}
    if reports:
        noun = "problem" if len(reports) == 1 else "problems"
        print(f"\n{len(reports)} {noun} in {len(files)} file(s).", file=sys.stderr)
        return 1
    print("No problems found.", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    project = _project(args)
    if project is None:
        return 2
    out = Path(args.to).resolve()
    overrides = {"evidence_audience": args.audience}
    reports = run_sphinx(
        project, "evidence-export", overrides, outdir=out, jobs=args.jobs
    )
    for report in reports:
        print(shorten(report, Path.cwd()))
    if reports:
        print(
            f"\nThe exports in {out} may be incomplete: fix the problems above first.",
            file=sys.stderr,
        )
        return 1
    print(
        f"Exports for the {args.audience} audience written to {out}.", file=sys.stderr
    )
    return 0


def _settings(
    args: argparse.Namespace, project: Path
) -> tuple[str, EvidenceConfig] | None:
    """The summaries' folder (``--hubs-dir``, else ``conf.py``'s) and the settings."""
    try:
        settings = read_settings(project)
    except SettingsError as error:
        print(error, file=sys.stderr)
        return None
    return args.hubs_dir or settings.hubs_dir, settings


def _year_page_note(year_page: Path | None, project: Path, year: str) -> None:
    if year_page is not None:
        note = YEAR_PAGE_NOTE.format(path=year_page.relative_to(project), year=year)
        print(note, file=sys.stderr)


def _new(args: argparse.Namespace) -> int:
    project = _project(args)
    found = _settings(args, project) if project is not None else None
    if project is None or found is None:
        return 2
    hubs_dir, settings = found
    if args.hub is None:
        return _new_year(project, hubs_dir, args.year)
    given = _facet_values(args, settings)
    if given is None:
        return 2
    new = NewSummary(
        hub=args.hub,
        year=args.year,
        region=given.get("region", ""),
        goal=given.get("strategic_goal", ""),
        evaluators=tuple(args.evaluator or ()),
    )
    try:
        path, year_page = create_summary(new, project, hubs_dir, settings.vocabularies)
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return 2
    folder = path.parent.relative_to(project)
    print(path.relative_to(project))
    _year_page_note(year_page, project, args.year)
    print(
        "Created. Fill in the front matter (the line above each key says what to "
        "write), replace the comment lines starting with % with your text, then "
        f"run: evidence check {folder}",
        file=sys.stderr,
    )
    return 0


NEW_FACETS: dict[str, tuple[str, ...]] = {"region": (), "strategic-goal": ("--goal",)}
"""The facets ``evidence new`` asks for (``--<facet>``), with the other spellings
of each option it has always accepted."""


def _facet_options(new: argparse.ArgumentParser) -> None:
    """``--region``, ``--strategic-goal``: an option per facet of :data:`NEW_FACETS`."""
    for name, aliases in NEW_FACETS.items():
        facet = FACETS[name]
        setting = VOCABULARIES[facet.vocabulary or ""]
        example = next(iter(setting.defaults))
        new.add_argument(
            f"--{facet.name}",
            *aliases,
            dest=facet.key,
            help=f"the {facet.noun}: a key of evidence_{setting.name} in conf.py "
            f"(the {setting.plural} in the author guide), like '{example}'",
        )


def _facet_values(
    args: argparse.Namespace, settings: EvidenceConfig
) -> dict[str, str] | None:
    """The facet options given, as their keys in the site's vocabularies (by
    front-matter key); None, having said why, if one is not in its vocabulary."""
    values = {}
    for name in NEW_FACETS:
        facet = FACETS[name]
        assert facet.key is not None and facet.vocabulary is not None, name
        value = getattr(args, facet.key)
        if not value:
            continue
        vocabulary = settings.vocabularies[facet.vocabulary]
        key = vocabulary.lookup(value)
        if key is None:
            print(vocabulary.unknown(value, f"--{facet.name}"), file=sys.stderr)
            return None
        values[facet.key] = key
    return values


def _new_year(project: Path, hubs_dir: str, year: str) -> int:
    """``evidence new --year`` without ``--hub``: only the year's page."""
    try:
        year_page = create_page_of_listed_year(project, hubs_dir, year)
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return 2
    print(year_page.relative_to(project))
    _year_page_note(year_page, project, year)
    return 0


def _history(target: Path) -> int:
    """Print the releases, newest first, each with what it changed for readers
    and the commits it brought."""
    listing = history_listing(target, Path.cwd())
    if not listing:
        print(f"{target} has no release history.", file=sys.stderr)
        return 1
    print("\n".join(listing))
    return 0


def _publish(args: argparse.Namespace) -> int:
    target = Path(args.to)
    if args.history:
        return _history(target)
    try:
        if args.rollback:
            release = rollback(target, wait=args.wait)
            print(f"Rolled back: {target / CURRENT} now serves {release.name}.")
            rolled = [
                entry
                for entry in read_history(target)["releases"]
                if entry.get("action") == "rollback"
                and entry.get("release") == release.name
            ]
            for line in taken_back(rolled[-1]) if rolled else ():
                print(line)
            return 0
        if args.built is None:
            print("Give the built site to publish (or --rollback).", file=sys.stderr)
            return 2
        release = publish(
            Path(args.built), target, args.audience, keep=args.keep, wait=args.wait
        )
    except (PublishError, OSError) as error:
        print(f"Not published: {error}", file=sys.stderr)
        return 1
    print(f"Published: {target / CURRENT} now serves {release.name}.")
    return 0


def _import_docx(args: argparse.Namespace) -> int:
    project = _project(args)
    found = _settings(args, project) if project is not None else None
    if project is None or found is None:
        return 2
    hubs_dir, settings = found
    status = 0
    for name in args.files:
        try:
            path, report = import_document(
                Path(name), args.year, project, hubs_dir, settings.vocabularies
            )
        except DocumentError as error:
            print(f"Not imported: {error}", file=sys.stderr)
            status = 1
            continue
        print(path.relative_to(project))
        for line in report:
            print(f"  - {line}", file=sys.stderr)
    if status == 0:
        print(
            "Imported as drafts. Fill in what is marked, then run `evidence check`.",
            file=sys.stderr,
        )
    return status


def _export_docx(args: argparse.Namespace) -> int:
    project = _project(args)
    found = _settings(args, project) if project is not None else None
    if project is None or found is None:
        return 2
    missing = [path for path in args.paths if not Path(path).exists()]
    if missing:
        print(f"No such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    status = 0
    for index in summary_files(Path(path) for path in args.paths):
        try:
            print(export_summary(index, Path(args.to), found[1].vocabularies))
        except ExportError as error:
            print(f"Not exported: {error}", file=sys.stderr)
            status = 1
    print(
        "Give each document to its hub to edit in Word; bring it back with "
        "`evidence import-docx FILE --year YEAR`.",
        file=sys.stderr,
    )
    return status


def _hubs_dir_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--hubs-dir",
        help="the summaries' folder in the site (default: conf.py's "
        "evidence_hubs_dir, or hubs)",
    )


def _project_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--project", help="the site's folder (default: found from here)"
    )


def _audience_option(
    command: argparse.ArgumentParser, meaning: str, choices: Iterable[str] = AUDIENCES
) -> None:
    command.add_argument(
        "--audience",
        choices=list(choices),
        default="network",
        help=f"{meaning} (default: network)",
    )


def parser() -> argparse.ArgumentParser:
    """The command line."""
    main_parser = argparse.ArgumentParser(
        prog="evidence",
        description="Tools for the Maths Hubs evidence site: check summaries before "
        "you open a pull request.",
    )
    main_parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {version('maths-hubs-evidence')}",
    )
    commands = main_parser.add_subparsers(
        title="commands", dest="command", required=True
    )
    check = commands.add_parser(
        "check",
        help="check summaries for mistakes, without building the site",
        description="Check hub summaries with the same checks and messages as the site "
        "build, and report every problem at once. Exits with 1 if there is any.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="summary files or folders to report on (default: the whole site)",
    )
    _project_option(check)
    check.add_argument("-j", "--jobs", type=int, default=1, help="parallel readers")
    check.set_defaults(handler=_check)
    new = commands.add_parser(
        "new",
        help="start a new summary from the template",
        description="Create hubs/<year>/<hub>/index.md laid out as the Evaluator in "
        "Residence template, with the template's guidance as comments to replace, "
        "and the year's page hubs/<year>/index.md if the year has none (without "
        "--hub, only that). Never writes over a file.",
    )
    new.add_argument(
        "--hub", help="the hub's name (without it, only the year's page is made)"
    )
    new.add_argument("--year", required=True, help="the academic year, like 2024/25")
    _facet_options(new)
    new.add_argument(
        "--evaluator", action="append", help="an evaluator's name (repeat for more)"
    )
    _hubs_dir_option(new)
    _project_option(new)
    new.set_defaults(handler=_new)
    publish_command = commands.add_parser(
        "publish",
        help="install a built site on the intranet server, or roll back",
        description="Copy a finished build into DIR/releases/ and switch DIR/current "
        "to it in one step, keeping the last releases; --rollback switches back to "
        "the release before; --history lists the releases. Refuses a preview, a "
        "build for another audience than DIR's, with warnings, of uncommitted "
        "sources, or whose folder is not as the build left it.",
    )
    publish_command.add_argument(
        "built", nargs="?", metavar="BUILT_SITE", help="the built site (_build/html)"
    )
    publish_command.add_argument("--to", required=True, metavar="DIR")
    _audience_option(
        publish_command, "the audience the site is published for", PUBLISHABLE
    )
    publish_command.add_argument(
        "--keep", type=int, default=5, help="releases to keep (default: 5, at least 2)"
    )
    publish_command.add_argument(
        "--wait",
        type=float,
        default=WAIT,
        metavar="SECONDS",
        help="how long to wait for another publish or rollback of DIR to end "
        f"(default: {WAIT:.0f})",
    )
    publish_command.add_argument(
        "--rollback",
        action="store_true",
        help="serve again the release that was live before the current one",
    )
    publish_command.add_argument(
        "--history",
        action="store_true",
        help="list the releases, newest first, with what each changed (summaries "
        "and themes added, updated, removed) and the commits each brought",
    )
    publish_command.set_defaults(handler=_publish)
    importer = commands.add_parser(
        "import-docx",
        help="turn filled Word templates into summaries",
        description="Convert filled Evaluator in Residence Word templates into "
        "hubs/<year>/<hub>/index.md drafts (and the year's page if the year has "
        "none), reporting what could not be mapped. Never writes over a file, but "
        "a document exported with export-docx replaces its own summary's index.md, "
        "reporting what changed.",
    )
    importer.add_argument("files", nargs="+", metavar="FILE", help=".docx files")
    importer.add_argument(
        "--year", required=True, help="the academic year, like 2023/24"
    )
    _hubs_dir_option(importer)
    _project_option(importer)
    importer.set_defaults(handler=_import_docx)
    exporter = commands.add_parser(
        "export-docx",
        help="write summaries as Word documents in the programme's template",
        description="Write each summary as a Word document laid out as the "
        "Evaluator in Residence template, for a hub to edit in Word and give back "
        "with import-docx (which keeps what the document cannot show, like tags).",
    )
    exporter.add_argument(
        "paths", nargs="+", metavar="PATH", help="summary files or folders of them"
    )
    exporter.add_argument("--to", required=True, metavar="DIR", help="where to write")
    _project_option(exporter)
    exporter.set_defaults(handler=_export_docx, hubs_dir=None)
    export = commands.add_parser(
        "export",
        help="write the data exports (evidence.json, themes.csv, anonymised files)",
        description="Write the exports the site build publishes, for one audience: "
        "evidence.json and its schema, themes.csv, and the anonymised "
        "strategic-goal exports.",
    )
    export.add_argument("--to", required=True, metavar="DIR", help="where to write")
    _audience_option(export, "whose summaries")
    _project_option(export)
    export.add_argument("-j", "--jobs", type=int, default=1, help="parallel readers")
    export.set_defaults(handler=_export)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    args = parser().parse_args(argv)
    status: int = args.handler(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
