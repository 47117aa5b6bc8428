// A background worker: takes jobs from Redis and processes them.
const { createClient } = require("redis");

const client = createClient({ url: process.env.REDIS_URL });
client.connect().then(() => console.log("Worker waiting for jobs"));
