"""Repairs to pydata-sphinx-theme that our accessibility and security bars need.

pydata-sphinx-theme 0.24 gives each expandable entry of the sidebar a
``<summary>`` holding only a decorative chevron, so the toggle has no
accessible name (axe ``summary-name``). We name it after the entry's link.

No page has an inline script, so that the site can be served under a
Content-Security-Policy whose ``script-src`` allows the site's own files only
(``deploy/evidence-headers.conf``): an inline script is how injected markup
would run. The theme's inline scripts become files of ours, with what varies
from page to page in ``data-`` attributes of their ``<script>`` tags: its
``DOCUMENTATION_OPTIONS`` settings (:func:`move_inline_options`), and, through
the template overrides in ``templates/pydata_sphinx_theme/``, its colour-mode
script (:func:`add_theme_scripts`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config

HIDDEN = "evidence-visually-hidden"

PYDATA = "pydata_sphinx_theme"
PYDATA_TEMPLATES = Path(__file__).parent / "templates" / PYDATA
"""Our versions of the theme's templates that hold inline scripts."""

THEME_MODE_SCRIPT = "hub-evidence-theme-mode.js"
PAGE_OPTIONS_SCRIPT = "hub-evidence-page-options.js"

_OPTION = re.compile(
    r"\s*DOCUMENTATION_OPTIONS\.(\w+)\s*=\s*('[^'\\\n]*'|true|false)\s*;\s*"
)
"""One setting of the theme's inline scripts: ``DOCUMENTATION_OPTIONS.x = 'y';``."""


def name_sidebar_toggles(soup: BeautifulSoup) -> None:
    """Give every unnamed sidebar toggle a visually hidden name (idempotent)."""
    for summary in soup.select("li.has-children > details > summary"):
        if summary.get_text(strip=True):
            continue
        entry = summary.find_parent("li")
        link = entry.find("a", recursive=False) if entry else None
        name = link.get_text(" ", strip=True) if link else "this section"
        label = soup.new_tag("span", attrs={"class": HIDDEN})
        label.string = f"Show or hide the pages under {name}"
        summary.append(label)


