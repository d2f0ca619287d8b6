/* gxeco export --format html: views, facets, find as you type, compare, copy.
   Everything shown is already on the page or in #gx-data; this script shows, hides, orders and
   counts it, and writes text only through textContent and createElement (never as markup). */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("gx-data").textContent);
  var M = D.messages;
  var CASES = D.cases;
  var $ = function (id) { return document.getElementById(id); };
  var q = $("q");
  var note = $("find-note");
  var candBox = $("candidates");
  var list = $("results");
  var rows = Array.prototype.slice.call(list.querySelectorAll(".case-row"));
  var articles = CASES.map(function (c) { return $(c.anchor); });

  function fmt(s, o) {
    return s.replace(/\{(\w+)\}/g, function (m, k) { return Object.prototype.hasOwnProperty.call(o, k) ? String(o[k]) : m; });
  }
  function table(s) {
    var m = new Map();
    var a = Array.from(s);
    for (var i = 0; i + 1 < a.length; i += 2) m.set(a[i], a[i + 1]);
    return m;
  }
  var T2S = table(D.t2s);
  var SOUND = table(D.sound);

  /* The command line's fold (text.norm): NFKC, lower case, traditional -> simplified, no white space. */
  function foldChar(ch) {
    var c = ch.normalize("NFKC").toLowerCase();
    var out = "";
    for (var x of c) { if (!/\s/.test(x)) out += T2S.get(x) || x; }
    return out;
  }
  function fold(s) { var out = ""; for (var ch of s) out += foldChar(ch); return out; }
  function sound(s) { var out = ""; for (var ch of s) out += SOUND.get(ch) || ch; return out; }
  /* Folded text with, for each of its UTF-16 units, the offset in the original it came from. */
  function foldMap(s) {
    var f = "", map = [], i = 0;
    for (var ch of s) {
      var c = foldChar(ch);
      for (var k = 0; k < c.length; k++) map.push(i);
      f += c;
      i += ch.length;
    }
    map.push(i);
    return { text: f, map: map };
  }

  /* --- the passages of every case, folded once, on first use ---------------------------- */
  var passages = null;
  function index() {
    if (passages) return passages;
    passages = [];
    articles.forEach(function (art, ci) {
      art.querySelectorAll("[data-p]").forEach(function (el) {
        var text = el.textContent;
        var fm = foldMap(text);
        passages.push({ ci: ci, el: el, label: el.getAttribute("data-p"), text: text, f: fm, s: sound(fm.text) });
      });
    });
    return passages;
  }

  /* --- facets --------------------------------------------------------------------------- */
  var DIMS = ["city", "category", "mode", "resource", "tag"];
  var chosen = {};
  DIMS.forEach(function (d) { chosen[d] = new Set(); });
  var buttons = Array.prototype.slice.call(document.querySelectorAll(".fv"));
  function passes(c, except) {
    return DIMS.every(function (d) {
      if (d === except || !chosen[d].size) return true;
      return c.facets[d].some(function (v) { return chosen[d].has(v); });
    });
  }

  /* --- find: the command line's rule ------------------------------------------------------ */
  function nameTier(c, w) {
    var best = 0;
    c.names.forEach(function (n) {
      var at = n.indexOf(w);
      var t = at < 0 ? 0 : at === 0 ? (n.length === w.length ? 4 : 3) : 2;
      if (t > best) best = t;
    });
    c.initials.forEach(function (n) {
      if (n.indexOf(w) === 0) best = Math.max(best, n.length === w.length ? 4 : 3);
    });
    return best;
  }
  function occurrences(hay, needle) {
    var out = [], at = hay.indexOf(needle);
    while (at >= 0 && needle) { out.push(at); at = hay.indexOf(needle, at + needle.length); }
    return out;
  }
  function run(terms) {
    var ps = index();
    var whole = terms.join("");
    var per = CASES.map(function (c) { return { tier: nameTier(c, whole), found: terms.map(function () { return 0; }), hits: [] }; });
    ps.forEach(function (p) {
      var marks = [];
      terms.forEach(function (t, k) {
        occurrences(p.f.text, t).forEach(function (at) {
          per[p.ci].found[k]++;
          marks.push([p.f.map[at], p.f.map[at + t.length]]);
        });
      });
      if (marks.length) per[p.ci].hits.push({ p: p, marks: marks.sort(function (a, b) { return a[0] - b[0]; }) });
    });
    var out = [];
    per.forEach(function (r, i) {
      var all = r.found.every(function (n) { return n > 0; });
      var mentions = all ? r.found.reduce(function (a, b) { return a + b; }, 0) : 0;
      if (r.tier || all) out.push({ i: i, tier: r.tier, mentions: mentions, hits: all ? r.hits : [] });
    });
    out.sort(function (a, b) { return b.tier - a.tier || b.mentions - a.mentions || a.i - b.i; });
    return out;
  }
  /* rapidfuzz's ratio: 100 * (1 - indel distance / total length) */
  function ratio(a, b) {
    var m = a.length, n = b.length;
    if (!m || !n) return 0;
    var prev = new Array(n + 1).fill(0);
    for (var i = 1; i <= m; i++) {
      var cur = [0];
      for (var j = 1; j <= n; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
      prev = cur;
    }
    return (200 * prev[n]) / (m + n);
  }
  var NEAR = 60, TAKE = 75, MARGIN = 10, MOST = 5;
  /* Words of the data near a term that matches nothing: a homophone (沉皮 for 陈皮) or one
     character off, of the same script; pinyin against the cases' pinyin names. */
  function near(term) {
    var found = new Map();
    function add(w, s) { if (w !== term && s >= NEAR) found.set(w, Math.max(found.get(w) || 0, s) + 0.001); }
    var L = term.length;
    if (L < 2) return [];
    if (/^[\x00-\x7f]+$/.test(term)) {
      CASES.forEach(function (c) { c.names.concat(c.initials).forEach(function (n) { if (/^[\x00-\x7f]+$/.test(n)) add(n, ratio(term, n)); }); });
    } else {
      /* a homophone anywhere in the text (the sound of every character must agree); one character
         off only against names (titles, places, tags, models): a window of running text one
         character off is as often a piece of two words as a word */
      var st = sound(term);
      index().forEach(function (p) { occurrences(p.s, st).forEach(function (at) { add(p.f.text.substr(at, L), 95); }); });
      CASES.forEach(function (c) {
        if (!c.sounds) c.sounds = c.names.map(sound);
        c.names.forEach(function (n, j) {
          occurrences(c.sounds[j], st).forEach(function (at) { add(n.substr(at, L), 95); });
          if (L < 3) return;
          for (var i = 0; i + L <= n.length; i++) {
            var diff = 0;
            for (var k = 0; k < L && diff < 2; k++) if (n[i + k] !== term[k]) diff++;
            if (diff === 1) add(n.substr(i, L), 100 - 100 / L);
          }
        });
      });
    }
    var out = Array.from(found.entries());
    out.sort(function (a, b) { return b[1] - a[1]; });
    return out;
  }
  function decide(cands) {
    if (!cands.length) return { taken: null, offer: [] };
    var top = cands[0][1];
    if (top >= TAKE && (cands.length === 1 || Math.floor(top) - Math.floor(cands[1][1]) >= MARGIN)) return { taken: cands[0][0], offer: [] };
    return { taken: null, offer: cands.slice(0, MOST).map(function (c) { return c[0]; }) };
  }

  var last = { terms: [], results: null };
  function find(raw) {
    var typed = raw.trim().split(/\s+/).filter(Boolean);
    var terms = typed.map(fold).filter(Boolean);
    var notes = [], fixes = [], offer = [];
    /* a traditional form is read as the simplified one the data uses, and the page says so */
    typed.forEach(function (t) {
      var simple = fold(t);
      var trad = Array.from(t.normalize("NFKC").toLowerCase()).some(function (ch) { return T2S.has(ch); });
      if (trad) notes.push(fmt(M.traditional, { typed: "「" + t + "」", taken: "「" + simple + "」" }));
    });
    if (!terms.length) return { results: null, notes: notes, offer: [], terms: [], taken: false };
    var results = run(terms);
    if (!results.length) {
      /* nothing as typed: each term that matches nowhere is corrected when one word of the
         data is clearly closest (taken with a note), else the closest are offered */
      var fixed = terms.slice();
      var refused = false;
      terms.forEach(function (t, k) {
        if (refused || run([t]).length) return;
        var d = decide(near(t));
        if (d.taken) { fixed[k] = d.taken; fixes.push(fmt(M.taken, { typed: "「" + t + "」", taken: "「" + d.taken + "」" })); }
        else {
          refused = true;
          offer = d.offer.map(function (w) { return terms.map(function (x, j) { return j === k ? w : x; }).join(" "); });
        }
      });
      if (!refused && fixes.length) { results = run(fixed); terms = fixed; notes = notes.concat(fixes); }
    }
    return { results: results, notes: notes, offer: offer, terms: terms, taken: !!fixes.length && !offer.length };
  }

  function snippet(h) {
    var p = document.createElement("p");
    var sec = document.createElement("span");
    sec.className = "sec";
    sec.textContent = h.p.label;
    p.appendChild(sec);
    var text = h.p.text, a = h.marks[0][0];
    var start = Math.max(0, a - 24), end = Math.min(text.length, start + 90);
    if (start > 0) p.appendChild(document.createTextNode("…"));
    var pos = start;
    h.marks.forEach(function (m) {
      if (m[0] < pos || m[1] > end) return;
      p.appendChild(document.createTextNode(text.slice(pos, m[0])));
      var mk = document.createElement("mark");
      mk.textContent = text.slice(m[0], m[1]);
      p.appendChild(mk);
      pos = m[1];
    });
    p.appendChild(document.createTextNode(text.slice(pos, end) + (end < text.length ? "…" : "")));
    return p;
  }

  var pending = 0;
  /* typing: the list answers at once and the facets are counted on the next frame (a hundred counts
     laid out again cost more than the find itself), once for a burst of keys; a click counts now */
  function update(typing) {
    var r = find(q.value);
    last = r;
    var inFind = r.results !== null;
    var order = inFind ? r.results.map(function (x) { return x.i; }) : CASES.map(function (c, i) { return i; });
    var byI = {};
    if (inFind) r.results.forEach(function (x) { byI[x.i] = x; });
    var frag = document.createDocumentFragment();
    var shown = 0;
    order.forEach(function (i) {
      var row = rows[i];
      var snips = row.querySelector(".snips");
      snips.replaceChildren();
      var on = passes(CASES[i]);
      row.hidden = !on;
      if (on) shown++;
      if (inFind && on) {
        var hit = byI[i];
        hit.hits.slice().sort(function (a, b) { return b.marks.length - a.marks.length; }).slice(0, 3).forEach(function (h) { snips.appendChild(snippet(h)); });
      }
      frag.appendChild(row);
    });
    rows.forEach(function (row, i) { if (inFind && !byI[i]) { row.hidden = true; frag.appendChild(row); } });
    list.appendChild(frag);
    $("shown").textContent = inFind || shown !== CASES.length ? shown + " / " + CASES.length : String(CASES.length);
    var words = r.notes.slice();
    if (inFind && !shown) words.push(M.none);
    else if (inFind) words.push(fmt(M.results, { n: shown }));
    note.textContent = words.join(" ");
    note.className = r.taken || r.notes.length ? "note taken" : "note";
    candBox.replaceChildren();
    candBox.hidden = !r.offer.length;
    if (r.offer.length) {
      var lead = document.createElement("span");
      lead.textContent = M.didYouMean;
      candBox.appendChild(lead);
      r.offer.forEach(function (w) {
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = w;
        b.addEventListener("click", function () { q.value = w; update(); q.focus(); });
        candBox.appendChild(b);
      });
    }
    if (pending) cancelAnimationFrame(pending);
    pending = 0;
    if (typing) pending = requestAnimationFrame(function () { pending = 0; counts(inFind ? byI : null); });
    else counts(inFind ? byI : null);
  }
  function counts(byI) {
    buttons.forEach(function (b) {
      var d = b.getAttribute("data-dim"), v = b.getAttribute("data-value");
      var n = 0;
      CASES.forEach(function (c, i) { if ((!byI || byI[i]) && passes(c, d) && c.facets[d].indexOf(v) >= 0) n++; });
      var count = b.querySelector(".count");
      if (count.textContent !== String(n)) count.textContent = String(n);
      if (n && b.hasAttribute("data-zero")) b.removeAttribute("data-zero");
      else if (!n && !b.hasAttribute("data-zero")) b.setAttribute("data-zero", "");
    });
  }
  buttons.forEach(function (b) {
    b.addEventListener("click", function () {
      var d = b.getAttribute("data-dim"), v = b.getAttribute("data-value");
      if (chosen[d].has(v)) chosen[d].delete(v); else chosen[d].add(v);
      b.setAttribute("aria-pressed", chosen[d].has(v) ? "true" : "false");
      update();
    });
  });
  $("clear").addEventListener("click", function () {
    DIMS.forEach(function (d) { chosen[d].clear(); });
    buttons.forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
    update();
  });

  /* --- marks in a case page opened from a result ------------------------------------------- */
  function unmark() {
    document.querySelectorAll("mark.hl").forEach(function (mk) {
      var parent = mk.parentNode;
      while (mk.firstChild) parent.insertBefore(mk.firstChild, mk);
      parent.removeChild(mk);
      parent.normalize();
    });
  }
  function markRanges(el, ranges) {
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    var nodes = [], pos = 0, n;
    while ((n = walker.nextNode())) { nodes.push([n, pos]); pos += n.data.length; }
    for (var k = ranges.length - 1; k >= 0; k--) {
      var a = ranges[k][0], b = ranges[k][1];
      for (var j = nodes.length - 1; j >= 0; j--) {
        var node = nodes[j][0], start = nodes[j][1], end = start + node.data.length;
        if (end <= a || start >= b) continue;
        var mid = node.splitText(Math.max(a, start) - start);
        mid.splitText(Math.min(b, end) - Math.max(a, start));
        var mk = document.createElement("mark");
        mk.className = "hl";
        mid.parentNode.replaceChild(mk, mid);
        mk.appendChild(mid);
      }
    }
  }

  /* --- views ----------------------------------------------------------------------------- */
  var views = Array.prototype.slice.call(document.querySelectorAll(".view"));
  function show(el, kind) {
    views.forEach(function (v) { v.hidden = v !== el; v.classList.toggle("current", v === el); });
    document.body.setAttribute("data-view", kind);
    document.querySelectorAll("[data-nav]").forEach(function (a) {
      if (a.getAttribute("data-nav") === kind) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
    });
  }
  function route() {
    var h = decodeURIComponent(location.hash.slice(1));
    unmark();
    if (h.indexOf("city=") === 0) {
      var city = h.slice(5);
      DIMS.forEach(function (d) { chosen[d].clear(); });
      chosen.city.add(city);
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", b.getAttribute("data-dim") === "city" && b.getAttribute("data-value") === city ? "true" : "false"); });
      q.value = "";
      update();
      show($("view-list"), "list");
      return;
    }
    var target = h ? $(h) : null;
    var art = target && target.closest ? target.closest("article.case") : null;
    if (art) {
      show(art, "case");
      var ci = articles.indexOf(art);
      var hit = last.results && last.results.filter(function (x) { return x.i === ci; })[0];
      if (hit) hit.hits.forEach(function (x) { markRanges(x.p.el, x.marks); });
      var first = art.querySelector("mark.hl");
      if (target !== art) target.scrollIntoView();
      else if (first) first.scrollIntoView({ block: "center" });
      else window.scrollTo(0, 0);
      if (target === art) { var hd = art.querySelector("h1"); hd.setAttribute("tabindex", "-1"); hd.focus({ preventScroll: true }); }
      return;
    }
    if (h === "compare" && $("view-compare")) { show($("view-compare"), "compare"); compare(); return; }
    if (h === "map") { show($("view-map"), "map"); return; }
    show($("view-list"), "list");
  }
  window.addEventListener("hashchange", route);

  /* --- compare: gxeco compare's rows for the two chosen cases ------------------------------ */
  function compare() {
    if (!D.compare) return;
    var a = +$("cmp-a").value, b = +$("cmp-b").value;
    var body = $("cmp").tBodies[0];
    body.replaceChildren();
    $("cmp-ha").textContent = CASES[a].ref + " " + CASES[a].title;
    $("cmp-hb").textContent = CASES[b].ref + " " + CASES[b].title;
    $("cmp-note").textContent = a === b ? M.chooseTwo : "";
    if (a === b) return;
    D.compare.rows.forEach(function (r) {
      var va = r[2][a], vb = r[2][b];
      if (r[1] && !va && !vb) return;
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = r[0];
      tr.appendChild(th);
      [va, vb].forEach(function (v) { var td = document.createElement("td"); td.textContent = v; tr.appendChild(td); });
      body.appendChild(tr);
    });
  }
  if (D.compare) { $("cmp-a").addEventListener("change", compare); $("cmp-b").addEventListener("change", compare); }

  /* --- copy a citation ------------------------------------------------------------------ */
  document.querySelectorAll("button.copy").forEach(function (b) {
    b.addEventListener("click", function () {
      var el = $(b.getAttribute("data-copy"));
      var text = el.textContent;
      var label = b.textContent;
      function said(msg) { b.textContent = msg; setTimeout(function () { b.textContent = label; }, 1500); }
      function fallback() {
        var range = document.createRange();
        range.selectNodeContents(el);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        said(ok ? M.copied : M.copyFailed);
      }
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(function () { said(M.copied); }, fallback);
      else fallback();
    });
  });

  /* --- a figure's source sentence, widened from its quote when the reader points at it ------- */
  var STOPS = "。！？；";
  function sentence(text, at, len) {
    var a = at, b = at + len;
    while (a > 0 && STOPS.indexOf(text[a - 1]) < 0) a--;
    while (b < text.length && STOPS.indexOf(text[b]) < 0) b++;
    return [text.slice(a, at), text.slice(at, at + len), text.slice(at + len, Math.min(text.length, b + 1))];
  }
  function widen(e) {
    var cell = e.target.closest && e.target.closest(".figs .label");
    if (!cell) return;
    var box = cell.querySelector(".sent");
    if (!box || box.hasAttribute("data-whole")) return;
    box.setAttribute("data-whole", "");
    var mk = box.querySelector("mark");
    var quote = mk.textContent;
    var art = cell.closest("article.case");
    var ps = index().filter(function (p) { return articles[p.ci] === art; });
    for (var k = 0; k < ps.length; k++) {
      var at = ps[k].text.indexOf(quote);
      if (at < 0) continue;
      var s = sentence(ps[k].text, at, quote.length);
      box.insertBefore(document.createTextNode(s[0]), mk);
      box.appendChild(document.createTextNode(s[2]));
      return;
    }
  }
  document.addEventListener("mouseover", widen);
  document.addEventListener("focusin", widen);

  /* --- keys: / finds, Esc leaves, arrows walk the results --------------------------------- */
  function visibleLinks() {
    return rows.filter(function (r) { return !r.hidden; }).map(function (r) { return r.querySelector("a"); });
  }
  q.addEventListener("input", function () {
    if (document.body.getAttribute("data-view") !== "list") { history.pushState(null, "", "#"); route(); }
    update(true);
  });
  q.addEventListener("focus", index);
  q.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { q.blur(); e.preventDefault(); }
    else if (e.key === "ArrowDown") { var l = visibleLinks(); if (l.length) { l[0].focus(); e.preventDefault(); } }
    else if (e.key === "Enter") { var f = visibleLinks()[0]; if (f) { location.hash = f.getAttribute("href"); e.preventDefault(); } }
  });
  list.addEventListener("keydown", function (e) {
    var l = visibleLinks(), k = l.indexOf(document.activeElement);
    if (k < 0) return;
    if (e.key === "ArrowDown" && k + 1 < l.length) { l[k + 1].focus(); e.preventDefault(); }
    else if (e.key === "ArrowUp") { (k ? l[k - 1] : q).focus(); e.preventDefault(); }
    else if (e.key === "Escape") { q.focus(); e.preventDefault(); }
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target, typing = t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA");
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); q.focus(); q.select(); }
  });

  /* on a phone the filters fold away above the list; a wide screen shows them beside it */
  if (window.matchMedia("(max-width: 720px)").matches) document.querySelector(".facets-box").open = false;
  route();
  if (window.requestIdleCallback) window.requestIdleCallback(index); else setTimeout(index, 200);
})();
