/**
 * A minimal Prometheus registry (text exposition format 0.0.4): counters, gauges and histograms
 * with labels. Hand-rolled because `prom-client` is not a dependency; the surface mirrors it
 * (`inc`, `set`, `observe`, `metrics()`), so swapping it in later touches only this file and
 * metrics.ts.
 */
type Labels = Readonly<Record<string, string>>;

const labelKey = (labels: Labels): string =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}="${escapeLabel(labels[k] ?? "")}"`)
    .join(",");

const escapeLabel = (value: string): string => value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

const sample = (name: string, key: string, value: number): string => `${name}${key ? `{${key}}` : ""} ${formatNumber(value)}`;

const formatNumber = (n: number): string => (Number.isFinite(n) ? String(n) : n > 0 ? "+Inf" : n < 0 ? "-Inf" : "NaN");

interface Metric {
  render(): string[];
}

abstract class Labelled implements Metric {
  protected readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly type: "counter" | "gauge",
  ) {}
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
    for (const [key, value] of this.values) lines.push(sample(this.name, key, value));
    return lines;
  }
  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels)) ?? 0;
  }
}

export class Counter extends Labelled {
  constructor(name: string, help: string) {
    super(name, help, "counter");
  }
  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
}

export class Gauge extends Labelled {
  constructor(name: string, help: string) {
    super(name, help, "gauge");
  }
  set(value: number, labels: Labels = {}): void {
    this.values.set(labelKey(labels), value);
  }
}

export class Histogram implements Metric {
  readonly #series = new Map<string, { buckets: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly bounds: readonly number[],
  ) {}
  observe(value: number, labels: Labels = {}): void {
    const key = labelKey(labels);
    const series = this.#series.get(key) ?? { buckets: this.bounds.map(() => 0), sum: 0, count: 0 };
    this.bounds.forEach((bound, i) => {
      if (value <= bound) series.buckets[i]! += 1;
    });
    series.sum += value;
    series.count += 1;
    this.#series.set(key, series);
  }
  count(labels: Labels = {}): number {
    return this.#series.get(labelKey(labels))?.count ?? 0;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, s] of this.#series) {
      const join = (le: string) => (key ? `${key},le="${le}"` : `le="${le}"`);
      this.bounds.forEach((bound, i) => lines.push(sample(`${this.name}_bucket`, join(String(bound)), s.buckets[i]!)));
      lines.push(sample(`${this.name}_bucket`, join("+Inf"), s.count));
      lines.push(sample(`${this.name}_sum`, key, s.sum), sample(`${this.name}_count`, key, s.count));
    }
    return lines;
  }
}

export class Registry {
  readonly #metrics: Metric[] = [];
  register<M extends Metric>(metric: M): M {
    this.#metrics.push(metric);
    return metric;
  }
  metrics(): string {
    return this.#metrics.flatMap((m) => m.render()).join("\n") + "\n";
  }
  readonly contentType = "text/plain; version=0.0.4; charset=utf-8";
}
