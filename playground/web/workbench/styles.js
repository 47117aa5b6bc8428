// The workbench's stylesheet, injected once (as text) when it mounts: it ships inside the bundle,
// so the plugin publishes one file. Material's CSS variables make it follow both palettes.

export const CSS = `
.dnw {
  container-type: inline-size;
  container-name: dnw;
  --dnw-cached: #2e7d32;
  /* A rebuilt step is news, not a fault: a neutral blue-grey. Errors keep red. */
  --dnw-rebuilt: #546e7a;
  --dnw-error: #c62828;
  --dnw-built: #1565c0;
  --dnw-base: var(--md-default-fg-color--light);
  --dnw-config: var(--dnw-muted);
  --dnw-border: var(--md-default-fg-color--lightest);
  --dnw-radius: 0.2rem;
  /* Material's --md-default-fg-color--light is 4.47:1 on the code background; text needs 4.5:1. */
  --dnw-muted: hsla(0, 0%, 0%, 0.6);
  margin: 1.5em 0;
  color: var(--md-default-fg-color);
  font-size: 0.7rem;
}
[data-md-color-scheme="slate"] .dnw {
  --dnw-muted: var(--md-default-fg-color--light);
  --dnw-cached: #81c784;
  --dnw-rebuilt: #b0bec5;
  --dnw-error: #ef9a9a;
  --dnw-built: #90caf9;
}
.dnw *, .dnw *::before, .dnw *::after { box-sizing: border-box; }
/* Material's .md-typeset spacing is for prose; the workbench lays itself out. */
[dir] .md-typeset .dnw :is(ul, ol) { margin: 0; padding: 0; list-style: none; }
[dir] .md-typeset .dnw :is(ul, ol) > li { margin: 0; }
.md-typeset .dnw p { margin: 0; }
.md-typeset .dnw h2, .md-typeset .dnw h3 { margin: 0; }
.dnw [hidden] { display: none !important; }
.md-typeset .dnw code { padding: 0 0.3em; font-size: 0.85em; word-break: normal; }
.dnw__title { margin: 0 0 0.4em; }
.md-typeset .dnw .dnw__title { margin: 0 0 0.4em; }
.md-typeset .dnw .dnw__intro { margin: 0 0 0.8em; color: var(--dnw-muted); }
.md-typeset .dnw .dnw__heading, .dnw__heading {
  margin: 0 0 0.5em;
  line-height: 1.4;
  font-size: 0.7rem;
  font-weight: 700;
  letter-spacing: 0.02em;
  text-transform: uppercase;
  color: var(--dnw-muted);
}
.dnw__panel {
  border: 1px solid var(--dnw-border);
  border-radius: var(--dnw-radius);
  background: var(--md-default-bg-color);
  padding: 0.8em;
  min-width: 0;
}
.dnw__top, .dnw__results { display: grid; gap: 0.8em; grid-template-columns: minmax(0, 1fr); }
.dnw__results { margin-top: 0.8em; }
@container dnw (min-width: 720px) {
  .dnw__top { grid-template-columns: minmax(11rem, 14rem) minmax(0, 1fr); }
}
@container dnw (min-width: 960px) {
  .dnw__results { grid-template-columns: minmax(0, 1.1fr) minmax(0, 1fr); }
}
.md-typeset .dnw .dnw__status, .dnw__status {
  min-height: 1.5em;
  margin: 0.6em 0 0;
  padding: 0.4em 0.6em;
  border-left: 0.2rem solid var(--md-accent-fg-color);
  background: var(--md-code-bg-color);
  border-radius: var(--dnw-radius);
}
.dnw__status:empty { display: none; }
.dnw__status[data-tone="error"] { border-left-color: var(--dnw-error); }
.dnw__status button { margin-left: 0.6em; }

/* buttons and fields */
.dnw__button, .dnw__icon-button, .dnw__file-open {
  font: inherit;
  color: inherit;
  cursor: pointer;
}
.dnw__button {
  display: inline-flex;
  align-items: center;
  gap: 0.3em;
  min-height: 2.2em;
  padding: 0.3em 0.9em;
  border: 0.1rem solid var(--md-primary-fg-color);
  border-radius: var(--dnw-radius);
  background: transparent;
  color: var(--md-primary-fg-color);
  font-weight: 700;
  transition: background-color 125ms, color 125ms, border-color 125ms;
}
[data-md-color-scheme="slate"] .dnw__button { color: var(--md-typeset-a-color); border-color: var(--md-typeset-a-color); }
.dnw__button:hover:not(:disabled) { background: var(--md-accent-fg-color); border-color: var(--md-accent-fg-color); color: var(--md-accent-bg-color); }
.dnw__button--primary { background: var(--md-primary-fg-color); color: var(--md-primary-bg-color); }
[data-md-color-scheme="slate"] .dnw__button--primary { background: var(--md-typeset-a-color); color: var(--md-default-bg-color); }
.dnw__button--quiet { border-color: var(--dnw-border); color: var(--md-default-fg-color); font-weight: 400; }
[data-md-color-scheme="slate"] .dnw__button--quiet { border-color: var(--dnw-border); color: var(--md-default-fg-color); }
.dnw__button:disabled { opacity: 0.5; cursor: not-allowed; }
.dnw :focus-visible { outline: 2px solid var(--md-accent-fg-color); outline-offset: 2px; }
.dnw__label { display: block; margin-bottom: 0.2em; font-weight: 700; }
.md-typeset .dnw .dnw__hint { margin: 0.2em 0 0; color: var(--dnw-muted); }
.dnw__input {
  width: 100%;
  min-width: 0;
  min-height: 2.2em;
  padding: 0.3em 0.5em;
  font: inherit;
  font-family: var(--md-code-font-family);
  line-height: 1.5;
  color: var(--md-default-fg-color);
  background: var(--md-code-bg-color);
  border: 1px solid var(--md-default-fg-color--lighter);
  border-radius: var(--dnw-radius);
}
.dnw__input[aria-invalid="true"] { border-color: var(--dnw-error); }
.md-typeset .dnw .dnw__field-error { margin: 0.2em 0 0; color: var(--dnw-error); }
.dnw__field-error:empty { display: none; }
.dnw__inline { display: flex; gap: 0.4em; align-items: center; }
.dnw__inline .dnw__input { flex: 1 1 auto; }

/* files */
.dnw__file-list { list-style: none; margin: 0; padding: 0; }
.dnw__file { display: flex; align-items: center; gap: 0.1em; margin: 0; border-radius: var(--dnw-radius); }
.dnw__file--renaming { display: block; padding: 0.3em 0; }
.dnw__file-open {
  flex: 1 1 auto;
  min-width: 0;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
  text-align: left;
  padding: 0.35em 0.5em;
  border: 0;
  border-left: 0.2rem solid transparent;
  border-radius: var(--dnw-radius);
  background: transparent;
  font-family: var(--md-code-font-family);
}
.dnw__file-open:hover { background: var(--md-code-bg-color); }
.dnw__file-open[aria-current="true"] {
  border-left-color: var(--md-accent-fg-color);
  background: var(--md-code-bg-color);
  font-weight: 700;
}
.dnw__icon-button {
  flex: none;
  width: 2em;
  height: 2em;
  border: 0;
  border-radius: var(--dnw-radius);
  background: transparent;
  color: var(--dnw-muted);
}
.dnw__icon-button:hover { background: var(--md-code-bg-color); color: var(--md-accent-fg-color); }
.dnw__file-empty { color: var(--dnw-muted); padding: 0.3em 0.5em; }
.dnw__file-actions { display: flex; flex-wrap: wrap; gap: 0.4em; margin-top: 0.6em; }
.dnw__new-file { margin-top: 0.6em; }

/* editor */
.dnw__editor-head { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.3em 1em; margin-bottom: 0.4em; }
.dnw__editor-name { font-family: var(--md-code-font-family); font-weight: 700; overflow-wrap: anywhere; }
.dnw__editor-mode { display: grid; color: var(--dnw-muted); }
.dnw__mode { grid-area: 1 / 1; }
.dnw__editor-mode[data-mode="browsing"] .dnw__mode--editing,
.dnw__editor-mode[data-mode="editing"] .dnw__mode--browsing { visibility: hidden; }
.dnw__editor {
  height: clamp(14rem, 45vh, 26rem);
  border: 1px solid var(--dnw-border);
  border-radius: var(--dnw-radius);
  overflow: hidden;
}
.dnw__editor .cm-editor { height: 100%; }
.md-typeset .dnw .dnw__findings { margin: 0.5em 0 0; }
.dnw__findings:empty { display: none; }
.dnw__finding { display: flex; flex-wrap: wrap; gap: 0.2em 0.5em; align-items: baseline; padding: 0.25em 0; border-top: 1px solid var(--dnw-border); }
.dnw__finding-line { font: inherit; font-family: var(--md-code-font-family); padding: 0 0.3em; border: 0; background: none; color: var(--md-typeset-a-color); cursor: pointer; text-decoration: underline; }
.dnw__finding-rule { font-family: var(--md-code-font-family); font-weight: 700; }
.dnw__finding a { color: var(--md-typeset-a-color); }
.md-typeset .dnw .dnw__lint-summary { margin: 0.4em 0 0; color: var(--dnw-muted); }
.dnw__sev { font-size: 0.6rem; font-weight: 700; text-transform: uppercase; padding: 0 0.4em; border-radius: 1em; border: 1px solid currentColor; }
.dnw__sev--error { color: var(--dnw-error); }
.dnw__sev--warning { color: #b26a00; }
[data-md-color-scheme="slate"] .dnw__sev--warning { color: #ffb74d; }
.dnw__sev--info, .dnw__sev--style { color: var(--dnw-built); }

/* build controls */
.dnw__controls { display: flex; flex-wrap: wrap; gap: 0.6em 1em; align-items: flex-end; margin-top: 0.8em; }
.dnw__buttons { display: flex; gap: 0.5em; flex-wrap: wrap; }
.dnw__check { display: inline-flex; align-items: center; gap: 0.4em; min-height: 2.2em; }
.dnw__check input { width: 1rem; height: 1rem; accent-color: var(--md-accent-fg-color); }
.dnw__args { flex: 1 1 14rem; min-width: 0; }
.md-typeset .dnw .dnw__command, .dnw__command {
  flex: 1 1 100%;
  margin: 0;
  padding: 0.4em 0.6em;
  overflow-x: auto;
  white-space: pre;
  font-family: var(--md-code-font-family);
  background: var(--md-code-bg-color);
  color: var(--md-code-fg-color);
  border-radius: var(--dnw-radius);
}
.dnw__command::before { content: "$ "; color: var(--dnw-muted); }

/* log */
.md-typeset .dnw .dnw__log, .dnw__log {
  position: relative;
  list-style: none;
  margin: 0;
  padding: 0.5em 0;
  max-height: 28rem;
  overflow: auto;
  font-family: var(--md-code-font-family);
  font-size: 0.65rem;
  line-height: 1.5;
  background: var(--md-code-bg-color);
  color: var(--md-code-fg-color);
  border-radius: var(--dnw-radius);
}
.dnw__log:empty::before { content: "Build to see docker's output here."; display: block; padding: 0 0.8em; color: var(--dnw-muted); font-family: var(--md-text-font-family); }
/* Lines keep docker's columns: a long one makes the log scroll sideways, its time stays on its line. */
.dnw__log-line { display: flow-root; width: max-content; min-width: 100%; margin: 0; padding: 0 0.8em; }
.dnw__log-text { white-space: pre; }
.dnw__log-time { float: right; margin-left: 0.8em; color: var(--dnw-muted); white-space: nowrap; }
.dnw__step .dnw__log-time { color: var(--md-code-fg-color); }
.dnw__log-line--sub { color: var(--dnw-muted); }
.dnw__fold-button {
  margin: 0.1em 0 0.1em 1.6em;
  padding: 0 0.5em;
  font: inherit;
  color: var(--md-code-fg-color);
  text-decoration: underline;
  background: none;
  border: 1px dashed var(--md-default-fg-color--lighter);
  border-radius: var(--dnw-radius);
  cursor: pointer;
}
.dnw__fold-button:hover { border-style: solid; }
.dnw__log-line--error { color: var(--dnw-error); font-weight: 700; }
.dnw__log-line--warning { color: #b26a00; }
[data-md-color-scheme="slate"] .dnw__log-line--warning { color: #ffb74d; }
.dnw__log-line--head { font-weight: 700; }
.dnw__step { padding-top: 0.15em; padding-bottom: 0.15em; border-left: 0.25rem solid transparent; }
.dnw__step--cached { border-left-color: var(--dnw-cached); }
.dnw__step--rebuilt { border-left-color: var(--dnw-rebuilt); }
.dnw__step--error { border-left-color: var(--dnw-error); background: color-mix(in srgb, var(--dnw-error) 8%, transparent); }
.dnw__step--built { border-left-color: var(--dnw-built); }
.dnw__reason { display: block; padding-left: 5.2em; font-family: var(--md-text-font-family); color: var(--md-default-fg-color); }
.dnw__reason-label { font-weight: 700; }
.dnw__badge {
  display: inline-block;
  min-width: 4.6em;
  padding: 0 0.4em;
  border-radius: 1em;
  font-family: var(--md-text-font-family);
  font-size: 0.55rem;
  font-weight: 700;
  line-height: 1.6;
  text-align: center;
  text-transform: uppercase;
  letter-spacing: 0.03em;
  border: 1px solid currentColor;
  white-space: nowrap;
}
.dnw__badge--cached { color: var(--dnw-cached); }
.dnw__badge--rebuilt { color: var(--dnw-rebuilt); }
.dnw__badge--error { color: var(--dnw-error); }
.dnw__badge--built { color: var(--dnw-built); }
.dnw__badge--base { color: var(--dnw-base); }
.dnw__badge--config { color: var(--dnw-config); border-style: dashed; }
.dnw__raw-toggle { margin-top: 0.5em; }
.md-typeset .dnw .dnw__raw { margin: 0.5em 0 0; padding: 0.5em 0.8em; white-space: pre-wrap; overflow-wrap: anywhere; }

/* layers */
.md-typeset .dnw .dnw__layers-total { margin: 0 0 0.4em; }
[dir] .md-typeset .dnw .dnw__compare { margin: 0 0 0.6em; padding-left: 1.2em; list-style: disc; }
[dir] .md-typeset .dnw .dnw__compare > li { margin: 0.1em 0; }
.dnw__layer-list { list-style: none; margin: 0; padding: 0; }
.md-typeset .dnw .dnw__layer-group { margin: 0.6em 0 0.2em; font-weight: 700; color: var(--dnw-muted); overflow-wrap: anywhere; }
.dnw__layer {
  display: grid;
  grid-template-columns: minmax(0, 1fr) auto auto;
  grid-template-areas: "label size badge" "bar bar delta";
  gap: 0.1em 0.5em;
  align-items: center;
  padding: 0.25em 0;
  border-top: 1px solid var(--dnw-border);
}
.dnw__layer-label { grid-area: label; font-family: var(--md-code-font-family); font-size: 0.65rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
@container dnw (max-width: 480px) {
  .dnw__layer-label { white-space: normal; overflow-wrap: anywhere; display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; }
}
.dnw__layer-size { grid-area: size; font-family: var(--md-code-font-family); font-size: 0.65rem; text-align: right; }
.dnw__layer .dnw__badge { grid-area: badge; }
.dnw__delta { grid-area: delta; font-family: var(--md-code-font-family); font-size: 0.6rem; font-weight: 700; text-align: right; }
.dnw__delta--size, .dnw__delta--new { color: var(--dnw-rebuilt); }
.dnw__bar { grid-area: bar; display: block; height: 0.55rem; background: var(--md-code-bg-color); border-radius: 0.3rem; overflow: hidden; }
.dnw__bar-fill { display: block; height: 100%; border-radius: 0.3rem; background: var(--dnw-base); transition: width 250ms ease-out; }
.dnw__layer--cached .dnw__bar-fill { background: var(--dnw-cached); }
.dnw__layer--rebuilt .dnw__bar-fill { background: var(--dnw-rebuilt); }
.dnw__layer--built .dnw__bar-fill { background: var(--dnw-built); }
.dnw__layer--base .dnw__bar-fill { background: var(--dnw-base); opacity: 0.6; }
.dnw__layer--config .dnw__layer-label { color: var(--dnw-muted); }
.dnw__empty { color: var(--dnw-muted); margin: 0; }
.dnw-diagnostic strong { margin-right: 0.3em; font-family: var(--md-code-font-family); }
.dnw-diagnostic a { margin-left: 0.3em; }
.dnw [aria-busy="true"] { opacity: 0.7; }
.dnw__sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
@media (prefers-reduced-motion: reduce) {
  .dnw *, .dnw *::before, .dnw *::after { transition: none !important; animation: none !important; scroll-behavior: auto !important; }
}
`;

/** Add the stylesheet to the document once. */
export function injectStyles(doc = document) {
  if (doc.getElementById("dnw-styles")) return;
  const style = doc.createElement("style");
  style.id = "dnw-styles";
  style.textContent = CSS;
  doc.head.append(style);
}
