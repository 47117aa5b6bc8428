// Accessible names Material leaves out: the search dialog and the instant-navigation progress bar.
// Runs once per visit (extra_javascript); the observer names the progress bar whenever it reappears.
(() => {
  const name = (element, label) => {
    if (element && !element.hasAttribute("aria-label")) element.setAttribute("aria-label", label);
  };
  name(document.querySelector(".md-search"), "Search");
  const progress = () => name(document.querySelector(".md-progress"), "Loading page");
  progress();
  new MutationObserver(progress).observe(document.body, { childList: true });
})();
