// Entry module (extra_javascript, type=module): runs once per visit. The client singleton and its
// worker live for the whole visit; page widgets mount on each page Material's instant navigation
// shows (document$) and are torn down when the page is replaced.

import { getClient } from "./client.js";
import { mountPlaygroundPage } from "./playground-page.js";
import { mountTryIt } from "./tryit.js";

const client = getClient();
let teardown = [];

function mount() {
  for (const dispose of teardown) {
    try {
      dispose();
    } catch (error) {
      console.error("playground: teardown failed", error);
    }
  }
  teardown = [];
  const page = document.querySelector("[data-dnp-playground]");
  if (page) teardown.push(mountPlaygroundPage(page, client));
  teardown.push(mountTryIt(document, client));
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => mount());
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mount, { once: true });
} else {
  mount();
}
