// Material's bundle on the Playground page, run late (plugins/docker_notes/playground/material.py): the
// page names it in <script type="application/json" data-dnp-material-bundle>{"src": …}</script>, and it
// is downloaded and run once the simulator has answered (whenFree), at once when the reader reaches for
// the site's chrome (a press, a key or focus outside the playground), and at the latest LATEST_MS after
// the page has loaded. Material starts on DOMContentLoaded, which has passed by then: it gets that event
// again, on `document` (the loader's own listener is a `once` one, gone by then).

const LATEST_MS = 3000;
const PLAYGROUND = "[data-dnp-playground], [data-dnp-workbench]";
const REACHES = ["pointerdown", "keydown", "focusin"];

/**
 * Run the bundle that `block` names, once: when `whenFree(run)` calls back, when the reader reaches outside
 * the playground, or LATEST_MS after the load event. `onRun()` follows it (Material's globals exist then).
 */
export function runDeferredBundle(block, { whenFree, onRun }) {
  let started = false;
  let timer = 0;
  const reach = (event) => {
    if (!(event.target instanceof Element) || !event.target.closest(PLAYGROUND)) run();
  };
  const run = () => {
    if (started) return;
    started = true;
    clearTimeout(timer);
    for (const type of REACHES) document.removeEventListener(type, reach, true);
    const script = document.createElement("script");
    script.src = new URL(JSON.parse(block.textContent).src, document.baseURI).href;
    script.addEventListener("load", () => {
      document.dispatchEvent(new Event("DOMContentLoaded"));
      onRun();
    }, { once: true });
    script.addEventListener("error", () => console.warn("loader: Material's bundle could not load"), { once: true });
    document.body.append(script);
  };
  for (const type of REACHES) document.addEventListener(type, reach, true);
  const latest = () => (timer = setTimeout(run, LATEST_MS));
  if (document.readyState === "complete") latest();
  else addEventListener("load", latest, { once: true });
  whenFree(run);
}
