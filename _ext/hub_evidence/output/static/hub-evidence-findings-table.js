/* Findings tables that readers can sort, filter and download.
 *
 * Loaded only on pages with a findings table (see findings_tables.py). The
 * table is complete without this script: it only adds, for each table, a
 * button in each column heading that sorts the rows by that column (aria-sort
 * on the heading says how), a box that shows only the rows holding every word
 * typed (a status line says how many), and a button that downloads the rows
 * shown, in the order shown, as CSV.
 *
 * The CSV is written as the site's exports write theirs
 * (output/exports.py): a cell a spreadsheet would run as a formula (one that
 * starts with =, +, -, @, a tab or a carriage return) starts with ' instead.
 */
(() => {
  "use strict";

  const FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"];

  /** A cell's text as the exports write it: a would-be formula starts with '. */
  function guardCell(text) {
    return FORMULA_STARTS.includes(text.charAt(0)) ? `'${text}` : text;
  }

  /** One CSV field, quoted as Python's csv module quotes (only when needed). */
  function csvField(text) {
    const guarded = guardCell(text);
    return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
  }

  /** Rows of fields as CSV text, one line each ending with a newline. */
  function csvText(rows) {
    return rows.map((row) => row.map(csvField).join(",") + "\n").join("");
  }

  const squeeze = (text) => text.replace(/\s+/g, " ").trim();

  /** What a cell says: its paragraphs, a blank line between them. */
  function cellText(cell) {
    const paragraphs = [...cell.querySelectorAll("p")];
    if (!paragraphs.length) return squeeze(cell.textContent);
    return paragraphs
      .map((p) => squeeze(p.textContent))
      .filter(Boolean)
      .join("\n\n");
  }

  /** What a cell sorts by: a theme by its title, anything else by its text. */
  function sortText(cell) {
    const title = cell.querySelector(".evidence-finding-title");
    return squeeze((title || cell).textContent);
  }

  const collator = new Intl.Collator(document.documentElement.lang || undefined, {
    numeric: true,
    sensitivity: "base",
  });

  let tablesMade = 0;

  function enhance(table) {
    const body = table.tBodies[0];
    const headings = table.tHead ? [...table.tHead.rows[0].cells] : [];
    if (!body || !headings.length) return;
    const number = ++tablesMade;
    const rows = [...body.rows];
    const total = rows.length;
    let words = null; // each row's text, lower case, made when first filtered
    let keys = []; // each column's sort texts, made when first sorted by it
    const captionText = table.caption && table.caption.querySelector(".caption-text");
    const caption = captionText ? squeeze(captionText.textContent) : "";

    // The tools above the table.
    const tools = document.createElement("div");
    tools.className = "evidence-table-tools";
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "search";
    input.id = `evidence-table-filter-${number}`;
    input.autocomplete = "off";
    input.spellcheck = false;
    label.htmlFor = input.id;
    label.textContent = "Filter themes";
    if (caption) {
      const where = document.createElement("span");
      where.className = "evidence-visually-hidden";
      where.textContent = ` in ${caption}`;
      label.append(where);
    }
    const download = document.createElement("button");
    download.type = "button";
    download.className = "evidence-table-download";
    download.textContent = "Download these rows (CSV)";
    const status = document.createElement("p");
    status.className = "evidence-table-status";
    status.setAttribute("role", "status");
    const noun = total === 1 ? "theme" : "themes";
    const say = (shown) => {
      status.textContent = `${shown} of ${total} ${noun} shown`;
    };
    say(total);
    const field = document.createElement("span");
    field.className = "evidence-table-filter";
    field.append(label, input);
    tools.append(field, download, status);
    const place = table.closest(".pst-scrollable-table-container") || table;
    place.before(tools);

    input.addEventListener("input", () => {
      const wanted = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
      if (!words) {
        words = rows.map((row) => squeeze(row.textContent).toLocaleLowerCase());
      }
      let shown = 0;
      rows.forEach((row, index) => {
        const show = wanted.every((word) => words[index].includes(word));
        row.hidden = !show;
        if (show) shown += 1;
      });
      say(shown);
    });

    // Sorting: a button in each heading; ascending first, then descending.
    const order = rows.map((row, index) => index);
    headings.forEach((heading, column) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "evidence-sort";
      button.textContent = squeeze(heading.textContent);
      const icon = document.createElement("span");
      icon.className = "evidence-sort-icon";
      icon.setAttribute("aria-hidden", "true");
      button.append(icon);
      heading.replaceChildren(button);
      button.addEventListener("click", () => {
        const descending = heading.getAttribute("aria-sort") === "ascending";
        if (!keys[column]) {
          keys[column] = rows.map((row) => sortText(row.cells[column] || row));
        }
        const texts = keys[column];
        order.sort((a, b) => {
          const compared = collator.compare(texts[a], texts[b]);
          return (descending ? -compared : compared) || a - b; // stable
        });
        headings.forEach((other) => other.removeAttribute("aria-sort"));
        heading.setAttribute("aria-sort", descending ? "descending" : "ascending");
        const sorted = document.createDocumentFragment();
        order.forEach((index) => sorted.append(rows[index]));
        body.append(sorted);
      });
    });

    download.addEventListener("click", () => {
      const names = headings.map((heading) => squeeze(heading.textContent));
      const shown = [...body.rows]
        .filter((row) => !row.hidden)
        .map((row) => [...row.cells].map(cellText));
      const blob = new Blob([csvText([names, ...shown])], { type: "text/csv;charset=utf-8" });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = fileName(table);
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 0);
    });
  }

  /** "primary-themes.csv" on a goal's page; the table's anchor added if it has one. */
  function fileName(table) {
    const parts = location.pathname.split("/").filter(Boolean);
    let page = (parts.pop() || "index").replace(/\.html?$/, "");
    if (page === "index" && parts.length) page = parts.pop();
    const anchor = table.id ? `-${table.id}` : "";
    return `${page}-themes${anchor}.csv`.replace(/[^\w.-]+/g, "-");
  }

  // For the tests, which check that this rule and the exports' agree.
  window.hubEvidenceFindingsCsv = Object.freeze({ guardCell, csvText });

  document.querySelectorAll("table.evidence-findings").forEach(enhance);
})();
