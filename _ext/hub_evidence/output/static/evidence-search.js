/* The "Search the evidence" page: a query box, facets and results over the
 * Pagefind index the build writes into <site>/pagefind/.
 *
 * Within one facet the choices are alternatives (North West or London); across
 * facets they all apply (North West and 2023/24). Each facet's counts say how
 * many results choosing that value would give. The query and choices are kept
 * in the page's address, so a search can be bookmarked or shared.
 *
 * A classic script (not a module), so that where modules cannot load (a page
 * opened from a file) it still runs and can say what to do instead.
 */
(() => {
  "use strict";

  const root = document.querySelector("[data-evidence-search]");
  if (!root) return;

  const PAGE_SIZE = 20;
  const DEBOUNCE_MS = 250;
  const siteRoot = new URL(
    document.documentElement.dataset.content_root || "./",
    window.location.href,
  );
  const facetNames = JSON.parse(root.dataset.facets);
  const newestFirst = new Set(JSON.parse(root.dataset.newestFirst || "[]"));
  const form = root.querySelector("form");
  const input = root.querySelector("input[type=search]");
  const status = root.querySelector(".evidence-search-status");
  const facetPanel = root.querySelector(".evidence-search-facets");
  const facetList = root.querySelector(".evidence-search-facet-list");
  const resultPanel = root.querySelector(".evidence-search-results");
  const resultList = root.querySelector(".evidence-search-result-list");
  const moreButton = root.querySelector(".evidence-search-more");

  let pagefind = null;
  let totals = {};
  let latest = 0;
  let pending = [];
  let timer = null;
  const chosen = new Map(facetNames.map((name) => [name, new Set()]));

  const element = (tag, attributes = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) {
      if (key === "className") node.className = value;
      else node.setAttribute(key, value);
    }
    node.append(...children);
    return node;
  };

  const query = () => input.value.trim();

  const filters = (except = null) => {
    const result = {};
    for (const [name, values] of chosen) {
      if (name !== except && values.size) result[name] = { any: [...values] };
    }
    return result;
  };

  const hasChoices = () => [...chosen.values()].some((values) => values.size);

  /* Counts per facet value for a query and choices (totals when neither). */
  const counts = async (term, choice) => {
    if (!term && !Object.keys(choice).length) return totals;
    const search = await pagefind.search(term || null, { filters: choice });
    return search ? search.filters : {};
  };

  const compare = (name) =>
    newestFirst.has(name)
      ? (a, b) => b.localeCompare(a)
      : (a, b) => a.localeCompare(b, "en", { sensitivity: "base" });

  const renderFacets = () => {
    facetList.replaceChildren();
    facetNames.forEach((name, index) => {
      const values = Object.keys(totals[name] || {}).sort(compare(name));
      if (!values.length) return;
      const options = element("div", { className: "evidence-facet-options" });
      values.forEach((value, position) => {
        const id = `evidence-facet-${index}-${position}`;
        const box = element("input", {
          type: "checkbox",
          id,
          name,
          value,
          className: "form-check-input",
        });
        box.checked = chosen.get(name).has(value);
        const count = element("span", { className: "evidence-facet-count" });
        options.append(
          element(
            "div",
            { className: "form-check" },
            box,
            element("label", { for: id, className: "form-check-label" }, value, " ", count),
          ),
        );
      });
      facetList.append(
        element(
          "fieldset",
          { className: "evidence-facet", "data-facet": name },
          element("legend", {}, name),
          options,
        ),
      );
    });
    facetPanel.hidden = false;
  };

  const showCounts = (byFacet) => {
    for (const fieldset of facetList.querySelectorAll("fieldset")) {
      const name = fieldset.dataset.facet;
      for (const box of fieldset.querySelectorAll("input")) {
        const number = (byFacet[name] || {})[box.value] || 0;
        const count = box.labels[0].querySelector(".evidence-facet-count");
        count.textContent = `(${number})`;
        box.labels[0].classList.toggle("evidence-facet-empty", number === 0 && !box.checked);
      }
    }
  };

  const choicesInWords = () =>
    [...chosen]
      .filter(([, values]) => values.size)
      .map(([name, values]) => `${name}: ${[...values].join(" or ")}`)
      .join("; ");

  const resultLink = (data, term) => {
    const url = new URL(data.url, window.location.href);
    if (term && url.pathname.endsWith(".html")) url.searchParams.set("highlight", term);
    return url.href;
  };

  const renderResult = (data, term) => {
    const meta = data.meta;
    const what = [meta.section, meta.kind].filter(Boolean).join(" · ");
    const source = [meta.hub, meta.year, meta.goal].filter(Boolean).join(" · ");
    const excerpt = element("p", { className: "evidence-result-excerpt" });
    excerpt.innerHTML = data.excerpt; // Pagefind escapes the text; adds <mark>
    return element(
      "li",
      { className: "evidence-result" },
      element(
        "h3",
        { className: "evidence-result-title" },
        element("a", { href: resultLink(data, term) }, meta.title || data.url),
      ),
      element("p", { className: "evidence-result-source" }, source),
      element("p", { className: "evidence-result-section" }, what),
      excerpt,
    );
  };

  const showMore = async (id, term, focus) => {
    const batch = pending.splice(0, PAGE_SIZE);
    const items = await Promise.all(batch.map((result) => result.data()));
    if (id !== latest) return;
    const nodes = items.map((data) => renderResult(data, term));
    resultList.append(...nodes);
    moreButton.hidden = pending.length === 0;
    if (focus && nodes.length) nodes[0].querySelector("a").focus();
  };

  const remember = () => {
    const params = new URLSearchParams();
    if (query()) params.set("q", query());
    for (const [name, values] of chosen) {
      for (const value of values) params.append(name, value);
    }
    const search = params.toString();
    const url = new URL(window.location.href);
    url.search = search ? `?${search}` : "";
    window.history.replaceState(null, "", url);
  };

  const run = async () => {
    const id = ++latest;
    const term = query();
    remember();
    resultList.replaceChildren();
    pending = [];
    if (!term && !hasChoices()) {
      resultPanel.hidden = true;
      moreButton.hidden = true;
      showCounts(totals);
      status.textContent =
        "Type a word or phrase, or choose from the lists to browse the evidence.";
      return;
    }
    status.textContent = "Searching…";
    const search = await pagefind.search(term || null, { filters: filters() });
    // A facet's own counts ignore its own choices, so that they add results.
    const byFacet = { ...(search ? search.filters : {}) };
    for (const name of facetNames) {
      if (chosen.get(name).size) byFacet[name] = (await counts(term, filters(name)))[name] || {};
    }
    if (id !== latest) return;
    pending = search ? [...search.results] : [];
    const total = pending.length;
    await showMore(id, term, false);
    if (id !== latest) return;
    showCounts(byFacet);
    resultPanel.hidden = total === 0;
    // Announced once the results are on the page.
    const words = term ? ` for “${term}”` : "";
    const choices = hasChoices() ? ` (${choicesInWords()})` : "";
    status.textContent =
      total === 0
        ? `No results${words}${choices}. Try fewer or other words, or fewer choices.`
        : `${total} result${total === 1 ? "" : "s"}${words}${choices}.`;
  };

  const readAddress = () => {
    const params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    for (const name of facetNames) {
      for (const value of params.getAll(name)) chosen.get(name).add(value);
    }
  };

  const start = async () => {
    status.textContent = "Loading the search…";
    try {
      pagefind = await import(new URL("pagefind/pagefind.js", siteRoot).href);
      await pagefind.options({ baseUrl: siteRoot.pathname, excerptLength: 24 });
      await pagefind.init();
      totals = await pagefind.filters();
    } catch (error) {
      const link = element(
        "a",
        { href: status.dataset.siteSearch },
        "the site's own search",
      );
      status.replaceChildren(
        "The evidence search could not load. Opened from a file, most browsers " +
          "block it: open the site from its web address instead, or use ",
        link,
        ".",
      );
      console.warn("Evidence search:", error);
      return;
    }
    readAddress();
    renderFacets();
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(timer);
      run();
    });
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    facetList.addEventListener("change", (event) => {
      const box = event.target;
      const values = chosen.get(box.name);
      if (box.checked) values.add(box.value);
      else values.delete(box.value);
      run();
    });
    moreButton.addEventListener("click", () => showMore(latest, query(), true));
    await run();
  };

  start();
})();
