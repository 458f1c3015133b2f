import {createRequire} from 'node:module';

const load = createRequire(import.meta.url);

/**
Node's crypto module, loaded the first time it is asked for. Loading it is some fifty modules inside
Node (several milliseconds on a small machine), and the wizard's first screen uses none of it: only
writing a file (a temp file's random name), probing the keychain and naming a config folder's
keychain entries do. A static `import` would load it before the first screen.
*/
export function nodeCrypto(): typeof import('node:crypto') {
	return load('node:crypto') as typeof import('node:crypto');
}
