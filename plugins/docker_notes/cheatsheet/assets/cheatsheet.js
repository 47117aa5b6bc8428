/*
 * Cheat-sheet filter (docker-notes/cheatsheet plugin).
 *
 * The page already lists every entry; this script only filters it. It indexes the entries embedded in
 * the page (JSON in <template data-cheatsheet-index>) with MiniSearch, keeps the query
 * and the facets in the URL (?q=…&topic=…&kind=…), and binds on Material's document$ so it works
 * under instant navigation (torn down when the page is replaced). Reader-typed text only ever reaches
 * the DOM through textContent.
 */
(function () {
  "use strict";

  var ROOT = "[data-cheatsheet]";
  /* Tokens: split on blanks, quotes and shell punctuation, but keep CLI tokens whole (-p, --no-cache,
     8080:80, COPY --from=builder); the index also gets their parts (8080, 80, --from, builder). */
  var SEPARATORS = /[\s"'`,;|&(){}<>\\]+/;
  var PARTS = /[:=/@.,]+/;

  function trimToken(token) {
    return token.replace(/^[.:=/]+|[.:=/!?]+$/g, "");
  }

  function queryTokens(text) {
    return text.split(SEPARATORS).map(trimToken).filter(Boolean);
  }

  function indexTokens(text) {
    var tokens = [];
    queryTokens(text).forEach(function (token) {
      tokens.push(token);
      var parts = token.split(PARTS).filter(Boolean);
      if (parts.length > 1) tokens.push.apply(tokens, parts);
    });
    return tokens;
  }

  /* Short flags are case-sensitive (-p publishes one port, -P all); everything else is not. */
  function processTerm(term) {
    return /^-[A-Za-z0-9]$/.test(term) ? term : term.toLowerCase();
  }

  function fuzziness(term) {
    if (term.charAt(0) === "-" || /\d/.test(term)) return false;
    if (term.length >= 6) return 2;
    if (term.length >= 4) return 1;
    return false;
  }

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

  /* Bind the cheat sheet found in the current page; return the function that unbinds it. */
  function bind(root) {
    var form = root.querySelector("[data-cheatsheet-form]");
    var input = root.querySelector("#cheatsheet-query");
    var status = root.querySelector("[data-cheatsheet-status]");
    var empty = root.querySelector("[data-cheatsheet-empty]");
    var dataElement = root.querySelector("[data-cheatsheet-index]");
    if (!form || !input || !dataElement || typeof window.MiniSearch === "undefined") return function () {};

    var documents = JSON.parse(dataElement.content ? dataElement.content.textContent : dataElement.textContent);
    var byId = {};
    documents.forEach(function (doc) {
      byId[doc.id] = doc;
    });
    var search = new window.MiniSearch({
      fields: ["text", "canonical", "flags", "description", "sections"],
      storeFields: ["kind", "topic"],
      tokenize: indexTokens,
      processTerm: processTerm,
      searchOptions: {
        tokenize: queryTokens,
        processTerm: processTerm,
        prefix: true,
        fuzzy: fuzziness,
        combineWith: "AND",
        boost: { text: 3, canonical: 2, flags: 2, description: 1.5, sections: 1 }
      }
    });
    search.addAll(documents);

    var entries = Array.prototype.slice.call(root.querySelectorAll(".cheatsheet-entry"));
    var elements = {};
    var home = new Map();
    entries.forEach(function (element, position) {
      elements[element.dataset.id] = element;
      home.set(element, position);
    });
    var sections = Array.prototype.slice.call(root.querySelectorAll(".cheatsheet-topic"));
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    var controller = new AbortController();
    var signal = controller.signal;
    var timer = 0;
    var announceTimer = 0;

    function checked(name) {
      return boxes
        .filter(function (box) {
          return box.name === name && box.checked;
        })
        .map(function (box) {
          return box.value;
        });
    }

    function state() {
      return { q: input.value.trim(), topic: checked("topic"), kind: checked("kind") };
    }

    function announce(text, now) {
      window.clearTimeout(announceTimer);
      if (now) {
        status.textContent = text;
      } else {
        announceTimer = window.setTimeout(function () {
          status.textContent = text;
        }, 350);
      }
    }

    function apply(options) {
      var current = state();
      var scores = null;
      if (current.q) {
        scores = {};
        search.search(current.q).forEach(function (result) {
          scores[result.id] = result.score;
        });
      }
      var matchesQuery = function (doc) {
        return scores === null || doc.id in scores;
      };
      var inFacet = function (values, value) {
        return values.length === 0 || values.indexOf(value) !== -1;
      };
      var counts = {};
      var shown = 0;
      documents.forEach(function (doc) {
        var query = matchesQuery(doc);
        if (query && inFacet(current.kind, doc.kind)) counts["topic:" + doc.topic] = (counts["topic:" + doc.topic] || 0) + 1;
        if (query && inFacet(current.topic, doc.topic)) counts["kind:" + doc.kind] = (counts["kind:" + doc.kind] || 0) + 1;
        var visible = query && inFacet(current.kind, doc.kind) && inFacet(current.topic, doc.topic);
        var element = elements[doc.id];
        if (element) element.hidden = !visible;
        if (visible) shown += 1;
      });
      sections.forEach(function (section) {
        var list = section.querySelector(".cheatsheet-list");
        var items = Array.prototype.slice.call(list.children);
        items.sort(function (a, b) {
          if (scores !== null) {
            var difference = (scores[b.dataset.id] || 0) - (scores[a.dataset.id] || 0);
            if (difference) return difference;
          }
          return home.get(a) - home.get(b);
        });
        var unchanged = items.every(function (item, index) {
          return list.children[index] === item;
        });
        if (!unchanged) {
          items.forEach(function (item) {
            list.appendChild(item);
          });
        }
        section.hidden = !items.some(function (item) {
          return !item.hidden;
        });
      });
      boxes.forEach(function (box) {
        var key = box.name + ":" + box.value;
        var count = form.querySelector('[data-count="' + key + '"]');
        if (count) count.textContent = String(counts[key] || 0);
        var chip = box.closest(".cheatsheet-chip");
        if (chip) chip.classList.toggle("cheatsheet-chip--empty", !counts[key]);
      });
      empty.hidden = shown !== 0;
      var total = documents.length;
      var text =
        shown === total
          ? "Showing all " + total + " entries."
          : shown + (shown === 1 ? " entry" : " entries") + " of " + total + " match" + (shown === 1 ? "es" : "") +
            (current.q ? " \u201c" + current.q + "\u201d" : " the filters") + ".";
      announce(text, options && options.now);
      writeState(current);
    }

    function visibleEntries() {
      return entries.filter(function (element) {
        return !element.hidden;
      }).sort(function (a, b) {
        return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
      });
    }

    function textOf(element) {
      var code = element.querySelector("[data-copy-text]");
      return code ? code.getAttribute("data-copy-text") : (byId[element.dataset.id] || {}).text || "";
    }

    function move(from, step) {
      var list = visibleEntries();
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
        boxes.forEach(function (box) {
          box.checked = false;
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
            announce("Copied: " + text.split("\n")[0], true);
          },
          function () {
            announce("Could not copy; select the command and copy it by hand.", true);
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
    boxes.forEach(function (box) {
      box.checked = (box.name === "topic" ? initial.topic : initial.kind).indexOf(box.value) !== -1;
    });
    form.hidden = false;
    root.classList.add("cheatsheet--enhanced");

    input.addEventListener(
      "input",
      function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(apply, 60);
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
    window.addEventListener("keydown", onKeydown, { capture: true, signal: signal });
    apply({ now: true });

    return function unbind() {
      window.clearTimeout(timer);
      window.clearTimeout(announceTimer);
      controller.abort();
    };
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
