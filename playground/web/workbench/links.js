// Links from lint findings into the notes: `page.md#anchor` → a URL of the built site.

const DOC_TARGET = /^([A-Za-z0-9_./-]+)\.md(#[A-Za-z0-9_.-]*)?$/;

/**
 * The site's root URL: `options.base` if given, else Material's `__config.base` (relative to the
 * page), else the document's `<base>`/URL directory.
 */
export function siteRoot(doc = document, explicit = null) {
  const here = doc.baseURI || doc.location?.href || "/";
  if (explicit) return new URL(explicit.endsWith("/") ? explicit : `${explicit}/`, here).href;
  const config = doc.getElementById("__config");
  if (config) {
    try {
      const base = JSON.parse(config.textContent || "{}").base;
      if (typeof base === "string") return new URL(base.endsWith("/") ? base : `${base}/`, here).href;
    } catch {
      // fall through to the document's base
    }
  }
  return new URL("./", here).href;
}

/**
 * `intermediate.md#2-build-cache-optimization` → `<root>intermediate/#2-build-cache-optimization`
 * (MkDocs directory URLs; `index.md` is the folder itself). Anything that is not a notes page
 * reference gives null: no link is better than a link built from unexpected data.
 */
export function docsUrl(target, root) {
  if (typeof target !== "string") return null;
  const match = DOC_TARGET.exec(target.trim());
  if (!match || match[1].split("/").includes("..")) return null;
  let path = match[1].replace(/^\.?\/+/, "");
  if (path === "index") path = "";
  else if (path.endsWith("/index")) path = path.slice(0, -"index".length);
  else path = `${path}/`;
  return new URL(path + (match[2] || ""), root).href;
}
