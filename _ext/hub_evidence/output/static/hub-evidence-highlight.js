/* Marks the words a search result linked to this page with (?highlight=).
 *
 * pydata-sphinx-theme loads Sphinx's searchtools.js on every page, and Sphinx's
 * highlighter takes that to mean the page is the search page, so it leaves the
 * words unmarked. Loaded on every page but the search page (see theme.py).
 */
document.addEventListener("DOMContentLoaded", () => {
  if (typeof SphinxHighlight !== "undefined") {
    SphinxHighlight.highlightSearchWords();
  }
});
