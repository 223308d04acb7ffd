import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createNodeMiddleware, Probot, type Logger, type ProbotOctokit } from "probot";
import { createBulkheadApp } from "./index.js";
import { createMetrics, type Metrics } from "./metrics.js";
import { createBulkheadOctokit } from "./octokit.js";
import type { Reviewer } from "./reviewer.js";
import { ConfigurationError, readServerConfig } from "./server-config.js";
import { WorkerReviewer } from "./worker-reviewer.js";

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  /** Tests: another Octokit class (default: `createBulkheadOctokit()`, the bounded retry and timeout policy). */
  Octokit?: typeof ProbotOctokit;
  log?: Logger;
  metrics?: Metrics;
  /** Tests: where reviews run (default: a worker thread with the configured limits). */
  reviewer?: Reviewer;
}

export interface RunningServer {
  url: string;
  port: number;
  probot: Probot;
  metrics: Metrics;
  close(): Promise<void>;
}

/**
 * `npm start`: Probot's webhook middleware plus `/healthz` and `/metrics` on one HTTP server bound
 * to HOST:PORT. Our own server rather than Probot's `Server`, which cannot bind an ephemeral port
 * (`port || 3000`) and would add its setup and static pages.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = readServerConfig(options.env ?? process.env);
  const metrics = options.metrics ?? createMetrics();
  const probot = new Probot({
    appId: config.appId,
    privateKey: config.privateKey,
    secret: config.webhookSecret,
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    ...(config.redisUrl ? { redisConfig: config.redisUrl } : {}),
    logLevel: config.logLevel,
    logFormat: config.logFormat,
    ...(options.log ? { log: options.log } : {}),
    Octokit: options.Octokit ?? createBulkheadOctokit(),
  });
  const reviewer =
    options.reviewer ??
    new WorkerReviewer({ ...(config.reviewMemoryMb ? { memoryMb: config.reviewMemoryMb } : {}), ...(config.reviewTimeoutMs ? { timeoutMs: config.reviewTimeoutMs } : {}) });
  const app = createBulkheadApp({ metrics, reviewer, ...(config.cacheBytes ? { cacheBytes: config.cacheBytes } : {}) });
  const middleware = await createNodeMiddleware(app, { probot, webhooksPath: config.webhookPath });
  const server = createServer((req, res) => {
    if (serveOperational(req, res, metrics)) return;
    void middleware(req, res, () => res.writeHead(404, { "content-type": "text/plain" }).end("not found\n"));
  });
  await listen(server, config.port, config.host);
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  probot.log.info({ url, webhookPath: config.webhookPath, ghes: config.baseUrl !== undefined }, "bulkhead listening");
  return { url, port, probot, metrics, close: () => close(server).finally(() => reviewer.close()) };
}

/** `/healthz` (liveness: the process serves HTTP) and `/metrics` (Prometheus text). */
function serveOperational(req: IncomingMessage, res: ServerResponse, metrics: Metrics): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const path = (req.url ?? "").split("?")[0];
  if (path === "/healthz") {
    res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}\n');
    return true;
  }
  if (path === "/metrics") {
    res.writeHead(200, { "content-type": metrics.registry.contentType }).end(metrics.registry.metrics());
    return true;
  }
  return false;
}

const listen = (server: Server, port: number, host: string) =>
  new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host }, () => {
      server.off("error", reject);
      resolve();
    });
  });

const close = (server: Server) =>
  new Promise<void>((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeIdleConnections();
  });

async function main(): Promise<void> {
  let running: RunningServer;
  try {
    running = await startServer();
  } catch (e) {
    // A configuration error is the operator's to fix: its message, no stack trace.
    process.stderr.write(`bulkhead: ${e instanceof ConfigurationError ? e.message : e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  }
  const stop = () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

/** True when this file is the process entry point (`npm start`, the image's CMD), also through a symlink. */
function invokedDirectly(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) void main();
