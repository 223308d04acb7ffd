import { parse } from "yaml";
import { diagnostic } from "../../model/diagnostic.js";
import type { DiagnosticSink } from "../../model/diagnostic.js";
import type { ManifestObject } from "../../model/manifest.js";
import { objectRef } from "../../model/manifest.js";
import { isRecord } from "../../load/objects.js";
import type { EgConfig } from "../model.js";
import { DEFAULT_CONTROLLER_NAME, DEFAULT_CONTROLLER_NAMESPACE } from "../model.js";

export const EG_CONFIG_MAP = "envoy-gateway-config";
const EG_CONFIG_KEY = "envoy-gateway.yaml";

export const defaultEgConfig = (): EgConfig => ({
  controllerName: DEFAULT_CONTROLLER_NAME,
  controllerNamespace: DEFAULT_CONTROLLER_NAMESPACE,
  enableBackend: false,
  enableEnvoyPatchPolicy: false,
  gatewayNamespaceMode: false,
  source: undefined,
});

const at = (o: Record<string, unknown>, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (isRecord(v) ? v[k] : undefined), o);

/**
 * The EG startup config (§1): controller name (A2), `extensionApis.enableBackend` (C5, T11),
 * `enableEnvoyPatchPolicy` (T12) and the deploy mode that decides where proxy pods run (§6.2 step 3).
 * The embedded YAML is parsed here; a syntax error is a diagnostic and the defaults apply.
 */
export function readEgConfig(object: ManifestObject, report: DiagnosticSink): EgConfig {
  const config = defaultEgConfig();
  const data = isRecord(object.body.data) ? object.body.data : {};
  const text = data[EG_CONFIG_KEY];
  const source = { object, path: ["data", EG_CONFIG_KEY] };
  if (typeof text !== "string") return { ...config, controllerNamespace: object.namespace ?? config.controllerNamespace, source };
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 100 });
  } catch (e) {
    const message = `${EG_CONFIG_KEY} is not valid YAML (${e instanceof Error ? e.message : String(e)}); Envoy Gateway defaults were assumed`;
    report(diagnostic("GATEWAY_EG_CONFIG_INVALID", "warning", message, object.at(source.path), { object: objectRef(object) }));
    return config;
  }
  const c = isRecord(doc) ? doc : {};
  const name = at(c, "gateway", "controllerName");
  return {
    controllerName: typeof name === "string" ? name : config.controllerName,
    controllerNamespace: object.namespace ?? config.controllerNamespace,
    enableBackend: at(c, "extensionApis", "enableBackend") === true,
    enableEnvoyPatchPolicy: at(c, "extensionApis", "enableEnvoyPatchPolicy") === true,
    gatewayNamespaceMode: at(c, "provider", "kubernetes", "deploy", "type") === "GatewayNamespace",
    source,
  };
}
