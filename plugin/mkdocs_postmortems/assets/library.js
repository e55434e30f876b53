/* mkdocs-postmortems: filter, sort and page the incident library overview in the browser.
 *
 * Reads the compact index that filter-index.js puts into `window.pmIndex`
 * (see site_pages.filter_index: lookup tables plus one short array per incident,
 * newest first) and re-renders the rows of #pm-incident-table from it. Plain
 * ES2017, no dependencies, no network: works from file:// and any static host.
 * Without JavaScript the page keeps its server-rendered newest rows.
 *
 * State lives in the query string (severity, service, status, year, q, sort,
 * dir, page) and is kept there with history.replaceState, so a filtered view is
 * a link to share. Everything from the data goes into the DOM as text
 * (createElement/textContent, never innerHTML); links from the data must be
 * relative or http(s).
 *
 * `window.pmLastFilterMs` holds how long the last update took (reading the
 * controls, filtering, rendering the page of rows, the URL, and the layout of
 * the new rows), for benchmarks; there is no debounce to hide it.
 */
(function () {
  "use strict";

  if (window.pmLibrary && typeof window.pmLibrary.bind === "function") {
    // Loaded again (e.g. mkdocs-material's instant navigation re-ran the page's scripts).
    window.pmLibrary.bind();
    return;
  }

  var PAGE_SIZE = 100;
  var PARAMS = ["severity", "service", "status", "year", "q", "sort", "dir", "page"];
  var SELECTS = ["severity", "service", "status", "year"];
  // The direction a column sorts in on its first click: dates and numbers biggest first.
  var FIRST_DIR = { date: "desc", title: "asc", severity: "asc", services: "asc", duration: "desc",
                    status: "asc", open: "desc" };
  var DEFAULT_SORT = "date";
  var SCHEME = /^[a-z][a-z0-9+.\-]*:/i;
  var collator = typeof Intl !== "undefined" && Intl.Collator
    ? new Intl.Collator(undefined, { sensitivity: "base", numeric: true }) : null;

  function compareText(a, b) {
    if (collator) return collator.compare(a, b);
    a = a.toLowerCase(); b = b.toLowerCase();
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function text(value) {
    return value === null || value === undefined ? "" : String(value);
  }

  function list(value) {
    return Array.isArray(value) ? value : [];
  }

  /** A link target from the data, or null when it is not a relative or http(s) URL. */
  function safeHref(href) {
    if (typeof href !== "string" || href === "") return null;
    // Browsers ignore control characters and spaces around and inside a scheme ("java\tscript:").
    var bare = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
    var scheme = SCHEME.exec(bare);
    if (scheme) {
      var name = scheme[0].toLowerCase();
      return name === "http:" || name === "https:" ? href : null;
    }
    if (location.protocol === "file:") {
      // No server maps a folder to its index.html there.
      var cut = href.search(/[?#]/);
      var path = cut < 0 ? href : href.slice(0, cut);
      if (path === "" || path.charAt(path.length - 1) === "/") {
        return path + "index.html" + (cut < 0 ? "" : href.slice(cut));
      }
    }
    return href;
  }

  /** Python's round(): halves go to the even neighbour, as on the server. */
  function roundHalfEven(x) {
    var r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  }

  /** As formatting.format_duration prints server-rendered rows: "45 min", "1 h 05 min", "2 d 3 h". */
  function formatMinutes(minutes) {
    if (typeof minutes !== "number" || !isFinite(minutes)) return "\u2013";
    if (minutes < 0) return "-" + formatMinutes(-minutes);
    var m = roundHalfEven(minutes);
    if (m < 60) return m + " min";
    if (m < 1440) return Math.floor(m / 60) + " h " + (m % 60 < 10 ? "0" : "") + (m % 60) + " min";
    var hours = roundHalfEven(minutes / 60);
    return Math.floor(hours / 24) + " d " + (hours % 24) + " h";
  }

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  /* ------------------------------------------------------------------ data */

  function prepare(index) {
    var rows = list(index.rows);
    var sev = list(index.sev).map(text);
    var svc = list(index.svc).map(text);
    var st = list(index.st).map(text);
    var tag = list(index.tag).map(text);
    var n = rows.length;
    var data = {
      rows: rows, sev: sev, svc: svc, st: st, tag: tag, n: n,
      search: new Array(n), year: new Array(n), services: new Array(n), svcIdx: new Array(n),
      sortCache: {}
    };
    for (var i = 0; i < n; i++) {
      var row = Array.isArray(rows[i]) ? rows[i] : [];
      rows[i] = row;
      var names = [];
      var ids = list(row[4]);
      for (var j = 0; j < ids.length; j++) if (svc[ids[j]] !== undefined) names.push(svc[ids[j]]);
      var tags = [];
      var tagIds = list(row[8]);
      for (var k = 0; k < tagIds.length; k++) if (tag[tagIds[k]] !== undefined) tags.push(tag[tagIds[k]]);
      data.svcIdx[i] = ids;
      data.services[i] = names;
      data.year[i] = text(row[2]).slice(0, 4);
      // One lowercase string per incident, built once: title, impact, services, tags.
      data.search[i] = (text(row[0]) + "\n" + text(row[9]) + "\n" + names.join("\n") + "\n" +
                        tags.join("\n")).toLowerCase();
    }
    return data;
  }

  /** Sort key of row i for a column; null sorts last in both directions. */
  function sortValue(data, key, i) {
    var row = data.rows[i];
    switch (key) {
      case "title": return text(row[0]) || null;
      case "severity": return typeof row[3] === "number" && row[3] >= 0 ? row[3] : null;
      case "services": return data.services[i].length ? data.services[i].join(", ") : null;
      case "duration": return typeof row[6] === "number" ? row[6] : null;
      case "status": return data.st[row[5]] || null;
      case "open": return typeof row[7] === "number" ? row[7] : null;
    }
    return null;
  }

  /** Row indexes in the order of a column, cached; ties stay newest first, unknown values go last. */
  function sortedOrder(data, key, dir) {
    var id = key + ":" + dir;
    if (data.sortCache[id]) return data.sortCache[id];
    var n = data.n;
    var order = new Array(n);
    var i;
    if (key === "date") {
      // The index is already newest first, by start time (finer than the date, and the server's order).
      for (i = 0; i < n; i++) order[i] = dir === "asc" ? n - 1 - i : i;
      data.sortCache[id] = order;
      return order;
    }
    var values = new Array(n);
    for (i = 0; i < n; i++) { order[i] = i; values[i] = sortValue(data, key, i); }
    var sign = dir === "asc" ? 1 : -1;
    order.sort(function (a, b) {
      var va = values[a], vb = values[b];
      if (va === null || vb === null) {
        if (va !== vb) return va === null ? 1 : -1;
      } else {
        var c = typeof va === "number" && typeof vb === "number" ? va - vb : compareText(String(va), String(vb));
        if (c !== 0) return sign * c;
      }
      return a - b;
    });
    data.sortCache[id] = order;
    return order;
  }

  function filterRows(data, state) {
    var order = sortedOrder(data, state.sort, state.dir);
    var sevWanted = state.severity ? data.sev.indexOf(state.severity) : null;
    var stWanted = state.status ? data.st.indexOf(state.status) : null;
    var svcWanted = state.service ? data.svc.indexOf(state.service) : null;
    var year = state.year;
    var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    var nwords = words.length;
    var rows = data.rows, search = data.search, years = data.year, svcIdx = data.svcIdx;
    var out = [];
    for (var k = 0; k < order.length; k++) {
      var i = order[k];
      var row = rows[i];
      if (sevWanted !== null && row[3] !== sevWanted) continue;
      if (stWanted !== null && row[5] !== stWanted) continue;
      if (year && years[i] !== year) continue;
      if (svcWanted !== null && svcIdx[i].indexOf(svcWanted) < 0) continue;
      if (nwords) {
        var s = search[i];
        var w = 0;
        while (w < nwords && s.indexOf(words[w]) >= 0) w++;
        if (w < nwords) continue;
      }
      out.push(i);
    }
    return out;
  }

  /* ------------------------------------------------------------------ state */

  function firstDir(key) {
    return FIRST_DIR[key] || "asc";
  }

  function stateFromUrl() {
    var params;
    try { params = new URLSearchParams(location.search); } catch (e) { params = null; }
    function get(name) { return params ? params.get(name) || "" : ""; }
    var sort = get("sort");
    if (!Object.prototype.hasOwnProperty.call(FIRST_DIR, sort)) sort = DEFAULT_SORT;
    var dir = get("dir");
    if (dir !== "asc" && dir !== "desc") dir = firstDir(sort);
    var page = parseInt(get("page"), 10);
    return {
      severity: get("severity"), service: get("service"), status: get("status"), year: get("year"),
      q: get("q"), sort: sort, dir: dir, page: page >= 1 ? page : 1
    };
  }

  function urlParams(state) {
    var out = [];
    SELECTS.forEach(function (name) { if (state[name]) out.push([name, state[name]]); });
    if (state.q.trim()) out.push(["q", state.q.trim()]);
    if (state.sort !== DEFAULT_SORT || state.dir !== firstDir(DEFAULT_SORT)) {
      out.push(["sort", state.sort]);
      out.push(["dir", state.dir]);
    }
    if (state.page > 1) out.push(["page", String(state.page)]);
    return out;
  }

  function writeUrl(state) {
    try {
      var params = new URLSearchParams(location.search);
      PARAMS.forEach(function (name) { params.delete(name); });
      urlParams(state).forEach(function (pair) { params.set(pair[0], pair[1]); });
      var query = params.toString();
      var url = location.pathname + (query ? "?" + query : "") + location.hash;
      if (url !== location.pathname + location.search + location.hash) {
        history.replaceState(history.state, "", url);
      }
    } catch (e) {
      // Some hosts (sandboxed frames, odd file:// setups) refuse; the view still works.
    }
  }

  /** Select `value` in a select, matching case-insensitively; an unknown value gets its own option. */
  function setSelect(select, value) {
    if (!select) return "";
    if (!value) { select.value = ""; return ""; }
    var options = select.options;
    var lower = value.toLowerCase();
    for (var i = 0; i < options.length; i++) {
      if (options[i].value === value) { select.selectedIndex = i; return value; }
    }
    for (var j = 0; j < options.length; j++) {
      if (options[j].value && options[j].value.toLowerCase() === lower) {
        select.selectedIndex = j;
        return options[j].value;
      }
    }
    // A shared link naming something this build does not have: show it, and that nothing matches.
    var option = el("option", "", value);
    option.value = value;
    select.appendChild(option);
    select.value = value;
    return value;
  }

  /* ------------------------------------------------------------------ the view */

  function Library(form, table, index) {
    this.form = form;
    this.table = table;
    this.tbody = table.tBodies[0] || table.appendChild(document.createElement("tbody"));
    var scope = (form.closest && form.closest(".pm-library")) || document;
    this.count = scope.querySelector("[data-pm-count]");
    this.pager = scope.querySelector("[data-pm-pager]");
    this.data = prepare(index);
    this.severityLinks = this.optionData("severity");
    this.serviceLinks = this.optionData("service");
    this.signature = "";
    this.shownKey = null; // the rows on screen: the server's until the first render
    this.views = [];
    this.attached = 0;
    this.empty = null;
    this.state = stateFromUrl();
  }

  Library.prototype.control = function (name) {
    var control = this.form.elements.namedItem(name);
    return control && control.nodeType === 1 ? control : null;
  };

  /** {value: {href, color}} from a select's options, which carry the library pages' links. */
  Library.prototype.optionData = function (name) {
    var out = Object.create(null);
    var select = this.control(name);
    if (!select) return out;
    for (var i = 0; i < select.options.length; i++) {
      var option = select.options[i];
      if (!option.value) continue;
      out[option.value] = { href: option.getAttribute("data-href") || "",
                            color: option.getAttribute("data-color") || "" };
    }
    return out;
  };

  Library.prototype.start = function () {
    var self = this;
    var state = this.state;
    SELECTS.forEach(function (name) { state[name] = setSelect(self.control(name), state[name]); });
    var q = this.control("q");
    if (q) q.value = state.q;
    this.setupHeaders();
    this.setupPager();
    this.form.hidden = false;
    this.form.addEventListener("input", function () { self.fromControls(); });
    this.form.addEventListener("change", function () { self.fromControls(); });
    this.form.addEventListener("submit", function (event) { event.preventDefault(); self.fromControls(); });
    this.form.addEventListener("reset", function (event) {
      event.preventDefault();
      SELECTS.forEach(function (name) { setSelect(self.control(name), ""); });
      if (q) q.value = "";
      self.fromControls();
    });
    this.update(true);
  };

  Library.prototype.fromControls = function () {
    var state = this.state;
    var self = this;
    var changed = false;
    SELECTS.concat(["q"]).forEach(function (name) {
      var control = self.control(name);
      var value = control ? control.value : "";
      if (value !== state[name]) { state[name] = value; changed = true; }
    });
    if (changed) state.page = 1;
    this.update(changed);
  };

  Library.prototype.setupHeaders = function () {
    var self = this;
    var head = this.table.tHead;
    if (!head) return;
    var cells = head.querySelectorAll("th[data-key]");
    for (var i = 0; i < cells.length; i++) {
      var th = cells[i];
      if (!Object.prototype.hasOwnProperty.call(FIRST_DIR, th.getAttribute("data-key"))) continue;
      var button = el("button", "pm-sort", th.textContent.trim());
      button.type = "button";
      button.style.cssText = "font:inherit;color:inherit;background:none;border:0;padding:0;cursor:pointer;";
      button.appendChild(el("span", "pm-sort__arrow", ""));
      button.lastChild.setAttribute("aria-hidden", "true");
      th.textContent = "";
      th.appendChild(button);
    }
    head.addEventListener("click", function (event) {
      var th = event.target && event.target.closest ? event.target.closest("th[data-key]") : null;
      if (!th) return;
      var key = th.getAttribute("data-key");
      if (!Object.prototype.hasOwnProperty.call(FIRST_DIR, key)) return;
      var state = self.state;
      if (state.sort === key) state.dir = state.dir === "asc" ? "desc" : "asc";
      else { state.sort = key; state.dir = firstDir(key); }
      state.page = 1;
      self.update(true);
    });
  };

  Library.prototype.setupPager = function () {
    var self = this;
    var pager = this.pager;
    if (!pager) return;
    pager.textContent = "";
    pager.setAttribute("aria-label", "Incident pages");
    this.prev = el("button", "pm-pager__prev", "\u2190 Newer");
    this.next = el("button", "pm-pager__next", "Older \u2192");
    this.prev.type = this.next.type = "button";
    this.prev.setAttribute("data-pm-page", "prev");
    this.next.setAttribute("data-pm-page", "next");
    this.pageText = el("span", "pm-pager__status", "");
    pager.appendChild(this.prev);
    pager.appendChild(document.createTextNode(" "));
    pager.appendChild(this.pageText);
    pager.appendChild(document.createTextNode(" "));
    pager.appendChild(this.next);
    function go(step) {
      self.state.page += step;
      self.update(true);
      var top = self.table.getBoundingClientRect().top;
      if (top < 0 && self.table.scrollIntoView) self.table.scrollIntoView({ block: "start" });
    }
    this.prev.addEventListener("click", function () { go(-1); });
    this.next.addEventListener("click", function () { go(1); });
  };

  /** Filter, render the current page, mark the sorted column, keep the URL; timed. */
  Library.prototype.update = function (force) {
    var started = performance.now();
    var state = this.state;
    var signature = JSON.stringify(state);
    if (!force && signature === this.signature) return;
    var matches = filterRows(this.data, state);
    var pages = Math.max(1, Math.ceil(matches.length / PAGE_SIZE));
    if (state.page > pages) state.page = pages;
    this.signature = JSON.stringify(state);
    this.renderRows(matches, (state.page - 1) * PAGE_SIZE);
    this.renderCount(matches.length, pages);
    this.renderHeaders();
    writeUrl(state);
    void this.tbody.offsetHeight; // count the style and layout of the new rows too
    var ms = performance.now() - started;
    window.pmLastFilterMs = ms;
    var detail = { count: matches.length, total: this.data.n, page: state.page, pages: pages, ms: ms };
    var event;
    try { event = new CustomEvent("pm:filtered", { detail: detail }); } catch (e) { event = null; }
    if (event) this.form.dispatchEvent(event);
  };

  /* Rows are recycled: a page of rows is a fixed set of elements whose text and links change.
   * New elements would each need their styles computed against the theme's stylesheet, which
   * costs more than filtering 10,000 incidents; changing text in place only needs a layout. */

  function setText(node, value) {
    if (node.data !== value) node.data = value;
  }

  function setAttr(node, name, value) {
    if (value === null) { if (node.hasAttribute(name)) node.removeAttribute(name); }
    else if (node.getAttribute(name) !== value) node.setAttribute(name, value);
  }

  function textCell(tr) {
    var cell = tr.appendChild(document.createElement("td"));
    return cell.appendChild(document.createTextNode(""));
  }

  /** One reusable row: its elements and text nodes. */
  function RowView() {
    var tr = this.tr = document.createElement("tr");
    tr.setAttribute("data-incident", "");
    this.date = textCell(tr);
    var titleCell = tr.appendChild(document.createElement("td"));
    this.link = titleCell.appendChild(document.createElement("a")); // without href when refused
    this.title = this.link.appendChild(document.createTextNode(""));
    var severityCell = tr.appendChild(document.createElement("td"));
    this.badge = severityCell.appendChild(el("a", "pm-badge"));
    this.severity = this.badge.appendChild(document.createTextNode(""));
    this.services = tr.appendChild(document.createElement("td"));
    this.serviceLinks = [];
    this.shownServices = null;
    this.duration = textCell(tr);
    this.status = textCell(tr);
    this.open = textCell(tr);
    this.color = "";
  }

  Library.prototype.renderRows = function (matches, start) {
    var end = Math.min(matches.length, start + PAGE_SIZE);
    // Typing often narrows a search without changing the rows on screen: then leave them be.
    var shownKey = matches.slice(start, end).join(",") || "none";
    if (shownKey === this.shownKey) return;
    var tbody = this.tbody;
    if (this.shownKey === null) tbody.textContent = ""; // the server's rows
    this.shownKey = shownKey;
    var views = this.views;
    var count = end - start;
    for (var k = 0; k < count; k++) {
      if (!views[k]) views.push(new RowView());
      this.fill(views[k], matches[start + k]);
    }
    var fragment = document.createDocumentFragment();
    for (var a = this.attached; a < count; a++) fragment.appendChild(views[a].tr);
    for (var d = this.attached - 1; d >= count; d--) tbody.removeChild(views[d].tr);
    if (!count && !this.empty) {
      this.empty = el("tr", "pm-empty");
      var cell = el("td", "", "No incidents match these filters.");
      cell.colSpan = 7;
      this.empty.appendChild(cell);
    }
    if (count && this.empty && this.empty.parentNode) tbody.removeChild(this.empty);
    if (!count) fragment.appendChild(this.empty);
    if (fragment.firstChild) tbody.appendChild(fragment);
    this.attached = count;
  };

  Library.prototype.fill = function (view, i) {
    var data = this.data;
    var row = data.rows[i];
    var severity = data.sev[row[3]] || "";
    var status = data.st[row[5]] || "";
    setAttr(view.tr, "data-severity", severity);
    setAttr(view.tr, "data-status", status);

    setText(view.date, text(row[2]));
    setAttr(view.date.parentNode, "data-sort", text(row[2]));

    setText(view.title, text(row[0]) || "(untitled)");
    setAttr(view.link, "href", safeHref(text(row[1])));

    var level = this.severityLinks[severity];
    setText(view.severity, severity || "?");
    setAttr(view.badge, "href", level ? safeHref(level.href) : null);
    var color = level ? level.color : "";
    if (color !== view.color) {
      if (color) view.badge.style.setProperty("--pm-sev-color", color);
      else view.badge.style.removeProperty("--pm-sev-color");
      view.color = color;
    }

    var names = data.services[i];
    if (view.shownServices !== names) {
      var cell = view.services;
      var links = view.serviceLinks;
      while (links.length < names.length) {
        var a = document.createElement("a");
        a.appendChild(document.createTextNode(""));
        links.push(a);
      }
      for (var j = 0; j < names.length; j++) {
        var entry = this.serviceLinks[names[j]];
        setText(links[j].firstChild, names[j]);
        setAttr(links[j], "href", entry ? safeHref(entry.href) : null);
      }
      // a, ", ", a, ...: rebuild the sequence only when the number of services changes
      if (cell.childNodes.length !== Math.max(0, names.length * 2 - 1)) {
        cell.textContent = "";
        for (var n = 0; n < names.length; n++) {
          if (n) cell.appendChild(document.createTextNode(", "));
          cell.appendChild(links[n]);
        }
      }
      view.shownServices = names;
    }

    var minutes = typeof row[6] === "number" ? row[6] : null;
    setText(view.duration, formatMinutes(minutes));
    setAttr(view.duration.parentNode, "data-sort", minutes === null ? "" : String(minutes * 60));
    setText(view.status, status);
    setText(view.open, text(typeof row[7] === "number" ? row[7] : 0));
  };

  Library.prototype.renderCount = function (count, pages) {
    var total = this.data.n;
    if (this.count) {
      this.count.textContent = count + " of " + total + " incident" + (total === 1 ? "" : "s");
    }
    if (!this.pager) return;
    this.pager.hidden = pages <= 1;
    this.pager.style.display = pages <= 1 ? "none" : ""; // a theme's `display` would beat [hidden]
    if (this.pageText) {
      var page = this.state.page;
      var first = (page - 1) * PAGE_SIZE + 1;
      var last = Math.min(count, page * PAGE_SIZE);
      this.pageText.textContent = "Page " + page + " of " + pages + " (" + first + "\u2013" + last + ")";
      this.prev.disabled = page <= 1;
      this.next.disabled = page >= pages;
    }
  };

  Library.prototype.renderHeaders = function () {
    var head = this.table.tHead;
    if (!head) return;
    var cells = head.querySelectorAll("th[data-key]");
    for (var i = 0; i < cells.length; i++) {
      var th = cells[i];
      var arrow = th.querySelector(".pm-sort__arrow");
      if (th.getAttribute("data-key") === this.state.sort) {
        var asc = this.state.dir === "asc";
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        if (arrow) arrow.textContent = asc ? " \u25b2" : " \u25bc";
      } else {
        th.removeAttribute("aria-sort");
        if (arrow) arrow.textContent = "";
      }
    }
  };

  /* ------------------------------------------------------------------ binding */

  var loading = false;

  /** Bind to the overview on this document, once per form; safe to call any number of times. */
  function bind() {
    var form = document.querySelector("form[data-pm-filters]");
    var table = document.getElementById("pm-incident-table");
    if (!form || !table || form.pmLibrary) return;
    if (!window.pmIndex || typeof window.pmIndex !== "object") {
      loadIndex(form);
      return;
    }
    var library = new Library(form, table, window.pmIndex);
    form.pmLibrary = library;
    window.pmLibrary.current = library;
    library.start();
  }

  /** After instant navigation from another page the index script may not have run: load it. */
  function loadIndex(form) {
    if (loading) return;
    var scripts = document.querySelectorAll("script[src]");
    for (var i = 0; i < scripts.length; i++) {
      var src = scripts[i].getAttribute("src");
      if (/(^|\/)filter-index\.js(\?|$)/.test(src) && safeHref(src) !== null && form.parentNode) {
        loading = true;
        var script = document.createElement("script");
        script.src = src;
        script.onload = script.onerror = function () { loading = false; if (window.pmIndex) bind(); };
        document.head.appendChild(script);
        return;
      }
    }
  }

  window.pmLibrary = { bind: bind, current: null, format: formatMinutes, safeHref: safeHref };

  // mkdocs-material's instant navigation swaps pages without a load event; its `document$`
  // (defined by the theme's bundle, which may run after this script) tells when.
  var subscribed = false;
  function subscribe() {
    if (subscribed || !window.document$ || typeof window.document$.subscribe !== "function") return;
    subscribed = true;
    window.document$.subscribe(function () { bind(); });
  }
  function ready() { subscribe(); bind(); }
  subscribe();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
