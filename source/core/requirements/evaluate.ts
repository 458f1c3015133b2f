import type {InstallMethodId} from '../install/types.js';
import {hostOf} from './step.js';
import type {ReachResult, RequirementResult, SystemSnapshot} from './types.js';

// The state machine's part, in a module of its own so the first screen does not load the evaluators.
export {endpointsFor, summarize} from './step.js';

/**
Pure evaluators: a `SystemSnapshot` (and `ReachResult`s) in, rows a person can act on out. The
minimums are Claude Code's published ones (docs "setup"); every row that is not a pass says exactly
what to do.
*/

const gib = 1024 ** 3;
const mib = 1024 ** 2;

/** Options that change which rows apply. */
export type EvaluateOptions = {
	/** Only the npm install depends on the Node.js version, so the node row exists only for 'npm'. */
	installMethod?: InstallMethodId;
};

/** Rows in a fixed order: os, arch, memory, disk, shell, [wsl], [git-bash], [node], git. */
export function evaluateSystem(snapshot: SystemSnapshot, options: EvaluateOptions = {}): RequirementResult[] {
	const rows = [osRow(snapshot), archRow(snapshot.arch), memoryRow(snapshot), diskRow(snapshot), shellRow(snapshot)];
	if (snapshot.wsl) {
		rows.push(wslRow(snapshot.wsl));
	}

	if (snapshot.platform === 'win32') {
		rows.push(gitBashRow(snapshot.gitBashPath));
	}

	if (options.installMethod === 'npm') {
		rows.push(nodeRow(snapshot.nodeVersion));
	}

	rows.push(gitRow(snapshot));
	return rows;
}

/** One row per checked host. Network failures are never hard: people install offline and connect later. */
export function evaluateReach(result: ReachResult): RequirementResult {
	// A proxy URL can carry a password; whatever produced the result, it never reaches the screen.
	return reachRow({
		...result,
		// Without a scheme ("alice:secret@proxy:3128") the user part starts the text.
		...(result.proxy ? {proxy: redactUrlCredentials(result.proxy).replace(/^[^\s/]*@/, '')} : {}),
		...(result.detail ? {detail: redactUrlCredentials(result.detail)} : {}),
	});
}

function reachRow(result: ReachResult): RequirementResult {
	const {host} = result;
	const base = {id: `network:${host}`, title: `Connection to ${host}`};
	const {proxy} = result;
	const via = proxy ? ` through the proxy ${proxy}` : '';
	const detail = result.detail ? ` (${result.detail})` : '';
	const root = result.interceptedBy ?? 'unknown';
	switch (result.status) {
		case 'reachable': {
			const inspected = result.interceptedBy ? `; inspected by "${root}", trusted through NODE_EXTRA_CA_CERTS` : '';
			return {...base, status: 'pass', summary: `Reachable${via} in ${Math.round(result.elapsedMs)} ms${inspected}`};
		}

		case 'intercepted': {
			return {
				...base,
				status: 'warn',
				summary: `Reachable${via}, but a TLS-inspecting proxy re-signs the connection with the root certificate "${root}"`,
				fix:
					`Claude Code also trusts the operating system's certificate store by default, so nothing is needed if "${root}" is installed there. ` +
					'Otherwise save that root certificate as PEM and set NODE_EXTRA_CA_CERTS=/path/to/your-company-ca.pem ' +
					'(export it in your shell profile, or put it in the "env" block of ~/.claude/settings.json).',
			};
		}

		case 'proxy-failed': {
			return {...base, status: 'fail', isHard: false, summary: `The proxy ${proxy ?? '(unknown)'} refused the tunnel to ${host}${detail}`, fix: proxyFailedFix(result, proxy)};
		}

		case 'tls-error': {
			return {...base, status: 'fail', isHard: false, summary: `${host} answered${via} with a certificate that cannot be used${detail}`, fix: tlsFix(result)};
		}

		default: {
			return {...base, status: 'fail', isHard: false, summary: failureSummary(result, proxy) + detail, fix: connectionFix(result, proxy)};
		}
	}
}

