// Drives headless Chromium (playwright-core, the system's /usr/bin/chromium) through the page's steps.
// Talks to the test over stdio, one JSON line per phase: it prints the main steps' results, waits for a line
// on stdin (the test has stopped the database), runs the outage step, screenshots the results table, prints
// the final results and exits.
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const [pageUrl, screenshotPath] = process.argv.slice(2);
// The closed network here needs Chromium's background traffic off; QUIC is never wanted locally.
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const input = createInterface({ input: process.stdin });
const lines = input[Symbol.asyncIterator]();

const emit = (phase, results) => process.stdout.write(JSON.stringify({ phase, results }) + "\n");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ARGS,
  timeout: 60_000,
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on("console", (message) => process.stderr.write(`page console: ${message.text()}\n`));
  page.on("pageerror", (error) => process.stderr.write(`page error: ${error}\n`));
  await page.goto(pageUrl);
  await page.waitForFunction(() => window.itemsPage !== undefined, null, { timeout: 30_000 });
  emit("main", await page.evaluate(() => window.itemsPage.run()));
  await lines.next();
  emit("outage", await page.evaluate(() => window.itemsPage.runOutage()));
  await page.locator("body").screenshot({ path: screenshotPath });
} finally {
  input.close();
  await browser.close();
}
