import {describe, expect, it} from 'vitest';
import {
	browserOpensAdvice,
	checkEmail,
	describeLoginEnvironment,
	detectContainer,
	loginArgs,
	pasteCodeAdvice,
	setupTokenAdvice,
	type LoginEnvironmentFacts,
} from '../../source/core/auth/login-environment.js';

function facts(overrides: Partial<LoginEnvironmentFacts> = {}): LoginEnvironmentFacts {
	return {env: {}, platform: 'linux', isWsl: false, isContainer: false, ...overrides};
}

const desktopLinux = facts({env: {DISPLAY: ':0'}});

describe('describeLoginEnvironment', () => {
	it.each([
		['macOS', facts({platform: 'darwin'})],
		['Windows', facts({platform: 'win32'})],
		['Linux with X11', desktopLinux],
		['Linux with Wayland', facts({env: {WAYLAND_DISPLAY: 'wayland-0'}})],
		['WSL with wslview', facts({isWsl: true, hasWslview: true})],
	])('%s: a browser opens', (_name, machine) => {
		expect(describeLoginEnvironment(machine)).toEqual({canOpenBrowser: true, reasons: [], advice: [browserOpensAdvice]});
	});

	it.each([
		['SSH_CONNECTION', {SSH_CONNECTION: '203.0.113.5 50000 198.51.100.7 22'}],
		['SSH_TTY', {SSH_TTY: '/dev/pts/3'}],
		['SSH_CLIENT', {SSH_CLIENT: '203.0.113.5 50000 22'}],
	])('over SSH (%s), even with a display: the paste-the-code path, then setup-token', (_name, env) => {
		const result = describeLoginEnvironment(facts({platform: 'darwin', env: {...env, DISPLAY: 'localhost:10.0'}}));
		expect(result.canOpenBrowser).toBe(false);
		expect(result.reasons).toEqual([expect.stringContaining('SSH')]);
		expect(result.advice).toEqual([pasteCodeAdvice, setupTokenAdvice]);
	});

	it('says how the paste-the-code path works and what setup-token needs', () => {
		expect(pasteCodeAdvice).toContain('any device');
		expect(pasteCodeAdvice).toContain('"Paste code here if prompted"');
		expect(setupTokenAdvice).toContain('`claude setup-token`');
		expect(setupTokenAdvice).toContain('Pro, Max, Team or Enterprise');
		expect(setupTokenAdvice).toContain('one year');
		expect(setupTokenAdvice).toContain('CLAUDE_CODE_OAUTH_TOKEN');
	});

	it('in a container: no browser', () => {
		const result = describeLoginEnvironment(facts({isContainer: true}));
		expect(result.canOpenBrowser).toBe(false);
		expect(result.reasons).toEqual([expect.stringContaining('container')]);
		expect(result.advice).toEqual([pasteCodeAdvice, setupTokenAdvice]);
	});

	it('Linux without DISPLAY or WAYLAND_DISPLAY: no browser', () => {
		const result = describeLoginEnvironment(facts());
		expect(result.canOpenBrowser).toBe(false);
		expect(result.reasons).toEqual([expect.stringContaining('DISPLAY')]);
		expect(result.advice).toEqual([pasteCodeAdvice, setupTokenAdvice]);
	});

	it('gives every reason that applies', () => {
		const result = describeLoginEnvironment(facts({isContainer: true, env: {SSH_TTY: '/dev/pts/0'}}));
		expect(result.reasons).toHaveLength(2);
	});

	describe('WSL', () => {
		it('without BROWSER or wslview: no browser; advises installing wslu or pointing BROWSER at a Windows browser', () => {
			const result = describeLoginEnvironment(facts({isWsl: true, env: {DISPLAY: ':0', WSL_DISTRO_NAME: 'Ubuntu'}}));
			expect(result.canOpenBrowser).toBe(false);
			expect(result.reasons).toEqual([expect.stringContaining('WSL')]);
			expect(result.advice[0]).toBe(pasteCodeAdvice);
			expect(result.advice[1]).toContain('export BROWSER=wslview');
			expect(result.advice[1]).toContain('export BROWSER="/mnt/c/');
			expect(result.advice.at(-1)).toBe(setupTokenAdvice);
		});

		it('with BROWSER set: the browser opens on Windows', () => {
			expect(describeLoginEnvironment(facts({isWsl: true, env: {BROWSER: '/mnt/c/Windows/explorer.exe'}})).canOpenBrowser).toBe(true);
		});

		it('does not advise BROWSER for Windows when the session itself is remote', () => {
			const result = describeLoginEnvironment(facts({isWsl: true, env: {SSH_CONNECTION: '1 2 3 4'}}));
			expect(result.canOpenBrowser).toBe(false);
			expect(result.advice).toEqual([pasteCodeAdvice, setupTokenAdvice]);
		});
	});

	describe('BROWSER', () => {
		it('wins over SSH and containers, as in Claude Code (VS Code remote terminals and dev containers set it)', () => {
			const vscode = {BROWSER: '/home/ana/.vscode-server/bin/abc/bin/helpers/browser.sh'};
			expect(describeLoginEnvironment(facts({env: {...vscode, SSH_CONNECTION: '1 2 3 4'}}))).toEqual({canOpenBrowser: true, reasons: [], advice: [browserOpensAdvice]});
			expect(describeLoginEnvironment(facts({isContainer: true, env: vscode})).canOpenBrowser).toBe(true);
			expect(describeLoginEnvironment(facts({env: {BROWSER: 'firefox'}})).canOpenBrowser).toBe(true);
		});

		it.each(['', '  ', 'true', 'false', 'none', ':'])('%j means "open nothing"', value => {
			expect(describeLoginEnvironment(facts({env: {BROWSER: value}})).canOpenBrowser).toBe(false);
			expect(describeLoginEnvironment(facts({isContainer: true, env: {BROWSER: value}})).canOpenBrowser).toBe(false);
		});
	});
});

