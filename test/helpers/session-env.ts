import process from 'node:process';

/** What a terminal session passes on that a hermetic test environment keeps: locale, user, temp folder. */
export const sessionVariables = ['LANG', 'LC_ALL', 'LC_CTYPE', 'USER', 'LOGNAME', 'TMPDIR'] as const;

/** The keychain's D-Bus session (the private one `npm test` starts): without them there is no keychain. */
export const keychainVariables = ['DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR'] as const;

/** Those of `names` this process has, with their values: the start of every child environment in the e2e tests. */
export function inherited(names: readonly string[] = [...sessionVariables, ...keychainVariables]): Record<string, string> {
	return Object.fromEntries(names.flatMap(name => (process.env[name] === undefined ? [] : [[name, process.env[name]!]])));
}
