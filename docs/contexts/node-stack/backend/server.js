const express = require("express");

const app = express();
const port = process.env.PORT || 3000;

app.get("/", (req, res) => res.json({ message: "Hello from my-app", env: process.env.NODE_ENV }));
app.get("/health", (req, res) => res.sendStatus(200));

app.listen(port, () => console.log(`Server listening on port ${port}`));