describe('detectContainer', () => {
	const none = {procOneCgroup: '0::/init.scope\n', dockerEnvExists: false, containerEnvExists: false};

	it('a host: no', () => {
		expect(detectContainer(none)).toBe(false);
		expect(detectContainer({...none, procOneCgroup: undefined})).toBe(false);
		// PID 1 on a host is init itself, in the root or init.scope cgroup, even when Docker runs there.
		expect(detectContainer({...none, procOneCgroup: '12:pids:/init.scope\n11:memory:/init.scope\n0::/init.scope\n'})).toBe(false);
	});

	it('the marker files Docker and Podman create', () => {
		expect(detectContainer({...none, dockerEnvExists: true})).toBe(true);
		expect(detectContainer({...none, containerEnvExists: true})).toBe(true);
	});

	it.each([
		['Docker, cgroup v1', '12:pids:/docker/3f2a9c0b8e1d\n11:memory:/docker/3f2a9c0b8e1d\n'],
		['Docker with systemd cgroups', '0::/system.slice/docker-3f2a9c0b8e1d.scope\n'],
		['Kubernetes', '11:memory:/kubepods/burstable/pod1234/abcd\n'],
		['Kubernetes with systemd cgroups', '0::/kubepods.slice/kubepods-burstable.slice/cri-containerd-abcd.scope\n'],
		['containerd', '0::/containerd/abcd\n'],
		['Podman', '0::/machine.slice/libpod-3f2a9c0b8e1d.scope/container\n'],
		['LXC', '0::/lxc/web01\n'],
		['Amazon ECS', '9:perf_event:/ecs/task-id/container-id\n'],
		['GitHub Actions job container', '0::/actions_job/3f2a9c0b8e1d\n'],
	])('%s, from /proc/1/cgroup', (_name, cgroup) => {
		expect(detectContainer({...none, procOneCgroup: cgroup})).toBe(true);
	});

	it('cgroup v2 in a private namespace reads just "0::/": only the markers or the environment tell', () => {
		expect(detectContainer({...none, procOneCgroup: '0::/\n'})).toBe(false);
		expect(detectContainer({...none, procOneCgroup: '0::/\n', env: {container: 'podman'}})).toBe(true);
		expect(detectContainer({...none, procOneCgroup: '0::/\n', env: {KUBERNETES_SERVICE_HOST: '10.0.0.1'}})).toBe(true);
	});

	it('does not mistake names that merely contain the words', () => {
		expect(detectContainer({...none, procOneCgroup: '0::/user.slice/user-1000.slice/session-2.scope/dockerish\n'})).toBe(false);
	});
});

describe('loginArgs', () => {
	it.each([
		['claude-ai', {}, ['auth', 'login', '--claudeai']],
		['console', {}, ['auth', 'login', '--console']],
		['claude-ai', {sso: true}, ['auth', 'login', '--claudeai', '--sso']],
		['console', {sso: true}, ['auth', 'login', '--console', '--sso']],
		['claude-ai', {email: ' ana@example.com '}, ['auth', 'login', '--claudeai', '--email', 'ana@example.com']],
		['claude-ai', {sso: true, email: 'ana@example.com'}, ['auth', 'login', '--claudeai', '--sso', '--email', 'ana@example.com']],
		['console', {sso: false, email: ''}, ['auth', 'login', '--console']],
	] as const)('%s %j', (kind, options, expected) => {
		expect(loginArgs(kind, options)).toEqual(expected);
	});

	it('needs no options', () => {
		expect(loginArgs('claude-ai')).toEqual(['auth', 'login', '--claudeai']);
	});
});

describe('checkEmail', () => {
	it.each(['ana@example.com', ' ana.lopez+claude@mail.example.co.uk ', 'a_b-c@sub.example.io'])('accepts %j', value => {
		expect(checkEmail(value)).toBeUndefined();
	});

	it.each([
		['', 'Type the email address'],
		['   ', 'Type the email address'],
		['ana lopez@example.com', 'no spaces'],
		['ana@example', 'does not look like'],
		['ana@@example.com', 'does not look like'],
		['@example.com', 'does not look like'],
		['ana@', 'does not look like'],
		['ana@example.c', 'does not look like'],
		['-ana@example.com', 'does not look like'],
		['"ana"@example.com', 'does not look like'],
		['<ana@example.com>', 'does not look like'],
	])('rejects %j', (value, problem) => {
		expect(checkEmail(value)).toContain(problem);
	});
});
