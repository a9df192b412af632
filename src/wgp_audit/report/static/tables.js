/* wgp-audit: sort, filter and search in every table of a report page, offline (no library, no
   network). Click a column header to sort it (again to reverse); type in the box above a table to
   keep the rows holding every word typed; "column:word" keeps the rows whose column holds word. */
(function () {
  "use strict";
  var collator = new Intl.Collator(undefined, {numeric: true, sensitivity: "base"});
  var ID_HEADERS = /(^|[_ ])(id|finding|finding_id|check|check_id|record|subject|who|run|run_id|report|first seen|last seen)$/i;

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  function asNumber(text) {
    return /^-?\d+(\.\d+)?$/.test(text) ? parseFloat(text) : NaN;
  }

  function sortBy(table, index, header) {
    var body = table.tBodies[0];
    var descending = header.getAttribute("aria-sort") === "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellText(a, index), y = cellText(b, index);
      var nx = asNumber(x), ny = asNumber(y);
      var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : collator.compare(x, y);
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function filterRows(table, names, query, counter) {
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean).map(function (term) {
      var at = term.indexOf(":");
      var column = at > 0 ? names.indexOf(term.slice(0, at)) : -1;
      return column >= 0 ? {column: column, word: term.slice(at + 1)} : {column: -1, word: term};
    });
    var rows = table.tBodies[0].rows, shown = 0;
    Array.prototype.forEach.call(rows, function (row) {
      var text = row.textContent.toLowerCase();
      var keep = terms.every(function (t) {
        return (t.column >= 0 ? cellText(row, t.column).toLowerCase() : text).indexOf(t.word) >= 0;
      });
      row.hidden = !keep;
      shown += keep ? 1 : 0;
    });
    counter.textContent = shown + " of " + rows.length + " rows";
  }

  function enhance(table, number) {
    if (!table.tHead || !table.tBodies.length || table.tBodies[0].rows.length < 2) { return; }
    if (table.closest("svg") || table.classList.contains("wgp-enhanced")) { return; }
    table.classList.add("wgp-enhanced");
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var names = headers.map(function (th) { return th.textContent.trim().toLowerCase(); });
    headers.forEach(function (th, index) {
      th.classList.add("wgp-sortable");
      th.setAttribute("tabindex", "0");
      th.setAttribute("title", "sort by " + th.textContent.trim());
      th.addEventListener("click", function () { sortBy(table, index, th); });
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(table, index, th); }
      });
      if (ID_HEADERS.test(names[index])) {
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          if (row.cells[index]) { row.cells[index].classList.add("wgp-id"); }
        });
        th.classList.add("wgp-id");
      }
    });
    var bar = document.createElement("div");
    bar.className = "wgp-filter";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "Filter rows (words, or column:word)";
    input.setAttribute("aria-label", "filter the rows of table " + number);
    var counter = document.createElement("span");
    counter.className = "wgp-count";
    counter.textContent = table.tBodies[0].rows.length + " rows";
    input.addEventListener("input", function () { filterRows(table, names, input.value, counter); });
    bar.appendChild(input);
    bar.appendChild(counter);
    table.parentNode.insertBefore(bar, table);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("table"), function (table, index) {
      enhance(table, index + 1);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
