/**
 * A small, tolerant XML reader that keeps source offsets for every element, attribute name and
 * attribute value. It never throws: a malformed document yields errors (the first one is the
 * precise one; later ones are usually consequences) and as much of the tree as could be read, so
 * the rules can still check the rest while the user is typing.
 *
 * Not a validating parser: DTDs are skipped, entities beyond the XML built-ins and character
 * references are left as written.
 */
import type { TextRange } from './types';

export interface XmlAttribute {
  /** Qualified name as written, e.g. `camunda:jobPriority`. */
  name: string;
  prefix: string;
  local: string;
  /** Resolved namespace URI ('' when the attribute has no prefix). */
  ns: string;
  /** Value with entities decoded. */
  value: string;
  /** The value exactly as written between the quotes. */
  rawValue: string;
  nameRange: TextRange;
  /** Range of the value inside the quotes (empty range for `a=""`). */
  valueRange: TextRange;
  /** From the first character of the name to the closing quote. */
  range: TextRange;
}

export interface XmlElement {
  name: string;
  prefix: string;
  local: string;
  ns: string;
  attributes: XmlAttribute[];
  children: XmlElement[];
  parent: XmlElement | undefined;
  /** From `<` of the start tag to `>` of the end tag (or of the start tag when self-closing). */
  range: TextRange;
  startTag: TextRange;
  nameRange: TextRange;
  /** Between the start and the end tag; undefined for self-closing elements. */
  contentRange: TextRange | undefined;
  /** Direct character data (text and CDATA, decoded), concatenated. */
  text: string;
  /** Range of the direct text content with surrounding white space trimmed off. */
  textRange: TextRange | undefined;
  selfClosing: boolean;
  /** False when the document ended (or was cut) before this element's end tag. */
  closed: boolean;
}

export interface XmlError { message: string; range: TextRange }

export interface XmlDocument {
  text: string;
  root: XmlElement | undefined;
  errors: XmlError[];
}

const BUILTIN_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five built-in entities and numeric character references; unknown ones stay as written. */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/g, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return BUILTIN_ENTITIES[body] ?? whole;
  });
}

/** An XML name at the sticky position (set `lastIndex` first). */
const NAME = /[A-Za-z_:\u00C0-\uFFFF][A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]*/y;
/** XML white space (space, tab, CR, LF) plus the other characters `\s` would accept. */
const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff || (c > 0x1000 && /\s/.test(String.fromCharCode(c)));
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

function splitName(name: string): { prefix: string; local: string } {
  const i = name.indexOf(':');
  return i < 0 ? { prefix: '', local: name } : { prefix: name.slice(0, i), local: name.slice(i + 1) };
}

function describe(ch: string | undefined): string {
  if (ch === undefined) return 'the end of the document';
  if (ch === '\n' || ch === '\r') return 'a line break';
  return `'${ch}'`;
}

