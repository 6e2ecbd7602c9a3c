'use strict';

/**
 * Memory measurement inside one benchmark child process.
 *
 * - Peak heap: the largest `usedHeapSize` V8 reports just before any garbage collection (from
 *   v8.GCProfiler, so it is exact even while the event loop is blocked), or sampled every few ms.
 * - Peak live heap: the largest heap left after a full (mark-compact) collection, i.e. what was
 *   really reachable at that moment; garbage that V8 had not yet collected does not count.
 * - Peak RSS: the kernel's high-water mark of resident memory (VmHWM in /proc/self/status).
 */

const fs = require('node:fs');
const v8 = require('node:v8');
const { performance } = require('node:perf_hooks');

const MB = 1024 * 1024;

function collectGarbage() {
	if (typeof global.gc !== 'function') throw new Error('run with --expose-gc');
	// Twice: weak references and finalisers freed by the first collection go in the second.
	global.gc();
	global.gc();
}

function readProcStatus(field) {
	try {
		const text = fs.readFileSync('/proc/self/status', 'utf8');
		const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

/** Resets the RSS high-water mark (Linux: write 5 to clear_refs) so VmHWM covers the run only. */
function resetPeakRss() {
	try {
		fs.writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

/** A settled snapshot: heap and RSS after full garbage collection. */
function settledMemory() {
	collectGarbage();
	const usage = process.memoryUsage();
	return {
		heapUsed: usage.heapUsed,
		live: usage.heapUsed + usage.arrayBuffers,
		rss: usage.rss,
		external: usage.external,
		arrayBuffers: usage.arrayBuffers,
	};
}

/**
 * Watches one run: call stop() afterwards for the peaks. The GC profiler sees the heap just
 * before every collection, which is where it peaks; a cheap sample every 50 ms adds the moments
 * in between (process.memoryUsage() is too slow to call often: it reads /proc).
 */
function watchMemory({ sampleMs = 50 } = {}) {
	const profiler = new v8.GCProfiler();
	profiler.start();
	const peakRssResettable = resetPeakRss();
	let sampledHeap = 0;
	const sample = () => {
		const used = v8.getHeapStatistics().used_heap_size;
		if (used > sampledHeap) sampledHeap = used;
	};
	sample();
	const timer = setInterval(sample, sampleMs);
	timer.unref();

	return {
		stop() {
			clearInterval(timer);
			sample();
			const { statistics } = profiler.stop();
			let peakHeap = sampledHeap;
			let peakLiveHeap = 0;
			let majorGcs = 0;
			let gcMs = 0;
			for (const entry of statistics) {
				gcMs += entry.cost / 1000;
				const before = entry.beforeGC.heapStatistics.usedHeapSize;
				if (before > peakHeap) peakHeap = before;
				if (entry.gcType === 'MarkSweepCompact') {
					majorGcs++;
					const after = entry.afterGC.heapStatistics.usedHeapSize;
					if (after > peakLiveHeap) peakLiveHeap = after;
				}
			}
			const hwm = readProcStatus('VmHWM');
			return {
				peakHeap,
				/** 0 when no full collection happened during the run. */
				peakLiveHeap,
				peakRss: peakRssResettable && hwm !== undefined ? hwm : process.memoryUsage().rss,
				peakRssSource: peakRssResettable && hwm !== undefined ? 'VmHWM' : 'rss at the end',
				gcCount: statistics.length,
				majorGcs,
				gcMs,
			};
		},
	};
}

/**
 * For the memory breakdown (a separate, slower run). Collects garbage and measures the live heap
 * (plus array buffers, where request bodies live) when probe(label) is called (the node's entry
 * and exit, and requests as they start, see child.cjs), and from time to time while the event
 * loop is free, leaving at least ten times the last collection's duration between two samples so
 * that the run still makes progress. Keeps the largest value and the value at each label.
 */
function trackLiveHeap({ sampleMs = 100 } = {}) {
	let peak = 0;
	let peakLabel = '';
	let samples = 0;
	let lastCostMs = 0;
	let stopped = false;
	let timer;
	const at = {};
	const measure = (label) => {
		const started = performance.now();
		collectGarbage();
		lastCostMs = performance.now() - started;
		samples++;
		const usage = process.memoryUsage();
		const live = usage.heapUsed + usage.arrayBuffers;
		if (live > peak) {
			peak = live;
			peakLabel = label;
		}
		return live;
	};
	const schedule = () => {
		if (stopped) return;
		timer = setTimeout(() => {
			measure('sample');
			schedule();
		}, Math.max(sampleMs, lastCostMs * 10));
	};
	return {
		probe(label) {
			at[label] = measure(label);
		},
		start() {
			schedule();
		},
		stop() {
			stopped = true;
			clearTimeout(timer);
			return { peakLive: peak, peakLabel, samples, at };
		},
	};
}

function heapLimit() {
	return v8.getHeapStatistics().heap_size_limit;
}

module.exports = { settledMemory, watchMemory, trackLiveHeap, heapLimit };
