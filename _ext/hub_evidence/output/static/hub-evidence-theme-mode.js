/* The page's colour mode (light, dark or auto), set before the page is drawn
 * so that it never flashes in the wrong one: what pydata-sphinx-theme does in
 * an inline script, which the site's security policy does not run.
 *
 * A plain script in the page's <head>, without defer: it runs before the body
 * is shown. The theme's default mode comes in this tag's data-default-mode.
 */
(() => {
  "use strict";
  const fallback = document.currentScript.dataset.defaultMode || "";
  const root = document.documentElement;
  root.dataset.mode = localStorage.getItem("mode") || fallback;
  root.dataset.theme = localStorage.getItem("theme") || fallback;
})();
