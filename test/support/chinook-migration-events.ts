import type { IngestedTable } from '@sensei/domain';
import type { RecordedEvent } from '@sensei/infra';

/**
 * The personal data of Chinook as its MySQL and SQLite flavours name it: people's names,
 * postal addresses, phones, faxes, emails and birth dates.
 */
export const chinookPersonalColumns = [
  'Customer.FirstName',
  'Customer.LastName',
  'Customer.Address',
  'Customer.City',
  'Customer.PostalCode',
  'Customer.Phone',
  'Customer.Fax',
  'Customer.Email',
  'Employee.FirstName',
  'Employee.LastName',
  'Employee.BirthDate',
  'Employee.Address',
  'Employee.PostalCode',
  'Employee.Phone',
  'Employee.Fax',
  'Employee.Email',
  'Invoice.BillingAddress',
  'Invoice.BillingPostalCode',
];

/** Keys, references and amounts: not personal, and masking them would break the data. */
export const isKeyOrAmount = (column: string): boolean =>
  /(Id|_id|Price|Total|ReportsTo)$/.test(column);

/** `Table.Column` of every column the IngestionCompleted event flags as PII. */
export const flaggedPiiColumns = (events: readonly RecordedEvent[]): string[] => {
  const ingestion = events.find((event) => event.type === 'IngestionCompleted');
  if (!ingestion) throw new Error('the migration recorded no IngestionCompleted event');
  const { tables } = ingestion.data as { tables: IngestedTable[] };
  return tables.flatMap((table) =>
    (table.piiColumns ?? []).map((column) => `${table.name}.${column}`),
  );
};

/** How the mappings were decided: by the threshold alone, or with a human in the loop. */
export const mappingDecisions = (events: readonly RecordedEvent[]) => {
  const count = (predicate: (event: RecordedEvent) => boolean) => events.filter(predicate).length;
  const approvals = events.filter((event) => event.type === 'MappingApproved');
  return {
    proposed: count((event) => event.type === 'MappingProposed'),
    autoApproved: approvals.filter((event) => 'autoApproval' in (event.data as object)).length,
    approvedByHumans: approvals.filter((event) => !('autoApproval' in (event.data as object)))
      .length,
    sentToReview: count((event) => event.type === 'MappingSentToReview'),
    rejected: count((event) => event.type === 'MappingRejected'),
  };
};
