// What the browser checks read from a loaded page (tests/browser/
// check_pages.py runs it with execute_script; it returns one object).
// "what" is the part to read: "layout", "colours" or "page".
const what = arguments[0];

function describe(el) {
  let s = el.tagName.toLowerCase();
  if (el.id) s += "#" + el.id;
  if (el.className && typeof el.className === "string")
    s += "." + el.className.trim().split(/\s+/).join(".");
  const p = el.closest("[data-platform]");
  if (p && p !== el) s += " in card " + p.getAttribute("data-platform");
  return s;
}

// Any CSS colour as [r, g, b, a] (0-255, alpha 0-1), through a canvas.
const ctx = document.createElement("canvas").getContext("2d");
function rgba(c) {
  ctx.clearRect(0, 0, 1, 1);
  ctx.fillStyle = "rgba(0,0,0,0)";
  ctx.fillStyle = c;
  ctx.fillRect(0, 0, 1, 1);
  const d = ctx.getImageData(0, 0, 1, 1).data;
  return [d[0], d[1], d[2], d[3] / 255];
}
function over(top, bottom) {	// top blended over an opaque bottom
  const a = top[3];
  return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat(1);
}
function lum(c) {
  const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
}
function ratio(a, b) {
  const x = lum(a), y = lum(b);
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}
// An element's background, text colour and opacity (read once a call).
const painted = new Map();
function paint(el) {
  if (!painted.has(el)) {
    const st = getComputedStyle(el);
    painted.set(el, { bg: rgba(st.backgroundColor), fg: rgba(st.color),
                      opacity: parseFloat(st.opacity) });
  }
  return painted.get(el);
}
// The colours of a pixel of EL's text and of one beside it, as drawn: from
// the canvas (dark when the page says color-scheme dark and the scheme is
// dark) down through each ancestor's background, an ancestor's opacity
// fading all it holds (the text and the backgrounds in it) into what is
// behind it. Returns [text, background], both opaque.
function drawn(el) {
  const chain = [];
  for (let e = el; e; e = e.parentElement) chain.unshift(e);
  const scheme = getComputedStyle(document.documentElement).colorScheme || "";
  const dark = matchMedia("(prefers-color-scheme: dark)").matches;
  const canvas = dark && /dark/.test(scheme) ? [18, 18, 18, 1] : [255, 255, 255, 1];
  const mix = (a, x, b) => [0, 1, 2].map(i => a * x[i] + (1 - a) * b[i]).concat(1);
  const pix = (i, behind, text) => {
    const st = paint(chain[i]);
    let inner = over(st.bg, behind);
    if (i < chain.length - 1) inner = pix(i + 1, inner, text);
    else if (text) inner = over(st.fg, inner);
    return mix(st.opacity, inner, behind);
  };
  return [pix(0, canvas, true), pix(0, canvas, false)];
}
function visible(el) {
  const r = el.getBoundingClientRect();
  const s = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && s.visibility !== "hidden";
}

if (what === "layout") {
  // Opens every <details>, then lists what sticks out of the window.
  document.querySelectorAll("details").forEach(d => { d.open = true; });
  const W = window.innerWidth, out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right <= W + 0.5 && r.left >= -0.5) continue;
    let clipped = false;	// inside a box that fits and scrolls or clips
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") {
        const ar = a.getBoundingClientRect();
        clipped = ar.right <= W + 0.5 && ar.left >= -0.5;
        break;
      }
    }
    if (!clipped) out.push(describe(el) + " spans " + Math.round(r.left) + ".." + Math.round(r.right) + " px");
  }
  return { innerWidth: W, scrollWidth: document.documentElement.scrollWidth, out: out.slice(0, 8), nout: out.length };
}

if (what === "colours") {
  // Contrast of every visible element holding text of its own.
  const low = [];
  let n = 0;
  for (const el of document.body.querySelectorAll("*")) {
    const own = Array.from(el.childNodes).some(t => t.nodeType === 3 && t.textContent.trim());
    if (!own || !visible(el)) continue;
    n++;
    const [fg, bg] = drawn(el);
    const r = ratio(fg, bg);
    const dimmed = !!el.closest('[data-enabled="false"]');
    const need = dimmed ? 3 : 4.5;
    if (r < need)
      low.push(describe(el) + " " + r.toFixed(2) + ":1 (needs " + need + ")");
  }
  return { body: drawn(document.body)[1],
           low: low.slice(0, 8), nlow: low.length, n: n };
}

// "page": structure, images, headings, links.
// What shows in an image's place: the text of its <figure> (or parent),
// and what a ::before or ::after of either (e.g. content: attr(alt)) adds.
function shown(i, holder) {
  let t = holder && visible(holder) ? holder.innerText : "";
  for (const el of [i, holder])
    for (const p of ["::before", "::after"]) {
      if (!el) continue;
      const s = getComputedStyle(el, p);
      if (s.display !== "none" && /^".*"$/.test(s.content)) t += " " + JSON.parse(s.content);
    }
  return t;
}
const imgs = Array.from(document.images).map(i => {
  const holder = i.closest("figure") || i.parentElement;
  return { cls: i.className, src: i.src, alt: i.getAttribute("alt"), complete: i.complete,
           broken: i.complete && i.naturalWidth === 0,
           shown: shown(i, holder), holder: holder ? describe(holder) : "" };
});
const heads = Array.from(document.querySelectorAll("h1,h2,h3,h4,h5,h6")).map(h => [+h.tagName[1], h.textContent.trim().slice(0, 60)]);
const onattr = [];
for (const el of document.querySelectorAll("*"))
  for (const a of el.attributes) if (/^on/i.test(a.name)) onattr.push(describe(el) + " " + a.name);
const card = c => ({ platform: c.getAttribute("data-platform"), enabled: c.getAttribute("data-enabled"),
  h3: !!c.querySelector("h3"), text: !!c.querySelector(".card-text"),
  slot: (c.querySelector("time.slot") || { textContent: null }).textContent,
  count: (c.querySelector("p.count") || { textContent: null }).textContent,
  error: !!c.querySelector("p.error"),
  style: (() => { const s = getComputedStyle(c); return [s.opacity, s.color, s.backgroundColor, s.filter].join(" "); })() });
return {
  lang: document.documentElement.lang,
  charset: document.characterSet,
  viewport: (document.querySelector('meta[name="viewport"]') || { content: "" }).content,
  scripts: document.scripts.length,
  styles: document.querySelectorAll("style").length,
  links: Array.from(document.querySelectorAll("link")).map(l => l.rel + " " + l.href),
  onattr: onattr.slice(0, 5),
  days: Array.from(document.querySelectorAll("section.day")).map(d => ({
    date: d.getAttribute("data-date"), h1: !!d.querySelector("h1") })),
  posts: Array.from(document.querySelectorAll("article.post:not(.broken)")).map(p => ({
    id: p.getAttribute("data-post"), domid: p.id, chosen: p.getAttribute("data-chosen"),
    title: (p.querySelector("h2") || { textContent: null }).textContent,
    whynot: (p.querySelector(".why-not") || { textContent: null }).textContent,
    cards: Array.from(p.querySelectorAll("section.card")).map(card) })),
  broken: Array.from(document.querySelectorAll("article.post.broken")).map(b => ({
    file: b.getAttribute("data-file"),
    error: (b.querySelector("p.error") || { innerText: null }).innerText,
    shown: visible(b) })),
  imgs: imgs,
  heads: heads,
};
