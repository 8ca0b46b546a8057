import { checkEncoding, detectPii, profileRows, type PiiFinding } from '@sensei/domain';
import { chinookSqlitePath } from '../../../../../test/support/chinook';
import { SqliteSourceConnector } from './sqlite/sqlite-source-connector';

/** Profiling and PII detection over real Chinook samples read through the SQLite connector. */
describe('ingestion analysis of Chinook', () => {
  const findings = new Map<string, PiiFinding | undefined>();
  let source: SqliteSourceConnector;

  beforeAll(async () => {
    source = await SqliteSourceConnector.open(chinookSqlitePath);
    for (const table of (await source.discover()).tables) {
      const rows = await source.sample(table.name);
      for (const column of table.columns) {
        findings.set(
          `${table.name}.${column.name}`,
          detectPii(
            column.name,
            rows.map((row) => row[column.name]),
          ),
        );
      }
    }
  });
  afterAll(() => source.close());

  const personal: Record<string, string> = {
    'Customer.FirstName': 'person_name',
    'Customer.LastName': 'person_name',
    'Customer.Address': 'postal_address',
    'Customer.City': 'postal_address',
    'Customer.PostalCode': 'postal_address',
    'Customer.Phone': 'phone',
    'Customer.Fax': 'phone',
    'Customer.Email': 'email',
    'Employee.FirstName': 'person_name',
    'Employee.LastName': 'person_name',
    'Employee.BirthDate': 'birth_date',
    'Employee.Address': 'postal_address',
    'Employee.Phone': 'phone',
    'Employee.Fax': 'phone',
    'Employee.Email': 'email',
    'Invoice.BillingAddress': 'postal_address',
    'Invoice.BillingPostalCode': 'postal_address',
  };

  it('flags every personal column with its category, a confidence and evidence', () => {
    for (const [column, category] of Object.entries(personal)) {
      const finding = findings.get(column);
      expect({ column, category: finding?.category }).toEqual({ column, category });
      expect(finding!.confidence).toBeGreaterThanOrEqual(0.5);
      expect(finding!.confidence).toBeLessThanOrEqual(1);
      expect(finding!.evidence.length).toBeGreaterThan(0);
    }
  });

  it('backs name hints with the values where the values are checkable', () => {
    expect(findings.get('Customer.Email')!.evidence.join(' ')).toMatch(
      /5\d\/59 sampled values look like email/,
    );
    expect(findings.get('Customer.Phone')!.confidence).toBeGreaterThan(0.95);
  });

  it('flags no key, reference or price column', () => {
    const flagged = [...findings.entries()]
      .filter(([, finding]) => finding)
      .map(([column]) => column);
    const keysAndPrices = flagged.filter(
      (column) => /(Id|_id|Price|Total)$/.test(column) || /ReportsTo/.test(column),
    );
    expect(keysAndPrices).toEqual([]);
    expect(flagged).not.toContain('Track.Name');
    expect(flagged).not.toContain('Artist.Name');
  });

  it('profiles real values: null ratio, distinct counts and format patterns', async () => {
    const rows = await source.sample('Customer');
    const [phone, email, state] = profileRows(['Phone', 'Email', 'State'], rows);
    expect(phone).toMatchObject({ sampled: 59, nullCount: 1, distinctCount: 58 });
    expect(phone!.patterns[0]).toEqual({ value: '+9 (999) 999-9999', count: 21 });
    expect(email!.patterns).toEqual([{ value: '<email>', count: 59 }]);
    expect(state!.nullRatio).toBeCloseTo(29 / 59);
  });

  it('finds Chinook text (accents and all) to be valid UTF-8', async () => {
    const rows = await source.sample('Invoice');
    expect(checkEncoding(rows.map((row) => row.BillingAddress as string))).toMatchObject({
      action: 'none',
    });
  });
});
