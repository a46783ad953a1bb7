import { contrast, DEFAULT_ACCENT } from './branding.js';

const INK = '1a1f36';

/**
 * The hosted pages' stylesheet, served from `/assets/pages.css` so the pages need no inline style under a strict
 * Content Security Policy. The accent colour comes in the URL; button text and links switch to dark ink when the
 * accent is too light to keep 4.5:1 contrast.
 */
export function pagesCss(accent = DEFAULT_ACCENT): string {
  const onAccent = contrast(accent, 'ffffff') >= contrast(accent, INK) ? 'ffffff' : INK;
  const link = contrast(accent, 'ffffff') >= 4.5 ? accent : INK;
  return `:root{--accent:#${accent};--on-accent:#${onAccent};--link:#${link};--ink:#${INK};--muted:#596171;--line:#d5dbe1;--panel:#f6f8fa;--error:#c0123c}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",sans-serif;color:var(--ink);background:#fff}
.banner{margin:0;background:#ffd84d;color:var(--ink);padding:.4rem 1rem;text-align:center;font-size:.875rem;font-weight:600;border-bottom:2px solid #b38f00}
a{color:var(--link)}
:focus-visible{outline:3px solid #0a58ca;outline-offset:2px}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem}h2{font-size:1.125rem;margin:1.5rem 0 .75rem}
table{width:100%;border-collapse:collapse}td,th{padding:.5rem 0;text-align:left;border-bottom:1px solid var(--line);vertical-align:top}
td:last-child,th:last-child{text-align:right;padding-left:1rem}
thead th{font-size:.8125rem;color:var(--muted);font-weight:600}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.brand{display:flex;align-items:center;gap:.75rem;flex-wrap:wrap;margin:0 0 2rem}
.brand a{display:inline-flex;align-items:center;gap:.5rem;color:var(--ink);text-decoration:none;font-weight:600}
.brand a:hover{text-decoration:underline}
.brand-name{display:inline-flex;align-items:center;gap:.5rem;margin:0}
.mark{display:inline-grid;place-items:center;width:1.75rem;height:1.75rem;border-radius:.4rem;background:var(--accent);color:var(--on-accent);font-size:.9rem;font-weight:700}
.badge{display:inline-block;padding:.1rem .45rem;border-radius:.3rem;background:#ffe8a3;color:#5c3b00;font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em}
.layout{display:grid;grid-template-columns:1fr;align-content:start;min-height:calc(100vh - 2.5rem)}
.pane{padding:1.5rem 1.25rem}
.summary{background:var(--panel);border-bottom:1px solid var(--line)}
.pane-inner{max-width:28rem;margin:0 auto}
.summary h1{font-size:1rem;margin:0}.eyebrow{margin:0;color:var(--muted);font-weight:600}
.plain-list{list-style:none;margin:0;padding:0}.plain-list li{padding:.2rem 0}
.headline-price{margin:.25rem 0 1.5rem;font-size:2.25rem;font-weight:700;line-height:1.15;letter-spacing:-.01em}
.headline-price small{display:inline-block;font-size:.95rem;font-weight:500;color:var(--muted);line-height:1.3}
.lines td{border-bottom:0;padding:.35rem 0}.line-meta{display:block;font-size:.875rem;color:var(--muted)}
.sum td{border-top:1px solid var(--line);border-bottom:0}.total td{font-weight:700;font-size:1.0625rem}
label{display:block;font-weight:600;font-size:.9375rem;margin:1rem 0 .3rem}
input[type=text],input[type=email],input[type=number],textarea,select{width:100%;min-height:2.75rem;padding:.55rem .75rem;border:1px solid #8792a2;border-radius:6px;font:inherit;color:var(--ink);background:#fff}
input:focus-visible,textarea:focus-visible{border-color:var(--accent)}
input[aria-invalid=true]{border-color:var(--error);box-shadow:0 0 0 1px var(--error)}
fieldset{border:0;padding:0;margin:1rem 0 0;min-width:0}legend{font-weight:600;font-size:.9375rem;padding:0}
.card-group{margin-top:.3rem}
.row{display:grid;grid-template-columns:1fr 1fr;gap:.75rem;align-items:end}.row label{margin-top:.75rem}
.choices label:has(>input){display:flex;gap:.6rem;align-items:flex-start;font-weight:400;margin:.35rem 0;padding:.7rem .8rem;border:1px solid var(--line);border-radius:6px;cursor:pointer}
.choices input{margin-top:.3rem;accent-color:var(--accent)}
button,.button{display:inline-flex;align-items:center;justify-content:center;min-height:2.75rem;margin-top:1.25rem;padding:.6rem 1.25rem;border:0;border-radius:6px;background:var(--accent);color:var(--on-accent);font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
button.wide{width:100%}
button.secondary,.button.secondary{background:#e3e8ee;color:var(--ink)}button.danger{background:var(--error);color:#fff}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;align-items:center;margin-top:1.25rem}
.actions button,.actions .button{margin-top:0}
.actions form{display:contents}
.error{color:var(--error);font-weight:600;font-size:.9375rem;margin:.35rem 0 0}
.muted{color:var(--muted);font-size:.875rem}
.notice{padding:.75rem 1rem;border-radius:6px;background:#e6f4ea;color:#0d5b26;font-weight:600}
.card{border:1px solid var(--line);border-radius:8px;padding:1rem 1.25rem;margin:0 0 1rem}
.card p{margin:.25rem 0}
.status{display:inline-block;padding:.05rem .5rem;border-radius:.3rem;background:#e3e8ee;font-size:.8125rem;font-weight:700}
.status-active,.status-trialing{background:#d7f7c2;color:#05400a}.status-past_due,.status-unpaid,.status-incomplete{background:#ffe0e0;color:#7a0016}
.plain{max-width:40rem;margin:2rem auto;padding:0 1.25rem}
.powered{margin-top:2rem;color:var(--muted);font-size:.8125rem}
.portal .summary .powered{display:none}
.form-pane form>h2:first-child,.form-pane .pane-inner>h1:first-child{margin-top:.2rem}
@media (min-width:56rem){
.layout{grid-template-columns:1fr 1fr;align-content:stretch}
.summary{border-bottom:0;border-right:1px solid var(--line)}
.pane{padding:3.5rem 3rem}
.summary .pane-inner{margin:0 0 0 auto}.form-pane .pane-inner{margin:0 auto 0 0}
.portal .summary .pane-inner{position:sticky;top:3.5rem}
.portal .summary .powered{display:block}
}
@media (forced-colors:active){.mark,.badge,.status{border:1px solid CanvasText}button,.button{border:1px solid ButtonText}}
`;
}
