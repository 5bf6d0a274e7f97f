/**
 * The only way the console builds DOM: elements from tag names, text always as text nodes.
 * Data from the store (resource names, messages, tags) can be hostile, so nothing here ever
 * parses HTML (no innerHTML, no insertAdjacentHTML), attributes named on* or style are refused,
 * and links may only point at this origin.
 */
export type Child = Node | string | number | null | undefined | false | Child[];
type Handler = (event: Event) => void;
export type Props = Record<string, string | number | boolean | null | undefined | Handler>;

const SVG_NS = 'http://www.w3.org/2000/svg';
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href']);

/** A same-origin relative URL: starts with one "/" or "?" (no scheme, no "//host"). */
export function isLocalUrl(value: string): boolean {
  return /^(\/(?![/\\])|\?)/.test(value);
}

function applyProps(el: Element, props: Props | null | undefined): void {
  if (!props) return;
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') {
      if (!key.startsWith('on')) throw new Error(`handler for ${key} must be named on…`);
      el.addEventListener(key.slice(2).toLowerCase(), value);
      continue;
    }
    const name = key.toLowerCase();
    if (name.startsWith('on') || name === 'style' || name === 'srcdoc')
      throw new Error(`attribute ${key} refused`);
    const text = value === true ? '' : String(value);
    if (URL_ATTRIBUTES.has(name) && !isLocalUrl(text)) throw new Error(`non-local URL refused in ${key}`);
    el.setAttribute(key, text);
  }
}

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (typeof child === 'string' || typeof child === 'number')
      parent.appendChild(document.createTextNode(String(child)));
    else parent.appendChild(child);
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  applyProps(el, props);
  append(el, children);
  return el;
}

export function svg(tag: string, props?: Props | null, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag) as SVGElement;
  applyProps(el, props);
  append(el, children);
  return el;
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}
