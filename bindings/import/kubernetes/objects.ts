// Reading Kubernetes objects out of what users hand the importer: `kubectl get -o json|yaml` output
// (a `List`, `NodeList`, `PodList`, …, or a single object), several YAML documents per file, several
// files. Each object keeps the path it came from, so warnings name it (`nodes.yaml: items[3]`).

import { BerthError } from "../../errors.js";
import { parseYamlDocuments } from "../yaml.js";

export type Warn = (path: string, message: string) => void;

/** One input: text (JSON or YAML), an already parsed value, or either with a name for paths. */
export type KubernetesSource = string | object | { name: string; content: string | object };

export interface KubeObject {
  kind: string;
  apiVersion: string;
  path: string;
  body: Record<string, unknown>;
}

function parseText(text: string, name: string): unknown[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return [JSON.parse(text)];
    } catch (error) {
      throw new BerthError("E_PARSE", `${name}: not valid JSON (${(error as Error).message})`, name);
    }
  }
  try {
    return parseYamlDocuments(text);
  } catch (error) {
    if (error instanceof BerthError)
      throw new BerthError("E_PARSE", `${name}: ${error.message}`, `${name}: ${error.path}`);
    throw error;
  }
}

function collect(value: unknown, path: string, out: KubeObject[], warn: Warn): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => collect(item, `${path}[${i}]`, out, warn));
    return;
  }
  if (typeof value !== "object") {
    warn(path, "not a Kubernetes object; ignored");
    return;
  }
  const body = value as Record<string, unknown>;
  const kind = typeof body.kind === "string" ? body.kind : "";
  if (Array.isArray(body.items) && (kind === "" || kind.endsWith("List"))) {
    body.items.forEach((item, i) => collect(item, `${path}${path.endsWith(":") ? " " : "."}items[${i}]`, out, warn));
    return;
  }
  if (!kind) {
    warn(path, "an object without `kind`; ignored");
    return;
  }
  out.push({ kind, apiVersion: typeof body.apiVersion === "string" ? body.apiVersion : "", path, body });
}

export function readObjects(sources: KubernetesSource[], warn: Warn): KubeObject[] {
  const out: KubeObject[] = [];
  sources.forEach((source, i) => {
    const named =
      typeof source === "object" && source !== null && "name" in source && "content" in source && !("kind" in source);
    const name = named ? (source as { name: string }).name : `input[${i}]`;
    const content = named ? (source as { content: unknown }).content : source;
    const documents = typeof content === "string" ? parseText(content, name) : [content];
    documents.forEach((document, d) =>
      collect(document, documents.length > 1 ? `${name}: document ${d + 1}:` : `${name}:`, out, warn),
    );
  });
  return out;
}

export function meta(object: KubeObject): {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  const metadata = (object.body.metadata ?? {}) as Record<string, unknown>;
  const strings = (value: unknown): Record<string, string> => {
    const out: Record<string, string> = {};
    if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out[k] = String(v);
    return out;
  };
  return {
    name: typeof metadata.name === "string" ? metadata.name : "",
    namespace: typeof metadata.namespace === "string" && metadata.namespace ? metadata.namespace : "default",
    labels: strings(metadata.labels),
    annotations: strings(metadata.annotations),
  };
}
