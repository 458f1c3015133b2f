import {keychainName} from '../adapters/keychain.js';
import {createRealPorts} from '../adapters/real-ports.js';
import {displayFor, exitCodes, writeLines, type CommandIo} from './io.js';
import {gatherStatus, type SourceJson, type StatusReport} from './status-report.js';

/** `askClaude`: also run the installed `claude auth status` (`--verify`). */
export type StatusOptions = {json: boolean; askClaude?: boolean};

/**
`claude-setup status`: which credential Claude Code will use, where each piece of it lives, and what
the installed Claude Code says when asked (`--verify`). Read-only and offline (apart from `claude auth status`), so it is safe
to run anywhere, any time. Exit 0; 1 only when the report itself could not be made.
*/
export async function runStatus(options: StatusOptions, io: CommandIo): Promise<number> {
	try {
		const {ports, paths} = createRealPorts(io);
		const report = await gatherStatus(ports, paths, keychainName(process.platform), {askClaude: options.askClaude === true});
		if (options.json) {
			io.stdout.write(`${JSON.stringify(report, undefined, 2)}\n`);
		} else {
			writeLines(io.stdout, renderStatus(report, displayFor(paths)));
		}

		return exitCodes.ok;
	} catch (error) {
		writeLines(io.stderr, [`claude-setup status failed: ${error instanceof Error ? error.message : String(error)}`]);
		return exitCodes.failed;
	}
}

const methodTitles: Record<StatusReport['method']['id'], string> = {
	'console-api-key': "Claude Console API key, through claude-setup's key helper",
	'api-key-helper': 'an apiKeyHelper that claude-setup did not install',
	'api-key': 'ANTHROPIC_API_KEY',
	'auth-token': 'ANTHROPIC_AUTH_TOKEN',
	'oauth-token': 'CLAUDE_CODE_OAUTH_TOKEN (a `claude setup-token` token)',
	'cloud-provider': 'a cloud provider',
	'login-or-none': 'no key or token is configured: a claude.ai or Console login, if Claude Code has one',
};

/** The report in plain words. Secrets appear only as their masked last four characters. */
export function renderStatus(report: StatusReport, show: (target: string) => string): string[] {
	const {method, helper} = report;
	const where = (source: SourceJson) => (source.kind === 'environment' ? 'your shell environment' : `${source.scope} settings (${show(source.path)})`);
	const lines = [`Claude Code setup for ${show(report.configDir)}`, ''];
	const title = method.id === 'cloud-provider' && method.variable ? `a cloud provider (${method.variable})` : methodTitles[method.id];
	lines.push(`In use:       ${title}`);
	if (method.source) {
		lines.push(`Set in:       ${where(method.source)}`);
	}

	if (helper.secret) {
		const {secret} = helper;
		const state =
			secret.state === 'present'
				? `present, ${secret.hint ?? ''}`
				: secret.state === 'missing'
					? 'MISSING: Claude Code cannot get the key. Run `claude-setup` to store it again.'
					: `could not be read (${secret.error ?? 'unknown error'})`;
		lines.push(`API key:      ${state}`, `              in ${secret.backend === 'file' ? show(secret.location) : secret.location} (service ${secret.service}, account ${secret.account})`);
	}

	if (helper.installed || helper.secret || method.id === 'console-api-key') {
		lines.push(`Key helper:   ${show(helper.directory)} (${helper.installed ? 'installed' : 'MISSING: run `claude-setup` to install it again'})`);
	}

	lines.push('', 'Settings files:');
	for (const entry of report.settings) {
		const facts: string[] = [];
		if (entry.problem) {
			facts.push(`cannot be used: ${entry.problem}`);
		} else if (!entry.exists) {
			facts.push('not there');
		}

		if (entry.apiKeyHelper) {
			facts.push(entry.isClaudeSetupHelper ? "apiKeyHelper (claude-setup's)" : `apiKeyHelper: ${entry.apiKeyHelper}`);
		}

		if (entry.envCredentials.length > 0) {
			facts.push(`env sets ${entry.envCredentials.join(', ')}`);
		}

		lines.push(`  ${entry.scope.padEnd(8)} ${show(entry.path)}: ${facts.length > 0 ? facts.join('; ') : 'no credential'}`);
	}

	const exported = report.environment.credentialVariables;
	lines.push(`Shell environment: ${exported.length > 0 ? `${exported.join(', ')} set` : 'no credential variable set'}`);
	lines.push('', claudeLine(report.claudeCode));
	return lines;
}

function claudeLine(claude: StatusReport['claudeCode']): string {
	switch (claude.state) {
		case 'not-asked': {
			return 'Claude Code was not asked (add --verify to run `claude auth status`).';
		}

		case 'not-installed': {
			return 'Claude Code: not found on PATH, so it was not asked what it uses.';
		}

		case 'failed': {
			return `Claude Code (${claude.path}): ${claude.message}`;
		}

		case 'checked': {
			const facts = [`authMethod ${claude.authMethod ?? 'unknown'}`];
			if (claude.apiKeySource) {
				facts.push(`apiKeySource ${claude.apiKeySource}`);
			}

			facts.push(`apiProvider ${claude.apiProvider ?? 'unknown'}`);
			return `Claude Code says (claude auth status): ${facts.join(', ')}`;
		}
	}
}
