// Fenced code blocks of a Markdown file, with their info string split into a language and flags
// (```` ```sh not-run ```` → lang "sh", flags ["not-run"]), and the line each starts on. The docs'
// conventions for these are in CONTRIBUTING.md ("Docs that cannot drift").

export function fencedBlocks(text) {
  const blocks = [];
  let open = null;
  text.split("\n").forEach((line, index) => {
    const fence = /^(\s*)```(.*)$/.exec(line);
    if (fence && open === null) {
      const [lang = "", ...flags] = fence[2].trim().split(/\s+/).filter(Boolean);
      open = { lang, flags, line: index + 1, indent: fence[1].length, body: [] };
    } else if (fence && open !== null) {
      blocks.push({ ...open, code: open.body.join("\n") });
      open = null;
    } else if (open !== null) {
      open.body.push(line.slice(Math.min(open.indent, line.length - line.trimStart().length)));
    }
  });
  return blocks;
}
