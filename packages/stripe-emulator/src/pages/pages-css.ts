import { contrast, DEFAULT_ACCENT } from './branding.js';
import {
  declarations,
  KIT_TOKENS_DARK,
  KIT_TOKENS_LIGHT,
  PAGE_ONLY_DARK,
  PAGE_ONLY_LIGHT,
} from './page-tokens.js';

/** The text colours of the two themes (the kit's `--plankit-color-text` and `--plankit-color-bg`), without `#`. */
const INK = KIT_TOKENS_LIGHT['--plankit-color-text'].slice(1);
const DARK_BG = KIT_TOKENS_DARK['--plankit-color-bg'].slice(1);

/**
 * The hosted pages' stylesheet, served from `/assets/pages.css` so the pages need no inline style under a strict
 * Content Security Policy. It speaks the kit's design language (its tokens, light and dark by
 * `prefers-color-scheme`); the account's brand colour comes in the URL and fills the primary action. Button text
 * and links switch to the theme's ink when the brand colour is too light or too dark to keep 4.5:1 contrast.
 */
export function pagesCss(accent = DEFAULT_ACCENT): string {
  const onAccent = contrast(accent, 'ffffff') >= contrast(accent, INK) ? 'ffffff' : INK;
  const link = contrast(accent, 'ffffff') >= 4.5 ? `#${accent}` : `#${INK}`;
  const darkLink =
    contrast(accent, DARK_BG) >= 4.5 ? `#${accent}` : KIT_TOKENS_DARK['--plankit-color-primary'];
  return `:root{color-scheme:light dark;${declarations(KIT_TOKENS_LIGHT)};${declarations(PAGE_ONLY_LIGHT)};--accent:#${accent};--on-accent:#${onAccent};--link:${link}}
@media (prefers-color-scheme:dark){:root{${declarations(KIT_TOKENS_DARK)};${declarations(PAGE_ONLY_DARK)};--link:${darkLink}}}
${RULES}`;
}

