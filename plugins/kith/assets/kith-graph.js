/* kith: the network graph page (/graph/). Focus on one person and the people within two steps of
   them, filter by circle and topic, zoom and pan: by mouse, touch (tap, pinch, drag) and keyboard
   (+ and -, arrows, Escape). It reads the page's own data (template#kith-graph-data: public
   people only) and the SVG the build wrote; without JavaScript that SVG stands, every person a link.
   A focus is laid out as the build lays out the overview (kith/core/graph.py `_pack`): each
   person with their name beside them, packed outwards from the middle on spirals, against a grid
   of buckets, so each check looks at a few neighbours. */
(function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var XLINK_NS = "http://www.w3.org/1999/xlink";
  // As in kith/core/graph.py.
  var CHAR_WIDTH = 0.56, LABEL_GAP = 3, ROW = 22, PACK_STEP = 6, MAX_STEPS = 20000, MAX_TURN = 0.5, PILL_GAP = 4, MAX_AIR = 36;
  var NAMED = 200, WIDE_ASPECT = 0.75, NARROW_ASPECT = 1.9, CURVE = 0.45;
  var MAX_ZOOM = 8;
  var STEP = 1.5;  // one press of + or -
  var CIRCLES = ["close", "regular", "loose", "none"];
  var CIRCLE_NAMES = { close: "Close circle", regular: "Regular circle", loose: "Loose circle", none: "No circle" };

  function svgElement(name, attributes) {
    var element = document.createElementNS(SVG_NS, name);
    Object.keys(attributes || {}).forEach(function (key) { element.setAttribute(key, attributes[key]); });
    return element;
  }

  function round(value) { return Math.round(value * 10) / 10; }

  function plural(count, one, many) { return count + " " + (count === 1 ? one : many); }

  function nodeRadius(conversations) {  // a profile's scale (core/graph.py node_radius)
    return round(Math.min(5 + 2.2 * Math.sqrt(conversations), 22));
  }

  // As core/graph.py label_width: a wide character (CJK, emoji) counts nearly twice.
  var WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1FAFF}\u{20000}-\u{3FFFD}]/u;
  function labelWidth(name, font) {
    var characters = Array.from(name), wide = 0;
    characters.forEach(function (ch) { if (WIDE.test(ch)) wide++; });
    return (characters.length + 0.8 * wide) * font * CHAR_WIDTH;
  }

  /* Boxes already taken, in a grid of buckets. */
  function Boxes(cell) { this.cell = cell; this.grid = new Map(); }
  Boxes.prototype.each = function (box, fn) {
    var cell = this.cell;
    for (var cx = Math.floor(box[0] / cell); cx <= Math.floor(box[2] / cell); cx++) {
      for (var cy = Math.floor(box[1] / cell); cy <= Math.floor(box[3] / cell); cy++) {
        if (fn(cx + "," + cy) === false) return;
      }
    }
  };
  Boxes.prototype.blocker = function (box) {
    var grid = this.grid, found = null;
    this.each(box, function (key) {
      var list = grid.get(key);
      if (!list) return true;
      for (var i = 0; i < list.length; i++) {
        var o = list[i];
        if (box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3]) { found = o; return false; }
      }
      return true;
    });
    return found;
  };
  Boxes.prototype.take = function (box) {
    var grid = this.grid;
    this.each(box, function (key) {
      var list = grid.get(key);
      if (list) list.push(box); else grid.set(key, [box]);
    });
  };

  /* `groups`: lists of {wish (0..1 of a turn from the top, clockwise), r, name, named}, inside
     out. Sets each one's x, y, anchor and labelX, and returns the height and the middle. */
  function packCloud(groups, width, font, narrow) {
    var aspect = narrow ? NARROW_ASPECT : WIDE_ASPECT, margin = 4, middleX = width / 2;
    var usable = width / 2 - margin, boxes = new Boxes(60), sectors = 48, frontier = [];
    for (var s = 0; s < sectors; s++) frontier.push(0);
    var count = 0, texts = 0;
    groups.forEach(function (group) {
      group.forEach(function (item) {
        item.text = item.named ? labelWidth(item.name, font) : -LABEL_GAP;
        count++; texts += item.text;
      });
    });
    // As core/graph.py `_air`: a few people spread out rather than huddle in the middle.
    var air = Math.max(0, Math.min(MAX_AIR, width * width * Math.min(aspect, 1) / Math.max(count, 1) /
                                               (texts / Math.max(count, 1) + 3 * font) - 1.8 * font));
    function pill(item, x, y) {
      var half = Math.max(item.r, font * 0.6) + PILL_GAP / 2 + air / 2, gap = item.r + LABEL_GAP, side = PILL_GAP + air / 4;
      if (x >= middleX - 0.5) return [[x - item.r - side, y - half, x + gap + item.text + side, y + half], "start", x + gap];
      return [[x - gap - item.text - side, y - half, x + item.r + side, y + half], "end", x - gap];
    }
    function spot(item, radius, angle) {
      for (var n = 0; n < MAX_STEPS; n++) {
        var sine = Math.sin(angle), cosine = Math.cos(angle);
        var x = middleX + radius * sine, y = -radius * aspect * cosine;
        var made = pill(item, x, y), box = made[0];
        var speed = Math.hypot(radius * cosine, radius * aspect * sine) || 1;
        var distance = PACK_STEP;
        if (box[0] >= margin && box[2] <= width - margin) {
          var blocker = boxes.blocker(box);
          if (!blocker) {
            boxes.take(box);
            item.x = x; item.y = y; item.anchor = made[1]; item.labelX = made[2];
            return [radius, angle];
          }
          var across = Math.min(box[2], blocker[2]) - Math.max(box[0], blocker[0]);
          var down = Math.min(box[3], blocker[3]) - Math.max(box[1], blocker[1]);
          var moveX = Math.abs(radius * cosine) / speed, moveY = Math.abs(radius * aspect * sine) / speed;
          distance = Math.max(distance, 0.5 * Math.min(moveX > 0.05 ? across / moveX : Infinity,
                                                       moveY > 0.05 ? down / moveY : Infinity, 4 * ROW));
        }
        var step = Math.min(distance / speed, MAX_TURN);  // near the middle: a small turn, not a leap
        if (radius > usable) {
          var edge = Math.asin(usable / radius), turn = ((angle % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
          if (edge < turn && turn < Math.PI - edge) step = Math.max(step, Math.PI - edge - turn);
          else if (Math.PI + edge < turn && turn < 2 * Math.PI - edge) step = Math.max(step, 2 * Math.PI - edge - turn);
        }
        angle += step;
        radius += ROW * step / (2 * Math.PI) / aspect;
      }
      item.x = middleX; item.y = 0; item.anchor = "start"; item.labelX = middleX;
      return null;
    }
    var outer = 0;
    groups.forEach(function (group, number) {
      var reach = outer;
      group.sort(function (a, b) { return a.wish - b.wish; });
      if (number === 0 && group.length === 1) {
        var made = pill(group[0], middleX, 0);
        boxes.take(made[0]);
        group[0].x = middleX; group[0].y = 0; group[0].anchor = made[1]; group[0].labelX = made[2];
        outer = reach = ROW / aspect;
        return;
      }
      group.forEach(function (item) {
        if (!item.named) return;
        var sector = Math.floor(item.wish * sectors) % sectors;
        var found = spot(item, Math.max(frontier[sector] - ROW, outer * 0.85, 0), 2 * Math.PI * item.wish);
        if (!found) return;
        var where = Math.floor((((found[1] / (2 * Math.PI)) % 1) + 1) % 1 * sectors) % sectors;
        frontier[where] = Math.max(frontier[where], found[0]);
        reach = Math.max(reach, found[0]);
      });
      var radius = outer * 0.85, angle = null;
      group.forEach(function (item) {
        if (item.named) return;
        var wish = 2 * Math.PI * item.wish;
        if (angle === null) angle = wish;
        else angle = Math.max(angle, angle - (angle % (2 * Math.PI)) + wish);
        var found = spot(item, radius, angle);
        if (!found) return;
        radius = found[0]; angle = found[1];
        reach = Math.max(reach, radius);
      });
      outer = reach;
    });
    var top = Infinity, bottom = -Infinity;
    groups.forEach(function (group) {
      group.forEach(function (item) {
        top = Math.min(top, item.y - Math.max(item.r, font));
        bottom = Math.max(bottom, item.y + Math.max(item.r, font));
      });
    });
    top -= 14; bottom += 14;
    groups.forEach(function (group) { group.forEach(function (item) { item.y -= top; }); });
    return { height: bottom - top, middle: [middleX, -top] };
  }

  /* The people and their ties, from the page's data. */
  function readNetwork(data) {
    var people = data.people.map(function (row, index) {
      return { index: index, slug: row[0], name: row[1], circle: row[2] || "none", company: row[3],
               conversations: row[4], tags: row[5], ties: [] };
    });
    var links = data.links;
    for (var i = 0; i < links.length; i += 4) {
      var a = people[links[i]], b = people[links[i + 1]], kind = links[i + 2], weight = links[i + 3];
      a.ties.push({ other: b, kind: kind, weight: weight, first: true });
      b.ties.push({ other: a, kind: kind, weight: weight, first: false });
    }
    var bySlug = {};
    people.forEach(function (person) { bySlug[person.slug] = person; });
    return { people: people, bySlug: bySlug, tags: data.tags, profile: data.profile };
  }

  function tieText(person, tie) {
    var other = tie.other;
    if (tie.kind === 0) return person.name + " and " + other.name + ": " + plural(tie.weight, "conversation", "conversations") + " together";
    if (tie.kind === 1) return "I introduced " + person.name + " and " + other.name;
    var introducerIsPerson = (tie.kind === 2) === tie.first;
    return introducerIsPerson ? person.name + " introduced " + other.name + " to me"
                              : other.name + " introduced " + person.name + " to me";
  }

  function curve(a, b, middle) {
    var d = "M" + round(a[0]) + " " + round(a[1]);
    var ax = a[0] - middle[0], ay = a[1] - middle[1], bx = b[0] - middle[0], by = b[1] - middle[1];
    var apart = Math.hypot(ax, ay) > 1 && Math.hypot(bx, by) > 1 ? Math.abs(Math.atan2(ax * by - ay * bx, ax * bx + ay * by)) : 0;
    if (apart > 0.05) {
      var pull = CURVE * apart / Math.PI;
      d += "Q" + round((a[0] + b[0]) / 2 * (1 - pull) + middle[0] * pull) + " " + round((a[1] + b[1]) / 2 * (1 - pull) + middle[1] * pull) + " ";
    } else {
      d += "L";
    }
    return d + round(b[0]) + " " + round(b[1]);
  }

  /* One SVG of the page (the wide picture or the phone's), with its own zoom. */
  function View(svg, explorer) {
    this.svg = svg;
    this.explorer = explorer;
    var box = svg.viewBox.baseVal;
    this.frame = { x: box.x, y: box.y, w: box.width, h: box.height };
    this.built = { height: svg.getAttribute("height"), frame: Object.assign({}, this.frame) };
    this.fit = Object.assign({}, this.frame);
    this.box = Object.assign({}, this.frame);
    this.font = parseFloat(svg.getAttribute("font-size")) || 13;
    this.middle = (svg.getAttribute("data-middle") || "0 0").split(" ").map(parseFloat);
    this.layers = [].slice.call(svg.querySelectorAll(".kith-graph__edges, .kith-graph__nodes"));
    this.edges = [].slice.call(svg.querySelectorAll(".kith-graph__edges .kith-edge")).map(function (element) {
      var ends = (element.getAttribute("data-ends") || "").split(" ");
      return { element: element, a: ends[0], b: ends[1] };
    });
    this.nodes = [].slice.call(svg.querySelectorAll(".kith-graph__nodes .kith-node")).map(function (element) {
      var circle = element.querySelector("circle"), text = element.querySelector("text");
      return { element: element, circle: circle, text: text, slug: element.getAttribute("data-slug"),
               name: text.textContent, x: parseFloat(circle.getAttribute("cx")), y: parseFloat(circle.getAttribute("cy")),
               r: parseFloat(circle.getAttribute("r")), anchor: text.getAttribute("text-anchor"),
               named: !element.classList.contains("kith-node--unlabelled") };
    });
    this.items = this.nodes;
    this.focusLayer = null;
    this.indexEdges(this.edges);
  }

  View.prototype.shown = function () { return this.svg.getBoundingClientRect().width > 0; };

  View.prototype.zoom = function () { return this.fit.w / this.box.w; };

  View.prototype.indexEdges = function (edges) {
    var index = this.edgesOf = {};
    edges.forEach(function (edge) {
      (index[edge.a] = index[edge.a] || []).push(edge);
      (index[edge.b] = index[edge.b] || []).push(edge);
    });
  };

  View.prototype.setBox = function (box) {
    var fit = this.fit;
    var w = Math.min(fit.w, Math.max(box.w, fit.w / MAX_ZOOM));
    var h = w * fit.h / fit.w;
    var x = box.x + (box.w - w) / 2, y = box.y + (box.h - h) / 2;
    // Keep the picture in sight: the view's middle stays inside it.
    x = Math.min(Math.max(x, fit.x - w / 2), fit.x + fit.w - w / 2);
    y = Math.min(Math.max(y, fit.y - h / 2), fit.y + fit.h - h / 2);
    if (w >= fit.w - 0.5) { x = fit.x; y = fit.y; }
    this.box = { x: x, y: y, w: w, h: h };
    this.svg.setAttribute("viewBox", [x, y, w, h].map(round).join(" "));
    this.svg.setAttribute("font-size", round(this.font / this.zoom()));
    this.svg.parentNode.classList.toggle("is-zoomed", w < fit.w - 0.5);
    this.scheduleLabels();
  };

  View.prototype.zoomBy = function (factor, px, py) {
    var box = this.box;
    if (px === undefined) { px = box.x + box.w / 2; py = box.y + box.h / 2; }
    this.setBox({ x: px - (px - box.x) / factor, y: py - (py - box.y) / factor, w: box.w / factor, h: box.h / factor });
  };

  View.prototype.panBy = function (dx, dy) {
    this.setBox({ x: this.box.x + dx, y: this.box.y + dy, w: this.box.w, h: this.box.h });
  };

  View.prototype.toUnits = function (clientX, clientY) {
    var rect = this.svg.getBoundingClientRect();
    return [this.box.x + (clientX - rect.left) / rect.width * this.box.w,
            this.box.y + (clientY - rect.top) / rect.height * this.box.h];
  };

  View.prototype.scheduleLabels = function () {
    var self = this;
    if (this.pending) return;
    this.pending = window.requestAnimationFrame(function () { self.pending = 0; self.labels(); });
  };

  /* Dots and names the same size on screen at any zoom; once zoomed in, the names of people shown
     as dots (beyond the first 200) where there is room for them. */
  View.prototype.labels = function () {
    var zoom = this.zoom(), font = this.font / zoom, box = this.box;
    var boxes = new Boxes(60 / zoom), unnamed = [];
    this.items.forEach(function (item) {
      var r = item.r / zoom, gap = (item.r + LABEL_GAP) / zoom, sign = item.anchor === "end" ? -1 : 1;
      item.circle.setAttribute("r", round(r));
      item.text.setAttribute("x", round(item.x + sign * gap));
      item.text.setAttribute("y", round(item.y + 0.35 * font));
      item.text.setAttribute("text-anchor", item.anchor);
      if (item.element.classList.contains("is-out")) return;
      var inside = item.x > box.x && item.x < box.x + box.w && item.y > box.y && item.y < box.y + box.h;
      if (!inside) return;
      var half = Math.max(r, font * 0.6);
      if (item.named) {
        var text = labelWidth(item.name, font);
        boxes.take(sign > 0 ? [item.x - r, item.y - half, item.x + gap + text, item.y + half]
                            : [item.x - gap - text, item.y - half, item.x + r, item.y + half]);
      } else {
        boxes.take([item.x - r, item.y - r, item.x + r, item.y + r]);
        unnamed.push(item);
      }
    });
    unnamed.forEach(function (item) {
      var r = item.r / zoom, gap = (item.r + LABEL_GAP) / zoom, text = labelWidth(item.name, font);
      var half = font * 0.6, sign = item.anchor === "end" ? -1 : 1;
      var label = sign > 0 ? [item.x + gap, item.y - half, item.x + gap + text, item.y + half]
                           : [item.x - gap - text, item.y - half, item.x - gap, item.y + half];
      var room = zoom > 1.01 && label[0] > box.x && label[2] < box.x + box.w && !boxes.blocker(label);
      if (room) boxes.take(label);
      item.element.classList.toggle("kith-node--unlabelled", !room);
    });
  };

  /* The overview or the focus, as the explorer's state says. */
  View.prototype.render = function () {
    var explorer = this.explorer;
    if (this.focusLayer) { this.focusLayer.remove(); this.focusLayer = null; }
    if (explorer.state.focus) {
      this.layers.forEach(function (layer) { layer.style.display = "none"; });
      this.drawFocus(explorer.state.focus);
    } else {
      this.layers.forEach(function (layer) { layer.style.display = ""; });
      this.frame = Object.assign({}, this.built.frame);
      this.svg.setAttribute("height", this.built.height);
      this.middle = (this.svg.getAttribute("data-middle") || "0 0").split(" ").map(parseFloat);
      var out = {};
      this.nodes.forEach(function (node) {
        var hide = !explorer.matches(explorer.network.bySlug[node.slug]);
        node.element.classList.toggle("is-out", hide);
        if (hide) out[node.slug] = true;
      });
      this.edges.forEach(function (edge) { edge.element.classList.toggle("is-out", !!(out[edge.a] || out[edge.b])); });
      this.items = this.nodes;
      this.indexEdges(this.edges);
    }
    this.fit = Object.assign({}, this.frame);
    this.setBox(this.fit);
    this.labels();
  };

  /* Focus: the person in the middle, the people they know round them, and the people those know
     further out, each towards the people they are known through. */
  View.prototype.drawFocus = function (person) {
    var explorer = this.explorer, width = this.built.frame.w, font = this.font;
    var strength = new Map();
    person.ties.forEach(function (tie) { strength.set(tie.other, (strength.get(tie.other) || 0) + tie.weight); });
    var first = Array.from(strength.keys()).filter(function (p) { return explorer.matches(p); });
    first.sort(function (a, b) { return strength.get(b) - strength.get(a) || a.name.localeCompare(b.name); });
    var firstSet = new Set(first), turn = new Map(), parents = new Map();
    first.forEach(function (p, i) { turn.set(p, first.length ? i / first.length : 0); });
    first.forEach(function (p) {
      p.ties.forEach(function (tie) {
        var q = tie.other;
        if (q === person || strength.has(q) || !explorer.matches(q)) return;
        if (!parents.has(q)) parents.set(q, []);
        if (parents.get(q).indexOf(p) < 0) parents.get(q).push(p);
      });
    });
    var second = Array.from(parents.keys());
    second.sort(function (a, b) { return parents.get(b).length - parents.get(a).length || a.name.localeCompare(b.name); });
    var named = 0;
    function item(p, wish) {
      return { person: p, name: p.name, wish: wish, r: nodeRadius(p.conversations) * 0.6 + 2, named: named++ < NAMED };
    }
    var centre = item(person, 0);
    centre.r = 12;
    var ring = first.map(function (p) { return item(p, turn.get(p)); });
    var outer = second.map(function (q) {
      var x = 0, y = 0;
      parents.get(q).forEach(function (p) { var a = 2 * Math.PI * turn.get(p); x += Math.sin(a); y -= Math.cos(a); });
      return item(q, ((Math.atan2(x, -y) / (2 * Math.PI)) % 1 + 1) % 1);
    });
    var groups = [[centre]];
    if (ring.length) groups.push(ring);
    if (outer.length) groups.push(outer);
    var packed = packCloud(groups, width, font, width < 600);
    var middle = packed.middle, where = new Map();
    groups.forEach(function (group) { group.forEach(function (it) { where.set(it.person, [it.x, it.y]); }); });

    var layer = svgElement("g", { "class": "kith-graph__focus" });
    var edgeLayer = svgElement("g", { "class": "kith-graph__edges" });
    var nodeLayer = svgElement("g", { "class": "kith-graph__nodes" });
    layer.appendChild(edgeLayer);
    layer.appendChild(nodeLayer);
    var edges = [];
    function addEdge(p, tie) {
      var path = svgElement("path", {
        "class": "kith-edge kith-edge--" + (tie.kind === 0 ? "met" : "introduction") + (p === person ? " kith-edge--near" : ""),
        d: curve(where.get(p), where.get(tie.other), middle),
        "stroke-width": tie.kind === 0 ? round(Math.min(1.2 + 1.3 * Math.log2(tie.weight), 6)) : 1.6,
        "data-ends": p.slug + " " + tie.other.slug });
      var title = svgElement("title");
      title.textContent = tieText(p, tie);
      path.appendChild(title);
      edgeLayer.appendChild(path);
      edges.push({ element: path, a: p.slug, b: tie.other.slug });
    }
    person.ties.forEach(function (tie) { if (firstSet.has(tie.other)) addEdge(person, tie); });
    first.forEach(function (p) {
      p.ties.forEach(function (tie) {
        var q = tie.other;
        if (parents.has(q) || (firstSet.has(q) && p.index < q.index)) addEdge(p, tie);
      });
    });
    var items = [];
    groups.forEach(function (group) {
      group.forEach(function (it) {
        var p = it.person, isCentre = p === person;
        var element = svgElement("a", { "class": "kith-node kith-node--" + p.circle + (isCentre ? " kith-node--centre" : "") +
                                                 (parents.has(p) ? " kith-node--far" : ""), "data-slug": p.slug });
        element.setAttributeNS(XLINK_NS, "xlink:href", explorer.profileUrl(p));
        if (isCentre) element.setAttribute("aria-current", "true");
        var title = svgElement("title");
        title.textContent = p.name + " · " + plural(p.conversations, "conversation", "conversations") + " · " +
          (p.circle === "none" ? "no circle" : CIRCLE_NAMES[p.circle].toLowerCase());
        var circle = svgElement("circle", { cx: round(it.x), cy: round(it.y), r: it.r });
        var text = svgElement("text", { x: round(it.labelX), y: round(it.y + 0.35 * font), "text-anchor": it.anchor });
        text.textContent = p.name;
        element.appendChild(title); element.appendChild(circle); element.appendChild(text);
        nodeLayer.appendChild(element);
        items.push({ element: element, circle: circle, text: text, slug: p.slug, name: p.name, x: it.x, y: it.y,
                     r: it.r, anchor: it.anchor, named: it.named });
      });
    });
    this.svg.appendChild(layer);
    this.focusLayer = layer;
    this.items = items;
    this.middle = middle;
    this.frame = { x: 0, y: 0, w: width, h: round(packed.height) };
    this.svg.setAttribute("height", round(packed.height));
    this.indexEdges(edges);
    explorer.focusCounts = { first: first.length, second: second.length };
  };

  /* A person's lines, lit while the pointer or the keyboard is on them. */
  View.prototype.light = function (slug) {
    this.svg.querySelectorAll(".is-hot").forEach(function (element) { element.classList.remove("is-hot"); });
    this.svg.classList.toggle("has-hot", !!slug);
    if (!slug) return;
    var scope = this.focusLayer || this.svg.querySelector(".kith-graph__nodes");
    (this.edgesOf[slug] || []).forEach(function (edge) {
      if (edge.element.classList.contains("is-out")) return;
      edge.element.classList.add("is-hot");
      var other = edge.a === slug ? edge.b : edge.a;
      var node = scope.querySelector('.kith-node[data-slug="' + CSS.escape(other) + '"]');
      if (node) node.classList.add("is-hot");
    });
  };

  /* The page's explorer: controls, state, and the two views. */
  function Explorer(root) {
    var self = this;
    this.root = root;
    var data = JSON.parse(document.getElementById("kith-graph-data").content.textContent);
    this.network = readNetwork(data);
    this.state = { focus: null, circles: new Set(CIRCLES), topic: -1 };
    this.hintId = "kith-graph-keys";
    this.form = root.querySelector(".kith-graph-controls");
    this.find = root.querySelector("#kith-graph-find");
    this.topic = root.querySelector("#kith-graph-topic");
    this.status = root.querySelector(".kith-graph-status");
    this.panel = root.querySelector(".kith-graph-focus");
    this.view = root.querySelector(".kith-graph-view");
    this.views = [].slice.call(root.querySelectorAll("svg[data-kith-graph]")).map(function (svg) { return new View(svg, self); });
    this.shownTotal = this.views.length ? this.views[0].nodes.length : 0;
    this.fillControls();
    this.bind();
    this.form.hidden = false;
    root.querySelector(".kith-graph-zoom").hidden = false;
    this.view.setAttribute("tabindex", "0");
    this.view.setAttribute("role", "group");
    this.view.setAttribute("aria-label", "Network graph");
    this.view.setAttribute("aria-describedby", this.hintId);
    root.classList.add("is-ready");
    this.update();
  }

  Explorer.prototype.profileUrl = function (person) {
    return this.network.profile.replace("__slug__", person.slug);
  };

  Explorer.prototype.matches = function (person) {
    if (!person) return false;
    if (!this.state.circles.has(person.circle)) return false;
    return this.state.topic < 0 || person.tags.indexOf(this.state.topic) >= 0;
  };

  Explorer.prototype.filtered = function () {
    return this.state.circles.size < CIRCLES.length || this.state.topic >= 0;
  };

  Explorer.prototype.fillControls = function () {
    var list = this.root.querySelector("#kith-graph-names");
    var counts = {};
    this.network.people.forEach(function (p) { counts[p.name] = (counts[p.name] || 0) + 1; });
    this.choices = {};
    var self = this;
    var names = document.createDocumentFragment();
    this.network.people.slice().sort(function (a, b) { return a.name.localeCompare(b.name); }).forEach(function (p) {
      var label = counts[p.name] > 1 ? p.name + " (" + (p.company || p.slug) + ")" : p.name;
      self.choices[label.toLocaleLowerCase()] = p;
      var option = document.createElement("option");
      option.value = label;
      if (p.company && counts[p.name] === 1) option.label = p.company;
      names.appendChild(option);
    });
    list.appendChild(names);
    var topics = document.createDocumentFragment();
    this.network.tags.forEach(function (tag, index) {
      var option = document.createElement("option");
      option.value = String(index);
      option.textContent = tag[0] + " (" + tag[1] + ")";
      topics.appendChild(option);
    });
    this.topic.appendChild(topics);
  };

  Explorer.prototype.lookup = function (text) {
    var wanted = text.trim().toLocaleLowerCase();
    if (!wanted) return null;
    if (this.choices[wanted]) return this.choices[wanted];
    var people = this.network.people, i;  // most connected first
    for (i = 0; i < people.length; i++) if (people[i].name.toLocaleLowerCase().indexOf(wanted) === 0) return people[i];
    for (i = 0; i < people.length; i++) {
      var p = people[i];
      if (p.name.toLocaleLowerCase().indexOf(wanted) >= 0 || (p.company || "").toLocaleLowerCase().indexOf(wanted) >= 0) return p;
    }
    return null;
  };

  Explorer.prototype.currentView = function () {
    for (var i = 0; i < this.views.length; i++) if (this.views[i].shown()) return this.views[i];
    return this.views[0];
  };

  Explorer.prototype.focusOn = function (person, keepKeyboard) {
    this.state.focus = person;
    this.update();
    var view = this.currentView();
    var centre = view && view.focusLayer && view.focusLayer.querySelector(".kith-node--centre");
    if (!centre) return;
    if (keepKeyboard) centre.focus({ preventScroll: true });
    centre.scrollIntoView({ block: "center" });  // the new picture may be taller: keep them in sight
  };

  Explorer.prototype.reset = function (everything) {
    this.state.focus = null;
    if (everything) {
      this.state.circles = new Set(CIRCLES);
      this.state.topic = -1;
      this.form.querySelectorAll("input[name=circle]").forEach(function (box) { box.checked = true; });
      this.topic.value = "";
      this.find.value = "";
    }
    this.update();
  };

  Explorer.prototype.update = function () {
    this.views.forEach(function (view) { view.render(); });
    this.say();
  };

  Explorer.prototype.filterWords = function () {
    var state = this.state, words = [];
    if (state.circles.size < CIRCLES.length) {
      var names = CIRCLES.filter(function (c) { return state.circles.has(c); })
        .map(function (c) { return CIRCLE_NAMES[c].toLowerCase(); });
      words.push(names.length ? names.join(", ") : "no circle chosen");
    }
    if (state.topic >= 0) words.push("topic " + this.network.tags[state.topic][0]);
    return words.join("; ");
  };

  /* What the picture shows, in words (a status: screen readers read it out as it changes). */
  Explorer.prototype.say = function () {
    var state = this.state, filter = this.filterWords(), panel = this.panel, self = this;
    while (panel.firstChild) panel.removeChild(panel.firstChild);
    if (!state.focus) {
      panel.hidden = true;
      var view = this.views[0];
      var shown = view ? view.nodes.filter(function (n) { return !n.element.classList.contains("is-out"); }).length : 0;
      this.status.textContent = filter ? "Showing " + shown + " of " + this.shownTotal + " people (" + filter + ")." : "";
      return;
    }
    var person = state.focus, counts = this.focusCounts || { first: 0, second: 0 };
    this.status.textContent = person.name + ": " + plural(counts.first, "person", "people") + " they know, and " +
      counts.second + " more through them" + (filter ? " (" + filter + ")" : "") + ".";
    function paragraph(className, text) {
      var p = document.createElement("p");
      if (className) p.className = className;
      if (text) p.textContent = text;
      panel.appendChild(p);
      return p;
    }
    paragraph("kith-graph-focus__name", person.name);
    var facts = [CIRCLE_NAMES[person.circle]];
    if (person.company) facts.push(person.company);
    facts.push(plural(person.conversations, "conversation", "conversations"));
    paragraph("", facts.join(" · "));
    var actions = paragraph("kith-graph-focus__actions");
    var open = document.createElement("a");
    open.href = this.profileUrl(person);
    open.textContent = "Open " + person.name + "’s profile";
    actions.appendChild(open);
    var back = document.createElement("button");
    back.type = "button";
    back.textContent = "Back to everyone";
    back.setAttribute("data-kith-back", "");
    actions.appendChild(back);
    var known = paragraph("");
    var ties = person.ties.slice().sort(function (a, b) { return b.weight - a.weight || a.other.name.localeCompare(b.other.name); });
    var seen = new Set();
    known.appendChild(document.createTextNode(ties.length ? "Knows: " : "No connections recorded."));
    ties.forEach(function (tie) {
      if (seen.has(tie.other)) return;
      if (seen.size) known.appendChild(document.createTextNode(", "));
      seen.add(tie.other);
      var link = document.createElement("a");
      link.href = self.profileUrl(tie.other);
      link.textContent = tie.other.name;
      link.title = tieText(person, tie);
      known.appendChild(link);
    });
    panel.hidden = false;
  };

  Explorer.prototype.bind = function () {
    var self = this, root = this.root;
    this.find.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      self.chooseTyped(true);
    });
    this.find.addEventListener("input", function (event) {
      // A suggestion picked from the list arrives whole: focus at once. Typing waits for Enter.
      if (!event.inputType || event.inputType === "insertReplacementText") self.chooseTyped(false);
    });
    this.form.addEventListener("change", function (event) {
      var target = event.target;
      if (target.name === "circle") {
        if (target.checked) self.state.circles.add(target.value); else self.state.circles.delete(target.value);
        self.update();
      } else if (target === self.topic) {
        self.state.topic = target.value === "" ? -1 : parseInt(target.value, 10);
        self.update();
      }
    });
    root.addEventListener("click", function (event) {
      var target = event.target;
      if (!(target instanceof Element)) return;
      if (target.closest("[data-kith-reset]")) { self.reset(true); return; }
      if (target.closest("[data-kith-back]")) { self.reset(false); self.view.focus({ preventScroll: true }); return; }
      var zoom = target.closest("[data-kith-zoom]");
      if (zoom) { self.zoomCommand(zoom.getAttribute("data-kith-zoom")); return; }
      var node = target.closest("a.kith-node");
      if (!node || !node.closest("svg[data-kith-graph]")) return;
      var view = self.viewOf(node);
      if (view && view.dragged) { event.preventDefault(); view.dragged = false; return; }
      var person = self.network.bySlug[node.getAttribute("data-slug")];
      if (!person || person === self.state.focus) return;  // the person in focus: follow the link
      event.preventDefault();
      self.focusOn(person, event.detail === 0);  // from the keyboard: keep the keyboard on them
    });
    root.addEventListener("keydown", function (event) { self.key(event); });
    root.addEventListener("mouseover", function (event) { self.hover(event, true); });
    root.addEventListener("focusin", function (event) { self.hover(event, true); });
    root.addEventListener("mouseout", function (event) { self.hover(event, false); });
    root.addEventListener("focusout", function (event) { self.hover(event, false); });
    this.views.forEach(function (view) { self.bindPointer(view); });
  };

  Explorer.prototype.hover = function (event, entering) {
    var node = event.target instanceof Element && event.target.closest("a.kith-node");
    var view = node && this.viewOf(node);
    if (view) view.light(entering ? node.getAttribute("data-slug") : null);
  };

  Explorer.prototype.viewOf = function (element) {
    var svg = element.closest("svg");
    for (var i = 0; i < this.views.length; i++) if (this.views[i].svg === svg) return this.views[i];
    return null;
  };

  Explorer.prototype.chooseTyped = function (reportMiss) {
    var text = this.find.value;
    var person = this.lookup(text);
    if (person && (reportMiss || this.choices[text.trim().toLocaleLowerCase()])) {
      this.focusOn(person, false);
    } else if (reportMiss && text.trim()) {
      this.status.textContent = "No one called “" + text.trim() + "” in the graph.";
    }
  };

  Explorer.prototype.zoomCommand = function (command) {
    var view = this.currentView();
    if (!view) return;
    if (command === "in") view.zoomBy(STEP);
    else if (command === "out") view.zoomBy(1 / STEP);
    else view.setBox(view.fit);
  };

  Explorer.prototype.key = function (event) {
    var target = event.target;
    if (!(target instanceof Element) || target.closest("input, select, textarea")) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var view = this.currentView();
    if (!view) return;
    var step = view.box.w * 0.15;
    switch (event.key) {
      case "+": case "=": view.zoomBy(STEP); break;
      case "-": case "_": view.zoomBy(1 / STEP); break;
      case "ArrowLeft": view.panBy(-step, 0); break;
      case "ArrowRight": view.panBy(step, 0); break;
      case "ArrowUp": view.panBy(0, -step); break;
      case "ArrowDown": view.panBy(0, step); break;
      case "Escape":
        if (this.state.focus) { this.reset(false); this.view.focus({ preventScroll: true }); }
        else view.setBox(view.fit);
        break;
      default: return;
    }
    event.preventDefault();
  };

  /* Pointers: a drag pans (once zoomed in), two fingers pinch, Ctrl and the wheel zoom. */
  Explorer.prototype.bindPointer = function (view) {
    var svg = view.svg, pointers = new Map(), start = null, pinch = null;
    function spread() {
      var points = Array.from(pointers.values());
      return { distance: Math.hypot(points[0].x - points[1].x, points[0].y - points[1].y),
               x: (points[0].x + points[1].x) / 2, y: (points[0].y + points[1].y) / 2 };
    }
    svg.addEventListener("pointerdown", function (event) {
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      if (pointers.size === 1) {
        start = { x: event.clientX, y: event.clientY, box: Object.assign({}, view.box) };
        view.dragged = false;
      } else if (pointers.size === 2) {
        pinch = Object.assign(spread(), { box: Object.assign({}, view.box) });
        start = null;
      }
    });
    svg.addEventListener("pointermove", function (event) {
      if (!pointers.has(event.pointerId)) return;
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      if (pinch && pointers.size === 2) {
        var now = spread(), rect = svg.getBoundingClientRect();
        var perPixel = pinch.box.w / (rect.width || 1);
        var centre = [pinch.box.x + (pinch.x - rect.left) * perPixel, pinch.box.y + (pinch.y - rect.top) * perPixel];
        var factor = now.distance / (pinch.distance || 1);
        var w = pinch.box.w / factor, h = pinch.box.h / factor;
        // The point under the fingers' middle stays under it, wherever the fingers move.
        var x = centre[0] - (now.x - rect.left) * w / (rect.width || 1);
        var y = centre[1] - (now.y - rect.top) * h / (rect.height || 1);
        view.setBox({ x: x, y: y, w: w, h: h });
        view.dragged = true;
        event.preventDefault();
        return;
      }
      if (!start || !svg.parentNode.classList.contains("is-zoomed")) return;
      var dx = event.clientX - start.x, dy = event.clientY - start.y;
      if (!view.dragged && Math.hypot(dx, dy) < 6) return;
      if (!view.dragged) {
        view.dragged = true;
        svg.setPointerCapture(event.pointerId);
        svg.parentNode.classList.add("is-dragging");
      }
      var perPixelNow = start.box.w / (svg.getBoundingClientRect().width || 1);
      view.setBox({ x: start.box.x - dx * perPixelNow, y: start.box.y - dy * perPixelNow, w: start.box.w, h: start.box.h });
    });
    function end(event) {
      pointers.delete(event.pointerId);
      if (pointers.size < 2) pinch = null;
      if (pointers.size === 0) {
        start = null;
        svg.parentNode.classList.remove("is-dragging");
      }
    }
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    svg.addEventListener("dragstart", function (event) { event.preventDefault(); });  // a drag pans, not a link
    svg.addEventListener("wheel", function (event) {
      if (!event.ctrlKey) return;  // the wheel alone scrolls the page, as everywhere else
      event.preventDefault();
      var at = view.toUnits(event.clientX, event.clientY);
      view.zoomBy(Math.exp(-event.deltaY * 0.01), at[0], at[1]);
    }, { passive: false });
  };

  function init() {
    document.querySelectorAll("[data-kith-graph-explorer]").forEach(function (root) {
      if (root.kithExplorer || !document.getElementById("kith-graph-data")) return;
      root.kithExplorer = new Explorer(root);
    });
  }

  // The picture shown changes with the screen's width (wide, or upright on a phone).
  window.addEventListener("resize", function () {
    document.querySelectorAll("[data-kith-graph-explorer]").forEach(function (root) {
      var explorer = root.kithExplorer;
      if (explorer) explorer.views.forEach(function (view) { if (view.shown()) view.scheduleLabels(); });
    });
  });

  window.kithOnEveryPage(init);  // kith.js, loaded before this script
})();
