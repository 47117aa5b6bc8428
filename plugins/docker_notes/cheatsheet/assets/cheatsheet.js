/*
 * Cheat-sheet filter (docker-notes/cheatsheet plugin).
 *
 * The page already lists every entry, grouped by topic; this script filters it. It indexes the entries
 * embedded in the page (JSON in <template data-cheatsheet-index>) with cheatsheet-search.js (MiniSearch);
 * with a query the entries shown make one list ranked across topics (the root gets .cheatsheet--ranked,
 * the topic sections step aside through CSS `display: contents`), without one they stay grouped. It keeps the query
 * and the facets in the URL (?q=…&topic=…&kind=…), and binds on Material's document$ so it works
 * under instant navigation (torn down when the page is replaced). Reader-typed text only ever reaches
 * the DOM through textContent.
 *
 * Speed: a keystroke updates the list synchronously, in one pass that reads no layout: an entry's
 * `hidden` is written only when it changes, and the ranking shows through CSS `order` (the lists are
 * flex columns), which moves nothing. When typing settles the live region speaks, the URL follows, and
 * the entries move in the tree to the order shown (the fewest moves, a few at a time when idle) for
 * screen readers and Tab. The search code is warmed up when the page is idle, so a reader's first
 * keystroke does not wait for the JavaScript engine to compile it.
 */
