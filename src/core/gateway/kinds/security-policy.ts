import type { FieldPath } from "../../model/manifest.js";
import { isRecord } from "../../load/objects.js";
import type { Authorization, AuthzRule, MergeType, SecurityFeatures, SecurityPolicy } from "../model.js";
import type { GatewayReader } from "./read.js";

/** Spec keys of a SecurityPolicy that are features (EG3); everything else is targeting. */
export const SECURITY_FEATURES = ["authorization", "jwt", "oidc", "basicAuth", "apiKeyAuth", "extAuth", "cors"] as const;

const hostOf = (uri: string | undefined): string | undefined => {
  if (!uri) return undefined;
  const m = /^[a-z]+:\/\/([^/:?#]+)/i.exec(uri);
  return m?.[1]?.toLowerCase();
};

const readAuthzRule = (r: GatewayReader, raw: Record<string, unknown>, path: FieldPath): AuthzRule => {
  const principal = r.record(raw.principal, [...path, "principal"]) ?? {};
  const operation = r.record(raw.operation, [...path, "operation"]);
  const jwt = r.record(principal.jwt, [...path, "principal", "jwt"]);
  const jwtPath = [...path, "principal", "jwt"];
  const path_ = r.record(operation?.path, [...path, "operation", "path"]);
  return {
    object: r.object,
    path,
    name: r.string(raw.name, [...path, "name"]),
    action: r.enumOf(raw.action, [...path, "action"], ["Allow", "Deny"] as const, "Deny"),
    methods: r.strings(operation?.methods, [...path, "operation", "methods"]),
    operationPath: path_ ? { type: String(path_.type ?? "PathPrefix"), value: String(path_.value ?? "/") } : undefined,
    clientCIDRs: r.strings(principal.clientCIDRs, [...path, "principal", "clientCIDRs"]),
    jwt: jwt
      ? {
          provider: r.string(jwt.provider, [...jwtPath, "provider"]) ?? "",
          claims: r.items(jwt.claims, [...jwtPath, "claims"]).map(({ item, path: p }) => ({
            name: r.string(item.name, [...p, "name"]) ?? "",
            values: r.strings(item.values, [...p, "values"]),
            valueType: r.string(item.valueType, [...p, "valueType"]) ?? "String",
          })),
          scopes: r.strings(jwt.scopes, [...jwtPath, "scopes"]),
        }
      : undefined,
    headers: r.items(principal.headers, [...path, "principal", "headers"]).map(({ item, path: p }) => ({
      name: r.string(item.name, [...p, "name"]) ?? "",
      values: r.strings(item.values, [...p, "values"]),
    })),
    geo: principal.clientIPGeoLocations !== undefined,
    cel: typeof raw.cel === "string" ? raw.cel : isRecord(raw.cel) ? JSON.stringify(raw.cel) : undefined,
  };
};

/** §5.3: unset defaultAction = Deny. */
const readAuthorization = (r: GatewayReader, raw: unknown, path: FieldPath): Authorization | undefined => {
  const a = r.record(raw, path);
  if (!a) return undefined;
  return {
    object: r.object,
    path,
    defaultAction: r.enumOf(a.defaultAction, [...path, "defaultAction"], ["Allow", "Deny"] as const, "Deny"),
    rules: r.items(a.rules, [...path, "rules"]).map(({ item, path: p }) => readAuthzRule(r, item, p)),
  };
};

/**
 * Read the feature fields of a SecurityPolicy spec (or of a merged spec, §5.1). `path` is where
 * the spec sits in `r.object` (always `["spec"]`; merged specs keep the child's positions).
 */
export const readSecurityFeatures = (r: GatewayReader, spec: Record<string, unknown>): SecurityFeatures => {
  const jwt = r.record(spec.jwt, ["spec", "jwt"]);
  const extAuth = r.record(spec.extAuth, ["spec", "extAuth"]);
  const providers = r.items(jwt?.providers, ["spec", "jwt", "providers"]).map(({ item, path }) => {
    const remote = r.record(item.remoteJWKS, [...path, "remoteJWKS"]);
    return {
      name: r.string(item.name, [...path, "name"]) ?? "",
      issuer: r.string(item.issuer, [...path, "issuer"]),
      jwksHost: hostOf(r.string(remote?.uri, [...path, "remoteJWKS", "uri"])),
    };
  });
  return {
    authorization: readAuthorization(r, spec.authorization, ["spec", "authorization"]),
    jwt: jwt
      ? { providers, optional: jwt.optional === true, failOpen: jwt.failOpen === true }
      : undefined,
    oidc: isRecord(spec.oidc),
    basicAuth: isRecord(spec.basicAuth),
    apiKeyAuth: isRecord(spec.apiKeyAuth),
    extAuth: extAuth ? { failOpen: extAuth.failOpen === true } : undefined,
    cors: isRecord(spec.cors),
    present: SECURITY_FEATURES.filter((f) => spec[f] !== undefined && spec[f] !== null),
  };
};

export const readSecurityPolicy = (r: GatewayReader): SecurityPolicy => {
  const { spec } = r;
  const rawFeatures: Record<string, unknown> = {};
  for (const f of SECURITY_FEATURES) if (spec[f] !== undefined) rawFeatures[f] = spec[f];
  const mergeType = spec.mergeType === undefined ? undefined : r.enumOf(spec.mergeType, ["spec", "mergeType"], ["StrategicMerge", "JSONMerge"] as const, "StrategicMerge");
  return {
    meta: r.meta(),
    targetRefs: r.targetRefs(spec),
    targetSelectors: r.targetSelectors(spec),
    mergeType: mergeType as MergeType | undefined,
    features: readSecurityFeatures(r, spec),
    rawFeatures,
  };
};
