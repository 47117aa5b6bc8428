/*
 * Cheat-sheet search (docker-notes/cheatsheet plugin): how a reader's question ranks the entries.
 *
 * One module for the page (window.CheatsheetSearch, used by cheatsheet.js) and for Node (module.exports,
 * used by the tests, which rank the same entries the same way). It indexes the entries with MiniSearch:
 * BM25 over their lines, commands, flags, what the simulator's parser says they do, their descriptions
 * and sections, and the reader's words for them (the build's synonym table, field `keywords`).
 *
 * A question matches any of its words (stop words dropped, words stemmed, prefixes and typos allowed);
 * an entry that matches more of the question's words ranks higher, all of them higher still, so the
 * best answer comes first even when it misses a word. A question that is a command's words ("run",
 * "compose up", "docker volume ls") puts the commands it names first, the exact command before its
 * variants (docker-compose up, then docker-compose up --build), then the rest (a Dockerfile's RUN).
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.CheatsheetSearch = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  /* Tokens: split on blanks, quotes and shell punctuation, but keep CLI tokens whole (-p, --no-cache,
     8080:80, COPY --from=builder); the index also gets their parts (8080, 80, --from, builder; multi, stage)
     and the words of a long flag's name (--no-cache: no, cache; --env-file: env, file). */
  var SEPARATORS = /[\s"'`,;|&(){}<>\\?!]+/;
  var PARTS = /[:=/@.,]+/;
  var HYPHENATED = /^[A-Za-z]+(?:-[A-Za-z]+)+$/;
  var LONG_FLAG = /^--([a-z]+(?:-[a-z]+)*)(?:=|$)/;
  var WORD = /^[a-z]+$/;
  /* Words that say nothing about which command is meant (a question's "how do I … with the …"). */
  var STOP_WORDS = new Set(
    ("a an and are as at be by can could do does for from how i if in into is it its me my of on or our " +
      "should so than that the their them then there these this those to use using want was we what " +
      "when where which while who why will with would you your docker get")
      .split(" ")
  );
  /* A container's states are not the verbs they come from: "running containers" asks for docker ps, not
     docker run; "stopped containers" for status=exited, not docker stop. They are not stemmed. */
  var STATES = new Set(["running", "stopped", "exited", "paused", "restarting", "dangling"]);
  /* How much each field counts, and how much a question's coverage does: an entry's score is its BM25 score
     times (matched words / question words) ^ COVERAGE_POWER, times ALL_WORDS when it matches them all. */
  var BOOST = { text: 2, canonical: 3, flags: 1.5, explain: 1, description: 1.5, sections: 0.5, keywords: 1.2 };
  var COVERAGE_POWER = 2;
  var ALL_WORDS = 1.5;
  /* Where the commands a question names rank (see `commandWords`): above every other entry, the exact
     command above its variants; among equals their own scores decide. */
  var NAMED = 1;
  var EXACT = 2;
  /* Entries scoring under this share of the best answer are left out: noise, not answers. */
  var MIN_SHARE = 0.05;
  var FIELDS = Object.keys(BOOST);

  function trimToken(token) {
    return token.replace(/^[.:=/]+|[.:=/]+$/g, "");
  }

  function queryTokens(text) {
    return text.split(SEPARATORS).map(trimToken).filter(Boolean);
  }

  function indexTokens(text) {
    var tokens = [];
    queryTokens(text).forEach(function (token) {
      tokens.push(token);
      var parts = HYPHENATED.test(token) ? token.split("-") : token.split(PARTS).filter(Boolean);
      if (parts.length > 1) tokens.push.apply(tokens, parts);
      var flag = LONG_FLAG.exec(token);
      if (flag) tokens.push.apply(tokens, flag[1].split("-"));
    });
    return tokens;
  }

  /* The stem of a lower-case English word, light: plurals, -ing, -ed and a final e go (containers →
     container, removing and remove → remov, policies → policy). The index keeps words whole; a question's
     word also matches every indexed word its stem begins (remov: remove, removed, removing). */
  function stem(word) {
    if (word.length <= 3 || !WORD.test(word) || STATES.has(word)) return word;
    var w = word;
    if (/ies$/.test(w) && w.length > 4) w = w.slice(0, -3) + "y";
    else if (/(sses|xes|ches|shes|zes)$/.test(w)) w = w.slice(0, -2);
    else if (/[^su]s$/.test(w) && !/is$/.test(w)) w = w.slice(0, -1);
    var suffix = /ing$/.test(w) ? 3 : /ed$/.test(w) ? 2 : 0;
    if (suffix && w.length - suffix >= 3 && /[aeiouy]/.test(w.slice(0, -suffix))) {
      w = w.slice(0, -suffix);
      if (/([^aeiouylsz])\1$/.test(w)) w = w.slice(0, -1);
    }
    if (/e$/.test(w) && w.length > 4) w = w.slice(0, -1);
    return w;
  }

  /* Short flags are case-sensitive (-p publishes one port, -P all); the rest is lower-cased. A stop word
     is dropped unless typed in capitals (FROM, an instruction, is kept). */
  function processTerm(term) {
    if (/^-[A-Za-z0-9]$/.test(term)) return term;
    var lower = term.toLowerCase();
    if (STOP_WORDS.has(lower) && (term.length === 1 || term !== term.toUpperCase())) return null;
    return lower;
  }

  /* Typos allowed in a word as typed: one from 4 letters, two from 6; none in a flag or a number. */
  function fuzziness(token) {
    if (token.charAt(0) === "-" || /\d/.test(token)) return false;
    if (token.length >= 6) return 2;
    if (token.length >= 4) return 1;
    return false;
  }

  /* The words of a question that count: [{term, stem, fuzzy, prefix}], each once. Only the word being typed
     (the last, unless a blank follows it) matches as a prefix: the others are whole words (and their stems),
     and matching every word as a prefix costs more than a keystroke can spend. */
  function questionTerms(query) {
    var seen = new Map();
    var tokens = queryTokens(query);
    var typing = /\S$/.test(query) ? tokens.length - 1 : -1;
    tokens.forEach(function (token, position) {
      var term = processTerm(token);
      if (!term) return;
      var known = seen.get(term);
      if (known) known.prefix = known.prefix || position === typing;
      else seen.set(term, { term: term, stem: stem(term), fuzzy: fuzziness(token), prefix: position === typing });
    });
    return Array.from(seen.values());
  }

  /* The MiniSearch query of a question: any of its words, each as typed (typos allowed, a prefix when being
     typed) or by its stem's prefix. */
  function questionQuery(terms) {
    return {
      combineWith: "OR",
      queries: terms.map(function (word) {
        var asTyped = { queries: [word.term], fuzzy: word.fuzzy, prefix: word.prefix };
        if (word.stem === word.term) return asTyped;
        return { combineWith: "OR", queries: [asTyped, { queries: [word.stem], prefix: true, fuzzy: false }] };
      })
    };
  }

  /* The words of a command entry after `docker` (`docker-compose up -d` → compose, up, -d), lower-cased;
     null for a file or a line that is not a docker command. */
  function commandWords(document) {
    if (document.kind !== "command") return null;
    var words = String(document.text || "").split("\n")[0].trim().split(/\s+/);
    if (words[0] === "docker-compose") words[0] = "compose";
    else if (words[0] === "docker") words.shift();
    else return null;
    return words.map(function (word) {
      return word.toLowerCase();
    });
  }

  /* The question as a command's words (`docker` dropped, docker-compose read as compose), or null when a
     word is in capitals (RUN, FROM: a Dockerfile's instruction) or none is left. The word being typed
     matches as a prefix. */
  function askedCommand(query) {
    var tokens = queryTokens(query);
    var words = [];
    for (var i = 0; i < tokens.length; i += 1) {
      var token = tokens[i];
      if (token.length > 1 && /[A-Z]/.test(token) && token === token.toUpperCase()) return null;
      var lower = token.toLowerCase();
      if (lower === "docker" && !words.length) continue;
      words.push(lower === "docker-compose" ? "compose" : lower);
    }
    if (!words.length) return null;
    return { words: words, typing: /\S$/.test(query) };
  }

  /* How a command entry answers a question that is a command: EXACT when its words are the question's,
     NAMED when they start with them, 0 otherwise. */
  function naming(asked, words) {
    if (asked === null || words === null || words.length < asked.words.length) return 0;
    var last = asked.words.length - 1;
    for (var i = 0; i <= last; i += 1) {
      var same = words[i] === asked.words[i];
      if (!same && !(i === last && asked.typing && words[i].indexOf(asked.words[i]) === 0)) return 0;
    }
    return words.length === asked.words.length && words[last] === asked.words[last] ? EXACT : NAMED;
  }

  /* The search over `documents`: `rank(query)` gives [{id, score}] best first (null when the question has
     no word that counts), `scores(query)` a Map id → score of the same, the last answers kept. */
  function createSearch(documents, MiniSearch, options) {
    var answersKept = (options && options.keep) || 64;
    var miniSearch = new MiniSearch({
      fields: FIELDS,
      storeFields: [],
      tokenize: indexTokens,
      processTerm: processTerm,
      searchOptions: {
        tokenize: queryTokens,
        processTerm: processTerm,
        combineWith: "OR",
        boost: BOOST
      }
    });
    miniSearch.addAll(documents);
    var answers = new Map();
    var commands = new Map();
    documents.forEach(function (document) {
      commands.set(document.id, commandWords(document));
    });

    function rank(query) {
      var terms = questionTerms(query);
      if (!terms.length) return null;
      var wordOf = new Map();
      terms.forEach(function (word, index) {
        wordOf.set(word.term, index);
        wordOf.set(word.stem, index);
      });
      var found = miniSearch.search(questionQuery(terms), { tokenize: queryTokens, processTerm: identity });
      var asked = askedCommand(query);
      var ranked = [];
      var best = 0;
      for (var i = 0; i < found.length; i += 1) {
        var matched = new Set();
        for (var t = 0; t < found[i].queryTerms.length; t += 1) matched.add(wordOf.get(found[i].queryTerms[t]));
        var coverage = matched.size / terms.length;
        var score = found[i].score * Math.pow(coverage, COVERAGE_POWER) * (coverage >= 1 ? ALL_WORDS : 1);
        ranked.push({ id: found[i].id, score: score, tier: naming(asked, commands.get(found[i].id) || null) });
        if (score > best) best = score;
      }
      /* Noise goes by its own score; a named command then rises above every other entry by whole bests
         (the page orders by these scores). */
      var floor = best * MIN_SHARE;
      ranked = ranked.filter(function (hit) {
        return hit.score >= floor;
      });
      ranked.forEach(function (hit) {
        hit.score += hit.tier * best;
        delete hit.tier;
      });
      ranked.sort(function (a, b) {
        return b.score - a.score;
      });
      return ranked;
    }

    function run(query) {
      var ranked = rank(query);
      if (ranked === null) return null;
      var scores = new Map();
      for (var i = 0; i < ranked.length; i += 1) scores.set(ranked[i].id, ranked[i].score);
      return scores;
    }

    function scores(query) {
      var known = answers.get(query);
      if (known !== undefined) {
        answers.delete(query);
      } else {
        known = run(query);
        if (answers.size >= answersKept) answers.delete(answers.keys().next().value);
      }
      answers.set(query, known);
      return known;
    }

    return { rank: rank, run: run, scores: scores };
  }

  function identity(term) {
    return term;
  }

  return {
    createSearch: createSearch,
    queryTokens: queryTokens,
    indexTokens: indexTokens,
    processTerm: processTerm,
    stem: stem,
    questionTerms: questionTerms
  };
});
