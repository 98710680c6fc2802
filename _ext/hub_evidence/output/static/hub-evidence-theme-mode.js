/* The page's colour mode (light, dark or auto), set before the page is drawn
 * so that it never flashes in the wrong one: what pydata-sphinx-theme does in
 * an inline script, which the site's security policy does not run.
 *
 * A plain script in the page's <head>, without defer: it runs before the body
 * is shown. The theme's default mode comes in this tag's data-default-mode.
 */
(() => {
  "use strict";
  // With no mode chosen (a fresh profile, no default set), "auto": the
  // reader's system setting. An empty mode makes the theme report an error.
  const mode =
    localStorage.getItem("mode") || document.currentScript.dataset.defaultMode || "auto";
  const system = matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  const root = document.documentElement;
  root.dataset.mode = mode;
  root.dataset.theme = localStorage.getItem("theme") || (mode === "auto" ? system : mode);
})();
