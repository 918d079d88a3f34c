/* kith: long lists made usable. Tables sort by a button in each column heading (mouse, touch or
   keyboard), and say how they are sorted; a filter box narrows a table or a list as you type.
   Without JavaScript the lists are shown whole, in the order they were built in. */
(function () {
  "use strict";

  // Case and accents do not count: "jose" finds José.
  function folded(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function sortValue(cell, type) {
    var raw = cell.getAttribute("data-sort-value");
    var text = raw !== null ? raw : cell.textContent.trim();
    if (type === "number") return parseFloat(text) || 0;
    return text.toLocaleLowerCase();
  }

  function orderWords(type, ascending) {
    if (type === "date") return ascending ? "oldest first" : "newest first";
    if (type === "number") return ascending ? "smallest first" : "largest first";
    return ascending ? "A to Z" : "Z to A";
  }

  // The sortable table pattern of the ARIA Authoring Practices: a button in each heading,
  // `aria-sort` on the heading of the column the rows are sorted by, and the order announced.
  function makeSortable(table) {
    if (table.hasAttribute("data-kith-sort-ready")) return;
    table.setAttribute("data-kith-sort-ready", "");
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var status = document.createElement("p");
    status.className = "kith-sr";
    status.setAttribute("role", "status");
    table.parentNode.insertBefore(status, table.nextSibling);
    if (!table.caption) {
      var caption = table.createCaption();
      caption.className = "kith-sr";
      caption.textContent = "The column headings are buttons that sort the table.";
    }
    headers.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kith-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      var arrow = document.createElement("span");
      arrow.className = "kith-sort__arrow";
      arrow.setAttribute("aria-hidden", "true");
      button.appendChild(arrow);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var type = th.getAttribute("data-sort") || "text";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        // Dates sort newest first on the first click: that is what "last contact" is for.
        if (type === "date" && !th.hasAttribute("aria-sort")) ascending = false;
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = sortValue(a.cells[column], type), y = sortValue(b.cells[column], type);
          if (type === "date") {  // empty dates (never contacted, nothing due) always last
            if (!x && y) return 1;
            if (x && !y) return -1;
          }
          var order = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        status.textContent = "Sorted by " + button.textContent.trim() + ", " + orderWords(type, ascending) + ".";
      });
    });
  }

  // A filter box (`[data-kith-filter=ID]` around an input) over the element with that id: a table's rows, or
  // its `[data-kith-filter-item]`s; a `[data-kith-filter-group]` with none left shown is hidden.
  function makeFilter(box) {
    var target = document.getElementById(box.getAttribute("data-kith-filter"));
    var input = box.querySelector("input");
    if (!target || !input || box.hasAttribute("data-kith-filter-ready")) return;
    box.setAttribute("data-kith-filter-ready", "");
    var items = Array.prototype.slice.call(target.tBodies
      ? target.tBodies[0].rows : target.querySelectorAll("[data-kith-filter-item]"));
    var texts = items.map(function (item) {
      return folded(item.getAttribute("data-kith-filter-text") || item.textContent);
    });
    var groups = Array.prototype.slice.call(target.querySelectorAll("[data-kith-filter-group]"));
    var count = box.querySelector(".kith-filter__count");
    var noun = box.getAttribute("data-kith-filter-noun") || "";

    function apply() {
      var words = folded(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item, index) {
        var match = words.every(function (word) { return texts[index].indexOf(word) !== -1; });
        item.hidden = !match;
        if (match) shown++;
      });
      // Outer groups first: one that is an item too (a topic with sub-topics) stays when it
      // matched itself, and comes back when anything inside it did.
      groups.forEach(function (group) {
        var inside = group.querySelector("[data-kith-filter-item]:not([hidden])") !== null;
        if (inside) group.hidden = false;
        else if (!group.hasAttribute("data-kith-filter-item")) group.hidden = true;
      });
      if (count) {
        count.textContent = words.length ? shown + " of " + items.length + (noun ? " " + noun : "") : "";
      }
    }

    input.addEventListener("input", apply);
    box.hidden = false;
    if (input.value) apply();  // the browser kept what was typed (back and forward)
  }

  function init() {
    document.querySelectorAll("table[data-kith-sortable]").forEach(makeSortable);
    document.querySelectorAll("[data-kith-filter]").forEach(makeFilter);
  }

  window.kithOnEveryPage(init);  // kith.js, loaded before this script
})();
