import * as cheerio from 'cheerio';

const BLOCKS = 'p,div,li,ul,ol,h1,h2,h3,h4,h5,h6,tr,blockquote,pre,table,section,article,header,footer,hr';

/**
 * Civitai descriptions are HTML written by uploaders. dfwatch keeps them as plain text with the
 * spacing a reader would see ("<p>a</p><p>b</p>" is "a\nb", not "ab"), so word rules and people
 * reading the store see the same words. The text stays untrusted: escape it wherever it is shown.
 */
export function htmlToText(html: string | null | undefined): string | null {
  if (!html) return null;
  if (!/[<&]/.test(html)) return html.trim() || null;
  // htmlparser2 (the xml options) is several times faster than parse5 and lenient enough for this.
  const $ = cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true } });
  $('script,style,iframe,img,video').remove();
  $('br').replaceWith('\n');
  $(BLOCKS).each((_, element) => {
    $(element).prepend('\n').append('\n');
  });
  const text = $.root()
    .text()
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text || null;
}
