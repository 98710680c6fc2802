/* The "Search the evidence" page: a query box, facets and results over the
 * Pagefind index the build writes into <site>/pagefind/, and, after them, a
 * short list of the guide's and the site's other pages that match the words,
 * from their own index (<site>/pagefind-site/), searched apart so that they
 * never push a finding down nor change the facets' counts. That index is
 * loaded once the summaries' first results are shown, so it never delays them.
 *
 * Within one facet the choices are alternatives (North West or London); across
 * facets they all apply (North West and 2023/24). Each facet's counts say how
 * many results choosing that value would give. The query and choices are kept
 * in the page's address, so a search can be bookmarked or shared.
 *
 * A classic script (not a module), so that where modules cannot load (a page
 * opened from a file) it still runs and can say what to do instead.
 *
 * Readers across a release. Pagefind names its index, filter and fragment
 * files by their contents, so once the next release is published (the server's
 * `current` link switched) an open page's Pagefind would ask for files the
 * server no longer has, and search would fail until the page was reloaded.
 * Keeping old releases' files on the server is not the answer: a summary a
 * release withdrew must not stay reachable. So the page finds out, before each
 * search, which release is served: it asks for `pagefind-entry.json` (a few
 * hundred bytes, never from a cache), which names the index's meta file by its
 * hash, so the same entry means the very same files. When the entry changed,
 * the page loads that release's Pagefind (a new import of `pagefind.js`, whose
 * address carries the release's hashes, so that it is a new instance with its
 * own worker, even if Pagefind itself changed) and searches there; the facets
 * are redrawn from the new release. The old Pagefind is destroyed. A release
 * may still change between that check and the files a search reads: a text
 * that cannot be read fails the search, but an index chunk that cannot be read
 * Pagefind only logs, searching on without it; so the entry is asked for again
 * once the search is done, and if either says the release changed, the search
 * is run once more on a freshly loaded Pagefind (two small requests a search,
 * against a broken search until a reload). Results
 * already shown (their "Show more" and their links) are checked the same way
 * before they are used. Where the entry cannot be read (a page opened from a
 * file), the page searches what it loaded, as before.
 */
