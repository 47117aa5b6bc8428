// The Playground page: terminal, Explain panel, engine view, Reset and Share, and the workbench slot.

import { config, playgroundUrl } from "./client.js";
import { h } from "./dom.js";
import { EngineView } from "./engine-view.js";
import { ExplainPanel } from "./explain-panel.js";
import { KeepPanel } from "./keep-panel.js";
import { encodeShare, openShared, shareFromHash } from "./share.js";
import * as store from "./store.js";
import { Terminal } from "./terminal.js";

const LESSON = ["docker run -d --name my-nginx -p 8080:80 nginx", "docker volume create my-data", "docker network create my-network"];

export function mountPlaygroundPage(root, client) {
  const disposers = [];
  root.replaceChildren();
  root.classList.add("dnp-pg");

  const main = h("div", { class: "dnp-pg__main" });
  const side = h("div", { class: "dnp-pg__side" });
  const explainHost = h("section", { class: "dnp-panel", "aria-labelledby": "dnp-explain-title" }, [
    h("h2", { id: "dnp-explain-title", class: "dnp-panel__title", text: "Explain" }),
  ]);
  const engineHost = h("section", { class: "dnp-panel", "aria-labelledby": "dnp-engine-title" }, [
    h("h2", { id: "dnp-engine-title", class: "dnp-panel__title", text: "Engine" }),
  ]);
  side.append(explainHost, engineHost);
  root.append(main, side);

  const explain = new ExplainPanel(explainHost, { client });
  const terminal = new Terminal(main, {
    id: "main",
    label: "Playground terminal",
    client,
    onInput: (line) => explain.update(line),
  });
  const engine = new EngineView(engineHost, { client });
  disposers.push(() => terminal.destroy(), () => explain.destroy(), () => engine.destroy());
  disposers.push(
    client.on("restored", () =>
      terminal.print("note", "Welcome back: your containers, images, volumes, networks and files were restored from this browser."),
    ),
  );

  // Reset and Share.
  const select = h("select", { id: "dnp-reset-to", class: "dnp-select" }, [
    h("option", { value: "clean", text: "a clean engine" }),
    h("option", { value: "lesson", text: "the lessons' starting point" }),
  ]);
  const shareStatus = h("span", { class: "dnp-share__status", role: "status" });
  const shareField = h("input", {
    class: "dnp-share__url",
    type: "text",
    readonly: true,
    hidden: true,
    "aria-label": "Share link",
  });
  const tools = h("div", { class: "dnp-tools", role: "group", "aria-label": "Playground tools" }, [
    h("label", { for: "dnp-reset-to", class: "dnp-tools__label", text: "Reset to" }),
    select,
    h("button", { type: "button", class: "dnp-button", text: "Reset", onclick: () => reset(select.value) }),
    h("button", { type: "button", class: "dnp-button", text: "Share", onclick: () => share() }),
    shareStatus,
    shareField,
  ]);
  main.prepend(tools);
  // Saved work: whether the playground is saved (and why not), download / load a file, what is kept aside.
  const keep = new KeepPanel(tools.parentNode ?? main, { client, say: (text) => terminal.print("notice", text) });
  tools.after(keep.root);
  disposers.push(() => keep.destroy());

  async function reset(kind) {
    try {
      const aside = await client.replaceState(null, "before Reset"); // kept aside: Undo brings it back
      terminal.clear();
      terminal.print("notice", kind === "lesson" ? "Reset to the lessons' starting point:" : "Reset to a clean engine.");
      keep.offerUndo(aside, "Reset done; your previous playground is kept aside.");
      if (kind === "lesson") for (const line of LESSON) await terminal.execute(line, { kind: "setup" });
    } catch (error) {
      terminal.print("notice", `Reset failed: ${error.message}`);
    }
    terminal.focus();
  }

  async function share() {
    shareStatus.textContent = "Preparing the link…";
    try {
      const files = (await client.request("files", {}, { quiet: true })).files ?? {};
      const code = await encodeShare({ commands: store.loadLog(), files });
      const url = new URL(playgroundUrl);
      url.hash = `share=${code}`;
      shareField.value = url.href;
      shareField.hidden = false;
      let copied = false;
      try {
        await navigator.clipboard.writeText(url.href);
        copied = true;
      } catch {
        copied = false;
      }
      shareStatus.textContent = copied ? "Link copied. It replays your commands and files." : "Copy this link; it replays your commands and files.";
      shareField.focus();
      shareField.select();
    } catch (error) {
      shareStatus.textContent = `Could not share: ${error.message}`;
    }
  }

  function restoreShared(code) {
    history.replaceState(history.state, "", location.pathname + location.search);
    return openShared(code, { client, terminal, keep }); // asks first; keeps this playground aside (undo)
  }

  // This page exists to run the simulator: start its worker now (downloads and compilation take the
  // longest; the reader's first command waits for them).
  const started = client.start();
  const shared = shareFromHash(location.hash);
  if (shared) restoreShared(shared);

  // The Dockerfile workbench, when this build has one: loaded once the simulator has started (or could
  // not) and has answered what the reader asked meanwhile, when the browser is next idle. Its editor is
  // a lot of code to compile and run: loaded as soon as the simulator started, it held back the
  // rendering of the reader's first answer.
  const slot = document.getElementById("workbench");
  if (config.workbench && slot) {
    let unmount = null;
    let alive = true;
    const idle = () =>
      new Promise((resolve) => ("requestIdleCallback" in window ? requestIdleCallback(resolve, { timeout: 2000 }) : setTimeout(resolve, 200)));
    started
      .catch(() => {})
      .then(() => client.whenIdle())
      .then(idle)
      .then(() => (alive ? import("./workbench/index.js") : null))
      .then((module) => {
        if (!module || !alive) return;
        slot.hidden = false;
        unmount = module.mountWorkbench(slot, client);
      })
      .catch((error) => console.warn("playground: the workbench could not load", error));
    disposers.push(() => {
      alive = false;
      if (typeof unmount === "function") unmount();
      else unmount?.destroy?.();
    });
  }

  return () => disposers.forEach((dispose) => dispose());
}
