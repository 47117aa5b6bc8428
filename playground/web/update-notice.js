// "A new version of this site is ready": asked of the service worker (sw.js, message "version") once it
// controls the page, and again whenever another build's worker takes over. A page keeps running its own
// build's files (sw.js serves each tab its build), so nothing breaks meanwhile; Reload saves the
// playground first (it is kept in this browser either way) and loads the new version.

function ask(worker) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), 5000);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(event.data);
    };
    worker.postMessage({ type: "version" }, [channel.port2]);
  });
}

function show() {
  if (document.getElementById("dnp-update")) return;
  const bar = document.createElement("div");
  bar.id = "dnp-update";
  bar.className = "dnp-update";
  bar.setAttribute("role", "status");
  Object.assign(bar.style, {
    position: "fixed", insetInline: "1rem", bottom: "1rem", zIndex: "10", display: "flex", gap: "0.8em",
    alignItems: "center", justifyContent: "space-between", padding: "0.6em 0.9em", borderRadius: "0.3rem",
    background: "var(--md-default-bg-color, #fff)", color: "var(--md-default-fg-color, #000)",
    boxShadow: "0 0.2rem 0.6rem rgba(0, 0, 0, 0.25)", fontSize: "0.75rem", maxWidth: "40rem", marginInline: "auto",
  });
  const text = document.createElement("span");
  text.textContent = "A new version of this site is ready. Reload to use it; your playground is kept.";
  const reload = document.createElement("button");
  reload.type = "button";
  reload.className = "dnp-button";
  reload.textContent = "Reload";
  reload.addEventListener("click", async () => {
    reload.disabled = true;
    try {
      await window.__dockerNotesPlayground?.save?.();
    } finally {
      location.reload();
    }
  });
  const later = document.createElement("button");
  later.type = "button";
  later.className = "dnp-button";
  later.textContent = "Later";
  later.addEventListener("click", () => bar.remove());
  bar.append(text, reload, later);
  document.body.append(bar);
}

async function check() {
  const worker = navigator.serviceWorker.controller;
  if (!worker) return;
  const answer = await ask(worker);
  if (answer && answer.page !== answer.latest) show();
}

/** Watch for a newer build once `registration` exists (called by the site's loader). */
export function watchForUpdates(registration) {
  check();
  navigator.serviceWorker.addEventListener("controllerchange", check);
  registration.addEventListener("updatefound", () => {
    const installing = registration.installing;
    installing?.addEventListener("statechange", () => {
      if (installing.state === "activated") check();
    });
  });
}
