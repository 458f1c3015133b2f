import type {CheckReport, DoctorCheck, DoctorContext, Finding, FindingStatus} from './types.js';

/**
Runs every check at once, each against its own deadline: a check still running then is reported as
failed and left behind, so one hung keychain or helper never holds up the rest. A check that throws
is a failure too. Reports come back in the checklist's order, whatever order they finished in.
*/
export async function runChecks(checks: readonly DoctorCheck[], context: DoctorContext): Promise<CheckReport[]> {
	return Promise.all(checks.map(async check => runOne(check, context)));
}

async function runOne(check: DoctorCheck, context: DoctorContext): Promise<CheckReport> {
	const started = context.now();
	let timer: ReturnType<typeof setTimeout> | undefined;
	const deadline = new Promise<Finding>(resolve => {
		timer = setTimeout(() => {
			resolve({
				status: 'fail',
				summary: `Did not finish in ${formatSeconds(check.timeoutMs)}`,
				fix: {description: 'Run the doctor again; if this check keeps hanging, run it with -v and report what it shows'},
			});
		}, check.timeoutMs);
	});
	let finding: Finding;
	try {
		// Through a promise, so a check that throws synchronously is caught like any other.
		finding = await Promise.race([Promise.resolve().then(async () => check.run(context)), deadline]);
	} catch (error) {
		finding = {status: 'fail', summary: `The check itself failed: ${error instanceof Error ? error.message : String(error)}`};
	} finally {
		clearTimeout(timer);
	}

	return {id: check.id, title: check.title, elapsedMs: Math.round(context.now() - started), ...finding};
}

export type DoctorSummary = {passed: number; warnings: number; failed: number; skipped: number};

export function summarize(reports: ReadonlyArray<{status: FindingStatus}>): DoctorSummary {
	const count = (status: FindingStatus) => reports.filter(report => report.status === status).length;
	return {passed: count('pass'), warnings: count('warn'), failed: count('fail'), skipped: count('skip')};
}

/** Warnings are advice; only a failure makes the doctor exit non-zero. */
export function exitCodeOf(summary: DoctorSummary): number {
	return summary.failed > 0 ? 1 : 0;
}

function formatSeconds(milliseconds: number): string {
	return `${Math.round(milliseconds / 100) / 10} s`;
}
