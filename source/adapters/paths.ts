import {homedir} from 'node:os';
import path from 'node:path';
import {nodeCrypto} from './lazy-crypto.js';

/**
The ONLY place that knows where things live: the home folder, CLAUDE_CONFIG_DIR, the settings files
of each scope, and claude-setup's own folder. Everything else receives these paths, so tests can
point the whole program at a temp folder with HOME alone.
*/
export type Paths = {
	home: string;
	/** `$CLAUDE_CONFIG_DIR`, else `~/.claude`. */
	claudeConfigDir: string;
	/** The folder the project scopes belong to (the current directory). */
	projectDir: string;
	userSettings: string;
	projectSettings: string;
	localSettings: string;
	/** claude-setup's own folder inside the config dir: the key helper, backups, the fallback secret file. */
	setupDir: string;
	helperDir: string;
	backupsDir: string;
	/** Used only when the user explicitly agreed to keep secrets in a 0600 file. */
	secretsFile: string;
	/** A short, stable id of the config dir, so two config dirs never share a keychain entry. */
	configDirHash: string;
};

export function resolvePaths(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Paths {
	// The environment given wins over this process's own, so a caller (or a test) can point the whole
	// program at another home without touching process.env.
	const home = path.resolve((process.platform === 'win32' ? env['USERPROFILE'] : env['HOME'])?.trim() || homedir());
	const configured = env['CLAUDE_CONFIG_DIR']?.trim();
	const claudeConfigDir = configured ? path.resolve(expandHome(configured, home)) : path.join(home, '.claude');
	const setupDir = path.join(claudeConfigDir, 'claude-setup');
	let configDirHash: string | undefined;
	return {
		home,
		claudeConfigDir,
		projectDir: cwd,
		userSettings: path.join(claudeConfigDir, 'settings.json'),
		projectSettings: path.join(cwd, '.claude', 'settings.json'),
		localSettings: path.join(cwd, '.claude', 'settings.local.json'),
		setupDir,
		helperDir: path.join(setupDir, 'bin'),
		backupsDir: path.join(setupDir, 'backups'),
		secretsFile: path.join(setupDir, 'secrets.json'),
		// Computed when first read: hashing loads Node's crypto module, which the first screen does not need.
		get configDirHash() {
			configDirHash ??= nodeCrypto().createHash('sha256').update(claudeConfigDir).digest('hex').slice(0, 8);
			return configDirHash;
		},
	};
}

function expandHome(value: string, home: string): string {
	return value === '~' || value.startsWith('~/') ? path.join(home, value.slice(1)) : value;
}

/** `~/.claude/settings.json` rather than the full path, for messages. */
export function displayPath(target: string, home: string = homedir()): string {
	return target === home || target.startsWith(home + path.sep) ? '~' + target.slice(home.length) : target;
}
