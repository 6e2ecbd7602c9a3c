// The Inventory Records resource mapper's fields, from the record field definitions.
import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { RECORD_FIELDS } from '../records/fieldDefinitions';

export async function getInventoryRecordFields(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	return {
		fields: RECORD_FIELDS.map((field) => ({
			id: field.id,
			displayName: field.id,
			type: field.type,
			required: field.required,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
		})),
	};
}
