// The Items API called from a page on another origin, signed in the browser with aws4fetch.
// Each step records what a script can read: the status, the CORS-exposed headers and the body.
import { AwsClient } from "./vendor/aws4fetch.mjs";

const config = Object.fromEntries(new URLSearchParams(location.search));
const api = config.api.replace(/\/$/, "");
// aws4fetch retries 5xx and 429 up to 10 times by default (ignoring Retry-After); the page must see them.
const aws = new AwsClient({
  accessKeyId: config.accessKey,
  secretAccessKey: config.secretKey,
  region: config.region,
  service: "execute-api",
  retries: 0,
});
const READ = ["ETag", "Location", "Retry-After", "x-amzn-RequestId"];
const results = [];

// `report` names headers shown even when the script cannot read them (e.g. the ETag of a 412, once sent).
async function call(step, expected, method, path, { signed = true, headers = {}, body, report = [] } = {}) {
  const init = { method, headers: { ...headers }, body: body === undefined ? undefined : JSON.stringify(body) };
  if (body !== undefined) init.headers["Content-Type"] = "application/json";
  const url = /^https?:\/\//.test(path) ? path : api + path;
  let result;
  try {
    const response = signed ? await aws.fetch(url, init) : await fetch(url, init);
    const text = await response.text();
    const read = Object.fromEntries(READ.map((name) => [name, response.headers.get(name)]));
    result = { step, request: `${method} ${path}`, status: response.status, headers: read, body: text };
  } catch (error) {
    result = { step, request: `${method} ${path}`, status: null, headers: {}, body: `fetch failed: ${error}` };
  }
  result.expected = expected;
  result.report = report;
  result.pass = result.status === expected;
  results.push(result);
  render(result);
  return result;
}

function render(result) {
  const row = document.createElement("tr");
  row.className = result.pass ? "pass" : "fail";
  const headers = Object.entries(result.headers)
    .filter(([name, value]) => value !== null || result.report.includes(name))
    .map(([name, value]) => `${name}: ${value ?? "(not readable or not sent)"}`)
    .join("\n");
  const cells = [result.step, result.request, String(result.status), headers, result.body.slice(0, 140),
    result.pass ? `ok (${result.expected})` : `expected ${result.expected}`];
  cells.forEach((text, index) => {
    const cell = document.createElement("td");
    cell.className = ["step", "request", "status", "headers", "body", "outcome"][index];
    if (index === 3) cell.innerHTML = text.split("\n").map((line) => `<code>${escape(line)}</code>`).join("<br>");
    else cell.textContent = text;
    row.appendChild(cell);
  });
  document.querySelector("#results tbody").appendChild(row);
}

function escape(text) {
  return text.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]);
}

async function run() {
  const key = `browser-${crypto.randomUUID()}`;
  const item = { name: `browser ${key.slice(8, 16)}`, price: 12.5 };
  const once = { headers: { "Idempotency-Key": key }, body: item };
  const created = await call("create (Idempotency-Key)", 201, "POST", "/items", once);
  await call("retry with the same key", 201, "POST", "/items", once);
  const location = created.headers.Location;
  // Location is a reference to resolve against the request URL (it carries the stage or base path itself).
  const itemUrl = location ? new URL(location, `${api}/`).href : "/items/(no Location header)";
  const read = await call("follow Location", 200, "GET", itemUrl);
  const first = read.headers.ETag;
  const updated = await call("update with If-Match", 200, "PUT", itemUrl,
    { headers: { "If-Match": first }, body: { price: 14 } });
  await call("stale update (old If-Match)", 412, "PUT", itemUrl,
    { headers: { "If-Match": first }, body: { price: 15 }, report: ["ETag"] });
  await call("list", 200, "GET", "/items?limit=100");
  await call("delete with If-Match", 204, "DELETE", itemUrl, { headers: { "If-Match": updated.headers.ETag } });
  await call("unsigned request", 403, "GET", "/items", { signed: false });
  // A simple (unpreflighted) request: API Gateway answers OPTIONS only on resources that exist.
  await call("unknown route", 403, "GET", "/no-such-route", { signed: false });
  return results;
}

async function runOutage() {
  await call("database down", 503, "GET", "/items?limit=1");
  return results;
}

document.querySelector("#origin").textContent = location.origin;
document.querySelector("#api").textContent = api;
window.itemsPage = { run, runOutage };