(() => {
  "use strict";

  const root = document.querySelector("[data-evidence-search]");
  if (!root) return;

  const PAGE_SIZE = 10;
  /* Results update as the reader types, once typing pauses this long. */
  const DEBOUNCE_MS = 100;
  /* The guide's and other pages' results shown at most, and read to find them. */
  const GUIDE_SHOWN = 5;
  const GUIDE_READ = 8;
  const siteRoot = new URL(
    document.documentElement.dataset.content_root || "./",
    window.location.href,
  );
  const facetNames = JSON.parse(root.dataset.facets);
  const SITE_INDEX = root.dataset.siteIndex;
  const newestFirst = new Set(JSON.parse(root.dataset.newestFirst || "[]"));
  const form = root.querySelector("form");
  const input = root.querySelector("input[type=search]");
  const status = root.querySelector(".evidence-search-status");
  // Where to go without the search (browse, findings), kept for a failed load.
  const elsewhere = [...status.querySelectorAll(".evidence-search-elsewhere")];
  const facetPanel = root.querySelector(".evidence-search-facets");
  const facetList = root.querySelector(".evidence-search-facet-list");
  const resultPanel = root.querySelector(".evidence-search-results");
  const resultList = root.querySelector(".evidence-search-result-list");
  const moreButton = root.querySelector(".evidence-search-more");
  const guidePanel = root.querySelector(".evidence-search-guide");
  const guideList = root.querySelector(".evidence-search-guide-list");

  // The evidence's index, and the guide's and other pages'.
  const entryAddresses = ["pagefind/", `${SITE_INDEX}/`].map(
    (folder) => new URL(`${folder}pagefind-entry.json`, siteRoot),
  );
  /** What the page searches: a release's Pagefind and tag, its guide's
   * Pagefind (a promise, once wanted), entry and facet totals. */
  let release = null;
  /** The release the results on the page came from. */
  let searched = null;
  let checks = Promise.resolve();
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

  /* One entry file's text: "" if the server has none, null if unreadable. */
  const entryText = async (address) => {
    try {
      const response = await fetch(address, { cache: "no-store" });
      if (response.status === 404) return "";
      return response.ok ? await response.text() : null;
    } catch {
      return null;
    }
  };

  /* The served release's Pagefind entries (the evidence's and the site
   * pages'), as one text; null if the evidence's cannot be read. */
  const servedEntry = async () => {
    const [evidence, site] = await Promise.all(entryAddresses.map(entryText));
    return evidence ? JSON.stringify([evidence, site ?? ""]) : null;
  };

  /* A name for the release an entry describes: its Pagefind version and
   * index hashes, which name every file of its indexes. */
  const releaseName = (entry) => {
    try {
      return JSON.parse(entry)
        .filter(Boolean)
        .map((text) => {
          const { version, languages } = JSON.parse(text);
          return [version, ...Object.values(languages).map((about) => about.hash)];
        })
        .flat()
        .join("-");
    } catch {
      return "";
    }
  };

  /* Whether the release has the site pages' index (a page opened from a
   * file has no entry, nor any search). */
  const hasSitePages = (entry) => {
    try {
      return Boolean(entry) && Boolean(JSON.parse(entry)[1]);
    } catch {
      return false;
    }
  };

  /* One index's Pagefind (`folder`), for the release named `tag`. */
  const loadIndex = async (folder, tag) => {
    const module = await import(new URL(`${folder}/pagefind.js${tag}`, siteRoot).href);
    // The same release loaded before (published again, or rolled back to)
    // gives the same module: whatever it held is let go first.
    await module.destroy();
    await module.options({ baseUrl: siteRoot.pathname, excerptLength: 24 });
    await module.init();
    return module;
  };

  /* The Pagefinds of the release `entry` describes, started afresh. */
  const load = async (entry) => {
    const name = entry ? releaseName(entry) : "";
    const tag = name ? `?release=${encodeURIComponent(name)}` : "";
    const [pagefind, written] = await Promise.all([
      loadIndex("pagefind", tag),
      facetTotals(tag),
    ]);
    const guide = hasSitePages(entry) ? null : Promise.resolve(null);
    // Without the build's totals (a release from before them), Pagefind's.
    const totals = written ?? (await pagefind.filters());
    return { pagefind, guide, counter: null, tag, entry, totals };
  };

  /* How many results each facet value has, written by the build beside the
   * index (search/records.py); null if it cannot be read. */
  const facetTotals = async (tag) => {
    try {
      const address = new URL(`pagefind/evidence-facets.json${tag}`, siteRoot);
      const response = await fetch(address);
      return response.ok ? await response.json() : null;
    } catch {
      return null;
    }
  };

  /* Pagefind counts a search's results by facet from its filter files, a
   * file per facet (134 KiB at 800 summaries), on every search once it has
   * read them: with a facet of 400 values (hubs), that makes each search about
   * five times slower (60 ms to 330 ms at 800 summaries). So the results come
   * from a Pagefind that never reads them, and the counts from a second one
   * of the same release (its own worker; the index's files come from the
   * browser's cache), which reads them once the first results are shown, and
   * counts after each search's results are shown. */
  const counterOf = (current) => {
    current.counter ??= loadIndex("pagefind", current.tag ? `${current.tag}&counts` : "?counts")
      .then(async (counter) => {
        await counter.filters();
        return counter;
      });
    return current.counter;
  };

  /* The guide's Pagefind of the release `current` (null if it has none). */
  const guideOf = (current) => {
    current.guide ??= loadIndex(SITE_INDEX, current.tag).catch((error) => {
      console.warn("Evidence search: the guide's pages cannot be searched:", error);
      return null;
    });
    return current.guide;
  };

  /* The release to search: the one loaded, unless another is served now (or,
   * `afresh`, after a search failed). One check at a time, in order. */
  const check = async (afresh) => {
    const entry = await servedEntry();
    if (!afresh && (entry === null || entry === release.entry)) return release;
    const previous = release;
    release = await load(entry ?? previous.entry);
    if (previous.pagefind !== release.pagefind) {
      previous.pagefind.destroy().catch(() => {});
    }
    for (const other of [previous.guide, previous.counter]) {
      if (other && previous.tag !== release.tag) {
        other.then((instance) => instance?.destroy()).catch(() => {});
      }
    }
    if (release.totals !== previous.totals) useTotals(release.totals);
    return release;
  };

  const currentRelease = (afresh = false) => {
    checks = checks.then(
      () => check(afresh),
      () => check(afresh),
    );
    return checks;
  };

  const filters = (except = null) => {
    const result = {};
    for (const [name, values] of chosen) {
      if (name !== except && values.size) result[name] = { any: [...values] };
    }
    return result;
  };

  const hasChoices = () => [...chosen.values()].some((values) => values.size);

  /* Counts per facet value for a query and choices (totals when neither);
   * Pagefind's filter files must have been read. */
  const counts = async (pagefind, term, choice) => {
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

  /* A new release's facets: its values drawn, choices it no longer has dropped
   * (they could not be seen, nor unticked), the focused choice kept. */
  const useTotals = (next) => {
    totals = next;
    for (const [name, values] of chosen) {
      for (const value of values) {
        if (!(totals[name] || {})[value]) values.delete(value);
      }
    }
    const focused = document.activeElement;
    const wasFocused = facetList.contains(focused) ? [focused.name, focused.value] : null;
    renderFacets();
    if (wasFocused) {
      const [name, value] = wasFocused;
      const box = [...facetList.querySelectorAll("input")].find(
        (candidate) => candidate.name === name && candidate.value === value,
      );
      (box || input).focus();
    }
  };

  /* Each facet value's count (none shown while they are worked out: null). */
  const showCounts = (byFacet) => {
    for (const fieldset of facetList.querySelectorAll("fieldset")) {
      const name = fieldset.dataset.facet;
      for (const box of fieldset.querySelectorAll("input")) {
        const number = byFacet && ((byFacet[name] || {})[box.value] || 0);
        const count = box.labels[0].querySelector(".evidence-facet-count");
        count.textContent = byFacet ? `(${number})` : "";
        box.labels[0].classList.toggle("evidence-facet-empty", number === 0 && !box.checked);
      }
    }
  };

  /* The counts of a search's results by facet value: a facet's own counts
   * ignore its own choices, so that they say what ticking adds. */
  const countsOf = async (pagefind, term, search) => {
    const byFacet = { ...(search ? search.filters : {}) };
    for (const name of facetNames) {
      if (chosen.get(name).size) {
        byFacet[name] = (await counts(pagefind, term, filters(name)))[name] || {};
      }
    }
    return byFacet;
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
      ...(source ? [element("p", { className: "evidence-result-source" }, source)] : []),
      element("p", { className: "evidence-result-section" }, what),
      excerpt,
    );
  };

  /* A word as Pagefind matches it, and its parts ("front-matter": "front",
   * "matter"): lower case, letters and digits only. */
  const wordForms = (word) => {
    const lower = word.toLowerCase();
    return [lower.replace(/[^\p{L}\p{N}]+/gu, ""), ...lower.split(/[^\p{L}\p{N}]+/u)].filter(
      Boolean,
    );
  };

  /* Whether the page's word `found` is the reader's word `typed`, or a form
   * of it ("teaching" for "teachers"), rather than what Pagefind falls back to
   * when `typed` is in no page at all: the longest start of it that is in one,
   * however short ("with" for "withdrawn", "u" for "unbriefed"). */
  const sameWord = (found, typed) => {
    let same = 0;
    while (same < found.length && same < typed.length && found[same] === typed[same]) {
      same += 1;
    }
    return same >= Math.min(typed.length, Math.max(4, typed.length - 3));
  };

  /* Whether a result holds one of the reader's words (in its text where
   * Pagefind found them, or in its title, hub, year...), not only such a
   * fallback. */
  const holdsTheWords = (data, term) => {
    const typed = term.split(/\s+/).flatMap(wordForms);
    const words = data.content.split(/\s+/);
    const found = [
      ...data.locations.map((at) => words[at] || ""),
      ...Object.values(data.meta).join(" ").split(/\s+/),
    ].flatMap(wordForms);
    return found.some((word) => typed.some((each) => sameWord(word, each)));
  };

  /* Results that hold none of the words, the best of them first: what
   * Pagefind found for the start of a word that no summary has (a word is in
   * every result or in none, so the first results tell). */
  const onlyFallbacks = (items, term) =>
    Boolean(term) && items.length > 0 && !items.some((data) => holdsTheWords(data, term));

  /* The guide's and the site's other pages that hold the words: a few, and
   * only for words alone (the facets narrow the evidence, not the guide). */
  const guideResults = async (current, term) => {
    const guide = term && !hasChoices() ? await guideOf(current) : null;
    if (!guide) return [];
    const search = await guide.search(term);
    const read = (search ? search.results : []).slice(0, GUIDE_READ);
    const texts = await Promise.all(read.map((result) => result.data()));
    return texts.filter((data) => holdsTheWords(data, term)).slice(0, GUIDE_SHOWN);
  };

  const showGuide = (items, term) => {
    guideList.replaceChildren(...items.map((data) => renderResult(data, term)));
    guidePanel.hidden = items.length === 0;
  };

  /* The texts of the next `count` results (read from their release's files). */
  const nextTexts = (count) =>
    Promise.all(pending.slice(0, count).map((result) => result.data()));

  /* Shows results' texts; focuses the one at `focusAt` (an index), if given. */
  const show = (items, term, focusAt = null) => {
    pending.splice(0, items.length);
    resultList.append(...items.map((data) => renderResult(data, term)));
    moreButton.hidden = pending.length === 0;
    const focused = focusAt === null ? null : resultList.children[focusAt];
    if (focused) focused.querySelector("a").focus();
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

  /* The query and choices searched in `current`, `count` results shown.
   *
   * Pagefind reports a chunk of the index it could not read only in its
   * worker's console, and searches on without it; so, the search done, the
   * served release is asked for once more: if it is no longer the one searched,
   * the results may lack what it had, and the search fails (to run again). */
  const searchIn = async (current, id, term, count, focusAt) => {
    const { pagefind } = current;
    const search = await pagefind.search(term || null, { filters: filters() });
    // Whether the release changed while the index was read, asked while the
    // results' texts are read.
    const servedAfter = current.entry === null ? null : servedEntry();
    const found = search ? [...search.results] : [];
    const [texts, served] = await Promise.all([
      Promise.all(found.slice(0, count).map((result) => result.data())),
      servedAfter,
    ]);
    if (served !== null && served !== current.entry) {
      throw new Error("a new release was published during the search");
    }
    const fallbacks = onlyFallbacks(texts, term);
    const [results, items] = fallbacks ? [[], []] : [found, texts];
    if (id !== latest) return;
    resultList.replaceChildren();
    searched = current;
    pending = [...results];
    show(items, term, focusAt);
    showGuide([], term);
    showCounts(fallbacks ? {} : null); // counted below, once the results are shown
    resultPanel.hidden = results.length === 0;
    // Announced once the results are on the page.
    const words = term ? ` for “${term}”` : "";
    const choices = hasChoices() ? ` (${choicesInWords()})` : "";
    status.textContent =
      results.length === 0
        ? `No results${words}${choices} in the summaries. Try fewer or other words, or fewer choices.`
        : `${results.length} result${results.length === 1 ? "" : "s"}${words}${choices}.`;
    // The guide's pages, below the summaries' results once those are shown
    // (its index is loaded then, the first time). Not the summaries' search:
    // if the guide's fails, it is left out.
    const guideFound = guideResults(current, term).catch(() => []);
    if (!fallbacks) {
      // Not the results: if the counts cannot be had, they are left out.
      try {
        const counter = await counterOf(current);
        if (id !== latest) return;
        const again = await counter.search(term || null, { filters: filters() });
        const byFacet = await countsOf(counter, term, again);
        if (id === latest) showCounts(byFacet);
      } catch (error) {
        console.warn("Evidence search: the facets' counts could not be read:", error);
      }
    }
    const guideItems = await guideFound;
    if (id === latest) showGuide(guideItems, term);
  };

  /* Searches the served release; `count` results shown, the one at `focusAt`
   * (an index) focused, if given. */
  const run = async (count = PAGE_SIZE, focusAt = null) => {
    const id = ++latest;
    const term = query();
    remember();
    resultList.replaceChildren();
    pending = [];
    if (!term && !hasChoices()) {
      // The served release's facets, to browse.
      await currentRelease().catch(() => null);
      if (id !== latest) return;
      showGuide([], term);
      resultPanel.hidden = true;
      moreButton.hidden = true;
      showCounts(totals);
      status.textContent =
        "Type a word or phrase, or choose from the lists to browse the evidence.";
      return;
    }
    status.textContent = "Searching…";
    try {
      await searchIn(await currentRelease(), id, term, count, focusAt);
    } catch (error) {
      if (id !== latest) return;
      // The release changed while the search read its files (or one could not
      // be read): once more, on a Pagefind loaded afresh.
      console.warn("Evidence search: searching again, on the served release:", error);
      try {
        await searchIn(await currentRelease(true), id, term, count, focusAt);
      } catch (again) {
        if (id !== latest) return;
        console.warn("Evidence search:", again);
        status.textContent =
          "The search could not be completed. Reload the page, then search again.";
      }
    }
  };

  /* "Show more": from the same release, or the search again in a new one. */
  const more = async () => {
    const id = latest;
    const shown = resultList.children.length;
    try {
      if ((await currentRelease()) !== searched) throw new Error("a new release");
      const items = await nextTexts(PAGE_SIZE);
      if (id === latest) show(items, query(), shown);
    } catch {
      // Its results are the old release's, or their texts could not be read.
      if (id === latest) run(shown + PAGE_SIZE, shown);
    }
  };

  /* A result followed: to where it is in the served release. If the release
   * changed since the search, the search is run again there, and the reader
   * taken to the same place only if it is still a result. */
  const follow = async (href) => {
    try {
      if ((await currentRelease()) === searched) {
        window.location.assign(href);
        return;
      }
    } catch {
      window.location.assign(href); // the link as it is, rather than nothing
      return;
    }
    await run(Math.max(resultList.children.length, PAGE_SIZE));
    const still = [...resultList.querySelectorAll("h3 a")].find((link) => link.href === href);
    if (still) {
      window.location.assign(href);
    } else {
      status.textContent =
        "The evidence has been updated since this search, and that result is no " +
        `longer in it. ${status.textContent}`;
    }
  };

  const readAddress = () => {
    const params = new URLSearchParams(window.location.search);
    // Words typed while the search loaded are kept, unless the address has some.
    input.value = params.get("q") ?? input.value;
    for (const name of facetNames) {
      for (const value of params.getAll(name)) chosen.get(name).add(value);
    }
  };

  const start = async () => {
    status.textContent = "Loading the search…";
    try {
      release = await load(await servedEntry());
      totals = release.totals;
    } catch (error) {
      status.replaceChildren(
        "The evidence search could not load. Opened from a file, most browsers " +
          "block it: open the site from its web address instead. ",
        ...elsewhere,
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
      // The index's parts for these words are read while typing pauses, so
      // that the search, once it runs, finds them loaded.
      const term = query();
      if (term) release.pagefind.preload(term).catch(() => {});
    });
    facetList.addEventListener("change", (event) => {
      const box = event.target;
      const values = chosen.get(box.name);
      if (box.checked) values.add(box.value);
      else values.delete(box.value);
      run();
    });
    moreButton.addEventListener("click", more);
    resultList.addEventListener("click", (event) => {
      const link = event.target.closest("h3 a");
      const plain =
        event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
      if (!link || !plain || event.defaultPrevented || release.entry === null) return;
      event.preventDefault();
      follow(link.href);
    });
    await run();
  };

  start();
})();