function failureSummary(result: ReachResult, proxy: string | undefined): string {
	const seconds = `${Math.max(1, Math.round(result.elapsedMs / 1000))} s`;
	if (proxy) {
		const what = {dns: 'could not be found (DNS)', unreachable: 'could not be reached', timeout: `did not answer within ${seconds}`};
		return `The proxy ${proxy} ${what[result.status as keyof typeof what] ?? 'failed'}`;
	}

	const what = {dns: 'could not be found (DNS)', unreachable: 'refused or dropped the connection', timeout: `did not answer within ${seconds}`};
	return `${result.host} ${what[result.status as keyof typeof what] ?? 'could not be reached'}`;
}

function connectionFix({host, status}: ReachResult, proxy: string | undefined): string {
	if (proxy) {
		return (
			`Check HTTPS_PROXY (now ${proxy}): is the proxy running, and are the host and port right? ` +
			`If ${host} should be reached without the proxy, add it to NO_PROXY.`
		);
	}

	const check = status === 'dns' ? `the internet connection and DNS (nslookup ${host})` : `the internet connection, and that the firewall allows HTTPS (port 443) to ${host}`;
	return (
		`Check ${check}. ` +
		'If this network only allows traffic through a proxy, set HTTPS_PROXY=http://proxy.example.com:8080 ' +
		'(and NO_PROXY for hosts that must be reached directly).'
	);
}

function proxyFailedFix(result: ReachResult, proxy: string | undefined): string {
	if (/\b407\b/.test(result.detail ?? '')) {
		return (
			`The proxy wants a login: put it in the URL, HTTPS_PROXY=http://user:password@${hostOfProxy(proxy)} ` +
			'(Claude Code supports Basic authentication only; for NTLM or Kerberos, use a local authenticating proxy or an LLM gateway).'
		);
	}

	return `Ask for ${result.host}:443 to be allowed through the proxy, or add ${result.host} to NO_PROXY if it should be reached directly.`;
}

function hostOfProxy(proxy: string | undefined): string {
	return hostOf(proxy) ?? 'proxy.example.com:8080';
}

function tlsFix(result: ReachResult): string {
	if (/ALTNAME|hostname/i.test(result.detail ?? '')) {
		return (
			`The certificate was made for a different name, so something else answers in place of ${result.host} ` +
			'(a captive portal, a firewall, or a DNS entry pointing elsewhere). Sign in to the network, or ask for the host to be let through.'
		);
	}

	return (
		'Check that the system clock and time zone are right: an expired or not-yet-valid certificate often means a wrong clock. ' +
		`If a firewall inspects TLS, ask for ${result.host} to be exempted, or set NODE_EXTRA_CA_CERTS=/path/to/your-company-ca.pem.`
	);
}

