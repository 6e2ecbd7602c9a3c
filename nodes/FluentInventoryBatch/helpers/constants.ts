export const CREDENTIAL_TYPE = 'fluentCommerceApi';

export const API_PREFIX = '/api/v4.1';

/** Fluent accepts at most 5,000 inventory records in one batch. */
export const MAX_BATCH_SIZE = 5000;

export const DEFAULT_POLL_INTERVAL_SECONDS = 10;
export const POLL_INTERVAL_RANGE = { min: 0.1, max: 3600 };
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 600;
export const WAIT_TIMEOUT_RANGE = { min: 1, max: 86_400 };

export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 60;
export const DEFAULT_MAX_RETRIES = 5;
/** First pause before retrying a 5xx or network failure; it doubles each time, with jitter. */
export const RETRY_BASE_DELAY_MS = 1000;
export const RETRY_MAX_DELAY_MS = 30_000;
/** The longest Retry-After we honour; a longer one is treated as this. */
export const RETRY_AFTER_CAP_MS = 60_000;

export const BATCH_STATUS_COMPLETE = 'COMPLETE';
export const JOB_STATUS_CLOSED = 'CLOSED';

/** Page size asked for when reading a batch's per-record results. */
export const RESULTS_PAGE_SIZE = 1000;

/** Batches sent at the same time by default; see the benchmark in the README. */
export const DEFAULT_BATCH_CONCURRENCY = 4;
