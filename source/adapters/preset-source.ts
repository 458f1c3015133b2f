import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {parsePreset, type PresetResult} from '../core/team/preset.js';
import {describeNetworkError} from './http.js';

const maxPresetBytes = 256 * 1024;
const fetchTimeoutMs = 10_000;

/**
Reads `--preset`: a file path, or an https URL (plain http only on this machine, e.g. a local test
server). Bounded in size and time; every failure is one sentence saying what to do.
*/
export async function loadPreset(reference: string, options: {cwd: string; home: string}): Promise<PresetResult> {
	if (/^[a-z][a-z\d+.-]*:\/\//i.test(reference)) {
		return loadFromUrl(reference);
	}

	const file = path.resolve(options.cwd, reference.startsWith('~/') ? path.join(options.home, reference.slice(2)) : reference);
	const info = await stat(file).catch(() => undefined);
	if (!info) {
		return {ok: false, message: `The preset ${file} does not exist. Check the path your administrator gave you.`};
	}

	if (!info.isFile() || info.size > maxPresetBytes) {
		return {ok: false, message: `${file} is not a claude-setup preset (${info.isFile() ? 'far too large' : 'not a file'}).`};
	}

	return parsePreset(await readFile(file, 'utf8'), file);
}

async function loadFromUrl(reference: string): Promise<PresetResult> {
	let url: URL;
	try {
		url = new URL(reference);
	} catch {
		return {ok: false, message: `"${reference}" is not a valid URL.`};
	}

	const isLocal = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocal)) {
		return {ok: false, message: `The preset must come over https:// (got ${url.protocol}//${url.host}): a preset decides where your credentials are used.`};
	}

	try {
		const response = await fetch(url, {signal: AbortSignal.timeout(fetchTimeoutMs), redirect: 'follow'});
		const final = new URL(response.url || url.href);
		if (final.protocol !== 'https:' && !(final.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(final.hostname))) {
			await response.body?.cancel();
			return {ok: false, message: `The preset URL redirects to ${final.protocol}//${final.host}: a preset must come over https://.`};
		}

		if (!response.ok) {
			return {ok: false, message: `Could not download the preset: ${url.host} answered HTTP ${response.status}.`};
		}

		const chunks: Uint8Array[] = [];
		let size = 0;
		for await (const chunk of response.body ?? []) {
			size += chunk.byteLength;
			if (size > maxPresetBytes) {
				await response.body?.cancel().catch(() => undefined);
				return {ok: false, message: `${url.href} is far too large to be a claude-setup preset.`};
			}

			chunks.push(chunk);
		}

		return parsePreset(Buffer.concat(chunks).toString('utf8'), url.href);
	} catch (error) {
		return {ok: false, message: `Could not download the preset: ${describeNetworkError(url.href, error, fetchTimeoutMs)}`};
	}
}
