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

  it("accepts a base64-encoded key, as Probot does", () => {
    const config = readServerConfig({ ...env, PRIVATE_KEY: Buffer.from(privateKey).toString("base64") });
    expect(config.privateKey).toBe(privateKey.trim());
  });
});
