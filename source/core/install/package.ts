/** The npm package, always with `@latest`: see `npmPackageSpec`. */
export const npmPackageName = '@anthropic-ai/claude-code';

/**
On Node < 22, a bare `npm install -g @anthropic-ai/claude-code` silently resolves to 2.1.197, the
newest release whose `engines` still accepts that Node, instead of the current one. Asking for
`@latest` explicitly gets the current release (npm then only prints an EBADENGINE warning).
*/
export const npmPackageSpec = `${npmPackageName}@latest`;