/** Parses `text`; see the module comment for the tolerance rules. */
export function parseXml(text: string): XmlDocument {
  const errors: XmlError[] = [];
  const len = text.length;
  let pos = 0;
  let root: XmlElement | undefined;
  const stack: XmlElement[] = [];
  /** Namespace scopes, parallel to the element stack (index 0 = document scope). */
  const scopes: Map<string, string>[] = [new Map([['xml', XML_NS]])];
  /** prefix → the URIs bound to it by the open scopes, innermost last: O(1) lookups at any depth. */
  const bindings = new Map<string, string[]>([['xml', [XML_NS]]]);
  const pushScope = (scope: Map<string, string>) => {
    scopes.push(scope);
    for (const [p, uri] of scope) {
      const b = bindings.get(p);
      if (b) b.push(uri); else bindings.set(p, [uri]);
    }
  };
  const popScope = () => {
    const scope = scopes.pop();
    if (scope) for (const p of scope.keys()) bindings.get(p)?.pop();
  };
  const textStart: number[] = [];
  const textEnd: number[] = [];

  const error = (message: string, start: number, end = start + 1) => {
    errors.push({ message, range: { start: Math.min(start, len), end: Math.min(Math.max(end, start), len) } });
  };
  const lookup = (prefix: string): string | undefined => {
    const b = bindings.get(prefix);
    return b && b.length ? b[b.length - 1] : undefined;
  };
  const readName = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(text);
    if (!m) return '';
    pos += m[0].length;
    return m[0];
  };
  const skipSpace = () => { while (pos < len && isSpace(text.charCodeAt(pos))) pos++; };
  const addText = (el: XmlElement | undefined, s: string, start: number, end: number) => {
    if (!el) {
      if (s.trim()) error('Text is not allowed outside the root element.', start, end);
      return;
    }
    el.text += s;
    // Track the trimmed extent of direct text for ranges (e.g. the retry-cycle element's value).
    let a = start, b = end;
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
    if (a < b) {
      const depth = stack.length - 1;
      if (textStart[depth] === undefined || a < textStart[depth]) textStart[depth] = a;
      if (textEnd[depth] === undefined || b > textEnd[depth]) textEnd[depth] = b;
    }
  };

  while (pos < len) {
    const lt = text.indexOf('<', pos);
    const current = stack[stack.length - 1];
    if (lt < 0) { addText(current, decodeEntities(text.slice(pos)), pos, len); pos = len; break; }
    if (lt > pos) addText(current, decodeEntities(text.slice(pos, lt)), pos, lt);
    pos = lt;
    if (text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos + 4);
      if (end < 0) { error('Comment is not closed: add "-->".', pos, pos + 4); pos = len; break; }
      pos = end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', pos)) {
      const end = text.indexOf(']]>', pos + 9);
      if (end < 0) { error('CDATA section is not closed: add "]]>".', pos, pos + 9); pos = len; break; }
      addText(current, text.slice(pos + 9, end), pos + 9, end);
      pos = end + 3;
      continue;
    }
    if (text.startsWith('<?', pos)) {
      const end = text.indexOf('?>', pos + 2);
      if (end < 0) { error('Processing instruction is not closed: add "?>".', pos, pos + 2); pos = len; break; }
      pos = end + 2;
      continue;
    }
    if (text.startsWith('<!', pos)) {
      // DOCTYPE and other declarations: skip to the matching '>' (internal subsets in brackets).
      let depth = 0, i = pos + 2;
      for (; i < len; i++) {
        if (text[i] === '[') depth++;
        else if (text[i] === ']') depth--;
        else if (text[i] === '>' && depth <= 0) break;
      }
      if (i >= len) { error('Declaration is not closed: add ">".', pos, pos + 2); pos = len; break; }
      pos = i + 1;
      continue;
    }
    if (text[pos + 1] === '/') {
      // End tag.
      const tagStart = pos;
      pos += 2;
      const name = readName();
      skipSpace();
      if (text[pos] !== '>') {
        error(name ? `End tag </${name}> is not closed: expected '>' but found ${describe(text[pos])}.` : `Expected an element name after '</' but found ${describe(text[pos])}.`, pos);
        const next = text.indexOf('>', pos);
        const nextLt = text.indexOf('<', pos);
        pos = next >= 0 && (nextLt < 0 || next < nextLt) ? next + 1 : (nextLt >= 0 ? nextLt : len);
      } else {
        pos++;
      }
      let match = -1;
      for (let i = stack.length - 1; i >= 0; i--) if (stack[i].name === name) { match = i; break; }
      if (match < 0) {
        error(current
          ? `Unexpected end tag </${name}>: the open element is <${current.name}> (line of its start tag: see there). Remove this end tag or add the missing start tag.`
          : `Unexpected end tag </${name}>: no element is open.`, tagStart, pos);
        continue;
      }
      while (stack.length - 1 > match) {
        const unclosed = stack.pop()!;
        finish(unclosed, tagStart, false);
        error(`Element <${unclosed.name}> is not closed: add </${unclosed.name}> before </${name}>.`, unclosed.nameRange.start - 1, unclosed.nameRange.end);
      }
      const el = stack.pop()!;
      el.contentRange = { start: el.startTag.end, end: tagStart };
      finish(el, pos, true);
      continue;
    }
    // Start tag.
    const tagStart = pos;
    pos++;
    const nameStart = pos;
    const name = readName();
    if (!name) {
      error(`'<' must start a tag or be written as '&lt;' (found ${describe(text[pos])} after it).`, tagStart, tagStart + 1);
      addText(current, '<', tagStart, tagStart + 1);
      continue;
    }
    const { prefix, local } = splitName(name);
    const el: XmlElement = {
      name, prefix, local, ns: '', attributes: [], children: [], parent: current,
      range: { start: tagStart, end: tagStart }, startTag: { start: tagStart, end: tagStart },
      nameRange: { start: nameStart, end: pos }, contentRange: undefined, text: '', textRange: undefined,
      selfClosing: false, closed: false,
    };
    const scope = new Map<string, string>();
    let tagOk = true;
    for (;;) {
      const beforeSpace = pos;
      skipSpace();
      const ch = text[pos];
      if (ch === '>') { pos++; break; }
      if (ch === '/' && text[pos + 1] === '>') { pos += 2; el.selfClosing = true; break; }
      if (ch === undefined || ch === '<') {
        error(`Start tag <${name}> is not closed: expected '>' or '/>' but found ${describe(ch)}.`, ch === undefined ? len : pos, ch === undefined ? len : pos + 1);
        tagOk = false;
        break;
      }
      if (pos === beforeSpace && el.attributes.length > 0) {
        error(`Expected white space between attributes of <${name}>.`, pos);
      }
      const attrStart = pos;
      const attrName = readName();
      if (!attrName) {
        error(`Unexpected ${describe(ch)} in start tag <${name}>: expected an attribute name, '>' or '/>'.`, pos);
        pos++;
        continue;
      }
      const nameEnd = pos;
      skipSpace();
      if (text[pos] !== '=') {
        error(`Attribute '${attrName}' of <${name}> has no value: write ${attrName}="...".`, attrStart, nameEnd);
        continue;
      }
      pos++;
      skipSpace();
      const quote = text[pos];
      if (quote !== '"' && quote !== "'") {
        error(`The value of attribute '${attrName}' must be in quotes: found ${describe(quote)}.`, pos);
        // Recover: take the unquoted token as the value.
        const vs = pos;
        while (pos < len && !/[\s>/<]/.test(text[pos])) pos++;
        pushAttr(el, attrName, attrStart, nameEnd, vs, pos, pos);
        continue;
      }
      const vs = pos + 1;
      const ve = text.indexOf(quote, vs);
      const lt2 = text.indexOf('<', vs);
      if (ve < 0 || (lt2 >= 0 && lt2 < ve)) {
        error(`The value of attribute '${attrName}' is not closed: add the closing ${quote}.`, pos, pos + 1);
        const stop = lt2 >= 0 ? lt2 : len;
        pushAttr(el, attrName, attrStart, nameEnd, vs, stop, stop);
        pos = stop;
        tagOk = false;
        break;
      }
      const swallowed = /\s([A-Za-z_][\w:.-]*)\s*=\s*$/.exec(text.slice(vs, ve));
      if (swallowed) {
        // `id="a name="b"`: the quote after `a` is missing and the value ran into the next attribute.
        error(`The value of attribute '${attrName}' runs into the next attribute '${swallowed[1]}': a closing ${quote} seems to be missing.`, vs, vs + swallowed.index);
      }
      pushAttr(el, attrName, attrStart, nameEnd, vs, ve, ve + 1);
      pos = ve + 1;
    }
    el.startTag = { start: tagStart, end: pos };
    // Namespace declarations of this element apply to its own name and attributes.
    for (const a of el.attributes) {
      if (a.name === 'xmlns') scope.set('', a.value);
      else if (a.prefix === 'xmlns') scope.set(a.local, a.value);
    }
    pushScope(scope);
    el.ns = lookup(prefix) ?? '';
    if (prefix && lookup(prefix) === undefined && prefix !== 'xmlns') {
      error(`Namespace prefix '${prefix}' of <${name}> is not declared: add xmlns:${prefix}="..." to the root element.`, nameStart, nameStart + prefix.length);
    }
    const seen = new Set<string>();
    for (const a of el.attributes) {
      if (seen.has(a.name)) error(`Attribute '${a.name}' appears twice on <${name}>.`, a.nameRange.start, a.nameRange.end);
      seen.add(a.name);
      if (a.prefix && a.prefix !== 'xmlns') {
        const ns = lookup(a.prefix);
        if (ns === undefined) error(`Namespace prefix '${a.prefix}' of attribute '${a.name}' is not declared: add xmlns:${a.prefix}="..." to the root element.`, a.nameRange.start, a.nameRange.start + a.prefix.length);
        a.ns = ns ?? '';
      }
    }
    if (current) current.children.push(el);
    else if (!root) root = el;
    else error(`A document has one root element; <${name}> is a second one.`, tagStart, pos);
    if (el.selfClosing) {
      popScope();
      el.range = { start: tagStart, end: pos };
      el.closed = true;
    } else {
      stack.push(el);
      textStart[stack.length - 1] = undefined as unknown as number;
      textEnd[stack.length - 1] = undefined as unknown as number;
      if (!tagOk && text[pos] !== '<') { /* cut at end */ }
    }
  }
  while (stack.length) {
    const el = stack.pop()!;
    error(`Element <${el.name}> is not closed: add </${el.name}>.`, el.nameRange.start - 1, el.nameRange.end);
    el.contentRange = { start: el.startTag.end, end: len };
    finish(el, len, false);
  }
  if (!root && !errors.length) error('The document has no root element.', 0, Math.min(len, 1));

  // Keep only the first error as "the" error; later ones are kept too (callers decide) but sorted by position.
  return { text, root, errors };

  function pushAttr(el: XmlElement, attrName: string, s: number, nameEnd: number, vs: number, ve: number, end: number) {
    const { prefix, local } = splitName(attrName);
    const rawValue = text.slice(vs, ve);
    el.attributes.push({
      name: attrName, prefix, local, ns: '', value: decodeEntities(rawValue), rawValue,
      nameRange: { start: s, end: nameEnd }, valueRange: { start: vs, end: ve }, range: { start: s, end },
    });
  }

  function finish(el: XmlElement, end: number, closed: boolean) {
    const depth = stack.length; // el was at this depth before popping
    el.range = { start: el.range.start, end };
    el.closed = closed;
    const a = textStart[depth], b = textEnd[depth];
    if (a !== undefined && b !== undefined) el.textRange = { start: a, end: b };
    textStart[depth] = undefined as unknown as number;
    textEnd[depth] = undefined as unknown as number;
    popScope();
  }
}

/** Attribute by namespace URI (any of `nsUris`) and local name. */
export function attr(el: XmlElement, nsUris: readonly string[], local: string): XmlAttribute | undefined {
  return el.attributes.find(a => a.local === local && a.prefix !== '' && nsUris.includes(a.ns));
}

/** Attribute without a namespace (e.g. `id`, `name`). */
export function plainAttr(el: XmlElement, local: string): XmlAttribute | undefined {
  return el.attributes.find(a => a.prefix === '' && a.local === local);
}

/** Direct children with the given namespace and local name. */
export function childrenNS(el: XmlElement, nsUris: readonly string[], local?: string): XmlElement[] {
  return el.children.filter(c => nsUris.includes(c.ns) && (local === undefined || c.local === local));
}

/** Maps offsets to 0-based line/character, like VS Code positions. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) { if (text.charCodeAt(i + 1) === 10) i++; this.starts.push(i + 1); }
    }
  }
  position(offset: number): { line: number; character: number } {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }
  offset(line: number, character: number): number {
    return (this.starts[Math.min(line, this.starts.length - 1)] ?? 0) + character;
  }
}
