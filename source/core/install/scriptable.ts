import type {InstallMethodId} from './types.js';

/** The install methods a script may name with `--install`: the ones the wizard itself can run. Kept free of imports so the CLI's flag parsing stays instant. */
export const scriptableInstallMethods = ['native', 'npm', 'homebrew', 'winget'] as const satisfies readonly InstallMethodId[];
export type ScriptableInstallMethod = (typeof scriptableInstallMethods)[number];
