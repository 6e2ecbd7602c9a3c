// The names the credential and the node share: the credential type and the API path.
/** The credential type the node and the credential share. */
export const CREDENTIAL_TYPE = 'fluentCommerceApi';

/** The path below the base URL where Fluent's REST API (jobs and batches) lives. */
export const API_PREFIX = '/api/v4.1';
