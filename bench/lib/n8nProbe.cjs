'use strict';

/**
 * Loaded into the real n8n process with `node --require` (the benchmark's own flag for the one
 * process it measures; n8n's task runners do not get it). Watches memory from outside n8n's
 * code and, when the process exits, writes to $FLUENT_BENCH_PROBE_FILE:
 *  - heap samples every 20 ms and every garbage collection (the heap just before it, where the
 *    heap peaks), with wall-clock times, so that a node's window (its startTime and
 *    executionTime in the run data) can be cut out;
 *  - the kernel's RSS high-water mark (VmHWM) and the heap limit;
 *  - one wall-clock / monotonic-clock pair, to place a CPU profile's samples (monotonic µs) on
 *    the wall clock.
 */

const fs = require('node:fs');
const v8 = require('node:v8');
const { PerformanceObserver, performance } = require('node:perf_hooks');

const file = process.env.FLUENT_BENCH_PROBE_FILE;

function readVmHwm() {
	try {
		const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

if (file) {
	const clock = { epochMs: Date.now(), monotonicUs: Number(process.hrtime.bigint() / 1000n) };
	const samples = [];
	const sample = () => samples.push([Date.now(), v8.getHeapStatistics().used_heap_size, process.memoryUsage.rss()]);
	const timer = setInterval(sample, 20);
	timer.unref();

	const gcTimes = [];
	const observer = new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) gcTimes.push(performance.timeOrigin + entry.startTime);
	});
	observer.observe({ entryTypes: ['gc'] });
	const profiler = new v8.GCProfiler();
	profiler.start();

	process.once('exit', () => {
		clearInterval(timer);
		sample();
		for (const entry of observer.takeRecords()) gcTimes.push(performance.timeOrigin + entry.startTime);
		observer.disconnect();
		const { statistics } = profiler.stop();
		// Both list every collection in order; when they agree, each collection gets its time.
		const timed = statistics.length === gcTimes.length;
		const gcs = statistics.map((entry, index) => [
			timed ? Math.round(gcTimes[index]) : null,
			entry.beforeGC.heapStatistics.usedHeapSize,
			entry.afterGC.heapStatistics.usedHeapSize,
			entry.gcType,
			Math.round(entry.cost),
		]);
		fs.writeFileSync(
			file,
			JSON.stringify({
				pid: process.pid,
				clock,
				heapLimit: v8.getHeapStatistics().heap_size_limit,
				peakRss: readVmHwm(),
				cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
				gcTimed: timed,
				samples,
				gcs,
			}),
		);
	});
}
