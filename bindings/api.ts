// The public API, the same in every runtime (esbuild's lib/shared/types.ts plays this role there).
// Runtime entries (node.ts, browser.ts, workerd.ts) configure how the .wasm is loaded and then
// re-export everything from here.

export { BerthError, ERROR_CODES, isBerthError } from "./errors.js";
export type { ErrorCode } from "./errors.js";
export type * from "./types.js";
export { init, initWithModule } from "./engine/instance.js";
export { normalize } from "./input/normalize.js";
export { modelFromColumns } from "./input/columns.js";
export { place, placeColumns } from "./ops/place.js";
export { explain } from "./ops/explain.js";
export type { PlaceColumns } from "./input/columns.js";
export { analyze } from "./ops/analyze.js";
export { analyzeColumns } from "./ops/analyze.js";
export type { AnalyzeColumns, AnalyzeColumnsResult } from "./ops/analyze.js";
export { schedule } from "./ops/schedule.js";
export { validate } from "./validate/index.js";
export type { ValidationReport, Violation } from "./validate/index.js";
export { importWfFormat, importStg, importOtel, importKubernetes } from "./import/index.js";
export type { KubernetesImport, KubernetesWarning, KubernetesSource } from "./import/kubernetes/index.js";
export { exportKubernetes, kubectlScript } from "./export/kubernetes.js";
export type { KubernetesExport } from "./export/kubernetes.js";
export { whatIf } from "./whatif/index.js";
export type { WhatIfChanges, WhatIfResult, NodesNeeded } from "./whatif/index.js";
export { share } from "./ops/share.js";
export { plan } from "./ops/plan.js";
