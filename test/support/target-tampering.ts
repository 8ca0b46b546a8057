/**
 * A target-side trigger that changes one delivered value as it is inserted (invoice 1's total
 * +0.01): what the delivery's read-back from the target must catch. PostgreSQL and PGlite alike.
 */
export const bumpInvoiceTotalOnInsert = [
  `CREATE FUNCTION bump_total() RETURNS trigger AS $$
    BEGIN IF NEW.invoice_id = 1 THEN NEW.total := NEW.total + 0.01; END IF; RETURN NEW; END
    $$ LANGUAGE plpgsql`,
  'CREATE TRIGGER bump BEFORE INSERT ON invoice FOR EACH ROW EXECUTE FUNCTION bump_total()',
];
