/* kith: dates re-labelled against the reader's own date; and the follow-up page (and the home
   page's follow-ups) sorted again on that date, with filters. Sorting and filtering other lists is
   kith-lists.js. Without JavaScript, the pages as they were built stand. */
(function () {
  "use strict";
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  // Dates are whole days: days since 1970-01-01.
  function localToday() {
    var now = new Date();
    return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / 86400000;
  }

  function parseDay(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86400000 : null;
  }

  function isoDay(day) {
    return new Date(day * 86400000).toISOString().slice(0, 10);
  }

  // As the templates write a date (render.py `format_date`): "2 May 2026".
  function longDay(day) {
    var date = new Date(day * 86400000);
    return date.getUTCDate() + " " + MONTHS[date.getUTCMonth()] + " " + date.getUTCFullYear();
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

  function relabel(root, today) {
    var stamps = root.querySelectorAll("time.kith-when[data-kith-date]");
    for (var i = 0; i < stamps.length; i++) {
      var el = stamps[i];
      var day = parseDay(el.getAttribute("data-kith-date"));
      if (day === null) continue;
      var days = day - today;
      var birthday = el.closest(".kith-birthday, .kith-birthdays") !== null;
      el.textContent = birthday ? birthdayLabel(days) : label(days);
      el.classList.toggle("kith-when--overdue", days < 0 && !birthday);
      el.classList.toggle("kith-when--past", days < 0 && birthday);
      el.classList.toggle("kith-when--today", days === 0);
      el.setAttribute("title", "as of your date, " + isoDay(today));
    }
  }

  // An element from a tag, attributes and children (text or elements): every text is set as text.
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    for (var name in attributes || {}) {
      if (attributes[name] !== null && attributes[name] !== undefined) node.setAttribute(name, attributes[name]);
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function folded(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\s+/g, " ");
  }

  function days(count) {
    return count + (count === 1 ? " day" : " days");
  }

  // ---- The follow-ups, sorted on a day: the rules of core/followups.py, and the page's words. ----

  var CIRCLE_ORDER = { close: 0, regular: 1, loose: 2 };
  var CIRCLE_LABELS = { close: "Close", regular: "Regular", loose: "Loose" };
  var TASK_SECTIONS = ["overdue", "due-soon", "waiting", "undated"];

  // What a follow-up page (this one, or one fetched for the home page) holds.
  function Followups(doc) {
    var root = doc.querySelector("[data-kith-followups]");
    this.root = root;
    this.today = parseDay(root.getAttribute("data-kith-today"));
    this.soon = +root.getAttribute("data-kith-soon");
    this.birthdayDays = +root.getAttribute("data-kith-birthday-days");
    this.planSize = +root.getAttribute("data-kith-plan-size");
    this.fold = +root.getAttribute("data-kith-fold");
    var data = JSON.parse(root.querySelector("template.kith-data").content.textContent);
    this.people = data.people;
    var rank = {};
    data.order.forEach(function (id, index) { if (!(id in rank)) rank[id] = index; });
    var rows = [];
    var seen = {};
    function collect(list) {
      for (var i = 0; i < list.length; i++) {
        var li = list[i];
        var id = li.getAttribute("data-kith-id");
        if (seen[id] || li.closest(".kith-plan")) continue;  // the plan's rows are copies
        seen[id] = true;
        var people = (li.getAttribute("data-kith-people") || "").split(" ").filter(Boolean);
        rows.push({
          el: li, id: id, rank: id in rank ? rank[id] : 1e9, people: people,
          date: parseDay(li.getAttribute("data-kith-date")),
          waiting: li.classList.contains("kith-task--waiting"),
          text: folded(li.textContent)
        });
      }
    }
    collect(root.querySelectorAll("li.kith-task[data-kith-id]"));
    var later = root.querySelector("template.kith-later");
    if (later) collect(later.content.querySelectorAll("li.kith-task[data-kith-id]"));
    rows.sort(function (a, b) { return a.rank - b.rank; });
    this.rows = rows;
  }

  function snoozed(person, day) {
    var until = parseDay(person.z);
    return until !== null && until > day;
  }

  // 29 February falls on 28 February in a common year.
  function nextBirthday(person, day) {
    var year = new Date(day * 86400000).getUTCFullYear();
    for (var y = year; y <= year + 1; y++) {
      var d = person.b[1];
      if (person.b[0] === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) d = 28;
      var candidate = Date.UTC(y, person.b[0] - 1, d) / 86400000;
      if (candidate >= day) return { day: candidate, year: y };
    }
    return null;
  }

  // Everything in its place on `day` (core/followups.py `compute_followups` and `week_plan`).
  Followups.prototype.on = function (day) {
    var self = this;
    var state = { day: day, sections: {}, mine: {}, theirs: {}, outOfTouch: [], birthdays: [], plan: [] };
    TASK_SECTIONS.forEach(function (name) { state.sections[name] = []; });
    this.rows.forEach(function (row) {
      var section = row.waiting ? "waiting" : row.date === null ? "undated"
        : row.date < day ? "overdue" : row.date <= day + self.soon ? "due-soon" : null;
      if (section) state.sections[section].push(row);
      var byPerson = row.waiting ? state.theirs : state.mine;
      row.people.filter(function (slug, index) { return row.people.indexOf(slug) === index; })
        .forEach(function (slug) { (byPerson[slug] = byPerson[slug] || []).push(row); });
    });
    var distant = {};
    Object.keys(this.people).forEach(function (slug) {
      var person = self.people[slug];
      if (person.k !== null && !snoozed(person, day)) {
        var since = parseDay(person.s);
        var due = since === null ? null : since + person.k;
        if (due === null || due < day) {
          var item = { slug: slug, person: person, since: since, due: due,
                       daysSince: since === null ? null : day - since,
                       daysOverdue: due === null ? null : day - due };
          state.outOfTouch.push(item);
          distant[slug] = item;
        }
      }
      if (person.b && self.birthdayDays >= 0) {
        var next = nextBirthday(person, day);
        if (next && next.day - day <= self.birthdayDays) {
          var age = person.b[2] ? next.year - person.b[2] : null;
          state.birthdays.push({ slug: slug, person: person, day: next.day, age: age > 0 ? age : null });
        }
      }
    });
    state.outOfTouch.sort(function (a, b) {
      var x = a.due === null ? -Infinity : a.due, y = b.due === null ? -Infinity : b.due;
      return x !== y ? x - y : a.person.o - b.person.o;
    });
    state.birthdays.sort(function (a, b) { return a.day !== b.day ? a.day - b.day : a.person.o - b.person.o; });
    var candidates = {};
    Object.keys(state.mine).concat(Object.keys(state.theirs), Object.keys(distant)).forEach(function (slug) {
      var person = self.people[slug];
      if (!person || candidates[slug] || snoozed(person, day)) return;
      var overdue = function (row) { return row.date !== null && row.date < day; };
      var owed = (state.mine[slug] || []).filter(overdue);
      var owing = (state.theirs[slug] || []).filter(overdue);
      if (!owed.length && !owing.length && !distant[slug]) return;
      var oldest = owed.length ? Math.max.apply(null, owed.map(function (row) { return day - row.date; })) : 0;
      var out = distant[slug];
      candidates[slug] = {
        slug: slug, person: person, owed: owed, owing: owing, outOfTouch: out || null, owedDays: oldest,
        mine: state.mine[slug] || [], theirs: state.theirs[slug] || [],
        key: [owed.length ? 0 : 1, person.c in CIRCLE_ORDER ? CIRCLE_ORDER[person.c] : 3,
              !out ? Infinity : out.daysOverdue === null ? -Infinity : -out.daysOverdue,
              -oldest, person.o]
      };
    });
    state.candidates = Object.keys(candidates).map(function (slug) { return candidates[slug]; });
    state.candidates.sort(function (a, b) {
      for (var i = 0; i < a.key.length; i++) {
        if (a.key[i] !== b.key[i]) return a.key[i] < b.key[i] ? -1 : 1;
      }
      return 0;
    });
    return state;
  };

  // Why someone is in the week's plan (site/followups.py `why` says the same).
  function why(entry, day) {
    var reasons = [];
    if (entry.owed.length === 1) reasons.push("you owe them a promise, overdue by " + days(entry.owedDays));
    else if (entry.owed.length) {
      reasons.push("you owe them " + entry.owed.length + " promises, the oldest overdue by " + days(entry.owedDays));
    }
    if (entry.owing.length) {
      var most = Math.max.apply(null, entry.owing.map(function (row) { return day - row.date; }));
      reasons.push("they owe you " + (entry.owing.length === 1 ? "a promise" : entry.owing.length + " promises")
        + ", overdue by " + days(most));
    }
    var out = entry.outOfTouch;
    if (out) {
      if (out.daysSince === null) reasons.push("never in touch");
      else if (out.person.x) reasons.push("out of touch for " + days(out.daysSince));
      else reasons.push("not in touch since you met, " + days(out.daysSince) + " ago");
    }
    var text = reasons.join(" · ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  // ---- The follow-up page: the same elements as the templates make (follow-ups.html). ----

  function personLink(person) {
    return el("a", { "class": "kith-person", href: person.u }, [person.n]);
  }

  function circleBadge(person) {
    return person.c ? el("span", { "class": "kith-circle kith-circle--" + person.c }, [CIRCLE_LABELS[person.c]]) : null;
  }

  function when(day) {
    var iso = isoDay(day);
    return el("time", { "class": "kith-when ", datetime: iso, "data-kith-date": iso }, [""]);
  }

  function taskList(rows) {
    return el("ul", { "class": "kith-tasks" }, rows.map(function (row) { return row.el.cloneNode(true); }));
  }

  function card(entry, day) {
    var person = entry.person, last = person.l;
    var children = [
      el("div", { "class": "kith-card__head" }, [personLink(person), " ", circleBadge(person)]),
      el("p", { "class": "kith-card__why" }, [why(entry, day)]),
      last ? el("p", { "class": "kith-card__last" }, [
        "Last: ", el("a", { "class": "kith-note-link", href: last[1] }, [last[0]]), " · ",
        el("time", { datetime: last[2] }, [longDay(parseDay(last[2]))]),
        last[3] ? " " : null, last[3] ? el("span", { "class": "kith-excerpt" }, [last[3]]) : null
      ]) : el("p", { "class": "kith-card__last" }, ["No conversation logged yet."])
    ];
    if (entry.mine.length) children.push(el("p", { "class": "kith-card__label" }, ["You promised"]), taskList(entry.mine));
    if (entry.theirs.length) children.push(el("p", { "class": "kith-card__label" }, ["They promised"]), taskList(entry.theirs));
    return el("li", { "class": "kith-card", "data-kith-person": entry.slug }, children);
  }

  function group(slug, person, rows) {
    var head = person
      ? [personLink(person), " ", circleBadge(person), " "]
      : [el("span", { "class": "kith-person kith-person--none" }, ["Not with anyone in particular"]), " "];
    head.push(el("span", { "class": "kith-count" }, [String(rows.length)]));
    return el("li", { "class": "kith-group", "data-kith-person": slug }, [
      el("div", { "class": "kith-group__head" }, head),
      el("ul", { "class": "kith-tasks" }, rows.map(function (row) { return row.el; }))
    ]);
  }

  function outOfTouchRow(item) {
    var person = item.person;
    var meta = item.since === null
      ? el("span", { "class": "kith-task__meta" }, ["never in touch, and no 'met' date"])
      : el("span", { "class": "kith-task__meta" }, [
        item.daysSince + " days since " + (person.x ? "last contact" : "we met") + " (" + longDay(item.since)
          + ") · due " + longDay(item.due) + " · ", when(item.due)]);
    return el("li", { "class": "kith-keep-in-touch", "data-kith-person": item.slug,
                      "data-kith-date": item.due === null ? null : isoDay(item.due) }, [
      personLink(person), " ",
      el("span", { "class": "kith-circle kith-circle--" + (person.c || "none") }, [CIRCLE_LABELS[person.c] || "custom cadence"]),
      " ", meta]);
  }

  function birthdayRow(item) {
    return el("li", { "class": "kith-birthday", "data-kith-person": item.slug, "data-kith-date": isoDay(item.day) }, [
      personLink(item.person), " · " + longDay(item.day) + (item.age ? " (turns " + item.age + ")" : "") + " · ",
      when(item.day)]);
  }

  // A section's rows, the first `fold` shown, the rest behind "Show all N" (as the template folds).
  function fill(section, rows, count, fold) {
    var details = section.querySelector("details.kith-more");
    var open = details ? details.open : false;
    while (section.firstChild) section.removeChild(section.firstChild);
    if (!rows.length) {
      section.appendChild(el("p", { "class": "kith-empty" }, [section.getAttribute("data-kith-empty")]));
      return;
    }
    var list = section.getAttribute("data-kith-section") === "this-week" ? "ol" : "ul";
    var listClass = list === "ol" ? "kith-plan" : "kith-rows";
    section.appendChild(el(list, { "class": listClass }, rows.slice(0, fold)));
    if (rows.length > fold) {
      var more = el("details", { "class": "kith-more" }, [
        el("summary", {}, ["Show all " + count]), el(list, { "class": listClass }, rows.slice(fold))]);
      more.open = open;
      section.appendChild(more);
    }
  }

  function count(page, name, value) {
    var badge = page.querySelector("h2#" + name + " .kith-count");
    if (badge) badge.textContent = String(value);
  }

  // The filters: circle, topic, whose promise, words; each in the address's fragment.
  var FILTERS = ["circle", "tag", "who", "q"];

  function control(box, name) {
    return box.querySelector('[name="' + name + '"]');
  }

  function readFilters(box) {
    var filters = {};
    FILTERS.forEach(function (name) { filters[name] = control(box, name) ? control(box, name).value.trim() : ""; });
    return filters;
  }

  function personShown(person, filters) {
    if (filters.circle && (person ? person.c || "none" : "none") !== filters.circle) return false;
    if (filters.tag) {
      var tags = person ? person.t : [];
      if (!tags.some(function (tag) { return tag === filters.tag || tag.indexOf(filters.tag + "/") === 0; })) return false;
    }
    return true;
  }

  function render(page, model, day, filters) {
    var state = model.on(day);
    var words = folded(filters.q);
    function named(person) { return person && folded(person.n).indexOf(words) !== -1; }
    function rowShown(row) {
      var person = model.people[row.people[0]];
      if (!personShown(person, filters)) return false;
      if (filters.who === "mine" && row.waiting) return false;
      if (filters.who === "waiting" && !row.waiting) return false;
      return !words || row.text.indexOf(words) !== -1 || named(person);
    }
    var plan = state.candidates.filter(function (entry) {
      if (!personShown(entry.person, filters)) return false;
      if (!words || named(entry.person)) return true;
      return entry.mine.concat(entry.theirs).some(function (row) { return row.text.indexOf(words) !== -1; });
    }).slice(0, model.planSize);
    fill(page.querySelector('[data-kith-section="this-week"]'),
         plan.map(function (entry) { return card(entry, day); }), plan.length, model.planSize);
    count(page, "this-week", plan.length);
    TASK_SECTIONS.forEach(function (name) {
      var rows = state.sections[name].filter(rowShown);
      var groups = [], bySlug = {};
      rows.forEach(function (row) {
        var slug = row.people[0] || "";
        if (!(slug in bySlug)) { bySlug[slug] = []; groups.push(slug); }
        bySlug[slug].push(row);
      });
      fill(page.querySelector('[data-kith-section="' + name + '"]'),
           groups.map(function (slug) { return group(slug, model.people[slug], bySlug[slug]); }), rows.length, model.fold);
      count(page, name, rows.length);
    });
    function peopleShown(item) { return personShown(item.person, filters) && (!words || named(item.person)); }
    var distant = state.outOfTouch.filter(peopleShown);
    fill(page.querySelector('[data-kith-section="out-of-touch"]'), distant.map(outOfTouchRow), distant.length, model.fold);
    count(page, "out-of-touch", distant.length);
    var birthdays = page.querySelector('[data-kith-section="birthdays"]');
    if (birthdays) {
      var shown = state.birthdays.filter(peopleShown);
      fill(birthdays, shown.map(birthdayRow), shown.length, model.fold);
      count(page, "birthdays", shown.length);
    }
    // Rows not in a section today wait in the template, for another day.
    var later = model.root.querySelector("template.kith-later");
    model.rows.forEach(function (row) { if (!row.el.isConnected) later.content.appendChild(row.el); });
  }

  function asOf(page, built, day) {
    var stamp = page.querySelector("time.kith-today");
    if (!stamp) return;
    stamp.textContent = longDay(day);
    stamp.setAttribute("datetime", isoDay(day));
    var note = page.querySelector(".kith-built");
    if (note) note.textContent = day === built ? "" : " (your date; the site was built on " + longDay(built) + ")";
  }

  var onHash = null;  // the follow-up page's fragment listener, one at a time (instant navigation)

  function followUpPage(root) {
    var page = root.closest("article") || document;
    var form = page.querySelector(".kith-filters");
    if (!form || !root.querySelector("template.kith-data")) return;  // a template of the user's own
    var model = new Followups(document);
    var today = localToday();
    function apply(write) {
      var filters = readFilters(form);
      render(page, model, today, filters);
      relabel(model.root, today);
      var active = FILTERS.some(function (name) { return filters[name]; });
      var summary = form.querySelector(".kith-filters__summary");
      if (summary) summary.textContent = active ? "Filtered: the counts are of what is shown." : "";
      if (write) {
        var params = new URLSearchParams();
        FILTERS.forEach(function (name) { if (filters[name]) params.set(name, filters[name]); });
        var fragment = params.toString();
        history.replaceState(history.state, "", location.pathname + location.search + (fragment ? "#" + fragment : ""));
      }
    }
    function fromFragment() {
      var hash = location.hash.slice(1);
      if (hash.indexOf("=") === -1) return false;  // an anchor (#overdue), not filters
      var params = new URLSearchParams(hash);
      FILTERS.forEach(function (name) {
        var field = control(form, name);
        if (!field) return;
        var value = params.get(name) || "";
        if (field.tagName === "SELECT" && value && !Array.prototype.some.call(field.options, function (o) { return o.value === value; })) {
          field.appendChild(el("option", { value: value }, [value]));  // a topic no one has any more
        }
        field.value = value;
      });
      return true;
    }
    form.hidden = false;
    fromFragment();
    asOf(page, model.today, today);
    apply(false);
    form.addEventListener("input", function () { apply(true); });
    form.addEventListener("change", function () { apply(true); });
    form.querySelector(".kith-filters__clear").addEventListener("click", function () {
      FILTERS.forEach(function (name) { if (control(form, name)) control(form, name).value = ""; });
      apply(true);
    });
    if (onHash) window.removeEventListener("hashchange", onHash);
    onHash = function () { if (fromFragment()) apply(false); };
    window.addEventListener("hashchange", onHash);
  }

  // ---- The home page: its counts and lists of follow-ups, on the reader's date. ----

  function homePage(home) {
    var built = parseDay(home.getAttribute("data-kith-today"));
    var today = localToday();
    if (built === null || built === today) return;
    var address = new URL(home.getAttribute("data-kith-followups-url"), location.href).href;
    fetch(address).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (html) {
      var model = new Followups(new DOMParser().parseFromString(html, "text/html"));
      var state = model.on(today);
      function moved(row) {  // a row of the follow-up page, its links made right from here
        var copy = document.importNode(row.el, true);
        copy.querySelectorAll("a[href]").forEach(function (a) { a.setAttribute("href", new URL(a.getAttribute("href"), address).href); });
        return copy;
      }
      function list(name, rows, empty) {
        var box = home.querySelector('[data-kith-home="' + name + '"]');
        if (!box) return;
        while (box.firstChild) box.removeChild(box.firstChild);
        box.appendChild(rows.length ? el("ul", { "class": "kith-tasks" }, rows.map(moved)) : el("p", { "class": "kith-empty" }, [empty]));
      }
      var overdue = state.sections.overdue;
      list("overdue", overdue.slice(0, 10), "Nothing overdue.");
      var all = home.querySelector('[data-kith-home-more="overdue"]');
      if (all) {
        all.hidden = overdue.length <= 10;
        all.querySelector("a").textContent = "All " + overdue.length + " overdue follow-ups";
      }
      list("due-this-week", model.rows.filter(function (row) {
        return !row.waiting && row.date !== null && row.date >= today && row.date <= today + 7;
      }), "Nothing due in the next 7 days.");
      var box = home.querySelector('[data-kith-home="out-of-touch"]');
      if (box) {
        while (box.firstChild) box.removeChild(box.firstChild);
        var rows = state.outOfTouch.slice(0, 5).map(function (item) {
          var link = personLink(item.person);
          link.setAttribute("href", new URL(item.person.u, address).href);
          return el("li", {}, [link, " ", el("span", { "class": "kith-task__meta" }, [
            item.since === null ? "never in touch" : item.daysSince + " days since " + (item.person.x ? "last contact" : "we met")])]);
        });
        box.appendChild(rows.length ? el("ul", { "class": "kith-out-of-touch" }, rows)
          : el("p", { "class": "kith-empty" }, ["Everyone in your circles is in touch."]));
      }
      var tiles = { overdue: overdue.length, "out-of-touch": state.outOfTouch.length };
      Object.keys(tiles).forEach(function (name) {
        var tile = home.querySelector('[data-kith-stat="' + name + '"] strong');
        if (tile) tile.textContent = String(tiles[name]);
      });
      asOf(home, built, today);
      relabel(home, today);
    }).catch(function () {
      // The follow-up page could not be read (a site opened from files): the build's lists stand.
      var note = home.querySelector(".kith-built");
      if (note) note.textContent = " (when the site was built; open it from a web server to see your date)";
    });
  }

  function init() {
    var followups = document.querySelector("[data-kith-followups]");
    if (followups) followUpPage(followups);
    relabel(document, localToday());
    var home = document.querySelector(".kith-home[data-kith-followups-url]");
    if (home) homePage(home);
  }

  // Run `fn` on every page shown. With navigation.instant, Material swaps pages without a
  // reload: document$ tells us. kith's other scripts (kith-lists.js, kith-graph.js) use this too.
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
