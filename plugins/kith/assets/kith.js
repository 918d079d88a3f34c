/* kith: follow-up dates re-labelled against the reader's own date (sorting and filtering lists is
   kith-lists.js). Without JavaScript, the labels written at build time stand. */
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

  function init() {
    relabel(document);
  }

  // With navigation.instant, Material swaps pages without a reload: document$ tells us.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
