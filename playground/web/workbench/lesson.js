// Lessons: a Dockerfile (from the notes) plus a build context. The sources its COPY/ADD
// instructions name get small, plausible placeholder files so the lesson builds as written.

/** The notes' cache-friendly Node example (docs/intermediate.md, "Build Cache Optimization"). */
export const STARTER_DOCKERFILE = `FROM node:18-alpine
WORKDIR /app

# 1. Copy dependency files first (rarely change)
COPY package*.json ./

# 2. Install dependencies (cached unless package.json changes)
RUN npm ci --only=production

# 3. Copy source code last (changes frequently)
COPY . .

CMD ["node", "server.js"]
`;

export const DEFAULT_DOCKERIGNORE = `# Files the build context leaves out (they are never sent, never copied,
# and changing them never breaks the cache).
.git
node_modules
*.log
.env
`;

const PLACEHOLDERS = {
  "package.json": () =>
    `${JSON.stringify(
      {
        name: "app",
        version: "1.0.0",
        private: true,
        main: "server.js",
        scripts: { start: "node server.js", build: "node build.js" },
        dependencies: { express: "^4.19.2" },
      },
      null,
      2,
    )}\n`,
  "package-lock.json": () =>
    `${JSON.stringify({ name: "app", version: "1.0.0", lockfileVersion: 3, requires: true, packages: {} }, null, 2)}\n`,
  "server.js": () =>
    `const express = require("express");\n\nconst app = express();\nconst port = process.env.PORT || 3000;\n\napp.get("/", (req, res) => res.send("Hello from Docker!"));\n\napp.listen(port, () => console.log(\`Listening on port \${port}\`));\n`,
  "index.js": () => `console.log("Hello from Docker!");\n`,
  "app.js": () => `console.log("Hello from Docker!");\n`,
  "requirements.txt": () => "flask==3.0.3\ngunicorn==22.0.0\n",
  "app.py": () =>
    `from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route("/")\ndef hello():\n    return "Hello from Docker!"\n\n\nif __name__ == "__main__":\n    app.run(host="0.0.0.0", port=5000)\n`,
  "main.py": () => `print("Hello from Docker!")\n`,
  "go.mod": () => "module example.com/app\n\ngo 1.22\n",
  "go.sum": () => "",
  "main.go": () =>
    `package main\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nfunc main() {\n\thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {\n\t\tfmt.Fprintln(w, "Hello from Docker!")\n\t})\n\thttp.ListenAndServe(":8080", nil)\n}\n`,
  "nginx.conf": () =>
    "server {\n    listen 80;\n    location / {\n        root /usr/share/nginx/html;\n        index index.html;\n    }\n}\n",
  "index.html": () => "<!doctype html>\n<title>Hello</title>\n<h1>Hello from Docker!</h1>\n",
  "Gemfile": () => `source "https://rubygems.org"\n\ngem "sinatra"\n`,
  "pom.xml": () => "<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>example</groupId>\n  <artifactId>app</artifactId>\n  <version>1.0.0</version>\n</project>\n",
  ".env": () => "# placeholder environment file\n",
};

const BY_EXTENSION = {
  js: (name) => `// ${name}: placeholder source for this lesson\nconsole.log("${name}");\n`,
  mjs: (name) => `// ${name}: placeholder source for this lesson\nconsole.log("${name}");\n`,
  ts: (name) => `// ${name}: placeholder source for this lesson\nconsole.log("${name}");\n`,
  py: (name) => `# ${name}: placeholder source for this lesson\nprint("${name}")\n`,
  go: () => `package main\n\nfunc main() {}\n`,
  sh: (name) => `#!/bin/sh\n# ${name}: placeholder script for this lesson\nset -e\nexec "$@"\n`,
  json: () => "{}\n",
  txt: (name) => `placeholder for ${name}\n`,
  md: (name) => `# ${name}\n\nPlaceholder file for this lesson.\n`,
  conf: (name) => `# ${name}: placeholder configuration\n`,
  yml: (name) => `# ${name}: placeholder\n`,
  yaml: (name) => `# ${name}: placeholder\n`,
  html: () => "<!doctype html>\n<title>Hello</title>\n<h1>Hello from Docker!</h1>\n",
  css: () => "body { font-family: sans-serif; }\n",
};

