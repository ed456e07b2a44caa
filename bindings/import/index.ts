// Importers: other formats → a Berth Problem (each in its own file).
export { importWfFormat } from "./wfformat.js";
export { importStg } from "./stg.js";
export { importOtel } from "./otel.js";
export { importKubernetes } from "./kubernetes/index.js";
