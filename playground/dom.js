// Tiny DOM and SVG builders for the playground. Text from the problem (ids, labels) only ever goes
// through textContent, never innerHTML, so a pasted problem cannot inject markup.

const SVG_NS = "http://www.w3.org/2000/svg";

/** An HTML element with attributes and children (strings become text nodes). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes))
    if (value !== undefined && value !== null) element.setAttribute(name, String(value));
  element.append(
    ...children
      .flat()
      .filter((child) => child !== null && child !== undefined)
      .map((child) => (typeof child === "object" ? child : String(child))),
  );
  return element;
}

/** An SVG element; a `title` attribute becomes a <title> child (the hover tooltip). */
export function s(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "title") continue;
    if (value !== undefined && value !== null) element.setAttribute(name, String(value));
  }
  if (attributes.title) {
    const title = document.createElementNS(SVG_NS, "title");
    title.textContent = attributes.title;
    element.append(title);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    element.append(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** A stable colour per id (FNV-1a hash → hue), so a unit keeps its colour across runs. */
export function colorFor(id) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return `hsl(${hash % 360} 62% 58%)`;
}

/** Numbers as people read them: at most 4 significant decimals, no float noise. */
export function formatNumber(value) {
  if (typeof value !== "number") return String(value);
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}