const KNOWN_BARE = new Set(["Gemfile", "Makefile", "Procfile", "LICENSE", "Dockerfile", "Cargo.toml"]);

/** Dockerfile text → logical instructions `{keyword, args, line}` (continuations joined, comments dropped). */
export function instructions(text) {
  const out = [];
  const lines = String(text || "").split(/\r?\n/);
  let escape = "\\";
  const directive = /^#\s*escape\s*=\s*([\\`])\s*$/i;
  for (const line of lines) {
    const found = directive.exec(line);
    if (found) escape = found[1];
    else break;
  }
  let current = null;
  for (let index = 0; index < lines.length; index += 1) {
    const raw = lines[index];
    const trimmed = raw.trim();
    if (!current && (trimmed === "" || trimmed.startsWith("#"))) continue;
    if (current && trimmed.startsWith("#")) continue;
    let body = raw;
    const continued = trimmed.endsWith(escape) && !(current === null && trimmed.startsWith("#"));
    if (continued) body = raw.replace(new RegExp(`\\${escape}\\s*$`), "");
    if (current) current.text += ` ${body.trim()}`;
    else current = { text: body.trim(), line: index + 1 };
    if (!continued) {
      const match = /^(\S+)\s*(.*)$/.exec(current.text);
      if (match) out.push({ keyword: match[1].toUpperCase(), args: match[2], line: current.line });
      current = null;
    }
  }
  if (current) {
    const match = /^(\S+)\s*(.*)$/.exec(current.text);
    if (match) out.push({ keyword: match[1].toUpperCase(), args: match[2], line: current.line });
  }
  return out;
}

/** Split shell-like words, honouring single and double quotes. */
function words(text) {
  const out = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let match;
  while ((match = pattern.exec(text))) out.push(match[1] ?? match[2] ?? match[3]);
  return out;
}

