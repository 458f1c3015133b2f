import {Box, Text} from 'ink';
import {summarize} from '../../core/requirements/step.js';
import type {RequirementResult} from '../../core/requirements/types.js';
import {CheckRow} from '../components/check-row.js';
import {SelectList} from '../components/select-list.js';
import {Spinner} from '../components/spinner.js';
import {copy} from '../copy.js';
import type {ScreenProps} from './types.js';

/**
When several hosts fail the same way (no DNS, a proxy that refuses), the long fix is said once, under
the first of them; the others point back to it.
*/
function withoutRepeatedFixes(results: readonly RequirementResult[]): RequirementResult[] {
	const seen = new Set<string>();
	return results.map(result => {
		if (!result.id.startsWith('network:') || result.status === 'pass' || !result.fix) {
			return result;
		}

		const cause = `${result.status}:${result.summary.replace(/^\S+/, '').replaceAll(/[\w.-]+\.(?:com|ai|net|org|io)\b/g, '')}`;
		if (seen.has(cause)) {
			return {...result, fix: copy.requirements.sameFix};
		}

		seen.add(cause);
		return result;
	});
}

/** Rows appear as their checks finish; a spinner stands in for each check still running. */
export function RequirementsScreen({state, send}: ScreenProps<'requirements'>) {
	const progress = state.context.requirements ?? {results: [], isDone: false, hosts: []};
	const {results, isDone, hosts} = progress;
	const hasMachineRows = results.some(row => !row.id.startsWith('network:'));
	const pendingHosts = hosts.filter(host => !results.some(row => row.id === `network:${host}`));
	const summary = summarize(results);
	const warnings = results.filter(row => row.status !== 'pass').length;
	return (
		<Box flexDirection="column">
			{withoutRepeatedFixes(results).map(result => (
				<CheckRow key={result.id} result={result} />
			))}
			{isDone ? null : (
				<>
					{hasMachineRows ? null : <Spinner label={copy.requirements.checkingMachine} />}
					{pendingHosts.map(host => (
						<Spinner key={host} label={copy.requirements.checkingHost(host)} />
					))}
				</>
			)}
			{isDone ? (
				<Box marginTop={1} flexDirection="column">
					<Text color={summary.canContinue ? (warnings > 0 ? 'yellow' : 'green') : 'red'}>
						{summary.canContinue ? (warnings > 0 ? copy.requirements.withWarnings(warnings) : copy.requirements.allPassed) : copy.requirements.blocked}
					</Text>
					<SelectList
						items={[
							...(summary.canContinue ? [{value: 'continue', label: copy.requirements.choices.continue}] : []),
							{value: 'recheck', label: copy.requirements.choices.recheck},
						]}
						onSelect={value => {
							send({type: 'choose', value});
						}}
					/>
				</Box>
			) : null}
		</Box>
	);
}