def wrap_toctree_html(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Wrap the theme's sidebar generator so its toggles are named."""
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def named(*args: Any, **kwargs: Any) -> Any:
        html = generate(*args, **kwargs)
        if isinstance(html, BeautifulSoup):
            name_sidebar_toggles(html)
        return html

    context["generate_toctree_html"] = named


def documentation_options(body: str) -> dict[str, str | bool] | None:
    """The settings an inline script makes, or None if it does anything else."""
    options: dict[str, str | bool] = {}
    position = 0
    while position < len(body):
        setting = _OPTION.match(body, position)
        if setting is None:
            return None
        name, value = setting.groups()
        options[name] = value[1:-1] if value.startswith("'") else value == "true"
        position = setting.end()
    return options or None


def move_inline_options(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Give the theme's ``DOCUMENTATION_OPTIONS`` settings to a script file.

    The theme adds them as inline scripts (the page's name, which its version
    switcher uses; whether its search shows results as you type). The values
    are read from those scripts, so they stay the theme's own; a script that
    does anything else is left as it is (and tests/test_security_policy.py
    fails).
    """
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    options: dict[str, str | bool] = {}
    kept: list[Any] = []
    for script in scripts:
        body = getattr(script, "attributes", {}).get("body")
        found = None
        if body and not getattr(script, "filename", None):
            found = documentation_options(body)
        if found is None:
            kept.append(script)
        else:
            options.update(found)
    if options:
        # The list the builder renders the page's scripts from.
        scripts[:] = kept
        # Where the theme's scripts were: after documentation_options.js (200).
        app.add_js_file(
            PAGE_OPTIONS_SCRIPT,
            priority=500,
            **{"data-documentation-options": json.dumps(options, sort_keys=True)},
        )


def add_theme_scripts(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """The theme's colour-mode script, as a file (our layout.html leaves it out)."""
    if app.config.html_theme != PYDATA:
        return
    # Not deferred, in the page's <head>: it runs before the body is shown.
    default_mode = str(context.get("default_mode") or "")
    app.add_js_file(
        THEME_MODE_SCRIPT, priority=100, **{"data-default-mode": default_mode}
    )


ICON_SHORTCUTS = (
    ("twitter_url", "fa-brands fa-square-twitter", "Twitter"),
    ("bitbucket_url", "fa-brands fa-bitbucket", "Bitbucket"),
    ("gitlab_url", "fa-brands fa-square-gitlab", "GitLab"),
    ("github_url", "fa-brands fa-square-github", "GitHub"),
)
"""The theme options the theme turns into ``icon_links`` entries (in its order)."""


def settle_theme_settings(app: Sphinx, config: Config) -> None:
    """Make, at ``config-inited``, the changes the theme makes to the settings later.

    Sphinx compares each build's settings, as they are after ``config-inited``,
    with the last build's as it saved them, after the builder started. The
    theme changes some when it is loaded and at ``builder-inited``: it adds its
    ``components`` folder to ``templates_path``, sets ``html_permalinks_icon``
    to ``#`` unless ``conf.py`` sets it, and adds ``icon_links`` and ``logo`` to
    ``html_theme_options`` (the builder's options are that very dictionary).
    So every rebuild said "The configuration has changed". Loading the theme
    here, and giving those settings the values the theme would, leaves the
    theme's later changes nothing to change.
    """
    if config.html_theme != PYDATA:
        return
    # What loading the theme for the builder would do (templates_path); loading
    # it again then does nothing.
    app.setup_extension(PYDATA)
    if not _set_in_conf(config, "html_permalinks_icon"):
        config.html_permalinks_icon = "#"
    config.html_theme_options = theme_option_defaults(config.html_theme_options)


def theme_option_defaults(options: dict[str, Any] | None) -> dict[str, Any]:
    """``options`` as the theme leaves them at ``builder-inited`` (a new dict).

    The shortcut options (``github_url`` ...) become ``icon_links`` entries, as
    the theme would make them, and are emptied, so the theme does not add them
    a second time. ``navbar_persistent`` is given as the theme 0.17-0.20 would
    set it (the search field, none if ``disable_search``; 0.24 says the same in
    its ``theme.conf``). Applying this twice gives the same options.
    """
    options = dict(options or {})
    if "navbar_persistent" not in options:
        search = not options.get("disable_search", False)
        options["navbar_persistent"] = ["search-button-field"] if search else []
    icon_links = options.get("icon_links", [])
    if isinstance(icon_links, list):  # else the theme says what is wrong
        icon_links = list(icon_links)
        for key, icon, name in ICON_SHORTCUTS:
            if options.get(key):
                entry = {"url": options[key], "icon": icon, "name": name}
                icon_links.insert(0, {**entry, "type": "fontawesome"})
                options[key] = ""
        options["icon_links"] = icon_links
    logo = options.get("logo") or {}
    if isinstance(logo, dict):  # else the theme says what is wrong
        logo = dict(logo)
        if options.get("theme_logo_link"):
            logo["link"] = options["theme_logo_link"]
        options["logo"] = logo
    return options


def _set_in_conf(config: Config, name: str) -> bool:
    """Whether ``conf.py`` or ``-D`` gives ``name`` (the theme's own test)."""
    raw: dict[str, Any] = vars(config).get("_raw_config", {})
    return name in config.overrides or name in raw


def _add_theme_templates(app: Sphinx, config: Config) -> None:
    # Only for the theme whose templates they change; before the builder reads
    # templates_path, as a new list (the default one is shared by every app).
    if (
        config.html_theme == PYDATA
        and str(PYDATA_TEMPLATES) not in config.templates_path
    ):
        config.templates_path = [*config.templates_path, str(PYDATA_TEMPLATES)]


def setup_theme_repairs(app: Sphinx) -> None:
    """Run after the theme has added its template functions and inline scripts."""
    app.connect("config-inited", _add_theme_templates)
    # After every other change to the settings (the preview banner, 450).
    app.connect("config-inited", settle_theme_settings, priority=900)
    app.connect("html-page-context", wrap_toctree_html, priority=900)
    app.connect("html-page-context", move_inline_options, priority=900)
    app.connect("html-page-context", add_theme_scripts)
