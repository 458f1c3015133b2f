// Turns the raw runs into medians, ratios, PASS/FAIL lines and the printed tables.

export function median(values) {
	const sorted = values.filter(value => typeof value === 'number').sort((a, b) => a - b);
	if (sorted.length === 0) {
		return undefined;
	}

	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile: a value that was actually observed, never an interpolation. */
export function percentile(values, fraction) {
	const sorted = values.filter(value => typeof value === 'number').sort((a, b) => a - b);
	return sorted.length === 0 ? undefined : sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)];
}

/** MB in this bench is MiB (1,048,576 bytes): what /proc, time and du report in KiB, divided by 1024. */
export const kibToMb = kib => (kib === undefined ? undefined : kib / 1024);

export function formatMs(ms) {
	if (ms === undefined) {
		return 'n/a';
	}

	return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

export const formatMb = (mb, digits = 1) => (mb === undefined ? 'n/a' : `${mb.toFixed(digits)} MB`);

/**
One budget line. With `isRatio`, the line passes when value / reference <= limit (both measured in
this run); otherwise when value <= limit (in `unit`), and the reference, if any, is shown for context.
Lines with nothing measured say n/a; commands this build lacks say NOT AVAILABLE.
*/
export function budget({name, value, reference, referenceName, limit, unit, format, isRatio, notAvailable}) {
	const ratio = value !== undefined && reference !== undefined && reference > 0 ? value / reference : undefined;
	const measured = isRatio ? ratio : value;
	const result = notAvailable ? 'NOT AVAILABLE' : measured === undefined ? 'n/a' : measured <= limit ? 'PASS' : 'FAIL';
	return {
		name,
		value,
		reference,
		referenceName,
		ratio,
		limit: isRatio ? `${limit}x` : `${limit} ${unit}`,
		result,
		shown: {
			value: notAvailable ?? format(value),
			reference: referenceName === undefined ? '' : `${referenceName} ${format(reference)}`,
			ratio: ratio === undefined ? '' : `${ratio.toFixed(2)}×`,
			limit: isRatio ? `≤ ${limit}×` : `≤ ${limit} ${unit}`,
		},
	};
}

export function table(header, rows) {
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map(row => String(row[column] ?? '').length)));
	const line = cells => cells.map((cell, column) => String(cell ?? '').padEnd(widths[column])).join('  ').trimEnd();
	return [line(header), line(widths.map(width => '-'.repeat(width))), ...rows.map(row => line(row))].join('\n');
}

/** The same table as Markdown, for pasting into the README. */
export function markdownTable(header, rows) {
	const escape = cell => String(cell ?? '').replaceAll('|', '\\|');
	return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(row => `| ${row.map(escape).join(' | ')} |`)].join('\n');
}
