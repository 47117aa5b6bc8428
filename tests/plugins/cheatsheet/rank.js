/* Rank questions over cheat-sheet documents the way the page does (the tests' bridge to cheatsheet-search.js).
   Usage: node rank.js SEARCH_JS MINISEARCH_JS DOCUMENTS_JSON QUESTIONS_JSON [TOP]
   Prints {question: [entry id, ...]} (the first TOP ids, best first) as JSON. */
"use strict";
const fs = require("fs");
const [searchPath, miniSearchPath, documentsPath, questionsPath, top = "3"] = process.argv.slice(2);
const CheatsheetSearch = require(searchPath);
const loaded = require(miniSearchPath);
const MiniSearch = loaded.default || loaded;
const documents = JSON.parse(fs.readFileSync(documentsPath, "utf8"));
const questions = JSON.parse(fs.readFileSync(questionsPath, "utf8"));
const search = CheatsheetSearch.createSearch(documents, MiniSearch);
const answers = {};
for (const question of questions) {
  const ranked = search.rank(question);
  answers[question] = ranked === null ? null : ranked.slice(0, Number(top)).map((hit) => hit.id);
}
process.stdout.write(JSON.stringify(answers));
