// The Playground page's client, started early: an async module in the page itself (page.py). The
// simulator's worker is already running (an inline script in the page's <head> created it, early.py);
// this adopts it as soon as this module and client.js have arrived, before the document is parsed,
// Material's bundle has run and the loader (playground.js) has imported the page's widgets, so the
// simulator is initialised the moment it is ready. Without the early worker (no <head> script, or it
// failed) it creates the worker itself. The loader mounts the page on the same client later (getClient()
// is one per visit; start() is idempotent).

import { getClient } from "./client.js";

getClient().start();
