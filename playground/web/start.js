// The Playground page's early start: an async module in the page itself (page.py), so the simulator's
// worker is created as soon as this module and client.js have arrived, before the document is parsed,
// Material's bundle has run and the loader (playground.js) has imported the page's widgets. The loader
// mounts the page on the same client later (getClient() is one per visit; start() is idempotent).

import { getClient } from "./client.js";

getClient().start();
