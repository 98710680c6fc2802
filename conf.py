"""Configuration of the Maths Hubs evidence site (the repository root is the source)."""

from __future__ import annotations

from urllib.parse import urlsplit

project = "Maths Hubs evidence base"
author = "Maths Hubs Evaluator in Residence programme"
copyright = "Maths Hubs Evaluator in Residence programme"
# The site's address on the intranet: citations and canonical links use it.
html_baseurl = "https://intranet.example.org/evidence/"

extensions = ["hub_evidence", "notfound.extension"]

# The "page not found" page links back with absolute addresses under the site's
# path on the server (/evidence/), so it works whatever address was mistyped.
notfound_urls_prefix = urlsplit(html_baseurl).path
notfound_context = {
    "title": "Page not found",
    "body": (
        "<h1>Page not found</h1>"
        "<p>There is no page at this address in the Maths Hubs evidence base. It may "
        "have moved, or the address may be mistyped.</p>"
        f"<p>Try <a href='{notfound_urls_prefix}search-evidence.html'>Search the "
        f"evidence</a>, the <a href='{notfound_urls_prefix}hubs/index.html'>list of "
        f"summaries</a> or the <a href='{notfound_urls_prefix}index.html'>home "
        "page</a>.</p>"
    ),
}

# Only the site's own pages are sources; everything else in the repository is not.
root_doc = "index"
include_patterns = ["*.md", "hubs/**", "docs/**", "browse/**", "synthesis/*.md"]
exclude_patterns = ["docs/snippets/**", "README.md"]

myst_enable_extensions = ["colon_fence", "deflist"]

html_theme = "pydata_sphinx_theme"
html_title = "Maths Hubs evidence base"
html_favicon = "_static/favicon.svg"
html_static_path: list[str] = []
html_show_sourcelink = False
html_copy_source = False
# A hub's pages list the hub's own pages in their sidebar (hub_evidence's
# evidence-hub-nav.html), not every summary of the year.
html_sidebars = {
    "hubs/*/*/*": ["evidence-hub-nav.html"],
    "browse/hub/*": ["evidence-hub-nav.html"],
    "browse/hub/index": ["sidebar-nav-bs.html"],
    # Pages with no pages under them need no sidebar.
    "findings": [],
    "dashboard": [],
    "search-evidence": [],
    "gap-map": [],
    "gap-map/*": [],
    "synthesis/**": [],
}
html_theme_options = {
    "navbar_align": "left",
    # The sidebar lists only the current page's branch: with hundreds of
    # summaries, listing everything on every page costs time and helps no one.
    "collapse_navigation": True,
    "show_toc_level": 2,
    # Cross-hub pages need the width for their tables more than a page outline.
    # Pages not listed (the cross-hub browse and findings pages) have none.
    "secondary_sidebar_items": {
        pattern: ["page-toc"]
        for pattern in ("index", "dashboard", "hubs/**", "docs/**")
    },
    "navigation_with_keys": False,
    # Each page ends with its "Last updated" date and its edit links.
    "article_footer_items": ["evidence-page-source.html"],
    "footer_start": ["copyright", "evidence-footer-links.html"],
    "footer_end": [],
}

# Where authors edit a page, and readers suggest a change (the repository that
# holds this site; replace with your own).
evidence_edit_url = (
    "https://github.com/example-org/maths-hubs-evidence/edit/main/{path}"
)
evidence_suggest_url = "https://github.com/example-org/maths-hubs-evidence/issues/new?title=Suggestion:+{path}"

# The other evidence_* settings (vocabularies ...) use their defaults; see
# docs/reference/settings.md for what can be changed here.
