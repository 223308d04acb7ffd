import { describe, expect, it } from "vitest";
import { DeliveryLog } from "../../src/app/delivery-log.js";
import { KeyedQueue, SUPERSEDED } from "../../src/app/keyed-queue.js";
import { WeightedLru } from "../../src/app/lru.js";
import { Counter, Histogram, Registry } from "../../src/app/prometheus.js";

describe("WeightedLru", () => {
  it("evicts the least recently used entries once the weight exceeds the budget", () => {
    const lru = new WeightedLru<string, string>(10, (v) => v.length);
    lru.set("a", "aaaa");
    lru.set("b", "bbbb");
    expect(lru.get("a")).toBe("aaaa"); // a is now the most recent
    lru.set("c", "cccc");
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe("aaaa");
    expect(lru.weight).toBe(8);
  });

  it("does not keep a value heavier than the whole budget", () => {
    const lru = new WeightedLru<string, string>(3, (v) => v.length);
    lru.set("big", "xxxx");
    expect(lru.size).toBe(0);
    expect(lru.weight).toBe(0);
  });
});

describe("KeyedQueue", () => {
  it("runs one task per key at a time and only the latest of the waiting ones", async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    let release!: () => void;
    const first = queue.run("pr", () => new Promise<string>((r) => (release = () => r("first"))).then((v) => (order.push(v), v)));
    const second = queue.run("pr", async () => (order.push("second"), "second"));
    const third = queue.run("pr", async () => (order.push("third"), "third"));
    const other = queue.run("other", async () => (order.push("other"), "other"));
    await other;
    release();
    expect(await Promise.all([first, second, third])).toEqual(["first", SUPERSEDED, "third"]);
    expect(order).toEqual(["other", "first", "third"]);
    expect(queue.active).toBe(0);
  });

  it("passes a task's error to its caller and keeps serving the key", async () => {
    const queue = new KeyedQueue();
    await expect(queue.run("k", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await queue.run("k", async () => 1)).toBe(1);
  });
});

describe("DeliveryLog", () => {
  it("accepts a delivery id once, again after it was forgotten, and stays bounded", () => {
    const log = new DeliveryLog(2);
    expect(log.begin("a")).toBe(true);
    expect(log.begin("a")).toBe(false);
    log.forget("a");
    expect(log.begin("a")).toBe(true);
    log.begin("b");
    log.begin("c");
    expect(log.begin("a")).toBe(true); // evicted as the oldest
  });
});

describe("Prometheus registry", () => {
  it("renders counters and histograms in the text exposition format", () => {
    const registry = new Registry();
    const counter = registry.register(new Counter("x_total", "Things."));
    const histogram = registry.register(new Histogram("d_seconds", "Durations.", [1, 5]));
    counter.inc({ reason: 'a"b' });
    counter.inc({ reason: 'a"b' });
    histogram.observe(2);
    expect(registry.metrics()).toBe(
      [
        "# HELP x_total Things.",
        "# TYPE x_total counter",
        'x_total{reason="a\\"b"} 2',
        "# HELP d_seconds Durations.",
        "# TYPE d_seconds histogram",
        'd_seconds_bucket{le="1"} 0',
        'd_seconds_bucket{le="5"} 1',
        'd_seconds_bucket{le="+Inf"} 1',
        "d_seconds_sum 2",
        "d_seconds_count 1",
        "",
      ].join("\n"),
    );
  });
});
