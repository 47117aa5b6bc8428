import express from "express";

const app = express();
const port = Number(process.env.PORT ?? 3000);

app.get("/health", (_req, res) => res.sendStatus(200));
app.listen(port, () => console.log(`Server listening on port ${port}`));