/** Removes `user:password@` from every URL in a text. */
export function redactUrlCredentials(text: string): string {
	// Greedy up to the last "@" before the path, so a password containing "@" goes too.
	return text.replaceAll(/\b([a-z][a-z\d+.-]*:\/\/)[^\s/?#]*@/gi, '$1');
}

// ---- system rows ----

type Row = RequirementResult;

function pass(id: string, title: string, summary: string): Row {
	return {id, title, status: 'pass', summary};
}

function warn(id: string, title: string, summary: string, fix: string): Row {
	return {id, title, status: 'warn', summary, fix};
}

function fail(id: string, title: string, summary: string, fix: string, isHard: boolean): Row {
	return {id, title, status: 'fail', summary, fix, isHard};
}

/** Leading numeric parts: "22.04" -> [22, 4], "3.21_alpha2024" -> [3, 21], "v20.20.2" -> [20, 20, 2]. */
export function versionParts(text: string | undefined): number[] | undefined {
	const match = /^\s*v?(\d+(?:\.\d+)*)/i.exec(text ?? '');
	return match?.[1]?.split('.').map(Number);
}

function isAtLeast(parts: readonly number[], minimum: readonly number[]): boolean {
	for (let index = 0; index < Math.max(parts.length, minimum.length); index++) {
		const have = parts[index] ?? 0;
		const need = minimum[index] ?? 0;
		if (have !== need) {
			return have > need;
		}
	}

	return true;
}

const osTitle = 'Operating system';

const alpineExtras =
	'Alpine uses musl: run apk add bash curl libgcc libstdc++ ripgrep (ripgrep is in the community repository), ' +
	'then set USE_BUILTIN_RIPGREP=0 (export it, or put it in the "env" block of ~/.claude/settings.json).';

const testedDistros: Record<string, {label: string; minimum: string; upgrade: string}> = {
	ubuntu: {label: 'Ubuntu 20.04', minimum: '20.04', upgrade: 'Upgrade to Ubuntu 20.04 or newer (sudo do-release-upgrade), or run Claude Code in a newer container.'},
	debian: {label: 'Debian 10', minimum: '10', upgrade: 'Upgrade to Debian 10 or newer (see https://wiki.debian.org/DebianUpgrade), or run Claude Code in a newer container.'},
	alpine: {
		label: 'Alpine 3.19',
		minimum: '3.19',
		upgrade: 'Upgrade to Alpine 3.19 or newer: change the version in /etc/apk/repositories, then run apk upgrade --available.',
	},
};

function osRow(snapshot: SystemSnapshot): Row {
	const found = `${snapshot.osName} ${snapshot.osVersion}`.trim() || 'Unknown';
	switch (snapshot.platform) {
		case 'darwin': {
			const parts = versionParts(snapshot.osVersion);
			if (!parts) {
				return warn('os', osTitle, `${found} (version unknown)`, 'Claude Code needs macOS 13.0 or newer: check Apple menu > About This Mac.');
			}

			return isAtLeast(parts, [13, 0])
				? pass('os', osTitle, found)
				: fail('os', osTitle, `${found}: older than macOS 13.0`, 'Update to macOS 13 (Ventura) or newer in System Settings > General > Software Update.', true);
		}

		case 'win32': {
			return windowsRow(snapshot, found);
		}

		case 'linux': {
			return linuxRow(snapshot, found);
		}

		default: {
			return fail('os', osTitle, `${found}: not supported`, 'Claude Code runs on macOS, Windows and Linux only; use one of those (a Linux VM works).', true);
		}
	}
}

function windowsRow(snapshot: SystemSnapshot, found: string): Row {
	const [major, , build] = versionParts(snapshot.osVersion) ?? [];
	const minimum = 'Windows 10 version 1809 (build 17763) or Windows Server 2019';
	if (major === undefined || build === undefined) {
		return warn('os', osTitle, `${found} (build unknown)`, `Claude Code needs ${minimum} or newer: run winver to check.`);
	}

	if (major < 10 || build < 17763) {
		return fail(
			'os',
			osTitle,
			`${found}: older than ${minimum}`,
			'Update to Windows 10 version 1809 (build 17763) or newer, or Windows Server 2019 or newer, in Settings > Windows Update (winver shows the version).',
			true,
		);
	}

	return pass('os', osTitle, found);
}

function linuxRow(snapshot: SystemSnapshot, found: string): Row {
	const tested = testedDistros[snapshot.distroId ?? ''];
	if (!tested) {
		const musl = snapshot.isMusl ? ' It uses musl: install bash, curl, libgcc, libstdc++ and ripgrep, then set USE_BUILTIN_RIPGREP=0.' : '';
		return warn(
			'os',
			osTitle,
			`${found}: not in Claude Code's tested list (Ubuntu 20.04+, Debian 10+, Alpine 3.19+)`,
			`It usually works, so you can go on.${musl} If the install fails, use a tested distribution (a container is enough).`,
		);
	}

	const parts = versionParts(snapshot.osVersion);
	if (!parts) {
		return warn('os', osTitle, `${found} (version unknown)`, `Claude Code is tested on ${tested.label} or newer; go on if this is newer (testing and unstable releases are).`);
	}

	if (!isAtLeast(parts, versionParts(tested.minimum) ?? [])) {
		return fail('os', osTitle, `${found}: older than ${tested.label}`, tested.upgrade, true);
	}

	return snapshot.distroId === 'alpine' || snapshot.isMusl ? warn('os', osTitle, `${found} (musl)`, alpineExtras) : pass('os', osTitle, found);
}

function archRow(arch: string): Row {
	const title = 'Processor';
	const name = arch.toLowerCase();
	if (['x64', 'amd64', 'x86_64', 'arm64', 'aarch64'].includes(name)) {
		return pass('arch', title, name === 'arm64' || name === 'aarch64' ? 'ARM64' : 'x64');
	}

	if (['ia32', 'x86', 'i386', 'i686', 'arm', 'armv6l', 'armv7l'].includes(name)) {
		return fail('arch', title, `${arch}: 32-bit`, 'Claude Code has no 32-bit build: install the 64-bit (x64 or ARM64) edition of the operating system.', true);
	}

	return fail('arch', title, `${arch || 'Unknown'}: not supported`, 'Claude Code ships builds for x64 and ARM64 only: use a machine with one of those.', true);
}

function formatBytes(bytes: number): string {
	return bytes >= gib ? `${Number((bytes / gib).toFixed(1))} GB` : `${Math.round(bytes / mib)} MB`;
}

function memoryRow(snapshot: SystemSnapshot): Row {
	const title = 'Memory';
	const total = snapshot.totalMemoryBytes;
	const more =
		snapshot.platform === 'linux'
			? 'Add memory, or add swap: sudo fallocate -l 4G /swapfile && sudo chmod 600 /swapfile && sudo mkswap /swapfile && sudo swapon /swapfile'
			: 'Add memory, or close other programs before installing';
	const fix = `Claude Code needs 4 GB of memory; with less, the install can be killed ("Killed", exit code 137). ${more}.`;
	if (!(total > 0)) {
		return warn('memory', title, 'Could not be measured', fix);
	}

	// A "4 GB" machine reports a little less (firmware and the kernel keep some), e.g. 3.8 GiB.
	if (total >= 3.5 * gib) {
		return pass('memory', title, formatBytes(total));
	}

	// Not hard: swap makes up for a lot, and os.totalmem() does not count it.
	return total < gib
		? fail('memory', title, `${formatBytes(total)}: far below 4 GB`, fix, false)
		: warn('memory', title, `${formatBytes(total)}: below 4 GB`, fix);
}

function diskRow(snapshot: SystemSnapshot): Row {
	const title = 'Free disk space';
	const free = snapshot.freeDiskBytes;
	const howToLook = snapshot.platform === 'win32' ? 'look at the drive in File Explorer' : 'run df -h ~';
	if (free === undefined) {
		return warn('disk', title, 'Could not be measured', `Make sure the home folder's drive has at least 1 GB free (${howToLook}).`);
	}

	if (free >= gib) {
		return pass('disk', title, `${formatBytes(free)} free`);
	}

	const fix = `Free up space on the home folder's drive (${howToLook}): Claude Code's program is about 400 MB, and updates keep a second copy until they finish. 1 GB free is comfortable.`;
	return free < 300 * mib ? fail('disk', title, `${formatBytes(free)} free: too little`, fix, true) : warn('disk', title, `${formatBytes(free)} free: tight`, fix);
}

function shellRow(snapshot: SystemSnapshot): Row {
	const title = 'Shell';
	const name = (snapshot.shell ?? '').split(/[\\/]/).pop()?.toLowerCase().replace(/\.exe$/, '') ?? '';
	const supported = snapshot.platform === 'win32' ? ['bash', 'zsh', 'powershell', 'pwsh', 'cmd'] : ['bash', 'zsh'];
	if (supported.includes(name)) {
		return pass('shell', title, name);
	}

	const fix =
		'Claude Code runs its commands in bash or zsh: make sure one is installed (it looks in /bin, /usr/bin, /usr/local/bin and /opt/homebrew/bin), ' +
		'or set CLAUDE_CODE_SHELL=/path/to/bash. Your login shell can stay as it is.';
	return warn('shell', title, name ? `${name}: not Bash, Zsh, PowerShell or CMD` : 'Unknown (SHELL is not set)', fix);
}

function wslRow(wsl: NonNullable<SystemSnapshot['wsl']>): Row {
	const title = 'WSL';
	if (wsl.version === 2) {
		return pass('wsl', title, 'WSL 2');
	}

	const distro = wsl.distro ?? '<distro>';
	return warn(
		'wsl',
		title,
		'WSL 1: no sandboxing, and the native build can fail with "Exec format error"',
		`In PowerShell on Windows, run wsl --set-version ${distro} 2 (wsl -l -v lists the names).`,
	);
}

function gitBashRow(gitBashPath: string | null | undefined): Row {
	const title = 'Git Bash';
	if (gitBashPath) {
		return pass('git-bash', title, gitBashPath);
	}

	return warn(
		'git-bash',
		title,
		gitBashPath === null ? 'Not found (optional: Claude Code then uses PowerShell)' : 'Could not be checked (optional)',
		'Optional: without it Claude Code runs commands in PowerShell. For Bash, install Git for Windows (winget install --id Git.Git -e); ' +
			'if it lives somewhere unusual, set CLAUDE_CODE_GIT_BASH_PATH to its bash.exe, e.g. C:\\Program Files\\Git\\bin\\bash.exe.',
	);
}

function nodeRow(nodeVersion: string): Row {
	const title = 'Node.js (for npm)';
	const major = versionParts(nodeVersion)?.[0];
	const found = `Node.js ${nodeVersion}`;
	const native = 'the native installer, which needs no Node.js';
	if (major === undefined) {
		return warn('node', title, 'Unknown version', `The npm package needs Node.js 22 or newer; or choose ${native}.`);
	}

	if (major >= 22) {
		return pass('node', title, found);
	}

	if (major >= 20) {
		return warn(
			'node',
			title,
			`${found}: the npm package asks for Node.js 22 or newer`,
			'On Node.js 20 and 21, npm install -g @anthropic-ai/claude-code without a version silently installs the old 2.1.197. ' +
				'This wizard asks for @anthropic-ai/claude-code@latest, which works with an EBADENGINE warning, ' +
				`but ${native}, is recommended. Or install Node.js 22 or newer first (e.g. nvm install 22).`,
		);
	}

	return fail('node', title, `${found}: too old for the npm package`, `Install Node.js 22 or newer (e.g. nvm install 22, or https://nodejs.org), or choose ${native}.`, true);
}

function gitRow(snapshot: SystemSnapshot): Row {
	const title = 'git';
	if (snapshot.gitVersion) {
		return pass('git', title, `git ${snapshot.gitVersion}`);
	}

	const summary = snapshot.gitVersion === null ? 'Not installed (recommended, not required)' : 'Could not be checked (recommended, not required)';
	return warn('git', title, summary, `Claude Code works best in a git repository. Install git: ${gitInstallCommand(snapshot)}`);
}

function gitInstallCommand(snapshot: SystemSnapshot): string {
	if (snapshot.platform === 'darwin') {
		return 'xcode-select --install (or brew install git)';
	}

	if (snapshot.platform === 'win32') {
		return 'winget install --id Git.Git -e';
	}

	// openSUSE ids carry the edition ("opensuse-leap", "opensuse-tumbleweed").
	const families = [snapshot.distroId ?? '', ...(snapshot.distroLike ?? [])].map(id => (id.startsWith('opensuse') ? 'opensuse' : id));
	const byFamily: Array<[string[], string]> = [
		[['alpine'], 'apk add git'],
		[['debian', 'ubuntu'], 'sudo apt-get install git'],
		[['fedora', 'rhel', 'centos', 'amzn'], 'sudo dnf install git'],
		[['arch'], 'sudo pacman -S git'],
		[['suse', 'opensuse', 'sles'], 'sudo zypper install git'],
	];
	const match = byFamily.find(([ids]) => families.some(family => ids.includes(family)));
	return match?.[1] ?? "your distribution's package manager (e.g. sudo apt-get install git)";
}