(function () {
  "use strict";

  /* Evaluated once per visit: a second copy (the page's loader and a theme both naming it) must not bind twice. */
  if (window.__cheatsheetFilter) return;
  window.__cheatsheetFilter = true;

  var ROOT = "[data-cheatsheet]";
  /* How long typing pauses before the live region speaks, the URL follows and the tree follows the order
     shown (ms). */
  var SETTLE_MS = 350;
  /* Entries moved per idle callback that ran because it waited too long (no idle time to measure). */
  var MOVES_UNASKED = 8;
  function readState() {
    var params = new URL(window.location.href).searchParams;
    var list = function (name) {
      return params.getAll(name).join(",").split(",").filter(Boolean);
    };
    /* The page's inline script took ?q= out of the URL before Material's search could open with it. */
    var query = params.get("q");
    if (query === null && typeof window.__cheatsheetQuery === "string") query = window.__cheatsheetQuery;
    delete window.__cheatsheetQuery;
    return { q: query || "", topic: list("topic"), kind: list("kind") };
  }

  function writeState(state) {
    var url = new URL(window.location.href);
    ["q", "topic", "kind"].forEach(function (name) {
      url.searchParams.delete(name);
    });
    if (state.q) url.searchParams.set("q", state.q);
    if (state.topic.length) url.searchParams.set("topic", state.topic.join(","));
    if (state.kind.length) url.searchParams.set("kind", state.kind.join(","));
    if (url.toString() !== window.location.href) {
      window.history.replaceState(window.history.state, "", url.toString());
    }
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function isTyping(element) {
    if (!element) return false;
    var tag = element.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || element.isContentEditable;
  }

  /* Run `work` when the browser is idle (soon after at the latest); return the function that cancels it. */
  function whenIdle(work, timeout) {
    if (typeof window.requestIdleCallback === "function") {
      var handle = window.requestIdleCallback(work, { timeout: timeout });
      return function () {
        window.cancelIdleCallback(handle);
      };
    }
    var timer = window.setTimeout(work, Math.min(timeout, 50));
    return function () {
      window.clearTimeout(timer);
    };
  }

  /* Which entries the state shows, their scores (null without a query), and the facet counts: each facet
     counts the entries that match the query and the other facet (ticking a topic does not zero the others).
     An entry belongs to the topic of each docker command in its line. */
  function filterEntries(documents, current, scores) {
    var visible = new Array(documents.length);
    var score = scores === null ? null : new Array(documents.length);
    var counts = Object.create(null);
    var shown = 0;
    for (var i = 0; i < documents.length; i += 1) {
      var doc = documents[i];
      if (score !== null) {
        score[i] = scores.get(doc.id);
        if (score[i] === undefined) {
          visible[i] = false;
          continue;
        }
      }
      var topics = doc.topics || [doc.topic];
      var kindOk = current.kind.length === 0 || current.kind.indexOf(doc.kind) !== -1;
      var topicOk = current.topic.length === 0;
      for (var t = 0; t < topics.length; t += 1) {
        if (!topicOk && current.topic.indexOf(topics[t]) !== -1) topicOk = true;
        if (kindOk) counts["topic:" + topics[t]] = (counts["topic:" + topics[t]] || 0) + 1;
      }
      if (topicOk) counts["kind:" + doc.kind] = (counts["kind:" + doc.kind] || 0) + 1;
      visible[i] = kindOk && topicOk;
      if (visible[i]) shown += 1;
    }
    return { visible: visible, score: score, counts: counts, shown: shown };
  }

  /* Indexes (into `sequence`) of one longest increasing subsequence of `sequence`. */
  function longestIncreasing(sequence) {
    var tails = [];
    var previous = new Array(sequence.length);
    for (var i = 0; i < sequence.length; i += 1) {
      var low = 0;
      var high = tails.length;
      while (low < high) {
        var middle = (low + high) >> 1;
        if (sequence[tails[middle]] < sequence[i]) low = middle + 1;
        else high = middle;
      }
      previous[i] = low > 0 ? tails[low - 1] : -1;
      tails[low] = i;
    }
    var kept = [];
    for (var at = tails.length ? tails[tails.length - 1] : -1; at !== -1; at = previous[at]) kept.push(at);
    return kept.reverse();
  }

  /* The moves that put the entries `wanted` in `list` in that order with the fewest moves: the ones already
     there in order (a longest increasing run) stay, each other one (out of order, or in another list) goes
     before its successor (null: to the end). Other entries stay where they are. Apply them last to first. */
  function movesToOrder(list, wanted) {
    var place = new Map();
    for (var i = 0; i < wanted.length; i += 1) place.set(wanted[i], i);
    var sequence = [];
    var sorted = true;
    for (var child = list.firstElementChild; child; child = child.nextElementSibling) {
      var at = place.get(child);
      if (at === undefined) continue;
      if (sequence.length && sequence[sequence.length - 1] > at) sorted = false;
      sequence.push(at);
    }
    if (sorted && sequence.length === wanted.length) return [];
    var stays = new Array(wanted.length);
    longestIncreasing(sequence).forEach(function (index) {
      stays[sequence[index]] = true;
    });
    var moves = [];
    for (var j = wanted.length - 1; j >= 0; j -= 1) {
      if (!stays[j]) moves.push({ list: list, entry: wanted[j], before: j + 1 < wanted.length ? wanted[j + 1] : null });
    }
    return moves;
  }

  /* A few queries made of the first entries' own words and their prefixes, run once the page is idle so
     the reader's first keystrokes find the search code compiled. Their answers are not kept. */
  function warmUpQueries(documents) {
    var queries = [];
    documents.slice(0, 3).forEach(function (doc) {
      window.CheatsheetSearch.queryTokens(doc.text.split("\n")[0]).forEach(function (token) {
        for (var length = 1; length <= token.length; length += 1) queries.push(token.slice(0, length));
      });
      queries.push(doc.text);
    });
    return queries;
  }

  /* Bind the cheat sheet found in the current page; return the function that unbinds it. */
  function bind(root) {
    var form = root.querySelector("[data-cheatsheet-form]");
    var input = root.querySelector("#cheatsheet-query");
    var status = root.querySelector("[data-cheatsheet-status]");
    var empty = root.querySelector("[data-cheatsheet-empty]");
    var dataElement = root.querySelector("[data-cheatsheet-index]");
    var rankedList = root.querySelector("[data-cheatsheet-ranked]");
    var toggle = root.querySelector("[data-cheatsheet-toggle]");
    var active = root.querySelector("[data-cheatsheet-active]");
    if (!form || !input || !dataElement || !rankedList || typeof window.MiniSearch === "undefined" ||
        typeof window.CheatsheetSearch === "undefined") return function () {};

    var documents = JSON.parse(dataElement.content ? dataElement.content.textContent : dataElement.textContent);
    var search = window.CheatsheetSearch.createSearch(documents, window.MiniSearch);
    var byId = {};
    documents.forEach(function (doc) {
      byId[doc.id] = doc;
    });

    var home = new Map();
    var elementOf = new Map();
    root.querySelectorAll(".cheatsheet-entry").forEach(function (element, position) {
      home.set(element, position);
      elementOf.set(element.dataset.id, element);
    });
    /* Per document index: the element showing it, its place in the page as built, and whether it shows. */
    var elements = documents.map(function (doc) {
      return elementOf.get(doc.id) || null;
    });
    var homeOf = elements.map(function (element) {
      return element ? home.get(element) : -1;
    });
    var shownNow = elements.map(function (element) {
      return element ? !element.hidden : false;
    });
    var documentIndex = new Map();
    elements.forEach(function (element, index) {
      if (element) documentIndex.set(element, index);
    });
    /* Each topic's section with the document indexes of its entries, in page order. */
    var sections = Array.prototype.slice.call(root.querySelectorAll(".cheatsheet-topic")).map(function (section) {
      var members = [];
      section.querySelectorAll(".cheatsheet-entry").forEach(function (element) {
        if (documentIndex.has(element)) members.push(documentIndex.get(element));
      });
      return {
        element: section,
        list: section.querySelector(".cheatsheet-list"),
        members: members,
        home: members.map(function (index) { return elements[index]; }),
        wanted: []
      };
    });
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]")).map(function (box) {
      return {
        box: box,
        key: box.name + ":" + box.value,
        count: form.querySelector('[data-count="' + box.name + ":" + box.value + '"]'),
        chip: box.closest(".cheatsheet-chip")
      };
    });
    var controller = new AbortController();
    var signal = controller.signal;
    var settleTimer = 0;
    var cancelMoves = function () {};
    /* The shown entries in the order shown (ranked across topics with a query, else by topic in page order). */
    var ranked = [];
    /* Whether the entries show as one ranked list (a query with words that count) or grouped by topic. */
    var rankedMode = false;
    var orderNow = new Array(documents.length);
    var cancelWarmUp = function () {};

    function checked(name) {
      var values = [];
      boxes.forEach(function (facet) {
        if (facet.box.name === name && facet.box.checked) values.push(facet.box.value);
      });
      return values;
    }

    function state() {
      return { q: input.value.trim(), topic: checked("topic"), kind: checked("kind") };
    }

    function announce(text) {
      status.textContent = text;
    }

    function summary(shown, query) {
      var total = documents.length;
      if (shown === total) return "Showing all " + total + " entries.";
      return shown + (shown === 1 ? " entry" : " entries") + " of " + total + " match" + (shown === 1 ? "es" : "") +
        (query ? " \u201c" + query + "\u201d" : " the filters") + (rankedMode && shown > 1 ? ", best first." : ".");
    }

    /* When typing pauses (or at once for `now`): the live region says what shows, the URL takes the state
       (a new URL makes the browser look again at every link of this long page: not worth a keystroke's
       time), and the entries start moving in the tree to the order shown. */
    function settle(current, text, now) {
      window.clearTimeout(settleTimer);
      cancelMoves();
      function finish() {
        announce(text);
        writeState(current);
        followInTree();
      }
      if (now) finish();
      else settleTimer = window.setTimeout(finish, SETTLE_MS);
    }

    function showEntries(visible) {
      for (var i = 0; i < visible.length; i += 1) {
        if (visible[i] !== shownNow[i] && elements[i]) {
          elements[i].hidden = !visible[i];
          shownNow[i] = visible[i];
        }
      }
    }

    /* The document indexes a section shows, best score first (page order among equals, or without a query). */
    function rankedSection(section, score) {
      var ranked = [];
      for (var k = 0; k < section.members.length; k += 1) {
        if (shownNow[section.members[k]]) ranked.push(section.members[k]);
      }
      if (score !== null) {
        ranked.sort(function (a, b) {
          return score[b] - score[a] || homeOf[a] - homeOf[b];
        });
      }
      return ranked;
    }

    /* The visual order follows the ranking at once through CSS `order` (the lists are flex columns), which
       moves nothing in the tree; the tree follows when typing settles (screen readers and Tab read it).
       Returns the section's elements in that order. */
    function showRanking(ranking) {
      var shown = new Array(ranking.length);
      for (var rank = 0; rank < ranking.length; rank += 1) {
        var index = ranking[rank];
        shown[rank] = elements[index];
        if (orderNow[index] !== rank) {
          shown[rank].style.order = String(rank);
          orderNow[index] = rank;
        }
      }
      return shown;
    }

    /* Move the entries in the tree to the order shown, a few at a time when the browser is idle. */
    function followInTree() {
      var moves = [];
      if (rankedMode) {
        moves = movesToOrder(rankedList, ranked);
      } else {
        sections.forEach(function (section) {
          moves.push.apply(moves, movesToOrder(section.list, section.wanted));
        });
      }
      runMoves(moves, 0);
    }

    /* Back to the topics: every entry to its own list, in page order, at once (grouped, the tree is the view). */
    function sendHome() {
      sections.forEach(function (section) {
        var moves = movesToOrder(section.list, section.home);
        for (var m = 0; m < moves.length; m += 1) moves[m].list.insertBefore(moves[m].entry, moves[m].before);
      });
    }

    /* The document indexes shown, best score first across topics (page order among equals). */
    function rankedAll(score) {
      var list = [];
      for (var i = 0; i < documents.length; i += 1) {
        if (shownNow[i] && elements[i]) list.push(i);
      }
      list.sort(function (a, b) {
        return score[b] - score[a] || homeOf[a] - homeOf[b];
      });
      return list;
    }

    function runMoves(moves, next) {
      if (next >= moves.length) return;
      cancelMoves = whenIdle(function (deadline) {
        var focused = document.activeElement;
        var budget = deadline && !deadline.didTimeout ? Infinity : MOVES_UNASKED;
        do {
          var move = moves[next];
          move.list.insertBefore(move.entry, move.before);
          next += 1;
          budget -= 1;
        } while (next < moves.length && budget > 0 && (!deadline || deadline.didTimeout || deadline.timeRemaining() > 2));
        /* A moved entry loses the focus (the reader may have arrowed to it): give it back. */
        if (focused && focused !== document.activeElement && focused.isConnected) focused.focus({ preventScroll: true });
        runMoves(moves, next);
      }, 1000);
    }

    /* Everything the reader sees follows the state in one synchronous pass (no reads of layout); the facet
       counts are written last. The live region, the URL and the tree order follow when things settle. */
    function apply(options) {
      var current = state();
      var scores = current.q ? search.scores(current.q) : null;
      var view = filterEntries(documents, current, scores);
      showEntries(view.visible);
      var nowRanked = scores !== null;
      if (nowRanked !== rankedMode) {
        cancelMoves();
        if (!nowRanked) sendHome();
        rankedMode = nowRanked;
        root.classList.toggle("cheatsheet--ranked", rankedMode);
      }
      ranked = [];
      if (rankedMode) {
        ranked = showRanking(rankedAll(view.score));
        sections.forEach(function (section) {
          if (section.element.hidden) section.element.hidden = false;
        });
      } else {
        sections.forEach(function (section) {
          var wanted = showRanking(rankedSection(section, null));
          section.wanted = wanted;
          if (section.element.hidden !== (wanted.length === 0)) section.element.hidden = wanted.length === 0;
          ranked.push.apply(ranked, wanted);
        });
      }
      if (empty.hidden !== (view.shown !== 0)) empty.hidden = view.shown !== 0;
      boxes.forEach(function (facet) {
        var count = view.counts[facet.key] || 0;
        if (facet.chip) facet.chip.classList.toggle("cheatsheet-chip--empty", count === 0);
        if (facet.count) facet.count.textContent = String(count);
      });
      var ticked = current.topic.length + current.kind.length;
      if (active) active.textContent = ticked ? " (" + ticked + ")" : "";
      settle(current, summary(view.shown, current.q), Boolean(options && options.now));
    }

    function warmUp() {
      var queries = warmUpQueries(documents);
      var next = 0;
      function step(deadline) {
        do {
          var current = { q: queries[next], topic: [], kind: [] };
          var scores = search.run(current.q);
          if (scores !== null) filterEntries(documents, current, scores);
          next += 1;
        } while (next < queries.length && (!deadline || deadline.timeRemaining() > 2));
        if (next < queries.length) cancelWarmUp = whenIdle(step, 1000);
      }
      cancelWarmUp = whenIdle(step, 1000);
    }

    function textOf(element) {
      var code = element.querySelector("[data-copy-text]");
      return code ? code.getAttribute("data-copy-text") : (byId[element.dataset.id] || {}).text || "";
    }

    function move(from, step) {
      var list = ranked;
      if (!list.length) return;
      var index = list.indexOf(from);
      var next = index === -1 ? (step > 0 ? 0 : list.length - 1) : index + step;
      if (next < 0) {
        input.focus();
        return;
      }
      var target = list[Math.min(next, list.length - 1)];
      target.focus();
      target.scrollIntoView({ block: "nearest" });
    }

    function clear() {
      if (input.value) {
        input.value = "";
      } else {
        boxes.forEach(function (facet) {
          facet.box.checked = false;
        });
      }
      apply({ now: true });
      input.focus();
    }

    function onKeydown(event) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      var entry = target && target.closest ? target.closest(".cheatsheet-entry") : null;
      var inOurs = target === input || (entry && root.contains(entry));
      var handled = false;
      if (event.key === "/" && !isTyping(target)) {
        input.focus();
        input.select();
        handled = true;
      } else if (inOurs && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
        move(target === input ? null : entry, event.key === "ArrowDown" ? 1 : -1);
        handled = true;
      } else if (inOurs && event.key === "Escape") {
        clear();
        handled = true;
      } else if (target === input && event.key === "Enter") {
        handled = true;
      } else if (entry && target === entry && event.key === "Enter") {
        var text = textOf(entry);
        copyText(text).then(
          function () {
            announce("Copied: " + text.split("\n")[0]);
          },
          function () {
            announce("Could not copy; select the command and copy it by hand.");
          }
        );
        handled = true;
      }
      if (handled) {
        /* Capture phase on window: Material's own keyboard handler (its "/" opens the site search) never
           sees a key the cheat sheet used. */
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    }

    var initial = readState();
    input.value = initial.q;
    boxes.forEach(function (facet) {
      facet.box.checked = (facet.box.name === "topic" ? initial.topic : initial.kind).indexOf(facet.box.value) !== -1;
    });
    form.hidden = false;
    root.classList.add("cheatsheet--enhanced");

    /* Each keystroke updates the list at once: one pass costs well under a frame, so there is no debounce. */
    input.addEventListener(
      "input",
      function () {
        apply();
      },
      { signal: signal }
    );
    /* Only the facets: the search box also fires "change" when it loses focus, and re-applying then
       would move the list under the pointer in the middle of a click. */
    form.addEventListener(
      "change",
      function (event) {
        if (event.target && event.target.type === "checkbox") apply();
      },
      { signal: signal }
    );
    form.addEventListener("submit", function (event) { event.preventDefault(); }, { signal: signal });
    /* On a narrow screen the facets fold away behind a Filters toggle (CSS shows the toggle only there). */
    if (toggle) {
      toggle.addEventListener(
        "click",
        function () {
          var open = toggle.getAttribute("aria-expanded") !== "true";
          toggle.setAttribute("aria-expanded", String(open));
          form.classList.toggle("cheatsheet-search--open", open);
        },
        { signal: signal }
      );
    }
    window.addEventListener("keydown", onKeydown, { capture: true, signal: signal });
    apply({ now: true });
    landOnHashTarget();
    warmUp();

    return function unbind() {
      window.clearTimeout(settleTimer);
      cancelMoves();
      cancelWarmUp();
      controller.abort();
    };
  }

  /* Showing the filter and the enhanced layout moves what is below them: a link into the sheet (#topic or
     #entry) must still land on its target, unless the reader has moved on since the page opened. */
  var readerMoved = false;
  ["wheel", "touchstart", "keydown", "pointerdown"].forEach(function (type) {
    window.addEventListener(type, function () { readerMoved = true; }, { capture: true, passive: true, once: true });
  });

  function landOnHashTarget() {
    var id = "";
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return; /* a malformed fragment names nothing */
    }
    var target = id ? document.getElementById(id) : null;
    if (!target || readerMoved || target.closest("[hidden]")) return;
    target.scrollIntoView({ block: "start" });
  }

  var unbind = null;

  function mount() {
    if (unbind) {
      unbind();
      unbind = null;
    }
    var root = document.querySelector(ROOT);
    if (root) unbind = bind(root);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(mount);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
