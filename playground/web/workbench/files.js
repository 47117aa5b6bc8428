// The build-context file list: open, add, rename, delete (with undo), and a `.dockerignore` shortcut.
// Names are shown with textContent and put in attributes with setAttribute only.

import { h, replace, uid } from "./dom.js";

const NAME_RULES = "Use a relative path such as src/app.js (no leading /, no ..).";

/** Why a file name cannot be used, or "" when it can. */
export function nameProblem(name, existing, current = null) {
  const value = String(name || "").trim();
  if (!value) return "Type a file name.";
  if (value.startsWith("/") || value.split("/").some((part) => part === ".." || part === "." || part === "")) {
    return NAME_RULES;
  }
  if (value.includes("\0")) return "A file name cannot contain a NUL character.";
  if (value !== current && existing.includes(value)) return `${value} already exists.`;
  return "";
}

/** Dockerfile first, then .dockerignore, then the rest by path. */
export function sortPaths(paths) {
  const rank = (path) => (path === "Dockerfile" ? 0 : path === ".dockerignore" ? 1 : 2);
  return [...paths].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export class FileList {
  /**
   * @param actions.open(path) / add(path) / rename(from, to) / remove(path) / ignore()
   */
  constructor(actions) {
    this.actions = actions;
    this.paths = [];
    this.current = null;
    this.editing = null;
    const headingId = uid("dnw-files");
    this.list = h("ul", { class: "dnw__file-list", "aria-labelledby": headingId });
    this.form = this.makeForm();
    this.addButton = h("button", { type: "button", class: "dnw__button dnw__button--quiet", onclick: () => this.showForm() }, "New file");
    this.ignoreButton = h(
      "button",
      { type: "button", class: "dnw__button dnw__button--quiet", onclick: () => this.actions.ignore() },
      ".dockerignore",
    );
    this.element = h(
      "div",
      { class: "dnw__files" },
      h("h3", { class: "dnw__heading", id: headingId }, "Build context"),
      this.list,
      this.form,
      h("div", { class: "dnw__file-actions" }, this.addButton, this.ignoreButton),
    );
  }

  makeForm() {
    const inputId = uid("dnw-new");
    const errorId = uid("dnw-new-error");
    this.input = h("input", {
      id: inputId,
      class: "dnw__input",
      type: "text",
      autocomplete: "off",
      spellcheck: "false",
      placeholder: "src/app.js",
      "aria-describedby": errorId,
    });
    this.formError = h("p", { class: "dnw__field-error", id: errorId, "aria-live": "polite" });
    const form = h(
      "form",
      {
        class: "dnw__new-file",
        hidden: true,
        onsubmit: (event) => {
          event.preventDefault();
          const name = this.input.value.trim();
          const problem = nameProblem(name, this.paths);
          this.formError.textContent = problem;
          this.input.setAttribute("aria-invalid", problem ? "true" : "false");
          if (problem) return;
          this.hideForm();
          this.actions.add(name);
        },
        onkeydown: (event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            this.hideForm();
            this.addButton.focus();
          }
        },
      },
      h("label", { for: inputId, class: "dnw__label" }, "New file name"),
      h("div", { class: "dnw__inline" }, this.input, h("button", { type: "submit", class: "dnw__button" }, "Create")),
      this.formError,
    );
    return form;
  }

  showForm() {
    this.form.hidden = false;
    this.input.value = "";
    this.formError.textContent = "";
    this.input.focus();
  }

  hideForm() {
    this.form.hidden = true;
  }

  /** Redraw with these paths, marking the open one. */
  update(paths, current) {
    this.paths = sortPaths(paths);
    this.current = current;
    const items = this.paths.map((path) => (this.editing === path ? this.renameItem(path) : this.item(path)));
    if (!items.length) items.push(h("li", { class: "dnw__file-empty" }, "No files yet."));
    replace(this.list, items);
    this.ignoreButton.textContent = this.paths.includes(".dockerignore") ? "Open .dockerignore" : "Add .dockerignore";
  }

  item(path) {
    const current = path === this.current;
    return h(
      "li",
      { class: "dnw__file", dataset: { path } },
      h(
        "button",
        {
          type: "button",
          class: "dnw__file-open",
          "aria-current": current ? "true" : false,
          title: path,
          onclick: () => this.actions.open(path),
        },
        path,
      ),
      h(
        "button",
        {
          type: "button",
          class: "dnw__icon-button",
          "aria-label": `Rename ${path}`,
          title: "Rename",
          dataset: { action: "rename" },
          onclick: () => this.startRename(path),
        },
        h("span", { "aria-hidden": "true" }, "✎"),
      ),
      h(
        "button",
        {
          type: "button",
          class: "dnw__icon-button",
          "aria-label": `Delete ${path}`,
          title: "Delete",
          dataset: { action: "delete" },
          onclick: () => this.actions.remove(path),
        },
        h("span", { "aria-hidden": "true" }, "✕"),
      ),
    );
  }

  startRename(path) {
    this.editing = path;
    this.update(this.paths, this.current);
    const input = this.list.querySelector("input");
    input?.focus();
    input?.select();
  }

  renameItem(path) {
    const inputId = uid("dnw-rename");
    const errorId = uid("dnw-rename-error");
    const input = h("input", {
      id: inputId,
      class: "dnw__input",
      type: "text",
      autocomplete: "off",
      spellcheck: "false",
      "aria-describedby": errorId,
    });
    input.value = path;
    const error = h("p", { class: "dnw__field-error", id: errorId, "aria-live": "polite" });
    const cancel = () => {
      this.editing = null;
      this.update(this.paths, this.current);
      this.focusItem(path);
    };
    return h(
      "li",
      { class: "dnw__file dnw__file--renaming", dataset: { path } },
      h(
        "form",
        {
          class: "dnw__rename",
          onsubmit: (event) => {
            event.preventDefault();
            const to = input.value.trim();
            if (to === path) return cancel();
            const problem = nameProblem(to, this.paths, path);
            error.textContent = problem;
            input.setAttribute("aria-invalid", problem ? "true" : "false");
            if (problem) return undefined;
            this.editing = null;
            this.actions.rename(path, to);
            return undefined;
          },
          onkeydown: (event) => {
            if (event.key === "Escape") {
              event.preventDefault();
              cancel();
            }
          },
        },
        h("label", { for: inputId, class: "dnw__label" }, `Rename ${path} to`),
        h(
          "div",
          { class: "dnw__inline" },
          input,
          h("button", { type: "submit", class: "dnw__button" }, "Rename"),
          h("button", { type: "button", class: "dnw__button dnw__button--quiet", onclick: cancel }, "Cancel"),
        ),
        error,
      ),
    );
  }

  focusItem(path) {
    for (const item of this.list.querySelectorAll(".dnw__file")) {
      if (item.dataset.path === path) {
        item.querySelector(".dnw__file-open")?.focus();
        return;
      }
    }
    this.addButton.focus();
  }
}
