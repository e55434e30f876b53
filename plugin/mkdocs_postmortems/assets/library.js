/* mkdocs-postmortems: filter, sort and page the incident library overview in the browser.
 *
 * Reads the compact index that filter-index.js puts into `window.pmIndex`
 * (see site_pages.filter_index: lookup tables plus one short array per incident,
 * newest first) and re-renders the rows of #pm-incident-table from it. Plain
 * ES2017, no dependencies, no network: works from file:// and any static host.
 * Without JavaScript the page keeps its server-rendered newest rows.
 *
 * State lives in the query string (severity, service, team, status, year, each
 * holding several comma-separated values, text, sort, dir, page) and is kept there
 * with history.replaceState, so a filtered view is a link to share. Never `q`:
 * mkdocs-material's search reads that one. Parameters this script does not own stay.
 *
 * The other library pages (groups, services, teams, action items, health, trends)
 * render every row on the server; `RowTable` filters and sorts those rows in place
 * (form[data-pm-rows] names the tables), with the same URL rules. Action items'
 * ages and "overdue" are recomputed at view time from data-since / data-due. Everything from the data goes into the DOM as text
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
  var PARAMS = ["severity", "service", "team", "status", "year", "text", "sort", "dir", "page"];
  var SELECTS = ["severity", "service", "team", "status", "year"];
  // The direction a column sorts in on its first click: dates and numbers biggest first.
  var FIRST_DIR = { date: "desc", title: "asc", severity: "asc", services: "asc", team: "asc",
                    duration: "desc", status: "asc", open: "desc" };
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
    var team = list(index.team).map(text);
    var ppl = list(index.ppl).map(text);
    var n = rows.length;
    var data = {
      rows: rows, sev: sev, svc: svc, st: st, tag: tag, team: team, n: n,
      search: new Array(n), year: new Array(n), services: new Array(n), svcIdx: new Array(n),
      teams: new Array(n), teamIdx: new Array(n),
      sortCache: {}
    };
    for (var i = 0; i < n; i++) {
      var row = Array.isArray(rows[i]) ? rows[i] : [];
      if (row[2] === 0) row[2] = text(row[1]).slice(0, 10); // the link starts with the date
      rows[i] = row;
      var names = [];
      var ids = list(row[4]);
      for (var j = 0; j < ids.length; j++) if (svc[ids[j]] !== undefined) names.push(svc[ids[j]]);
      var tags = [];
      var tagIds = list(row[8]);
      for (var k = 0; k < tagIds.length; k++) if (tag[tagIds[k]] !== undefined) tags.push(tag[tagIds[k]]);
      var teamIds = list(row[10]);
      var teamNames = [];
      for (var t = 0; t < teamIds.length; t++) if (team[teamIds[t]] !== undefined) teamNames.push(team[teamIds[t]]);
      var people = [];
      var pplIds = list(row[11]);
      for (var p = 0; p < pplIds.length; p++) if (ppl[pplIds[p]] !== undefined) people.push(ppl[pplIds[p]]);
      data.svcIdx[i] = ids;
      data.services[i] = names;
      data.teamIdx[i] = teamIds;
      data.teams[i] = teamNames;
      data.year[i] = text(row[2]).slice(0, 4);
      // One lowercase string per incident, built once: title, impact, services, tags, teams,
      // people (authors, commander, responders, owners) and tickets.
      data.search[i] = (text(row[0]) + "\n" + text(row[9]) + "\n" + names.join("\n") + "\n" +
                        tags.join("\n") + "\n" + teamNames.join("\n") + "\n" + people.join("\n") +
                        "\n" + text(row[12])).toLowerCase();
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
      case "team": return data.teams[i].length ? data.teams[i].join(", ") : null;
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
    // Each filter is a set of wanted ids (any of them matches) or null; a value this build does not
    // have is id -2, which matches nothing.
    var sevWanted = wanted(data.sev, state.severity);
    var stWanted = wanted(data.st, state.status);
    var svcWanted = wanted(data.svc, state.service);
    var teamWanted = wanted(data.team, state.team);
    var years = state.year.length ? state.year : null;
    var words = state.text.toLowerCase().split(/\s+/).filter(Boolean);
    var nwords = words.length;
    var rows = data.rows, search = data.search, yearOf = data.year, svcIdx = data.svcIdx, teamIdx = data.teamIdx;
    var out = [];
    for (var k = 0; k < order.length; k++) {
      var i = order[k];
      var row = rows[i];
      if (sevWanted !== null && sevWanted.indexOf(row[3]) < 0) continue;
      if (stWanted !== null && stWanted.indexOf(row[5]) < 0) continue;
      if (years !== null && years.indexOf(yearOf[i]) < 0) continue;
      if (svcWanted !== null && !anyOf(svcIdx[i], svcWanted)) continue;
      if (teamWanted !== null && !anyOf(teamIdx[i], teamWanted)) continue;
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

  function wanted(table, values) {
    if (!values.length) return null;
    return values.map(function (v) { var i = table.indexOf(v); return i < 0 ? -2 : i; });
  }

  function anyOf(have, want) {
    for (var i = 0; i < have.length; i++) if (want.indexOf(have[i]) >= 0) return true;
    return false;
  }

  /* ------------------------------------------------------------------ state */

  /** The values of a multi-value parameter: comma-separated, blanks and repeats dropped. */
  function splitValues(value) {
    var out = [];
    String(value || "").split(",").forEach(function (v) {
      v = v.trim();
      if (v && out.indexOf(v) < 0) out.push(v);
    });
    return out;
  }

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
      severity: splitValues(get("severity")), service: splitValues(get("service")),
      team: splitValues(get("team")), status: splitValues(get("status")), year: splitValues(get("year")),
      text: get("text"), sort: sort, dir: dir, page: page >= 1 ? page : 1
    };
  }

  function urlParams(state) {
    var out = [];
    SELECTS.forEach(function (name) { if (state[name].length) out.push([name, state[name].join(",")]); });
    if (state.text.trim()) out.push(["text", state.text.trim()]);
    if (state.sort !== DEFAULT_SORT || state.dir !== firstDir(DEFAULT_SORT)) {
      out.push(["sort", state.sort]);
      out.push(["dir", state.dir]);
    }
    if (state.page > 1) out.push(["page", String(state.page)]);
    return out;
  }

  function writeUrl(state) {
    writeParams(PARAMS, urlParams(state));
  }

  /** Replace the parameters `owned` with `pairs` in the address, keeping every other parameter. */
  function writeParams(owned, pairs) {
    try {
      var params = new URLSearchParams(location.search);
      owned.forEach(function (name) { params.delete(name); });
      pairs.forEach(function (pair) { params.set(pair[0], pair[1]); });
      // Commas stay readable in a shared link (?severity=SEV1,SEV2)
      var query = params.toString().replace(/%2C/gi, ",");
      var url = location.pathname + (query ? "?" + query : "") + location.hash;
      if (url !== location.pathname + location.search + location.hash) {
        history.replaceState(history.state, "", url);
      }
    } catch (e) {
      // Some hosts (sandboxed frames, odd file:// setups) refuse; the view still works.
    }
  }

  /** The checkboxes of a multi-value filter. */
  function boxes(form, name) {
    var out = [];
    var inputs = form.querySelectorAll("input[type=checkbox]");
    for (var i = 0; i < inputs.length; i++) if (inputs[i].name === name && !inputs[i].hasAttribute("data-pm-flag")) out.push(inputs[i]);
    return out;
  }

  function checkedValues(form, name) {
    return boxes(form, name).filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
  }

  /** Check `values` in a multi-value filter, matching case-insensitively; an unknown value gets its own
   * box (checked), so a shared link naming something this build lacks shows that nothing matches. */
  function setMulti(form, name, values) {
    var list_ = boxes(form, name);
    var out = [];
    list_.forEach(function (b) { b.checked = false; });
    values.forEach(function (value) {
      var lower = value.toLowerCase();
      var box = null;
      for (var i = 0; i < list_.length && !box; i++) if (list_[i].value === value) box = list_[i];
      for (var j = 0; j < list_.length && !box; j++) if (list_[j].value.toLowerCase() === lower) box = list_[j];
      if (!box) {
        var holder = form.querySelector('[data-pm-multi="' + cssEscape(name) + '"] .pm-multi__list');
        if (!holder) return;
        var label = el("label", "");
        box = document.createElement("input");
        box.type = "checkbox"; box.name = name; box.value = value;
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + value));
        holder.appendChild(label);
        list_.push(box);
      }
      box.checked = true;
      if (out.indexOf(box.value) < 0) out.push(box.value);
    });
    showChosen(form, name);
    return out;
  }

  function cssEscape(value) {
    return window.CSS && CSS.escape ? CSS.escape(value) : String(value).replace(/["\\]/g, "\\$&");
  }

  /** The summary of a multi-value filter names what is chosen ("all" when nothing is). */
  function showChosen(form, name) {
    var holder = form.querySelector('[data-pm-multi="' + cssEscape(name) + '"]');
    var chosen = holder && holder.querySelector("[data-pm-chosen]");
    if (!chosen) return;
    var values = checkedValues(form, name);
    chosen.textContent = !values.length ? "all" : values.length <= 2 ? values.join(", ") : values.length + " chosen";
    holder.classList.toggle("pm-multi--active", values.length > 0);
  }

  /** A click outside an open filter list closes it, as a select would. */
  function closeOthers(form, keep) {
    var open = form.querySelectorAll("details.pm-multi[open]");
    for (var i = 0; i < open.length; i++) if (open[i] !== keep) open[i].open = false;
  }

  function setupMulti(form) {
    form.addEventListener("toggle", function (event) {
      if (event.target.open) closeOthers(form, event.target);
    }, true);
    document.addEventListener("click", function (event) {
      if (!form.isConnected) return;
      var inside = event.target && event.target.closest ? event.target.closest("details.pm-multi") : null;
      closeOthers(form, inside);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") closeOthers(form, null);
    });
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
    boxes(this.form, name).forEach(function (box) {
      out[box.value] = { href: box.getAttribute("data-href") || "", color: box.getAttribute("data-color") || "" };
    });
    return out;
  };

  Library.prototype.start = function () {
    var self = this;
    var state = this.state;
    var form = this.form;
    SELECTS.forEach(function (name) { state[name] = setMulti(form, name, state[name]); });
    var q = this.control("text");
    if (q) q.value = state.text;
    setupMulti(form);
    this.setupHeaders();
    this.setupPager();
    this.form.hidden = false;
    this.form.addEventListener("input", function () { self.fromControls(); });
    this.form.addEventListener("change", function () { self.fromControls(); });
    this.form.addEventListener("submit", function (event) { event.preventDefault(); self.fromControls(); });
    this.form.addEventListener("reset", function (event) {
      event.preventDefault();
      SELECTS.forEach(function (name) { setMulti(form, name, []); });
      if (q) q.value = "";
      self.fromControls();
    });
    this.update(true);
  };

  Library.prototype.fromControls = function () {
    var state = this.state;
    var self = this;
    var changed = false;
    SELECTS.forEach(function (name) {
      var values = checkedValues(self.form, name);
      if (values.join(",") !== state[name].join(",")) { state[name] = values; changed = true; }
      showChosen(self.form, name);
    });
    var control = self.control("text");
    var value = control ? control.value : "";
    if (value !== state.text) { state.text = value; changed = true; }
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
    this.team = textCell(tr);
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
      cell.colSpan = 8;
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
    setAttr(view.date.parentNode, "data-v", text(row[2]));

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

    setText(view.team, data.teams[i].join(", "));
    var minutes = typeof row[6] === "number" ? row[6] : null;
    setText(view.duration, formatMinutes(minutes));
    setAttr(view.duration.parentNode, "data-v", minutes === null ? "" : String(minutes));
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

  /* ------------------------------------------------------------------ server-rendered tables */

  /** Today as YYYY-MM-DD in the reader's time zone. */
  function todayIso(now) {
    var d = now || new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function daysBetween(fromIso, toIso) {
    var a = /^(\d{4})-(\d{2})-(\d{2})/.exec(fromIso), b = /^(\d{4})-(\d{2})-(\d{2})/.exec(toIso);
    if (!a || !b) return null;
    return Math.round((Date.UTC(+b[1], b[2] - 1, +b[3]) - Date.UTC(+a[1], a[2] - 1, +a[3])) / 864e5);
  }

  /** Ages, "overdue" and "since the last incident" as of now: the build's values are only a fallback. */
  function refreshAges(root) {
    var today = todayIso();
    var items = root.querySelectorAll("tr[data-action-item]");
    for (var i = 0; i < items.length; i++) {
      var tr = items[i];
      var age = daysBetween(tr.getAttribute("data-since") || "", today);
      var ageCell = tr.querySelector("[data-pm-age]");
      if (ageCell && age !== null) { ageCell.textContent = age + " d"; ageCell.setAttribute("data-v", String(age)); }
      var due = tr.getAttribute("data-due") || "";
      var overdue = !!due && due < today;
      tr.setAttribute("data-f-overdue", overdue ? "1" : "");
      tr.classList.toggle("pm-overdue", overdue);
      if (overdue) tr.setAttribute("data-overdue", ""); else tr.removeAttribute("data-overdue");
      var dueCell = tr.querySelector("[data-pm-due]");
      if (dueCell && due) {
        dueCell.textContent = due;
        if (overdue) {
          dueCell.appendChild(document.createTextNode(" "));
          dueCell.appendChild(el("strong", "pm-overdue__label", "overdue"));
        }
      }
    }
    var since = root.querySelectorAll("[data-pm-since]");
    for (var k = 0; k < since.length; k++) {
      var at = Date.parse(since[k].getAttribute("data-pm-since"));
      if (!isNaN(at)) since[k].textContent = formatMinutes(Math.max(0, (Date.now() - at) / 60000));
    }
  }

  function cellValue(tr, index, numeric) {
    var cell = tr.cells[index];
    if (!cell) return null;
    var raw = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent.trim();
    if (raw === "" || raw === "\u2013") return null;
    if (!numeric) return raw;
    var n = parseFloat(raw);
    return isNaN(n) ? null : n;
  }

  function firstDirOf(th) {
    var key = th.getAttribute("data-key");
    if (th.getAttribute("data-type") === "num" || key === "date" || key === "last") return "desc";
    return "asc";
  }

  /** Sortable headers for a server-rendered table; `onSort(key, dir)` is told of each click. */
  function SortableTable(table, onSort) {
    this.table = table;
    this.tbody = table.tBodies[0];
    this.onSort = onSort;
    this.rows = Array.prototype.slice.call(this.tbody ? this.tbody.rows : []);
    this.rows.forEach(function (tr, i) { tr.pmIndex = i; });
    this.key = null;
    this.dir = "asc";
    var self = this;
    var cells = table.tHead ? table.tHead.querySelectorAll("th[data-key]") : [];
    this.headers = Array.prototype.slice.call(cells);
    this.headers.forEach(function (th) {
      var button = el("button", "pm-sort", th.textContent.trim());
      button.type = "button";
      button.appendChild(el("span", "pm-sort__arrow", ""));
      button.lastChild.setAttribute("aria-hidden", "true");
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var key = th.getAttribute("data-key");
        var dir = self.key === key ? (self.dir === "asc" ? "desc" : "asc") : firstDirOf(th);
        self.sort(key, dir);
        if (self.onSort) self.onSort(key, dir);
      });
    });
  }

  SortableTable.prototype.has = function (key) {
    return this.headers.some(function (th) { return th.getAttribute("data-key") === key; });
  };

  SortableTable.prototype.sort = function (key, dir) {
    var th = null;
    for (var i = 0; i < this.headers.length; i++) if (this.headers[i].getAttribute("data-key") === key) th = this.headers[i];
    if (!th || !this.tbody) return;
    this.key = key; this.dir = dir;
    var index = th.cellIndex;
    var numeric = th.getAttribute("data-type") === "num";
    var sign = dir === "asc" ? 1 : -1;
    var values = this.rows.map(function (tr) { return cellValue(tr, index, numeric); });
    var order = this.rows.map(function (tr, i) { return i; });
    order.sort(function (a, b) {
      var va = values[a], vb = values[b];
      if (va === null || vb === null) {
        if (va !== vb) return va === null ? 1 : -1;
        return a - b;
      }
      var c = numeric ? va - vb : compareText(String(va), String(vb));
      return c !== 0 ? sign * c : a - b;
    });
    var fragment = document.createDocumentFragment();
    var rows = this.rows;
    order.forEach(function (i) { fragment.appendChild(rows[i]); });
    this.tbody.appendChild(fragment);
    this.headers.forEach(function (h) {
      var arrow = h.querySelector(".pm-sort__arrow");
      if (h === th) {
        h.setAttribute("aria-sort", dir === "asc" ? "ascending" : "descending");
        if (arrow) arrow.textContent = dir === "asc" ? " \u25b2" : " \u25bc";
      } else {
        h.removeAttribute("aria-sort");
        if (arrow) arrow.textContent = "";
      }
    });
  };

  /** Filters over the rows of one or more server-rendered tables, the state in the URL. */
  function RowTable(form, tables) {
    var self = this;
    this.form = form;
    this.noun = form.getAttribute("data-pm-noun") || "row";
    this.count = (form.closest(".pm-library") || document).querySelector("[data-pm-count]");
    this.names = Array.prototype.map.call(form.querySelectorAll("[data-pm-multi]"), function (d) {
      return d.getAttribute("data-pm-multi");
    });
    this.flags = Array.prototype.map.call(form.querySelectorAll("input[data-pm-flag]"), function (b) { return b.name; });
    this.shareSort = tables.length === 1;  // one table: its sort is part of the link too
    this.owned = this.names.concat(this.flags, ["text"], this.shareSort ? ["sort", "dir"] : []);
    this.sorters = tables.map(function (table) {
      return new SortableTable(table, function () { self.writeUrl(); });
    });
    this.rows = [];
    tables.forEach(function (table) {
      Array.prototype.forEach.call(table.tBodies[0] ? table.tBodies[0].rows : [], function (tr) {
        if (tr.hasAttribute("data-row")) self.rows.push(tr);
      });
    });
    this.total = this.rows.length;
  }

  RowTable.prototype.prepare = function () {
    var names = this.names.concat(this.flags);
    this.rows.forEach(function (tr) {
      var fields = {};
      names.forEach(function (name) {
        fields[name] = (tr.getAttribute("data-f-" + name) || "").split("\n").map(function (v) {
          return v.trim().toLowerCase();
        }).filter(Boolean);
      });
      tr.pmFields = fields;
      tr.pmText = (tr.getAttribute("data-text") || tr.textContent).toLowerCase();
    });
  };

  RowTable.prototype.start = function () {
    var self = this, form = this.form;
    var params;
    try { params = new URLSearchParams(location.search); } catch (e) { params = null; }
    function get(name) { return params ? params.get(name) || "" : ""; }
    this.names.forEach(function (name) { setMulti(form, name, splitValues(get(name))); });
    this.flags.forEach(function (name) {
      var box = form.querySelector('input[data-pm-flag][name="' + cssEscape(name) + '"]');
      if (box) box.checked = get(name) === "1";
    });
    var q = form.elements.namedItem("text");
    if (q && q.nodeType === 1) q.value = get("text");
    if (this.shareSort && get("sort") && this.sorters[0].has(get("sort"))) {
      this.sorters[0].sort(get("sort"), get("dir") === "desc" ? "desc" : "asc");
    }
    this.prepare();
    setupMulti(form);
    form.hidden = false;
    form.addEventListener("input", function () { self.update(); });
    form.addEventListener("change", function () { self.update(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); self.update(); });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      self.names.forEach(function (name) { setMulti(form, name, []); });
      self.flags.forEach(function (name) {
        var box = form.querySelector('input[data-pm-flag][name="' + cssEscape(name) + '"]');
        if (box) box.checked = false;
      });
      if (q && q.nodeType === 1) q.value = "";
      self.update();
    });
    this.update();
  };

  RowTable.prototype.state = function () {
    var form = this.form, state = { multi: {}, flags: {}, text: "" };
    this.names.forEach(function (name) { state.multi[name] = checkedValues(form, name); showChosen(form, name); });
    this.flags.forEach(function (name) {
      var box = form.querySelector('input[data-pm-flag][name="' + cssEscape(name) + '"]');
      state.flags[name] = !!(box && box.checked);
    });
    var q = form.elements.namedItem("text");
    state.text = q && q.nodeType === 1 ? q.value : "";
    return state;
  };

  RowTable.prototype.update = function () {
    var state = this.state();
    this.current = state;
    var words = state.text.toLowerCase().split(/\s+/).filter(Boolean);
    var names = this.names, flags = this.flags;
    var wantedSets = {};
    names.forEach(function (name) {
      wantedSets[name] = state.multi[name].length ? state.multi[name].map(function (v) { return v.toLowerCase(); }) : null;
    });
    var shown = [];
    this.rows.forEach(function (tr) {
      var ok = true;
      for (var i = 0; ok && i < names.length; i++) {
        var want = wantedSets[names[i]];
        if (want && !tr.pmFields[names[i]].some(function (v) { return want.indexOf(v) >= 0; })) ok = false;
      }
      for (var j = 0; ok && j < flags.length; j++) {
        if (state.flags[flags[j]] && tr.pmFields[flags[j]].indexOf("1") < 0) ok = false;
      }
      for (var w = 0; ok && w < words.length; w++) if (tr.pmText.indexOf(words[w]) < 0) ok = false;
      tr.hidden = !ok;
      if (ok) shown.push(tr);
    });
    this.renderCount(shown);
    this.writeUrl();
  };

  RowTable.prototype.renderCount = function (shown) {
    if (!this.count) return;
    var total = this.total, n = shown.length;
    var noun = this.noun;
    function plural(k, word) { return k + " " + word + (k === 1 ? "" : "s"); }
    if (noun === "open item") {
      var incidents = [], overdue = 0;
      shown.forEach(function (tr) {
        var id = tr.getAttribute("data-incident") || "";
        if (incidents.indexOf(id) < 0) incidents.push(id);
        if (tr.getAttribute("data-f-overdue") === "1") overdue++;
      });
      this.count.textContent = plural(n, "open item") + (n === total ? "" : " of " + total) + " across " +
        plural(incidents.length, "incident") + ", " + overdue + " overdue.";
      return;
    }
    this.count.textContent = n + " of " + plural(total, noun) + ".";
  };

  RowTable.prototype.writeUrl = function () {
    var state = this.current || this.state();
    var pairs = [];
    this.names.forEach(function (name) { if (state.multi[name].length) pairs.push([name, state.multi[name].join(",")]); });
    this.flags.forEach(function (name) { if (state.flags[name]) pairs.push([name, "1"]); });
    if (state.text.trim()) pairs.push(["text", state.text.trim()]);
    var sorter = this.sorters[0];
    if (this.shareSort && sorter && sorter.key) { pairs.push(["sort", sorter.key]); pairs.push(["dir", sorter.dir]); }
    writeParams(this.owned, pairs);
  };

  /** Bind the server-rendered tables of this document: filters where a form names them, sorting on all. */
  function bindTables() {
    var root = document.querySelector(".pm-library");
    if (!root || root.pmBound) return;
    root.pmBound = true;
    refreshAges(root);
    var claimed = [];
    var forms = root.querySelectorAll("form[data-pm-rows]");
    for (var i = 0; i < forms.length; i++) {
      var tables = forms[i].getAttribute("data-pm-rows").split(/\s+/).map(function (id) {
        return document.getElementById(id);
      }).filter(Boolean);
      claimed = claimed.concat(tables);
      if (tables.length) new RowTable(forms[i], tables).start();
    }
    var others = root.querySelectorAll("table[data-pm-table]");
    for (var k = 0; k < others.length; k++) {
      if (claimed.indexOf(others[k]) < 0 && others[k].id !== "pm-incident-table") new SortableTable(others[k], null);
    }
  }

  /* ------------------------------------------------------------------ binding */

  var loading = false;

  /** Bind to the overview on this document, once per form; safe to call any number of times. */
  function bind() {
    bindTables();
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
