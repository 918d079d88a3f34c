/* kith: sortable tables, and follow-up dates re-labelled against the reader's own date.
   Without JavaScript, the labels written at build time stand. */
(function () {
  "use strict";
  var DAY = 86400000;

  function localToday() {
    var now = new Date();
    return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  }

  function parseDay(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : null;
  }

  function label(days) {
    if (days < 0) return "overdue by " + -days + (days === -1 ? " day" : " days");
    if (days === 0) return "today";
    if (days === 1) return "tomorrow";
    return "in " + days + " days";
  }

  // A birthday recurs, so it is never "overdue". The build lists each birthday's next date from
  // the build day on; the reader's date can only be past it when the page is older than that, and
  // then it says when it was, as the date written beside it does.
  function birthdayLabel(days) {
    if (days === -1) return "yesterday";
    if (days < 0) return -days + " days ago";
    return label(days);
  }

  function relabel(root) {
    var today = localToday();
    var stamps = root.querySelectorAll("time.kith-when[data-kith-date]");
    for (var i = 0; i < stamps.length; i++) {
      var el = stamps[i];
      var day = parseDay(el.getAttribute("data-kith-date"));
      if (day === null) continue;
      var days = Math.round((day - today) / DAY);
      var birthday = el.closest(".kith-birthdays") !== null;
      el.textContent = birthday ? birthdayLabel(days) : label(days);
      el.classList.toggle("kith-when--overdue", days < 0 && !birthday);
      el.classList.toggle("kith-when--past", days < 0 && birthday);
      el.classList.toggle("kith-when--today", days === 0);
      el.setAttribute("title", "as of your date, " + new Date(today).toISOString().slice(0, 10));
    }
  }

  function sortValue(cell, type) {
    var raw = cell.getAttribute("data-sort-value");
    var text = raw !== null ? raw : cell.textContent.trim();
    if (type === "number") return parseFloat(text) || 0;
    return text.toLocaleLowerCase();
  }

  function makeSortable(table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, column) {
      th.setAttribute("tabindex", "0");
      th.setAttribute("role", "button");
      function sort() {
        var type = th.getAttribute("data-sort") || "text";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        // Dates sort newest first on the first click: that is what "last contact" is for.
        if (type === "date" && !th.hasAttribute("aria-sort")) ascending = false;
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = sortValue(a.cells[column], type), y = sortValue(b.cells[column], type);
          if (type === "date") {  // empty dates (never contacted) always last
            if (!x && y) return 1;
            if (x && !y) return -1;
          }
          var order = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }

  function init() {
    relabel(document);
    document.querySelectorAll("table[data-kith-sortable]").forEach(makeSortable);
  }

  // Run `fn` on every page shown. With navigation.instant, Material swaps pages without a
  // reload: document$ tells us. kith's other scripts (kith-graph.js) use this too.
  function onEveryPage(fn) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(fn);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }
  window.kithOnEveryPage = onEveryPage;
  onEveryPage(init);
})();
