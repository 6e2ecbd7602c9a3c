// The methods the editor calls on the node (n8n's `methods`): the resource mapper's fields.
export * as resourceMapping from './resourceMapping';
