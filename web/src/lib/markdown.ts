// Model output -> safe HTML. marked renders Markdown; raw HTML in the output is never
// interpreted: apart from a few bare formatting tags (<b>, <br>, <sub> … without attributes)
// it is shown as literal text. DOMPurify then sanitises the whole result as a second line of
// defence, so no script, event handler or javascript: URL from a model can ever run.
// Escaping is done by highlight.js (code) and marked (text), never by hand.
import { Marked, type Tokens } from 'marked';
import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/common';

const SAFE_BARE_TAG = /^<\/?(b|i|em|strong|u|s|del|ins|sub|sup|kbd|mark|small|br|hr)\s*\/?>$/i;
const LANG_NAME = /^[\w+#.-]{1,24}$/;

/** Escapes text for HTML through highlight.js's plaintext mode. */
function escapeText(text: string): string {
  return hljs.highlight(text, { language: 'plaintext', ignoreIllegals: true }).value;
}

function makeMarked(highlight: boolean): Marked {
  return new Marked({
    gfm: true,
    breaks: false,
    async: false,
    renderer: {
      html(token: Tokens.HTML | Tokens.Tag): string {
        const text = token.text;
        if (SAFE_BARE_TAG.test(text.trim())) return text.trim();
        const shown = `<span class="raw-html">${escapeText(text)}</span>`;
        return 'block' in token && token.block ? `<p>${shown}</p>` : shown;
      },
      code(token: Tokens.Code): string {
        const lang = (token.lang ?? '').trim().split(/\s+/)[0] ?? '';
        const known = LANG_NAME.test(lang) && !!hljs.getLanguage(lang);
        let body: string;
        if (highlight && known) body = hljs.highlight(token.text, { language: lang, ignoreIllegals: true }).value;
        else if (highlight && token.text.length < 20000) body = hljs.highlightAuto(token.text).value;
        else body = escapeText(token.text);
        const label = LANG_NAME.test(lang) ? lang : 'text';
        return (
          `<div class="code-block"><div class="code-head"><span class="code-lang">${escapeText(label)}</span>` +
          `<button type="button" class="code-copy" data-copy-code aria-label="Copy code">Copy</button></div>` +
          `<pre><code class="hljs">${body}</code></pre></div>`
        );
      },
    },
  });
}

const plain = makeMarked(false);
const highlighted = makeMarked(true);

let hooked = false;
function hookPurify(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node instanceof Element && node.tagName === 'A') {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  });
}

const PURIFY_CONFIG = {
  // No images, media, frames, forms or styles from a model: a local, private tool loads
  // nothing a model points at.
  FORBID_TAGS: ['img', 'picture', 'source', 'video', 'audio', 'iframe', 'object', 'embed', 'form', 'input', 'textarea', 'select', 'style', 'link', 'meta', 'svg', 'math'],
  FORBID_ATTR: ['style', 'srcset'],
  ALLOW_DATA_ATTR: true,
};

function sanitize(html: string): string {
  hookPurify();
  return DOMPurify.sanitize(html, PURIFY_CONFIG) as unknown as string;
}

export interface Block {
  key: number;
  html: string;
}

// Rendered blocks by their Markdown source: a finished paragraph or code block is rendered
// and sanitised once, however many frames its answer keeps streaming.
const blockCache = new Map<string, string>();
const BLOCK_CACHE_LIMIT = 4000;

/**
 * Renders Markdown as a list of top-level blocks (paragraphs, lists, code blocks …), each
 * sanitised on its own. While an answer streams only its last block changes, so only that
 * block is parsed, sanitised and put into the DOM again: the cost of a frame stays flat as
 * the answer grows.
 */
export function renderBlocks(text: string, highlight = true): Block[] {
  const md = highlight ? highlighted : plain;
  const tokens = md.lexer(text);
  const links = tokens.links;
  const out: Block[] = [];
  tokens.forEach((token, i) => {
    if (token.type === 'space') return;
    const last = i === tokens.length - 1;
    const cacheKey = `${highlight ? 'h' : 'p'}\u0000${token.raw}`;
    let html = last ? undefined : blockCache.get(cacheKey);
    if (html === undefined) {
      const list = Object.assign([token], { links }) as unknown as ReturnType<typeof md.lexer>;
      html = sanitize(md.parser(list) as string);
      if (!last) {
        if (blockCache.size >= BLOCK_CACHE_LIMIT) blockCache.clear();
        blockCache.set(cacheKey, html);
      }
    }
    out.push({ key: i, html });
  });
  return out;
}

/**
 * Renders Markdown to sanitised HTML. `highlight` is off while a column streams (plain
 * escaped code is cheap) and on once the answer is finished.
 */
export function renderMarkdown(text: string, highlight = true): string {
  return sanitize((highlight ? highlighted : plain).parse(text) as string);
}
