import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigurationError, readServerConfig } from "../../src/app/server-config.js";

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const env = { APP_ID: "42", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: "s3cret" };

describe("readServerConfig", () => {
  it.each([
    ["no secret", { ...env, WEBHOOK_SECRET: undefined }, /WEBHOOK_SECRET/],
    ["an empty secret", { ...env, WEBHOOK_SECRET: " " }, /WEBHOOK_SECRET/],
    ["Probot's placeholder secret", { ...env, WEBHOOK_SECRET: "development" }, /WEBHOOK_SECRET/],
    ["no app id", { ...env, APP_ID: "" }, /APP_ID/],
    ["no private key", { ...env, PRIVATE_KEY: undefined }, /PRIVATE_KEY/],
    ["a key that is not PEM", { ...env, PRIVATE_KEY: "hello" }, /PEM/],
    ["a bad port", { ...env, PORT: "70000" }, /PORT/],
    ["a GHE host with a path", { ...env, GHE_HOST: "ghe.example.com/api" }, /GHE_HOST/],
    ["a review memory too small to load the analysis", { ...env, BULKHEAD_REVIEW_MEMORY_MB: "16" }, /BULKHEAD_REVIEW_MEMORY_MB must be a number of megabytes, at least 64/],
    ["a review memory that is not a number", { ...env, BULKHEAD_REVIEW_MEMORY_MB: "2G" }, /BULKHEAD_REVIEW_MEMORY_MB/],
    ["a review timeout of zero", { ...env, BULKHEAD_REVIEW_TIMEOUT_SECONDS: "0" }, /BULKHEAD_REVIEW_TIMEOUT_SECONDS must be a number of seconds/],
  ])("refuses to start with %s", (_name, values, message) => {
    expect(() => readServerConfig(values)).toThrow(ConfigurationError);
    expect(() => readServerConfig(values)).toThrow(message);
  });

  it("reads GHES, host, port and the key with escaped newlines", () => {
    const config = readServerConfig({ ...env, PRIVATE_KEY: privateKey.replace(/\n/g, "\\n"), GHE_HOST: "ghe.example.com", HOST: "0.0.0.0", PORT: "8080", NODE_ENV: "production" });
    expect(config).toMatchObject({ appId: 42, baseUrl: "https://ghe.example.com/api/v3", host: "0.0.0.0", port: 8080, logFormat: "json", webhookPath: "/api/github/webhooks" });
    expect(config.privateKey).toBe(privateKey.trim());
  });

  it("reads the key from PRIVATE_KEY_PATH and defaults to github.com on localhost:3000", () => {
    const config = readServerConfig({ APP_ID: "1", WEBHOOK_SECRET: "x", PRIVATE_KEY_PATH: "/keys/app.pem" }, (path) => (path === "/keys/app.pem" ? privateKey : ""));
    expect(config).toMatchObject({ host: "localhost", port: 3000 });
    expect(config.baseUrl).toBeUndefined();
  });

  it.each([
    ["the worker's defaults when unset", {}, { reviewMemoryMb: undefined, reviewTimeoutMs: undefined }],
    ["the review limits", { BULKHEAD_REVIEW_MEMORY_MB: "3072", BULKHEAD_REVIEW_TIMEOUT_SECONDS: "90" }, { reviewMemoryMb: 3072, reviewTimeoutMs: 90_000 }],
    ["fractional seconds", { BULKHEAD_REVIEW_TIMEOUT_SECONDS: "2.5" }, { reviewMemoryMb: undefined, reviewTimeoutMs: 2500 }],
  ])("reads %s", (_name, values, expected) => {
    const config = readServerConfig({ ...env, ...values });
    expect({ reviewMemoryMb: config.reviewMemoryMb, reviewTimeoutMs: config.reviewTimeoutMs }).toEqual(expected);
  });

  it("accepts a base64-encoded key, as Probot does", () => {
    const config = readServerConfig({ ...env, PRIVATE_KEY: Buffer.from(privateKey).toString("base64") });
    expect(config.privateKey).toBe(privateKey.trim());
  });
});
