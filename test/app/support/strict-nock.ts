import nock from "nock";
import { afterEach, beforeEach, expect } from "vitest";

type Described = { method?: string; host?: string; hostname?: string; path?: string; href?: string };

const describe = (a: Described, b?: Described): Described => b ?? a;

/**
 * nock in strict mode for every test of the file: no network, every mock consumed, and any
 * request that no mock matched fails the test even if the code under test swallowed the error
 * (the app turns API errors into failed checks, which could otherwise hide a missing mock).
 * Requests to 127.0.0.1 (the e2e test's own server) are let through.
 */
export function useStrictNock(): void {
  const unmatched: string[] = [];
  const onNoMatch = (a: Described, b?: Described) => {
    const req = describe(a, b);
    const host = req.hostname ?? req.host ?? "";
    if (/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host)) return;
    unmatched.push(`${req.method ?? "?"} ${host}${req.path ?? ""}`);
  };
  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    nock.emitter.on("no match", onNoMatch);
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    const missed = unmatched.splice(0);
    nock.cleanAll();
    nock.emitter.removeListener("no match", onNoMatch);
    expect(missed, "requests no mock matched").toEqual([]);
    expect(pending, "mocks never requested").toEqual([]);
  });
}
