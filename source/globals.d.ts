/** Replaced at build time with package.json's version. */
declare const __CLAUDE_SETUP_VERSION__: string;
