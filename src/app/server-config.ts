import { readFileSync } from "node:fs";

/** A setting that makes it unsafe or impossible to start; the message names the variable. */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
}

export interface ServerConfig {
  appId: number;
  privateKey: string;
  webhookSecret: string;
  /** REST base URL for GitHub Enterprise Server; undefined = api.github.com. */
  baseUrl?: string;
  host: string;
  port: number;
  webhookPath: string;
  redisUrl?: string;
  logLevel: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  logFormat: "json" | "pretty";
  cacheBytes?: number;
  /** Heap of the review worker thread (BULKHEAD_REVIEW_MEMORY_MB); default in worker-reviewer.ts. */
  reviewMemoryMb?: number;
  /** Wall-clock limit of one review (BULKHEAD_REVIEW_TIMEOUT_SECONDS); default in worker-reviewer.ts. */
  reviewTimeoutMs?: number;
}

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;

/**
 * Read the server's settings from the environment (names as Probot's, so its docs apply).
 * Refuses to start without a webhook secret: Probot would otherwise verify signatures with the
 * literal "development", and anybody could post events.
 */
export function readServerConfig(env: NodeJS.ProcessEnv, readFile: (path: string) => string = (p) => readFileSync(p, "utf8")): ServerConfig {
  const webhookSecret = env.WEBHOOK_SECRET ?? "";
  if (webhookSecret.trim() === "" || webhookSecret === "development") {
    throw new ConfigurationError("WEBHOOK_SECRET is not set (or is Probot's placeholder \"development\"): refusing to accept unverifiable webhooks");
  }
  const appId = Number(env.APP_ID);
  if (!Number.isInteger(appId) || appId <= 0) throw new ConfigurationError("APP_ID must be the numeric ID of the GitHub App");
  const cacheMb = env.BULKHEAD_CACHE_MB === undefined ? undefined : Number(env.BULKHEAD_CACHE_MB);
  if (cacheMb !== undefined && !(cacheMb > 0)) throw new ConfigurationError("BULKHEAD_CACHE_MB must be a positive number of megabytes");
  const reviewMemoryMb = readNumber(env, "BULKHEAD_REVIEW_MEMORY_MB", MIN_REVIEW_MEMORY_MB, "megabytes");
  const reviewTimeoutSeconds = readNumber(env, "BULKHEAD_REVIEW_TIMEOUT_SECONDS", 1, "seconds");
  const logLevel = (env.LOG_LEVEL ?? "info").toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new ConfigurationError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`);
  const baseUrl = gheBaseUrl(env);
  return {
    appId,
    privateKey: readPrivateKey(env, readFile),
    webhookSecret,
    ...(baseUrl ? { baseUrl } : {}),
    host: env.HOST || "localhost",
    port: readPort(env.PORT),
    webhookPath: env.WEBHOOK_PATH || "/api/github/webhooks",
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    logLevel: logLevel as ServerConfig["logLevel"],
    logFormat: env.LOG_FORMAT === "pretty" || (!env.LOG_FORMAT && env.NODE_ENV !== "production") ? "pretty" : "json",
    ...(cacheMb !== undefined ? { cacheBytes: Math.round(cacheMb * 1024 * 1024) } : {}),
    ...(reviewMemoryMb !== undefined ? { reviewMemoryMb: Math.round(reviewMemoryMb) } : {}),
    ...(reviewTimeoutSeconds !== undefined ? { reviewTimeoutMs: Math.round(reviewTimeoutSeconds * 1000) } : {}),
  };
}

/** Below this the worker cannot even load the analysis, and every review would fail. */
const MIN_REVIEW_MEMORY_MB = 64;

function readNumber(env: NodeJS.ProcessEnv, name: string, min: number, unit: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new ConfigurationError(`${name} must be a number of ${unit}, at least ${min}`);
  return n;
}

function readPort(value: string | undefined): number {
  if (value === undefined || value === "") return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigurationError("PORT must be a port number (0-65535)");
  return port;
}

/** GHE_HOST (+ GHE_PROTOCOL) → `https://<host>/api/v3`, as Probot does; never a hard-coded github.com. */
function gheBaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.GHE_HOST) return undefined;
  const protocol = env.GHE_PROTOCOL || "https";
  if (protocol !== "https" && protocol !== "http") throw new ConfigurationError("GHE_PROTOCOL must be https or http");
  if (!/^[A-Za-z0-9.-]+(:\d+)?$/.test(env.GHE_HOST)) throw new ConfigurationError("GHE_HOST must be a host name, e.g. github.example.com");
  return `${protocol}://${env.GHE_HOST}/api/v3`;
}

/** PRIVATE_KEY (PEM, with literal `\n` allowed, or base64 of the PEM) or PRIVATE_KEY_PATH. */
function readPrivateKey(env: NodeJS.ProcessEnv, readFile: (path: string) => string): string {
  let key = env.PRIVATE_KEY;
  if (!key && env.PRIVATE_KEY_PATH) {
    try {
      key = readFile(env.PRIVATE_KEY_PATH);
    } catch {
      throw new ConfigurationError(`PRIVATE_KEY_PATH cannot be read: ${env.PRIVATE_KEY_PATH}`);
    }
  }
  if (!key) throw new ConfigurationError("PRIVATE_KEY or PRIVATE_KEY_PATH must give the GitHub App's private key");
  if (!key.includes("-----BEGIN")) key = Buffer.from(key.trim(), "base64").toString("utf8");
  key = key.replace(/\\n/g, "\n").trim();
  if (!/^-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) throw new ConfigurationError("the private key is not a PEM private key");
  return key;
}
