/**
 * The hosted pages' favicon, served as a file at `/favicon.svg` (a `data:` URL would be blocked by `default-src
 * 'self'`): a rounded square with a check mark, marked "test" by its stripes.
 */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="7" fill="#533afd"/>
<path d="M0 26 26 0h6L0 32z" fill="#ffd84d" opacity=".9"/>
<path d="m9 16.5 4.5 4.5L23 11.5" fill="none" stroke="#fff" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round"/>
</svg>
`;
