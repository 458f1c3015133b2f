import {describe, expect, it} from 'vitest';
import {
	classifyInstalls,
	diagnoseInstallFailure,
	installerPlaceholder,
	installMethods,
	planPathFix,
	troubleshootingUrl,
	uninstallCommand,
	type InstallMethodsContext,
} from '../../source/core/install/methods.js';
import type {ExistingInstall, InstallMethod, PathFixPlan} from '../../source/core/install/types.js';

const everything: InstallMethodsContext = {
	platform: 'linux',
	hasCurl: true,
	hasNpm: true,
	hasBrew: true,
	hasWinget: true,
	nodeMajor: 20,
	installerUrl: 'https://claude.ai/install.sh',
};

function byId(methods: InstallMethod[], id: InstallMethod['id']): InstallMethod {
	const method = methods.find(candidate => candidate.id === id);
	if (!method) {
		throw new Error(`no ${id} method in ${methods.map(candidate => candidate.id).join(', ')}`);
	}

	return method;
}

describe('installMethods', () => {
	it('offers native (recommended, first), Homebrew, npm and the root-only repositories on Linux', () => {
		const methods = installMethods(everything);
		expect(methods.map(method => method.id)).toEqual(['native', 'homebrew', 'npm', 'apt', 'dnf', 'apk']);
		expect(methods.filter(method => method.isRecommended).map(method => method.id)).toEqual(['native']);
	});

	it('runs the native installer as download-then-run, with no shell pipe in any argument', () => {
		const native = byId(installMethods(everything), 'native');
		expect(native.isAvailable).toBe(true);
		expect(native.command.steps).toEqual([
			{file: 'curl', args: ['-fsSL', 'https://claude.ai/install.sh', '-o', installerPlaceholder]},
			{file: 'bash', args: [installerPlaceholder]},
		]);
		expect(native.command.display).toBe('curl -fsSL https://claude.ai/install.sh | bash');
		expect(native.command.installer).toEqual({url: 'https://claude.ai/install.sh', fileName: 'install.sh'});
		for (const step of native.command.steps) {
			expect([step.file, ...step.args].some(part => /[|;&`]|\$\(/.test(part))).toBe(false);
		}
	});

	it('uses the given installer URL in the download step and the display', () => {
		const native = byId(installMethods({...everything, installerUrl: 'http://127.0.0.1:9/install.sh'}), 'native');
		expect(native.command.steps[0]?.args[1]).toBe('http://127.0.0.1:9/install.sh');
		expect(native.command.display).toBe('curl -fsSL http://127.0.0.1:9/install.sh | bash');
	});

	it.each([20, 22, 24])('always installs the npm package @latest (Node %i) and says why', nodeMajor => {
		const npm = byId(installMethods({...everything, nodeMajor}), 'npm');
		expect(npm.command.steps).toEqual([{file: 'npm', args: ['install', '-g', '@anthropic-ai/claude-code@latest']}]);
		expect(npm.command.display).toBe('npm install -g @anthropic-ai/claude-code@latest');
		expect(npm.command.steps[0]?.args.at(-1)).toMatch(/@latest$/);
		expect(npm.description).toMatch(/@latest/);
		expect(npm.description).toMatch(/2\.1\.197/);
		expect(npm.description.includes('EBADENGINE')).toBe(nodeMajor < 22);
	});

	it('marks a method unavailable, with the reason, when its tool is missing', () => {
		const methods = installMethods({...everything, hasCurl: false, hasNpm: false, hasBrew: false});
		expect(byId(methods, 'native')).toMatchObject({isAvailable: false, isRecommended: true});
		expect(byId(methods, 'native').unavailableReason).toMatch(/curl/);
		expect(byId(methods, 'npm')).toMatchObject({isAvailable: false, unavailableReason: 'npm is not installed'});
		expect(byId(methods, 'homebrew')).toMatchObject({isAvailable: false, unavailableReason: 'Homebrew is not installed'});
	});

	it('shows apt, dnf and apk as commands to copy, never run by the wizard', () => {
		const methods = installMethods(everything);
		for (const id of ['apt', 'dnf', 'apk'] as const) {
			const method = byId(methods, id);
			expect(method.isAvailable).toBe(false);
			expect(method.unavailableReason).toBe('needs administrator rights: run these commands yourself');
			expect(method.command.steps).toEqual([]);
		}

		expect(byId(methods, 'apt').command.display).toContain(
			'echo "deb [signed-by=/etc/apt/keyrings/claude-code.asc] https://downloads.claude.ai/claude-code/apt/stable stable main" | sudo tee /etc/apt/sources.list.d/claude-code.list',
		);
		expect(byId(methods, 'apt').command.display).toContain('https://downloads.claude.ai/keys/claude-code.asc');
		expect(byId(methods, 'dnf').command.display).toContain('baseurl=https://downloads.claude.ai/claude-code/rpm/stable');
		expect(byId(methods, 'apk').command.display).toContain('https://downloads.claude.ai/claude-code/apk/stable');
	});

	it('offers native, Homebrew and npm on macOS (no Linux repositories)', () => {
		const methods = installMethods({...everything, platform: 'darwin'});
		expect(methods.map(method => method.id)).toEqual(['native', 'homebrew', 'npm']);
		expect(byId(methods, 'homebrew').command.steps).toEqual([{file: 'brew', args: ['install', '--cask', 'claude-code']}]);
		expect(byId(methods, 'homebrew').command.display).toBe('brew install --cask claude-code');
	});

	it('offers the PowerShell installer, WinGet and npm on Windows', () => {
		const methods = installMethods({...everything, platform: 'win32', installerUrl: 'https://claude.ai/install.ps1'});
		expect(methods.map(method => method.id)).toEqual(['native', 'winget', 'npm']);
		const native = byId(methods, 'native');
		expect(native.command.display).toBe('irm https://claude.ai/install.ps1 | iex');
		expect(native.command.steps[0]).toEqual({file: 'curl.exe', args: ['-fsSL', 'https://claude.ai/install.ps1', '-o', installerPlaceholder]});
		expect(native.command.steps[1]?.args).toContain('-File');
		expect(native.command.installer?.fileName).toBe('install.ps1');
		const winget = byId(methods, 'winget');
		expect(winget.command.display).toBe('winget install Anthropic.ClaudeCode');
		expect(winget.command.steps[0]?.args).toContain('Anthropic.ClaudeCode');
		expect(byId(installMethods({...everything, platform: 'win32', hasWinget: false}), 'winget').isAvailable).toBe(false);
	});
});

describe('diagnoseInstallFailure', () => {
	const cases: Array<{name: string; method: 'native' | 'npm'; tail: string[]; exitCode?: number; reason: string; cause: RegExp; fix: RegExp}> = [
		{
			name: 'npm EACCES on the global prefix',
			method: 'npm',
			tail: [
				'npm error code EACCES',
				'npm error syscall mkdir',
				'npm error path /usr/lib/node_modules/@anthropic-ai',
				"npm error Error: EACCES: permission denied, mkdir '/usr/lib/node_modules/@anthropic-ai'",
			],
			exitCode: 243,
			reason: 'npm-permissions',
			cause: /EACCES/,
			fix: /native installer[\s\S]*npm config set prefix ~\/\.npm-global[\s\S]*\.npm-global\/bin[\s\S]*Never use sudo/,
		},
		{
			name: 'curl missing',
			method: 'native',
			tail: ['claude-setup: could not start curl: command not found'],
			reason: 'missing-tool',
			cause: /curl/,
			fix: /Install curl/,
		},
		{
			name: 'a tool missing inside the script',
			method: 'native',
			tail: ['bash: line 12: sha256sum: command not found'],
			exitCode: 127,
			reason: 'missing-tool',
			cause: /sha256sum/,
			fix: /Install sha256sum/,
		},
		{
			name: 'DNS failure (curl)',
			method: 'native',
			tail: ['curl: (6) Could not resolve host: downloads.claude.ai'],
			exitCode: 6,
			reason: 'network',
			cause: /could not reach/,
			fix: /HTTPS_PROXY/,
		},
		{
			name: 'DNS failure (npm)',
			method: 'npm',
			tail: ['npm error code ENOTFOUND', 'npm error network request to https://registry.npmjs.org/@anthropic-ai%2fclaude-code failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org'],
			exitCode: 1,
			reason: 'network',
			cause: /could not reach/,
			fix: /registry\.npmjs\.org[\s\S]*HTTPS_PROXY[\s\S]*npm config set proxy/,
		},
		{name: 'timeout', method: 'npm', tail: ['npm error code ETIMEDOUT'], exitCode: 1, reason: 'network', cause: /could not reach/, fix: /HTTPS_PROXY/},
		{name: 'reset', method: 'npm', tail: ['npm error code ECONNRESET'], exitCode: 1, reason: 'network', cause: /could not reach/, fix: /HTTPS_PROXY/},
		{
			name: 'TLS interception (npm)',
			method: 'npm',
			tail: ['npm error code SELF_SIGNED_CERT_IN_CHAIN', 'npm error errno SELF_SIGNED_CERT_IN_CHAIN', 'npm error request to https://registry.npmjs.org/ failed, reason: self-signed certificate in certificate chain'],
			exitCode: 1,
			reason: 'tls-proxy',
			cause: /proxy/,
			fix: /NODE_EXTRA_CA_CERTS/,
		},
		{
			name: 'TLS interception (curl)',
			method: 'native',
			tail: ['curl: (60) SSL certificate problem: unable to get local issuer certificate'],
			exitCode: 60,
			reason: 'tls-proxy',
			cause: /proxy/,
			fix: /curl --cacert/,
		},
		{
			name: 'HTML instead of the script',
			method: 'native',
			tail: ["bash: line 1: syntax error near unexpected token `<'", "bash: line 1: `<!DOCTYPE html>'"],
			exitCode: 2,
			reason: 'html-instead-of-script',
			cause: /web page/,
			fix: /region|proxy|allow/,
		},
		{
			name: 'out of memory (exit 137)',
			method: 'native',
			tail: ['Setting up Claude Code...'],
			exitCode: 137,
			reason: 'out-of-memory',
			cause: /memory/,
			fix: /swap/,
		},
		{name: 'out of memory (Killed)', method: 'npm', tail: ['Killed'], exitCode: 1, reason: 'out-of-memory', cause: /memory/, fix: /swap/},
		{
			name: 'the npm stub without its binary',
			method: 'npm',
			tail: ['Error: claude native binary not installed'],
			exitCode: 1,
			reason: 'native-binary-missing',
			cause: /platform package/,
			fix: /--omit=optional|omit/,
		},
		{
			name: 'HTTP 404 from curl',
			method: 'native',
			tail: ['curl: (22) The requested URL returned error: 404'],
			exitCode: 22,
			reason: 'http-error',
			cause: /404/,
			fix: /try again|another|npm/i,
		},
		{
			name: 'HTTP 403 from curl',
			method: 'native',
			tail: ['curl: (22) The requested URL returned error: 403'],
			exitCode: 22,
			reason: 'http-error',
			cause: /403[\s\S]*region/,
			fix: /allow/,
		},
	];

	it.each(cases)('$name', ({method, tail, exitCode, reason, cause, fix}) => {
		const failure = diagnoseInstallFailure(method, tail, exitCode);
		expect(failure.reason).toBe(reason);
		expect(failure.cause).toMatch(cause);
		expect(failure.fix).toMatch(fix);
		expect(failure.fix).not.toMatch(/sudo npm/);
	});

	it('treats EBADENGINE as a warning, never the cause', () => {
		const tail = [
			"npm warn EBADENGINE Unsupported engine {",
			"npm warn EBADENGINE   package: '@anthropic-ai/claude-code@2.1.332',",
			"npm warn EBADENGINE   required: { node: '>=22.0.0' },",
			"npm warn EBADENGINE   current: { node: 'v20.20.2', npm: '11.19.1' }",
			'npm warn EBADENGINE }',
			'npm error something else went wrong',
		];
		const failure = diagnoseInstallFailure('npm', tail, 1);
		expect(failure.reason).toBe('unknown');
		expect(failure.cause).toContain('npm error something else went wrong');
		expect(failure.fix).toContain('EBADENGINE warning is only a warning');
	});

	it('shows the last line and the troubleshooting guide for an unknown failure', () => {
		const failure = diagnoseInstallFailure('native', ['Installing…', 'Something unexpected happened', ''], 3);
		expect(failure.reason).toBe('unknown');
		expect(failure.cause).toBe('The install failed with exit code 3; its last message was: Something unexpected happened');
		expect(failure.fix).toContain(troubleshootingUrl);
		expect(troubleshootingUrl).toBe('https://code.claude.com/docs/en/troubleshooting');
	});
});

describe('classifyInstalls', () => {
	const native: ExistingInstall = {kind: 'native', path: '/home/u/.local/bin/claude', version: '2.1.331', isOnPath: false};
	const npm: ExistingInstall = {kind: 'npm', path: '/usr/local/bin/claude', version: '2.1.197', isOnPath: true};

	it('has nothing to say about no install', () => {
		expect(classifyInstalls([])).toEqual({duplicates: []});
	});

	it('takes a single install as primary without a warning', () => {
		expect(classifyInstalls([native])).toEqual({primary: native, duplicates: []});
	});

	it('warns about two installs: the one on PATH is primary, the fix keeps native and removes npm', () => {
		const result = classifyInstalls([npm, native]);
		expect(result.primary).toBe(npm);
		expect(result.duplicates).toEqual([native]);
		expect(result.warning).toMatch(/installed 2 times/);
		expect(result.warning).toContain('/usr/local/bin/claude');
		expect(result.warning).toContain('/home/u/.local/bin/claude');
		expect(result.fix).toContain('npm uninstall -g @anthropic-ai/claude-code');
		expect(result.fix).not.toContain('rm -rf ~/.local/share/claude');
	});

	it('keeps the native install and gives the exact uninstall command for every other kind', () => {
		const others: ExistingInstall[] = [
			{kind: 'homebrew', path: '/opt/homebrew/bin/claude', isOnPath: true},
			{kind: 'legacy-local', path: '/home/u/.claude/local/claude', isOnPath: false},
			{kind: 'winget', path: 'C:\\Users\\u\\AppData\\Local\\Microsoft\\WinGet\\Links\\claude.exe', isOnPath: false},
			{kind: 'unknown', path: '/opt/tools/claude', isOnPath: false},
		];
		const result = classifyInstalls([...others, {...npm, isOnPath: false}, native]);
		expect(result.primary?.kind).toBe('homebrew');
		expect(result.duplicates).toHaveLength(5);
		expect(result.fix).toContain('Keep one (/home/u/.local/bin/claude');
		expect(result.fix).toContain('brew uninstall --cask claude-code');
		expect(result.fix).toContain('rm -rf ~/.claude/local');
		expect(result.fix).toContain('winget uninstall Anthropic.ClaudeCode');
		expect(result.fix).toContain('npm uninstall -g @anthropic-ai/claude-code');
		expect(result.fix).toContain('Remove /opt/tools/claude by hand');
		expect(result.fix).toContain('make sure its folder is on PATH');
		expect(result.fix).not.toContain('rm -f ~/.local/bin/claude');
	});

	it('names the native uninstall command exactly', () => {
		expect(uninstallCommand(native)).toBe('rm -f ~/.local/bin/claude && rm -rf ~/.local/share/claude');
		expect(uninstallCommand({kind: 'unknown', path: '/x/claude', isOnPath: false})).toBeUndefined();
	});

	it('keeps the install in use when none is native', () => {
		const result = classifyInstalls([
			{kind: 'homebrew', path: '/opt/homebrew/bin/claude', isOnPath: true},
			{kind: 'npm', path: '/usr/local/bin/claude', isOnPath: false},
		]);
		expect(result.primary?.kind).toBe('homebrew');
		// Without a native install, the one in use is kept.
		expect(result.fix).toContain('npm uninstall -g @anthropic-ai/claude-code');
		expect(result.fix).not.toContain('brew uninstall');
		expect(result.fix).not.toContain('make sure its folder is on PATH');
	});
});

describe('planPathFix', () => {
	const home = '/home/ada';
	const binDirectory = '/home/ada/.local/bin';

	function plan(overrides: Partial<Parameters<typeof planPathFix>[0]>): PathFixPlan {
		const result = planPathFix({shell: '/bin/zsh', home, binDirectory, platform: 'linux', rcFileExists: false, ...overrides});
		if ('manual' in result) {
			throw new Error(`expected a plan, got: ${result.manual}`);
		}

		return result;
	}

	it('adds the export line to ~/.zshrc for zsh, spelled with $HOME', () => {
		expect(plan({})).toEqual({
			file: '/home/ada/.zshrc',
			line: 'export PATH="$HOME/.local/bin:$PATH"',
			reload: 'source ~/.zshrc (or open a new terminal)',
			alreadyPresent: false,
		});
	});

	it('uses ~/.bashrc for bash on Linux and ~/.bash_profile on macOS', () => {
		expect(plan({shell: '/bin/bash'})).toMatchObject({file: '/home/ada/.bashrc', line: 'export PATH="$HOME/.local/bin:$PATH"', reload: 'source ~/.bashrc (or open a new terminal)'});
		expect(plan({shell: '/bin/bash', platform: 'darwin'})).toMatchObject({file: '/home/ada/.bash_profile', reload: 'source ~/.bash_profile (or open a new terminal)'});
	});

	it('uses fish_add_path in ~/.config/fish/config.fish for fish', () => {
		expect(plan({shell: '/usr/bin/fish'})).toEqual({
			file: '/home/ada/.config/fish/config.fish',
			line: 'fish_add_path $HOME/.local/bin',
			reload: 'source ~/.config/fish/config.fish (or open a new terminal)',
			alreadyPresent: false,
		});
	});

	it('spells a folder outside home literally', () => {
		expect(plan({binDirectory: '/opt/npm global/bin'}).line).toBe('export PATH="/opt/npm global/bin:$PATH"');
	});

	it.each([
		'export PATH="$HOME/.local/bin:$PATH"',
		'export PATH=$PATH:~/.local/bin',
		'PATH="${HOME}/.local/bin/:$PATH"',
		'  export PATH="/home/ada/.local/bin:$PATH"  ',
		'path+=(~/.local/bin)',
	])('sees the folder already on PATH in: %s', line => {
		expect(plan({rcFileExists: true, existingRcText: `alias ll='ls -l'\n${line}\n`}).alreadyPresent).toBe(true);
	});

	it.each(['# export PATH="$HOME/.local/bin:$PATH"', 'export PATH="$HOME/.local/bin2:$PATH"', 'cd ~/.local/bin'])('does not count: %s', line => {
		expect(plan({rcFileExists: true, existingRcText: `${line}\n`}).alreadyPresent).toBe(false);
	});

	it('sees fish_add_path already in config.fish', () => {
		expect(plan({shell: 'fish', rcFileExists: true, existingRcText: 'fish_add_path ~/.local/bin\n'}).alreadyPresent).toBe(true);
	});

	it('gives manual instructions on Windows and for other shells', () => {
		const windows = planPathFix({shell: undefined, home: 'C:\\Users\\ada', binDirectory: 'C:\\Users\\ada\\.local\\bin', platform: 'win32', rcFileExists: false});
		expect(windows).toHaveProperty('manual');
		expect('manual' in windows && windows.manual).toContain('C:\\Users\\ada\\.local\\bin');
		expect('manual' in windows && windows.manual).toMatch(/new terminal/);

		const tcsh = planPathFix({shell: '/bin/tcsh', home, binDirectory, platform: 'linux', rcFileExists: false});
		expect('manual' in tcsh && tcsh.manual).toContain('export PATH="$HOME/.local/bin:$PATH"');
	});
});
