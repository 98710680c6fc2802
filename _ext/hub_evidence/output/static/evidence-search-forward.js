/* search.html, the address of Sphinx's search page: send the reader on to the
 * evidence search with the same query and filters (search/site_search.py).
 * replace(), so that Back does not lead here again.
 */
(() => {
  "use strict";
  const link = document.querySelector("[data-evidence-search-page]");
  if (link) {
    const target = new URL(link.getAttribute("href"), location.href);
    target.search = location.search;
    target.hash = location.hash;
    location.replace(target.href);
  }
})();