/** The local sources of a COPY/ADD (no `--from`, no URLs, no heredocs); null when it copies from elsewhere. */
export function copySources(args) {
  let list;
  const trimmed = args.trim();
  if (trimmed.startsWith("[")) {
    try {
      list = JSON.parse(trimmed);
    } catch {
      list = null;
    }
  }
  if (!Array.isArray(list)) list = words(trimmed);
  const flags = list.filter((word) => word.startsWith("--"));
  if (flags.some((flag) => flag.startsWith("--from"))) return null;
  const rest = list.filter((word) => !word.startsWith("--"));
  if (rest.length < 2) return [];
  return rest
    .slice(0, -1)
    .filter((source) => !/^(https?|git):\/\//.test(source) && !source.startsWith("<<") && !source.startsWith("git@"));
}

/** Which ecosystem a Dockerfile is about, from its base images and commands. */
export function ecosystem(text) {
  const all = instructions(text);
  const fromText = all.filter((i) => i.keyword === "FROM").map((i) => i.args.toLowerCase()).join(" ");
  const runText = all.filter((i) => ["RUN", "CMD", "ENTRYPOINT"].includes(i.keyword)).map((i) => i.args).join(" ");
  if (/\b(node|npm|yarn|pnpm)\b/.test(fromText) || /\b(npm|node|yarn)\b/.test(runText)) return "node";
  if (/\bpython\b/.test(fromText) || /\b(pip|python3?|gunicorn|flask)\b/.test(runText)) return "python";
  if (/\bgolang\b|\bgo:/.test(fromText) || /\bgo (build|mod|run)\b/.test(runText)) return "go";
  if (/\bnginx\b/.test(fromText)) return "nginx";
  return "generic";
}

const ECOSYSTEM_FILES = {
  node: ["package.json", "server.js"],
  python: ["requirements.txt", "app.py"],
  go: ["go.mod", "main.go"],
  nginx: ["index.html"],
  generic: ["README.md"],
};

/** A placeholder for one file name. */
export function placeholderFor(path) {
  const name = path.split("/").pop();
  if (PLACEHOLDERS[name]) return PLACEHOLDERS[name]();
  const extension = name.includes(".") ? name.split(".").pop().toLowerCase() : "";
  if (BY_EXTENSION[extension]) return BY_EXTENSION[extension](name);
  return `placeholder for ${name}\n`;
}

function looksLikeFolder(source) {
  const name = source.replace(/\/+$/, "").split("/").pop();
  return source.endsWith("/") || (!name.includes(".") && !KNOWN_BARE.has(name) && !/[*?[]/.test(name));
}

function cleanPath(source) {
  return source.replace(/^\.\/+/, "").replace(/^\/+/, "").replace(/\/+$/, "");
}

/** Files a glob such as `package*.json` or `*.py` most likely means. */
function expandGlob(pattern, kind) {
  const folder = pattern.includes("/") ? `${pattern.slice(0, pattern.lastIndexOf("/") + 1)}` : "";
  const name = pattern.slice(folder.length);
  if (/^package\*?\.json$/.test(name) || name === "package*.json") return [`${folder}package.json`];
  const regex = new RegExp(`^${name.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
  const candidates = [...Object.keys(PLACEHOLDERS), ...ECOSYSTEM_FILES[kind]];
  const hit = candidates.find((candidate) => regex.test(candidate));
  if (hit) return [folder + hit];
  const concrete = name.replace(/\*/g, "app").replace(/\?/g, "x").replace(/\[[^\]]*\]/g, "a");
  return [folder + concrete];
}

/** Folders an earlier stage fills (`COPY --from=builder /app/dist ./dist` → `dist`). */
function builtFolders(text) {
  const folders = new Set();
  for (const instruction of instructions(text)) {
    if (instruction.keyword !== "COPY" || !/--from[= ]/.test(instruction.args)) continue;
    const rest = words(instruction.args).filter((word) => !word.startsWith("--"));
    const dest = cleanPath(rest[rest.length - 1] || "");
    if (dest) folders.add(dest.split("/").pop());
  }
  return folders;
}

/**
 * Files named by the commands (`CMD ["node", "server.js"]`, `python app.py`), except those in a
 * folder another stage builds (`dist/server.js` comes from `npm run build`, not from the context).
 */
function commandFiles(text) {
  const found = [];
  const built = builtFolders(text);
  for (const instruction of instructions(text)) {
    if (!["CMD", "ENTRYPOINT", "RUN"].includes(instruction.keyword)) continue;
    let list;
    try {
      list = instruction.args.trim().startsWith("[") ? JSON.parse(instruction.args) : null;
    } catch {
      list = null;
    }
    const argv = Array.isArray(list) ? list : words(instruction.args);
    for (let i = 0; i < argv.length - 1; i += 1) {
      if (/^(node|python3?|nodemon)$/.test(argv[i]) && /^[\w./-]+\.(js|mjs|py)$/.test(argv[i + 1])) {
        const path = cleanPath(argv[i + 1]);
        const inBuilt = path.includes("/") && built.has(path.split("/")[0]);
        if (!argv[i + 1].startsWith("/") && !inBuilt) found.push(path);
      }
    }
  }
  return found;
}

/**
 * The build context a Dockerfile needs: `{path: content}` for every local COPY/ADD source
 * (folders get one file, globs their most likely match, `.` the ecosystem's usual files), plus
 * the files its CMD/RUN name. `given` files win; the Dockerfile itself is not included.
 */
export function placeholderFiles(dockerfile, given = {}) {
  const kind = ecosystem(dockerfile);
  const wanted = [];
  let wholeContext = false;
  for (const instruction of instructions(dockerfile)) {
    if (instruction.keyword !== "COPY" && instruction.keyword !== "ADD") continue;
    const sources = copySources(instruction.args);
    if (!sources) continue;
    for (const source of sources) {
      const path = cleanPath(source);
      if (path === "" || path === ".") {
        wholeContext = true;
      } else if (/[*?[]/.test(path)) {
        wanted.push(...expandGlob(path, kind));
      } else if (looksLikeFolder(source)) {
        const main = ECOSYSTEM_FILES[kind][ECOSYSTEM_FILES[kind].length - 1];
        wanted.push(`${path}/${kind === "generic" ? "README.md" : main}`);
      } else {
        wanted.push(path);
      }
    }
  }
  if (wholeContext) wanted.push(...ECOSYSTEM_FILES[kind]);
  wanted.push(...commandFiles(dockerfile));
  const out = {};
  for (const path of wanted) {
    if (!path || path in out || path === "Dockerfile") continue;
    out[path] = placeholderFor(path);
  }
  for (const [path, content] of Object.entries(given || {})) out[path] = String(content);
  return out;
}