/** The rules: every length, size, radius and colour from a token above. */
const RULES = `*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:var(--plankit-text-md)/1.5 var(--plankit-font);color:var(--plankit-color-text);background:var(--plankit-color-bg)}
.banner{margin:0;background:#ffd84d;color:#1a1d23;padding:var(--plankit-space-2) var(--plankit-space-3);text-align:center;font-size:var(--plankit-text-sm);font-weight:600;border-bottom:2px solid #b38f00}
a{color:var(--link);text-underline-offset:.15em}
:focus-visible{outline:3px solid var(--plankit-color-focus);outline-offset:2px}
h1{font-size:var(--plankit-text-2xl);line-height:1.25;margin:0 0 var(--plankit-space-4);letter-spacing:-.01em}
h2{font-size:var(--plankit-text-lg);line-height:1.3;margin:var(--plankit-space-5) 0 var(--plankit-space-3)}
p{margin:0 0 var(--plankit-space-3)}
table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}
td,th{padding:var(--plankit-space-2) 0;text-align:left;border-bottom:1px solid var(--page-line);vertical-align:top}
td:not(:first-child),th:not(:first-child){text-align:right;padding-left:var(--plankit-space-3)}
thead th{font-size:var(--plankit-text-sm);color:var(--plankit-color-muted);font-weight:600}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.brand{display:flex;align-items:center;gap:var(--plankit-space-1) var(--plankit-space-3);flex-wrap:wrap;margin:0 0 var(--plankit-space-4)}
.brand a{display:inline-flex;align-items:center;gap:var(--plankit-space-2);min-height:var(--plankit-target-min);color:var(--plankit-color-text);text-decoration:none;font-weight:600}
.brand a:hover{text-decoration:underline}
.brand-name{display:inline-flex;align-items:center;gap:var(--plankit-space-2);margin:0}
.mark{display:inline-grid;place-items:center;width:1.75rem;height:1.75rem;border-radius:var(--plankit-radius-sm);background:var(--accent);color:var(--on-accent);font-size:var(--plankit-text-sm);font-weight:700}
.badge,.status{display:inline-block;padding:.125rem var(--plankit-space-2);border-radius:var(--plankit-radius-pill);font-size:var(--plankit-text-sm);font-weight:600;line-height:1.25rem;white-space:nowrap}
.badge{background:var(--plankit-color-warning-bg);color:var(--plankit-color-warning-text);box-shadow:inset 0 0 0 1px currentColor}
.status{background:var(--plankit-color-accent-bg);color:var(--plankit-color-accent-text)}
.status-active,.status-trialing{background:var(--page-success-bg);color:var(--page-success-text)}
.status-past_due,.status-unpaid,.status-incomplete{background:var(--plankit-color-danger-bg);color:var(--plankit-color-danger)}
.layout{display:grid;grid-template-columns:1fr;align-content:start;min-height:calc(100vh - 2.5rem)}
.pane{padding:var(--plankit-space-4)}
.summary{background:var(--plankit-color-surface);border-bottom:1px solid var(--page-line)}
.pane-inner{max-width:28rem;margin:0 auto}
.portal .form-pane .pane-inner{max-width:32rem}
.eyebrow{display:block;margin:0;color:var(--plankit-color-muted);font-size:var(--plankit-text-md);font-weight:600}
.summary h1{margin:0}
.plain-list{list-style:none;margin:0 0 var(--plankit-space-2);padding:0}.plain-list li{padding:var(--plankit-space-1) 0}
.headline-price{margin:var(--plankit-space-1) 0 var(--plankit-space-4);font-size:var(--plankit-text-3xl);font-weight:700;line-height:1.15;letter-spacing:-.02em;font-variant-numeric:tabular-nums}
.headline-price small{display:inline-block;margin-left:var(--plankit-space-1);font-size:var(--plankit-text-md);font-weight:500;color:var(--plankit-color-muted);letter-spacing:0;line-height:1.3}
.lines td{border-bottom:0;padding:var(--plankit-space-2) 0}.line-meta{display:block;font-size:var(--plankit-text-sm);color:var(--plankit-color-muted)}
.sum td{border-top:1px solid var(--page-line);border-bottom:0}.total td{font-weight:700;font-size:var(--plankit-text-lg)}
label{display:block;font-weight:600;font-size:var(--plankit-text-sm);margin:var(--plankit-space-3) 0 var(--plankit-space-1)}
input[type=text],input[type=email],input[type=number],textarea,select{display:block;width:100%;min-height:var(--plankit-target-min);padding:var(--plankit-space-2) var(--plankit-space-3);border:1px solid var(--plankit-color-border);border-radius:var(--plankit-radius);font:inherit;color:var(--plankit-color-text);background:var(--plankit-color-bg)}
textarea{resize:vertical}
input:focus-visible,textarea:focus-visible{border-color:var(--plankit-color-focus)}
input[aria-invalid=true]{border-color:var(--plankit-color-danger);box-shadow:0 0 0 1px var(--plankit-color-danger)}
fieldset{border:0;padding:0;margin:var(--plankit-space-4) 0 0;min-width:0}
legend{font-weight:600;font-size:var(--plankit-text-md);padding:0}
.card-group legend+label{margin-top:var(--plankit-space-2)}
.row{display:grid;grid-template-columns:1fr 1fr;gap:var(--plankit-space-3);align-items:end}.row label{margin-top:var(--plankit-space-3)}
.choices label:has(>input){display:flex;gap:var(--plankit-space-3);align-items:center;font-size:var(--plankit-text-md);font-weight:400;margin:var(--plankit-space-2) 0;padding:var(--plankit-space-3);border:1px solid var(--page-line);border-radius:var(--plankit-radius);cursor:pointer}
.choices label:has(>input:checked){border-color:var(--link);box-shadow:inset 0 0 0 1px var(--link)}
.choices input{width:1.5rem;height:1.5rem;margin:0;flex:none;accent-color:var(--accent)}
.choices legend+label:has(>input){margin-top:var(--plankit-space-3)}
button,.button{display:inline-flex;align-items:center;justify-content:center;min-height:var(--plankit-target-min);margin-top:var(--plankit-space-4);padding:var(--plankit-space-2) var(--plankit-space-3);border:1px solid var(--accent);border-radius:var(--plankit-radius);background:var(--accent);color:var(--on-accent);font:inherit;font-weight:600;line-height:1.25;text-align:center;cursor:pointer;text-decoration:none}
button:hover,.button:hover{filter:brightness(.94)}
button:disabled{cursor:not-allowed;opacity:var(--plankit-opacity-disabled)}
button.wide{width:100%}
button.secondary,.button.secondary{background:transparent;border-color:var(--plankit-color-border);color:var(--plankit-color-text)}
button.secondary:hover,.button.secondary:hover{filter:none;background:var(--plankit-color-surface)}
button.danger{background:transparent;border-color:var(--plankit-color-danger);color:var(--plankit-color-danger)}
button.danger:hover{filter:none;background:var(--plankit-color-danger-bg)}
.actions{display:flex;gap:var(--plankit-space-2);flex-wrap:wrap;align-items:center;margin-top:var(--plankit-space-4)}
.actions button,.actions .button{margin-top:0}
.actions form{display:contents}
.checkout .actions{margin-top:var(--plankit-space-2)}.checkout .actions .button{flex:1}
.error{color:var(--plankit-color-danger);font-weight:600;font-size:var(--plankit-text-sm);margin:var(--plankit-space-1) 0 0}
.muted{color:var(--plankit-color-muted);font-size:var(--plankit-text-sm)}
.card-group .muted{margin:var(--plankit-space-2) 0 0}
.notice{padding:var(--plankit-space-3);border-radius:var(--plankit-radius);background:var(--page-success-bg);color:var(--page-success-text);font-weight:600}
.card{border:1px solid var(--page-line);border-radius:var(--plankit-radius-lg);padding:var(--plankit-space-4);margin:0 0 var(--plankit-space-3);background:var(--plankit-color-bg)}
.card p{margin:var(--plankit-space-1) 0}
.card>.plain-list:first-child li:first-child{padding-top:0}
.card>.actions{margin-top:var(--plankit-space-3)}
.card h2{margin-top:0}
.card:has(#accept-offer){border-color:var(--link);box-shadow:var(--plankit-shadow-raised);margin:var(--plankit-space-4) 0}
#proration-amount{margin-top:var(--plankit-space-3)}
.plain{max-width:40rem;margin:var(--plankit-space-5) auto;padding:0 var(--plankit-space-4)}
.powered{margin:var(--plankit-space-5) 0 0;color:var(--plankit-color-muted);font-size:var(--plankit-text-sm)}
.portal .summary .powered{display:none}
.form-pane form>h2:first-child,.form-pane .pane-inner>h1:first-child{margin-top:0}
@media (min-width:56rem){
.layout{grid-template-columns:1fr 1fr;align-content:stretch}
.summary{border-bottom:0;border-right:1px solid var(--page-line)}
.pane{padding:var(--plankit-space-6)}
.brand{margin-bottom:var(--plankit-space-5)}
.summary .pane-inner{margin:0 0 0 auto}.form-pane .pane-inner{margin:0 auto 0 0}
.portal .summary .pane-inner{position:sticky;top:var(--plankit-space-6)}
.portal .summary .powered{display:block}
}
@media (forced-colors:active){.mark,.badge,.status{border:1px solid CanvasText}button,.button{border:1px solid ButtonText}}
`;
