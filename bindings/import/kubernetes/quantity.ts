// Kubernetes resource quantities → numbers: `cpu` in cores ("250m" → 0.25), every other resource in
// its base unit (bytes for memory and ephemeral-storage, a count for pods and extended resources).
// Grammar (k8s.io/apimachinery/pkg/api/resource, quantity.go): sign? digits (. digits)? then a
// binary suffix (Ki Mi Gi Ti Pi Ei = 2^10…2^60), a decimal suffix (n u m "" k M G T P E =
// 10^-9…10^18) or an exponent (e|E)±digits. JSON numbers are taken as they are.

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};
const QUANTITY = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/** The quantity's value, or undefined when the text is not a quantity. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const match = QUANTITY.exec(value.trim());
  if (!match) return undefined;
  const [, sign, digits, exponent, suffix] = match;
  let number: number;
  if (exponent) number = Number(`${digits}${exponent}`);
  else if (suffix && suffix in BINARY) number = Number(digits) * BINARY[suffix];
  else {
    // Scale by a power of ten through the decimal text, so "3920m" is exactly 3.92.
    const power = Math.round(Math.log10(DECIMAL[suffix ?? ""]));
    number = power === 0 ? Number(digits) : Number(`${digits}e${power}`);
  }
  return sign === "-" ? -number : number;
}
