import path from 'node:path';
import process from 'node:process';

/** What a terminal session passes on that a hermetic test environment keeps: locale, user, temp folder. */
export const sessionVariables = ['LANG', 'LC_ALL', 'LC_CTYPE', 'USER', 'LOGNAME', 'TMPDIR'] as const;

/** The keychain's D-Bus session (the private one `npm test` starts): without them there is no keychain. */
export const keychainVariables = ['DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR'] as const;

/** Those of `names` this process has, with their values: the start of every child environment in the e2e tests. */
export function inherited(names: readonly string[] = [...sessionVariables, ...keychainVariables]): Record<string, string> {
	return Object.fromEntries(names.flatMap(name => (process.env[name] === undefined ? [] : [[name, process.env[name]!]])));
}

/**
A terminal session in a temporary `home` that reaches nothing: the host's PATH (node first), CI set as
in CI, every endpoint (the API, the requirements step's hosts) on a closed local port, no update
checks. For tests of the built CLI that never need the network.
*/
export function offlineSessionEnv(home: string): Record<string, string | undefined> {
	return {
		...inherited(),
		PATH: [path.dirname(process.execPath), process.env['PATH'] ?? ''].join(path.delimiter),
		HOME: home,
		TERM: 'xterm-256color',
		CI: 'true',
		ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
		CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
		DISABLE_AUTOUPDATER: '1',
		CLAUDE_SETUP_TEST_ENDPOINT_OVERRIDE: '*=127.0.0.1:9',
	};
}
