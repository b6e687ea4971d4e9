// A small, safe Markdown renderer for card `detail` (CDS Hooks: GitHub-Flavored Markdown).
// It builds DOM nodes and sets only textContent: card text is never parsed as HTML, so raw
// HTML in a card shows as text. Subset: paragraphs, **bold**, *italic*, `code`, lists,
// blockquotes, headings, fenced code, [links](https://...) and hard line breaks.

const SAFE_URL = /^(https?:|mailto:|\/(?!\/)|#)/i;

/** True for URLs a card may link to: http(s), mailto, same-site paths; never javascript: etc. */
export function isSafeUrl(url) {
  return SAFE_URL.test(url.trim());
}

function el(tag, ...children) {
  const node = document.createElement(tag);
  for (const child of children) node.append(child);
  return node;
}

function findClosing(text, marker, from) {
  let i = text.indexOf(marker, from);
  while (i !== -1) {
    if (text[i - 1] !== "\\" && text[i - 1] !== " ") return i;
    i = text.indexOf(marker, i + 1);
  }
  return -1;
}

/** The index of the ")" that closes a link destination, allowing balanced "(...)" inside. */
function closingParen(text, from) {
  let depth = 0;
  for (let i = from; i < text.length; i += 1) {
    if (text[i] === "(") depth += 1;
    else if (text[i] === ")" && depth-- === 0) return i;
  }
  return -1;
}

/** Append the inline Markdown of `text` to `parent` as nodes. */
export function renderInline(text, parent) {
  let buffer = "";
  const flush = () => {
    if (buffer) parent.append(document.createTextNode(buffer));
    buffer = "";
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "\\" && i + 1 < text.length && /[\\`*_[\]()#>+\-.!]/.test(text[i + 1])) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === "`") {
      const end = text.indexOf("`", i + 1);
      if (end > i + 1) {
        flush();
        parent.append(el("code", text.slice(i + 1, end)));
        i = end + 1;
        continue;
      }
    }
    if (text.startsWith("**", i) && text[i + 2] && text[i + 2] !== " ") {
      const end = findClosing(text, "**", i + 2);
      if (end > i + 2) {
        flush();
        const strong = el("strong");
        renderInline(text.slice(i + 2, end), strong);
        parent.append(strong);
        i = end + 2;
        continue;
      }
    }
    if (ch === "*" && text[i + 1] && text[i + 1] !== " " && text[i + 1] !== "*") {
      let end = findClosing(text, "*", i + 1);
      while (end !== -1 && text[end + 1] === "*") end = findClosing(text, "*", end + 2);
      if (end > i + 1) {
        flush();
        const em = el("em");
        renderInline(text.slice(i + 1, end), em);
        parent.append(em);
        i = end + 1;
        continue;
      }
    }
    if (ch === "[") {
      const close = text.indexOf("](", i + 1);
      const end = close === -1 ? -1 : closingParen(text, close + 2);
      if (close !== -1 && end !== -1) {
        const label = text.slice(i + 1, close);
        const url = text.slice(close + 2, end).trim();
        flush();
        if (isSafeUrl(url)) {
          const link = el("a");
          link.href = url;
          link.rel = "noopener noreferrer";
          link.target = "_blank";
          renderInline(label, link);
          parent.append(link);
        } else {
          renderInline(label, parent);
        }
        i = end + 1;
        continue;
      }
    }
    buffer += ch;
    i += 1;
  }
  flush();
}

function renderParagraphLines(lines, parent) {
  lines.forEach((line, index) => {
    const hard = / {2,}$|\\$/.test(line);
    const content = line.replace(/ {2,}$|\\$/, "").trim();
    renderInline(content, parent);
    if (index < lines.length - 1) parent.append(hard ? el("br") : document.createTextNode(" "));
  });
}

const BULLET = /^( *)([-*+]) +(.*)$/;
const ORDERED = /^( *)(\d{1,9})[.)] +(.*)$/;

function listItemStart(line) {
  const match = BULLET.exec(line) || ORDERED.exec(line);
  if (!match || /^ *(\*\s*){3,}$/.test(line)) return null;
  return {
    indent: match[1].length,
    ordered: !BULLET.test(line),
    start: Number(match[2]) || 1,
    text: match[3],
    width: match[1].length + match[2].length + 1,
  };
}

/** Render block-level Markdown lines into `parent`. */
function renderBlocks(lines, parent) {
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i += 1;
      continue;
    }
    const fence = /^ *```/.exec(line);
    if (fence) {
      const code = [];
      i += 1;
      while (i < lines.length && !/^ *```/.test(lines[i])) code.push(lines[i++]);
      i += 1;
      parent.append(el("pre", el("code", code.join("\n"))));
      continue;
    }
    const heading = /^(#{1,6}) +(.*?)#*$/.exec(line);
    if (heading) {
      const node = el(`h${Math.min(6, heading[1].length + 3)}`);
      renderInline(heading[2].trim(), node);
      parent.append(node);
      i += 1;
      continue;
    }
    if (/^ *>/.test(line)) {
      const quoted = [];
      while (i < lines.length && /^ *>/.test(lines[i])) {
        quoted.push(lines[i].replace(/^ *> ?/, ""));
        i += 1;
      }
      const quote = el("blockquote");
      renderBlocks(quoted, quote);
      parent.append(quote);
      continue;
    }
    const item = listItemStart(line);
    if (item) {
      i = renderList(lines, i, item, parent);
      continue;
    }
    const paragraph = [];
    while (
      i < lines.length &&
      lines[i].trim() &&
      !/^ *(>|```|#{1,6} )/.test(lines[i]) &&
      !listItemStart(lines[i])
    ) {
      paragraph.push(lines[i]);
      i += 1;
    }
    const p = el("p");
    renderParagraphLines(paragraph, p);
    parent.append(p);
  }
}

function renderList(lines, i, first, parent) {
  const list = el(first.ordered ? "ol" : "ul");
  if (first.ordered && first.start !== 1) list.start = first.start;
  while (i < lines.length) {
    const item = listItemStart(lines[i]);
    if (!item || item.indent !== first.indent || item.ordered !== first.ordered) break;
    const body = [item.text];
    i += 1;
    while (i < lines.length) {
      const next = lines[i];
      const nested = listItemStart(next);
      if (nested && nested.indent <= first.indent) break;
      if (!next.trim()) {
        const following = lines[i + 1] ?? "";
        if (/^ {2,}\S/.test(following) && !(listItemStart(following)?.indent <= first.indent)) {
          body.push("");
          i += 1;
          continue;
        }
        break;
      }
      if (!nested && !/^ /.test(next)) {
        body.push(next);
        i += 1;
        continue;
      }
      body.push(next.slice(Math.min(item.width, next.length - next.trimStart().length)));
      i += 1;
    }
    const li = el("li");
    const blocks = body.some((b) => !b.trim()) || body.slice(1).some((b) => listItemStart(b));
    if (blocks) {
      renderBlocks(body, li);
    } else {
      renderParagraphLines(body, li);
    }
    list.append(li);
  }
  parent.append(list);
  return i;
}

/** The Markdown `text` as a DocumentFragment of safe nodes. */
export function renderMarkdown(text) {
  const fragment = document.createDocumentFragment();
  renderBlocks(String(text ?? "").replace(/\r\n?/g, "\n").split("\n"), fragment);
  return fragment;
}
